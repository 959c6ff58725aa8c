// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "pg/connection_spec.h"
#include "monitor/server_status.h"
#include "monitor/server_worker.h"
#include "monitor/snapshot.h"

#include <QObject>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>

class ActionJournal;
class ActionWorker;

/// The GUI thread's handle on one watched server: starts the server's worker in its own
/// thread, forwards its signals (queued), and stops it when destroyed. Nothing here waits
/// on the network.
class ServerMonitor : public QObject
{
    Q_OBJECT
public:
    /// @p journal: where actions on this server are recorded (the default journal if null).
    ServerMonitor(int serverId, ConnectionSpec spec, MonitorOptions options = {}, std::shared_ptr<ActionJournal> journal = {},
                  QObject *parent = nullptr);
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
    /// Uses @p password (kept in memory, for this run) on this server's connections and
    /// connects again at once; for a server that asked for one.
    void setPassword(const QString &password, bool connectNow = true);
    /// Monitor threads left waiting on an unresponsive server by destroyed monitors; the
    /// process should not run static destructors under them (see main()).
    static int threadsStillWaiting();
    bool hasPassword() const { return !m_password->get().isEmpty(); }
    /// Queues an action on this server's action thread; returns its id.
    quint64 submit(ActionRequest request);

Q_SIGNALS:
    void statusChanged(const ServerStatus &status);
    void snapshotReady(const SnapshotPtr &snapshot);
    void actionStarted(const ActionRequest &request);
    void actionOutcome(quint64 action, const Outcome &outcome);
    void actionProgress(quint64 action, const QString &text);
    void actionFinished(const ActionSummary &summary);

private:
    const int m_serverId;
    const ConnectionSpec m_spec;
    const std::shared_ptr<SharedPassword> m_password;
    // The threads are owned by this monitor until it is destroyed; a thread still stuck in
    // libpq then (a server that stopped answering mid-statement) deletes itself when it
    // finally returns, so that destroying a monitor never waits on the network.
    QThread *m_thread;
    ServerWorker *m_worker; // lives in m_thread, deleted there when the thread finishes
    QThread *m_actionThread;
    ActionWorker *m_actionWorker; // lives in m_actionThread, deleted there likewise
    ServerStatus m_status;
    SnapshotPtr m_lastSnapshot;
    QTimer m_watchdog; // cancels a poll that outlives the statement timeout
    static std::atomic<int> s_abandoned;
};
