// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/session_actions.h"

#include "dialogs/servers_confirm_dialog.h"

#include "models/blocking_model.h"
#include "base/csv.h"
#include "models/server_tree_model.h"
#include "models/session_filter_model.h"
#include "models/session_model.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "sessions/blocking_view.h"
#include "sessions/sessions_panel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QMessageBox>
#include <QStyle>
#include <QTableView>
#include <QSet>
#include <QTextStream>
#include <QTreeView>

#include <algorithm>

namespace {

QAction *makeAction(QObject *parent, const QString &name, const QString &text, const QKeySequence &key, const QString &tip,
                    QStyle::StandardPixmap icon = QStyle::SP_CustomBase)
{
    auto *a = new QAction(text, parent);
    a->setObjectName(name);
    if (!key.isEmpty())
        a->setShortcut(key);
    a->setToolTip(key.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    a->setStatusTip(tip);
    if (icon != QStyle::SP_CustomBase)
        a->setIcon(QApplication::style()->standardIcon(icon));
    return a;
}

// The parts of one confirmation whose servers share a name (two "primary", in folders "EU"
// and "US"), told apart there, in the log and in the journal: by their folder where that
// tells them apart, else by how each is reached.
void tellApart(std::vector<std::pair<int, ConfirmDialog::Context>> &parts, const ServerRegistry &registry)
{
    std::vector<QString> groups, names;
    for (const auto &[server, context] : parts) {
        groups.push_back(registry.options(server).group);
        names.push_back(context.serverName);
    }
    for (size_t i = 0; i < parts.size(); ++i) {
        bool sameName = false, sameFolder = false;
        for (size_t j = 0; j < parts.size(); ++j) {
            if (j != i && names[j] == names[i]) {
                sameName = true;
                sameFolder = sameFolder || groups[j] == groups[i];
            }
        }
        if (!sameName)
            continue;
        QString &name = parts[i].second.serverName;
        if (!groups[i].isEmpty() && !sameFolder)
            name = QCoreApplication::translate("SessionActions", "%1 in %2").arg(names[i], groups[i]);
        else if (const ServerMonitor *monitor = registry.monitor(parts[i].first))
            name = QCoreApplication::translate("SessionActions", "%1 (%2)").arg(names[i], monitor->displayName());
    }
}

} // namespace

SessionActions::SessionActions(ServerRegistry *registry, SessionModel *model, SessionsPanel *panel, QTreeView *tree, QWidget *window)
    : QObject(window)
    , m_registry(registry)
    , m_model(model)
    , m_panel(panel)
    , m_tree(tree)
    , m_window(window)
    , m_terminate(makeAction(window, QStringLiteral("terminate"), tr("&Terminate…"), QKeySequence(Qt::Key_Delete),
                             tr("End the selected sessions (pg_terminate_backend)"), QStyle::SP_DialogCancelButton))
    , m_cancel(makeAction(window, QStringLiteral("cancelQuery"), tr("&Cancel query…"), QKeySequence(Qt::CTRL | Qt::Key_Delete),
                          tr("Cancel the running queries of the selected sessions (pg_cancel_backend)"), QStyle::SP_BrowserStop))
    , m_killAll(makeAction(window, QStringLiteral("killAll"), tr("&Kill all connections…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K),
                           tr("End every connection of the database selected in the tree"), QStyle::SP_TrashIcon))
    , m_killServer(makeAction(window, QStringLiteral("killServer"), tr("Kill all connections on t&his server…"), QKeySequence(),
                              tr("End every client connection of every database on the server selected in the tree")))
    , m_reset(makeAction(window, QStringLiteral("resetFromTemplate"), tr("Reset from te&mplate…"), QKeySequence(),
                         tr("End the sessions of the database selected in the tree, drop it and create it again from a template")))
    , m_copy(makeAction(window, QStringLiteral("copy"), tr("C&opy rows"), QKeySequence::Copy, tr("Copy the selected rows as text")))
    , m_export(makeAction(window, QStringLiteral("exportCsv"), tr("&Export CSV…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                          tr("Save the shown rows as CSV"), QStyle::SP_DialogSaveButton))
    , m_allow(makeAction(window, QStringLiteral("allowConnections"), tr("&Allow connections…"), QKeySequence(),
                         tr("Let the database selected in the tree accept new connections again, whatever blocked it"),
                         QStyle::SP_DialogApplyButton))
    , m_block(makeAction(window, QStringLiteral("blockConnections"), tr("&Block new connections…"), QKeySequence(),
                         tr("Refuse new connections to the database selected in the tree (those connected stay)")))
{
    for (QAction *a : {m_terminate, m_cancel, m_copy})
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut); // the table's keys, not the filter box's
    panel->view()->addActions({m_terminate, m_cancel, m_copy});
    panel->blockingView()->addActions({m_terminate, m_cancel});
    window->addActions({m_killAll, m_export});
    connect(m_terminate, &QAction::triggered, this, [this] { confirmAndRun(ActionRequest::Terminate); });
    connect(m_cancel, &QAction::triggered, this, [this] { confirmAndRun(ActionRequest::Cancel); });
    connect(m_killAll, &QAction::triggered, this, &SessionActions::runKillAll);
    connect(m_killServer, &QAction::triggered, this, &SessionActions::runKillServer);
    connect(m_reset, &QAction::triggered, this, &SessionActions::runReset);
    connect(m_allow, &QAction::triggered, this, [this] { runSetConnections(ActionRequest::AllowConnections); });
    connect(m_block, &QAction::triggered, this, [this] { runSetConnections(ActionRequest::BlockConnections); });
    // The tree's counts and marks change with every poll: so does what is possible.
    // After the tree's model has the poll (it follows displayed, made before these
    // actions): whether a database accepts connections is the poll's, not the last one's.
    connect(registry, &ServerRegistry::displayed, this, &SessionActions::updateEnabled);
    connect(registry, &ServerRegistry::liveChanged, this, &SessionActions::updateEnabled);
    connect(registry, &ServerRegistry::statusChanged, this, &SessionActions::updateEnabled);
    connect(m_copy, &QAction::triggered, this, &SessionActions::copyRows);
    connect(m_export, &QAction::triggered, this, &SessionActions::writeCsv);
    connect(panel, &SessionsPanel::selectionChanged, this, &SessionActions::updateEnabled);
    connect(tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &SessionActions::updateEnabled);
    updateEnabled();
}

void SessionActions::updateEnabled()
{
    const bool any = m_panel->blockingShown() ? !m_panel->blockingView()->selectionModel()->selectedRows().isEmpty()
                                              : !m_panel->view()->selectionModel()->selectedRows().isEmpty();
    // Rewound, the table shows the past: nothing is ended from there.
    const bool live = m_registry->isLive();
    m_terminate->setEnabled(any && live);
    m_cancel->setEnabled(any && live);
    m_copy->setEnabled(any);
    const QModelIndex node = m_tree->currentIndex();
    const bool database = live && !node.data(ServerTreeModel::DatabaseRole).toString().isEmpty();
    m_killAll->setEnabled(database);
    const ServerMonitor *monitor = m_registry->monitor(node.data(ServerTreeModel::ServerIdRole).toInt());
    const bool standby = monitor && monitor->status().standby;
    const bool allows = node.data(ServerTreeModel::AllowConnectionsRole).toBool();
    const bool pooler = node.data(ServerTreeModel::PoolerRole).toBool(); // the pooler's own commands instead
    // In a folder or a cluster too.
    const bool serverNode = live && monitor && ServerTreeModel::isServerNode(node) && !pooler && monitor->status().state == ServerStatus::Connected;
    m_killServer->setEnabled(serverNode);
    m_reset->setEnabled(database && !standby && !pooler);
    m_reset->setToolTip(standby ? tr("Not on a standby: DROP and CREATE DATABASE cannot run there.") : m_reset->statusTip());
    m_allow->setEnabled(database && !standby && !allows && !pooler);
    m_block->setEnabled(database && !standby && allows && !pooler);
    const QString why = standby ? tr("Not on a standby: ALTER DATABASE cannot run there.") : QString();
    m_allow->setToolTip(why.isEmpty() ? m_allow->statusTip() : why);
    m_block->setToolTip(why.isEmpty() ? m_block->statusTip() : why);
}

std::vector<Session> SessionActions::selectedSessions() const
{
    std::vector<Session> out;
    if (m_panel->blockingShown()) {
        out = m_panel->blockingView()->selectedSessions();
    } else {
        for (const QModelIndex &i : m_panel->view()->selectionModel()->selectedRows()) {
            const Session &s = m_model->session(m_panel->proxy()->mapToSource(i).row());
            if (!s.own)
                out.push_back(s);
        }
    }
    std::sort(out.begin(), out.end(), [](const Session &a, const Session &b) {
        return std::tie(a.key.server, a.key.pid) < std::tie(b.key.server, b.key.pid);
    });
    return out;
}

ConfirmDialog::Context SessionActions::confirmationFor(int server, ActionRequest::Kind kind) const
{
    ConfirmDialog::Context context;
    context.kind = kind;
    const ServerOptions options = m_registry->options(server);
    context.serverName = options.name;
    context.production = options.production;
    if (const ServerMonitor *monitor = m_registry->monitor(server)) {
        context.serverVersion = monitor->status().serverVersion;
        context.privileges = monitor->status().privileges;
        context.standby = monitor->status().standby;
        context.pooled = monitor->status().pooled;
        const ServerStatus status = monitor->status();
        switch (status.state) {
        case ServerStatus::Error:
            context.outOfDate = status.reason().isEmpty() ? tr("an error") : status.reason();
            context.unreachable = status.retryInSeconds > 0; // the connection lost, not a poll's error
            break;
        case ServerStatus::Connecting:
        case ServerStatus::Disconnected: context.outOfDate = tr("reconnecting"); context.unreachable = true; break;
        case ServerStatus::NeedsPassword: context.outOfDate = tr("waiting for a password"); context.unreachable = true; break;
        case ServerStatus::Connected:
        case ServerStatus::Paused: break; // paused: as of the pause, which the window says
        }
    }
    // Nothing is confirmed that the journal cannot hold: the dialog says why, in red.
    if (const Error e = m_registry->checkJournal())
        context.journalProblem = e.message();
    return context;
}

bool SessionActions::runDialog(ConfirmDialog &dialog)
{
    if (m_confirmHook)
        m_confirmHook(&dialog);
    return dialog.exec() == QDialog::Accepted;
}

void SessionActions::confirmAndRun(ActionRequest::Kind kind)
{
    // Capture the targets before the dialog runs an event loop: polls that arrive while
    // it is open change the model, not what the user is confirming. The server list is a
    // copy too: the dialog's event loop may add or remove servers.
    const std::vector<Session> selected = selectedSessions();
    if (selected.empty())
        return;
    std::vector<std::pair<int, ConfirmDialog::Context>> parts;
    for (const int server : m_registry->servers()) {
        ConfirmDialog::Context context = confirmationFor(server, kind);
        for (const Session &s : selected) {
            if (s.key.server == server) {
                context.sessions.push_back(s);
                // Ending a blocker unblocks the sessions behind it: said in the dialog.
                if (const int behind = m_panel->blockingModel()->unblocks(s.key))
                    context.unblocks.insert(s.key.pid, behind);
            }
        }
        if (!context.sessions.empty())
            parts.emplace_back(server, std::move(context));
    }
    tellApart(parts, *m_registry);
    if (parts.size() == 1) {
        ConfirmDialog dialog(std::move(parts.front().second), m_window);
        if (runDialog(dialog) && !m_registry->submit(parts.front().first, dialog.request()))
            emit message(tr("The server was removed while the dialog was open: nothing was done."), 10000);
        return;
    }
    if (parts.empty())
        return;
    // Sessions of several servers (All servers): one confirmation grouped by server; each
    // server's part then runs on that server's own worker, at the same time as the others.
    ServersConfirmDialog dialog(kind, std::move(parts), m_window);
    if (m_serversConfirmHook)
        m_serversConfirmHook(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QStringList gone;
    for (const ServersConfirmDialog::Part &part : dialog.parts()) {
        const ActionRequest request = part.dialog->request();
        if (!m_registry->submit(part.server, request))
            gone << request.serverName;
    }
    if (!gone.isEmpty())
        emit message(tr("Removed while the dialog was open, so nothing was done there: %1").arg(gone.join(QStringLiteral(", "))), 10000);
}

bool SessionActions::databaseContext(ActionRequest::Kind kind, ConfirmDialog::Context &context, int &server) const
{
    const QModelIndex node = m_tree->currentIndex();
    const QString database = node.data(ServerTreeModel::DatabaseRole).toString();
    server = node.data(ServerTreeModel::ServerIdRole).toInt();
    const ServerMonitor *monitor = m_registry->monitor(server);
    if (database.isEmpty() || !monitor)
        return false;
    context = confirmationFor(server, kind);
    context.database = database;
    if (const SnapshotPtr &snap = monitor->lastSnapshot()) {
        for (const DatabaseInfo &d : snap->databases) {
            if (d.name == database)
                context.allowsConnections = d.allowConnections;
        }
        // What kill-all will end: the database's client sessions, other roles' hidden
        // ones included (Session::isClientBackend).
        for (const Session &s : snap->sessions) {
            if (s.database == database && !s.own && s.isClientBackend())
                context.sessions.push_back(s);
        }
    }
    return true;
}

void SessionActions::runKillAll()
{
    if (m_tree->currentIndex().data(ServerTreeModel::PoolerRole).toBool()) {
        if (m_poolerKillAll)
            m_poolerKillAll();
        return;
    }
    ConfirmDialog::Context context;
    int server = 0;
    if (!databaseContext(ActionRequest::KillAll, context, server))
        return;
    // A pooler in front: its clients would come back through it, so it can take part.
    if (const int pooler = m_registry->linkedPooler(server)) {
        context.poolerName = m_registry->options(pooler).name;
        const Expected<ActionRequest::AlsoAtPooler> at = m_registry->alsoAtPooler(server, context.database);
        if (at.ok()) {
            context.poolerDatabases = at->databases;
            const SnapshotPtr snapshot = m_registry->monitor(pooler)->lastSnapshot();
            for (size_t r = 0; snapshot && snapshot->pooler && r < snapshot->pooler->clients.rows.size(); ++r)
                context.poolerClients += at->databases.contains(snapshot->pooler->clients.value(r, QLatin1String("database")));
        } else {
            context.poolerProblem = at.error().message();
        }
    }
    const QString database = context.database;
    ConfirmDialog dialog(std::move(context), m_window);
    if (!runDialog(dialog))
        return;
    ActionRequest request = dialog.request();
    if (dialog.alsoAtPooler()) {
        Expected<ActionRequest::AlsoAtPooler> at = m_registry->alsoAtPooler(server, database);
        if (!at.ok()) {
            emit message(tr("Nothing was done: %1").arg(at.error().message()), 10000);
            return;
        }
        request.alsoAtPooler = std::move(at).value();
    }
    if (!m_registry->submit(server, request))
        emit message(tr("The server was removed while the dialog was open: nothing was done."), 10000);
}

void SessionActions::runKillServer()
{
    const QModelIndex node = m_tree->currentIndex();
    const int server = node.data(ServerTreeModel::ServerIdRole).toInt();
    const ServerMonitor *monitor = m_registry->monitor(server);
    if (!monitor || !ServerTreeModel::isServerNode(node))
        return;
    ConfirmDialog::Context context = confirmationFor(server, ActionRequest::KillServer);
    QSet<QString> databases;
    if (const SnapshotPtr &snap = monitor->lastSnapshot()) {
        for (const Session &s : snap->sessions) {
            if (!s.own && s.isClientBackend()) {
                context.sessions.push_back(s);
                databases.insert(s.database);
            }
        }
    }
    context.databaseCount = int(databases.size());
    ConfirmDialog dialog(std::move(context), m_window);
    if (runDialog(dialog) && !m_registry->submit(server, dialog.request()))
        emit message(tr("The server was removed while the dialog was open: nothing was done."), 10000);
}

void SessionActions::runReset()
{
    ConfirmDialog::Context context;
    int server = 0;
    if (!databaseContext(ActionRequest::KillAll, context, server))
        return;
    context.reset = true;
    if (const SnapshotPtr &snap = m_registry->monitor(server)->lastSnapshot()) {
        for (const DatabaseInfo &d : snap->databases)
            context.templates << d.name;
    }
    ConfirmDialog dialog(std::move(context), m_window);
    if (runDialog(dialog) && !m_registry->submit(server, dialog.request()))
        emit message(tr("The server was removed while the dialog was open: nothing was done."), 10000);
}

void SessionActions::runSetConnections(ActionRequest::Kind kind)
{
    ConfirmDialog::Context context;
    int server = 0;
    if (!databaseContext(kind, context, server))
        return;
    context.sessions.clear();
    ConfirmDialog dialog(std::move(context), m_window);
    if (runDialog(dialog) && !m_registry->submit(server, dialog.request()))
        emit message(tr("The server was removed while the dialog was open: nothing was done."), 10000);
}

void SessionActions::copyRows()
{
    // The selection of the view in front: the table's rows in its order, or the blocking
    // tree's sessions, each once, in the tree's order (as the table shows them).
    std::vector<int> rows; // of the sessions model
    if (m_panel->blockingShown()) {
        for (const Session *s : m_panel->blockingView()->selectedInOrder()) {
            if (const int row = m_model->rowOf(s->key); row >= 0)
                rows.push_back(row);
        }
    } else {
        QModelIndexList selected = m_panel->view()->selectionModel()->selectedRows();
        std::sort(selected.begin(), selected.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
        for (const QModelIndex &i : selected)
            rows.push_back(m_panel->proxy()->mapToSource(i).row());
    }
    if (rows.empty())
        return;
    QStringList lines;
    QStringList header;
    for (int c = 0; c < SessionModel::ColumnCount; ++c)
        header << m_model->headerData(c, Qt::Horizontal).toString();
    lines << header.join(QLatin1Char('\t'));
    for (const int row : rows) {
        QStringList cells;
        for (int c = 0; c < SessionModel::ColumnCount; ++c)
            cells << m_model->index(row, c).data().toString();
        lines << cells.join(QLatin1Char('\t'));
    }
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    emit message(tr("%n row(s) copied", nullptr, int(rows.size())), 3000);
}

void SessionActions::writeCsv()
{
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Export sessions"), QStringLiteral("sessions.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        QMessageBox::warning(m_window, tr("Export sessions"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    QTextStream out(&file);
    QStringList header;
    for (int c = 0; c < SessionModel::ColumnCount; ++c)
        header << m_model->headerData(c, Qt::Horizontal).toString();
    out << csv::line(header) << '\n';
    const SessionFilterModel *proxy = m_panel->proxy();
    for (int r = 0; r < proxy->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < SessionModel::ColumnCount; ++c) {
            const QModelIndex i = proxy->index(r, c);
            cells << (c == SessionModel::Query ? i.data(SessionModel::FullQueryRole).toString() : i.data().toString());
        }
        out << csv::line(cells) << '\n';
    }
    emit message(tr("%n row(s) written to %1", nullptr, proxy->rowCount()).arg(path), 5000);
}
