// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/journal_recovery.h"

#include <QFile>
#include <QHash>

#include <signal.h>

#include <algorithm>

std::vector<UnfinishedBlock> unfinishedBlocks(const std::vector<QJsonObject> &records)
{
    struct State {
        UnfinishedBlock block;
        bool toRestore = false; // a kill-all that would allow connections again
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
            continue;
        }
        if (record == QLatin1String("dismissed")) {
            if (actions.contains(key))
                actions[key].resolved = true;
            continue;
        }
        if (record != QLatin1String("step"))
            continue;
        const QString step = text(r, "step");
        // A later "allow connections" that restores an earlier action's block resolves it.
        const QString restores = text(r, "restores");
        if (step == QLatin1String("allowed") && !restores.isEmpty() && actions.contains(restores))
            actions[restores].resolved = true;
        QString offer = key;
        if (serverWide.contains(key)) {
            const QString database = text(r, "database");
            offer = key + QLatin1Char('#') + database;
            if (!actions.contains(offer)) {
                State s = serverWide.value(key);
                s.block.action = offer;
                s.block.database = database;
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
