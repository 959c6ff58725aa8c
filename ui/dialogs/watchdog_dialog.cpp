// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/watchdog_dialog.h"

#include "models/formatter.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

WatchdogDialog::WatchdogDialog(ServerRegistry *registry, int server, const QList<SessionRule> &rules, QWidget *parent)
    : QDialog(parent)
    , m_registry(registry)
    , m_server(server)
    , m_rules(rules)
{
    setObjectName(QStringLiteral("watchdogDialog"));
    const ServerOptions options = registry->options(server);
    m_serverName = options.name;
    setWindowTitle(tr("Arm a watchdog on %1").arg(format::visible(m_serverName)));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("While armed, every poll of <b>%1</b> ends the sessions the rule matches, pgsessions' own never. Each "
                                "firing is logged and journaled with the rule's name. It stops by itself when it would end more "
                                "sessions a minute than its limit, and can be disarmed at once from the server's node.")
                                 .arg(format::visible(m_serverName).toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_rule = new QComboBox(this);
    m_rule->setObjectName(QStringLiteral("rule"));
    m_rule->setAccessibleName(tr("Rule"));
    for (const SessionRule &r : std::as_const(m_rules))
        m_rule->addItem(r.name);
    form->addRow(tr("&Rule:"), m_rule);
    auto *what = new QHBoxLayout;
    m_terminate = new QRadioButton(tr("&Terminate them"), this);
    m_cancel = new QRadioButton(tr("Cancel their &queries"), this);
    m_terminate->setChecked(true);
    what->addWidget(m_terminate);
    what->addWidget(m_cancel);
    what->addStretch();
    form->addRow(tr("Then:"), what);
    m_limit = new QSpinBox(this);
    m_limit->setObjectName(QStringLiteral("limit"));
    m_limit->setRange(1, 10000);
    m_limit->setValue(10);
    m_limit->setSuffix(tr(" a minute"));
    m_limit->setAccessibleName(tr("Limit of sessions a minute"));
    form->addRow(tr("Stop past this many sessions (&limit):"), m_limit);
    layout->addLayout(form);

    m_now = new QLabel(this);
    m_now->setObjectName(QStringLiteral("wouldEndNow"));
    m_now->setWordWrap(true);
    m_now->setTextFormat(Qt::PlainText);
    layout->addWidget(m_now);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("matchList"));
    m_list->setAccessibleName(tr("Sessions it would end now"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("PID"), tr("User"), tr("Database"), tr("Application"), tr("State"), tr("Query")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_list, 1);

    if (options.production) {
        auto *label = new QLabel(tr("<b>%1 is a production server.</b> Type <b>%1</b> to arm:").arg(format::visible(m_serverName).toHtmlEscaped()), this);
        label->setWordWrap(true);
        m_typed = new QLineEdit(this);
        m_typed->setObjectName(QStringLiteral("typedConfirmation"));
        m_typed->setAccessibleName(tr("Confirmation"));
        label->setBuddy(m_typed);
        layout->addWidget(label);
        layout->addWidget(m_typed);
        connect(m_typed, &QLineEdit::textChanged, this, &WatchdogDialog::update);
    }
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Arm"));
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    connect(m_rule, &QComboBox::currentIndexChanged, this, &WatchdogDialog::update);
    connect(m_terminate, &QRadioButton::toggled, this, &WatchdogDialog::update);
    connect(m_limit, &QSpinBox::valueChanged, this, &WatchdogDialog::update);
    connect(registry, &ServerRegistry::snapshotReady, this, [this](const SnapshotPtr &snapshot) {
        if (snapshot->server == m_server)
            update();
    });
    resize(760, 520);
    update();
}

Watchdog::Armed WatchdogDialog::armed() const
{
    Watchdog::Armed a;
    const int index = m_rule->currentIndex();
    if (index >= 0 && index < m_rules.size())
        a.rule = m_rules.at(index);
    a.action = m_cancel->isChecked() ? ActionRequest::Cancel : ActionRequest::Terminate;
    a.limitPerMinute = m_limit->value();
    return a;
}

void WatchdogDialog::update()
{
    const Watchdog::Armed a = armed();
    const ServerMonitor *monitor = m_registry->monitor(m_server);
    const SnapshotPtr snapshot = monitor ? monitor->lastSnapshot() : SnapshotPtr();
    std::vector<Session> now;
    if (snapshot && a.rule.hasConditions())
        now = Watchdog::matching(a.rule, *snapshot);
    m_list->clear();
    for (const Session &s : now)
        new QTreeWidgetItem(m_list, {QString::number(s.key.pid), format::visible(s.user), format::visible(s.database), format::visible(s.application),
                                     s.state, format::visible(s.query.simplified().left(200))});
    QString text;
    if (m_rules.isEmpty())
        text = tr("No rule is saved yet: save one in Select sessions… first.");
    else if (!snapshot)
        text = tr("The server has not been polled yet.");
    else if (m_registry->isStale(m_server))
        text = tr("The server's rows are out of date (it is not answering): what the rule would end now cannot be said.");
    else
        text = (a.action == ActionRequest::Cancel ? tr("Armed now, it would cancel the queries of %n session(s) at once.", nullptr, int(now.size()))
                                                  : tr("Armed now, it would terminate %n session(s) at once.", nullptr, int(now.size())))
               + QLatin1Char(' ') + tr("Rule \"%1\": sessions where %2.").arg(a.rule.name, a.rule.describe());
    if (snapshot && int(now.size()) > a.limitPerMinute)
        text += QLatin1Char(' ') + tr("That is more than its limit: it would stop at its first poll without ending any.");
    m_now->setText(text);
    m_now->setAccessibleName(text);
    bool ok = !m_rules.isEmpty() && a.rule.hasConditions();
    if (m_typed)
        ok = ok && m_typed->text() == m_serverName;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}
