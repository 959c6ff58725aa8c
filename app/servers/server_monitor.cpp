// SPDX-License-Identifier: GPL-3.0-or-later
#include "servers/server_monitor.h"

#include "actions/action_journal.h"
#include "actions/action_worker.h"
#include "monitor/monitor_place.h"

#include <QMetaObject>

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

ServerMonitor::ServerMonitor(int serverId, ConnectionSpec spec, MonitorOptions options, std::shared_ptr<ActionJournal> journal,
                             QObject *parent)
    : QObject(parent)
    , m_serverId(serverId)
    , m_spec(std::move(spec))
    , m_password(std::make_shared<SharedPassword>())
    , m_place(std::make_shared<MonitorPlace>())
    , m_thread(new QThread)
    , m_worker(new ServerWorker(serverId, m_spec, options, m_password, m_place))
    , m_journal(journal ? std::move(journal) : std::make_shared<ActionJournal>())
{
    // The same server in the journal from one run to the next: its connection, never its
    // password (a saved server's registry says "profile:<id>" instead).
    m_serverKey = keyOf(m_spec);
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<ServerStatus>();
    qRegisterMetaType<ActionRequest>();
    qRegisterMetaType<Outcome>();
    qRegisterMetaType<ActionSummary>();
    m_thread->setObjectName(QStringLiteral("server-%1").arg(serverId));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ServerWorker::statusChanged, this, [this](const ServerStatus &status) {
        const bool back = status.state == ServerStatus::Connected && m_status.state != ServerStatus::Connected;
        m_status = status;
        emit statusChanged(status);
        // Connections an action could not allow again when the server went away: now.
        if (back) {
            for (auto it = m_pendingRestores.cbegin(); it != m_pendingRestores.cend(); ++it) {
                ActionRequest allow;
                allow.kind = ActionRequest::AllowConnections;
                allow.database = it.key();
                allow.restores = it.value();
                allow.serverKey = m_serverKey;
                submit(allow);
            }
            m_pendingRestores.clear();
        }
    });
    const int step = std::clamp(options.statementTimeoutMs / 10, 20, 500);
    connect(m_worker, &ServerWorker::snapshotReady, this, [this, step](const SnapshotPtr &snapshot) {
        SnapshotPtr previous = std::exchange(m_lastSnapshot, snapshot);
        // A poll has just ended: the watchdog looks again a statement timeout from now, or
        // when the next one, already under way, would be overdue. Set again here, it does
        // not fire while polls come back within a statement timeout of each other (it
        // woke the GUI thread every 10 s for nothing).
        m_watchdog.start(m_worker->cancelIfOverdue(step));
        emit snapshotReady(snapshot);
        // Freeing a poll's thousands of strings (0.5 ms at 1,000 backends) is left to the
        // worker, idle between its polls: the previous snapshot's last reference goes
        // back to its thread instead of dying here, on the GUI thread. It is dropped there
        // after the worker's next poll that sends a snapshot, without a wake-up of its own.
        if (previous)
            m_worker->retire(std::move(previous));
    });
    m_thread->start();

    m_actionsIdle.setSingleShot(true);
    m_actionsIdle.setInterval(kActionsIdleMs);
    connect(&m_actionsIdle, &QTimer::timeout, this, [this] {
        if (m_submitted.isEmpty())
            stopActions(kActionGraceMs);
    });

    // The worker is blocked in libpq while a poll hangs; only another thread can cancel
    // it. cancelIfOverdue() reads two atomics and, at most, starts a cancel thread. It
    // says when to look again: when the poll under way would be overdue, else a statement
    // timeout later (not twice a second and per server). Each poll's snapshot sets it
    // again (above): it fires only for a poll that does not come back, or between polls
    // further apart than a statement timeout.
    m_watchdog.setSingleShot(true);
    m_watchdog.setObjectName(QStringLiteral("pollWatchdog"));
    m_watchdog.setTimerType(Qt::PreciseTimer); // on time when a poll would be overdue
    connect(&m_watchdog, &QTimer::timeout, this, [this, step] { m_watchdog.start(m_worker->cancelIfOverdue(step)); });
    m_watchdog.start(m_worker->cancelIfOverdue(step));
}

ServerMonitor::~ServerMonitor()
{
    m_worker->requestStop();
    m_thread->quit();
    // A running action is seen through: it gives databases back their connections and
    // journals its end (its waits stop at requestStop()). Only a server that stopped
    // answering mid-statement holds it up longer: then it ends on its own.
    stopActions(kActionGraceMs);
    // A poll stuck on a server that stopped answering (the cancel request cannot reach
    // it either) would hold this up until TCP gives up: wait briefly, then let the
    // thread finish, and delete itself, on its own.
    letFinishOnItsOwn(m_thread, 100);
}

namespace {

// Threads left to finish on their own. Counted by looking, not by their finished()
// signal: a signal that fires while the thread is being left could be counted twice, or
// not at all.
std::mutex s_leftMutex;
std::vector<QThread *> s_left;

// Deletes the threads that have finished; returns how many have not. Under s_leftMutex.
int sweepLocked()
{
    s_left.erase(std::remove_if(s_left.begin(), s_left.end(),
                                [](QThread *t) {
                                    if (!t->wait(0)) // really done: run() returned and the thread is joined
                                        return false;
                                    delete t;
                                    return true;
                                }),
                 s_left.end());
    return int(s_left.size());
}

} // namespace

void ServerMonitor::startActions()
{
    m_actionThread = new QThread;
    m_actionWorker = new ActionWorker(m_spec, m_journal, m_password, m_place,
                                      // From the action thread, through this object (the GUI thread's), to the
                                      // monitor's thread: nothing is delivered to an object that is gone.
                                      [this] {
                                          QMetaObject::invokeMethod(
                                              this, [this] { QMetaObject::invokeMethod(m_worker, &ServerWorker::moveIfAvoided, Qt::QueuedConnection); },
                                              Qt::QueuedConnection);
                                      });
    m_actionThread->setObjectName(QStringLiteral("actions-%1").arg(m_serverId));
    m_actionWorker->moveToThread(m_actionThread);
    connect(m_actionThread, &QThread::finished, m_actionWorker, &QObject::deleteLater);
    connect(m_actionWorker, &ActionWorker::started, this, &ServerMonitor::actionStarted);
    connect(m_actionWorker, &ActionWorker::outcome, this, &ServerMonitor::actionOutcome);
    connect(m_actionWorker, &ActionWorker::progress, this, &ServerMonitor::actionProgress);
    connect(m_actionWorker, &ActionWorker::finished, this, &ServerMonitor::onActionFinished);
    m_actionThread->start();
}

void ServerMonitor::stopActions(int waitMs)
{
    m_actionsIdle.stop();
    if (!m_actionThread)
        return;
    // Signals it sends from here on are not this monitor's business.
    disconnect(m_actionWorker, nullptr, this, nullptr);
    m_actionWorker->requestStop();
    m_actionThread->quit();
    letFinishOnItsOwn(std::exchange(m_actionThread, nullptr), waitMs);
    m_actionWorker = nullptr;
}

void ServerMonitor::letFinishOnItsOwn(QThread *thread, int waitMs)
{
    if (thread->wait(waitMs)) {
        delete thread;
        return;
    }
    qWarning("pgsessions: %s is still waiting on its server; it ends on its own", qPrintable(thread->objectName()));
    std::lock_guard<std::mutex> lock(s_leftMutex);
    s_left.push_back(thread);
    sweepLocked();
}

int ServerMonitor::threadsStillWaiting()
{
    std::lock_guard<std::mutex> lock(s_leftMutex);
    return sweepLocked();
}

quint64 ServerMonitor::submit(ActionRequest request)
{
    if (request.id == 0)
        request.id = ActionRequest::nextId();
    request.server = m_serverId;
    if (request.serverName.isEmpty())
        request.serverName = displayName();
    if (request.serverKey.isEmpty())
        request.serverKey = m_serverKey;
    m_submitted.insert(request.id, request);
    m_actionsIdle.stop();
    if (!m_actionWorker)
        startActions();
    if (const quint64 waitingFor = m_actionWorker->enqueue(request))
        emit actionQueued(request, waitingFor);
    return request.id;
}

bool ServerMonitor::cancelQueued(quint64 id)
{
    if (!m_actionWorker || !m_actionWorker->cancelQueued(id))
        return false;
    m_submitted.remove(id);
    emit actionCancelled(id);
    return true;
}

void ServerMonitor::onActionFinished(const ActionSummary &summary)
{
    const ActionRequest request = m_submitted.take(summary.id);
    if (summary.restorePending && !summary.databaseName.isEmpty())
        m_pendingRestores.insert(summary.databaseName, request.restores.isEmpty() ? ActionRequest::journalKey(summary.id) : request.restores);
    // A server-wide kill's: each database under its own key, as the journal's recovery offers it.
    for (const QString &database : summary.pendingDatabases)
        m_pendingRestores.insert(database, ActionRequest::journalKey(summary.id) + QLatin1Char('#') + database);
    emit actionFinished(summary);
    if (m_submitted.isEmpty())
        m_actionsIdle.start();
    refreshNow(); // show the result without waiting for the next poll
}

QString ServerMonitor::keyOf(const ConnectionSpec &spec)
{
    return QStringLiteral("conninfo:") + spec.without(QStringLiteral("password")).toConninfo();
}

void ServerMonitor::setServerKey(const QString &key)
{
    m_serverKey = key;
}

void ServerMonitor::start()
{
    QMetaObject::invokeMethod(m_worker, &ServerWorker::start, Qt::QueuedConnection);
}

void ServerMonitor::setIntervalMs(int ms)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, ms] { w->setIntervalMs(ms); }, Qt::QueuedConnection);
}

void ServerMonitor::setPaused(bool paused)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, paused] { w->setPaused(paused); }, Qt::QueuedConnection);
}

void ServerMonitor::setPassword(const QString &password, bool connectNow)
{
    m_password->set(password);
    if (connectNow)
        refreshNow();
}

void ServerMonitor::refreshNow()
{
    QMetaObject::invokeMethod(m_worker, &ServerWorker::pollNow, Qt::QueuedConnection);
}
