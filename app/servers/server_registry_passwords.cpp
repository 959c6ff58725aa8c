// SPDX-License-Identifier: GPL-3.0-or-later
// ServerRegistry: passwords, the system keychain first, then the user (one prompt for a
// Patroni cluster's members).
#include "servers/server_registry.h"
#include "servers/server_registry_watched.h"

#include "servers/password_store.h"

#include <QTimer>

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

bool ServerRegistry::readKeychainOnce(bool &tried, bool remembered, const QString &entry,
                                      std::function<void(const QString &secret, const QString &error)> then)
{
    if (tried || !remembered || !m_passwords->available())
        return false;
    tried = true;
    m_passwords->read(entry, std::move(then));
    return true;
}

ServerRegistry::Cluster *ServerRegistry::clusterPrompting(int id) const
{
    for (const auto &c : m_clusters) {
        if (id != 0 && c->prompting == id)
            return c.get();
    }
    return nullptr;
}

void ServerRegistry::handOnKeychainTrial(const QString &clusterProfileId)
{
    Cluster *c = findCluster(clusterProfileId);
    if (!c)
        return;
    c->keychainTried = false;
    for (const int member : clusterServers(clusterProfileId)) {
        if (find(member)->monitor->status().state == ServerStatus::NeedsPassword)
            QTimer::singleShot(0, this, [this, member] { askPassword(member); });
    }
}

void ServerRegistry::askPassword(int id, bool typed)
{
    Watched *w = find(id);
    if (!w || w->askingPassword || w->monitor->status().state != ServerStatus::NeedsPassword)
        return;
    // A cluster's members share a password: one of them asks (or tries the keychain's),
    // the others get the answer.
    Cluster *c = findCluster(w->options.cluster);
    if (c && c->prompting)
        return;
    for (const int member : clusterServers(w->options.cluster)) {
        const Watched *other = find(member);
        if (member != id && (other->askingPassword || !other->unconfirmedPassword.isEmpty()))
            return;
    }
    // The cluster's password came (typed for another member) while this one was still
    // connecting, or trying an older one: it is tried here before anyone is asked again.
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
    w->askingPassword = true;
    w->readingKeychain = true;
    const bool reading = readKeychainOnce(keychainTried, p && p->rememberPassword, w->profileId, [this, id](const QString &password, const QString &error) {
        Watched *asked = find(id);
        if (!asked)
            return; // removed meanwhile: removeServer() handed the trial on
        if (!password.isEmpty()) {
            asked->askingPassword = false;
            asked->readingKeychain = false;
            asked->monitor->setPassword(password);
            if (!asked->options.cluster.isEmpty())
                asked->unconfirmedPassword = password; // shared once it connects (onStatus())
            return;
        }
        if (!error.isEmpty())
            emit notice(tr("The system keychain did not give the password: %1").arg(error));
        // From the event loop: the prompt's own loop must not run inside the keychain's
        // answer (it answers one request at a time, and the others would wait for the
        // prompt). Until then it is still this member's turn: removed in between, it hands
        // the turn on (removeServer()).
        QTimer::singleShot(0, this, [this, id] {
            Watched *again = find(id);
            if (!again)
                return;
            again->askingPassword = false;
            again->readingKeychain = false;
            askPassword(id);
        });
    });
    if (reading)
        return;
    w->readingKeychain = false;
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
    if (c)
        c->prompting = id;
    emit passwordWanted(request);
}

void ServerRegistry::shareWithCluster(Cluster &c, int id, const QString &password)
{
    // One password for the cluster, typed or from the keychain: the other members waiting
    // for it get it too (they did not ask: one member asks for all), and those that join later.
    c.password = password;
    c.keychainRefusal.clear();
    for (const int member : clusterServers(c.profileId)) {
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
    // A member that went while its prompt was open: the answer is still the cluster's.
    Cluster *c = w ? findCluster(w->options.cluster) : clusterPrompting(id);
    if (!w && !c)
        return;
    if (c && c->prompting == id)
        c->prompting = 0;
    if (w) {
        w->askingPassword = false;
        w->monitor->setPassword(password);
    }
    if (c)
        shareWithCluster(*c, id, password);
    const QString profileId = w ? w->profileId : c->profileId;
    if (profileId.isEmpty() || !remember)
        return;
    rememberPassword(profileId, password);
}

void ServerRegistry::declinePassword(int id)
{
    Watched *w = find(id);
    Cluster *c = w ? findCluster(w->options.cluster) : clusterPrompting(id);
    if (c && c->prompting == id)
        c->prompting = 0;
    const ServerProfile *p = c ? profile(c->profileId) : nullptr;
    if (!w && !p)
        return;
    if (w)
        w->askingPassword = false;
    emit notice(tr("No password given for %1: press F5 to be asked again.").arg(w ? w->options.name : p->displayName()));
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
    const bool reading = readKeychainOnce(c->keyKeychainTried, p->rememberPassword, keyPassphraseEntry(profileId),
                                          [this, profileId](const QString &passphrase, const QString &error) {
                                              Cluster *asked = findCluster(profileId);
                                              if (!asked)
                                                  return; // removed meanwhile
                                              asked->askingKey = false;
                                              if (!passphrase.isEmpty()) {
                                                  // A wrong one: the user is asked at the next poll.
                                                  asked->keyFromKeychain = true;
                                                  asked->rememberKey = false;
                                                  asked->watcher->setKeyPassphrase(passphrase);
                                                  return;
                                              }
                                              if (!error.isEmpty())
                                                  emit notice(tr("The system keychain did not give the REST client key's passphrase: %1").arg(error));
                                              askKeyPassphrase(profileId);
                                          });
    if (reading)
        return;
    // Asked from the event loop, not from inside the poll's handler: the prompt runs an
    // event loop of its own.
    QTimer::singleShot(0, this, [this, profileId] { promptKeyPassphrase(profileId); });
}

void ServerRegistry::promptKeyPassphrase(const QString &profileId)
{
    Cluster *c = findCluster(profileId);
    const ServerProfile *p = profile(profileId);
    if (!c || !p || !c->askingKey)
        return;
    if (c->keyDeclined || !c->watcher->topology().keyLocked) {
        c->askingKey = false; // opened meanwhile (another key file given)
        return;
    }
    const PatroniTls &tls = c->watcher->tls();
    PasswordRequest request;
    request.cluster = profileId;
    request.serverName = p->displayName();
    request.keyFile = tls.keyFile;
    if (!tls.keyPassphrase.isEmpty())
        // Said, not taken out of the keychain: the file may have been read half rewritten.
        // A new one that opens the key takes its place when Remember is ticked.
        request.refusal = c->keyFromKeychain ? tr("The passphrase kept in the system keychain does not open it.") : c->watcher->topology().error;
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
    c->keyFromKeychain = false;
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
    c->rememberKey = false;
    c->keyFromKeychain = false;
    // A wrong one given earlier is not tried on: the node says none was given.
    if (!c->watcher->tls().keyPassphrase.isEmpty())
        c->watcher->setKeyPassphrase(QString());
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
