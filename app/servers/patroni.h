// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

/// One member of a Patroni cluster, as its REST API's GET /cluster gives it.
struct PatroniMember {
    QString name;
    QString role;  ///< leader, replica, sync_standby, standby_leader (others as given)
    QString state; ///< running, streaming, stopped, starting, creating replica, …
    QString host;  ///< where its PostgreSQL listens (connect_address)
    int port = 0;
    int timeline = -1;    ///< -1: not given (a member stopping or stopped)
    qint64 lagBytes = -1; ///< behind the leader; -1: unknown, or the leader itself
    QString apiUrl;       ///< its own REST address (…/patroni)

    /// It takes writes (or, in a standby cluster, leads the replication).
    bool isLeader() const;
    /// Role, state, timeline and lag in words, as its tree node shows them.
    QString describe() const;
    friend bool operator==(const PatroniMember &a, const PatroniMember &b);
    friend bool operator!=(const PatroniMember &a, const PatroniMember &b) { return !(a == b); }
};

/// What the last REST poll of a Patroni cluster found.
struct PatroniTopology {
    QList<PatroniMember> members; ///< the leader first, then by name
    bool paused = false;          ///< "patronictl pause": no automatic failover
    QString error;                ///< why the last poll got no member list; empty when it did
    /// The last poll could not open the REST client key: it is locked with a passphrase,
    /// and none was given or the one given does not open it (error says which).
    bool keyLocked = false;
    /// The last poll opened the REST client key, locked, with the passphrase given.
    bool keyOpened = false;
    QString answeredBy;           ///< the REST address that answered last
    int asked = 0;                ///< addresses the last poll asked, the one that answered included
    int polls = 0;                ///< polls finished, answered or not
    bool answered = false;        ///< some poll has answered

    const PatroniMember *leader() const;
};

/// The TLS of an https REST address: PEM files, each empty when not given.
struct PatroniTls {
    QString caFile;   ///< the CA that signed the REST API's certificate (besides the system's)
    QString certFile; ///< the client certificate the REST API asks for (verify_client)
    QString keyFile;  ///< its key
    /// What opens the key when it is locked with one; never saved with the profile (the
    /// user types it, or the system keychain keeps it).
    QString keyPassphrase;
};

class QSslConfiguration;

namespace patroni {
/// Reads the body of GET /cluster; on a body that is not one, what is wrong with it.
Expected<PatroniTopology> parseCluster(const QByteArray &body);
/// What a request's TLS is made of, read from @p tls's files (the system's CAs trusted as
/// well as the one given); on a file that does not read, why. A key locked with a
/// passphrase that tls.keyPassphrase does not open (or none given) is an error of kind
/// NeedsPassword. @p lockedKeyOpened, when given, is set to whether a locked key was
/// opened (with tls.keyPassphrase).
Expected<QSslConfiguration> tlsConfiguration(const PatroniTls &tls, bool *lockedKeyOpened = nullptr);
/// Whether the PEM text of a private key is locked with a passphrase (PKCS#8's ENCRYPTED
/// PRIVATE KEY, or OpenSSL's older Proc-Type: 4,ENCRYPTED header).
bool isLockedKey(const QByteArray &pem);
} // namespace patroni

class PatroniFetcher;

/// Watches a Patroni cluster: GET /cluster on a timer, on a thread of its own (the GUI
/// thread never waits on the network), each request given up after kTimeoutMs. When the
/// address it was given does not answer, it asks the members it knows from earlier
/// polls, so a cluster whose first member is down is still followed.
class PatroniWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int kTimeoutMs = 5000;

    PatroniWatcher(const QUrl &address, int intervalMs, const PatroniTls &tls = {}, QObject *parent = nullptr);
    ~PatroniWatcher() override;

    QUrl address() const { return m_address; }
    const PatroniTopology &topology() const { return m_topology; }
    void setIntervalMs(int ms);
    void setPaused(bool paused);
    /// Asks @p address with @p tls from now on, the members known kept; polls at once (a
    /// poll under way is given up, its answer dropped). A new address is asked alone,
    /// without the members' own addresses, until it has answered once.
    void setRest(const QUrl &address, const PatroniTls &tls);
    /// Opens the REST client key with @p passphrase from now on; polls at once.
    void setKeyPassphrase(const QString &passphrase);
    const PatroniTls &tls() const { return m_tls; }
    /// Polls now (unless a poll is under way: its answer is the fresh one).
    void refreshNow();
    bool isPolling() const { return m_inFlight; }

Q_SIGNALS:
    /// A poll finished: topology() holds its members, or its error beside the members
    /// the last answered poll gave.
    void polled();

private:
    void poll();
    void onFetched(const PatroniTopology &answer, int generation);

    QUrl m_address;
    PatroniTls m_tls;
    PatroniTopology m_topology;
    class QThread *m_thread;
    PatroniFetcher *m_fetcher; // lives in m_thread, deleted when it finishes
    class QTimer *m_timer;
    bool m_inFlight = false;
    bool m_paused = false;
    int m_generation = 0; ///< the last poll's: an earlier one's answer is dropped
    bool m_addressUnconfirmed = false; ///< the address was changed and has not answered yet
};
