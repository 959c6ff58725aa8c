// SPDX-License-Identifier: GPL-3.0-or-later
// ServerRegistry: Patroni clusters, each member watched as a server.
#include "servers/server_registry.h"
#include "servers/server_registry_watched.h"

#include <algorithm>

namespace {

/// A cluster profile's REST TLS files, as its watcher reads them.
PatroniTls restTlsOf(const ServerProfile &profile, const QString &keyPassphrase = {})
{
    return {profile.patroniCaCert.trimmed(), profile.patroniCert.trimmed(), profile.patroniKey.trimmed(), keyPassphrase};
}

} // namespace

QString ServerRegistry::memberName(const ServerProfile &cluster, const QString &member)
{
    // Two clusters made from one template have members of the same names: outside the
    // cluster's node (the Server column, a confirmation, the log) the cluster is said too.
    return tr("%1 / %2").arg(cluster.displayName(), member);
}

ServerRegistry::Cluster *ServerRegistry::findCluster(const QString &profileId) const
{
    for (const auto &c : m_clusters) {
        if (!profileId.isEmpty() && c->profileId == profileId)
            return c.get();
    }
    return nullptr;
}

QStringList ServerRegistry::clusters() const
{
    QStringList out;
    for (const ServerProfile &p : m_profiles) {
        if (findCluster(p.id))
            out << p.id;
    }
    return out;
}

const PatroniTopology *ServerRegistry::clusterTopology(const QString &profileId) const
{
    const Cluster *c = findCluster(profileId);
    return c ? &c->watcher->topology() : nullptr;
}

const PatroniMember *ServerRegistry::clusterMember(int id) const
{
    const Watched *w = find(id);
    const Cluster *c = w ? findCluster(w->options.cluster) : nullptr;
    if (!c)
        return nullptr;
    for (const PatroniMember &m : c->watcher->topology().members) {
        if (m.name == w->options.member)
            return &m;
    }
    return nullptr;
}

QList<int> ServerRegistry::clusterServers(const QString &profileId) const
{
    // In the REST answer's order (the leader first); a member the last answer left out
    // but still watched (not yet possible: they go with the answer) would come last.
    QList<int> out;
    const Cluster *c = findCluster(profileId);
    if (!c)
        return out;
    for (const PatroniMember &m : c->watcher->topology().members) {
        for (const auto &w : m_servers) {
            if (w->options.cluster == profileId && w->options.member == m.name)
                out << w->monitor->serverId();
        }
    }
    for (const auto &w : m_servers) {
        if (w->options.cluster == profileId && !out.contains(w->monitor->serverId()))
            out << w->monitor->serverId();
    }
    return out;
}

void ServerRegistry::addCluster(const ServerProfile &profile, const QString &password, const KeptKey &key)
{
    const Expected<QUrl> address = profile.patroniAddress();
    Expected<ConnectionSpec> spec = profile.spec();
    if (!address.ok() || !spec.ok()) {
        emit notice(tr("Patroni cluster %1 is not watched: %2").arg(profile.displayName(), (address.ok() ? spec.error() : address.error()).message()));
        return;
    }
    if (const QString problem = profile.patroniTlsProblem(); !problem.isEmpty()) {
        emit notice(tr("Patroni cluster %1 is not watched: %2").arg(profile.displayName(), problem));
        return;
    }
    auto cluster = std::make_unique<Cluster>();
    cluster->profileId = profile.id;
    cluster->spec = *spec;
    cluster->password = password;
    const bool sameKey = !key.passphrase.isEmpty() && key.file == profile.patroniKey.trimmed();
    if (sameKey) {
        cluster->rememberKey = key.remember;
        cluster->keyFromKeychain = key.fromKeychain;
        cluster->keyKeychainTried = true; // read already, for this key
    }
    cluster->watcher = std::make_unique<PatroniWatcher>(*address, m_intervalMs, restTlsOf(profile, sameKey ? key.passphrase : QString()));
    cluster->watcher->setPaused(m_paused);
    connect(cluster->watcher.get(), &PatroniWatcher::polled, this, [this, id = profile.id] { onClusterPolled(id); });
    m_clusters.push_back(std::move(cluster));
    emit clusterChanged(profile.id);
}

bool ServerRegistry::restAppliedInPlace(const ServerProfile &before, const ServerProfile &now)
{
    if (now.sameConnection(before))
        return true;
    // Only the REST side changed (a renewed certificate's new path, http to https): the
    // members' connections, sessions and history stay; the next poll asks the new way.
    // A REST side now wrong is said as for a cluster added so, and the cluster goes.
    const Expected<QUrl> address = now.patroniAddress();
    Cluster *c = findCluster(before.id);
    if (!c || !address.ok() || !now.patroniTlsProblem().isEmpty())
        return false;
    PatroniTls tls = restTlsOf(now);
    if (tls.keyFile == c->watcher->tls().keyFile) {
        tls.keyPassphrase = c->watcher->tls().keyPassphrase; // still the key it opened
    } else {
        // Another key: its passphrase is asked for afresh (the keychain's first) if it is locked.
        c->keyKeychainTried = false;
        c->keyDeclined = false;
        c->rememberKey = false;
        c->keyFromKeychain = false;
    }
    c->watcher->setRest(*address, tls);
    return true;
}

ServerRegistry::KeptKey ServerRegistry::removeCluster(const QString &profileId)
{
    const auto it = std::find_if(m_clusters.begin(), m_clusters.end(), [&](const auto &c) { return c->profileId == profileId; });
    if (it == m_clusters.end())
        return {};
    const PatroniTls &tls = (*it)->watcher->tls();
    const KeptKey key{tls.keyFile, tls.keyPassphrase, (*it)->rememberKey, (*it)->keyFromKeychain};
    const QList<int> members = clusterServers(profileId);
    m_clusters.erase(it); // its REST thread stops first: no poll comes back to add members again
    for (const int id : members)
        removeServer(id);
    emit clusterRemoved(profileId);
    reorder();
    return key;
}

void ServerRegistry::onClusterPolled(const QString &profileId)
{
    Cluster *c = findCluster(profileId);
    const ServerProfile *p = profile(profileId);
    if (!c || !p)
        return;
    const PatroniTopology &t = c->watcher->topology();
    if (t.keyLocked)
        askKeyPassphrase(profileId);
    else if (t.keyOpened)
        keyPassphraseOpened(*c);
    if (t.error.isEmpty()) {
        // Members are known by name: a switchover changes roles, not servers.
        QHash<QString, const PatroniMember *> listed;
        for (const PatroniMember &m : t.members)
            listed.insert(m.name, &m);
        for (const int id : clusterServers(profileId)) {
            const Watched *w = find(id);
            if (!w)
                continue; // removed above: an id listed twice
            const PatroniMember *m = listed.value(w->options.member);
            const ConnectionSpec &at = w->monitor->spec();
            if (!m || m->host.isEmpty() || at.value(QStringLiteral("host")) != m->host
                || at.value(QStringLiteral("port")) != QString::number(m->port))
                removeServer(id); // gone from the cluster, or moved: watched again below
        }
        for (const PatroniMember &m : t.members) {
            const bool watched = std::any_of(m_servers.begin(), m_servers.end(), [&](const auto &w) {
                return w->options.cluster == profileId && w->options.member == m.name;
            });
            if (watched || m.host.isEmpty())
                continue;
            ServerOptions options;
            options.name = memberName(*p, m.name);
            options.production = p->production;
            options.colour = p->colour;
            options.group = p->group;
            options.kind = ServerKind::PostgreSQL;
            options.cluster = profileId;
            options.member = m.name;
            // The member's own address: a hostaddr would send every member to one server. It
            // is given empty, not left out, or libpq fills it in from the profile's service
            // section or from PGHOSTADDR. Any member is wanted, whatever its role: a
            // target_session_attrs of the service's or PGTARGETSESSIONATTRS (read-write, an
            // HA entry's usual) would refuse every replica.
            const ConnectionSpec spec = c->spec.with(QStringLiteral("hostaddr"), QString())
                                            .with(QStringLiteral("host"), m.host)
                                            .with(QStringLiteral("port"), QString::number(m.port))
                                            .with(QStringLiteral("target_session_attrs"), QStringLiteral("any"));
            // The journal and history follow the member, whichever role it has.
            watch(spec, options, c->password, profileId, QStringLiteral("patroni:%1/%2").arg(profileId, m.name));
        }
    }
    // Said when something changed (members, roles, states, lag, error), not at every poll.
    if (t.members != c->shown.members || t.error != c->shown.error || t.paused != c->shown.paused || !c->shownOnce) {
        c->shown = t;
        c->shownOnce = true;
        emit clusterChanged(profileId);
    }
    reorder();
}
