// SPDX-License-Identifier: GPL-3.0-or-later
#include "monitor/activity_query.h"

#include "pg/own_backends.h"
#include "pg/text_codec.h"
#include "pg/result.h"
#include "pg/sql_text.h"

#include <QAnyStringView>
#include <QCoreApplication>
#include <QHash>

#include <algorithm>
#include <cstring>
#include <vector>

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
    ColInRecovery, ///< pg_is_in_recovery(): a standby
    ColAllowConn, ///< only on the rows of pg_database
    ColRunningOn, ///< a statement still running since before $1: only what can change while it runs (see pollSql())
    ColMark, ///< a client's statement running (not on a Lock): its mark (Snapshot::runningMarks)
    ColStill, ///< only on the server's row: the pids of the statements whose marks matched
    ColumnCount
};

// "{12,345}" -> [12, 345]: pids (at 1,000 backends a poll's array of unchanged sessions
// holds about 900), as a QList (a session's blockers) or a std::vector (the poll's long
// array: its appends are the cheaper).
template <typename Out = QVector<int>>
Out toArray(const char *s, int length)
{
    Out out;
    if (length <= 2 || *s != '{') // (none: nothing allocated)
        return out;
    const char *const end = s + length;
    // Room for as many as there are commas, or for a long array, as many as it can hold
    // (each takes a digit and a comma at least: counting the commas cost as much as
    // reading the numbers). Reserved, not resized: zeroing that room (thousands of
    // numbers for 900 pids) cost more than appending to it.
    const size_t room = length < 256 ? size_t(std::count(s, end, ',')) + 1 : size_t(length / 2);
    out.reserve(room);
    ++s;
    while (s < end && *s != '}' && size_t(out.size()) < room) {
        // A few digits each, fewer than pg::readInteger()'s eight at a time (which tried
        // them, found the comma, and went on digit by digit anyway).
        qint64 value = 0;
        const bool negative = *s == '-';
        s += negative;
        for (; s < end && static_cast<unsigned char>(*s - '0') < 10; ++s)
            value = value * 10 + (*s - '0');
        out.push_back(int(negative ? -value : value));
        while (s < end && *s != ',' && *s != '}') // (not written by the server: skipped)
            ++s;
        s += s < end && *s == ',';
    }
    return out;
}

// Whether the @p size bytes at @p bytes are all ASCII.
bool isAscii(const char *bytes, int size)
{
    quint64 high = 0;
    int i = 0;
    for (; i + 8 <= size; i += 8) { // eight at a time
        quint64 word;
        std::memcpy(&word, bytes + i, sizeof word);
        high |= word;
    }
    for (; i < size; ++i)
        high |= static_cast<unsigned char>(bytes[i]);
    return (high & 0x8080808080808080ULL) == 0;
}

// Whether @p utf8 (@p size bytes) is the text @p known, without converting it.
bool sameText(const QString &known, const char *utf8, int size)
{
    if (known.size() == size) {
        // Equal lengths: equal only if every byte is ASCII (any other character takes
        // more bytes in UTF-8 than code units in UTF-16), and then byte for unit. A short
        // text (a name, a state) is compared here, a long one by Qt's comparison of
        // Latin-1 with UTF-16, which takes many at a time.
        if (size <= 32) {
            const QChar *units = known.constData();
            for (int i = 0; i < size; ++i) {
                const auto byte = static_cast<unsigned char>(utf8[i]);
                if (byte >= 0x80 || units[i].unicode() != byte)
                    return false;
            }
            return true;
        }
        return QStringView(known) == QLatin1StringView(utf8, size) && isAscii(utf8, size);
    }
    return known.size() < size && QAnyStringView::equal(QStringView(known), QUtf8StringView(utf8, size));
}

// A session the server left out, in part or whole, as unchanged since the last poll,
// which saw it otherwise: the caller reads every session whole.
Error listedOtherwise(int pid)
{
    return Error(QCoreApplication::translate("activity_query", "The server listed session %1 as unchanged since the last poll, in whole or in part, but that poll saw it otherwise.")
                     .arg(pid));
}

// Whether what can change while a statement runs (all that a statement running on
// carries) is in @p now as in @p before.
bool movesAsBefore(const Session &now, const Session &before)
{
    return now.user == before.user && now.application == before.application && now.waitEventType == before.waitEventType
        && now.waitEvent == before.waitEvent
        && now.xactStart == before.xactStart && now.blockedBy == before.blockedBy && now.leaderPid == before.leaderPid
        && now.hasQueryId == before.hasQueryId && now.queryId == before.queryId && now.own == before.own;
}

// Whether @p a and @p b are the same text: most often the same string (read() keeps the
// last poll's when it has not changed).
bool sameString(const QString &a, const QString &b)
{
    return (a.constData() == b.constData() && a.size() == b.size()) || a == b;
}

// Whether @p now, read whole, is every field of @p before (the last poll's reading).
bool sameAsBefore(const Session &now, const Session &before)
{
    return now.key == before.key && now.databaseOid == before.databaseOid && now.clientPort == before.clientPort
        && now.queryStart == before.queryStart && now.stateChange == before.stateChange && sameString(now.database, before.database)
        && sameString(now.user, before.user) && sameString(now.clientAddress, before.clientAddress)
        && sameString(now.clientHostname, before.clientHostname) && sameString(now.backendType, before.backendType)
        && sameString(now.state, before.state) && sameString(now.query, before.query) && movesAsBefore(now, before);
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
    /// Its place in the previous poll, or -1.
    int find(size_t index, int pid, qint64 backendStart)
    {
        if (!m_previous)
            return -1;
        const SessionList &sessions = m_previous->sessions;
        if (index < sessions.size() && sessions[index].key.pid == pid && sessions[index].key.backendStart == backendStart)
            return int(index);
        const int at = find(pid);
        return at >= 0 && sessions[size_t(at)].key.backendStart == backendStart ? at : -1;
    }
    /// Its place in the previous poll, whichever backend it was there, or -1.
    int find(size_t index, int pid)
    {
        if (!m_previous)
            return -1;
        const SessionList &sessions = m_previous->sessions;
        return index < sessions.size() && sessions[index].key.pid == pid ? int(index) : find(pid);
    }
    /// The session at @p at (a place find() gave), or null.
    const Session *at(int at) const { return at < 0 ? nullptr : &m_previous->sessions[size_t(at)]; }
    /// The same, to be shared.
    const SessionList::Shared &shared(int at) const { return m_previous->sessions.shared(size_t(at)); }

private:
    // The previous poll's session of @p pid, whichever backend it was.
    int find(int pid)
    {
        if (!m_previous)
            return -1;
        if (m_byPid.isEmpty()) {
            m_byPid.reserve(qsizetype(m_previous->sessions.size()));
            for (size_t i = 0; i < m_previous->sessions.size(); ++i)
                m_byPid.insert(m_previous->sessions[i].key.pid, int(i));
        }
        return m_byPid.value(pid, -1);
    }

    const Snapshot *m_previous;
    QHash<int, int> m_byPid;
};

} // namespace

namespace {

// The statement of a poll; @p partial: with $1 (see partialSql()).
QByteArray pollSql(int serverVersion, bool partial)
{
    const QByteArray leaderPid = serverVersion >= 130000 ? "a.leader_pid" : "NULL::int";
    const QByteArray queryId = serverVersion >= 140000 ? "a.query_id" : "NULL::int8";
    // A client's session that has sat idle (or idle in a transaction) waiting for its
    // client's next statement (ClientRead) since before $1 has every column as the last
    // poll saw it: whatever changes one (a statement, SET, BEGIN, COMMIT) changes
    // state_change. Not so while it still writes a result (ClientWrite, with the same
    // state_change), nor for a background worker that reports idle and works on. Such
    // sessions travel as their pids, and the sum of their backend starts (modulo
    // kStartsModulus) as a check. Each has been idle since before $1 and is there now, so
    // the last poll (at $1 or after) listed it under its pid: a pid reused since is
    // another backend, busy after $1. The sum catches what that leaves: a last poll of
    // another server (a pooler that sends polls to several hosts). A start each, 17 bytes
    // a session to send and parse, told no more. (A role renamed while its session idles
    // shows its new name at the next whole poll.)
    // A client's statement running since before $1 ("running on") has the columns its
    // start set as the last poll saw them: state, query, query_start (one report on the
    // server, which stamps state_change), and those of the backend (database, client,
    // type). What can change while it runs travels: its waits, whom it waits for, its
    // parallel workers' leader, its query id, its transaction's start (a procedure
    // commits inside a CALL), its application name (set_config() inside a statement)
    // and its role's name (a role renamed meanwhile). So does state_change: read() takes
    // the rest only from a reading with the same, of the same statement. Its query
    // text, the longest column, does not travel.
    // A statement running on whose mark is the one the last poll read (in $2 and $3, see
    // Snapshot::runningMarks) has every column as that poll saw it: the mark hashes which
    // statement it is (the backend's and the state's starts) with all a running statement
    // sends. Such statements travel as their pids. One waiting on a Lock is always sent: its
    // blockers are not in the mark, and its row asks for the locks (waitsOnLock()).
    // The CTE names its columns rather than a.*: it keeps fewer (5-10 % of the statement
    // at 300 sessions, 0.4 ms at 1,000).
    const QByteArray hash = serverVersion >= 110000 ? "hashtextextended(" : "hashtext(";
    const QByteArray mark = "CASE WHEN a.state = 'active' AND a.backend_type = 'client backend' AND a.wait_event_type IS DISTINCT FROM 'Lock' THEN "
        + hash + "row(a.backend_start, a.state_change, a.usename, a.application_name, a.wait_event_type, a.wait_event, a.xact_start, " + leaderPid + ", "
        + queryId + ")::text" + (serverVersion >= 110000 ? ", 0)" : ")::int8") + " END";
    const QByteArray before = "a.state_change < timestamptz 'epoch' + interval '1 microsecond' * $1::int8";
    const QByteArray from = partial
        ? "WITH a AS (SELECT a.pid, a.backend_start, a.datid, a.datname, a.usename, a.application_name, a.client_addr, a.client_hostname,"
          " a.client_port, a.backend_type, a.state, a.wait_event_type, a.wait_event, a.xact_start, a.query_start, a.state_change, a.query"
            + QByteArray(serverVersion >= 130000 ? ", a.leader_pid" : "") + (serverVersion >= 140000 ? ", a.query_id" : "")
            + ", coalesce(a.state IN ('idle', 'idle in transaction', 'idle in transaction (aborted)') AND a.backend_type = 'client backend'"
              " AND a.wait_event_type = 'Client' AND a.wait_event = 'ClientRead' AND " + before + ", false) AS same,"
              " coalesce(a.state = 'active' AND a.backend_type = 'client backend' AND " + before + ", false) AS running, "
            + mark + " AS mark FROM pg_stat_activity a),"
              " s AS (SELECT a.pid FROM a JOIN unnest($2::int4[], $3::int8[]) AS k(pid, mark) ON k.pid = a.pid AND k.mark = a.mark WHERE a.running) "
        : QByteArray();
    // extract(epoch) is exact numeric on 14+ and float8 before; either way the server
    // rounds once, so the same backend_start always yields the same integer.
    return from
        + "SELECT a.pid,"
          " (extract(epoch FROM a.backend_start) * 1000000)::int8,"
          " a.datid, a.datname, a.usename, a.application_name,"
          " host(a.client_addr), a.client_hostname, a.client_port,"
          " a.backend_type, a.state, a.wait_event_type, a.wait_event,"
          " (extract(epoch FROM a.xact_start) * 1000000)::int8,"
          " (extract(epoch FROM a.query_start) * 1000000)::int8,"
          " (extract(epoch FROM a.state_change) * 1000000)::int8,"
          " CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) END,"
          " a.query, "
        + leaderPid + ", " + queryId + ", a.pid = pg_backend_pid(), NULL::int8, NULL::bool, NULL::bool, NULL::bool, "
        + (partial ? "a.mark" : "NULL::int8") + " AS mark, NULL::int4[] AS still"
        + (partial ? " FROM a WHERE NOT a.same AND NOT a.running" : " FROM pg_stat_activity a")
        // The statements running on: the rest as nulls.
        + (partial ? " UNION ALL SELECT a.pid, (extract(epoch FROM a.backend_start) * 1000000)::int8, NULL, NULL, a.usename, a.application_name, NULL,"
                     " NULL, NULL, NULL, NULL, a.wait_event_type, a.wait_event, (extract(epoch FROM a.xact_start) * 1000000)::int8, NULL,"
                     " (extract(epoch FROM a.state_change) * 1000000)::int8,"
                     " CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) END, NULL, "
                         + leaderPid + ", " + queryId + ", a.pid = pg_backend_pid(), NULL, NULL, NULL, true, a.mark, NULL FROM a WHERE a.running"
                           " AND NOT EXISTS (SELECT 1 FROM s WHERE s.pid = a.pid)"
                   : QByteArray())
        // One row for the server: its clock, whether it is a standby, the unchanged idle
        // sessions' pids (in the blocked-by column) and their starts' sum (in the query's),
        // and the pids of the statements running on whose marks matched (by pid: a join's order
        // is the plan's, and a steady order lets the model and the history writer find them
        // where the last poll had them).
        + " UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + (partial ? "u.pids, u.starts::text" : "NULL, NULL")
        + ", NULL, NULL, false, (extract(epoch FROM statement_timestamp()) * 1000000)::int8, pg_is_in_recovery(), NULL, NULL, NULL, "
        + (partial ? "(SELECT array_agg(pid ORDER BY pid) FROM s)" : "NULL")
        + (partial ? " FROM (SELECT array_agg(pid) AS pids, sum((extract(epoch FROM backend_start) * 1000000)::int8 % "
                         + QByteArray::number(kStartsModulus) + ") AS starts FROM a WHERE a.same) u"
                   : "")
        // The databases ride along in the same statement (one statement a poll): rows
        // with no pid, the name and whether it accepts connections.
        + " UNION ALL SELECT NULL, NULL, d.oid, d.datname, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
          " NULL, NULL, NULL, NULL, false, NULL, NULL, d.datallowconn, NULL, NULL, NULL FROM pg_database d WHERE NOT d.datistemplate";
}

} // namespace

QByteArray sql(int serverVersion)
{
    return pollSql(serverVersion, false);
}

QByteArray partialSql(int serverVersion)
{
    return pollSql(serverVersion, true);
}

Error read(const pg::Result &result, int serverVersion, Snapshot &out, const Snapshot *previous)
{
    if (result.columns() != ColumnCount)
        return Error(QCoreApplication::translate("activity_query", "The server returned %1 columns for the activity poll, %2 were expected.")
                         .arg(result.columns())
                         .arg(int(ColumnCount)));
    out.serverVersion = serverVersion;
    const int rows = result.rows();
    out.sessions.clear();
    out.sessions.reserve(size_t(rows));

    // A text field, as @p known when it is that text (shared, not converted again), else
    // as @p neighbour's (the same field of the session read before it in this poll).
    // Neighbours often share a database, a role, a type, a state: one string for all of
    // them, so that copying a session from poll to poll (most are copied) touches a few
    // strings shared by many, not a string of its own for each field.
    auto text = [&result](int row, int col, const QString &known = QString(), const QString &neighbour = QString()) {
        const int size = result.length(row, col);
        if (size == 0 && result.isNull(row, col)) // (a null is empty: only then asked)
            return QString();
        const char *value = result.value(row, col);
        if (!known.isNull() && sameText(known, value, size))
            return known;
        return !neighbour.isNull() && sameText(neighbour, value, size) ? neighbour : pg::decodeText(value, size);
    };
    PreviousSessions earlier(previous);
    const OwnBackends::Entries own = OwnBackends::entries(); // (looked up for every session)
    static const Session kNone;
    auto time = [&result](int row, int col) { return result.integer(row, col, kNoTime); };
    auto integer = [&result](int row, int col, qint64 null) { return result.integer(row, col, null); };

    out.databases.clear();
    out.runningOnSessions = 0;
    out.runningMarks.clear();
    std::vector<int> still; // pids of statements running on, as the last poll saw them
    std::vector<int> unchanged; // pids
    qint64 unchangedStarts = -1; // their sum (none: -1)
    for (int r = 0; r < rows; ++r) {
        if (!result.isNull(r, ColAllowConn)) {
            out.databases.push_back({quint32(integer(r, ColDatid, 0)), text(r, ColDatname), result.flag(r, ColAllowConn)});
            continue;
        }
        if (result.isNull(r, ColPid)) { // the server's row
            out.serverTime = time(r, ColServerTime);
            out.inRecovery = result.flag(r, ColInRecovery);
            if (!result.isNull(r, ColBlockedBy))
                unchanged = toArray<std::vector<int>>(result.value(r, ColBlockedBy), result.length(r, ColBlockedBy));
            unchangedStarts = result.integer(r, ColQuery, -1);
            if (!result.isNull(r, ColStill))
                still = toArray<std::vector<int>>(result.value(r, ColStill), result.length(r, ColStill));
            continue;
        }
        const int pid = int(integer(r, ColPid, 0));
        if (!result.isNull(r, ColMark))
            out.runningMarks.push_back({pid, result.integer(r, ColMark, 0)});
        const qint64 backendStart = time(r, ColBackendStart);
        const int place = earlier.find(out.sessions.size(), pid, backendStart);
        const Session *found = earlier.at(place);
        const Session &before = found ? *found : kNone;
        const Session &neighbour = out.sessions.empty() ? kNone : out.sessions.back();
        const bool runningOn = !result.isNull(r, ColRunningOn);
        Session s; // (running on: only what can change while it runs, to be compared first)
        s.key = {out.server, pid, backendStart};
        s.user = text(r, ColUsename, before.user, neighbour.user);
        s.stateChange = time(r, ColStateChange);
        if (!runningOn) {
            s.databaseOid = quint32(integer(r, ColDatid, 0));
            s.database = text(r, ColDatname, before.database, neighbour.database);
            s.clientAddress = text(r, ColClientAddr, before.clientAddress, neighbour.clientAddress);
            s.clientHostname = text(r, ColClientHostname, before.clientHostname, neighbour.clientHostname);
            s.clientPort = int(integer(r, ColClientPort, 0));
            s.backendType = text(r, ColBackendType, before.backendType, neighbour.backendType);
            s.state = text(r, ColState, before.state, neighbour.state);
            s.queryStart = time(r, ColQueryStart);
            s.query = text(r, ColQuery, before.query);
        }
        s.application = text(r, ColApplication, before.application, neighbour.application);
        s.waitEventType = text(r, ColWaitEventType, before.waitEventType, neighbour.waitEventType);
        s.waitEvent = text(r, ColWaitEvent, before.waitEvent, neighbour.waitEvent);
        s.xactStart = time(r, ColXactStart);
        if (!result.isNull(r, ColBlockedBy))
            s.blockedBy = toArray(result.value(r, ColBlockedBy), result.length(r, ColBlockedBy));
        s.leaderPid = int(integer(r, ColLeaderPid, 0));
        s.hasQueryId = !result.isNull(r, ColQueryId);
        s.queryId = integer(r, ColQueryId, 0);
        const bool self = result.flag(r, ColSelf);
        if (self)
            out.ownPid = pid;
        s.own = self || own.contains(pid, backendStart);
        if (!runningOn && found && sameAsBefore(s, *found)) {
            out.sessions.push_back(earlier.shared(place)); // as the last poll read it: shared
            continue;
        }
        if (runningOn) {
            // A statement running on since before the last poll: what its start set, as
            // that poll read it (which saw it running, this role allowed to see it).
            if (!found || found->isHidden() || !found->isClientBackend() || !found->isActive() || found->stateChange != s.stateChange)
                return listedOtherwise(pid);
            ++out.runningOnSessions;
            if (movesAsBefore(s, *found)) {
                out.sessions.push_back(earlier.shared(place)); // the same session, shared
                continue;
            }
            Session moved = *found;
            moved.user = std::move(s.user);
            moved.application = std::move(s.application);
            moved.waitEventType = std::move(s.waitEventType);
            moved.waitEvent = std::move(s.waitEvent);
            moved.xactStart = s.xactStart;
            moved.blockedBy = std::move(s.blockedBy);
            moved.leaderPid = s.leaderPid;
            moved.hasQueryId = s.hasQueryId;
            moved.queryId = s.queryId;
            moved.own = s.own;
            s = std::move(moved);
        }
        out.sessions.push_back(std::move(s));
    }
    // The sessions the server left out as unchanged since the last poll: as the last poll
    // read them (shared with it), in the order the server sent them.
    out.sessions.reserve(out.sessions.size() + still.size() + unchanged.size());
    bool ownChanged = false; // a session whose `own` is not what the last poll said
    const auto ownAsBefore = [&] {
        const Session &taken = out.sessions.back();
        const bool isOwn = own.contains(taken.key.pid, taken.key.backendStart);
        if (isOwn != taken.own) {
            out.sessions.editBack().own = isOwn; // (made this poll's own first)
            ownChanged = true;
        }
    };
    // First the statements running on whose marks matched the last poll's: as it read them
    // (shared with it), with those marks. If it did not see one running, or sent no mark for
    // it, the caller reads every session whole.
    for (const int pid : still) {
        const int place = earlier.find(out.sessions.size(), pid);
        const Session *before = earlier.at(place); // (none without a last poll)
        if (!before || before->isHidden() || !before->isClientBackend() || !before->isActive())
            return listedOtherwise(pid);
        const std::vector<Snapshot::RunningMark> &marks = previous->runningMarks;
        const auto marked = std::lower_bound(marks.begin(), marks.end(), pid, [](const Snapshot::RunningMark &m, int p) { return m.pid < p; });
        if (marked == marks.end() || marked->pid != pid)
            return listedOtherwise(pid);
        out.sessions.push_back(earlier.shared(place));
        out.runningMarks.push_back(*marked);
        ownAsBefore();
    }
    std::sort(out.runningMarks.begin(), out.runningMarks.end(), [](const Snapshot::RunningMark &a, const Snapshot::RunningMark &b) { return a.pid < b.pid; });
    // Then the idle ones. Each was there, idle as it is now, since before the last poll; if
    // that poll saw it otherwise (not at all, or hidden from this role, which may have been
    // granted pg_read_all_stats since), the caller reads every session whole.
    qint64 starts = 0;
    for (size_t i = 0; i < unchanged.size(); ++i) {
        const int place = earlier.find(out.sessions.size(), unchanged[i]);
        const Session *before = earlier.at(place);
        if (!before || before->isHidden() || !before->isClientBackend() || !before->waitsForClient() || !before->isIdleOrInTransaction())
            return listedOtherwise(unchanged[i]);
        starts += before->key.backendStart % kStartsModulus;
        out.sessions.push_back(earlier.shared(place));
        ownAsBefore();
    }
    // The backends the last poll saw under those pids are the ones the server means.
    if (!unchanged.empty() && starts != unchangedStarts)
        return Error(QCoreApplication::translate("activity_query",
                                                 "The server listed %n session(s) as unchanged since the last poll, but not all of them are the backends that poll saw.",
                                                 nullptr, int(unchanged.size())));
    out.stillRunningSessions = int(still.size());
    out.unchangedSessions = int(still.size() + unchanged.size());
    out.unchangedFrom = out.unchangedSessions == 0 || ownChanged ? 0 : previous->sequence;
    return {};
}

QList<QByteArray> partialParameters(qint64 unchangedBefore, const Snapshot *previous)
{
    if (unchangedBefore == kNoTime)
        return {QByteArray(), QByteArray(), QByteArray()}; // every session whole
    const std::vector<Snapshot::RunningMark> none;
    const std::vector<Snapshot::RunningMark> &marks = previous ? previous->runningMarks : none;
    return {QByteArray::number(unchangedBefore), sql_text::numberArray(marks, [](const Snapshot::RunningMark &m) { return m.pid; }),
            sql_text::numberArray(marks, [](const Snapshot::RunningMark &m) { return m.mark; })};
}

bool waitsOnLock(const pg::Result &result)
{
    if (result.columns() <= ColWaitEventType)
        return false;
    for (int row = 0, rows = result.rows(); row < rows; ++row) {
        if (result.length(row, ColWaitEventType) == 4 && std::memcmp(result.value(row, ColWaitEventType), "Lock", 4) == 0)
            return true;
    }
    return false;
}

QByteArray locksSql(int serverVersion)
{
    // pg_locks is read once (a CTE; materialized by default before 12), and waiters meet
    // the holders of the same object through a hash join on the identifying columns (NULLs
    // made comparable): a join on IS NOT DISTINCT FROM compares every waiter with every
    // lock, 12 ms a poll at 1,000 backends and 200 waiters.
    const bool v14 = serverVersion >= 140000;
    const QByteArray waitStart = v14 ? "(extract(epoch FROM w.waitstart) * 1000000)::int8" : "NULL::int8";
    return QByteArray("WITH l AS ") + (serverVersion >= 120000 ? "MATERIALIZED " : "")
        + "(SELECT pid, locktype, mode, granted, coalesce(database, 0) AS db, coalesce(relation, 0) AS rel, coalesce(page, -1) AS pg,"
          " coalesce(tuple, -1) AS tup, coalesce(transactionid::text, virtualxid, '') AS tx, coalesce(classid, 0) AS cls,"
          " coalesce(objid, 0) AS obj, coalesce(objsubid, 0) AS sub, database, relation, page, tuple, transactionid, virtualxid, classid,"
          " objid, objsubid"
        + (v14 ? ", waitstart" : "")
        + " FROM pg_locks)"
          " SELECT w.pid, w.locktype, w.mode, w.database, w.relation, w.page, w.tuple,"
          " coalesce(w.transactionid::text, w.virtualxid), w.classid, w.objid, w.objsubid, "
        + waitStart
        + ", CASE WHEN w.database = (SELECT oid FROM pg_database WHERE datname = current_database()) THEN"
          " (SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          " WHERE c.oid = w.relation) END,"
          " h.pid, h.mode"
          " FROM l w LEFT JOIN l h ON h.granted AND h.pid IS DISTINCT FROM w.pid AND h.locktype = w.locktype AND h.db = w.db"
          " AND h.rel = w.rel AND h.pg = w.pg AND h.tup = w.tup AND h.tx = w.tx AND h.cls = w.cls AND h.obj = w.obj AND h.sub = w.sub"
          " WHERE NOT w.granted ORDER BY w.pid";
}

Error readLocks(const pg::Result &result, std::vector<LockWait> &out)
{
    if (result.columns() != 15)
        return Error(QCoreApplication::translate("activity_query", "The server returned %1 columns for the locks, %2 were expected.")
                         .arg(result.columns())
                         .arg(15));
    out.clear();
    for (int r = 0; r < result.rows(); ++r) {
        const int pid = int(result.integer(r, 0));
        // One row per holder: the waiter's entry is the one before when it is the same pid.
        if (out.empty() || out.back().pid != pid) {
            LockWait w;
            w.pid = pid;
            w.lockType = result.text(r, 1);
            w.mode = result.text(r, 2);
            w.databaseOid = quint32(result.integer(r, 3));
            w.relationOid = quint32(result.integer(r, 4));
            w.page = int(result.integer(r, 5, -1));
            w.tuple = int(result.integer(r, 6, -1));
            w.transaction = result.text(r, 7);
            w.classId = quint32(result.integer(r, 8));
            w.objId = quint32(result.integer(r, 9));
            w.objSubId = int(result.integer(r, 10));
            w.waitStart = result.integer(r, 11, kNoTime);
            w.relationName = result.text(r, 12);
            out.push_back(std::move(w));
        }
        if (!result.isNull(r, 13))
            out.back().holders.push_back({int(result.integer(r, 13)), result.text(r, 14)});
    }
    return {};
}

QByteArray warmUpSql()
{
    // Twice the copy of the query texts (one per backend slot: client connections,
    // autovacuum and background workers, WAL senders), below glibc's largest threshold
    // (32 MiB on 64-bit systems, past which it stops raising it).
    // (autovacuum_worker_slots and io_workers: 18 on; a name a server lacks adds nothing.)
    return QByteArrayLiteral("SELECT octet_length(repeat('x', least(32 * 1024 * 1024 - 65536, 2 * (SELECT setting::int8 FROM pg_settings"
                             " WHERE name = 'track_activity_query_size') * (SELECT 16 + sum(setting::int8) FROM pg_settings WHERE name IN"
                             " ('max_connections', 'autovacuum_max_workers', 'autovacuum_worker_slots', 'io_workers', 'max_worker_processes',"
                             " 'max_wal_senders')))::int))");
}

QByteArray relationNamesSql()
{
    return QByteArrayLiteral("SELECT c.oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                             " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY ($1::oid[])");
}

} // namespace activity_query
