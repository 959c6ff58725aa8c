// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/activity_load.h"
#include "monitor/database_tally.h"
#include "monitor/pooler_state.h"
#include "monitor/session.h"
#include "monitor/session_list.h"

#include <QMetaType>

#include <memory>
#include <vector>

/// A database of the server (templates left out), as of one poll.
struct DatabaseInfo {
    quint32 oid = 0;
    QString name;
    bool allowConnections = true;
};

/// A heavyweight lock a session waits for (pg_locks, granted = false), and who holds the
/// same object in a mode that conflicts. Read only when some session waits on a Lock.
struct LockWait {
    int pid = 0;               ///< the waiting backend (a parallel worker's, as pg_locks has it)
    QString lockType;          ///< relation, tuple, transactionid, virtualxid, advisory, object, ...
    QString mode;              ///< the mode it asks for: ShareLock, AccessExclusiveLock, ...
    quint32 databaseOid = 0;   ///< for database objects (relation, tuple, page, advisory, object)
    quint32 relationOid = 0;
    /// Schema-qualified, resolved in the object's own database; empty when not known
    /// (then the view says "relation <oid> in <database>", never a guess).
    QString relationName;
    int page = -1;
    int tuple = -1;
    QString transaction;       ///< transactionid, or virtualxid
    quint32 classId = 0, objId = 0; ///< advisory key, or the object of an "object" lock
    int objSubId = 0;
    qint64 waitStart = kNoTime; ///< 14+: when it began to wait
    struct Holder {
        int pid = 0;
        QString mode; ///< the mode it holds
    };
    std::vector<Holder> holders; ///< granted locks on the same object, by other backends
};

/// What one poll of one server saw. Immutable once published: shared between threads.
struct Snapshot {
    int server = 0;
    int serverVersion = 0;    ///< PQserverVersion, e.g. 150018
    qint64 serverTime = kNoTime; ///< statement_timestamp() of the poll, for server-relative ages
    int ownPid = 0;           ///< the monitor connection's backend pid
    bool inRecovery = false;  ///< a standby (pg_is_in_recovery())
    qint64 pollMicros = 0;    ///< wall time of the round trip, measured in the worker
    qint64 pollStartedNs = 0; ///< when the poll statement was sent (steady clock), for latency figures
    SessionList sessions; ///< shared with the polls that saw them the same
    /// Of them, the sessions the server sent as unchanged since the last poll (as their
    /// pids): the last ones, copied from that poll's snapshot.
    int unchangedSessions = 0;
    /// Of the unchanged ones, the first: statements running on as the last poll saw them,
    /// every field (their marks matched, see runningMarks).
    int stillRunningSessions = 0;
    /// Of them, before the unchanged ones: statements running on since before the last
    /// poll, which the server sent without what their start set (activity_query::partialSql()).
    int runningOnSessions = 0;
    /// A client's statement running at this poll (not waiting on a Lock) and its mark: the
    /// server's hash of which statement it is (the backend's and the state's starts) and of
    /// what can change while it runs. The next poll sends them back; a statement whose
    /// mark still matches travels as its pid. Sorted by pid.
    struct RunningMark {
        int pid = 0;
        qint64 mark = 0;
    };
    std::vector<RunningMark> runningMarks;
    /// Which poll of a server's activity this is, unique in the process; 0 for anything
    /// else (a PgBouncer console's poll, a moment of history, a placeholder).
    quint64 sequence = 0;
    /// The poll (its sequence) the unchanged sessions were copied from, as it had them in
    /// every field; 0 when there are none, or when one of them became, or stopped being,
    /// this application's own. A model that applied that poll last already holds them.
    quint64 unchangedFrom = 0;
    std::vector<DatabaseInfo> databases;
    std::vector<LockWait> locks; ///< only when some session waits on a Lock
    /// What the sessions were doing, per database and band (activity_load), counted once
    /// by the thread that read the poll, for the timeline and the history file both; none:
    /// history::loadOf counts it.
    std::shared_ptr<const activity_load::ByDatabase> load;
    /// The client sessions per database, counted once by the thread that read the poll,
    /// for the server tree's counts and sparklines; none: database_tally::of counts them.
    std::shared_ptr<const database_tally::List> tally;
    qint64 locksMicros = 0;      ///< from sending their statement to its result read (after the activity: its parse in between; with it: before it, in the same answer) (0: not read)
    bool locksWithActivity = false; ///< their statement went with the activity's, in one pipeline (the last poll saw a wait)
    /// A PgBouncer admin console's poll (then sessions and databases are empty).
    PoolerStatePtr pooler;
    /// Rewind: the moment of history shown (ms since the epoch); 0 for a live poll.
    qint64 historyAtMs = 0;
    /// Rewind: the sessions of that moment that have ended since.
    std::vector<SessionKey> endedSince;
    /// Rewind: sessions history counts but keeps no rows of (idle ones, and other roles'
    /// hidden ones), per database.
    std::vector<std::pair<QString, int>> idlePerDatabase, hiddenPerDatabase;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

Q_DECLARE_METATYPE(SnapshotPtr)
