// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <vector>

struct Snapshot;

/// A database's client sessions as the server tree counts them: all of them, the active
/// ones, those idle in a transaction, other roles' hidden ones, and those waiting on a
/// lock. pgsessions' own sessions and the server's own processes are not counted. The
/// poll's thread counts them once (Snapshot::tally), while the poll is fresh in its
/// cache: the tree's counts and sparklines read them without walking the sessions.
struct DatabaseTally {
    quint32 oid = 0; ///< 0: known by name only (a moment of history)
    QString name;
    int total = 0, active = 0, idleInTransaction = 0, hidden = 0, blocked = 0;

    DatabaseTally &operator+=(const DatabaseTally &o)
    {
        total += o.total, active += o.active, idleInTransaction += o.idleInTransaction, hidden += o.hidden, blocked += o.blocked;
        return *this;
    }
};

namespace database_tally {

/// One entry per database with sessions, in the order first seen; a session whose
/// database has no oid (history keeps names) is counted by the name.
using List = std::vector<DatabaseTally>;

/// Counted from the snapshot's sessions.
List count(const Snapshot &snapshot);

/// The snapshot's tally: Snapshot::tally, else counted (into @p storage).
const List &of(const Snapshot &snapshot, List &storage);

} // namespace database_tally
