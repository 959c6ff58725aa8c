// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/rule_actions.h"

#include "dialogs/rule_dialog.h"
#include "dialogs/watchdog_dialog.h"
#include "models/server_tree_model.h"
#include "models/session_filter_model.h"
#include "models/session_model.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "servers/watchdog.h"
#include "sessions/sessions_panel.h"

#include <QAction>
#include <QItemSelection>
#include <QSet>
#include <QSettings>
#include <QTableView>
#include <QTreeView>

RuleActions::RuleActions(ServerRegistry *registry, SessionsPanel *panel, QTreeView *tree, QWidget *window)
    : QObject(window)
    , m_registry(registry)
    , m_panel(panel)
    , m_tree(tree)
    , m_window(window)
    , m_select(new QAction(tr("Se&lect sessions…"), window))
    , m_arm(new QAction(tr("Arm &watchdog…"), window))
    , m_disarm(new QAction(tr("&Disarm watchdog"), window))
{
    m_select->setObjectName(QStringLiteral("selectSessions"));
    m_select->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_select->setStatusTip(tr("Select the sessions that match a rule (state, idle in transaction, query time, user, …)"));
    m_select->setToolTip(QStringLiteral("%1 (%2)").arg(m_select->statusTip(), m_select->shortcut().toString(QKeySequence::NativeText)));
    m_arm->setObjectName(QStringLiteral("armWatchdog"));
    m_arm->setStatusTip(tr("End the sessions a saved rule matches at every poll of this server"));
    m_disarm->setObjectName(QStringLiteral("disarmWatchdog"));
    m_disarm->setStatusTip(tr("Stop the watchdog armed on this server now"));
    window->addActions({m_select, m_arm, m_disarm});
    connect(m_select, &QAction::triggered, this, &RuleActions::runSelect);
    connect(m_arm, &QAction::triggered, this, &RuleActions::runArm);
    connect(m_disarm, &QAction::triggered, this, [this] { m_registry->watchdog()->disarm(currentServer()); });
    connect(registry->watchdog(), &Watchdog::changed, this, &RuleActions::updateEnabled);
    connect(registry->watchdog(), &Watchdog::notice, this, [this](const QString &text) { emit message(text, 15000); });
    connect(registry, &ServerRegistry::statusChanged, this, &RuleActions::updateEnabled);
    connect(registry, &ServerRegistry::liveChanged, this, &RuleActions::updateEnabled);
    connect(tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &RuleActions::updateEnabled);
    updateEnabled();
}

int RuleActions::currentServer() const
{
    return m_tree->currentIndex().data(ServerTreeModel::ServerIdRole).toInt();
}

void RuleActions::updateEnabled()
{
    const int server = currentServer();
    const ServerMonitor *monitor = m_registry->monitor(server);
    const bool postgres = monitor && !monitor->status().poolerConsole;
    const Watchdog::Armed *armed = m_registry->watchdog()->armed(server);
    const bool live = m_registry->isLive(); // rewound: the table shows the past
    m_select->setEnabled(postgres && live);
    m_arm->setEnabled(postgres && !armed && live);
    m_disarm->setEnabled(armed != nullptr);
    m_disarm->setText(armed ? tr("&Disarm watchdog \"%1\"").arg(armed->rule.name) : tr("&Disarm watchdog"));
}

void RuleActions::runSelect()
{
    const int server = currentServer();
    if (!m_registry->monitor(server))
        return;
    RuleDialog dialog(m_registry, server, m_window);
    if (m_ruleHook)
        m_ruleHook(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    // The matching sessions, selected where the table shows them (the usual Terminate and
    // Cancel follow); those the table's scope or filter hides are counted, not lost.
    QSet<int> pids;
    QSet<QString> databases;
    for (const Session &s : dialog.matching()) {
        pids.insert(s.key.pid);
        databases.insert(s.database);
    }
    // Matches in other databases than the one shown: the table shows the whole server.
    QModelIndex node = m_tree->currentIndex();
    const QString scope = node.data(ServerTreeModel::DatabaseRole).toString();
    if (!scope.isEmpty() && (databases.size() > 1 || !databases.contains(scope)))
        m_tree->setCurrentIndex(node.parent()); // the database's server (not its folder: other servers)
    m_panel->showBlocking(false);
    QItemSelection selection;
    const SessionFilterModel *proxy = m_panel->proxy();
    for (int r = 0; r < proxy->rowCount(); ++r) {
        const QModelIndex i = proxy->index(r, 0);
        if (i.data(SessionModel::ServerRole).toInt() == server && pids.contains(i.data(SessionModel::PidRole).toInt()))
            selection.select(i, proxy->index(r, proxy->columnCount() - 1));
    }
    QTableView *view = m_panel->view();
    view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const int selected = int(view->selectionModel()->selectedRows().size());
    if (!selection.isEmpty()) {
        view->scrollTo(selection.first().topLeft());
        view->setFocus(Qt::OtherFocusReason);
    }
    const int hidden = int(pids.size()) - selected;
    emit message(hidden > 0 ? tr("%n session(s) selected; %1 more match but are not shown (another database or a filter).", nullptr, selected).arg(hidden)
                            : tr("%n session(s) selected.", nullptr, selected),
                 10000);
}

void RuleActions::runArm()
{
    const int server = currentServer();
    if (!m_registry->monitor(server))
        return;
    QSettings settings;
    WatchdogDialog dialog(m_registry, server, SessionRule::load(settings), m_window);
    if (m_watchdogHook)
        m_watchdogHook(&dialog);
    if (dialog.exec() != QDialog::Accepted || !m_registry->monitor(server))
        return;
    const Watchdog::Armed armed = dialog.armed();
    m_registry->watchdog()->arm(server, armed);
    emit message(tr("Watchdog \"%1\" armed on %2.").arg(armed.rule.name, m_registry->options(server).name), 10000);
}
