// SPDX-License-Identifier: GPL-3.0-or-later
// ServerRegistry: passwords, the system keychain first, then the user (one prompt for a
// Patroni cluster's members).
#include "servers/server_registry.h"
#include "servers/server_registry_watched.h"

#include "servers/password_store.h"

QString ServerRegistry::keychainProblem() const
{
    return m_passwords->available() ? QString() : m_passwords->unavailableReason();
}

void ServerRegistry::rememberPassword(const QString &profileId, const QString &password)
{
    rememberSecret(profileId, profileId, password, false);
}

void ServerRegistry::rememberSecret(const QString &profileId, const QString &entry, const QString &secret, bool keyPassphrase)
{
    // The profile remembers its secrets from now on (its password, a cluster's key passphrase).
    for (ServerProfile &stored : m_profiles) {
        if (stored.id == profileId && !stored.rememberPassword) {
            stored.rememberPassword = true;
            saveProfiles();
        }
    }
    m_passwords->write(entry, secret, [this, profileId, keyPassphrase](const QString &error) {
        if (error.isEmpty())
            return;
        if (m_passwords->available()) {
            // The keychain is there but refused this once (a dismissed unlock prompt):
            // the choice to remember stands, and the next start asks the keychain again.
            emit notice(keyPassphrase ? tr("The system keychain did not keep the REST client key's passphrase: %1").arg(error)
                                      : tr("The system keychain did not keep the password: %1").arg(error));
            return;
        }
        // No keychain at all: say so, and keep asking each time.
        for (ServerProfile &p : m_profiles) {
            if (p.id == profileId)
                p.rememberPassword = false;
        }
        saveProfiles();
        emit notice(keyPassphrase ? tr("No system keychain is available (%1): pgsessions will ask for the REST client key's passphrase each "
                                       "time; it is never saved in plain text.")
                                        .arg(error)
                                  : tr("No system keychain is available (%1): pgsessions will ask for the password each time; it is "
                                       "never saved in plain text.")
                                        .arg(error));
    });
}

void ServerRegistry::askPassword(int id, bool typed)
{
    Watched *w = find(id);
    if (!w || w->askingPassword || w->monitor->status().state != ServerStatus::NeedsPassword)
        return;
    // A cluster's members share a password: one of them asks (or tries the keychain's),
    // the others get the answer.
    for (const int member : clusterServers(w->options.cluster)) {
        const Watched *other = find(member);
        if (member != id && (other->askingPassword || !other->unconfirmedPassword.isEmpty()))
            return;
    }
    // The cluster's password came (typed for another member) while this one was still
    // connecting, or trying an older one: it is tried here before anyone is asked again.
    Cluster *c = findCluster(w->options.cluster);
    if (c && !c->password.isEmpty() && w->monitor->password() != c->password) {
        w->monitor->setPassword(c->password);
        return;
    }
    // The keychain is read once for a cluster, not once per member: a stale password
    // tried on every member could lock the role out.
    bool &keychainTried = c ? c->keychainTried : w->keychainTried;
    if (typed)
        keychainTried = true;
    const ServerProfile *p = profile(w->profileId);
    if (p && p->rememberPassword && !keychainTried && m_passwords->available()) {
        keychainTried = true;
        w->askingPassword = true;
        m_passwords->read(p->id, [this, id](const QString &password, const QString &error) {
            Watched *asked = find(id);
            if (!asked)
                return; // removed meanwhile
            asked->askingPassword = false;
            if (!password.isEmpty()) {
                asked->monitor->setPassword(password);
                if (!asked->options.cluster.isEmpty())
                    asked->unconfirmedPassword = password; // shared once it connects (onStatus())
                return;
            }
            if (!error.isEmpty())
                emit notice(tr("The system keychain did not give the password: %1").arg(error));
            askPassword(id);
        });
        return;
    }
    w->askingPassword = true;
    const ServerStatus status = w->monitor->status();
    PasswordRequest request;
    request.server = id;
    request.serverName = w->options.cluster.isEmpty() ? w->options.name
                                                      : tr("%1 (member %2)").arg(profile(w->options.cluster) ? profile(w->options.cluster)->displayName()
                                                                                                              : QString(),
                                                                                  w->options.member);
    request.user = w->monitor->spec().value(QStringLiteral("user"));
    // A member that had none says why the keychain's, tried on another member, did not do.
    request.refusal = w->monitor->hasPassword() ? status.message : c ? c->keychainRefusal : QString();
    request.saved = p != nullptr;
    request.keychainProblem = keychainProblem();
    emit passwordWanted(request);
}

void ServerRegistry::shareWithCluster(int id, const QString &password)
{
    const Watched *w = find(id);
    Cluster *c = w ? findCluster(w->options.cluster) : nullptr;
    if (!c)
        return;
    // One password for the cluster, typed or from the keychain: the other members waiting
    // for it get it too (they did not ask: one member asks for all), and those that join later.
    c->password = password;
    c->keychainRefusal.clear();
    for (const int member : clusterServers(c->profileId)) {
        Watched *other = find(member);
        if (member != id && other->monitor->status().state == ServerStatus::NeedsPassword) {
            other->askingPassword = false;
            other->monitor->setPassword(password);
        }
    }
}

void ServerRegistry::givePassword(int id, const QString &password, bool remember)
{
    Watched *w = find(id);
    if (!w)
        return;
    w->askingPassword = false;
    w->monitor->setPassword(password);
    shareWithCluster(id, password);
    const QString profileId = w->profileId;
    if (profileId.isEmpty() || !remember)
        return;
    rememberPassword(profileId, password);
}

void ServerRegistry::declinePassword(int id)
{
    Watched *w = find(id);
    if (!w)
        return;
    w->askingPassword = false;
    emit notice(tr("No password given for %1: press F5 to be asked again.").arg(w->options.name));
}

QString ServerRegistry::keyPassphraseEntry(const QString &profileId)
{
    return profileId + QStringLiteral("/rest-key");
}

void ServerRegistry::askKeyPassphrase(const QString &profileId)
{
    Cluster *c = findCluster(profileId);
    const ServerProfile *p = profile(profileId);
    if (!c || !p || c->askingKey || c->keyDeclined || !c->watcher->topology().keyLocked)
        return;
    c->askingKey = true;
    if (p->rememberPassword && !c->keyKeychainTried && m_passwords->available()) {
        c->keyKeychainTried = true;
        m_passwords->read(keyPassphraseEntry(profileId), [this, profileId](const QString &passphrase, const QString &error) {
            Cluster *asked = findCluster(profileId);
            if (!asked)
                return; // removed meanwhile
            asked->askingKey = false;
            if (!passphrase.isEmpty()) {
                asked->watcher->setKeyPassphrase(passphrase); // a wrong one: the user is asked at the next poll
                return;
            }
            if (!error.isEmpty())
                emit notice(tr("The system keychain did not give the REST client key's passphrase: %1").arg(error));
            askKeyPassphrase(profileId);
        });
        return;
    }
    const PatroniTls &tls = c->watcher->tls();
    PasswordRequest request;
    request.cluster = profileId;
    request.serverName = p->displayName();
    request.keyFile = tls.keyFile;
    request.refusal = tls.keyPassphrase.isEmpty() ? QString() : c->watcher->topology().error;
    request.saved = true;
    request.keychainProblem = keychainProblem();
    emit passwordWanted(request);
}

void ServerRegistry::giveKeyPassphrase(const QString &clusterProfileId, const QString &passphrase, bool remember)
{
    Cluster *c = findCluster(clusterProfileId);
    if (!c)
        return;
    c->askingKey = false;
    // Kept once it has opened the key (onClusterPolled()): a mistyped one is not.
    c->rememberKey = remember;
    c->watcher->setKeyPassphrase(passphrase);
}

void ServerRegistry::declineKeyPassphrase(const QString &clusterProfileId)
{
    Cluster *c = findCluster(clusterProfileId);
    const ServerProfile *p = profile(clusterProfileId);
    if (!c || !p)
        return;
    c->askingKey = false;
    c->keyDeclined = true;
    emit notice(tr("No passphrase given for the REST client key of Patroni cluster %1: its members are not followed. Press F5 to be "
                   "asked again.")
                    .arg(p->displayName()));
}

void ServerRegistry::keyPassphraseOpened(Cluster &c)
{
    if (!c.rememberKey)
        return;
    c.rememberKey = false;
    rememberSecret(c.profileId, keyPassphraseEntry(c.profileId), c.watcher->tls().keyPassphrase, true);
}
