// SPDX-License-Identifier: GPL-3.0-or-later
#include "servers/server_registry.h"
#include "servers/server_registry_watched.h"

#include "servers/watchdog.h"
#include "history/history_store.h"

#include "actions/action_journal.h"
#include "servers/server_monitor.h"
#include "servers/password_store.h"

#include <QElapsedTimer>
#include <QSettings>
#include <QStandardPaths>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <utility>

ServerRegistry::ServerRegistry(std::shared_ptr<ActionJournal> journal, QObject *parent)
    : QObject(parent)
    , m_journal(journal ? std::move(journal) : std::make_shared<ActionJournal>())
    , m_passwords(new PasswordStore(this))
    , m_watchdog(new Watchdog(this))
{
    qRegisterMetaType<PasswordRequest>();
    qRegisterMetaType<UnfinishedBlock>();
    readJournal();
    // History lives beside the journal (the app's data folder, or a test's).
    const QSettings settings;
    if (settings.value(QStringLiteral("history/enabled"), true).toBool()) {
        const qint64 hours = std::clamp<qint64>(settings.value(QStringLiteral("history/retentionHours"), 24).toLongLong(), 1, 24 * 31);
        // Beside the journal when the journal is a file (a device such as /dev/full is not).
        const QFileInfo journalFile(m_journal->path());
        const QString folder = !journalFile.exists() || journalFile.isFile() ? journalFile.absolutePath()
                                                                     : QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
        m_history = new HistoryStore(folder + QStringLiteral("/history.sqlite"), hours * 3600, this);
        connect(m_history, &HistoryStore::notice, this, &ServerRegistry::notice);
    }
}

ServerRegistry::~ServerRegistry()
{
    // Monitors stop their threads as they go; nobody is told about each one.
    QSignalBlocker blocker(this);
    m_clusters.clear();
    m_servers.clear();
}

ServerRegistry::Watched *ServerRegistry::find(int id) const
{
    for (const auto &w : m_servers) {
        if (w->monitor->serverId() == id)
            return w.get();
    }
    return nullptr;
}

int ServerRegistry::addServer(const ConnectionSpec &spec, const ServerOptions &options, const QString &password)
{
    const int id = watch(spec, options, password, {});
    reorder();
    return id;
}

int ServerRegistry::watch(const ConnectionSpec &spec, const ServerOptions &options, const QString &password, const QString &profileId,
                          const QString &serverKey)
{
    const int id = m_nextId++;
    MonitorOptions monitorOptions;
    monitorOptions.intervalMs = options.intervalMs > 0 ? options.intervalMs : m_intervalMs;
    monitorOptions.kind = options.kind;
    auto watched = std::make_unique<Watched>();
    watched->monitor = std::make_unique<ServerMonitor>(id, spec, monitorOptions, m_journal);
    // A saved server stays the same server in the journal when its connection changes.
    if (!serverKey.isEmpty())
        watched->monitor->setServerKey(serverKey);
    else if (!profileId.isEmpty())
        watched->monitor->setServerKey(QStringLiteral("profile:") + profileId);
    watched->options = options;
    watched->profileId = profileId;
    if (watched->options.name.isEmpty())
        watched->options.name = spec.displayName();
    ServerMonitor *monitor = watched->monitor.get();
    if (!password.isEmpty())
        monitor->setPassword(password, false);
    connect(monitor, &ServerMonitor::statusChanged, this, [this, id](const ServerStatus &status) { onStatus(id, status); });
    connect(monitor, &ServerMonitor::snapshotReady, this, &ServerRegistry::onSnapshot);
    connect(monitor, &ServerMonitor::actionQueued, this, &ServerRegistry::actionQueued);
    connect(monitor, &ServerMonitor::actionCancelled, this, &ServerRegistry::actionCancelled);
    connect(monitor, &ServerMonitor::actionStarted, this, &ServerRegistry::actionStarted);
    connect(monitor, &ServerMonitor::actionOutcome, this, &ServerRegistry::actionOutcome);
    connect(monitor, &ServerMonitor::actionProgress, this, &ServerRegistry::actionProgress);
    connect(monitor, &ServerMonitor::actionFinished, this, [this, monitor](const ActionSummary &summary) {
        settleRestore(monitor->serverKey(), summary);
        emit actionFinished(summary);
    });
    m_servers.push_back(std::move(watched));
    if (m_paused)
        monitor->setPaused(true);
    emit serverAdded(id);
    monitor->start();
    return id;
}

void ServerRegistry::removeServer(int id)
{
    const auto it = std::find_if(m_servers.begin(), m_servers.end(), [id](const auto &w) { return w->monitor->serverId() == id; });
    if (it == m_servers.end())
        return;
    // Taken out of the list first: whatever runs while the monitor stops finds it gone.
    std::unique_ptr<Watched> gone = std::move(*it);
    m_servers.erase(it);
    m_order.removeAll(id);
    for (auto o = m_offered.begin(); o != m_offered.end();)
        o = o->first == id ? m_offered.erase(o) : std::next(o);
    gone->monitor->disconnect(this);
    // A cluster member gone while it tried the keychain's password for all (a failover):
    // another member reads and tries it. One gone while its prompt is open: the answer
    // still comes (givePassword()), and the others wait for it.
    const bool keychainTrial = gone->readingKeychain || !gone->unconfirmedPassword.isEmpty();
    const QString cluster = gone->options.cluster;
    gone.reset(); // the monitor stops its threads; a running poll is cancelled first
    if (keychainTrial)
        handOnKeychainTrial(cluster);
    emit serverRemoved(id);
}

QList<int> ServerRegistry::servers() const
{
    QList<int> out;
    for (const auto &w : m_servers) {
        if (w->profileId.isEmpty())
            out << w->monitor->serverId();
    }
    for (const ServerProfile &p : m_profiles) {
        if (p.kind == ServerKind::PatroniCluster)
            out << clusterServers(p.id);
        else if (const int id = serverOfProfile(p.id))
            out << id;
    }
    return out;
}

void ServerRegistry::reorder()
{
    const QList<int> order = servers();
    if (order != m_order) {
        m_order = order;
        emit orderChanged();
    }
}

ServerMonitor *ServerRegistry::monitor(int id) const
{
    const Watched *w = find(id);
    return w ? w->monitor.get() : nullptr;
}

ServerOptions ServerRegistry::options(int id) const
{
    const Watched *w = find(id);
    return w ? w->options : ServerOptions{};
}

QString ServerRegistry::profileOf(int id) const
{
    const Watched *w = find(id);
    return w ? w->profileId : QString();
}

bool ServerRegistry::isStale(int id) const
{
    const Watched *w = find(id);
    return w && w->stale;
}

qint64 ServerRegistry::dataAgeMs(int id) const
{
    const Watched *w = find(id);
    return w && w->dataAge.isValid() ? w->dataAge.elapsed() : -1;
}

qint64 ServerRegistry::statusAgeMs(int id) const
{
    const Watched *w = find(id);
    return w && w->statusAge.isValid() ? w->statusAge.elapsed() : -1;
}

void ServerRegistry::onStatus(int id, const ServerStatus &status)
{
    Watched *w = find(id);
    if (!w)
        return;
    w->statusAge.start();
    // The last snapshot stays, greyed, until fresh data arrives (onSnapshot).
    const bool stale = w->dataAge.isValid() && (status.state == ServerStatus::Error || status.state == ServerStatus::NeedsPassword);
    if (stale && !w->stale) {
        w->stale = true;
        emit staleChanged(id, true);
    }
    emit statusChanged(id, status);
    w = find(id);
    if (!w)
        return; // removed by a receiver of statusChanged
    if (!w->unconfirmedPassword.isEmpty() && (status.state == ServerStatus::Connected || status.state == ServerStatus::NeedsPassword)) {
        // A cluster member took the keychain's password: the other members get it. Refused,
        // it goes no further: the user is asked (keychainTried), and the answer is shared.
        const QString password = std::exchange(w->unconfirmedPassword, QString());
        Cluster *c = findCluster(w->options.cluster);
        if (c && status.state == ServerStatus::Connected)
            shareWithCluster(*c, id, password);
        else if (c)
            c->keychainRefusal = status.message; // said by whichever member asks the user
    } else if (!w->unconfirmedPassword.isEmpty() && status.state == ServerStatus::Error) {
        // Not reached: the keychain's password is neither taken nor refused. A member that
        // waits for it reads it and tries it instead (the others wait while one tries); this
        // one does not go on trying it by itself when it is back (it asks, or is given one).
        w->unconfirmedPassword.clear();
        w->monitor->setPassword(QString(), false);
        handOnKeychainTrial(w->options.cluster);
    }
    if (status.state == ServerStatus::NeedsPassword)
        QTimer::singleShot(0, this, [this, id] { askPassword(id); });
}

void ServerRegistry::onSnapshot(const SnapshotPtr &snapshot)
{
    Watched *w = find(snapshot->server);
    if (!w)
        return;
    w->dataAge.start();
    if (w->stale) {
        w->stale = false;
        emit staleChanged(snapshot->server, false);
    }
    emit snapshotReady(snapshot);
    if (m_live)
        emit displayed(snapshot);
    if (m_history)
        m_history->record(w->monitor->serverKey(), snapshot);
    if (!m_unfinished.empty())
        offerRestores();
}

void ServerRegistry::showPast(const SnapshotPtr &past)
{
    if (!past || !find(past->server))
        return;
    if (m_live) {
        m_live = false;
        emit liveChanged(false);
    }
    emit displayed(past);
}

void ServerRegistry::showLive()
{
    if (m_live)
        return;
    m_live = true;
    emit liveChanged(true);
    for (const auto &w : m_servers) {
        if (const SnapshotPtr last = w->monitor->lastSnapshot()) {
            emit displayed(last);
        } else {
            // Not polled this run: what was rewound to goes, nothing live takes its place.
            auto none = std::make_shared<Snapshot>();
            none->server = w->monitor->serverId();
            emit displayed(none);
        }
    }
}

int ServerRegistry::addProfileServer(const ServerProfile &profile, const QString &password)
{
    if (profile.kind == ServerKind::PatroniCluster) {
        addCluster(profile, password, {});
        return 0;
    }
    const Expected<ConnectionSpec> spec = profile.spec();
    if (!spec.ok()) {
        emit notice(tr("Server %1 is not watched: %2").arg(profile.displayName(), spec.error().message()));
        return 0;
    }
    ServerOptions options;
    options.name = profile.displayName();
    options.production = profile.production;
    options.colour = profile.colour;
    options.group = profile.group;
    options.kind = profile.kind;
    return watch(*spec, options, password, profile.id);
}

void ServerRegistry::setProfiles(const QList<ServerProfile> &profiles, bool watch)
{
    m_profiles = profiles;
    if (watch) {
        for (const ServerProfile &p : profiles)
            addProfileServer(p);
    }
    reorder();
}

const ServerProfile *ServerRegistry::profile(const QString &id) const
{
    for (const ServerProfile &p : m_profiles) {
        if (!id.isEmpty() && p.id == id)
            return &p;
    }
    return nullptr;
}

int ServerRegistry::serverOfProfile(const QString &profileId) const
{
    for (const auto &w : m_servers) {
        if (!profileId.isEmpty() && w->profileId == profileId && w->options.cluster.isEmpty())
            return w->monitor->serverId();
    }
    return 0;
}

void ServerRegistry::saveProfiles() const
{
    QSettings settings;
    ServerProfile::save(settings, m_profiles);
}

void ServerRegistry::applyProfiles(QList<ServerProfile> edited, const QHash<QString, QString> &passwords,
                                   const QList<ServerProfile> &shown)
{
    for (ServerProfile &p : edited) {
        const auto was = std::find_if(shown.begin(), shown.end(), [&p](const ServerProfile &s) { return s.id == p.id; });
        if (const ServerProfile *now = profile(p.id); now && was != shown.end() && p.rememberPassword == was->rememberPassword)
            p.rememberPassword = now->rememberPassword;
    }
    const QList<ServerProfile> old = m_profiles;
    m_profiles = edited;
    saveProfiles();

    QHash<QString, KeptKey> keptKeys; // clusters removed to be added again
    for (const ServerProfile &before : old) {
        const ServerProfile *now = profile(before.id);
        if (before.rememberPassword && (!now || !now->rememberPassword)) {
            m_passwords->remove(before.id);
            if (before.kind == ServerKind::PatroniCluster)
                m_passwords->remove(keyPassphraseEntry(before.id));
            if (Cluster *c = findCluster(before.id))
                c->rememberKey = false; // a passphrase given with Remember, not yet tried, is not kept either
        } else if (before.kind == ServerKind::PatroniCluster && now && now->kind != ServerKind::PatroniCluster) {
            m_passwords->remove(keyPassphraseEntry(before.id)); // no REST client key any more
        }
        if (before.kind == ServerKind::PatroniCluster) {
            if (!now || !now->sameDatabaseConnection(before) || !restAppliedInPlace(before, *now)) {
                const KeptKey key = removeCluster(before.id);
                if (now && now->kind == ServerKind::PatroniCluster)
                    keptKeys.insert(before.id, key);
            } else if (*now != before) {
                for (const int member : clusterServers(before.id)) {
                    Watched *w = find(member);
                    w->options.name = memberName(*now, w->options.member);
                    w->options.production = now->production;
                    w->options.colour = now->colour;
                    w->options.group = now->group;
                    emit serverChanged(member);
                }
                emit clusterChanged(before.id);
            }
            continue;
        }
        const int id = serverOfProfile(before.id);
        if (!now || !now->sameConnection(before)) {
            removeServer(id);
        } else if (Watched *w = find(id); w && *now != before) {
            w->options.name = now->displayName();
            w->options.production = now->production;
            w->options.colour = now->colour;
            w->options.group = now->group;
            emit serverChanged(id);
        }
    }
    for (const ServerProfile &p : std::as_const(m_profiles)) {
        if (p.kind == ServerKind::PatroniCluster) {
            if (!findCluster(p.id))
                addCluster(p, passwords.value(p.id), keptKeys.value(p.id));
            else if (passwords.contains(p.id)) {
                findCluster(p.id)->password = passwords.value(p.id); // for members still to come
                for (const int member : clusterServers(p.id))
                    monitor(member)->setPassword(passwords.value(p.id));
            }
            continue;
        }
        if (!serverOfProfile(p.id))
            addProfileServer(p, passwords.value(p.id));
        else if (passwords.contains(p.id))
            monitor(serverOfProfile(p.id))->setPassword(passwords.value(p.id));
    }
    reorder();
    for (auto it = passwords.begin(); it != passwords.end(); ++it) {
        if (const ServerProfile *p = profile(it.key()); p && p->rememberPassword)
            rememberPassword(p->id, it.value());
    }
}

int ServerRegistry::linkedPooler(int id) const
{
    const Watched *w = find(id);
    if (!w)
        return 0;
    if (w->options.poolerServer)
        return find(w->options.poolerServer) ? w->options.poolerServer : 0;
    const ServerProfile *p = profile(w->profileId);
    return p && !p->poolerProfile.isEmpty() ? serverOfProfile(p->poolerProfile) : 0;
}

void ServerRegistry::linkPooler(int id, int pooler)
{
    if (Watched *w = find(id))
        w->options.poolerServer = pooler;
}

Expected<ActionRequest::AlsoAtPooler> ServerRegistry::alsoAtPooler(int id, const QString &database) const
{
    const int pooler = linkedPooler(id);
    const ServerMonitor *m = pooler ? monitor(pooler) : nullptr;
    if (!m)
        return Error(tr("No pooler is linked in front of this server."));
    const ServerOptions o = options(pooler);
    if (!m->status().poolerConsole || !m->lastSnapshot() || !m->lastSnapshot()->pooler)
        return Error(tr("The pooler %1 has not answered yet: %2").arg(o.name, m->status().message.isEmpty() ? tr("not connected") : m->status().message));
    ActionRequest::AlsoAtPooler at;
    at.spec = m->spec();
    at.password = m->password();
    at.name = o.name;
    at.serverKey = m->serverKey();
    at.databases = m->lastSnapshot()->pooler->aliasesOf(database);
    if (at.databases.isEmpty())
        return Error(tr("The pooler %1 has no database that leads to \"%2\".").arg(o.name, database));
    return at;
}

void ServerRegistry::setIntervalMs(int ms)
{
    m_intervalMs = ms;
    for (const auto &w : m_servers) {
        if (w->options.intervalMs <= 0)
            w->monitor->setIntervalMs(ms);
    }
    for (const auto &c : m_clusters)
        c->watcher->setIntervalMs(ms);
}

void ServerRegistry::setPaused(bool paused)
{
    m_paused = paused;
    for (const auto &w : m_servers)
        w->monitor->setPaused(paused);
    for (const auto &c : m_clusters)
        c->watcher->setPaused(paused);
}

void ServerRegistry::refreshNow()
{
    for (const auto &c : m_clusters) {
        c->keyDeclined = false; // a locked key's passphrase is asked for again at this poll
        c->watcher->refreshNow();
    }
    for (const auto &w : m_servers) {
        if (w->monitor->status().state == ServerStatus::NeedsPassword) {
            const int id = w->monitor->serverId();
            QTimer::singleShot(0, this, [this, id] { askPassword(id); });
        } else {
            w->monitor->refreshNow();
        }
    }
}

quint64 ServerRegistry::submit(int id, ActionRequest request)
{
    ServerMonitor *m = monitor(id);
    if (!m)
        return 0;
    if (request.serverName.isEmpty())
        request.serverName = options(id).name;
    return m->submit(std::move(request));
}
