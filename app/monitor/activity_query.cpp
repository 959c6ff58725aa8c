// SPDX-License-Identifier: GPL-3.0-or-later
#include "monitor/activity_query.h"

#include "base/app_identity.h"

#include <QAnyStringView>
#include <QCoreApplication>
#include <QHash>

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

// Whether @p utf8 (@p size bytes) is the text @p known, without converting it.
bool sameText(const QString &known, const char *utf8, int size)
{
    if (known.size() == size) {
        // Equal lengths: equal only if every byte is ASCII (any other character takes
        // more bytes in UTF-8 than code units in UTF-16), and then byte for unit.
        const char16_t *units = reinterpret_cast<const char16_t *>(known.utf16());
        for (int i = 0; i < size; ++i) {
            const auto byte = static_cast<unsigned char>(utf8[i]);
            if (byte >= 0x80 || units[i] != byte)
                return false;
        }
        return true;
    }
    return known.size() < size && QAnyStringView::equal(QStringView(known), QUtf8StringView(utf8, size));
}

// The previous poll's session of the same backend: usually at the same row, as the
// server lists backends in the order of their slots.
class PreviousSessions
{
public:
    explicit PreviousSessions(const Snapshot *previous)
        : m_previous(previous)
    {
    }
    const Session *find(size_t index, int pid, qint64 backendStart)
    {
        if (!m_previous)
            return nullptr;
        const std::vector<Session> &sessions = m_previous->sessions;
        if (index < sessions.size() && sessions[index].key.pid == pid && sessions[index].key.backendStart == backendStart)
            return &sessions[index];
        if (m_byPid.isEmpty()) {
            m_byPid.reserve(qsizetype(sessions.size()));
            for (const Session &s : sessions)
                m_byPid.insert(s.key.pid, &s);
        }
        const Session *s = m_byPid.value(pid);
        return s && s->key.backendStart == backendStart ? s : nullptr;
    }

private:
    const Snapshot *m_previous;
    QHash<int, const Session *> m_byPid;
};

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

bool read(const PGresult *result, int serverVersion, Snapshot &out, QString *error, const Snapshot *previous)
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

    // A text field, as @p known when it is that text (shared, not converted again).
    auto text = [result](int row, int col, const QString &known = QString()) {
        if (PQgetisnull(result, row, col))
            return QString();
        const char *value = PQgetvalue(result, row, col);
        const int size = PQgetlength(result, row, col);
        return !known.isNull() && sameText(known, value, size) ? known : QString::fromUtf8(value, size);
    };
    PreviousSessions earlier(previous);
    static const Session kNone;
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
        const Session *found = earlier.find(out.sessions.size(), s.key.pid, s.key.backendStart);
        const Session &before = found ? *found : kNone;
        s.databaseOid = quint32(integer(r, ColDatid, 0));
        s.database = text(r, ColDatname, before.database);
        s.user = text(r, ColUsename, before.user);
        s.application = text(r, ColApplication, before.application);
        s.clientAddress = text(r, ColClientAddr, before.clientAddress);
        s.clientHostname = text(r, ColClientHostname, before.clientHostname);
        s.clientPort = int(integer(r, ColClientPort, 0));
        s.backendType = text(r, ColBackendType, before.backendType);
        s.state = text(r, ColState, before.state);
        s.waitEventType = text(r, ColWaitEventType, before.waitEventType);
        s.waitEvent = text(r, ColWaitEvent, before.waitEvent);
        s.xactStart = time(r, ColXactStart);
        s.queryStart = time(r, ColQueryStart);
        s.stateChange = time(r, ColStateChange);
        if (!PQgetisnull(result, r, ColBlockedBy))
            s.blockedBy = toIntArray(PQgetvalue(result, r, ColBlockedBy));
        s.query = text(r, ColQuery, before.query);
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
