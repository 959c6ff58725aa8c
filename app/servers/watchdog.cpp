// SPDX-License-Identifier: GPL-3.0-or-later
#include "servers/watchdog.h"

#include "servers/server_registry.h"

#include <QDateTime>

Watchdog::Watchdog(ServerRegistry *registry)
    : QObject(registry)
    , m_registry(registry)
{
    connect(registry, &ServerRegistry::snapshotReady, this, &Watchdog::onSnapshot);
    connect(registry, &ServerRegistry::serverRemoved, this, [this](int id) {
        if (m_armed.remove(id))
            emit changed(id);
    });
}

void Watchdog::arm(int server, const Armed &armed)
{
    m_armed.insert(server, armed);
    m_armed[server].fired = 0;
    m_firedAt.remove(server);
    m_submitted.remove(server);
    m_queued.remove(server);
    emit changed(server);
}

void Watchdog::disarm(int server, const QString &why)
{
    if (!m_armed.contains(server))
        return;
    const QString name = m_armed.value(server).rule.name;
    m_armed.remove(server);
    for (const quint64 id : m_queued.take(server))
        m_registry->cancelQueued(server, id); // those already running finish; the rest never start
    emit changed(server);
    emit notice(why.isEmpty() ? tr("Watchdog \"%1\" on %2 disarmed.").arg(name, m_registry->options(server).name)
                              : tr("Watchdog \"%1\" on %2 stopped: %3").arg(name, m_registry->options(server).name, why));
}

const Watchdog::Armed *Watchdog::armed(int server) const
{
    const auto it = m_armed.constFind(server);
    return it == m_armed.cend() ? nullptr : &*it;
}

std::vector<Session> Watchdog::matching(const SessionRule &rule, const Snapshot &snapshot)
{
    std::vector<Session> out;
    for (const Session &s : snapshot.sessions) {
        if (rule.matches(s, snapshot.serverTime))
            out.push_back(s);
    }
    return out;
}

void Watchdog::onSnapshot(const SnapshotPtr &snapshot)
{
    const auto it = m_armed.find(snapshot->server);
    if (it == m_armed.end() || snapshot->pooler)
        return;
    // Sessions handed over already are not handed over again while they last.
    QSet<SessionKey> &submitted = m_submitted[snapshot->server];
    QSet<SessionKey> present;
    std::vector<Session> fresh;
    for (const Session &s : matching(it->rule, *snapshot)) {
        present.insert(s.key);
        if (!submitted.contains(s.key))
            fresh.push_back(s);
    }
    submitted.intersect(present);
    if (fresh.empty())
        return;
    // The limit: sessions ended in the last minute, this poll's included.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::deque<qint64> &times = m_firedAt[snapshot->server];
    while (!times.empty() && now - times.front() >= 60000)
        times.pop_front();
    if (int(times.size() + fresh.size()) > it->limitPerMinute) {
        disarm(snapshot->server, tr("it would end %n session(s) now, past its limit of %1 a minute (%2 in the last minute); nothing more was ended.",
                                    nullptr, int(fresh.size()))
                                     .arg(it->limitPerMinute)
                                     .arg(times.size()));
        return;
    }
    ActionRequest request;
    request.kind = it->action;
    request.ruleName = it->rule.name;
    for (const Session &s : fresh) {
        request.targets.push_back(BackendTarget::fromSession(s));
        submitted.insert(s.key);
        times.push_back(now);
    }
    it->fired += int(fresh.size());
    QList<quint64> &queued = m_queued[snapshot->server];
    if (queued.size() > 64)
        queued.erase(queued.begin(), queued.begin() + 32); // long started or finished
    if (const quint64 id = m_registry->submit(snapshot->server, request))
        queued << id;
    emit changed(snapshot->server);
}
