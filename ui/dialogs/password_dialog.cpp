// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/password_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

PasswordDialog::PasswordDialog(const QString &serverName, const QString &user, const QString &reason, bool canRemember,
                               const QString &keychainProblem, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("passwordDialog"));
    setWindowTitle(tr("Password for %1").arg(serverName));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(user.isEmpty() ? tr("The server %1 asks for a password.").arg(serverName)
                                            : tr("The server %1 asks for the password of role %2.").arg(serverName, user),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_reason = new QLabel(reason, this);
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reason->setVisible(!reason.isEmpty());
    layout->addWidget(m_reason);
    auto *form = new QFormLayout;
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("&Password:"), m_password);
    layout->addLayout(form);
    m_remember = new QCheckBox(tr("Remem&ber it in the system keychain"), this);
    if (!canRemember) {
        m_remember->setEnabled(false);
        m_remember->setText(tr("Kept in memory until pgsessions quits (only saved servers can remember it)."));
    } else if (!keychainProblem.isEmpty()) {
        m_remember->setEnabled(false);
        m_remember->setText(tr("No system keychain is available (%1): the password is asked for each time, never saved.").arg(keychainProblem));
    }
    layout->addWidget(m_remember);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    connect(m_password, &QLineEdit::textChanged, this,
            [buttons](const QString &text) { buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    m_password->setFocus();
}

QString PasswordDialog::password() const
{
    return m_password->text();
}

bool PasswordDialog::remember() const
{
    return m_remember->isEnabled() && m_remember->isChecked();
}
