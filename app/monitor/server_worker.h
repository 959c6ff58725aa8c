// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/server_status.h"
#include "pg/connection.h"
#include "pg/connection_spec.h"
#include "pg/shared_password.h"
#include "monitor/snapshot.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>

#include <memory>

#include <atomic>
#include <mutex>
#include <vector>

class MonitorPlace;
class RelationNames;
class QTimer;
class QSqlDatabase;

/// Settings of a server's monitor connection.
struct MonitorOptions {
    int intervalMs = 2000;          ///< time from the end of one poll to the start of the next
    int connectTimeoutSeconds = 10; ///< libpq connect_timeout, unless the user set one
    /// A poll running longer is cancelled from outside the worker (PQcancel); the server's
    /// own statement_timeout is set a few seconds later, as a backstop.
    int statementTimeoutMs = 10000;
    int maxBackoffSeconds = 30;     ///< cap of the reconnect backoff
    ServerKind kind = ServerKind::Automatic;
};

/// Owns one server's monitor connection (QPSQL, to the maintenance database) and polls
/// pg_stat_activity. Lives in its own thread: every slot runs there, and the GUI thread
/// only sees queued signals. Polls never overlap: the next one is scheduled when the
/// previous one has ended.
class ServerWorker : public QObject
{
    Q_OBJECT
public:
    /// @p password: the password given for this run (shared with the action connection).
    /// @p place: where this monitor's connection is, for the server's actions.
    ServerWorker(int serverId, ConnectionSpec spec, MonitorOptions options, std::shared_ptr<SharedPassword> password = {},
                 std::shared_ptr<MonitorPlace> place = {}, QObject *parent = nullptr);
    ~ServerWorker() override;

    /// The application_name of this process's monitor connections. Unique per process so
    /// that this app's own sessions are recognised on every server.
    static QString monitorApplicationName();

    /// Thread-safe, never blocks: if a statement is in flight, a cancel request is sent
    /// from a short-lived thread of its own (PQcancel connects to the server).
    void cancelRunningStatement();
    /// Thread-safe: no new poll or connection attempt starts after this.
    void requestStop();
    /// Thread-safe, never blocks: cancels the running poll if it has run longer than the
    /// statement timeout. Called from outside (the monitor's watchdog), since a worker
    /// waiting on the server cannot cancel its own statement. Returns in how many ms to
    /// look again: when the poll running now would be overdue; a statement timeout from
    /// now when none runs (one that starts meanwhile is not overdue before then); @p stepMs
    /// while an overdue one is still being cancelled.
    int cancelIfOverdue(int stepMs);
    int statementTimeoutMs() const { return m_options.statementTimeoutMs; }
    /// Thread-safe, and it does not wake this thread: @p snapshot's reference is dropped
    /// here, after this worker's next poll that sends a snapshot. Freeing a poll's
    /// thousands of strings is left to this thread, between its polls, and a wake-up for
    /// it alone (a context switch a poll) is saved. (So a snapshot lives a poll longer;
    /// while no poll sends one, paused, disconnected or failing, the one retired last
    /// waits for the next, or for the worker's end, on this thread.)
    void retire(SnapshotPtr snapshot);

public Q_SLOTS:
    void start();
    void setIntervalMs(int ms);
    void setPaused(bool paused);
    void pollNow();
    /// Connects again elsewhere when connected to the database MonitorPlace::avoid() names.
    void moveIfAvoided();

Q_SIGNALS:
    void statusChanged(const ServerStatus &status);
    void snapshotReady(const SnapshotPtr &snapshot);

private:
    /// Until the next poll: the next point of this server's grid (see the definition).
    int nextPollDelayMs() const;
    void connectToServer();
    /// The connection reached PgBouncer's admin console: watch the pooler.
    Error startPoolerConsole(pg::Connection conn);
    void poll();
    /// A poll of PgBouncer's admin console (SHOW CLIENTS, SERVERS, POOLS, DATABASES).
    void pollPooler();
    /// Sends the locks statement when the poll's @p activity has a session waiting on a
    /// heavyweight lock; true if sent (readLocks() then reads its answer).
    bool sendLocks(const pg::Result &activity);
    /// The locks waited on (Snapshot::locks), from the answer to what sendLocks() sent (or
    /// the pipeline, with the activity).
    void readLocks(Snapshot &snapshot, const pg::Result &locks);
    void onTimer();
    QTimer *timer();
    /// A poll's end: @p snapshot kept for the next poll and sent, what retire() handed over
    /// dropped, the next poll timed.
    void finishPoll(SnapshotPtr snapshot);
    void connectionLost(const QString &message);
    void setStatus(ServerStatus::State state, const QString &message = {}, const QString &sqlState = {});
    void closeConnection();

    const int m_serverId;
    const ConnectionSpec m_spec;
    const std::shared_ptr<SharedPassword> m_password;
    const std::shared_ptr<MonitorPlace> m_place;
    MonitorOptions m_options;
    const QString m_connectionName;
    QTimer *m_timer = nullptr;
    ServerStatus m_status;
    QByteArray m_sql;
    QByteArray m_locksSql;
    QElapsedTimer m_locksSent; ///< when the locks statement went
    /// A session idle since before (the last poll's server time - this) is not sent again.
    /// The margin covers a backend that took the time of its change just before the last
    /// poll read the activity and wrote the change just after, if no more than this passed
    /// in between (a backend stopped longer there, e.g. by a stalled VM, is read right at the
    /// next whole poll: see kWholePollEvery). A server clock that goes back is noticed.
    static constexpr qint64 kUnchangedMarginMicros = 2000000;
    /// Every this many polls, every session is read whole all the same.
    static constexpr int kWholePollEvery = 60;
    SnapshotPtr m_previous; // the last poll's, whose unchanged texts (and sessions) the next one shares
    int m_partialPolls = 0; // polls since the last that read every session whole
    static constexpr const char *kPollStatement = "pgsessions_poll";
    bool m_prepared = false; // the poll is prepared on this connection (activity_query::partialSql)
    static constexpr const char *kLocksStatement = "pgsessions_locks";
    bool m_locksPrepared = false; // and the locks statement (once a poll saw a lock waiter)
    bool m_waitersLastPoll = false; // the last poll saw a session wait on a heavyweight lock
    int m_backoffSeconds = 0;
    bool m_paused = false;
    bool m_connected = false;
    bool m_yielded = false; // the thread's priority lowered (once)
    bool m_standbyChanged = false; // m_status.standby changed since the last status sent
    bool m_poolerConsole = false;  // m_conn is PgBouncer's admin console (owned, no QPSQL)
    std::atomic<bool> m_stopping{false};
    std::unique_ptr<RelationNames> m_relationNames; // of other databases, for the locks waited on
    pg::Connection m_conn; // QPSQL's, borrowed while the QPSQL connection is open
    std::shared_ptr<const void> m_own; // its entry among this process's own backends
    std::mutex m_cancelMutex;
    std::mutex m_retiredMutex;
    std::vector<SnapshotPtr> m_retired; // see retire()
    std::shared_ptr<pg::CancelHandle> m_cancel; // shared with a cancel request under way
    std::atomic<bool> m_inFlight{false}; // a poll statement is running
    std::atomic<qint64> m_inFlightSinceMs{0}; // when it started (steady clock)
    std::atomic<bool> m_cancelledOverdue{false}; // the watchdog cancelled it
};
