// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "pg/connection.h"
#include "pg/connection_spec.h"
#include "pg/shared_password.h"

#include <QObject>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

class ActionJournal;
class MonitorPlace;

/// Executes a server's actions, one after the other, in its own thread and on its own
/// connection (to a maintenance database), so polling goes on while a kill-all waits.
/// Actions wait in a queue the user can see and take them out of. Nothing runs that the
/// journal does not hold: the start record is on disk first, or the action does not run.
class ActionWorker : public QObject
{
    Q_OBJECT
public:
    /// @p password: the one given for this run, if any (shared with the monitor).
    /// @p place: where the server's monitor connection is; @p moveMonitor asks it (from
    /// this worker's thread) to leave the database MonitorPlace::avoid() names.
    ActionWorker(ConnectionSpec spec, std::shared_ptr<ActionJournal> journal, std::shared_ptr<SharedPassword> password,
                 std::shared_ptr<MonitorPlace> place, std::function<void()> moveMonitor, QObject *parent = nullptr);
    ~ActionWorker() override;

    /// Thread-safe: queues @p request. Returns the action it waits for (0: it is next).
    quint64 enqueue(const ActionRequest &request);
    /// Thread-safe: takes a queued action out before it starts; false once it has started.
    bool cancelQueued(quint64 id);
    /// Thread-safe, final: stop waiting in the running action (its restores still
    /// happen), and drop the queue.
    void requestStop();

Q_SIGNALS:
    void started(const ActionRequest &request);
    void outcome(quint64 action, const Outcome &outcome);
    void progress(quint64 action, const QString &text);
    void finished(const ActionSummary &summary);

private:
    void runNext();
    ActionSummary execute(const ActionRequest &request);
    /// A connection to a maintenance database other than @p avoidDatabase, or to
    /// PgBouncer's admin console when @p poolerConsole.
    Expected<const pg::Connection *> connection(const QString &avoidDatabase, bool poolerConsole);
    /// Has the monitor leave @p database, when it is there; fails when it cannot.
    Error moveMonitorOutOf(const QString &database);

    const ConnectionSpec m_spec;
    std::shared_ptr<ActionJournal> m_journal;
    const std::shared_ptr<SharedPassword> m_password;
    const std::shared_ptr<MonitorPlace> m_place;
    const std::function<void()> m_moveMonitor;
    pg::Connection m_conn;
    std::atomic<bool> m_stop{false};
    std::mutex m_queueMutex;
    std::deque<ActionRequest> m_queue;
    quint64 m_running = 0; ///< under m_queueMutex
};
