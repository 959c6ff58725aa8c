// SPDX-License-Identifier: GPL-3.0-or-later
#include "monitor/server_worker.h"

#include "base/thread_priority.h"

#include <QDateTime>

#include <cmath>
#include <utility>

#include "monitor/activity_load.h"
#include "monitor/activity_query.h"
#include "monitor/monitor_place.h"
#include "monitor/pooler_state.h"
#include "monitor/relation_names.h"
#include "base/app_identity.h"
#include "pg/qtsql.h"
#include "pg/result.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QTimer>
#include <QVariant>

#include <chrono>

#include <algorithm>
#include <atomic>

namespace {

qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

qint64 steadyMs()
{
    return steadyNs() / 1000000;
}

// A live poll's number, unique among every server's (see Snapshot::sequence).
quint64 nextSequence()
{
    static std::atomic<quint64> last{0};
    return ++last;
}

} // namespace

ServerWorker::ServerWorker(int serverId, ConnectionSpec spec, MonitorOptions options, std::shared_ptr<SharedPassword> password,
                           std::shared_ptr<MonitorPlace> place, QObject *parent)
    : QObject(parent)
    , m_serverId(serverId)
    , m_spec(std::move(spec))
    , m_password(password ? std::move(password) : std::make_shared<SharedPassword>())
    , m_place(place ? std::move(place) : std::make_shared<MonitorPlace>())
    , m_options(options)
    , m_connectionName(QStringLiteral("pgsessions-monitor-%1-%2").arg(serverId).arg(quintptr(this), 0, 16))
    , m_relationNames(std::make_unique<RelationNames>(m_spec, m_password))
{
}

ServerWorker::~ServerWorker()
{
    closeConnection();
}

QString ServerWorker::monitorApplicationName()
{
    return app_identity::applicationName(QStringLiteral("monitor"));
}

QTimer *ServerWorker::timer()
{
    // Created on first use, in the worker's thread, where its events are delivered.
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &ServerWorker::onTimer);
    }
    return m_timer;
}

int ServerWorker::nextPollDelayMs() const
{
    // Each server polls on a grid of its own phase (spread by the golden ratio, whatever the
    // number of servers), so that thirty servers' snapshots do not all reach the window in
    // the same few milliseconds, second after second. The grid point taken is at least half
    // an interval away: polls never come closer than that, and on average one interval apart.
    const qint64 interval = m_options.intervalMs;
    const qint64 phase = qint64(std::fmod(m_serverId * 0.6180339887498949, 1.0) * double(interval));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 next = now - (((now - phase) % interval) + interval) % interval + interval;
    if (next - now < interval / 2)
        next += interval;
    return int(next - now);
}

void ServerWorker::start()
{
    // Polls are background work: with many servers on few cores, the window goes first.
    if (!std::exchange(m_yielded, true))
        yieldToTheGuiThread(5);
    if (!m_connected)
        connectToServer();
}

void ServerWorker::setIntervalMs(int ms)
{
    m_options.intervalMs = std::clamp(ms, 100, 3600 * 1000);
    if (m_connected && !m_paused && m_timer && m_timer->isActive())
        timer()->start(nextPollDelayMs());
}

void ServerWorker::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (paused) {
        if (m_timer)
            m_timer->stop();
        setStatus(ServerStatus::Paused);
    } else if (m_connected) {
        setStatus(ServerStatus::Connected);
        poll();
    } else {
        connectToServer();
    }
}

void ServerWorker::pollNow()
{
    timer()->stop();
    onTimer();
}

void ServerWorker::onTimer()
{
    if (m_connected)
        poll();
    else
        connectToServer();
}

void ServerWorker::cancelRunningStatement()
{
    if (!m_inFlight)
        return;
    std::shared_ptr<pg::CancelHandle> cancel;
    {
        std::lock_guard<std::mutex> lock(m_cancelMutex);
        cancel = m_cancel;
    }
    // PQcancel opens a connection of its own, with no connect_timeout: never on the
    // caller's (the GUI's) thread.
    pg::CancelHandle::cancelInBackground(cancel);
}

int ServerWorker::cancelIfOverdue(int stepMs)
{
    const qint64 timeout = std::max(1, m_options.statementTimeoutMs);
    const qint64 since = m_inFlightSinceMs;
    if (since == 0)
        return int(timeout);
    const qint64 dueIn = since + timeout - steadyMs();
    if (dueIn > 0)
        return int(dueIn);
    if (!m_cancelledOverdue) {
        m_cancelledOverdue = true;
        cancelRunningStatement();
    }
    return stepMs;
}

void ServerWorker::retire(SnapshotPtr snapshot)
{
    const std::lock_guard<std::mutex> lock(m_retiredMutex);
    m_retired.push_back(std::move(snapshot));
}

void ServerWorker::finishPoll(SnapshotPtr snapshot)
{
    m_previous = snapshot;
    emit snapshotReady(std::move(snapshot));
    std::vector<SnapshotPtr> done; // what retire() handed over, freed here, out of the lock
    {
        const std::lock_guard<std::mutex> lock(m_retiredMutex);
        done.swap(m_retired);
    }
    done.clear();
    timer()->start(nextPollDelayMs());
}

void ServerWorker::requestStop()
{
    m_stopping = true;
    cancelRunningStatement();
}

void ServerWorker::setStatus(ServerStatus::State state, const QString &message, const QString &sqlState)
{
    ServerStatus next = m_status;
    next.state = state;
    next.message = message;
    next.sqlState = sqlState;
    next.retryInSeconds = state == ServerStatus::Error && !m_connected ? m_backoffSeconds : 0;
    if (next.state == m_status.state && next.message == m_status.message && next.serverVersion == m_status.serverVersion
        && next.retryInSeconds == m_status.retryInSeconds && next.standby == m_status.standby && !m_standbyChanged
        && next.poolerConsole == m_status.poolerConsole && next.pooled == m_status.pooled)
        return;
    m_standbyChanged = false;
    m_status = next;
    emit statusChanged(m_status);
}

void ServerWorker::closeConnection()
{
    {
        std::lock_guard<std::mutex> lock(m_cancelMutex);
        m_cancel.reset();
    }
    m_conn = pg::Connection();
    m_own.reset();
    m_previous.reset(); // the next connection may reach another server: its first poll reads all
    m_connected = false;
    m_prepared = false;
    m_locksPrepared = false;
    m_waitersLastPoll = false;
    m_poolerConsole = false;
    m_place->setDatabase({});
    if (QSqlDatabase::contains(m_connectionName)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

void ServerWorker::connectToServer()
{
    if (m_stopping || m_paused)
        return;
    setStatus(ServerStatus::Connecting);
    closeConnection();

    // A poll is one short statement: one that runs longer is stuck behind something, and
    // the next poll should try again rather than queue behind it.
    pg::ConnectOptions options;
    options.purpose = QStringLiteral("monitor");
    options.connectTimeoutSeconds = m_options.connectTimeoutSeconds;
    options.statementTimeoutMs = m_options.statementTimeoutMs + 5000;
    options.password = m_password->get();
    options.avoidDatabase = m_place->avoid(); // a database an action is about to change
    options.stopped = [this] { return m_stopping.load(); };
    options.allowPoolerConsole = m_options.kind != ServerKind::PostgreSQL;
    // One connection per attempt: libpq's non-blocking connect (stoppable, with the
    // maintenance database rule), then QPSQL takes that same connection over.
    Expected<pg::Connection> reached = pg::Connection::open(m_spec, options);
    if (m_stopping)
        return;
    Error error;
    bool pooled = false;
    if (reached.ok() && reached->isPoolerConsole()) {
        error = startPoolerConsole(std::move(reached).value());
        if (!error)
            return;
    } else if (reached.ok() && m_options.kind == ServerKind::PoolerConsole) {
        error = Error(QCoreApplication::translate("ServerWorker", "This address is a PostgreSQL server (%1), not PgBouncer's admin console: "
                                                                  "make the server's kind PostgreSQL or Automatic.")
                          .arg(reached->parameter("server_version")));
        m_backoffSeconds = m_options.maxBackoffSeconds / 2; // only the user can change that
    } else if (reached.ok()) {
        m_own = reached->ownership();
        pooled = reached->isPooled();
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
        // Through a pooler the startup options are left out (what QPSQL would connect
        // with, were the connection not handed over).
        const ConnectionSpec target = pg::Connection::specFor(m_spec, options);
        error = pg::qtsql::open(db, std::move(reached).value(), pooled ? target.without(QStringLiteral("options")) : target);
        if (!error)
            m_conn = pg::qtsql::borrow(db);
        if (!error)
            error = m_conn.keepBytes(); // QPSQL asked for UTF-8 again
    } else {
        error = reached.error();
    }

    if (error.kind() == Error::Kind::NeedsPassword) {
        // Retrying cannot help until the user gives one (and a wrong one, retried, may
        // lock the role out): wait for a password (ServerMonitor::setPassword) or a refresh.
        closeConnection();
        m_backoffSeconds = 0;
        setStatus(ServerStatus::NeedsPassword, error.message(), error.sqlState());
        return;
    }
    if (error) {
        closeConnection();
        m_backoffSeconds = std::clamp(m_backoffSeconds * 2, 1, m_options.maxBackoffSeconds);
        setStatus(ServerStatus::Error, error.message(), error.sqlState());
        if (!m_stopping)
            timer()->start(m_backoffSeconds * 1000);
        return;
    }

    const int version = m_conn.serverVersion();
    m_status.serverVersion = version;
    m_status.poolerConsole = false;
    m_status.pooled = pooled;
    if (version < activity_query::kMinimumServerVersion) {
        closeConnection();
        m_backoffSeconds = m_options.maxBackoffSeconds;
        setStatus(ServerStatus::Error,
                  QCoreApplication::translate("ServerWorker", "PostgreSQL %1 is not supported: pgsessions needs PostgreSQL 10 or later.")
                      .arg(m_status.versionText()));
        return;
    }
    {
        std::lock_guard<std::mutex> lock(m_cancelMutex);
        m_cancel = m_conn.cancelHandle();
    }
    m_sql = activity_query::sql(version);
    m_locksSql.clear();
    // The poll, prepared once (at 300 sessions, planning it was half its server time). Not
    // through a pooler, which may give each statement another backend.
    m_prepared = false;
    if (!pooled) {
        const Error prepared = m_conn.prepare(kPollStatement, activity_query::partialSql(version), 3);
        m_prepared = !prepared;
        if (prepared)
            qWarning("pgsessions: the poll could not be prepared, it is sent whole each time: %s", qPrintable(prepared.message()));
        // The backend's allocator, readied for the polls' copies of pg_stat_activity (see
        // warmUpSql()). Not through a pooler either: another backend would get it.
        if (const Error warmed = m_conn.run(activity_query::warmUpSql()))
            qWarning("pgsessions: the monitor's backend was not readied for its polls: %s", qPrintable(warmed.message()));
    }
    Expected<PrivilegeHints> privileges = PrivilegeHints::read(m_conn);
    if (privileges.ok())
        m_status.privileges = privileges.value();
    else
        qWarning("pgsessions: cannot read the role's privileges: %s", qPrintable(privileges.error().message()));
    m_connected = true;
    m_place->setDatabase(m_conn.database());
    m_backoffSeconds = 0;
    setStatus(ServerStatus::Connected);
    poll();
}

Error ServerWorker::startPoolerConsole(pg::Connection conn)
{
    const Expected<QString> version = pooler_query::version(conn);
    if (!version.ok())
        return version.error();
    m_conn = std::move(conn);
    m_poolerConsole = true;
    {
        std::lock_guard<std::mutex> lock(m_cancelMutex);
        m_cancel = m_conn.cancelHandle();
    }
    m_status.poolerConsole = true;
    m_status.poolerVersion = version.value();
    m_status.serverVersion = PoolerState::parseVersion(version.value());
    m_status.pooled = false;
    m_status.standby = false;
    m_status.privileges = {};
    m_connected = true;
    m_backoffSeconds = 0;
    setStatus(ServerStatus::Connected);
    poll();
    return {};
}

void ServerWorker::pollPooler()
{
    QElapsedTimer clock;
    clock.start();
    const qint64 startedNs = steadyNs();
    auto state = std::make_shared<PoolerState>();
    state->version = m_status.poolerVersion;
    state->versionNum = m_status.serverVersion;
    m_cancelledOverdue = false;
    m_inFlightSinceMs = steadyMs();
    m_inFlight = true;
    const Error error = pooler_query::read(m_conn, *state, m_previous && m_previous->pooler ? m_previous->pooler.get() : nullptr);
    m_inFlight = false;
    m_inFlightSinceMs = 0;
    const bool overdue = m_cancelledOverdue.exchange(false);
    if (m_stopping)
        return;
    if (error) {
        if (!m_conn.isOpen()) {
            connectionLost(error.message());
            return;
        }
        setStatus(ServerStatus::Error,
                  overdue ? QCoreApplication::translate("ServerWorker", "The pooler did not answer the poll within %1 s; it was cancelled and will be tried again.")
                                .arg(m_options.statementTimeoutMs / 1000.0, 0, 'g', 3)
                          : error.message(),
                  error.sqlState());
        timer()->start(nextPollDelayMs());
        return;
    }
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->server = m_serverId;
    snapshot->serverVersion = m_status.serverVersion;
    snapshot->pollMicros = clock.nsecsElapsed() / 1000;
    snapshot->pollStartedNs = startedNs;
    snapshot->pooler = std::move(state);
    setStatus(ServerStatus::Connected);
    finishPoll(std::move(snapshot));
}

bool ServerWorker::sendLocks(const pg::Result &activity)
{
    // Only when somebody waits on a heavyweight lock: reading pg_locks takes the lock
    // manager's partition locks.
    if (!activity_query::waitsOnLock(activity))
        return false;
    if (m_locksSql.isEmpty()) {
        m_locksSql = activity_query::locksSql(m_conn.serverVersion());
        // Prepared too, the first time (its planning is most of its cost: 0.55 against
        // 0.24 ms with five waiters), where the poll is.
        m_locksPrepared = m_prepared && !m_conn.prepare(kLocksStatement, m_locksSql);
    }
    m_locksSent.start();
    if (m_locksPrepared)
        return m_conn.sendPrepared(kLocksStatement);
    return m_conn.send(m_locksSql);
}

void ServerWorker::readLocks(Snapshot &snapshot, const pg::Result &locks)
{
    if (m_locksPrepared && pg::Connection::preparedStatementGone(locks))
        m_locksPrepared = false; // gone (see poll()): sent as text from the next poll on
    // Without the locks the tree still stands (pg_blocking_pids is in the poll): the lock
    // details are what is missing, not the poll.
    if (!locks.ok() || activity_query::readLocks(locks, snapshot.locks))
        return;
    m_relationNames->resolve(snapshot.locks, snapshot.databases, [this] { return m_stopping.load(); });
}

void ServerWorker::moveIfAvoided()
{
    const QString avoid = m_place->avoid();
    if (!m_connected || avoid.isEmpty() || m_conn.database() != avoid)
        return;
    closeConnection();
    connectToServer();
}

void ServerWorker::connectionLost(const QString &message)
{
    closeConnection();
    m_backoffSeconds = std::clamp(m_backoffSeconds * 2, 1, m_options.maxBackoffSeconds);
    setStatus(ServerStatus::Error, message);
    if (!m_stopping)
        timer()->start(m_backoffSeconds * 1000);
}

void ServerWorker::poll()
{
    if (m_stopping || m_paused)
        return;
    if (!m_conn.isOpen()) {
        connectionLost(m_conn.lastError().message());
        return;
    }
    if (m_poolerConsole) {
        pollPooler();
        return;
    }

    QElapsedTimer clock;
    clock.start();
    const qint64 startedNs = steadyNs();
    m_cancelledOverdue = false;
    m_inFlightSinceMs = steadyMs();
    m_inFlight = true;
    // Sessions idle since before the last poll (with a margin, see kUnchangedMarginMicros)
    // travel as their pids; every kWholePollEvery-th poll reads every session whole.
    qint64 unchangedBefore = kNoTime;
    // (After a poll that took over a second, whole: the clock check below allows for the
    // time it took, and could then miss a server clock that went back past the margin.)
    if (m_prepared && m_previous && m_previous->serverTime != kNoTime && m_previous->pollMicros <= kUnchangedMarginMicros / 2
        && ++m_partialPolls < kWholePollEvery)
        unchangedBefore = m_previous->serverTime - kUnchangedMarginMicros;
    else
        m_partialPolls = 0;
    // (and the statements running on as their pids, when they are as the last poll saw them)
    const QList<QByteArray> parameters = activity_query::partialParameters(unchangedBefore, m_previous.get());
    // While sessions wait on locks, the locks are asked for with the activity, in one
    // pipeline, before it: both results come in one answer, which wakes this thread once
    // (the activity's sent apart, for reading while the server read pg_locks, woke it
    // twice a poll, and the reading did not overlap on two cores). If nobody waits any
    // more, the locks are dropped.
    bool pipelined = m_prepared && m_locksPrepared && m_waitersLastPoll;
    // Until the pipeline is over, the locks statement is in flight too: the watchdog and a
    // stop can cancel it.
    const auto land = [this] {
        m_inFlight = false;
        m_inFlightSinceMs = 0;
    };
    const auto landed = qScopeGuard(land);
    pg::Result result;
    pg::Result locks;
    qint64 locksMicros = 0;
    if (pipelined) {
        m_locksSent.start();
        if (!m_conn.sendPipeline({{kLocksStatement, {}}, {kPollStatement, parameters}})) {
            connectionLost(m_conn.lastError().message());
            return;
        }
        locks = m_conn.collect();
        locksMicros = std::max<qint64>(1, m_locksSent.nsecsElapsed() / 1000);
        result = m_conn.collect();
        // A failed locks statement skipped the activity's: its error is the poll's (a
        // statement gone, the watchdog's cancel).
        if (!locks.ok())
            result = std::move(locks);
    } else if (m_prepared) {
        result = m_conn.execPrepared(kPollStatement, parameters);
    } else {
        result = m_conn.exec(m_sql);
    }
    if (m_prepared) {
        if (pg::Connection::preparedStatementGone(result) && (!pipelined || m_conn.endPipeline())) {
            // The statement is gone (a pooler not recognised as one gave another backend):
            // from now on the whole statement, as text.
            qWarning("pgsessions: the prepared poll is gone (%s); the poll is sent whole from now on", qPrintable(result.error().message()));
            m_prepared = m_locksPrepared = pipelined = false;
            unchangedBefore = kNoTime;
            result = m_conn.exec(m_sql);
        }
    }
    if (!pipelined)
        land();
    const bool overdue = m_cancelledOverdue.exchange(false);
    const qint64 micros = clock.nsecsElapsed() / 1000;
    if (m_stopping)
        return; // (a pipeline left open included: the connection is not used again)

    if (!result.ok()) {
        const Error error = result.valid() ? result.error() : m_conn.lastError();
        if (!m_conn.isOpen() || (pipelined && !m_conn.endPipeline())) {
            connectionLost(error.message());
            return;
        }
        if (overdue && error.sqlState() == QLatin1String("57014")) {
            setStatus(ServerStatus::Error,
                      QCoreApplication::translate("ServerWorker", "The server did not answer the poll within %1 s; it was cancelled and will be tried again.")
                          .arg(m_options.statementTimeoutMs / 1000.0, 0, 'g', 3),
                      error.sqlState());
        } else {
            setStatus(ServerStatus::Error, error.message(), error.sqlState());
        }
        timer()->start(nextPollDelayMs());
        return;
    }

    // The locks, when a session waits on one, are asked for now if they were not with the
    // activity: the server reads them while this thread reads the activity.
    m_waitersLastPoll = activity_query::waitsOnLock(result);
    const bool locksSent = pipelined ? m_waitersLastPoll : sendLocks(result);
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->server = m_serverId;
    snapshot->pollMicros = micros;
    snapshot->pollStartedNs = startedNs;
    snapshot->sequence = nextSequence();
    Error error = activity_query::read(result, m_conn.serverVersion(), *snapshot, m_previous.get());
    // A poll's server time (statement_timestamp()) falls between its sending and its
    // answer here: at least this much passed there between the last poll's and this one's.
    // (From the last poll's sending instead, a poll held up on a lock before it ran looked
    // like a clock that went back.)
    const qint64 sinceLastAnswer = unchangedBefore == kNoTime ? 0 : (startedNs - m_previous->pollStartedNs) / 1000 - m_previous->pollMicros;
    if (!error && unchangedBefore != kNoTime && snapshot->serverTime - m_previous->serverTime < sinceLastAnswer - kUnchangedMarginMicros / 2) {
        // The server's clock went back (less time passed there than here): a change since
        // may carry a time before the last poll's, and have been left out as unchanged.
        error = Error(QStringLiteral("the server's clock went back %1 ms").arg((sinceLastAnswer - (snapshot->serverTime - m_previous->serverTime)) / 1000));
    }
    if (error) {
        // The connection free again for the next poll.
        if (pipelined && !m_conn.endPipeline()) {
            connectionLost(m_conn.lastError().message());
            return;
        }
        if (locksSent && !pipelined)
            (void)m_conn.collect();
        if (unchangedBefore != kNoTime) {
            // Rare (a role granted pg_read_all_stats since the last poll, a server clock that
            // went back): the next poll, at once, reads every session whole.
            qWarning("pgsessions: %s", qPrintable(error.message()));
            m_previous.reset();
            timer()->start(0);
            return;
        }
        setStatus(ServerStatus::Error, error.message());
        timer()->start(nextPollDelayMs());
        return;
    }
    result = pg::Result();
    if (locksSent) {
        if (!pipelined) {
            locks = m_conn.collect();
            locksMicros = std::max<qint64>(1, m_locksSent.nsecsElapsed() / 1000);
        }
        snapshot->locksMicros = locksMicros;
        snapshot->locksWithActivity = pipelined;
    }
    if (pipelined && !m_conn.endPipeline()) {
        connectionLost(m_conn.lastError().message());
        return;
    }
    land();
    if (locksSent)
        readLocks(*snapshot, locks);
    // Counted here, where the sessions were just read: the load once for the timeline and
    // the history file, the tally for the server tree.
    snapshot->load = std::make_shared<const activity_load::ByDatabase>(activity_load::count(*snapshot));
    snapshot->tally = std::make_shared<const database_tally::List>(database_tally::count(*snapshot));
    if (snapshot->inRecovery != m_status.standby) {
        m_status.standby = snapshot->inRecovery; // promoted, or became a standby
        m_standbyChanged = true;
    }
    setStatus(ServerStatus::Connected);
    finishPoll(std::move(snapshot));
}
