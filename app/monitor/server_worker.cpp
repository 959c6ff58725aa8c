// SPDX-License-Identifier: GPL-3.0-or-later
#include "monitor/server_worker.h"

#include "monitor/activity_query.h"
#include "base/app_identity.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QTimer>
#include <QVariant>

#include <chrono>
#include <thread>

#include <algorithm>

namespace {

QString connectionErrorText(const QSqlError &error)
{
    QString text = error.driverText();
    if (!error.databaseText().isEmpty())
        text = error.databaseText();
    return text.trimmed();
}

qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

qint64 steadyMs()
{
    return steadyNs() / 1000000;
}

} // namespace

ServerWorker::ServerWorker(int serverId, ConnectionSpec spec, MonitorOptions options, std::shared_ptr<SharedPassword> password,
                           QObject *parent)
    : QObject(parent)
    , m_serverId(serverId)
    , m_spec(std::move(spec))
    , m_password(password ? std::move(password) : std::make_shared<SharedPassword>())
    , m_options(options)
    , m_connectionName(QStringLiteral("pgsessions-monitor-%1-%2").arg(serverId).arg(quintptr(this), 0, 16))
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

void ServerWorker::start()
{
    if (!m_connected)
        connectToServer();
}

void ServerWorker::setIntervalMs(int ms)
{
    m_options.intervalMs = std::clamp(ms, 100, 3600 * 1000);
    if (m_connected && !m_paused && m_timer && m_timer->isActive())
        timer()->start(m_options.intervalMs);
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
    std::shared_ptr<PGcancel> cancel;
    {
        std::lock_guard<std::mutex> lock(m_cancelMutex);
        cancel = m_cancel;
    }
    if (!cancel)
        return;
    // PQcancel opens a connection of its own, with no connect_timeout: never on the
    // caller's (the GUI's) thread. The thread keeps the cancel object alive.
    std::thread([cancel] {
        char buffer[256];
        PQcancel(cancel.get(), buffer, sizeof buffer);
    }).detach();
}

bool ServerWorker::cancelIfOverdue()
{
    const qint64 since = m_inFlightSinceMs;
    if (since == 0 || steadyMs() - since < m_options.statementTimeoutMs || m_cancelledOverdue)
        return false;
    m_cancelledOverdue = true;
    cancelRunningStatement();
    return true;
}

void ServerWorker::requestStop()
{
    m_stopping = true;
    cancelRunningStatement();
}

PGconn *ServerWorker::handle() const
{
    if (!QSqlDatabase::contains(m_connectionName))
        return nullptr;
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isOpen() || !db.driver())
        return nullptr;
    const QVariant h = db.driver()->handle();
    // The driver registers the handle under libpq's struct name.
    if (!h.isValid() || (qstrcmp(h.typeName(), "PGconn*") != 0 && qstrcmp(h.typeName(), "pg_conn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(h.constData());
}

void ServerWorker::setStatus(ServerStatus::State state, const QString &message, const QString &sqlState)
{
    ServerStatus next = m_status;
    next.state = state;
    next.message = message;
    next.sqlState = sqlState;
    next.retryInSeconds = state == ServerStatus::Error && !m_connected ? m_backoffSeconds : 0;
    if (next.state == m_status.state && next.message == m_status.message && next.serverVersion == m_status.serverVersion
        && next.retryInSeconds == m_status.retryInSeconds)
        return;
    m_status = next;
    emit statusChanged(m_status);
}

void ServerWorker::closeConnection()
{
    {
        std::lock_guard<std::mutex> lock(m_cancelMutex);
        m_cancel.reset();
    }
    m_connected = false;
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
    ConnectionSpec spec = m_spec.forPgsessions(QStringLiteral("monitor"), m_options.connectTimeoutSeconds, m_options.statementTimeoutMs + 5000);
    const QString password = m_password->get();
    if (!password.isEmpty())
        spec = spec.with(QStringLiteral("password"), password);

    // The maintenance database: the one the user named, else the service's, else
    // postgres, else template1.
    QStringList databases;
    if (spec.has(QStringLiteral("dbname")))
        databases << spec.value(QStringLiteral("dbname"));
    else
        databases << (spec.has(QStringLiteral("service")) ? QStringList{QString()} : QStringList{}) << QStringLiteral("postgres")
                  << QStringLiteral("template1");

    QString error;
    bool opened = false;
    ConnectAttempt refused; // for a password the server wants
    for (const QString &database : databases) {
        if (m_stopping)
            return;
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
        if (!db.isValid()) {
            error = QCoreApplication::translate("ServerWorker", "The Qt PostgreSQL driver (QPSQL) is not available: %1")
                        .arg(connectionErrorText(db.lastError()));
            break;
        }
        const ConnectionSpec target = database.isEmpty() ? spec : spec.with(QStringLiteral("dbname"), database);
        if (!target.applyTo(db, &error))
            break;
        ConnectAttempt reached = reachServer(target);
        error = reached.error;
        if (m_stopping)
            return;
        if (reached.needsPassword) {
            refused = std::move(reached);
            break;
        }
        if (!error.isEmpty()) {
            // Try the next maintenance database only when this one does not exist.
            if (reached.sqlState == QLatin1String("3D000"))
                continue;
            break;
        }
        if (db.open()) {
            opened = true;
            break;
        }
        error = connectionErrorText(db.lastError());
        if (database.isEmpty() || !error.contains(QLatin1Char('"') + database + QLatin1Char('"')))
            break;
    }

    if (refused.needsPassword) {
        // Retrying cannot help until the user gives one (and a wrong one, retried, may
        // lock the role out): wait for a password (ServerMonitor::setPassword) or a refresh.
        closeConnection();
        m_backoffSeconds = 0;
        setStatus(ServerStatus::NeedsPassword, refused.error, refused.sqlState);
        return;
    }
    PGconn *conn = opened ? handle() : nullptr;
    if (opened && !conn)
        error = QCoreApplication::translate("ServerWorker", "The Qt PostgreSQL driver did not expose its libpq connection.");
    if (!conn) {
        closeConnection();
        m_backoffSeconds = std::clamp(m_backoffSeconds * 2, 1, m_options.maxBackoffSeconds);
        setStatus(ServerStatus::Error, error);
        if (!m_stopping)
            timer()->start(m_backoffSeconds * 1000);
        return;
    }

    const int version = PQserverVersion(conn);
    m_status.serverVersion = version;
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
        m_cancel = std::shared_ptr<PGcancel>(PQgetCancel(conn), pg::CancelDeleter());
    }
    m_sql = activity_query::sql(version);
    QString privilegeError;
    m_status.privileges = PrivilegeHints::read(conn, &privilegeError);
    if (!m_status.privileges.known)
        qWarning("pgsessions: cannot read the role's privileges: %s", qPrintable(privilegeError));
    m_connected = true;
    m_backoffSeconds = 0;
    setStatus(ServerStatus::Connected);
    poll();
}

// QPSQL's open() blocks until libpq gives up, which a silent server stretches to the
// whole connect_timeout. Reaching the server first with libpq's non-blocking connect
// keeps the worker stoppable in the meantime (a close of the window never waits on it),
// and QPSQL then opens a connection to a server known to answer.
ConnectAttempt ServerWorker::reachServer(const ConnectionSpec &target)
{
    return connectWithTimeout(target.toConninfo(), target.value(QStringLiteral("connect_timeout")).toInt(),
                              [this] { return m_stopping.load(); });
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
    PGconn *conn = handle();
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        connectionLost(conn ? QString::fromUtf8(PQerrorMessage(conn)).trimmed()
                            : QCoreApplication::translate("ServerWorker", "The connection is closed."));
        return;
    }

    QElapsedTimer clock;
    clock.start();
    const qint64 startedNs = steadyNs();
    m_cancelledOverdue = false;
    m_inFlightSinceMs = steadyMs();
    m_inFlight = true;
    pg::Result result(PQexec(conn, m_sql.constData()));
    m_inFlight = false;
    m_inFlightSinceMs = 0;
    const bool overdue = m_cancelledOverdue.exchange(false);
    const qint64 micros = clock.nsecsElapsed() / 1000;
    if (m_stopping)
        return;

    if (!result || PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
        const QString message = QString::fromUtf8(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn)).trimmed();
        if (PQstatus(conn) != CONNECTION_OK) {
            connectionLost(message);
            return;
        }
        const QString sqlState = result ? QString::fromLatin1(PQresultErrorField(result.get(), PG_DIAG_SQLSTATE)) : QString();
        if (overdue && sqlState == QLatin1String("57014")) {
            setStatus(ServerStatus::Error,
                      QCoreApplication::translate("ServerWorker", "The server did not answer the poll within %1 s; it was cancelled and will be tried again.")
                          .arg(m_options.statementTimeoutMs / 1000.0, 0, 'g', 3),
                      sqlState);
        } else {
            setStatus(ServerStatus::Error, message, sqlState);
        }
        timer()->start(m_options.intervalMs);
        return;
    }

    auto snapshot = std::make_shared<Snapshot>();
    snapshot->server = m_serverId;
    snapshot->pollMicros = micros;
    snapshot->pollStartedNs = startedNs;
    QString error;
    if (!activity_query::read(result.get(), PQserverVersion(conn), *snapshot, &error, m_previous.get())) {
        setStatus(ServerStatus::Error, error);
        timer()->start(m_options.intervalMs);
        return;
    }
    result.reset();
    setStatus(ServerStatus::Connected);
    m_previous = snapshot;
    emit snapshotReady(std::move(snapshot));
    timer()->start(m_options.intervalMs);
}
