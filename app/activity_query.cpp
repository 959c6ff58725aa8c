// SPDX-License-Identifier: GPL-3.0-or-later
#include "activity_query.h"

#include "app_identity.h"

#include <QCoreApplication>

namespace activity_query {
namespace {

enum Column {
    ColPid,
    ColBackendStart,
    ColDatid,
    ColDatname,
    ColUsename,
    ColApplication,
    ColClientAddr,
    ColClientHostname,
    ColClientPort,
    ColBackendType,
    ColState,
    ColWaitEventType,
    ColWaitEvent,
    ColXactStart,
    ColQueryStart,
    ColStateChange,
    ColBlockedBy,
    ColQuery,
    ColLeaderPid,
    ColQueryId,
    ColSelf,
    ColServerTime,
    ColAllowConn, ///< only on the rows of pg_database
    ColumnCount
};

// Integer text as PostgreSQL prints it; no locale, no allocation.
qint64 toInt64(const char *s) noexcept
{
    bool negative = false;
    if (*s == '-') {
        negative = true;
        ++s;
    }
    qint64 v = 0;
    for (; *s >= '0' && *s <= '9'; ++s)
        v = v * 10 + (*s - '0');
    return negative ? -v : v;
}

// "{12,345}" -> [12, 345]
QVector<int> toIntArray(const char *s)
{
    QVector<int> out;
    if (*s != '{')
        return out;
    ++s;
    while (*s && *s != '}') {
        out.append(int(toInt64(s)));
        while (*s && *s != ',' && *s != '}')
            ++s;
        if (*s == ',')
            ++s;
    }
    return out;
}

} // namespace

QByteArray sql(int serverVersion)
{
    const QByteArray leaderPid = serverVersion >= 130000 ? "a.leader_pid" : "NULL::int";
    const QByteArray queryId = serverVersion >= 140000 ? "a.query_id" : "NULL::int8";
    // extract(epoch) is exact numeric on 14+ and float8 before; either way the server
    // rounds once, so the same backend_start always yields the same integer.
    return QByteArray(
               "SELECT a.pid,"
               " (extract(epoch FROM a.backend_start) * 1000000)::int8,"
               " a.datid, a.datname, a.usename, a.application_name,"
               " host(a.client_addr), a.client_hostname, a.client_port,"
               " a.backend_type, a.state, a.wait_event_type, a.wait_event,"
               " (extract(epoch FROM a.xact_start) * 1000000)::int8,"
               " (extract(epoch FROM a.query_start) * 1000000)::int8,"
               " (extract(epoch FROM a.state_change) * 1000000)::int8,"
               " CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) END,"
               " a.query, ")
        + leaderPid + ", " + queryId
        + ", a.pid = pg_backend_pid(),"
          " (extract(epoch FROM statement_timestamp()) * 1000000)::int8, NULL::bool"
          " FROM pg_stat_activity a"
          // The databases ride along in the same statement (one statement a poll): rows
          // with no pid, the name and whether it accepts connections.
          " UNION ALL SELECT NULL, NULL, d.oid, d.datname, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
          " NULL, NULL, NULL, NULL, false, NULL, d.datallowconn FROM pg_database d WHERE NOT d.datistemplate";
}

bool read(const PGresult *result, int serverVersion, Snapshot &out, QString *error)
{
    if (PQnfields(result) != ColumnCount) {
        if (error)
            *error = QCoreApplication::translate("activity_query", "The server returned %1 columns for the activity poll, %2 were expected.")
                         .arg(PQnfields(result))
                         .arg(int(ColumnCount));
        return false;
    }
    out.serverVersion = serverVersion;
    const int rows = PQntuples(result);
    out.sessions.clear();
    out.sessions.reserve(size_t(rows));

    auto text = [result](int row, int col) {
        return PQgetisnull(result, row, col) ? QString()
                                             : QString::fromUtf8(PQgetvalue(result, row, col), PQgetlength(result, row, col));
    };
    auto time = [result](int row, int col) {
        return PQgetisnull(result, row, col) ? kNoTime : toInt64(PQgetvalue(result, row, col));
    };
    auto integer = [result](int row, int col, qint64 null) {
        return PQgetisnull(result, row, col) ? null : toInt64(PQgetvalue(result, row, col));
    };

    out.databases.clear();
    for (int r = 0; r < rows; ++r) {
        if (!PQgetisnull(result, r, ColAllowConn)) {
            out.databases.push_back({quint32(integer(r, ColDatid, 0)), text(r, ColDatname), *PQgetvalue(result, r, ColAllowConn) == 't'});
            continue;
        }
        Session s;
        s.key.server = out.server;
        s.key.pid = int(integer(r, ColPid, 0));
        s.key.backendStart = time(r, ColBackendStart);
        s.databaseOid = quint32(integer(r, ColDatid, 0));
        s.database = text(r, ColDatname);
        s.user = text(r, ColUsename);
        s.application = text(r, ColApplication);
        s.clientAddress = text(r, ColClientAddr);
        s.clientHostname = text(r, ColClientHostname);
        s.clientPort = int(integer(r, ColClientPort, 0));
        s.backendType = text(r, ColBackendType);
        s.state = text(r, ColState);
        s.waitEventType = text(r, ColWaitEventType);
        s.waitEvent = text(r, ColWaitEvent);
        s.xactStart = time(r, ColXactStart);
        s.queryStart = time(r, ColQueryStart);
        s.stateChange = time(r, ColStateChange);
        if (!PQgetisnull(result, r, ColBlockedBy))
            s.blockedBy = toIntArray(PQgetvalue(result, r, ColBlockedBy));
        s.query = text(r, ColQuery);
        s.leaderPid = int(integer(r, ColLeaderPid, 0));
        s.hasQueryId = !PQgetisnull(result, r, ColQueryId);
        s.queryId = integer(r, ColQueryId, 0);
        const bool self = *PQgetvalue(result, r, ColSelf) == 't';
        if (self)
            out.ownPid = s.key.pid;
        s.own = self || app_identity::isOwnApplicationName(s.application);
        if (out.serverTime == kNoTime)
            out.serverTime = time(r, ColServerTime);
        out.sessions.push_back(std::move(s));
    }
    return true;
}

} // namespace activity_query
