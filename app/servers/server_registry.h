// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "actions/journal_recovery.h"
#include "monitor/server_status.h"
#include "monitor/snapshot.h"
#include "pg/connection_spec.h"
#include "servers/server_profile.h"

#include <QHash>
#include <QSet>
#include <QList>
#include <QObject>

#include <functional>
#include <memory>
#include <vector>

class ActionJournal;
class PasswordStore;
class ServerMonitor;
struct PatroniMember;
struct PatroniTopology;
class Watchdog;
class HistoryStore;

/// How a watched server is shown and treated.
struct ServerOptions {
    QString name;            ///< empty: from the connection
    bool production = false; ///< actions need the count or the database name typed
    int intervalMs = 0;      ///< 0: the registry's interval
    QString colour;          ///< #rrggbb for the server's node, or empty
    QString group;           ///< the tree's folder for it, or empty
    ServerKind kind = ServerKind::Automatic;
    /// The watched PgBouncer admin console in front of this server (its id), or 0. A saved
    /// server names its pooler's profile instead (ServerProfile::poolerProfile).
    int poolerServer = 0;
    /// A member of a Patroni cluster: the cluster's profile id and the member's name.
    QString cluster;
    QString member;
};

/// A server's request for a password, or a Patroni cluster's for its REST client key's
/// passphrase, as the user should see it.
struct PasswordRequest {
    int server = 0;          ///< the server that wants a password (0 for a key's passphrase)
    QString cluster;         ///< the cluster profile whose REST client key wants a passphrase, or empty
    QString keyFile;         ///< that key's file
    QString serverName;      ///< the server's name, or the cluster's
    QString user;
    QString refusal;         ///< the server's reason, when a password given was refused (or why a passphrase did not open the key)
    bool saved = false;      ///< a saved server: it can remember the password in the keychain
    QString keychainProblem; ///< why the keychain cannot be used, when it cannot
};

/// The servers pgsessions watches, and everything about them that is not a widget: each
/// server's monitor and its lifetime, the saved profiles (kept in sync with what is
/// watched, and saved), when a server's rows go stale, the password policy (keychain
/// first, then the user), polling for all of them, and actions. Models and views
/// subscribe to its signals; it never waits on the network. Lives in the GUI thread.
class ServerRegistry : public QObject
{
    Q_OBJECT
public:
    /// @p journal: where actions are recorded (the default journal if null).
    explicit ServerRegistry(std::shared_ptr<ActionJournal> journal = {}, QObject *parent = nullptr);
    ~ServerRegistry() override;

    // Watched servers. Ids are never reused.
    /// Starts watching a server for this run; @p password: one given for this run (never
    /// saved), used from the first attempt. Returns its id.
    int addServer(const ConnectionSpec &spec, const ServerOptions &options = {}, const QString &password = {});
    /// Stops watching a server; its monitor stops (a running action is seen through).
    void removeServer(int id);
    /// Every watched server, in the tree's order: this run's first, then the saved ones
    /// in their saved order.
    QList<int> servers() const;
    ServerMonitor *monitor(int id) const;
    ServerOptions options(int id) const;
    /// The saved profile a server was started from; empty for this run's servers.
    QString profileOf(int id) const;
    /// Its rows are out of date: it stopped answering (or wants a password) after a poll.
    bool isStale(int id) const;
    /// Milliseconds since its last snapshot (-1: none yet) and since its last status.
    qint64 dataAgeMs(int id) const;
    qint64 statusAgeMs(int id) const;

    // Saved servers.
    /// The saved servers, as read at start; watched (in their order) when @p watch.
    void setProfiles(const QList<ServerProfile> &profiles, bool watch = true);
    /// The user's edit of the saved servers (@p edited, from a dialog that showed
    /// @p shown): saved, and the watched servers follow. Servers whose connection changed
    /// or that went away stop; new and changed ones start (with a password typed for
    /// them in @p passwords); a new name, colour or mark is only shown. A "remember
    /// password" that a prompt changed while the dialog was open stands unless the user
    /// changed it in the dialog too.
    void applyProfiles(QList<ServerProfile> edited, const QHash<QString, QString> &passwords = {},
                       const QList<ServerProfile> &shown = {});
    const QList<ServerProfile> &profiles() const { return m_profiles; }

    // Groups: folders of the tree.
    /// Puts server @p id in @p group (empty: none), before server @p before in the order
    /// (0: after the group's last; @p id itself: in the place it has); a saved server's
    /// profile is saved so.
    void moveServer(int id, const QString &group, int before = 0);
    /// Renames a group, for every server in it (saved ones saved so).
    void renameGroup(const QString &from, const QString &to);
    /// The groups in the order of their first server.
    QStringList groups() const;
    const ServerProfile *profile(const QString &id) const;
    /// The server watched for a saved profile, or 0.
    int serverOfProfile(const QString &profileId) const;

    // Patroni clusters: saved profiles of kind PatroniCluster. Each member the cluster's
    // REST API lists is watched as a server of its own (ServerOptions::cluster, member),
    // started and stopped as members come and go; a member keeps its server id through
    // switchovers and failovers.
    /// The watched clusters' profile ids, in the profiles' order.
    QStringList clusters() const;
    /// A cluster's last REST poll (members, error), or null when it is not watched.
    const PatroniTopology *clusterTopology(const QString &profileId) const;
    /// The cluster's member a server is, as the last REST poll gave it, or null.
    const PatroniMember *clusterMember(int id) const;
    /// The members' servers of a cluster, in the tree's order (the leader first).
    QList<int> clusterServers(const QString &profileId) const;

    // Passwords.
    PasswordStore *passwordStore() const { return m_passwords; }
    /// The keychain's entry for a cluster profile's REST client key passphrase (beside
    /// the profile's password, whose entry is the profile's id).
    static QString keyPassphraseEntry(const QString &profileId);
    /// Why the system keychain cannot be used, or empty.
    QString keychainProblem() const;
    /// Starts the password policy for a server that wants one: the keychain first (once,
    /// when its profile remembers the password), else passwordWanted(). @p typed: the user
    /// asked to type it.
    void askPassword(int id, bool typed = false);
    /// The answer to passwordWanted(); ignored for a server no longer watched.
    void givePassword(int id, const QString &password, bool remember);
    void declinePassword(int id);
    /// The answer to passwordWanted() for a cluster's REST client key (request.cluster):
    /// the key is opened with @p passphrase from the next poll on; when it opens and
    /// @p remember, the system keychain keeps it (with the profile's password).
    void giveKeyPassphrase(const QString &clusterProfileId, const QString &passphrase, bool remember);
    void declineKeyPassphrase(const QString &clusterProfileId);

    // Polling, for every server.
    int intervalMs() const { return m_intervalMs; }
    void setIntervalMs(int ms);
    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    /// Polls every server now; a server waiting for a password asks for it again.
    void refreshNow();

    /// Queues an action on a server's action thread; returns its id, 0 if no such server.
    quint64 submit(int id, ActionRequest request);
    /// Takes a queued action out before it starts; false once it has started.
    bool cancelQueued(int id, quint64 action);
    /// Whether the journal can take a record now (for the confirmation).
    Error checkJournal();

    // What earlier runs left blocked (the journal says so), offered for restore.
    /// The offers standing for server @p id.
    QList<UnfinishedBlock> restoreOffers(int id) const;
    /// Allows connections to the database of an offer again (an action like any other).
    quint64 restore(int id, const QString &action);
    /// Not to be offered again (journaled).
    void dismissRestore(const QString &action);
    /// Where actions are journaled.
    QString journalPath() const;
    /// The armed selection rules (each server's watchdog).
    Watchdog *watchdog() const { return m_watchdog; }
    /// Every poll of every server, kept (HistoryStore) beside the journal, unless the
    /// setting history/enabled is false: then null.
    HistoryStore *history() const { return m_history; }

    // Poolers.
    /// The watched PgBouncer admin console linked in front of server @p id, or 0.
    int linkedPooler(int id) const;
    // What the views show: the live polls, or a moment of history (rewind).
    /// The views show @p past, a moment of its server's history, instead of the live
    /// polls; those go on (recorded, watched, in snapshotReady) unseen until showLive().
    void showPast(const SnapshotPtr &past);
    /// Back to the live polls: the last one of each server is shown at once.
    void showLive();
    bool isLive() const { return m_live; }

    /// Links watched PgBouncer @p pooler in front of this run's server @p id.
    void linkPooler(int id, int pooler);
    /// The pooler's part of a kill-all of @p database on server @p id: its admin console
    /// and its aliases of the database. Fails, saying why, when there is no linked pooler,
    /// it has not been polled, or it has no alias of the database.
    Expected<ActionRequest::AlsoAtPooler> alsoAtPooler(int id, const QString &database) const;

Q_SIGNALS:
    void serverAdded(int id);
    void serverRemoved(int id);
    /// Its name, colour or production mark changed.
    void serverChanged(int id);
    /// servers() has a new order.
    void orderChanged();
    void statusChanged(int id, const ServerStatus &status);
    /// Every poll, live: what the watchdog, history and banners follow.
    void snapshotReady(const SnapshotPtr &snapshot);
    /// What the views show: each live poll while live, or the moment showPast() gave.
    void displayed(const SnapshotPtr &snapshot);
    void liveChanged(bool live);
    /// A cluster was added, or its REST poll gave something new (members, roles, error).
    void clusterChanged(const QString &profileId);
    void clusterRemoved(const QString &profileId);
    void staleChanged(int id, bool stale);
    /// A server wants a password from the user: answer with givePassword() or declinePassword().
    void passwordWanted(const PasswordRequest &request);
    /// Something the user should read in passing (the status bar).
    void notice(const QString &text);
    /// An earlier run of pgsessions left @p block's database blocked on server @p id, and
    /// it still is: offer to allow connections again.
    void restoreOffered(int id, const UnfinishedBlock &block);
    /// The offer for @p action is settled (restored or dismissed).
    void restoreSettled(const QString &action);
    void actionQueued(const ActionRequest &request, quint64 waitingFor);
    void actionCancelled(quint64 action);
    void actionStarted(const ActionRequest &request);
    void actionOutcome(quint64 action, const Outcome &outcome);
    void actionProgress(quint64 action, const QString &text);
    void actionFinished(const ActionSummary &summary);

private:
    struct Watched;
    struct Cluster;
    Watched *find(int id) const;
    Cluster *findCluster(const QString &profileId) const;
    /// A cluster member's server's name: "cluster / member".
    static QString memberName(const ServerProfile &cluster, const QString &member);
    /// @p serverKey: the journal's and history's name for it (empty: from the profile).
    int watch(const ConnectionSpec &spec, const ServerOptions &options, const QString &password, const QString &profileId,
              const QString &serverKey = {});
    /// A removed cluster's REST client key passphrase, for the same cluster added again (an
    /// edit of its database side): kept when its key file is the same.
    struct KeptKey {
        QString file;
        QString passphrase;
        bool remember = false;     ///< to be kept in the keychain once it opens the key
        bool fromKeychain = false;
    };
    void addCluster(const ServerProfile &profile, const QString &password, const KeptKey &key);
    KeptKey removeCluster(const QString &profileId);
    /// A cluster edited with its members reached as before: its REST address and TLS
    /// given to its watcher, the members kept. False when that cannot be (the REST side
    /// now wrong, or no such cluster): it is to be removed and added again.
    bool restAppliedInPlace(const ServerProfile &before, const ServerProfile &now);
    /// Follows a cluster's REST poll: new members watched, gone ones stopped, moved ones
    /// restarted at their new address.
    void onClusterPolled(const QString &profileId);
    int addProfileServer(const ServerProfile &profile, const QString &password = {});
    void onStatus(int id, const ServerStatus &status);
    void onSnapshot(const SnapshotPtr &snapshot);
    void saveProfiles() const;
    void rememberPassword(const QString &profileId, const QString &password);
    /// Keeps @p secret in the keychain's @p entry, the profile marked as remembering its
    /// secrets; when no keychain answers, the mark goes and the user is told.
    void rememberSecret(const QString &profileId, const QString &entry, const QString &secret, bool keyPassphrase);
    /// A cluster's REST client key is locked: its passphrase from the keychain (once, when
    /// the profile remembers its secrets), else passwordWanted().
    void askKeyPassphrase(const QString &profileId);
    /// A poll opened the cluster's key with the passphrase given: kept when so asked.
    void keyPassphraseOpened(Cluster &c);
    /// A password for cluster @p c (member @p id's), given to the members that wait for one.
    void shareWithCluster(Cluster &c, int id, const QString &password);
    /// Reads @p entry from the keychain, when the profile @p remembered its secrets and it
    /// was not @p tried yet (set here); @p then gets its answer. False when the keychain is
    /// not to be asked (the user is).
    bool readKeychainOnce(bool &tried, bool remembered, const QString &entry,
                          std::function<void(const QString &secret, const QString &error)> then);
    /// The prompt for a cluster's key passphrase, when it is still wanted.
    void promptKeyPassphrase(const QString &profileId);
    /// The cluster whose password prompt member @p id opened, or null.
    Cluster *clusterPrompting(int id) const;
    /// The member trying the keychain's password for the cluster went, or cannot be
    /// reached: the keychain is read again by one of the members that wait for a password.
    void handOnKeychainTrial(const QString &clusterProfileId);
    void reorder();
    void readJournal();
    /// Offers what the journal left blocked, for servers whose last poll shows it still is.
    void offerRestores();
    /// An action of the server known as @p serverKey finished: the offer it settles, if any.
    void settleRestore(const QString &serverKey, const ActionSummary &summary);

    std::shared_ptr<ActionJournal> m_journal;
    PasswordStore *m_passwords;
    Watchdog *m_watchdog;
    HistoryStore *m_history = nullptr;
    std::vector<std::unique_ptr<Watched>> m_servers; // addresses stay put while the list changes
    std::vector<std::unique_ptr<Cluster>> m_clusters;
    QList<int> m_order;
    QList<ServerProfile> m_profiles;
    std::vector<UnfinishedBlock> m_unfinished; // from the journal, not yet settled
    QSet<QPair<int, QString>> m_offered;       // (server, action) offered already
    QHash<quint64, QString> m_restoring;       // a restore's action id → the offer it settles
    int m_nextId = 1;
    int m_intervalMs = 2000;
    bool m_paused = false;
    bool m_live = true;
};

Q_DECLARE_METATYPE(PasswordRequest)
Q_DECLARE_METATYPE(UnfinishedBlock)
