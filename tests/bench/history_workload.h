// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the history benchmarks record: a server with 1,000 client backends of which 100 are
// not idle. Each second a tenth of the busy ones change what they do (state, wait event,
// query; one change in ten a query with literals of its own, so a text of its own), and
// every 100 s a backend reconnects.

#include "monitor/snapshot.h"

#include <QRandomGenerator>
#include <QStringList>

#include <memory>
#include <vector>

namespace bench {

class HistoryWorkload
{
public:
    static constexpr int kBackends = 1000, kBusy = 100;

    /// Polls one a second from @p startMs (ms since the epoch).
    explicit HistoryWorkload(qint64 startMs)
        : m_start(startMs)
        , m_sessions(kBackends)
    {
        for (int i = 0; i < 200; ++i)
            m_queries << QStringLiteral("SELECT * FROM orders o JOIN customers c ON c.id = o.customer WHERE o.id = $1 /* report %1 */").arg(i);
        for (int i = 0; i < kBackends; ++i) {
            Session &s = m_sessions[size_t(i)];
            s.key.pid = 10000 + i;
            s.key.backendStart = startMs * 1000 + i;
            s.backendType = QStringLiteral("client backend");
            s.user = QStringLiteral("web");
            s.application = QStringLiteral("shop-web");
            s.database = i % 3 ? QStringLiteral("shop") : QStringLiteral("games");
            s.databaseOid = i % 3 ? 16384 : 16385; // as a server reports them
            s.clientAddress = QStringLiteral("10.0.0.%1").arg(i % 200);
            s.clientPort = 40000 + i;
            s.state = QStringLiteral("idle");
        }
    }

    /// The poll of second @p p (called for 0, 1, 2, … in turn).
    SnapshotPtr poll(int p)
    {
        static const QStringList states{QStringLiteral("active"), QStringLiteral("active"), QStringLiteral("idle in transaction")};
        static const QStringList waits{QString(), QStringLiteral("Lock"), QStringLiteral("IO"), QStringLiteral("LWLock"), QStringLiteral("Client")};
        std::vector<size_t> changed;
        for (int i = 0; i < kBusy; ++i) {
            Session &s = m_sessions[size_t(i)];
            if (p == 0 || m_random.bounded(10) == 0) {
                changed.push_back(size_t(i));
                s.state = states[int(m_random.bounded(states.size()))];
                s.waitEventType = waits[int(m_random.bounded(waits.size()))];
                s.waitEvent = s.waitEventType.isEmpty() ? QString() : s.waitEventType + QStringLiteral("Event");
                s.query = m_random.bounded(10) == 0 ? QStringLiteral("SELECT * FROM orders WHERE id = %1").arg(p * 1000 + i)
                                                    : m_queries[int(m_random.bounded(m_queries.size()))];
                s.queryStart = (m_start + p * 1000) * 1000;
            }
        }
        if (p % 100 == 99) {
            const size_t at = size_t(m_random.bounded(kBackends));
            m_sessions[at].key.backendStart += 1;
            changed.push_back(at);
        }
        // The sessions unchanged since the last poll shared with it, as a poll's are.
        if (m_shared.size() != m_sessions.size()) {
            m_shared = SessionList(m_sessions);
        } else {
            for (const size_t at : changed)
                m_shared.edit(at) = m_sessions[at];
        }
        auto snap = std::make_shared<Snapshot>();
        snap->sessions = m_shared;
        snap->serverTime = (m_start + p * 1000) * 1000;
        return snap;
    }

private:
    qint64 m_start;
    std::vector<Session> m_sessions;
    SessionList m_shared;
    QStringList m_queries;
    QRandomGenerator m_random{42};
};

} // namespace bench
