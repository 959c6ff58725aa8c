// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/main_window.h"

#include "actions/action_journal.h"
#include "models/action_log_model.h"
#include "dialogs/confirm_dialog.h"
#include "sessions/details_pane.h"
#include "dialogs/password_dialog.h"
#include "servers/password_store.h"
#include "dialogs/server_list_dialog.h"
#include "monitor/server_monitor.h"
#include "tree/server_tree_model.h"
#include "sessions/session_filter_model.h"
#include "sessions/session_table_view.h"
#include "models/session_model.h"

#include <algorithm>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTextStream>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace {

QString csvField(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) && !value.contains(QLatin1Char('\n')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

MainWindow::MainWindow(std::shared_ptr<ActionJournal> journal, QWidget *parent)
    : QMainWindow(parent)
    , m_journal(journal ? std::move(journal) : std::make_shared<ActionJournal>())
    , m_model(new SessionModel(this))
    , m_proxy(new SessionFilterModel(this))
    , m_treeModel(new ServerTreeModel(this))
    , m_log(new ActionLogModel(this))
    , m_passwords(new PasswordStore(this))
{
    setWindowTitle(tr("pgsessions"));
    setObjectName(QStringLiteral("mainWindow"));
    m_proxy->setSourceModel(m_model);
    buildActions();
    buildLayout();
    restoreSettings();
    updateActions();
}

MainWindow::~MainWindow() = default;

QAction *MainWindow::action(const QString &objectName) const
{
    return findChild<QAction *>(objectName);
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
        return a;
    };
    m_terminate = make(QStringLiteral("terminate"), tr("&Terminate…"), QKeySequence(Qt::Key_Delete),
                       tr("End the selected sessions (pg_terminate_backend)"), QStyle::SP_DialogCancelButton);
    m_cancel = make(QStringLiteral("cancelQuery"), tr("&Cancel query…"), QKeySequence(Qt::CTRL | Qt::Key_Delete),
                    tr("Cancel the running queries of the selected sessions (pg_cancel_backend)"), QStyle::SP_BrowserStop);
    m_killAll = make(QStringLiteral("killAll"), tr("&Kill all connections…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K),
                     tr("End every connection of the database selected in the tree"), QStyle::SP_TrashIcon);
    m_refresh = make(QStringLiteral("refresh"), tr("&Refresh"), QKeySequence::Refresh, tr("Poll the servers now"), QStyle::SP_BrowserReload);
    m_pause = make(QStringLiteral("pause"), tr("&Pause"), QKeySequence(Qt::CTRL | Qt::Key_P), tr("Pause or resume polling"),
                   QStyle::SP_MediaPause);
    m_pause->setCheckable(true);
    m_copy = make(QStringLiteral("copy"), tr("&Copy rows"), QKeySequence::Copy, tr("Copy the selected rows as text"));
    m_export = make(QStringLiteral("exportCsv"), tr("&Export CSV…"), QKeySequence(Qt::CTRL | Qt::Key_E), tr("Save the shown rows as CSV"),
                    QStyle::SP_DialogSaveButton);
    m_find = make(QStringLiteral("find"), tr("&Filter"), QKeySequence::Find, tr("Filter the sessions"));
    m_manageServers = make(QStringLiteral("manageServers"), tr("&Servers…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
                           tr("Add, edit, remove and reorder the saved servers"), QStyle::SP_DriveNetIcon);
    m_enterPassword = make(QStringLiteral("enterPassword"), tr("Enter &password…"), QKeySequence(),
                           tr("Give the password the selected server asks for"));
    for (QAction *a : {m_terminate, m_cancel, m_copy})
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut); // the table's keys, not the filter box's
    connect(m_terminate, &QAction::triggered, this, [this] { confirmAndRun(ActionRequest::Terminate); });
    connect(m_cancel, &QAction::triggered, this, [this] { confirmAndRun(ActionRequest::Cancel); });
    connect(m_killAll, &QAction::triggered, this, &MainWindow::killAll);
    connect(m_refresh, &QAction::triggered, this, &MainWindow::refreshNow);
    connect(m_pause, &QAction::toggled, this, &MainWindow::setPaused);
    connect(m_copy, &QAction::triggered, this, &MainWindow::copyRows);
    connect(m_export, &QAction::triggered, this, &MainWindow::exportCsv);
    connect(m_manageServers, &QAction::triggered, this, &MainWindow::manageServers);
    connect(m_enterPassword, &QAction::triggered, this, [this] {
        const int id = m_tree->currentIndex().data(ServerTreeModel::ServerIdRole).toInt();
        if (WatchedServer *s = server(id)) {
            s->keychainTried = true; // the user asked to type it
            askPassword(id);
        }
    });
    connect(m_find, &QAction::triggered, this, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
    addAction(m_killAll);
    addAction(m_refresh);
    addAction(m_pause);
    addAction(m_export);
    addAction(m_find);
    addAction(m_manageServers);
}

void MainWindow::buildLayout()
{
    // Toolbar
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addActions({m_terminate, m_cancel, m_killAll});
    toolbar->addSeparator();
    toolbar->addActions({m_refresh, m_pause});
    m_interval = new QDoubleSpinBox(this);
    m_interval->setObjectName(QStringLiteral("interval"));
    m_interval->setRange(0.5, 60);
    m_interval->setSingleStep(0.5);
    m_interval->setDecimals(1);
    m_interval->setSuffix(tr(" s"));
    m_interval->setValue(m_intervalMs / 1000.0);
    m_interval->setAccessibleName(tr("Refresh interval"));
    m_interval->setToolTip(tr("Refresh interval"));
    connect(m_interval, &QDoubleSpinBox::valueChanged, this, &MainWindow::setIntervalSeconds);
    auto *intervalLabel = new QLabel(tr(" &Every "), this);
    intervalLabel->setBuddy(m_interval);
    toolbar->addWidget(intervalLabel);
    toolbar->addWidget(m_interval);
    toolbar->addSeparator();
    toolbar->addActions({m_copy, m_export});

    // Menus: every action is reachable from the keyboard through them too.
    QMenu *sessions = menuBar()->addMenu(tr("&Sessions"));
    sessions->addActions({m_terminate, m_cancel, m_killAll});
    sessions->addSeparator();
    sessions->addActions({m_copy, m_export});
    sessions->addSeparator();
    QAction *quit = sessions->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quit"));
    QMenu *servers = menuBar()->addMenu(tr("Se&rver"));
    servers->addActions({m_manageServers, m_enterPassword});
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addActions({m_refresh, m_pause, m_find});

    // Server tree
    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("serverTree"));
    m_tree->setAccessibleName(tr("Servers and databases"));
    m_tree->setModel(m_treeModel);
    m_tree->setHeaderHidden(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onTreeSelection);
    m_databaseMenu = new QMenu(this);
    m_databaseMenu->addAction(m_killAll);
    m_databaseMenu->addAction(m_refresh);
    m_databaseMenu->addAction(m_enterPassword);
    m_databaseMenu->addSeparator();
    m_databaseMenu->addAction(m_manageServers);
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_tree->indexAt(pos);
        if (!index.isValid())
            return;
        m_tree->setCurrentIndex(index);
        m_databaseMenu->exec(m_tree->viewport()->mapToGlobal(pos));
    });

    // Filter bar and sessions table
    auto *middle = new QWidget(this);
    auto *middleLayout = new QVBoxLayout(middle);
    middleLayout->setContentsMargins(0, 0, 0, 0);
    auto *filterBar = new QHBoxLayout;
    m_filter = new QLineEdit(middle);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter (Ctrl+F): text in any column or the query"));
    m_filter->setAccessibleName(tr("Filter sessions"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) { holdDetails([&] { m_proxy->setText(text); }); });
    m_hideIdle = new QCheckBox(tr("Hide &idle"), middle);
    m_hideIdle->setObjectName(QStringLiteral("hideIdle"));
    m_hideBackground = new QCheckBox(tr("Hide &background"), middle);
    m_hideBackground->setObjectName(QStringLiteral("hideBackground"));
    m_onlyLocks = new QCheckBox(tr("Only &blocked or blocking"), middle);
    m_onlyLocks->setObjectName(QStringLiteral("onlyLocks"));
    connect(m_hideIdle, &QCheckBox::toggled, this, [this](bool on) { holdDetails([&] { m_proxy->setHideIdle(on); }); });
    connect(m_hideBackground, &QCheckBox::toggled, this, [this](bool on) { holdDetails([&] { m_proxy->setHideBackground(on); }); });
    connect(m_onlyLocks, &QCheckBox::toggled, this, [this](bool on) { holdDetails([&] { m_proxy->setOnlyBlockedOrBlocking(on); }); });
    filterBar->addWidget(m_filter, 1);
    filterBar->addWidget(m_hideIdle);
    filterBar->addWidget(m_hideBackground);
    filterBar->addWidget(m_onlyLocks);
    middleLayout->addLayout(filterBar);
    m_staleBanner = new QLabel(middle);
    m_staleBanner->setObjectName(QStringLiteral("staleBanner"));
    m_staleBanner->setWordWrap(true);
    m_staleBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_staleBanner->setMargin(4);
    m_staleBanner->setStyleSheet(QStringLiteral("QLabel { background: rgba(240, 150, 0, 60); border-radius: 3px; }"));
    m_staleBanner->hide();
    middleLayout->addWidget(m_staleBanner);
    m_staleTimer = new QTimer(this);
    m_staleTimer->setInterval(1000);
    connect(m_staleTimer, &QTimer::timeout, this, &MainWindow::updateStaleBanner);

    m_view = new SessionTableView(middle);
    m_view->setObjectName(QStringLiteral("sessionView"));
    m_view->setAccessibleName(tr("Sessions"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SessionModel::Pid, Qt::AscendingOrder);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    const int em = m_view->fontMetrics().horizontalAdvance(QLatin1Char('m'));
    const int widths[SessionModel::ColumnCount] = {5, 8, 7, 11, 11, 9, 10, 12, 6, 6, 7, 6, 12, 30};
    for (int c = 0; c < SessionModel::ColumnCount; ++c)
        m_view->setColumnWidth(c, em * widths[c]);
    connect(header, &QWidget::customContextMenuRequested, this, [this, header](const QPoint &pos) {
        QMenu menu(this);
        for (int c = 0; c < SessionModel::ColumnCount; ++c) {
            QAction *a = menu.addAction(m_model->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!header->isSectionHidden(c));
            connect(a, &QAction::toggled, this, [header, c](bool on) { header->setSectionHidden(c, !on); });
        }
        menu.exec(header->mapToGlobal(pos));
    });
    m_sessionMenu = new QMenu(this);
    m_sessionMenu->addActions({m_terminate, m_cancel});
    m_sessionMenu->addSeparator();
    m_sessionMenu->addAction(m_copy);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (m_view->indexAt(pos).isValid())
            m_sessionMenu->exec(m_view->viewport()->mapToGlobal(pos));
    });
    m_view->addActions({m_terminate, m_cancel, m_copy});
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(m_proxy, &QAbstractItemModel::layoutAboutToBeChanged, this, [this] { m_holdDetails = true; });
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, [this] { m_holdDetails = false; });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onCurrentSessionChanged);
    middleLayout->addWidget(m_view, 1);

    m_details = new DetailsPane(m_model, this);
    connect(m_details, &DetailsPane::pidActivated, this, &MainWindow::selectPid);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_tree);
    splitter->addWidget(middle);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({320, 860, 340});
    setCentralWidget(splitter);

    // Log pane
    auto *logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    auto *logWidget = new QWidget(logDock);
    auto *logLayout = new QVBoxLayout(logWidget);
    logLayout->setContentsMargins(2, 2, 2, 2);
    m_logView = new QTreeView(logWidget);
    m_logView->setObjectName(QStringLiteral("logView"));
    m_logView->setAccessibleName(tr("Action log"));
    m_logView->setModel(m_log);
    m_logView->setUniformRowHeights(true);
    m_logView->header()->setStretchLastSection(true);
    m_logView->setColumnWidth(ActionLogModel::Time, em * 11);
    m_logView->setColumnWidth(ActionLogModel::Server, em * 12);
    m_logView->setColumnWidth(ActionLogModel::What, em * 30);
    connect(m_log, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent, int, int last) {
        if (!parent.isValid()) {
            m_logView->scrollTo(m_log->index(last, 0));
            m_logView->expand(m_log->index(last, 0));
        }
    });
    auto *logButtons = new QHBoxLayout;
    auto *copyLog = new QPushButton(tr("Copy &log"), logWidget);
    auto *exportLog = new QPushButton(tr("Export l&og…"), logWidget);
    auto *journalPath = new QLabel(tr("Journal: %1").arg(m_journal->path()), logWidget);
    journalPath->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(copyLog, &QPushButton::clicked, this, &MainWindow::copyLog);
    connect(exportLog, &QPushButton::clicked, this, &MainWindow::exportLog);
    logButtons->addWidget(journalPath, 1);
    logButtons->addWidget(copyLog);
    logButtons->addWidget(exportLog);
    logLayout->addWidget(m_logView, 1);
    logLayout->addLayout(logButtons);
    logDock->setWidget(logWidget);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    view->addAction(logDock->toggleViewAction());

    m_statusLabel = new QLabel(this);
    statusBar()->addWidget(m_statusLabel, 1);
    // A first start fits the screen, whatever its scale factor.
    const QSize available = screen() ? screen()->availableSize() : QSize(1600, 1000);
    resize(QSize(1500, 900).boundedTo(available * 0.92));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_view->horizontalHeader()->restoreState(settings.value(QStringLiteral("sessions/header")).toByteArray());
    m_intervalMs = std::clamp(settings.value(QStringLiteral("polling/intervalMs"), 2000).toInt(), 500, 60000);
    m_interval->setValue(m_intervalMs / 1000.0);
    m_model->setAgeThresholds(settings.value(QStringLiteral("thresholds/warnSeconds"), 60).toInt(),
                              settings.value(QStringLiteral("thresholds/criticalSeconds"), 600).toInt());
    m_hideIdle->setChecked(settings.value(QStringLiteral("filters/hideIdle"), false).toBool());
    m_hideBackground->setChecked(settings.value(QStringLiteral("filters/hideBackground"), false).toBool());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("sessions/header"), m_view->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("polling/intervalMs"), m_intervalMs);
    settings.setValue(QStringLiteral("thresholds/warnSeconds"), m_model->warnSeconds());
    settings.setValue(QStringLiteral("thresholds/criticalSeconds"), m_model->criticalSeconds());
    settings.setValue(QStringLiteral("filters/hideIdle"), m_hideIdle->isChecked());
    settings.setValue(QStringLiteral("filters/hideBackground"), m_hideBackground->isChecked());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

int MainWindow::addServer(const ConnectionSpec &spec, const ServerOptions &options, const QString &password)
{
    const int id = m_nextServerId++;
    MonitorOptions monitorOptions;
    monitorOptions.intervalMs = options.intervalMs > 0 ? options.intervalMs : m_intervalMs;
    auto monitor = std::make_unique<ServerMonitor>(id, spec, monitorOptions, m_journal);
    ServerMonitor *raw = monitor.get();
    if (!password.isEmpty())
        raw->setPassword(password, false);
    connect(raw, &ServerMonitor::statusChanged, this, [this, id](const ServerStatus &status) { onStatus(id, status); });
    connect(raw, &ServerMonitor::snapshotReady, this, &MainWindow::onSnapshot);
    connect(raw, &ServerMonitor::actionStarted, m_log, &ActionLogModel::actionStarted);
    connect(raw, &ServerMonitor::actionOutcome, m_log, &ActionLogModel::actionOutcome);
    connect(raw, &ServerMonitor::actionProgress, m_log, &ActionLogModel::actionProgress);
    connect(raw, &ServerMonitor::actionFinished, m_log, &ActionLogModel::actionFinished);
    ServerOptions stored = options;
    if (stored.name.isEmpty())
        stored.name = spec.displayName();
    m_treeModel->addServer(id, stored.name, stored.production, stored.colour);
    WatchedServer watched;
    watched.monitor = std::move(monitor);
    watched.options = stored;
    m_servers.push_back(std::move(watched));
    if (m_servers.size() == 1)
        m_tree->setCurrentIndex(m_treeModel->serverIndex(id));
    m_tree->expand(m_treeModel->serverIndex(id));
    raw->start();
    updateStatusBar();
    return id;
}

void MainWindow::removeServer(int serverId)
{
    const auto it = std::find_if(m_servers.begin(), m_servers.end(), [serverId](const WatchedServer &s) { return s.monitor->serverId() == serverId; });
    if (it == m_servers.end())
        return;
    holdDetails([&] { m_model->removeServer(serverId); });
    m_treeModel->removeServer(serverId);
    m_servers.erase(it); // the monitor stops its threads; a running poll is cancelled first
    m_details->refresh();
    updateStaleBanner();
    updateStatusBar();
    updateActions();
}

int MainWindow::addProfileServer(const ServerProfile &profile, const QString &password)
{
    QString error;
    const ConnectionSpec spec = profile.spec(&error);
    if (!spec.isValid()) {
        statusBar()->showMessage(tr("Server %1 is not watched: %2").arg(profile.displayName(), error), 15000);
        return 0;
    }
    ServerOptions options;
    options.name = profile.displayName();
    options.production = profile.production;
    options.colour = profile.colour;
    const int id = addServer(spec, options, password);
    server(id)->profileId = profile.id;
    return id;
}

void MainWindow::orderTree()
{
    std::vector<int> order;
    for (const WatchedServer &s : m_servers) {
        if (s.profileId.isEmpty())
            order.push_back(s.monitor->serverId());
    }
    // this run's servers keep their relative order in the tree
    std::sort(order.begin(), order.end(), [this](int a, int b) { return m_treeModel->serverIndex(a).row() < m_treeModel->serverIndex(b).row(); });
    for (const ServerProfile &p : m_profiles) {
        if (const int id = serverOfProfile(p.id))
            order.push_back(id);
    }
    const QModelIndex current = m_tree->currentIndex();
    const int currentServer = current.data(ServerTreeModel::ServerIdRole).toInt();
    const QString currentDatabase = current.data(ServerTreeModel::DatabaseRole).toString();
    bool moved = false;
    for (size_t row = 0; row < order.size(); ++row) {
        // Every move is upwards: rows above `row` are already in place.
        if (m_treeModel->serverIndex(order[row]).row() == int(row))
            continue;
        m_treeModel->moveServer(order[row], int(row));
        m_tree->expand(m_treeModel->serverIndex(order[row]));
        moved = true;
    }
    if (moved && currentServer) {
        const QModelIndex again = currentDatabase.isEmpty() ? m_treeModel->serverIndex(currentServer)
                                                            : m_treeModel->databaseIndex(currentServer, currentDatabase);
        m_tree->setCurrentIndex(again);
    }
}

void MainWindow::setProfiles(const QList<ServerProfile> &profiles, bool watch)
{
    m_profiles = profiles;
    for (const ServerProfile &p : profiles) {
        if (watch)
            addProfileServer(p);
    }
}

int MainWindow::serverOfProfile(const QString &profileId) const
{
    for (const WatchedServer &s : m_servers) {
        if (!profileId.isEmpty() && s.profileId == profileId)
            return s.monitor->serverId();
    }
    return 0;
}

const ServerProfile *MainWindow::profile(const QString &id) const
{
    for (const ServerProfile &p : m_profiles) {
        if (!id.isEmpty() && p.id == id)
            return &p;
    }
    return nullptr;
}

void MainWindow::saveProfiles() const
{
    QSettings settings;
    ServerProfile::save(settings, m_profiles);
}

QString MainWindow::keychainProblem() const
{
    return m_passwords->available() ? QString() : m_passwords->unavailableReason();
}

void MainWindow::manageServers()
{
    const QList<ServerProfile> shown = m_profiles;
    ServerListDialog dialog(shown, keychainProblem(), this);
    if (m_serverListHook)
        m_serverListHook(&dialog);
    if (dialog.exec() != QDialog::Accepted)
        return;
    // While the dialog was open a password prompt may have turned "remember" on (or a
    // keychain failure off): that stands unless the user changed it in the dialog.
    QList<ServerProfile> edited = dialog.profiles();
    for (ServerProfile &p : edited) {
        const auto was = std::find_if(shown.begin(), shown.end(), [&p](const ServerProfile &s) { return s.id == p.id; });
        if (const ServerProfile *now = profile(p.id); now && was != shown.end() && p.rememberPassword == was->rememberPassword)
            p.rememberPassword = now->rememberPassword;
    }
    applyProfiles(edited, dialog.passwords());
}

void MainWindow::applyProfiles(const QList<ServerProfile> &profiles, const QHash<QString, QString> &passwords)
{
    const QList<ServerProfile> old = m_profiles;
    m_profiles = profiles;
    saveProfiles();

    // Servers whose connection changed or that went away stop; new and changed ones
    // start (with a password typed for them, from the first attempt). A new name, colour
    // or mark is only shown: the connection, its rows and any action on it stay.
    for (const ServerProfile &before : old) {
        const ServerProfile *now = profile(before.id);
        if (before.rememberPassword && (!now || !now->rememberPassword))
            m_passwords->remove(before.id);
        const int id = serverOfProfile(before.id);
        if (!now || !now->sameConnection(before)) {
            removeServer(id);
        } else if (WatchedServer *s = server(id); s && *now != before) {
            s->options.name = now->displayName();
            s->options.production = now->production;
            s->options.colour = now->colour;
            m_treeModel->setServerLook(id, s->options.name, s->options.production, s->options.colour);
            m_treeModel->setStatus(id, s->monitor->status());
        }
    }
    for (const ServerProfile &p : profiles) {
        if (!serverOfProfile(p.id))
            addProfileServer(p, passwords.value(p.id));
        else if (passwords.contains(p.id))
            server(serverOfProfile(p.id))->monitor->setPassword(passwords.value(p.id));
    }
    orderTree();
    for (auto it = passwords.begin(); it != passwords.end(); ++it) {
        if (const ServerProfile *p = profile(it.key()); p && p->rememberPassword)
            rememberPassword(p->id, it.value());
    }
    updateStatusBar();
}

void MainWindow::rememberPassword(const QString &profileId, const QString &password)
{
    m_passwords->write(profileId, password, [this, profileId](const QString &error) {
        if (error.isEmpty())
            return;
        if (m_passwords->available()) {
            // The keychain is there but refused this once (a dismissed unlock prompt):
            // the choice to remember stands, and the next start asks the keychain again.
            statusBar()->showMessage(tr("The system keychain did not keep the password: %1").arg(error), 30000);
            return;
        }
        // No keychain at all: say so, and keep asking each time.
        for (ServerProfile &p : m_profiles) {
            if (p.id == profileId)
                p.rememberPassword = false;
        }
        saveProfiles();
        statusBar()->showMessage(tr("No system keychain is available (%1): pgsessions will ask for the password each time; it is "
                                    "never saved in plain text.")
                                     .arg(error),
                                 30000);
    });
}

void MainWindow::askPassword(int serverId)
{
    WatchedServer *s = server(serverId);
    if (!s || s->askingPassword || s->monitor->status().state != ServerStatus::NeedsPassword)
        return;
    const ServerProfile *p = profile(s->profileId);
    if (p && p->rememberPassword && !s->keychainTried && m_passwords->available()) {
        s->keychainTried = true;
        s->askingPassword = true;
        m_passwords->read(p->id, [this, serverId](const QString &password, const QString &error) {
            WatchedServer *asked = server(serverId);
            if (!asked)
                return;
            asked->askingPassword = false;
            if (!password.isEmpty()) {
                asked->monitor->setPassword(password);
                return;
            }
            if (!error.isEmpty())
                statusBar()->showMessage(tr("The system keychain did not give the password: %1").arg(error), 15000);
            askPassword(serverId);
        });
        return;
    }
    s->askingPassword = true;
    const ServerStatus status = s->monitor->status();
    PasswordDialog dialog(s->options.name, s->monitor->spec().value(QStringLiteral("user")),
                          s->monitor->hasPassword() ? status.message : QString(), p != nullptr, keychainProblem(), this);
    if (m_passwordHook)
        m_passwordHook(&dialog);
    const bool given = dialog.exec() == QDialog::Accepted;
    s = server(serverId); // the dialog's event loop may have changed the list
    if (!s)
        return;
    s->askingPassword = false;
    if (!given) {
        statusBar()->showMessage(tr("No password given for %1: press F5 to be asked again.").arg(s->options.name), 15000);
        return;
    }
    s->monitor->setPassword(dialog.password());
    if (p && dialog.remember()) {
        const QString id = s->profileId;
        for (ServerProfile &stored : m_profiles) {
            if (stored.id == id && !stored.rememberPassword) {
                stored.rememberPassword = true;
                saveProfiles();
            }
        }
        rememberPassword(id, dialog.password());
    }
}

MainWindow::WatchedServer *MainWindow::server(int serverId)
{
    for (WatchedServer &s : m_servers) {
        if (s.monitor->serverId() == serverId)
            return &s;
    }
    return nullptr;
}

const MainWindow::WatchedServer *MainWindow::server(int serverId) const
{
    for (const WatchedServer &s : m_servers) {
        if (s.monitor->serverId() == serverId)
            return &s;
    }
    return nullptr;
}

ServerMonitor *MainWindow::monitor(int serverId) const
{
    const WatchedServer *s = server(serverId);
    return s ? s->monitor.get() : nullptr;
}

ConfirmDialog::Context MainWindow::confirmationFor(const WatchedServer &server, ActionRequest::Kind kind)
{
    ConfirmDialog::Context context;
    context.kind = kind;
    context.serverName = server.options.name;
    context.production = server.options.production;
    context.serverVersion = server.monitor->status().serverVersion;
    context.privileges = server.monitor->status().privileges;
    return context;
}

void MainWindow::onStatus(int serverId, const ServerStatus &status)
{
    m_treeModel->setStatus(serverId, status);
    if (WatchedServer *watched = server(serverId))
        watched->statusAge.start();
    const WatchedServer *s = server(serverId);
    // The last snapshot stays, greyed, until fresh data arrives (onSnapshot).
    if (s && s->dataAge.isValid() && (status.state == ServerStatus::Error || status.state == ServerStatus::NeedsPassword))
        m_model->setServerStale(serverId, true);
    if (status.state == ServerStatus::NeedsPassword)
        QTimer::singleShot(0, this, [this, serverId] { askPassword(serverId); });
    updateStaleBanner();
    updateActions();
    updateStatusBar();
}

void MainWindow::updateStaleBanner()
{
    const int scope = m_tree->currentIndex().data(ServerTreeModel::ServerIdRole).toInt();
    QStringList lines;
    for (const WatchedServer &s : m_servers) {
        const int id = s.monitor->serverId();
        const ServerStatus &status = s.monitor->status();
        if (scope && scope != id)
            continue;
        QString retry;
        if (status.state == ServerStatus::Error && status.retryInSeconds > 0 && s.statusAge.isValid()) {
            const qint64 left = std::max<qint64>(0, status.retryInSeconds - s.statusAge.elapsed() / 1000);
            retry = left > 0 ? tr(" Next attempt in %n s.", nullptr, int(left)) : tr(" Trying again…");
        }
        if (m_model->isServerStale(id)) {
            const QString age = SessionModel::formatDuration(s.dataAge.elapsed() * 1000);
            lines << tr("%1 does not answer: its sessions as of %2 ago are shown greyed until it does. %3")
                         .arg(s.options.name, age, status.message) + retry;
        } else if (status.state == ServerStatus::Error) {
            // Never reached yet: an empty table needs saying why.
            lines << tr("%1 cannot be reached: %2").arg(s.options.name, status.message) + retry;
        }
    }
    m_staleBanner->setText(lines.join(QLatin1Char('\n')));
    m_staleBanner->setVisible(!lines.isEmpty());
    if (lines.isEmpty())
        m_staleTimer->stop();
    else if (!m_staleTimer->isActive())
        m_staleTimer->start();
}

void MainWindow::updateStatusBar()
{
    QStringList parts;
    for (const WatchedServer &server : m_servers) {
        const ServerStatus &s = server.monitor->status();
        QString state;
        switch (s.state) {
        case ServerStatus::Disconnected: state = tr("not connected"); break;
        case ServerStatus::Connecting: state = tr("connecting…"); break;
        case ServerStatus::Connected: state = tr("connected, PostgreSQL %1").arg(s.versionText()); break;
        case ServerStatus::Paused: state = tr("paused"); break;
        case ServerStatus::NeedsPassword: state = tr("needs a password (F5 asks again)"); break;
        case ServerStatus::Error:
            // One line here; the banner and the node's tooltip have the whole message.
            state = s.retryInSeconds > 0 ? tr("%1 (retrying in %n s)", nullptr, s.retryInSeconds).arg(s.reason()) : s.reason();
            break;
        }
        if (s.state == ServerStatus::Connected && s.privileges.known && !s.privileges.superuser && !s.privileges.readAllStats)
            state += tr(" — role %1 cannot see other roles' queries (needs pg_read_all_stats)").arg(s.privileges.role);
        parts << QStringLiteral("%1: %2").arg(server.options.name, state);
    }
    const QString shown = tr("%n session(s) shown", nullptr, m_proxy->rowCount());
    m_statusLabel->setText(parts.join(QStringLiteral(" · ")) + QStringLiteral(" · ") + shown);
}

void MainWindow::onSnapshot(const SnapshotPtr &snapshot)
{
    holdDetails([&] {
        m_model->applySnapshot(*snapshot);
        if (m_proxy->onlyBlockedOrBlocking())
            m_proxy->refilter();
    });
    m_treeModel->applySnapshot(*snapshot);
    if (WatchedServer *s = server(snapshot->server))
        s->dataAge.start();
    m_details->refresh();
    updateStaleBanner();
    updateStatusBar();
}

void MainWindow::onTreeSelection()
{
    const QModelIndex current = m_tree->currentIndex();
    holdDetails([&] {
        m_proxy->setScope(current.data(ServerTreeModel::ServerIdRole).toInt(), current.data(ServerTreeModel::DatabaseRole).toString());
    });
    updateActions();
    updateStaleBanner();
    updateStatusBar();
}

void MainWindow::onCurrentSessionChanged()
{
    // Only the user moves the details pane: a filter, a sort or a poll that moves or
    // removes the current row leaves it on the session it shows.
    if (m_holdDetails)
        return;
    const QModelIndex current = m_proxy->mapToSource(m_view->currentIndex());
    m_details->showSession(current.isValid() ? m_model->session(current.row()).key : SessionKey{});
}

void MainWindow::updateActions()
{
    const bool any = !m_view->selectionModel()->selectedRows().isEmpty();
    m_terminate->setEnabled(any);
    m_cancel->setEnabled(any);
    m_copy->setEnabled(any);
    m_killAll->setEnabled(!m_tree->currentIndex().data(ServerTreeModel::DatabaseRole).toString().isEmpty());
    const ServerMonitor *current = monitor(m_tree->currentIndex().data(ServerTreeModel::ServerIdRole).toInt());
    m_enterPassword->setEnabled(current && current->status().state == ServerStatus::NeedsPassword);
}

std::vector<Session> MainWindow::selectedSessions() const
{
    std::vector<Session> out;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows()) {
        const Session &s = m_model->session(m_proxy->mapToSource(i).row());
        if (!s.own)
            out.push_back(s);
    }
    std::sort(out.begin(), out.end(), [](const Session &a, const Session &b) {
        return std::tie(a.key.server, a.key.pid) < std::tie(b.key.server, b.key.pid);
    });
    return out;
}

bool MainWindow::runDialog(ConfirmDialog &dialog)
{
    if (m_confirmHook)
        m_confirmHook(&dialog);
    return dialog.exec() == QDialog::Accepted;
}

void MainWindow::confirmAndRun(ActionRequest::Kind kind)
{
    // Capture the targets before the dialog runs an event loop: polls that arrive while
    // it is open change the model, not what the user is confirming.
    const std::vector<Session> selected = selectedSessions();
    if (selected.empty())
        return;
    for (const WatchedServer &server : m_servers) {
        ConfirmDialog::Context context = confirmationFor(server, kind);
        for (const Session &s : selected) {
            if (s.key.server == server.monitor->serverId())
                context.sessions.push_back(s);
        }
        if (context.sessions.empty())
            continue;
        ConfirmDialog dialog(std::move(context), this);
        if (runDialog(dialog))
            server.monitor->submit(dialog.request());
    }
}

void MainWindow::killAll()
{
    const QModelIndex node = m_tree->currentIndex();
    const QString database = node.data(ServerTreeModel::DatabaseRole).toString();
    const int serverId = node.data(ServerTreeModel::ServerIdRole).toInt();
    const WatchedServer *target = server(serverId);
    if (database.isEmpty() || !target)
        return;
    ConfirmDialog::Context context = confirmationFor(*target, ActionRequest::KillAll);
    context.database = database;
    if (const SnapshotPtr &snap = target->monitor->lastSnapshot()) {
        for (const Session &s : snap->sessions) {
            if (s.database == database && !s.own && s.isClientBackend())
                context.sessions.push_back(s);
        }
    }
    ConfirmDialog dialog(std::move(context), this);
    if (runDialog(dialog))
        target->monitor->submit(dialog.request());
}

void MainWindow::selectPid(int server, int pid)
{
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (i.data(SessionModel::ServerRole).toInt() == server && i.data(SessionModel::PidRole).toInt() == pid) {
            m_view->selectionModel()->setCurrentIndex(i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_view->scrollTo(i);
            return;
        }
    }
    statusBar()->showMessage(tr("Session %1 is not shown (filtered out or ended).").arg(pid), 5000);
}

void MainWindow::copyRows() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    QStringList header;
    for (int c = 0; c < SessionModel::ColumnCount; ++c)
        header << m_model->headerData(c, Qt::Horizontal).toString();
    lines << header.join(QLatin1Char('\t'));
    for (const QModelIndex &r : rows) {
        QStringList cells;
        for (int c = 0; c < SessionModel::ColumnCount; ++c)
            cells << m_proxy->index(r.row(), c).data().toString();
        lines << cells.join(QLatin1Char('\t'));
    }
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

void MainWindow::exportCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export sessions"), QStringLiteral("sessions.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        QMessageBox::warning(this, tr("Export sessions"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    QTextStream out(&file);
    QStringList header;
    for (int c = 0; c < SessionModel::ColumnCount; ++c)
        header << csvField(m_model->headerData(c, Qt::Horizontal).toString());
    out << header.join(QLatin1Char(',')) << '\n';
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < SessionModel::ColumnCount; ++c) {
            const QModelIndex i = m_proxy->index(r, c);
            cells << csvField(c == SessionModel::Query ? i.data(SessionModel::FullQueryRole).toString() : i.data().toString());
        }
        out << cells.join(QLatin1Char(',')) << '\n';
    }
    statusBar()->showMessage(tr("%n row(s) written to %1", nullptr, m_proxy->rowCount()).arg(path), 5000);
}

void MainWindow::copyLog() const
{
    QApplication::clipboard()->setText(m_log->toText());
}

void MainWindow::exportLog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export log"), QStringLiteral("pgsessions-log.txt"), tr("Text files (*.txt)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(m_log->toText().toUtf8()) < 0)
        QMessageBox::warning(this, tr("Export log"), tr("Cannot write %1: %2").arg(path, file.errorString()));
}

void MainWindow::setPaused(bool paused)
{
    for (const WatchedServer &s : m_servers)
        s.monitor->setPaused(paused);
    m_pause->setText(paused ? tr("&Resume") : tr("&Pause"));
    m_pause->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
}

void MainWindow::refreshNow()
{
    for (const WatchedServer &s : m_servers) {
        if (s.monitor->status().state == ServerStatus::NeedsPassword) {
            const int id = s.monitor->serverId();
            QTimer::singleShot(0, this, [this, id] { askPassword(id); });
        } else {
            s.monitor->refreshNow();
        }
    }
}

void MainWindow::setIntervalSeconds(double seconds)
{
    m_intervalMs = int(seconds * 1000);
    for (const WatchedServer &s : m_servers)
        s.monitor->setIntervalMs(m_intervalMs);
}
