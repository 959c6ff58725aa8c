// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "pg/connection_spec.h"
#include "monitor/server_status.h"
#include "monitor/server_worker.h"
#include "monitor/snapshot.h"

#include <QHash>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>

class ActionJournal;
class ActionWorker;
class MonitorPlace;

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
    /// Waits up to @p waitMs for @p thread to finish and deletes it; else leaves it to
    /// finish on its own, counted in threadsStillWaiting() (which deletes it) until it has.
    static void letFinishOnItsOwn(QThread *thread, int waitMs);
    /// How long closing waits for a running action to wind down (its waits stop at once;
    /// only a server that stopped answering mid-statement takes longer).
    static constexpr int kActionGraceMs = 5000;
    /// The action thread (and its connection) is started by the first action and ends
    /// after this long without one: idle servers hold one thread each, not two. Long
    /// enough that the kills of one incident reuse the connection (a server out of
    /// connection slots may refuse a new one).
    static constexpr int kActionsIdleMs = 5 * 60 * 1000;
    /// Whether the action thread is running now (for tests and benchmarks).
    bool hasActionThread() const { return m_actionThread != nullptr; }
    void setActionsIdleMs(int ms) { m_actionsIdle.setInterval(ms); }
    bool hasPassword() const { return !m_password->get().isEmpty(); }
    /// The password given for this run, if any (for a kill-all that also acts here).
    QString password() const { return m_password->get(); }
    /// Queues an action on this server's action thread; returns its id. While another
    /// runs, actionQueued() says so.
    quint64 submit(ActionRequest request);
    /// Takes a queued action out before it starts (actionCancelled()); false once started.
    bool cancelQueued(quint64 id);
    /// What the journal calls this server across runs (ActionRequest::serverKey).
    void setServerKey(const QString &key);
    /// The key of a server watched without a profile: its connection, never its password.
    static QString keyOf(const ConnectionSpec &spec);
    const QString &serverKey() const { return m_serverKey; }

Q_SIGNALS:
    void statusChanged(const ServerStatus &status);
    void snapshotReady(const SnapshotPtr &snapshot);
    /// @p request waits for action @p waitingFor to end.
    void actionQueued(const ActionRequest &request, quint64 waitingFor);
    void actionCancelled(quint64 action);
    void actionStarted(const ActionRequest &request);
    void actionOutcome(quint64 action, const Outcome &outcome);
    void actionProgress(quint64 action, const QString &text);
    void actionFinished(const ActionSummary &summary);

private:
    void onActionFinished(const ActionSummary &summary);
    void startActions();
    void stopActions(int waitMs);

    const int m_serverId;
    const ConnectionSpec m_spec;
    const std::shared_ptr<SharedPassword> m_password;
    const std::shared_ptr<MonitorPlace> m_place; // where the monitor's connection is, for the actions
    // The threads are owned by this monitor until it is destroyed; a thread still stuck in
    // libpq then (a server that stopped answering mid-statement) deletes itself when it
    // finally returns, so that destroying a monitor never waits on the network.
    QThread *m_thread;
    ServerWorker *m_worker; // lives in m_thread, deleted there when the thread finishes
    QThread *m_actionThread = nullptr;     // while actions run, and kActionsIdleMs after
    ActionWorker *m_actionWorker = nullptr; // lives in m_actionThread, deleted there likewise
    std::shared_ptr<ActionJournal> m_journal;
    QTimer m_actionsIdle;
    ServerStatus m_status;
    SnapshotPtr m_lastSnapshot;
    QTimer m_watchdog; // cancels a poll that outlives the statement timeout
    /// Databases whose connections an action could not allow again for want of a
    /// connection: allowed again as soon as the server answers (database → the action's key).
    QHash<QString, QString> m_pendingRestores;
    QHash<quint64, ActionRequest> m_submitted; // by id, until finished or cancelled
    QString m_serverKey;
};
