// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/password_dialog.h"

#include "servers/server_registry.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

PasswordDialog::PasswordDialog(const PasswordRequest &request, QWidget *parent)
    : QDialog(parent)
{
    const bool passphrase = !request.cluster.isEmpty();
    const QString &name = request.serverName;
    setObjectName(QStringLiteral("passwordDialog"));
    setWindowTitle(passphrase ? tr("Passphrase for %1").arg(name) : tr("Password for %1").arg(name));
    auto *layout = new QVBoxLayout(this);
    QString intro;
    if (passphrase)
        intro = tr("The REST client key of Patroni cluster %1 is locked with a passphrase: %2").arg(name, request.keyFile);
    else if (request.user.isEmpty())
        intro = tr("The server %1 asks for a password.").arg(name);
    else
        intro = tr("The server %1 asks for the password of role %2.").arg(name, request.user);
    auto *introLabel = new QLabel(intro, this);
    introLabel->setWordWrap(true);
    introLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(introLabel);
    m_reason = new QLabel(request.refusal, this);
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reason->setVisible(!request.refusal.isEmpty());
    layout->addWidget(m_reason);
    auto *form = new QFormLayout;
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setAccessibleName(passphrase ? tr("Passphrase") : tr("Password"));
    form->addRow(passphrase ? tr("&Passphrase:") : tr("&Password:"), m_password);
    layout->addLayout(form);
    m_remember = new QCheckBox(tr("Remem&ber it in the system keychain"), this);
    if (!request.saved) {
        m_remember->setEnabled(false);
        m_remember->setText(tr("Kept in memory until pgsessions quits (only saved servers can remember it)."));
    } else if (!request.keychainProblem.isEmpty()) {
        m_remember->setEnabled(false);
        m_remember->setText(passphrase ? tr("No system keychain is available (%1): the passphrase is asked for each time, never saved.")
                                             .arg(request.keychainProblem)
                                       : tr("No system keychain is available (%1): the password is asked for each time, never saved.")
                                             .arg(request.keychainProblem));
    }
    layout->addWidget(m_remember);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(passphrase ? tr("&Unlock") : tr("&Connect"));
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
