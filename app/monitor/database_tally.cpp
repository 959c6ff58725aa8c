// SPDX-License-Identifier: GPL-3.0-or-later
#include "monitor/database_tally.h"

#include "monitor/snapshot.h"

#include <QHash>

namespace database_tally {

List count(const Snapshot &snapshot)
{
    // Found in the list itself while it is short (most servers have a few databases, and
    // consecutive sessions often share one), by a hash past that.
    constexpr size_t kShortList = 16;
    List out;
    QHash<quint32, size_t> byOid;
    QHash<QString, size_t> byName;
    size_t last = 0; // where the last session's database was found
    const auto same = [](const DatabaseTally &t, const Session &s) { return s.databaseOid ? t.oid == s.databaseOid : !t.oid && t.name == s.database; };
    const auto index = [&](size_t i) {
        if (out[i].oid)
            byOid.insert(out[i].oid, i);
        else
            byName.insert(out[i].name, i);
    };
    for (const Session &s : snapshot.sessions) {
        if (s.own || s.database.isEmpty() || !s.isClientBackend())
            continue;
        if (last >= out.size() || !same(out[last], s)) {
            if (out.size() <= kShortList) {
                last = 0;
                while (last < out.size() && !same(out[last], s))
                    ++last;
            } else {
                if (byOid.isEmpty() && byName.isEmpty()) { // (the list just grew past short)
                    for (size_t i = 0; i < out.size(); ++i)
                        index(i);
                }
                last = s.databaseOid ? byOid.value(s.databaseOid, out.size()) : byName.value(s.database, out.size());
            }
            if (last == out.size()) {
                DatabaseTally t;
                t.oid = s.databaseOid;
                t.name = s.database;
                out.push_back(std::move(t));
                if (!byOid.isEmpty() || !byName.isEmpty())
                    index(last);
            }
        }
        DatabaseTally &t = out[last];
        ++t.total;
        t.active += s.isActive();
        t.idleInTransaction += s.isIdleInTransaction();
        t.hidden += s.isHidden();
        t.blocked += !s.blockedBy.isEmpty();
    }
    return out;
}

const List &of(const Snapshot &snapshot, List &storage)
{
    if (snapshot.tally)
        return *snapshot.tally;
    storage = count(snapshot);
    return storage;
}

} // namespace database_tally
