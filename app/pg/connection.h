// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"
#include "pg/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

struct pg_conn;
struct pg_cancel;
class ConnectionSpec;
class OwnBackends;

namespace pg {

class CancelHandle;

/// How pgsessions connects for one purpose.
struct ConnectOptions {
    QString purpose = QStringLiteral("monitor"); ///< in the application_name: "monitor", "actions", "test"
    int connectTimeoutSeconds = 10;               ///< unless the user set connect_timeout
    int statementTimeoutMs = 10000;               ///< the server's statement_timeout for the connection
    QString password;                             ///< one given for this run, if any
    QString avoidDatabase;                        ///< never this one (a database being dropped or renamed)
    bool fallback = true;                         ///< false: the named database or nothing (no maintenance rule)
    /// true: PgBouncer's admin console is a server this connection may reach (it has no
    /// backend of its own, and takes only PgBouncer's commands). false: reaching one is
    /// an error that says what it is.
    bool allowPoolerConsole = false;
    std::function<bool()> stopped;                ///< checked every 50 ms while connecting
};

/// A libpq connection, the only kind of handle on a server in pgsessions: owned (closed
/// when this goes), or borrowed from QPSQL (never closed here). Blocking calls: use it in
/// a worker thread, never the GUI's.
class Connection
{
public:
    Connection() = default;
    Connection(Connection &&other) noexcept;
    Connection &operator=(Connection &&other) noexcept;
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;
    ~Connection();

    /// Connects to exactly @p conninfo with libpq's non-blocking API, checking @p stopped
    /// every 50 ms so the caller's thread stays stoppable; gives up after @p timeoutSeconds.
    /// A refusal for want of a password is Error::Kind::NeedsPassword.
    static Expected<Connection> connect(const QString &conninfo, int timeoutSeconds, const std::function<bool()> &stopped = {});

    /// pgsessions' own connection to a server: its application_name, timeouts and
    /// keepalives (ConnectionSpec::forPgsessions), to the first maintenance database
    /// that takes it (maintenance::candidates, maintenance::tryNext), and registered as
    /// one of this process's own backends (OwnBackends) while it lives. The monitor, the
    /// actions and "Test connection" all connect through here.
    static Expected<Connection> open(const ConnectionSpec &spec, const ConnectOptions &options);
    /// What open() connects with, before a maintenance database is chosen.
    static ConnectionSpec specFor(const ConnectionSpec &spec, const ConnectOptions &options);

    /// A connection owned elsewhere (QPSQL's): used, never closed here.
    static Connection borrow(pg_conn *conn);

    /// Connected, and libpq says the connection is good.
    bool isOpen() const;
    /// isOpen(), after reading what the server sent while the connection sat idle, without
    /// a round trip: a server that closed it (a restart, a failover, idle_session_timeout,
    /// its backend terminated) is noticed here, not by the next statement, once its close
    /// has arrived. A peer gone without a word is not.
    bool stillOpen() const;
    int serverVersion() const;
    int backendPid() const;
    QString database() const;
    /// A parameter the server reported (server_version, application_name, ...).
    QString parameter(const char *name) const;
    /// PgBouncer's admin console (it reports a server_version ending in "/bouncer").
    bool isPoolerConsole() const;
    /// Through a connection pooler (open() only): the backend serving the connection is
    /// not the one libpq was told of (PgBouncer gives its own cancel key). Then no
    /// server-side statement_timeout is relied on (a pooler refuses or drops startup
    /// options, and a SET would stay with a pooled backend), statements are never
    /// prepared across syncs (a transaction pool routes each to any backend), and which
    /// backend is this connection's holds only as long as the pool keeps it.
    bool isPooled() const { return m_pooled; }
    /// What libpq last said about the connection (ConnectionLost when it is broken).
    Error lastError() const;

    /// Runs @p sql with the simple query protocol (one or more statements, no parameters).
    Result exec(const QByteArray &sql) const;
    /// Runs one statement with parameters (text; a null QByteArray is SQL NULL).
    Result exec(const QByteArray &sql, const QList<QByteArray> &params) const;
    /// Sends @p sql (simple query protocol) without waiting for its result, which
    /// collect() then reads: the caller works meanwhile while the server runs it. False
    /// when it could not be sent (then lastError() says why and there is nothing to collect).
    bool send(const QByteArray &sql) const;
    /// Waits for what send() sent and returns its result (as exec() would have).
    Result collect() const;
    /// Prepares @p sql (one statement, $1... its @p parameters) as the statement @p name of
    /// this connection's session. Not through a pooler (see isPooled()).
    Error prepare(const char *name, const QByteArray &sql, int parameters = 0) const;
    /// Runs the statement prepare() made, with @p params (a null QByteArray is SQL NULL).
    Result execPrepared(const char *name, const QList<QByteArray> &params = {}) const;
    /// Sends it, as send() does; collect() reads its result.
    bool sendPrepared(const char *name) const;
    /// A statement prepare() made and its parameters, for sendPipeline().
    struct Prepared {
        const char *name;
        QList<QByteArray> params;
    };
    /// Sends prepared statements at once, in a libpq pipeline: the server runs each as
    /// soon as the one before is done, and sends their results together at the end (a
    /// part sooner when its output buffer fills), so a reader waits for one answer, not
    /// one for each. collect() reads their results in order; endPipeline() then ends it.
    /// They run in one transaction: one that fails skips the rest. False when they could
    /// not all be sent: lastError() says why, and the connection is not usable any more
    /// (close it).
    bool sendPipeline(const std::vector<Prepared> &statements) const;
    /// Reads what sendPipeline()'s statements left unread (the server runs them all the
    /// same), and leaves pipeline mode. False: the connection is not usable any more.
    bool endPipeline() const;
    /// Whether @p result says the prepared statement it ran is not there (SQLSTATE 26000).
    static bool preparedStatementGone(const Result &result);
    /// Runs a statement for its effect.
    Error run(const QByteArray &sql, const QList<QByteArray> &params = {}) const;
    /// The first value of the first row (a null string when there is no row).
    Expected<QString> value(const QByteArray &sql, const QList<QByteArray> &params = {}) const;

    /// In a SQL_ASCII database, has the server send text as it is stored (client_encoding
    /// SQL_ASCII): converted to UTF-8 it is checked, and a name that is not UTF-8 fails the
    /// whole statement. Does nothing in any other database. (decodeText() keeps the bytes.)
    Error keepBytes() const;

    /// A handle that cancels this connection's running statement from any thread.
    std::shared_ptr<CancelHandle> cancelHandle() const;
    /// Sends nothing and returns once the server has closed the connection.
    void waitUntilClosed() const;

    /// backend_start of the connection's backend (microseconds since the epoch), for open().
    qint64 backendStart() const;
    /// Its entry among this process's own backends (open() only): whoever keeps the
    /// connection after release() keeps this too.
    std::shared_ptr<const void> ownership() const { return m_own; }

    pg_conn *get() const { return m_conn; }
    /// Gives up ownership (to QPSQL, see qtsql.h).
    pg_conn *release();

private:
    Connection(pg_conn *conn, bool owned)
        : m_conn(conn)
        , m_owned(owned)
    {
    }

    pg_conn *m_conn = nullptr;
    bool m_owned = true;
    std::shared_ptr<const void> m_own; // an OwnBackends::Registration
    qint64 m_backendStart = 0;
    bool m_pooled = false;
};

/// Cancels a connection's running statement from another thread. Thread-safe; outlives
/// the connection it was made from.
class CancelHandle
{
public:
    explicit CancelHandle(pg_conn *conn);
    ~CancelHandle();
    CancelHandle(const CancelHandle &) = delete;
    CancelHandle &operator=(const CancelHandle &) = delete;

    /// Sends the cancel request and waits for the server's answer (PQcancel opens a
    /// connection of its own, with no connect_timeout: never on the GUI thread).
    Error cancel() const;
    /// Sends it from a short-lived thread of its own; returns at once.
    static void cancelInBackground(const std::shared_ptr<CancelHandle> &handle);

private:
    pg_cancel *m_cancel;
};

} // namespace pg
