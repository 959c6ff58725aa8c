// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/servers_confirm_dialog.h"

#include "models/formatter.h"

#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

ServersConfirmDialog::ServersConfirmDialog(ActionRequest::Kind kind, std::vector<std::pair<int, ConfirmDialog::Context>> parts, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("serversConfirmDialog"));
    int sessions = 0;
    for (const auto &[server, context] : parts)
        sessions += int(context.sessions.size());
    const int servers = int(parts.size());
    const bool cancel = kind == ActionRequest::Cancel;
    setWindowTitle(cancel ? tr("Cancel queries") : tr("Terminate sessions"));
    const QString many = tr("%n session(s)", nullptr, sessions), where = tr("%n server(s)", nullptr, servers);
    const QString heading = cancel ? tr("Cancel the running queries of %1 on %2?").arg(many, where) : tr("Terminate %1 on %2?").arg(many, where);
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(heading + QLatin1Char(' ') + tr("Each server's part runs on that server, all at once."), this);
    title->setObjectName(QStringLiteral("heading"));
    title->setWordWrap(true);
    layout->addWidget(title);
    // A part whose server has not answered since its last poll may be below the fold: said
    // here too, where it is read first (the part says why).
    QStringList outOfDate;
    for (const auto &[server, context] : parts) {
        if (!context.outOfDate.isEmpty())
            outOfDate << format::visible(context.serverName);
    }
    if (!outOfDate.isEmpty()) {
        auto *stale = new QLabel(QStringLiteral("⚠ ")
                                     + tr("Not answering since the last poll, sessions as last seen: %1. The server's part says why.")
                                           .arg(outOfDate.join(QStringLiteral(", "))),
                                 this);
        stale->setObjectName(QStringLiteral("outOfDate"));
        stale->setWordWrap(true);
        stale->setStyleSheet(QStringLiteral("color: #b26a00;"));
        layout->addWidget(stale);
    }

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setAccessibleName(tr("Each server's part")); // it takes the focus, to scroll by keyboard
    auto *inside = new QWidget(scroll);
    auto *partsLayout = new QVBoxLayout(inside);
    partsLayout->setContentsMargins(0, 0, 0, 0);
    for (auto &[server, context] : parts) {
        const QString name = format::visible(context.serverName);
        auto *group = new QGroupBox(context.production ? tr("%1 (production)").arg(name) : name, inside);
        group->setObjectName(QStringLiteral("server%1").arg(server));
        group->setAccessibleName(tr("Server %1").arg(name));
        auto *groupLayout = new QVBoxLayout(group);
        auto *dialog = new ConfirmDialog(std::move(context), group);
        dialog->embed();
        if (QLineEdit *typed = dialog->confirmationEdit())
            typed->setAccessibleName(tr("Confirmation for %1").arg(name)); // one of several: which server's

        groupLayout->addWidget(dialog);
        partsLayout->addWidget(group);
        connect(dialog, &ConfirmDialog::confirmableChanged, this, &ServersConfirmDialog::updateOk);
        // Esc inside a part closes that part's QDialog: it means the whole confirmation.
        connect(dialog, &QDialog::rejected, this, &QDialog::reject);
        m_parts.push_back({server, dialog});
    }
    partsLayout->addStretch(1);
    scroll->setWidget(inside);
    layout->addWidget(scroll, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(cancel ? tr("Cancel &queries") : tr("&Terminate %n session(s)", nullptr, sessions));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("&No, keep them"));
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true); // Enter does not end sessions
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    resize(760, 620);
    updateOk();
}

void ServersConfirmDialog::updateOk()
{
    bool all = !m_parts.empty();
    for (const Part &p : m_parts)
        all = all && p.dialog->isConfirmable();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(all);
}
