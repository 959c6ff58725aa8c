// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "servers/connection_test.h"
#include "servers/server_profile.h"

#include <QDialog>

#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QStackedWidget;
class QThread;

/// Adds or edits one server profile: the connection field by field or as one string
/// (conninfo, URI, service=NAME), checked with libpq's parser as it is typed; the name,
/// colour and production mark; a password for this run and whether the system keychain
/// keeps it. "Test connection" connects off the GUI thread and reports the version and
/// the role's privileges.
class ServerProfileDialog : public QDialog
{
    Q_OBJECT
public:
    /// @p keychainProblem: why the system keychain cannot be used, or empty when it can.
    ServerProfileDialog(const ServerProfile &profile, const QString &keychainProblem, QWidget *parent = nullptr);
    /// The groups other servers are in, offered in the Group field (a new one can be typed).
    void setGroups(const QStringList &groups);
    QComboBox *groupBox() const { return m_group; }
    ~ServerProfileDialog() override;

    ServerProfile profile() const;
    /// The password typed, for this run (and for the keychain, when remembered).
    QString password() const;
    /// What is wrong with the connection as typed (libpq's words), or empty.
    QString validationError() const { return m_error; }
    bool isTesting() const { return m_testing; }

    // The widgets, for tests and for keyboard users' buddies.
    QLineEdit *nameEdit() const { return m_name; }
    QRadioButton *fieldsMode() const { return m_fieldsMode; }
    QRadioButton *stringMode() const { return m_stringMode; }
    QLineEdit *connectionStringEdit() const { return m_string; }
    QLineEdit *hostEdit() const { return m_host; }
    QSpinBox *portEdit() const { return m_port; }
    QLineEdit *databaseEdit() const { return m_database; }
    QLineEdit *userEdit() const { return m_user; }
    QComboBox *sslModeBox() const { return m_sslMode; }
    QLineEdit *passwordEdit() const { return m_password; }
    QCheckBox *rememberBox() const { return m_remember; }
    QCheckBox *productionBox() const { return m_production; }
    QComboBox *kindBox() const { return m_kind; }
    QLineEdit *patroniEdit() const { return m_patroni; }
    /// The https REST address's CA certificate, client certificate and key (Patroni kind).
    QList<QLineEdit *> patroniTlsEdits() const { return {m_patroniCa, m_patroniCert, m_patroniKey}; }
    QComboBox *poolerBox() const { return m_pooler; }
    /// The PgBouncer profiles one can be linked to (id, name), besides this one.
    void setPoolers(const QList<QPair<QString, QString>> &poolers);
    QComboBox *colourBox() const { return m_colour; }
    QLabel *errorLabel() const { return m_errorLabel; }
    QPushButton *testButton() const { return m_test; }
    QLabel *testResultLabel() const { return m_testResult; }
    QPushButton *okButton() const;

Q_SIGNALS:
    void testFinished(const ConnectionTestResult &result);

private:
    void validate();
    /// Shows what the kind needs: a cluster's REST address instead of a host and port.
    void followKind();
    void testConnection();
    void showTestResult(const ConnectionTestResult &result);
    void setColour(const QString &colour);

    const QString m_id;
    std::shared_ptr<std::atomic<bool>> m_stopTest = std::make_shared<std::atomic<bool>>(false);
    QThread *m_testThread = nullptr; // deletes itself when done
    QString m_error;
    bool m_testing = false;
    QLineEdit *m_name = nullptr;
    QComboBox *m_colour = nullptr;
    QComboBox *m_group = nullptr;
    QCheckBox *m_production = nullptr;
    QComboBox *m_kind = nullptr;
    QComboBox *m_pooler = nullptr;
    QLineEdit *m_patroni = nullptr;
    QLineEdit *m_patroniCa = nullptr; ///< an https REST address's CA, client certificate and key
    QLineEdit *m_patroniCert = nullptr;
    QLineEdit *m_patroniKey = nullptr;
    class QFormLayout *m_shown = nullptr;
    QString m_poolerProfile;
    QRadioButton *m_fieldsMode = nullptr;
    QRadioButton *m_stringMode = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLineEdit *m_string = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_user = nullptr;
    QComboBox *m_sslMode = nullptr;
    QLineEdit *m_sslRootCert = nullptr;
    QLineEdit *m_sslCert = nullptr;
    QLineEdit *m_sslKey = nullptr;
    QSpinBox *m_connectTimeout = nullptr;
    QLineEdit *m_password = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_errorLabel = nullptr;
    QPushButton *m_test = nullptr;
    QProgressBar *m_busy = nullptr;
    QLabel *m_testResult = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};
