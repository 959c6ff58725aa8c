// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/snapshot.h"

#include "base/error.h"

#include <QByteArray>
#include <QStringList>

namespace pg {
class Result;
}

/// The one place that knows which pg_stat_activity columns each server version has
/// (backend_type 10+, leader_pid 13+, query_id 14+), and how to read the result.
namespace activity_query {

constexpr int kMinimumServerVersion = 100000;

/// The poll statement for a server version (PQserverVersion). One statement, every
/// timestamp as integer microseconds so no timestamp is parsed on the client, and
/// pg_blocking_pids() only for backends waiting on a heavyweight lock.
QByteArray sql(int serverVersion);

/// The poll statement with one parameter, $1: a server time (µs since the epoch) at or
/// before the last poll's serverTime. A session idle (or idle in a transaction) since
/// before then is sent as its pid only, and read() takes it from the last poll's snapshot;
/// a statement running since before then is sent without the columns its start set (its
/// query text, state and start, and the backend's database and client), which read()
/// takes from there too, from a reading of the same statement (the same state_change).
/// $2 and $3, arrays of pids and marks (partialParameters()): the statements the last
/// poll saw running, with their marks (Snapshot::runningMarks). One still running since
/// before $1 with the same mark is sent as its pid only, and read() takes it whole from
/// the last poll's snapshot.
/// $1 NULL: every session whole. Meant to be prepared once per connection (at 300
/// sessions, planning it was half of its server time), with three parameters.
QByteArray partialSql(int serverVersion);

/// The parameters of partialSql() for the poll after @p previous, the last poll read
/// (which may be null): sessions idle since before @p unchangedBefore as their pids, and
/// the statements running on with the marks @p previous has. kNoTime: every session whole.
QList<QByteArray> partialParameters(qint64 unchangedBefore, const Snapshot *previous);

/// The sessions sent as unchanged travel as their pids and, to check that each is the
/// backend the last poll saw with that pid, the sum of their backend starts (µs since the
/// epoch) each modulo this. read() fails when it does not match (the caller then reads
/// every session whole).
constexpr qint64 kStartsModulus = 1000000007;

/// Run once on a monitor's connection before its first poll: allocates and frees, on the
/// server, one block larger than what reading pg_stat_activity allocates (its copy of
/// every backend slot's query text, track_activity_query_size bytes each). glibc's
/// malloc, which gives blocks above its threshold their own mapping, then raises the
/// threshold past that copy: each poll's copy comes from the backend's heap instead of a
/// fresh mapping whose pages fault in one by one (at 1,000 backends and max_connections
/// 1,100, about 460 page faults and 1.1 ms of server time a poll). Elsewhere it costs one
/// allocation.
QByteArray warmUpSql();

/// Reads a result of sql() or partialSql() into @p out. Sessions keep the server's order:
/// those sent whole, then the statements running on, then those sent as unchanged (first
/// the statements running on as they were, then the idle sessions).
/// This process's own connections (OwnBackends, the poll's own) are marked as own.
/// Fails if the result does not have the expected shape.
/// @p previous: the same server's last snapshot. A text that has not changed since
/// (most of them: states, users, an idle session's last query) is taken from it, shared
/// rather than converted and allocated again. A result of partialSql() with a time needs
/// the snapshot of the poll before it: fails if a session it calls unchanged is not there.
Error read(const pg::Result &result, int serverVersion, Snapshot &out, const Snapshot *previous = nullptr);

/// Whether a result of sql() has a session waiting on a heavyweight lock (wait event
/// type "Lock"), read from the result itself, before read(): the locks statement can
/// then be sent at once and run while the result is read.
bool waitsOnLock(const pg::Result &result);

/// The locks sessions wait for, with the granted locks of other backends on the same
/// objects: one statement, run only when the poll saw a session waiting on a Lock.
/// Relation names are resolved where that is certain: in the connection's own database.
QByteArray locksSql(int serverVersion);

/// Reads a result of locksSql() into @p out (one entry per waiting lock).
Error readLocks(const pg::Result &result, std::vector<LockWait> &out);

/// The statement that names relations (schema-qualified) of the database it runs in:
/// parameter $1, an array of OIDs. Returns (oid, name) rows.
QByteArray relationNamesSql();

} // namespace activity_query
