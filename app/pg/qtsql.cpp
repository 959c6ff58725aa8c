// SPDX-License-Identifier: GPL-3.0-or-later
// QPSQL opens its connection with libpq's blocking PQconnectdb(), and its plugin exports
// no constructor that would take an open connection. pgsessions connects with libpq's
// non-blocking API instead (stoppable, with the refusal's SQLSTATE, the maintenance
// database fallback and password detection) and hands the connection over: this file
// defines PQconnectdb in the program itself (exported by the link option
// --export-dynamic-symbol=PQconnectdb, set on the core library), which the plugin's call
// reaches first. With a connection handed over on this thread it returns that one; in
// any other case it is libpq's own PQconnectdb.

#include "pg/qtsql.h"

#include "pg/connection_spec.h"
#include "pg/error_text.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QVariant>

#include <dlfcn.h>
#include <libpq-fe.h>

namespace {

thread_local PGconn *t_handedOver = nullptr;

using ConnectDb = PGconn *(*)(const char *);

ConnectDb libpqConnectDb()
{
    static const auto real = reinterpret_cast<ConnectDb>(dlsym(RTLD_NEXT, "PQconnectdb"));
    return real;
}

QString qtSqlErrorText(const QSqlError &error)
{
    QString text = error.databaseText().trimmed();
    return text.isEmpty() ? error.driverText().trimmed() : text;
}

} // namespace

extern "C" PGconn *PQconnectdb(const char *conninfo)
{
    if (PGconn *conn = t_handedOver) {
        t_handedOver = nullptr;
        return conn;
    }
    const ConnectDb real = libpqConnectDb();
    return real ? real(conninfo) : nullptr;
}

namespace pg::qtsql {

bool handoffAvailable()
{
    // The plugin's PQconnectdb is this file's only if the program exports it.
    static const bool available = dlsym(RTLD_DEFAULT, "PQconnectdb") == reinterpret_cast<void *>(&PQconnectdb)
                                  && libpqConnectDb() != nullptr;
    return available;
}

Error open(QSqlDatabase &db, Connection connection, const ConnectionSpec &target)
{
    if (!db.isValid())
        return Error(QCoreApplication::translate("pg", "The Qt PostgreSQL driver (QPSQL) is not available: %1")
                         .arg(qtSqlErrorText(db.lastError())));
    // Also what QPSQL connects with when it cannot be handed the connection.
    ConnectionSpec fields = target;
    if (!connection.database().isEmpty())
        fields = fields.with(QStringLiteral("dbname"), connection.database());
    if (const Error e = fields.applyTo(db))
        return e;
    if (handoffAvailable())
        t_handedOver = connection.release();
    else
        connection = Connection();
    const bool opened = db.open();
    if (PGconn *unused = std::exchange(t_handedOver, nullptr))
        PQfinish(unused); // QPSQL gave up before it connected
    if (!opened)
        return Error(qtSqlErrorText(db.lastError()), {}, Error::Kind::ConnectionLost);
    if (!borrow(db).isOpen())
        return Error(QCoreApplication::translate("pg", "The Qt PostgreSQL driver did not expose its libpq connection."));
    return {};
}

Connection borrow(const QSqlDatabase &db)
{
    if (!db.isOpen() || !db.driver())
        return {};
    const QVariant h = db.driver()->handle();
    // The driver registers the handle under libpq's struct name.
    if (!h.isValid() || (qstrcmp(h.typeName(), "PGconn*") != 0 && qstrcmp(h.typeName(), "pg_conn*") != 0))
        return {};
    return Connection::borrow(*static_cast<PGconn *const *>(h.constData()));
}

} // namespace pg::qtsql
