// SPDX-License-Identifier: GPL-3.0-or-later
#include "pg/connection.h"

#include "pg/connection_spec.h"
#include "pg/error_text.h"
#include "pg/maintenance.h"
#include "pg/own_backends.h"
#include "pg/text_codec.h"

#include <QCoreApplication>
#include <QDeadlineTimer>

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <thread>
#include <utility>
#include <vector>

namespace pg {

namespace {

// PgBouncer's refusal of a startup parameter it does not pass on (08P01): "unsupported
// startup parameter: options" (1.18), "unsupported startup parameter in options: …" (1.20+).
bool refusedStartupOptions(const Error &error)
{
    return error.message().contains(QLatin1String("unsupported startup parameter"));
}

} // namespace

Connection::Connection(Connection &&other) noexcept
    : m_conn(std::exchange(other.m_conn, nullptr))
    , m_owned(other.m_owned)
    , m_own(std::move(other.m_own))
    , m_backendStart(other.m_backendStart)
    , m_pooled(other.m_pooled)
{
}

Connection &Connection::operator=(Connection &&other) noexcept
{
    if (this != &other) {
        if (m_owned && m_conn)
            PQfinish(m_conn);
        m_conn = std::exchange(other.m_conn, nullptr);
        m_owned = other.m_owned;
        m_own = std::move(other.m_own);
        m_backendStart = other.m_backendStart;
        m_pooled = other.m_pooled;
    }
    return *this;
}

Connection::~Connection()
{
    if (m_owned && m_conn)
        PQfinish(m_conn);
}

qint64 Connection::backendStart() const
{
    return m_backendStart;
}

Expected<Connection> Connection::connect(const QString &conninfo, int timeoutSeconds, const std::function<bool()> &stopped)
{
    timeoutSeconds = std::max(1, timeoutSeconds);
    const QDeadlineTimer deadline(timeoutSeconds * 1000);
    Connection conn(PQconnectStart(encodeText(conninfo).constData()), true);
    if (!conn.m_conn)
        return Error(QCoreApplication::translate("pg", "Out of memory while connecting."));
    PQsetErrorVerbosity(conn.m_conn, PQERRORS_VERBOSE); // for the SQLSTATE of a refusal
    PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
    while (true) {
        if (PQstatus(conn.m_conn) == CONNECTION_BAD || polling == PGRES_POLLING_FAILED)
            return connectFailure(conn.m_conn);
        if (polling == PGRES_POLLING_OK) {
            PQsetErrorVerbosity(conn.m_conn, PQERRORS_DEFAULT);
            return conn;
        }
        pollfd fd{PQsocket(conn.m_conn), short(polling == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
        const int ready = ::poll(&fd, 1, 50);
        if (stopped && stopped())
            return Error(QCoreApplication::translate("pg", "Stopped."), {}, Error::Kind::Stopped);
        if (ready != 0)
            polling = PQconnectPoll(conn.m_conn);
        else if (deadline.hasExpired())
            return Error(QCoreApplication::translate("pg", "No answer from the server within %n second(s) (connect_timeout).", nullptr,
                                                     timeoutSeconds));
    }
}

ConnectionSpec Connection::specFor(const ConnectionSpec &spec, const ConnectOptions &options)
{
    ConnectionSpec base = spec.forPgsessions(options.purpose, options.connectTimeoutSeconds, options.statementTimeoutMs);
    if (!options.password.isEmpty())
        base = base.with(QStringLiteral("password"), options.password);
    return base;
}

Expected<Connection> Connection::open(const ConnectionSpec &spec, const ConnectOptions &options)
{
    const ConnectionSpec base = specFor(spec, options);
    const int timeout = base.value(QStringLiteral("connect_timeout")).toInt();
    Error refusal(QCoreApplication::translate("pg", "No database to connect to: every maintenance database was left out."));
    const QStringList databases = options.fallback ? maintenance::candidates(spec, options.avoidDatabase)
                                                   : QStringList{spec.value(QStringLiteral("dbname"))};
    for (const QString &database : databases) {
        const ConnectionSpec target = database.isEmpty() ? base : base.with(QStringLiteral("dbname"), database);
        Expected<Connection> attempt = connect(target.toConninfo(), timeout, options.stopped);
        bool optionsRefused = false;
        if (!attempt.ok() && refusedStartupOptions(attempt.error())) {
            // A pooler (PgBouncer) refuses the startup options that carry statement_timeout:
            // the same database again without them.
            optionsRefused = true;
            attempt = connect(target.without(QStringLiteral("options")).toConninfo(), timeout, options.stopped);
        }
        if (attempt.ok()) {
            if (attempt->isPoolerConsole()) {
                if (options.allowPoolerConsole)
                    return attempt; // no backend of its own, and no SQL
                return Error(QCoreApplication::translate("pg", "This address is PgBouncer's admin console (PgBouncer %1), not a PostgreSQL "
                                                               "server. Make the server's kind \"PgBouncer admin console\" to watch the "
                                                               "pooler, or name one of its pooled databases to watch the server behind it.")
                                 .arg(attempt->parameter("server_version").section(QLatin1Char('/'), 0, 0)));
            }
            // A service (or libpq's default) may name the very database to avoid.
            if (!options.avoidDatabase.isEmpty() && attempt->database() == options.avoidDatabase)
                continue;
            // One of ours from now on: known by its backend's pid and start, which
            // nobody else can take on (an application_name anybody can).
            const Result me = attempt->exec(QByteArrayLiteral(
                "SELECT pg_backend_pid(), (extract(epoch FROM a.backend_start) * 1000000)::int8 FROM pg_stat_get_activity(pg_backend_pid()) a"));
            if (!me.ok() || me.rows() != 1)
                return (me.valid() ? me.error() : attempt->lastError()).withContext(
                    QCoreApplication::translate("pg", "The server did not say which backend serves this connection"));
            attempt->m_backendStart = me.integer(0, 1);
            // PgBouncer answers the client with a cancel key of its own: a pid libpq was
            // told that is not the backend's says a pooler is in between.
            attempt->m_pooled = optionsRefused || attempt->backendPid() != int(me.integer(0, 0));
            if (const Error e = attempt->keepBytes())
                return e;
            attempt->m_own = std::make_shared<OwnBackends::Registration>(int(me.integer(0, 0)), attempt->m_backendStart);
            return attempt;
        }
        refusal = attempt.error();
        if (!maintenance::tryNext(refusal))
            break;
    }
    return refusal;
}

bool Connection::isPoolerConsole() const
{
    return parameter("server_version").endsWith(QLatin1String("/bouncer"));
}

Connection Connection::borrow(pg_conn *conn)
{
    return Connection(conn, false);
}

pg_conn *Connection::release()
{
    return std::exchange(m_conn, nullptr);
}

bool Connection::isOpen() const
{
    return m_conn && PQstatus(m_conn) == CONNECTION_OK;
}

bool Connection::stillOpen() const
{
    // A server that ends a connection sends its reason, then closes: the reason is read as
    // a notice, and the close only by a read after it.
    for (int reads = 0; reads < 4 && isOpen(); ++reads) {
        pollfd fd{PQsocket(m_conn), POLLIN, 0};
        if (::poll(&fd, 1, 0) <= 0 || !PQconsumeInput(m_conn))
            break;
    }
    return isOpen();
}

int Connection::serverVersion() const
{
    return PQserverVersion(m_conn);
}

int Connection::backendPid() const
{
    return PQbackendPID(m_conn);
}

QString Connection::database() const
{
    return m_conn ? decodeText(PQdb(m_conn), int(qstrlen(PQdb(m_conn)))) : QString();
}

QString Connection::parameter(const char *name) const
{
    return m_conn ? QString::fromUtf8(PQparameterStatus(m_conn, name)) : QString();
}

Error Connection::lastError() const
{
    return connectionError(m_conn);
}

Result Connection::exec(const QByteArray &sql) const
{
    return Result(PQexec(m_conn, sql.constData()));
}

bool Connection::send(const QByteArray &sql) const
{
    return m_conn && PQsendQuery(m_conn, sql.constData()) == 1;
}

Result Connection::collect() const
{
    // As PQexec does: every result of the query read, the last one kept (an error stays
    // the one kept once there is one).
    Result kept;
    while (PGresult *next = PQgetResult(m_conn)) {
        const bool failed = kept.valid() && PQresultStatus(kept.get()) == PGRES_FATAL_ERROR;
        if (failed)
            PQclear(next);
        else
            kept = Result(next);
    }
    return kept; // not valid when nothing came back: lastError() says why
}

namespace {

// Text parameters for libpq: a null QByteArray is SQL NULL.
std::vector<const char *> values(const QList<QByteArray> &params)
{
    std::vector<const char *> out;
    out.reserve(size_t(params.size()));
    for (const QByteArray &p : params)
        out.push_back(p.isNull() ? nullptr : p.constData());
    return out;
}

} // namespace

Result Connection::exec(const QByteArray &sql, const QList<QByteArray> &params) const
{
    const std::vector<const char *> v = values(params);
    return Result(PQexecParams(m_conn, sql.constData(), int(v.size()), nullptr, v.data(), nullptr, nullptr, 0));
}

Error Connection::prepare(const char *name, const QByteArray &sql, int parameters) const
{
    const Result r(PQprepare(m_conn, name, sql.constData(), parameters, nullptr));
    if (!r.valid())
        return lastError();
    return r.error();
}

Result Connection::execPrepared(const char *name, const QList<QByteArray> &params) const
{
    const std::vector<const char *> v = values(params);
    return Result(PQexecPrepared(m_conn, name, int(v.size()), v.data(), nullptr, nullptr, 0));
}

bool Connection::sendPrepared(const char *name) const
{
    return m_conn && PQsendQueryPrepared(m_conn, name, 0, nullptr, nullptr, nullptr, 0) == 1;
}

bool Connection::sendPipeline(const std::vector<Prepared> &statements) const
{
    if (!m_conn || PQenterPipelineMode(m_conn) != 1)
        return false;
    for (const Prepared &statement : statements) {
        const std::vector<const char *> v = values(statement.params);
        if (PQsendQueryPrepared(m_conn, statement.name, int(v.size()), v.data(), nullptr, nullptr, 0) != 1)
            return false;
    }
    return PQpipelineSync(m_conn) == 1; // (and the sync has the server send what it holds)
}

bool Connection::endPipeline() const
{
    if (!m_conn)
        return false;
    if (PQpipelineStatus(m_conn) == PQ_PIPELINE_OFF)
        return PQstatus(m_conn) == CONNECTION_OK;
    // Each statement's results end with a NULL, and the sync's result ends the pipeline.
    // Two NULLs in a row: nothing more will come (libpq gave up on the connection).
    for (int nulls = 0; nulls < 2 && PQstatus(m_conn) == CONNECTION_OK;) {
        const Result next(PQgetResult(m_conn));
        if (!next.valid()) {
            ++nulls;
            continue;
        }
        nulls = 0;
        if (PQresultStatus(next.get()) == PGRES_PIPELINE_SYNC)
            return PQexitPipelineMode(m_conn) == 1 && PQstatus(m_conn) == CONNECTION_OK;
    }
    return false;
}

bool Connection::preparedStatementGone(const Result &result)
{
    return result.valid() && !result.ok() && result.error().sqlState() == QLatin1String("26000");
}

Error Connection::run(const QByteArray &sql, const QList<QByteArray> &params) const
{
    const Result r = exec(sql, params);
    if (!r.valid())
        return lastError();
    return r.error();
}

Expected<QString> Connection::value(const QByteArray &sql, const QList<QByteArray> &params) const
{
    const Result r = exec(sql, params);
    if (!r.valid())
        return lastError();
    if (const Error e = r.error())
        return e;
    return r.rows() > 0 && r.columns() > 0 ? r.text(0, 0) : QString();
}

Error Connection::keepBytes() const
{
    if (parameter("server_encoding") != QLatin1String("SQL_ASCII") || parameter("client_encoding") == QLatin1String("SQL_ASCII"))
        return {};
    return run(QByteArrayLiteral("SET client_encoding TO 'SQL_ASCII'"));
}

std::shared_ptr<CancelHandle> Connection::cancelHandle() const
{
    return m_conn ? std::make_shared<CancelHandle>(m_conn) : nullptr;
}

void Connection::waitUntilClosed() const
{
    while (PQstatus(m_conn) == CONNECTION_OK) {
        pollfd fd{PQsocket(m_conn), POLLIN, 0};
        if (::poll(&fd, 1, 2000) > 0 && !PQconsumeInput(m_conn))
            return;
    }
}

CancelHandle::CancelHandle(pg_conn *conn)
    : m_cancel(PQgetCancel(conn))
{
}

CancelHandle::~CancelHandle()
{
    PQfreeCancel(m_cancel);
}

Error CancelHandle::cancel() const
{
    char buffer[256] = {};
    if (m_cancel && PQcancel(m_cancel, buffer, sizeof buffer))
        return {};
    return Error(QString::fromUtf8(buffer).trimmed());
}

void CancelHandle::cancelInBackground(const std::shared_ptr<CancelHandle> &handle)
{
    if (!handle)
        return;
    // The thread keeps the handle alive until the request is done.
    std::thread([handle] { (void)handle->cancel(); }).detach();
}

} // namespace pg
