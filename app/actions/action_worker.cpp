// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/action_worker.h"

#include "actions/action_executor.h"
#include "actions/action_journal.h"
#include "monitor/monitor_place.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QScopeGuard>

ActionWorker::ActionWorker(ConnectionSpec spec, std::shared_ptr<ActionJournal> journal, std::shared_ptr<SharedPassword> password,
                           std::shared_ptr<MonitorPlace> place, std::function<void()> moveMonitor, QObject *parent)
    : QObject(parent)
    , m_spec(std::move(spec))
    , m_journal(std::move(journal))
    , m_password(password ? std::move(password) : std::make_shared<SharedPassword>())
    , m_place(place ? std::move(place) : std::make_shared<MonitorPlace>())
    , m_moveMonitor(std::move(moveMonitor))
{
}

ActionWorker::~ActionWorker() = default;

quint64 ActionWorker::enqueue(const ActionRequest &request)
{
    quint64 waitsFor = 0;
    {
        std::lock_guard<std::mutex> lock(m_queueMutex);
        if (m_stop)
            return 0;
        waitsFor = !m_queue.empty() ? m_queue.back().id : m_running;
        m_queue.push_back(request);
    }
    QMetaObject::invokeMethod(this, &ActionWorker::runNext, Qt::QueuedConnection);
    return waitsFor;
}

bool ActionWorker::cancelQueued(quint64 id)
{
    std::lock_guard<std::mutex> lock(m_queueMutex);
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
        if (it->id == id) {
            m_queue.erase(it);
            return true;
        }
    }
    return false;
}

void ActionWorker::requestStop()
{
    std::lock_guard<std::mutex> lock(m_queueMutex);
    m_stop = true;
    m_queue.clear();
}

void ActionWorker::runNext()
{
    ActionRequest request;
    {
        std::lock_guard<std::mutex> lock(m_queueMutex);
        if (m_queue.empty() || m_stop)
            return;
        request = m_queue.front();
        m_queue.pop_front();
        m_running = request.id;
    }
    const ActionSummary summary = execute(request);
    {
        std::lock_guard<std::mutex> lock(m_queueMutex);
        m_running = 0;
    }
    emit finished(summary);
}

Expected<const pg::Connection *> ActionWorker::connection(const QString &avoidDatabase, bool poolerConsole)
{
    // Kept from an earlier action, and closed by the server since (a restart, a failover),
    // it is opened again before anything is signalled, not found closed by the signalling
    // statement.
    if (m_conn.stillOpen() && m_conn.database() != avoidDatabase && m_conn.isPoolerConsole() == poolerConsole)
        return &m_conn;
    m_conn = pg::Connection();
    pg::ConnectOptions options;
    options.purpose = QStringLiteral("actions");
    options.statementTimeoutMs = 60000;
    options.password = m_password->get();
    options.avoidDatabase = avoidDatabase;
    // Stoppable: closing the window never waits for a server that does not answer.
    options.stopped = [this] { return m_stop.load(); };
    options.allowPoolerConsole = poolerConsole;
    if (poolerConsole)
        options.fallback = false; // the console is database "pgbouncer", no other
    Expected<pg::Connection> opened = pg::Connection::open(m_spec, options);
    if (!opened.ok())
        return opened.error();
    if (poolerConsole && !opened->isPoolerConsole())
        return Error(QCoreApplication::translate("ActionWorker", "This server is not PgBouncer's admin console (any more)."));
    m_conn = std::move(opened).value();
    return &m_conn;
}

Error ActionWorker::moveMonitorOutOf(const QString &database)
{
    m_place->setAvoid(database);
    if (m_place->database() != database)
        return {};
    if (m_moveMonitor)
        m_moveMonitor();
    if (m_place->waitUntilOutOf(database, 20000, m_stop))
        return {};
    return Error(QCoreApplication::translate("ActionWorker", "pgsessions' monitor connection could not leave \"%1\" for another database "
                                                             "(postgres, template1); nothing was done.")
                     .arg(database));
}

ActionSummary ActionWorker::execute(const ActionRequest &request)
{
    ActionSummary summary;
    summary.id = request.id;
    summary.endsSessions = request.endsSessions();
    QElapsedTimer clock;
    clock.start();
    // The journal holds the action before anything is asked of the server, or the action
    // does not run.
    const Error notJournaled = m_journal->recordStart(request);
    emit started(request);
    if (notJournaled) {
        summary.journalError = notJournaled;
        summary.error = Error(QCoreApplication::translate("ActionWorker", "Nothing was done: %1").arg(notJournaled.message()));
        summary.databaseName = request.database;
        return summary;
    }
    // A database being changed has no session of pgsessions: neither this connection nor,
    // for a drop or a rename, the monitor's.
    const bool changes = request.changesDatabase();
    const QString avoid = changes ? request.database : QString();
    const auto noLongerAvoided = qScopeGuard([this, changes] {
        if (changes)
            m_place->setAvoid({});
    });
    Error cannot;
    if (request.kind == ActionRequest::KillAll && request.after != ActionRequest::Nothing)
        cannot = moveMonitorOutOf(request.database);
    const bool console = request.kind == ActionRequest::PoolerCommand || request.kind == ActionRequest::PoolerKillAll;
    const Expected<const pg::Connection *> conn = cannot ? Expected<const pg::Connection *>(cannot) : connection(avoid, console);
    const Error noConnection = conn.ok() ? Error()
                               : cannot  ? cannot
                                         : conn.error().withContext(QCoreApplication::translate("ActionWorker", "Could not connect to carry out the action"));
    bool usable = true;
    summary = ActionExecutor::runJournaled(
        *m_journal, conn.ok() ? *conn : nullptr, noConnection, request, m_stop, [this, &request](const Outcome &o) { emit outcome(request.id, o); },
        [this, &request](const QString &text) { emit progress(request.id, text); }, &usable);
    if (!usable)
        m_conn = pg::Connection(); // the next action connects afresh
    summary.durationMs = clock.elapsed();
    return summary;
}
