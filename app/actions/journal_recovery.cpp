// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/journal_recovery.h"

#include <QFile>
#include <QJsonArray>
#include <QHash>

#include <signal.h>

#include <algorithm>

std::vector<UnfinishedBlock> unfinishedBlocks(const std::vector<QJsonObject> &records)
{
    struct State {
        UnfinishedBlock block;
        bool toRestore = false; // a kill-all that would allow connections again
        bool toLetIn = false;   // ... and let the pooler's clients in again
        QString poolerKey, poolerName;
        // A pooler database of a kill-all kept blocked: offered only if the server's
        // database was not blocked (the pooler stays shut only with it).
        bool unlessServerBlocked = false;
        QString parent; // a pooler offer's kill-all
        bool blocked = false;
        bool resolved = false;
        int order = 0;
    };
    // By offer: a kill-all's journal key, or for a server-wide kill "key#database", one
    // offer per database it blocked.
    QHash<QString, State> actions;
    QHash<QString, State> serverWide; // a server-wide kill's start, by journal key
    int order = 0;
    const auto text = [](const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toString(); };
    for (const QJsonObject &r : records) {
        const QString record = text(r, "record");
        const QString key = text(r, "action");
        if (record == QLatin1String("start")) {
            const QString kind = text(r, "kind");
            State &s = kind == QLatin1String("kill server") ? serverWide[key] : actions[key];
            s.order = order++;
            s.block.action = key;
            s.block.serverKey = text(r, "server_key");
            s.block.serverName = text(r, "server");
            s.block.database = text(r, "database");
            s.block.processId = qint64(r.value(QLatin1String("process_id")).toDouble());
            s.toRestore = (kind == QLatin1String("kill all") || kind == QLatin1String("kill server"))
                          && r.value(QLatin1String("block_new_connections")).toBool() && !r.value(QLatin1String("keep_blocked")).toBool();
            s.block.what = kind;
            const QJsonObject pooler = r.value(QLatin1String("also_at_pooler")).toObject();
            if (kind == QLatin1String("pooler kill all")) {
                s.poolerKey = s.block.serverKey;
                s.poolerName = s.block.serverName;
                s.toLetIn = !r.value(QLatin1String("keep_disabled")).toBool();
            } else if (kind == QLatin1String("kill all") && !pooler.isEmpty()) {
                s.poolerKey = text(pooler, "server_key"); // (empty in earlier versions: the pooler is found by name)
                s.poolerName = text(pooler, "pooler");
                s.toLetIn = true;
                s.unlessServerBlocked = r.value(QLatin1String("keep_blocked")).toBool();
            }
            continue;
        }
        if (record == QLatin1String("dismissed") || record == QLatin1String("seen let in")) {
            if (actions.contains(key))
                actions[key].resolved = true;
            continue;
        }
        if (record != QLatin1String("step"))
            continue;
        const QString step = text(r, "step");
        // A later "allow connections" that restores an earlier action's block resolves it,
        // and so does letting a pooler database in again.
        const QString restores = text(r, "restores");
        if ((step == QLatin1String("allowed") || step == QLatin1String("pooler enabled")) && !restores.isEmpty() && actions.contains(restores))
            actions[restores].resolved = true;
        if (step.startsWith(QLatin1String("pooler "))) {
            // One offer per pooler database: "pooler disabling" is written before its
            // DISABLE ("pooler disabled", after it, by earlier versions); "pooler enabled"
            // and "pooler kept disabled" (with the server's database kept blocked, or
            // dropped) settle it.
            const bool shut = step == QLatin1String("pooler disabling") || step == QLatin1String("pooler disabled");
            const bool settled = step == QLatin1String("pooler enabled") || step == QLatin1String("pooler kept disabled");
            QStringList databases;
            for (const QJsonValue &v : r.value(QLatin1String("databases")).toArray())
                databases << v.toString();
            if (r.contains(QLatin1String("database")))
                databases << text(r, "database");
            const auto start = actions.constFind(key);
            for (const QString &database : std::as_const(databases)) {
                const QString offer = key + QLatin1String("#pooler:") + database;
                if (shut && start != actions.cend() && !actions.contains(offer)) {
                    State p = *start;
                    p.block.action = offer;
                    p.block.serverKey = p.poolerKey;
                    p.block.serverName = p.poolerName;
                    p.block.database = database;
                    p.block.atPooler = true;
                    // A kill-all run on the server behind the pooler, not at the pooler itself.
                    if (start->poolerKey != start->block.serverKey) {
                        p.block.serverBehind = start->block.serverKey;
                        p.block.serverBehindName = start->block.serverName;
                    }
                    p.toRestore = p.toLetIn;
                    p.parent = key;
                    p.blocked = true;
                    p.resolved = false;
                    p.block.since = QDateTime::fromString(text(r, "time"), Qt::ISODateWithMs);
                    p.order = order++;
                    actions.insert(offer, p);
                } else if (settled && actions.contains(offer)) {
                    actions[offer].resolved = true;
                }
            }
            continue;
        }
        QString offer = key;
        if (serverWide.contains(key)) {
            const QString database = text(r, "database");
            offer = key + QLatin1Char('#') + database;
            if (!actions.contains(offer)) {
                State s = serverWide.value(key);
                s.block.action = offer;
                s.block.database = database;
                s.order = order++; // offered in the order the kill blocked them
                actions.insert(offer, s);
            }
        }
        if (!actions.contains(offer))
            continue;
        State &s = actions[offer];
        // "blocking" is written before the ALTER runs, "blocked" after: a crash between the
        // two leaves only the first. The offer is made only if the database refuses
        // connections when the server is seen again.
        if (step == QLatin1String("blocking") || step == QLatin1String("blocked")) {
            s.blocked = true;
            s.block.since = QDateTime::fromString(text(r, "time"), Qt::ISODateWithMs);
        } else if (step == QLatin1String("allowed") || step == QLatin1String("dropped")) {
            s.resolved = true;
        } else if (step == QLatin1String("renamed")) {
            s.block.database = text(r, "new_name");
        }
    }
    std::vector<UnfinishedBlock> out;
    std::vector<const State *> open;
    for (const State &s : std::as_const(actions)) {
        if (s.block.atPooler && s.unlessServerBlocked && actions.value(s.parent).blocked)
            continue;
        if (s.toRestore && s.blocked && !s.resolved)
            open.push_back(&s);
    }
    std::sort(open.begin(), open.end(), [](const State *a, const State *b) { return a->order < b->order; });
    for (const State *s : open)
        out.push_back(s->block);
    return out;
}

bool processStillRuns(qint64 processId)
{
    if (processId <= 0 || ::kill(pid_t(processId), 0) != 0)
        return false;
    // A pid is reused: it must still be a pgsessions (or its command line).
    QFile comm(QStringLiteral("/proc/%1/comm").arg(processId));
    return comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed().startsWith("pgsessions");
}
