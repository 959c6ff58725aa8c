// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "server_monitor.h"
#include "session_model.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_model(new SessionModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_statusLabel(new QLabel(this))
{
    setWindowTitle(tr("pgsessions"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SessionModel::SortRole);
    m_proxy->setDynamicSortFilter(true);

    m_view->setModel(m_proxy);
    m_view->setObjectName(QStringLiteral("sessionView"));
    m_view->setAccessibleName(tr("Sessions"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SessionModel::Pid, Qt::AscendingOrder);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionsMovable(true);
    const QFontMetrics fm = m_view->fontMetrics();
    const int widths[SessionModel::ColumnCount] = {8, 12, 10, 18, 18, 14, 16, 18, 10, 9, 9, 9, 19, 40};
    for (int c = 0; c < SessionModel::ColumnCount; ++c)
        m_view->setColumnWidth(c, fm.horizontalAdvance(QLatin1Char('m')) * widths[c] * 2 / 3);
    setCentralWidget(m_view);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    m_refreshAction = toolbar->addAction(tr("&Refresh"), this, &MainWindow::refreshNow);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setToolTip(tr("Poll the servers now (%1)").arg(QKeySequence(QKeySequence::Refresh).toString(QKeySequence::NativeText)));
    m_pauseAction = toolbar->addAction(tr("&Pause"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_pauseAction->setToolTip(tr("Pause or resume polling"));
    connect(m_pauseAction, &QAction::toggled, this, &MainWindow::setPaused);

    statusBar()->addWidget(m_statusLabel, 1);
    resize(1280, 720);
}

MainWindow::~MainWindow() = default;

int MainWindow::addServer(const ConnectionSpec &spec)
{
    const int id = m_nextServerId++;
    auto monitor = std::make_unique<ServerMonitor>(id, spec);
    ServerMonitor *raw = monitor.get();
    connect(raw, &ServerMonitor::statusChanged, this, [this, raw](const ServerStatus &status) { onStatus(raw, status); });
    connect(raw, &ServerMonitor::snapshotReady, this, &MainWindow::onSnapshot);
    m_monitors.push_back(std::move(monitor));
    onStatus(raw, raw->status());
    raw->start();
    return id;
}

ServerMonitor *MainWindow::monitor(int serverId) const
{
    for (const auto &m : m_monitors) {
        if (m->serverId() == serverId)
            return m.get();
    }
    return nullptr;
}

void MainWindow::onStatus(ServerMonitor *monitor, const ServerStatus &status)
{
    QString text;
    switch (status.state) {
    case ServerStatus::Disconnected:
        text = tr("%1: not connected").arg(monitor->displayName());
        break;
    case ServerStatus::Connecting:
        text = tr("%1: connecting…").arg(monitor->displayName());
        break;
    case ServerStatus::Connected:
        text = tr("%1: connected, PostgreSQL %2").arg(monitor->displayName(), status.versionText());
        break;
    case ServerStatus::Paused:
        text = tr("%1: paused").arg(monitor->displayName());
        break;
    case ServerStatus::Error:
        text = status.retryInSeconds > 0 ? tr("%1: %2 (retrying in %n s)", nullptr, status.retryInSeconds).arg(monitor->displayName(), status.message)
                                         : tr("%1: %2").arg(monitor->displayName(), status.message);
        break;
    }
    m_statusLabel->setText(text);
    m_statusLabel->setToolTip(status.message);
}

void MainWindow::onSnapshot(const SnapshotPtr &snapshot)
{
    m_model->applySnapshot(*snapshot);
}

void MainWindow::setPaused(bool paused)
{
    for (const auto &m : m_monitors)
        m->setPaused(paused);
    m_pauseAction->setText(paused ? tr("&Resume") : tr("&Pause"));
}

void MainWindow::refreshNow()
{
    for (const auto &m : m_monitors)
        m->refreshNow();
}
