// SPDX-License-Identifier: GPL-3.0-or-later
// ServerRegistry: what earlier runs left blocked, read from the journal and offered for
// restore while a server's polls show it still blocked.
#include "servers/server_registry.h"
#include "servers/server_registry_watched.h"

#include "actions/action_journal.h"
#include "servers/server_monitor.h"

#include <QCoreApplication>
#include <QThread>

#include <algorithm>

void ServerRegistry::readJournal()
{
    // The journal can be long: read off the GUI thread.
    auto found = std::make_shared<std::vector<UnfinishedBlock>>();
    QThread *reader = QThread::create([found, path = m_journal->path()] { *found = unfinishedBlocks(ActionJournal::read(path)); });
    connect(reader, &QThread::finished, this, [this, found] {
        for (const UnfinishedBlock &b : *found) {
            // Another pgsessions still running it: its own business.
            if (!processStillRuns(b.processId) || b.processId == QCoreApplication::applicationPid())
                m_unfinished.push_back(b);
        }
        offerRestores();
    });
    connect(reader, &QThread::finished, reader, &QObject::deleteLater);
    reader->start();
}

void ServerRegistry::offerRestores()
{
    std::vector<UnfinishedBlock> seenLetIn;
    for (const UnfinishedBlock &b : m_unfinished) {
        for (const auto &w : m_servers) {
            const int id = w->monitor->serverId();
            // A pooler journaled by an earlier version has no key: it is found by its name.
            const bool same = b.serverKey.isEmpty() ? b.atPooler && w->options.name == b.serverName : w->monitor->serverKey() == b.serverKey;
            if (!same)
                continue;
            const SnapshotPtr &snap = w->monitor->lastSnapshot();
            if (!snap || w->monitor->status().state != ServerStatus::Connected)
                continue;
            bool shut = false, letIn = false; // neither: gone, or not a pooler (yet)
            if (b.atPooler) {
                shut = snap->pooler && snap->pooler->shutOut(b.database);
                letIn = snap->pooler && snap->pooler->letsIn(b.database);
            } else {
                const auto d = std::find_if(snap->databases.begin(), snap->databases.end(), [&](const DatabaseInfo &i) { return i.name == b.database; });
                shut = d != snap->databases.end() && !d->allowConnections;
                letIn = d != snap->databases.end() && d->allowConnections;
            }
            if (letIn) {
                // Let in again by somebody, or by a pooler's restart: nothing to offer, now
                // or when it is shut later for another reason. (A restore of ours under
                // way settles it with its own record.)
                if (std::find(m_restoring.cbegin(), m_restoring.cend(), b.action) == m_restoring.cend())
                    seenLetIn.push_back(b);
                break;
            }
            if (shut && !m_offered.contains({id, b.action})) {
                m_offered.insert({id, b.action});
                emit restoreOffered(id, b);
            }
        }
    }
    for (const UnfinishedBlock &b : seenLetIn) {
        if (const Error e = m_journal->recordSeenLetIn(b.action, b.database))
            emit notice(e.message());
        const auto it = std::find_if(m_unfinished.begin(), m_unfinished.end(), [&](const UnfinishedBlock &u) { return u.action == b.action; });
        if (it == m_unfinished.end())
            continue;
        m_unfinished.erase(it);
        emit restoreSettled(b.action);
    }
}

QList<UnfinishedBlock> ServerRegistry::restoreOffers(int id) const
{
    QList<UnfinishedBlock> out;
    for (const UnfinishedBlock &b : m_unfinished) {
        if (m_offered.contains({id, b.action}))
            out << b;
    }
    return out;
}

quint64 ServerRegistry::restore(int id, const QString &action)
{
    const auto b = std::find_if(m_unfinished.begin(), m_unfinished.end(), [&](const UnfinishedBlock &u) { return u.action == action; });
    if (b == m_unfinished.end())
        return 0;
    ActionRequest allow;
    allow.kind = b->atPooler ? ActionRequest::PoolerCommand : ActionRequest::AllowConnections;
    if (b->atPooler)
        allow.poolerCommand = QStringLiteral("ENABLE"); // and RESUME, as the pooler has it
    allow.database = b->database;
    allow.restores = action;
    const quint64 submitted = submit(id, allow);
    if (submitted)
        m_restoring.insert(submitted, action);
    return submitted;
}

void ServerRegistry::dismissRestore(const QString &action)
{
    const auto b = std::find_if(m_unfinished.begin(), m_unfinished.end(), [&](const UnfinishedBlock &u) { return u.action == action; });
    if (b == m_unfinished.end())
        return;
    if (const Error e = m_journal->recordDismissed(action))
        emit notice(e.message());
    m_unfinished.erase(b);
    emit restoreSettled(action);
}

bool ServerRegistry::cancelQueued(int id, quint64 action)
{
    ServerMonitor *m = monitor(id);
    return m && m->cancelQueued(action);
}

Error ServerRegistry::checkJournal()
{
    return m_journal->check();
}

void ServerRegistry::settleRestore(const QString &serverKey, const ActionSummary &summary)
{
    // A restore of an offer that worked settles that offer; connections allowed to a
    // database otherwise settle the server's offer for it.
    const QString restored = m_restoring.take(summary.id);
    if (summary.databaseState != ActionSummary::ConnectionsAllowed)
        return;
    for (auto it = m_unfinished.begin(); it != m_unfinished.end(); ++it) {
        if (restored.isEmpty() ? !it->atPooler && it->serverKey == serverKey && it->database == summary.databaseName : it->action == restored) {
            const QString action = it->action;
            m_unfinished.erase(it);
            emit restoreSettled(action);
            break;
        }
    }
}

QString ServerRegistry::journalPath() const
{
    return m_journal->path();
}
