// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "connection_spec.h"
#include "server_status.h"
#include "server_worker.h"
#include "snapshot.h"

#include <QObject>
#include <QThread>

/// The GUI thread's handle on one watched server: starts the server's worker in its own
/// thread, forwards its signals (queued), and stops it when destroyed. Nothing here waits
/// on the network.
class ServerMonitor : public QObject
{
    Q_OBJECT
public:
    ServerMonitor(int serverId, ConnectionSpec spec, MonitorOptions options = {}, QObject *parent = nullptr);
    ~ServerMonitor() override;

    int serverId() const { return m_serverId; }
    const ConnectionSpec &spec() const { return m_spec; }
    QString displayName() const { return m_spec.displayName(); }
    const ServerStatus &status() const { return m_status; }
    const SnapshotPtr &lastSnapshot() const { return m_lastSnapshot; }

    void start();
    void setIntervalMs(int ms);
    void setPaused(bool paused);
    void refreshNow();

Q_SIGNALS:
    void statusChanged(const ServerStatus &status);
    void snapshotReady(const SnapshotPtr &snapshot);

private:
    const int m_serverId;
    const ConnectionSpec m_spec;
    QThread m_thread;
    ServerWorker *m_worker; // lives in m_thread, deleted there when the thread finishes
    ServerStatus m_status;
    SnapshotPtr m_lastSnapshot;
};
