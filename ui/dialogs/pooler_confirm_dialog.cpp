// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/pooler_confirm_dialog.h"

#include "models/formatter.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

PoolerConfirmDialog::PoolerConfirmDialog(Context context, QWidget *parent)
    : QDialog(parent)
    , m_context(std::move(context))
{
    setObjectName(QStringLiteral("poolerConfirmDialog"));
    const QString server = format::visible(m_context.serverName).toHtmlEscaped();
    const QString db = QStringLiteral("<b>%1</b>").arg(format::visible(m_context.database).toHtmlEscaped());
    const int n = int(m_context.clients.size());
    const QString &c = m_context.command;
    QString text, ok;
    if (c.isEmpty()) {
        setWindowTitle(tr("Kill all pooler connections"));
        text = tr("Kill all connections of pooler database %1 on %2? DISABLE refuses new clients, KILL drops its %n client(s) and "
                  "their server connections at once, then RESUME and ENABLE let clients in again.",
                  nullptr, n)
                   .arg(db, server);
        ok = tr("&Kill all connections");
    } else if (c == QLatin1String("KILL_CLIENT")) {
        setWindowTitle(tr("Disconnect a pooler client"));
        text = tr("Disconnect client %1 (%2) from %3? Its server connection goes back to the pool.")
                   .arg(m_context.clientId.toHtmlEscaped(), format::visible(m_context.clientText).toHtmlEscaped(), server);
        ok = tr("&Disconnect");
    } else if (c == QLatin1String("PAUSE")) {
        setWindowTitle(tr("Pause a pooler database"));
        text = tr("Pause pooler database %1 on %2? PgBouncer waits until its server connections are released (in session pooling: "
                  "until its clients disconnect), then closes them; its clients wait until RESUME.")
                   .arg(db, server);
        ok = tr("&Pause");
    } else if (c == QLatin1String("RESUME")) {
        setWindowTitle(tr("Resume a pooler database"));
        text = tr("Resume pooler database %1 on %2? Waiting clients go on.").arg(db, server);
        ok = tr("&Resume");
    } else if (c == QLatin1String("DISABLE")) {
        setWindowTitle(tr("Disable a pooler database"));
        text = tr("Disable pooler database %1 on %2? New clients are refused; the %n client(s) connected now carry on.", nullptr, n).arg(db, server);
        ok = tr("&Disable");
    } else if (c == QLatin1String("ENABLE")) {
        setWindowTitle(tr("Enable a pooler database"));
        text = tr("Enable pooler database %1 on %2? New clients are let in again.").arg(db, server);
        ok = tr("&Enable");
    } else if (c == QLatin1String("RECONNECT")) {
        setWindowTitle(tr("Reconnect a pooler database"));
        text = tr("Reconnect pooler database %1 on %2? Each of its server connections is closed once released and a new one opened; "
                  "no client is disconnected.")
                   .arg(db, server);
        ok = tr("&Reconnect");
    } else {
        setWindowTitle(tr("Kill a pooler database"));
        text = tr("Kill pooler database %1 on %2? Its %n client(s) and their server connections are dropped at once, and the "
                  "database stays paused until RESUME.",
                  nullptr, n)
                   .arg(db, server);
        ok = tr("&Kill");
    }
    auto *layout = new QVBoxLayout(this);
    m_heading = new QLabel(text, this);
    m_heading->setObjectName(QStringLiteral("heading"));
    m_heading->setWordWrap(true);
    layout->addWidget(m_heading);
    const bool dropsClients = c.isEmpty() || c == QLatin1String("KILL") || c == QLatin1String("PAUSE") || c == QLatin1String("DISABLE");
    if (dropsClients && n > 0) {
        auto *list = new QListWidget(this);
        list->setObjectName(QStringLiteral("poolerClients"));
        list->setAccessibleName(tr("Clients of %1").arg(m_context.database));
        for (const QString &client : m_context.clients)
            list->addItem(format::visible(client));
        list->setMaximumHeight(list->sizeHintForRow(0) * std::min(n, 8) + 8);
        layout->addWidget(list);
    }
    if (c.isEmpty()) {
        m_keepDisabled = new QCheckBox(tr("Keep it &disabled afterwards (new clients stay refused)"), this);
        m_keepDisabled->setObjectName(QStringLiteral("keepDisabled"));
        layout->addWidget(m_keepDisabled);
    }
    if (m_context.production && !requiredConfirmation().isEmpty()) {
        auto *label = new QLabel(tr("<b>%1 is a production server.</b> Type <b>%2</b> to confirm:").arg(server, requiredConfirmation().toHtmlEscaped()), this);
        label->setWordWrap(true);
        m_typed = new QLineEdit(this);
        m_typed->setObjectName(QStringLiteral("typedConfirmation"));
        m_typed->setAccessibleName(tr("Confirmation"));
        label->setBuddy(m_typed);
        layout->addWidget(label);
        layout->addWidget(m_typed);
        connect(m_typed, &QLineEdit::textChanged, this, &PoolerConfirmDialog::updateOk);
    }
    layout->addStretch(1);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setStyleSheet(QStringLiteral("color: #c01c28;"));
    layout->addWidget(m_problem);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(ok);
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("&No, leave it"));
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    updateOk();
}

QString PoolerConfirmDialog::heading() const
{
    return m_heading->text();
}

QString PoolerConfirmDialog::requiredConfirmation() const
{
    if (!m_context.production || m_context.command == QLatin1String("RESUME") || m_context.command == QLatin1String("ENABLE"))
        return {}; // letting clients in is never the dangerous direction
    return m_context.command == QLatin1String("KILL_CLIENT") ? m_context.clientId : m_context.database;
}

void PoolerConfirmDialog::updateOk()
{
    const QString why = m_context.journalProblem;
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty() && (!m_typed || m_typed->text() == requiredConfirmation()));
}

ActionRequest PoolerConfirmDialog::request() const
{
    ActionRequest r;
    r.kind = m_context.command.isEmpty() ? ActionRequest::PoolerKillAll : ActionRequest::PoolerCommand;
    r.poolerCommand = m_context.command;
    r.serverName = m_context.serverName;
    r.database = m_context.database;
    r.clientId = m_context.clientId;
    r.keepBlocked = m_keepDisabled && m_keepDisabled->isChecked();
    return r;
}
