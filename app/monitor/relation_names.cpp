// SPDX-License-Identifier: GPL-3.0-or-later
#include "monitor/relation_names.h"

#include "monitor/activity_query.h"
#include "pg/connection.h"
#include "pg/sql_text.h"

#include <QDateTime>
#include <QSet>

RelationNames::RelationNames(ConnectionSpec spec, std::shared_ptr<SharedPassword> password)
    : m_spec(std::move(spec))
    , m_password(std::move(password))
{
}

void RelationNames::resolve(std::vector<LockWait> &locks, const std::vector<DatabaseInfo> &databases,
                            const std::function<bool()> &stopped)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QHash<quint32, QSet<quint32>> wanted; // database → relations not known yet
    for (LockWait &w : locks) {
        if (!w.relationName.isEmpty() || !w.relationOid || !w.databaseOid)
            continue;
        const auto it = m_names.constFind({w.databaseOid, w.relationOid});
        if (it != m_names.constEnd() && it->until > now)
            w.relationName = it->name;
        else
            wanted[w.databaseOid].insert(w.relationOid);
    }
    int visited = 0;
    for (auto it = wanted.cbegin(); it != wanted.cend() && visited < kMaxDatabasesPerPoll; ++it) {
        const auto db = std::find_if(databases.begin(), databases.end(), [&](const DatabaseInfo &d) { return d.oid == it.key(); });
        if (db == databases.end() || !db->allowConnections || (stopped && stopped()))
            continue;
        ++visited;
        pg::ConnectOptions options;
        options.purpose = QStringLiteral("catalog");
        options.connectTimeoutSeconds = 2;
        options.statementTimeoutMs = 2000;
        options.password = m_password ? m_password->get() : QString();
        options.fallback = false; // that database's catalog, or nothing
        options.stopped = stopped;
        const Expected<pg::Connection> conn = pg::Connection::open(m_spec.with(QStringLiteral("dbname"), db->name), options);
        if (!conn.ok())
            continue;
        const pg::Result r = conn->exec(activity_query::relationNamesSql(), {sql_text::numberArray(it.value(), [](quint32 oid) { return oid; })});
        if (!r.ok())
            continue;
        for (quint32 oid : it.value())
            m_names.insert({it.key(), oid}, Entry{QString(), now + kKeepMs});
        for (int row = 0; row < r.rows(); ++row)
            m_names.insert({it.key(), quint32(r.integer(row, 0))}, Entry{r.text(row, 1), now + kKeepMs});
    }
    for (LockWait &w : locks) {
        if (w.relationName.isEmpty() && w.relationOid) {
            const auto it = m_names.constFind({w.databaseOid, w.relationOid});
            if (it != m_names.constEnd())
                w.relationName = it->name;
        }
    }
    // Old entries go.
    for (auto it = m_names.begin(); it != m_names.end();)
        it = it->until <= now ? m_names.erase(it) : std::next(it);
}
