// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QLabel;

/// Asks for the password a server wants: why it asks (or why it refused the last one),
/// and, for a saved server with a keychain at hand, whether to remember it.
class PasswordDialog : public QDialog
{
    Q_OBJECT
public:
    /// @p keychainProblem: empty when the keychain can remember it; @p canRemember: false
    /// for servers that are not saved (command line, demo).
    PasswordDialog(const QString &serverName, const QString &user, const QString &reason, bool canRemember, const QString &keychainProblem,
                   QWidget *parent = nullptr);

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
