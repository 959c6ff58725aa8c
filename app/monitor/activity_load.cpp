// SPDX-License-Identifier: GPL-3.0-or-later
#include "monitor/activity_load.h"

#include "monitor/snapshot.h"

#include <algorithm>
#include <vector>

namespace activity_load {

const QString kCpuBand = QStringLiteral("CPU");
const QString kIdleInTransactionBand = QStringLiteral("idle in transaction");

ByDatabase count(const Snapshot &snapshot)
{
    // Counted first in a short list of (database, band) as the sessions have them, their
    // names put together and into the map once each: most sessions share a few. Past
    // kShortList different ones (a server of many databases), every session goes into the
    // map directly, as the list's do.
    constexpr size_t kShortList = 32;
    struct Count {
        const Session *first; // the database, and the band: kind and wait
        enum Kind { InTransaction, Cpu, Wait } kind;
        qint32 n;
    };
    std::vector<Count> counts;
    ByDatabase load;
    const auto add = [&load](const Count &c) {
        const Session &s = *c.first;
        const QString band = c.kind == Count::InTransaction ? kIdleInTransactionBand
                             : c.kind == Count::Cpu         ? kCpuBand
                             : s.waitEvent.isEmpty()        ? s.waitEventType
                                                            : s.waitEventType + QLatin1Char(':') + s.waitEvent;
        load[s.database][band] += c.n;
    };
    bool direct = false;
    for (const Session &s : snapshot.sessions) {
        if (s.own || s.database.isEmpty() || s.state.isEmpty() || s.isIdle())
            continue;
        if (!s.isClientBackend() && s.backendType != QLatin1String("parallel worker") && s.backendType != QLatin1String("autovacuum worker"))
            continue;
        const Count::Kind kind = s.isIdleInTransaction()     ? Count::InTransaction
                                 : s.waitEventType.isEmpty() ? Count::Cpu
                                                             : Count::Wait;
        if (direct) {
            add({&s, kind, 1});
            continue;
        }
        const auto same = [&](const Count &c) {
            return c.kind == kind && c.first->database == s.database
                   && (kind != Count::Wait || (c.first->waitEventType == s.waitEventType && c.first->waitEvent == s.waitEvent));
        };
        if (const auto it = std::find_if(counts.begin(), counts.end(), same); it != counts.end()) {
            ++it->n;
        } else if (counts.size() < kShortList) {
            counts.push_back({&s, kind, 1});
        } else {
            for (const Count &c : counts)
                add(c);
            counts.clear();
            direct = true;
            add({&s, kind, 1});
        }
    }
    for (const Count &c : counts)
        add(c);
    return load;
}

} // namespace activity_load
