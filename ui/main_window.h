// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "connection_spec.h"
#include "server_status.h"
#include "snapshot.h"

#include <QMainWindow>

#include <memory>
#include <vector>

class QAction;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class ServerMonitor;
class SessionModel;

/// The main window: the live sessions of the servers given to it.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Starts watching a server. Returns its id.
    int addServer(const ConnectionSpec &spec);

    SessionModel *sessionModel() const { return m_model; }
    QSortFilterProxyModel *proxyModel() const { return m_proxy; }
    QTableView *sessionView() const { return m_view; }
    ServerMonitor *monitor(int serverId) const;

private:
    void onStatus(ServerMonitor *monitor, const ServerStatus &status);
    void onSnapshot(const SnapshotPtr &snapshot);
    void setPaused(bool paused);
    void refreshNow();

    SessionModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QLabel *m_statusLabel;
    QAction *m_refreshAction;
    QAction *m_pauseAction;
    std::vector<std::unique_ptr<ServerMonitor>> m_monitors;
    int m_nextServerId = 1;
};
