// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/rewind.h"

#include "history/history_store.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"

#include <QCoreApplication>
#include <QPointer>
#include <QSet>

Rewind::Rewind(ServerRegistry *registry, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_generation(std::make_shared<std::atomic<quint64>>(0))
{
}

Rewind::~Rewind()
{
    ++*m_generation; // a read still under way is dropped
}

bool Rewind::isLive() const
{
    return m_registry->isLive();
}

void Rewind::showLive()
{
    ++*m_generation;
    m_registry->showLive();
}

void Rewind::showAt(int server, qint64 atMs)
{
    const ServerMonitor *monitor = m_registry->monitor(server);
    if (!monitor || !m_registry->history()) {
        emit failed(tr("No history is kept: it is turned off in the settings."));
        return;
    }
    if (monitor->status().poolerConsole) {
        emit failed(tr("A PgBouncer console has no session history to rewind."));
        return;
    }
    read({{server, monitor->serverKey()}}, atMs, server);
}

void Rewind::showAt(const QList<int> &servers, qint64 atMs)
{
    if (!m_registry->history()) {
        emit failed(tr("No history is kept: it is turned off in the settings."));
        return;
    }
    QList<QPair<int, QString>> keys; // PgBouncer consoles have no session history
    for (const int id : servers) {
        if (const ServerMonitor *m = m_registry->monitor(id); m && !m->status().poolerConsole)
            keys.append({id, m->serverKey()});
    }
    if (!keys.isEmpty())
        read(keys, atMs, 0);
}

void Rewind::read(const QList<QPair<int, QString>> &keys, qint64 atMs, int shownAs)
{
    const quint64 generation = ++*m_generation;
    const QString path = m_registry->history()->path();
    const std::shared_ptr<std::atomic<quint64>> current = m_generation;
    QPointer<Rewind> self(this);
    const auto readSamples = [=] {
        std::vector<std::pair<int, std::optional<HistorySample>>> samples;
        QString problem;
        for (const auto &[id, key] : keys) {
            if (*current != generation)
                return;
            Expected<std::optional<HistorySample>> sample = history::sampleAt(path, key, atMs);
            if (!sample.ok()) {
                problem = sample.error().message();
                break;
            }
            samples.emplace_back(id, std::move(*sample));
        }
        // Posted to the application: this may be gone by now (checked there, not here).
        QMetaObject::invokeMethod(
            qApp,
            [=, samples = std::move(samples)] {
                if (!self || *current != generation)
                    return;
                if (!problem.isEmpty()) {
                    emit failed(problem);
                    return;
                }
                bool found = false, any = false;
                for (const auto &[id, sample] : samples) {
                    const ServerMonitor *m = m_registry->monitor(id);
                    if (!m)
                        continue; // removed meanwhile
                    HistorySample none;
                    none.atMs = atMs;
                    m_registry->showPast(pastSnapshot(sample ? *sample : none, id, m->lastSnapshot()));
                    found = found || sample.has_value();
                    any = true;
                }
                // One server removed meanwhile: nothing shown, nothing said.
                if (any || shownAs == 0)
                    emit shown(shownAs, atMs, found);
            },
            Qt::QueuedConnection);
    };
    // Read once the polls recorded until now are in the file: a moment of the last few
    // seconds is there then, not a gap.
    m_registry->history()->readWhenWritten(this, readSamples);
}

SnapshotPtr Rewind::pastSnapshot(const HistorySample &sample, int server, const SnapshotPtr &live)
{
    auto past = std::make_shared<Snapshot>();
    past->server = server;
    past->historyAtMs = sample.atMs;
    past->serverTime = sample.atMs * 1000; // ages as they were at that moment
    if (live) {
        past->serverVersion = live->serverVersion;
        past->ownPid = live->ownPid;
        past->inRecovery = live->inRecovery;
        past->databases = live->databases;
    }
    past->sessions.reserve(sample.sessions.size());
    QSet<QString> named;
    for (const DatabaseInfo &d : past->databases)
        named.insert(d.name);
    const auto addDatabase = [&](const QString &name) {
        if (!name.isEmpty() && !named.contains(name)) {
            named.insert(name);
            past->databases.push_back({0, name, true}); // gone since
        }
    };
    for (Session s : sample.sessions) {
        s.key.server = server;
        addDatabase(s.database);
        past->sessions.push_back(std::move(s));
    }
    for (SessionKey key : sample.endedSince) {
        key.server = server;
        past->endedSince.push_back(key);
    }
    past->idlePerDatabase = sample.idlePerDatabase;
    past->hiddenPerDatabase = sample.hiddenPerDatabase;
    for (const auto &[database, n] : sample.idlePerDatabase)
        addDatabase(database);
    return past;
}
