// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/pooler_actions.h"

#include "dialogs/pooler_confirm_dialog.h"
#include "models/pooler_model.h"
#include "models/server_tree_model.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "sessions/pooler_panel.h"

#include <QAction>
#include <QMenu>
#include <QTableView>
#include <QTreeView>

PoolerActions::PoolerActions(ServerRegistry *registry, QTreeView *tree, PoolerPanel *panel, QWidget *window)
    : QObject(window)
    , m_registry(registry)
    , m_tree(tree)
    , m_panel(panel)
    , m_window(window)
    , m_menu(new QMenu(tr("&Pooler"), window))
    , m_killClient(new QAction(tr("D&isconnect client (KILL_CLIENT)…"), window))
{
    m_menu->setObjectName(QStringLiteral("poolerMenu"));
    const struct {
        const char *command;
        QString text;
        QString tip;
    } commands[] = {
        {"PAUSE", tr("&Pause…"), tr("Close the pooler database's server connections once released; its clients wait until RESUME")},
        {"RESUME", tr("&Resume…"), tr("Let a paused pooler database's clients go on")},
        {"DISABLE", tr("&Disable (refuse new clients)…"), tr("Refuse new clients of the pooler database; connected ones carry on")},
        {"ENABLE", tr("&Enable…"), tr("Let new clients of the pooler database in again")},
        {"RECONNECT", tr("Re&connect…"), tr("Replace the pooler database's server connections as they are released; no client is disconnected")},
        {"KILL", tr("&Kill…"), tr("Drop the pooler database's clients and server connections at once; it stays paused until RESUME")},
    };
    for (const auto &c : commands) {
        auto *a = new QAction(c.text, window);
        a->setObjectName(QStringLiteral("pooler%1").arg(QString::fromLatin1(c.command)));
        a->setData(QString::fromLatin1(c.command));
        a->setStatusTip(c.tip);
        a->setToolTip(c.tip);
        connect(a, &QAction::triggered, this, [this, a] { confirmAndRun(a->data().toString()); });
        m_databaseActions << a;
        m_menu->addAction(a);
    }
    m_menu->addSeparator();
    m_killClient->setObjectName(QStringLiteral("poolerKillClient"));
    m_killClient->setData(QStringLiteral("KILL_CLIENT"));
    connect(m_killClient, &QAction::triggered, this, [this] { confirmAndRun(QStringLiteral("KILL_CLIENT")); });
    m_menu->addAction(m_killClient);
    connect(registry, &ServerRegistry::snapshotReady, this, &PoolerActions::updateEnabled); // (the pooler's model follows it)
    // And again once the server tree's model has the poll (paused, disabled): not a poll
    // behind the node.
    connect(registry, &ServerRegistry::displayed, this, &PoolerActions::updateEnabled);
    connect(registry, &ServerRegistry::statusChanged, this, &PoolerActions::updateEnabled);
    connect(tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &PoolerActions::updateEnabled);
    connect(panel, &PoolerPanel::selectionChanged, this, &PoolerActions::updateEnabled);
    updateEnabled();
}

QAction *PoolerActions::action(const QString &command) const
{
    if (command == QLatin1String("KILL_CLIENT"))
        return m_killClient;
    for (QAction *a : m_databaseActions) {
        if (a->data().toString() == command)
            return a;
    }
    return nullptr;
}

void PoolerActions::updateEnabled()
{
    const QModelIndex node = m_tree->currentIndex();
    const bool pooler = node.data(ServerTreeModel::PoolerRole).toBool();
    const bool database = pooler && !node.data(ServerTreeModel::DatabaseRole).toString().isEmpty();
    const bool paused = node.data(ServerTreeModel::PausedRole).toBool();
    const bool disabled = !node.data(ServerTreeModel::AllowConnectionsRole).toBool();
    for (QAction *a : std::as_const(m_databaseActions)) {
        const QString c = a->data().toString();
        bool on = database;
        if (c == QLatin1String("PAUSE") || c == QLatin1String("KILL"))
            on = on && !paused;
        else if (c == QLatin1String("RESUME"))
            on = on && paused;
        else if (c == QLatin1String("DISABLE"))
            on = on && !disabled;
        else if (c == QLatin1String("ENABLE"))
            on = on && disabled;
        a->setEnabled(on);
    }
    m_menu->menuAction()->setVisible(pooler);
    // KILL_CLIENT: a client selected, on a PgBouncer that has the command.
    const ServerMonitor *monitor = m_registry->monitor(m_panel->model()->server());
    const PoolerStatePtr state = m_panel->model()->state();
    const bool supported = state && state->killClientSupported();
    m_killClient->setEnabled(supported && !m_panel->selectedClientId().isEmpty());
    m_killClient->setToolTip(supported || !monitor ? tr("Disconnect the selected pooler client")
                                                   : tr("KILL_CLIENT needs PgBouncer 1.24 or later; this one is %1.").arg(monitor->status().poolerVersion));
    m_killClient->setStatusTip(m_killClient->toolTip());
}

void PoolerActions::runKillAll()
{
    confirmAndRun(QString());
}

void PoolerActions::confirmAndRun(const QString &command)
{
    const bool client = command == QLatin1String("KILL_CLIENT");
    const QModelIndex node = m_tree->currentIndex();
    const int server = client ? m_panel->model()->server() : node.data(ServerTreeModel::ServerIdRole).toInt();
    const ServerMonitor *monitor = m_registry->monitor(server);
    if (!monitor || !monitor->status().poolerConsole)
        return;
    PoolerConfirmDialog::Context context;
    context.command = command;
    const ServerOptions options = m_registry->options(server);
    context.serverName = options.name;
    context.production = options.production;
    if (client) {
        context.clientId = m_panel->selectedClientId();
        context.clientText = m_panel->selectedClientText();
        if (context.clientId.isEmpty())
            return;
    } else {
        context.database = node.data(ServerTreeModel::DatabaseRole).toString();
        if (context.database.isEmpty())
            return;
    }
    // The clients as of the last poll, copied: polls during the dialog change nothing.
    if (const SnapshotPtr snapshot = monitor->lastSnapshot(); snapshot && snapshot->pooler) {
        const PoolerState &p = *snapshot->pooler;
        for (size_t r = 0; r < p.clients.rows.size(); ++r) {
            if (p.clients.value(r, QLatin1String("database")) == context.database)
                context.clients << PoolerModel::describeClient(p, r);
        }
    }
    if (const Error e = m_registry->checkJournal())
        context.journalProblem = e.message();
    PoolerConfirmDialog dialog(context, m_window);
    if (m_confirmHook)
        m_confirmHook(&dialog);
    if (dialog.exec() == QDialog::Accepted && !m_registry->submit(server, dialog.request()))
        emit message(tr("The server was removed while the dialog was open: nothing was done."), 10000);
}
