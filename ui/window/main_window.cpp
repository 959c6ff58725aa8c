// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/main_window.h"

#include "dialogs/dialog_helpers.h"
#include "dialogs/password_dialog.h"
#include "dialogs/server_list_dialog.h"
#include "models/action_log_model.h"
#include "models/blocking_model.h"
#include "models/pooler_model.h"
#include "models/server_tree_model.h"
#include "models/session_filter_model.h"
#include "models/session_model.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "sessions/database_banner.h"
#include "sessions/details_pane.h"
#include "sessions/pooler_panel.h"
#include "history/history_panel.h"
#include "sessions/sessions_panel.h"
#include "sessions/stale_banner.h"
#include "tree/server_tree_view.h"
#include "window/log_pane.h"
#include "window/pooler_actions.h"
#include "window/rule_actions.h"
#include "window/session_actions.h"
#include "window/status_line.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>

#include <algorithm>
#include <utility>

MainWindow::MainWindow(std::shared_ptr<ActionJournal> journal, QWidget *parent)
    : QMainWindow(parent)
    , m_registry(new ServerRegistry(std::move(journal), this))
    , m_model(new SessionModel(m_registry, this))
    , m_treeModel(new ServerTreeModel(m_registry, this))
    , m_log(new ActionLogModel(m_registry, this))
    , m_blocking(new BlockingModel(m_registry, this))
{
    setWindowTitle(tr("pgsessions"));
    setObjectName(QStringLiteral("mainWindow"));
    buildLayout();
    buildActions();
    restoreSettings();
    connect(m_registry, &ServerRegistry::passwordWanted, this, &MainWindow::askPassword);
    connect(m_registry, &ServerRegistry::notice, this, [this](const QString &text) { statusBar()->showMessage(text, 30000); });
    connect(m_registry, &ServerRegistry::statusChanged, this, &MainWindow::onTreeNodeChanged);
    connect(m_actions, &SessionActions::message, statusBar(), &QStatusBar::showMessage);
}

MainWindow::~MainWindow() = default;

SessionFilterModel *MainWindow::proxyModel() const { return m_panel->proxy(); }
QTableView *MainWindow::sessionView() const { return m_panel->view(); }
QTreeView *MainWindow::serverTree() const { return m_tree; }
QLineEdit *MainWindow::filterEdit() const { return m_panel->filterEdit(); }
StaleBanner *MainWindow::staleBanner() const { return m_panel->banner(); }

QAction *MainWindow::action(const QString &objectName) const
{
    return findChild<QAction *>(objectName);
}

void MainWindow::setConfirmHook(std::function<void(ConfirmDialog *)> hook)
{
    m_actions->setConfirmHook(std::move(hook));
}

void MainWindow::setServersConfirmHook(std::function<void(ServersConfirmDialog *)> hook)
{
    m_actions->setServersConfirmHook(std::move(hook));
}

QString MainWindow::poolerClientOf(const SessionKey &key) const
{
    const int pooler = m_registry->linkedPooler(key.server);
    const ServerMonitor *monitor = pooler ? m_registry->monitor(pooler) : nullptr;
    const SnapshotPtr snapshot = monitor ? monitor->lastSnapshot() : SnapshotPtr();
    if (!snapshot || !snapshot->pooler)
        return {};
    const PoolerState &p = *snapshot->pooler;
    const int server = p.serverOfBackend(key.pid);
    if (server < 0)
        return {};
    const QString via = m_registry->options(pooler).name;
    const int client = p.clientOfServer(size_t(server));
    return client >= 0 ? tr("%1 via %2").arg(PoolerModel::describeClient(p, size_t(client)), via)
                       : tr("none now: an idle server connection of %1 (database %2)").arg(via, p.servers.value(size_t(server), QLatin1String("database")));
}

void MainWindow::buildLayout()
{
    // The current node going (a server removed, a cluster member gone or moved to another
    // address, a database dropped): the node that held it becomes current, else All
    // servers. Qt would make a neighbour current, and the table would show, and the actions
    // act on, another server's sessions. Connected before the tree's selection model, which
    // picks that neighbour in the same signal.
    // The table follows once the rows are gone (onTreeNodeChanged() then, not while the
    // model is mid-removal: a rewound table going live would apply a poll to it).
    connect(m_treeModel, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this](const QModelIndex &parent, int first, int last) {
        if (!m_tree)
            return;
        QModelIndex going = m_tree->currentIndex();
        while (going.isValid() && going.parent() != parent)
            going = going.parent();
        if (!going.isValid() || going.row() < first || going.row() > last)
            return;
        const QModelIndex all = m_treeModel->allServersIndex();
        const QModelIndex instead = parent.isValid() ? parent : (all.isValid() && (all.row() < first || all.row() > last)) ? all : QModelIndex();
        if (instead.isValid()) {
            m_handingOver = true;
            m_tree->setCurrentIndex(instead);
        }
    });
    connect(m_treeModel, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (std::exchange(m_handingOver, false))
            onTreeNodeChanged();
    });
    m_tree = new ServerTreeView(m_treeModel, this);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onTreeNodeChanged);
    m_tree->setMoveHandler([this](int server, const QString &group, int before) { keepingTreeNode([&] { m_registry->moveServer(server, group, before); }); });
    // A group's folder shows its servers: when one comes or goes, the table follows.
    const auto followFolder = [this](const QModelIndex &under) {
        const QModelIndex current = m_tree->currentIndex();
        if (!ServerTreeModel::holdsServers(current))
            return;
        // Under it, or under a cluster in it.
        for (QModelIndex at = under; at.isValid(); at = at.parent()) {
            if (at == current) {
                onTreeNodeChanged();
                return;
            }
        }
    };
    connect(m_treeModel, &QAbstractItemModel::rowsInserted, this, followFolder);
    connect(m_treeModel, &QAbstractItemModel::rowsRemoved, this, followFolder);
    m_panel = new SessionsPanel(m_model, m_blocking, m_registry, this);
    connect(m_panel->historyPanel(), &HistoryPanel::message, statusBar(), &QStatusBar::showMessage);
    m_details = new DetailsPane(m_model, this);
    m_details->setPoolerLookup([this](const SessionKey &key) { return poolerClientOf(key); });
    connect(m_panel, &SessionsPanel::currentSessionChanged, m_details, &DetailsPane::showSession);
    connect(m_details, &DetailsPane::pidActivated, this, [this](int server, int pid) {
        if (!m_panel->selectPid(server, pid))
            statusBar()->showMessage(tr("Session %1 on %2 is not shown (filtered out or ended).").arg(pid).arg(m_model->serverName(server)), 5000);
    });

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_tree);
    splitter->addWidget(m_panel);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({320, 860, 340});
    setCentralWidget(splitter);

    auto *logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    logDock->setWidget(new LogPane(m_log, m_registry, logDock));
    addDockWidget(Qt::BottomDockWidgetArea, logDock);

    statusBar()->addWidget(new StatusLine(m_registry, m_panel->proxy(), m_blocking, this), 1);
    // The journal's trouble, in red, until an action is journaled again.
    auto *journalProblem = new QLabel(this);
    journalProblem->setObjectName(QStringLiteral("journalProblem"));
    journalProblem->setStyleSheet(QStringLiteral("color: #c01c28; font-weight: bold;"));
    journalProblem->setWordWrap(true);
    journalProblem->hide();
    statusBar()->addPermanentWidget(journalProblem);
    connect(m_registry, &ServerRegistry::actionFinished, journalProblem, [journalProblem](const ActionSummary &summary) {
        journalProblem->setText(summary.journalError ? summary.journalError.message() : QString());
        journalProblem->setVisible(bool(summary.journalError));
    });
    // A first start fits the screen, whatever its scale factor.
    const QSize available = screen() ? screen()->availableSize() : QSize(1600, 1000);
    resize(QSize(1500, 900).boundedTo(available * 0.92));
}

void MainWindow::buildActions()
{
    auto make = [this](const QString &name, const QString &text, const QKeySequence &key, const QString &tip,
                       QStyle::StandardPixmap icon = QStyle::SP_CustomBase) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        if (!key.isEmpty())
            a->setShortcut(key);
        a->setToolTip(key.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        a->setStatusTip(tip);
        if (icon != QStyle::SP_CustomBase)
            a->setIcon(style()->standardIcon(icon));
        addAction(a);
        return a;
    };
    m_actions = new SessionActions(m_registry, m_model, m_panel, m_tree, this);
    m_poolerActions = new PoolerActions(m_registry, m_tree, m_panel->poolerPanel(), this);
    m_actions->setPoolerKillAll([this] { m_poolerActions->runKillAll(); });
    connect(m_poolerActions, &PoolerActions::message, statusBar(), &QStatusBar::showMessage);
    m_ruleActions = new RuleActions(m_registry, m_panel, m_tree, this);
    connect(m_ruleActions, &RuleActions::message, statusBar(), &QStatusBar::showMessage);
    m_refresh = make(QStringLiteral("refresh"), tr("&Refresh"), QKeySequence::Refresh, tr("Poll the servers now"), QStyle::SP_BrowserReload);
    m_pause = make(QStringLiteral("pause"), tr("&Pause"), QKeySequence(Qt::CTRL | Qt::Key_P), tr("Pause or resume polling"),
                   QStyle::SP_MediaPause);
    m_pause->setCheckable(true);
    m_find = make(QStringLiteral("find"), tr("&Filter"), QKeySequence::Find, tr("Filter the sessions"));
    m_showBlocking = make(QStringLiteral("showBlocking"), tr("&Blocking tree"), QKeySequence(Qt::CTRL | Qt::Key_B),
                          tr("Show who blocks whom (again: the sessions table)"));
    m_showBlocking->setCheckable(true);
    connect(m_showBlocking, &QAction::toggled, m_panel, &SessionsPanel::showBlocking);
    // The log cannot be closed (every outcome stays in sight): the View menu's entry takes
    // the keyboard there, where a dock's own toggle would be a greyed, checked item.
    QAction *goToLog = make(QStringLiteral("goToLog"), tr("&Log"), QKeySequence(Qt::CTRL | Qt::Key_L), tr("Move the keyboard to the log of actions"));
    connect(goToLog, &QAction::triggered, this, [this] {
        auto *logDock = findChild<QDockWidget *>(QStringLiteral("logDock"));
        if (!logDock)
            return;
        logDock->show();
        logDock->raise();
        if (logDock->isFloating())
            logDock->activateWindow(); // (a window of its own: the keyboard goes there too)
        if (auto *pane = qobject_cast<LogPane *>(logDock->widget()))
            pane->view()->setFocus(Qt::ShortcutFocusReason);
    });
    connect(m_panel->tabs(), &QTabWidget::currentChanged, m_showBlocking, [this] { m_showBlocking->setChecked(m_panel->blockingShown()); });
    m_manageServers = make(QStringLiteral("manageServers"), tr("&Servers…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
                           tr("Add, edit, remove and reorder the saved servers"), QStyle::SP_DriveNetIcon);
    m_enterPassword = make(QStringLiteral("enterPassword"), tr("&Enter password…"), QKeySequence(),
                           tr("Give the password the selected server asks for"));
    m_moveToGroup = make(QStringLiteral("moveToGroup"), tr("Mo&ve to group…"), QKeySequence(),
                         tr("Show the selected server in a group's folder, or in none (also by drag and drop)"));
    connect(m_moveToGroup, &QAction::triggered, this, &MainWindow::moveToGroup);
    m_renameGroup = make(QStringLiteral("renameGroup"), tr("Re&name group…"), QKeySequence(), tr("Rename the selected group"));
    connect(m_renameGroup, &QAction::triggered, this, &MainWindow::renameGroup);
    connect(m_refresh, &QAction::triggered, m_registry, &ServerRegistry::refreshNow);
    connect(m_pause, &QAction::toggled, this, &MainWindow::setPaused);
    connect(m_manageServers, &QAction::triggered, this, &MainWindow::manageServers);
    connect(m_enterPassword, &QAction::triggered, this, [this] {
        m_registry->askPassword(m_tree->currentIndex().data(ServerTreeModel::ServerIdRole).toInt(), true);
    });
    connect(m_find, &QAction::triggered, this, [this] {
        filterEdit()->setFocus(Qt::ShortcutFocusReason);
        filterEdit()->selectAll();
    });

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addActions({m_actions->terminate(), m_actions->cancel(), m_actions->killAll()});
    toolbar->addSeparator();
    toolbar->addActions({m_refresh, m_pause});
    m_interval = new QDoubleSpinBox(this);
    m_interval->setObjectName(QStringLiteral("interval"));
    m_interval->setRange(0.5, 60);
    m_interval->setSingleStep(0.5);
    m_interval->setDecimals(1);
    m_interval->setSuffix(tr(" s"));
    m_interval->setValue(m_registry->intervalMs() / 1000.0);
    m_interval->setAccessibleName(tr("Refresh interval"));
    m_interval->setToolTip(tr("Refresh interval"));
    connect(m_interval, &QDoubleSpinBox::valueChanged, this, [this](double seconds) { m_registry->setIntervalMs(int(seconds * 1000)); });
    auto *intervalLabel = new QLabel(tr(" &Every "), this);
    intervalLabel->setBuddy(m_interval);
    toolbar->addWidget(intervalLabel);
    toolbar->addWidget(m_interval);
    toolbar->addSeparator();
    toolbar->addActions({m_actions->copy(), m_actions->exportCsv()});

    // Menus: every action is reachable from the keyboard through them too.
    QMenu *sessions = menuBar()->addMenu(tr("&Sessions"));
    sessions->addActions({m_actions->terminate(), m_actions->cancel(), m_ruleActions->selectSessions()});
    sessions->addSeparator();
    sessions->addActions({m_actions->killAll(), m_actions->resetFromTemplate(), m_actions->killServer()});
    sessions->addActions({m_actions->allowConnections(), m_actions->blockConnections()});
    sessions->addMenu(m_poolerActions->menu());
    sessions->addSeparator();
    sessions->addActions({m_actions->copy(), m_actions->exportCsv()});
    sessions->addSeparator();
    QAction *quit = sessions->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quit"));
    QMenu *servers = menuBar()->addMenu(tr("Se&rver"));
    servers->addActions({m_manageServers, m_enterPassword});
    servers->addSeparator();
    servers->addActions({m_ruleActions->arm(), m_ruleActions->disarm()});
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addActions({m_refresh, m_pause, m_find, m_showBlocking, goToLog});
    view->addSeparator();
    view->addMenu(m_panel->columnsMenu());
    view->addMenu(m_panel->sortMenu());
    // They act on the sessions table: off while the blocking tree or a pooler's clients
    // are shown in its place.
    connect(view, &QMenu::aboutToShow, this, [this] {
        const bool table = m_panel->view()->isVisible();
        m_panel->columnsMenu()->menuAction()->setEnabled(table);
        m_panel->sortMenu()->menuAction()->setEnabled(table);
    });

    m_nodeMenu = new QMenu(this);
    m_nodeMenu->addActions({m_actions->killAll(), m_actions->resetFromTemplate(), m_actions->allowConnections(), m_actions->blockConnections()});
    m_nodeMenu->addActions({m_actions->killServer(), m_ruleActions->selectSessions(), m_ruleActions->arm(), m_ruleActions->disarm()});
    m_nodeMenu->addMenu(m_poolerActions->menu());
    m_nodeMenu->addSeparator();
    m_nodeMenu->addActions({m_refresh, m_enterPassword});
    m_nodeMenu->addSeparator();
    m_nodeMenu->addActions({m_moveToGroup, m_renameGroup, m_manageServers});
    m_tree->setContextMenu(m_nodeMenu);
    servers->addActions({m_moveToGroup, m_renameGroup});
    m_sessionMenu = new QMenu(this);
    m_sessionMenu->addActions({m_actions->terminate(), m_actions->cancel()});
    m_sessionMenu->addSeparator();
    m_sessionMenu->addAction(m_actions->copy());
    m_panel->setContextMenu(m_sessionMenu);
    auto *clientMenu = new QMenu(this);
    clientMenu->addAction(m_poolerActions->killClient());
    m_panel->poolerPanel()->setContextMenu(clientMenu);
    m_panel->databaseBanner()->setAllowAction(m_actions->allowConnections());
    onTreeNodeChanged();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    sessionView()->horizontalHeader()->restoreState(settings.value(QStringLiteral("sessions/header")).toByteArray());
    const int interval = std::clamp(settings.value(QStringLiteral("polling/intervalMs"), 2000).toInt(), 500, 60000);
    m_registry->setIntervalMs(interval);
    m_interval->setValue(interval / 1000.0);
    m_model->setAgeThresholds(settings.value(QStringLiteral("thresholds/warnSeconds"), 60).toInt(),
                              settings.value(QStringLiteral("thresholds/criticalSeconds"), 600).toInt());
    m_panel->hideIdleBox()->setChecked(settings.value(QStringLiteral("filters/hideIdle"), false).toBool());
    m_panel->hideBackgroundBox()->setChecked(settings.value(QStringLiteral("filters/hideBackground"), false).toBool());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("sessions/header"), sessionView()->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("polling/intervalMs"), m_registry->intervalMs());
    settings.setValue(QStringLiteral("thresholds/warnSeconds"), m_model->warnSeconds());
    settings.setValue(QStringLiteral("thresholds/criticalSeconds"), m_model->criticalSeconds());
    settings.setValue(QStringLiteral("filters/hideIdle"), m_panel->hideIdleBox()->isChecked());
    settings.setValue(QStringLiteral("filters/hideBackground"), m_panel->hideBackgroundBox()->isChecked());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::onTreeNodeChanged()
{
    if (m_handingOver)
        return; // rowsRemoved calls again
    const QModelIndex current = m_tree->currentIndex();
    const int server = current.data(ServerTreeModel::ServerIdRole).toInt();
    // A group's folder or a cluster: its servers' sessions, as All servers shows them.
    const bool folder = !current.data(ServerTreeModel::GroupRole).toString().isEmpty();
    QList<int> servers;
    if (ServerTreeModel::holdsServers(current)) {
        servers = m_treeModel->serversUnder(current);
        if (servers.isEmpty())
            servers = {-1}; // none yet (a cluster whose REST API has not answered): nothing, not every server
    }
    m_panel->setScope(server, current.data(ServerTreeModel::DatabaseRole).toString(), servers);
    const ServerMonitor *monitor = m_registry->monitor(server);
    m_enterPassword->setEnabled(monitor && monitor->status().state == ServerStatus::NeedsPassword);
    // A cluster's member goes where its cluster goes (the cluster's group, in the Servers dialog).
    const bool serverNode = ServerTreeModel::isServerNode(current) && m_registry->options(server).cluster.isEmpty();
    m_moveToGroup->setEnabled(serverNode);
    m_renameGroup->setEnabled(folder);
}

void MainWindow::setPaused(bool paused)
{
    m_registry->setPaused(paused);
    m_pause->setText(paused ? tr("Res&ume") : tr("&Pause"));
    m_pause->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
}

void MainWindow::askPassword(const PasswordRequest &request)
{
    PasswordDialog dialog(request, this);
    if (m_passwordHook)
        m_passwordHook(&dialog);
    // The registry ignores the answer for a server (or cluster) removed while the dialog was open.
    const bool accepted = dialog.exec() == QDialog::Accepted;
    if (!request.cluster.isEmpty() && accepted)
        m_registry->giveKeyPassphrase(request.cluster, dialog.password(), dialog.remember());
    else if (!request.cluster.isEmpty())
        m_registry->declineKeyPassphrase(request.cluster);
    else if (accepted)
        m_registry->givePassword(request.server, dialog.password(), dialog.remember());
    else
        m_registry->declinePassword(request.server);
}

void MainWindow::manageServers()
{
    const QList<ServerProfile> shown = m_registry->profiles();
    ServerListDialog dialog(shown, m_registry->keychainProblem(), this);
    dialog.setQuestionHook(m_questionHook);
    if (m_serverListHook)
        m_serverListHook(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    // A group renamed there: its folder closed as it was under the old name (unless the
    // new name is a folder's already), and the old name forgotten; before the tree shows
    // the new folders.
    const QStringList groupsBefore = m_registry->groups();
    const QHash<QString, QString> renamed = dialog.renamedGroups();
    QList<QPair<QString, QString>> renames;
    for (auto r = renamed.cbegin(); r != renamed.cend(); ++r)
        renames.append({r.key(), groupsBefore.contains(r.value()) ? QString() : r.value()});
    ServerTreeView::renameCollapsed(renames);
    // The node in view stays in view: a server regrouped there, or a folder renamed.
    const QString folder = m_tree->currentIndex().data(ServerTreeModel::GroupRole).toString();
    keepingTreeNode([&] { m_registry->applyProfiles(dialog.profiles(), dialog.passwords(), shown); });
    if (const QModelIndex now = m_treeModel->groupIndex(renamed.value(folder)); !folder.isEmpty() && now.isValid())
        m_tree->setCurrentIndex(now);
    const QStringList groupsAfter = m_registry->groups();
    for (auto r = renamed.cbegin(); r != renamed.cend(); ++r) {
        if (!groupsAfter.contains(r.key()))
            ServerTreeView::forgetCollapsed(r.key()); // saved again as its folder went
    }
}

void MainWindow::moveToGroup()
{
    const QModelIndex node = m_tree->currentIndex();
    const int server = node.data(ServerTreeModel::ServerIdRole).toInt();
    if (!server || !node.data(ServerTreeModel::DatabaseRole).toString().isEmpty())
        return;
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("moveToGroupDialog"));
    dialog.setWindowTitle(tr("Move to group"));
    dialog.setLabelText(tr("&Group of %1 (empty: none):").arg(m_registry->options(server).name));
    dialog.setComboBoxEditable(true);
    dialog.setComboBoxItems(QStringList{QString()} + m_registry->groups());
    dialog.setTextValue(m_registry->options(server).group);
    if (m_inputHook)
        m_inputHook(&dialog);
    if (dialog.exec() == QDialog::Accepted)
        keepingTreeNode([&] { m_registry->moveServer(server, dialog.textValue().trimmed()); });
}

void MainWindow::keepingTreeNode(const std::function<void()> &change)
{
    // A server moved between folders is taken out and put back: the tree would make a
    // neighbour current, and the table would show another server's sessions.
    const QModelIndex before = m_tree->currentIndex();
    const int server = before.data(ServerTreeModel::ServerIdRole).toInt();
    const QString database = before.data(ServerTreeModel::DatabaseRole).toString();
    const QString group = before.data(ServerTreeModel::GroupRole).toString();
    const QString cluster = before.data(ServerTreeModel::ClusterRole).toString();
    const bool all = before.data(ServerTreeModel::AllServersRole).toBool();
    change();
    const QModelIndex after = all ? m_treeModel->allServersIndex()
                              : !group.isEmpty() ? m_treeModel->groupIndex(group)
                              : !cluster.isEmpty() ? m_treeModel->clusterIndex(cluster)
                              : !database.isEmpty() ? m_treeModel->databaseIndex(server, database)
                                                    : m_treeModel->serverIndex(server);
    if (after.isValid() && after != m_tree->currentIndex())
        m_tree->setCurrentIndex(after);
    m_tree->expand(after.parent());
}

void MainWindow::renameGroup()
{
    const QString group = m_tree->currentIndex().data(ServerTreeModel::GroupRole).toString();
    if (group.isEmpty())
        return;
    // The name of another group: its folder and this one's become one, which no rename
    // back undoes. Asked first, Cancel the default.
    const QString name = dialog_helpers::askNewGroupName(this, group, m_registry->groups(), m_inputHook, m_questionHook);
    if (name.isEmpty())
        return;
    const bool merge = m_registry->groups().contains(name);
    const bool collapsed = !m_tree->isExpanded(m_tree->currentIndex());
    m_registry->renameGroup(group, name);
    ServerTreeView::forgetCollapsed(group); // a later group of the old name starts open
    const QModelIndex renamed = m_treeModel->groupIndex(name);
    m_tree->setCurrentIndex(renamed);
    if (!merge)
        m_tree->setExpanded(renamed, !collapsed); // as it was, and saved so under its new name
}
