// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QLabel;
struct PasswordRequest;

/// Asks for the password a server wants, or for the passphrase of a Patroni cluster's REST
/// client key: why it asks (or why the last one was refused), and, for a saved server with
/// a keychain at hand, whether to remember it.
class PasswordDialog : public QDialog
{
    Q_OBJECT
public:
    /// request.keychainProblem: empty when the keychain can remember it; request.saved:
    /// false for servers that are not saved (command line, demo).
    explicit PasswordDialog(const PasswordRequest &request, QWidget *parent = nullptr);

    QString password() const;
    bool remember() const;
    QLineEdit *passwordEdit() const { return m_password; }
    QCheckBox *rememberBox() const { return m_remember; }
    QLabel *reasonLabel() const { return m_reason; }

private:
    QLineEdit *m_password = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_reason = nullptr;
};
