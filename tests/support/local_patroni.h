// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTemporaryDir>

#include <memory>

class QProcess;

struct LocalPatroniOptions {
    int members = 3;  ///< 1 to 3
    bool tls = false; ///< the REST API over https, with a CA of the test's own, asking for a client certificate
};

/// A throwaway Patroni cluster for the tests: one etcd and three members (Debian's
/// patroni and etcd-server, PostgreSQL 15), on loopback ports of their own, in a
/// temporary directory, run as an unprivileged user when this process is root (initdb
/// refuses root). Stopped and removed when the object goes, and by a watcher process if
/// the test dies first.
class LocalPatroni
{
public:
    explicit LocalPatroni(LocalPatroniOptions options = {}, QString binDir = QStringLiteral("/usr/lib/postgresql/15/bin"));
    ~LocalPatroni();
    LocalPatroni(const LocalPatroni &) = delete;
    LocalPatroni &operator=(const LocalPatroni &) = delete;

    /// What is missing to run one (Debian packages), or empty.
    static QString missing();

    /// Starts etcd and the members; ready once a leader and every replica run.
    Error start();

    static constexpr int kMembers = 3; ///< the most, and the default
    int members() const { return m_options.members; }
    static QString name(int member) { return QStringLiteral("m%1").arg(member + 1); }
    QString restUrl(int member) const
    {
        return QStringLiteral("%1://127.0.0.1:%2").arg(m_options.tls ? QStringLiteral("https") : QStringLiteral("http")).arg(m_restPort[member]);
    }
    /// With tls: the PEM files of the CA that signed the REST API's certificate, and of a
    /// client certificate (an EC key) that it accepts.
    QString caFile() const;
    QString clientCertFile() const;
    QString clientKeyFile() const;
    int pgPort(int member) const { return m_pgPort[member]; }
    /// etcd's client address (an HTTP server that is not Patroni).
    QString etcdUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_etcdPort); }
    int memberOfPort(int pgPort) const;

    /// GET @p path from member @p member's REST API (HTTP over a socket of its own, apart
    /// from the code under test; TLS with the client certificate when tls): the status
    /// code and the body.
    QPair<int, QByteArray> get(int member, const QString &path) const;
    /// GET /cluster as JSON (asking each member until one answers), or an empty object.
    QJsonObject cluster() const;
    /// The leader's name in cluster(), if it runs.
    QString runningLeader() const;
    /// The running leader's timeline, or -1.
    int timeline() const;
    /// Whether the leader and every replica run, on one timeline, with no lag.
    bool healthy() const;

    /// patronictl switchover from @p leader to @p candidate (returns once it is done).
    Error switchover(const QString &leader, const QString &candidate) const;
    /// Kills a member at once, Patroni and PostgreSQL: it stays in /cluster until its
    /// key expires (ttl, 10 s).
    Error kill(int member);
    /// Writes a member's key into etcd as Patroni would (its JSON data), or removes it: a
    /// member Patroni then lists as it is written, whatever runs.
    Error putMember(const QString &member, const QJsonObject &data) const;
    Error deleteMember(const QString &member) const;
    QString logs() const;

private:
    Error writeFiles();
    Error writeCertificates(QStringList &owned);
    /// POST @p body (JSON) to etcd's v3 HTTP gateway at @p path.
    Error etcd(const QString &path, const QJsonObject &body) const;
    QString memberConfig(int member) const;
    QProcess *launch(const QStringList &command, const QString &logFile);
    void startReaper();
    void stop();

    LocalPatroniOptions m_options;
    QString m_binDir;
    QString m_runAs;
    std::unique_ptr<QTemporaryDir> m_dir;
    int m_etcdPort = 0, m_etcdPeerPort = 0;
    int m_restPort[kMembers] = {};
    int m_pgPort[kMembers] = {};
    std::unique_ptr<QProcess> m_etcd;
    std::unique_ptr<QProcess> m_patroni[kMembers];
};
