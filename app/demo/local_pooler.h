// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

class LocalCluster;
class QProcess;

/// A throwaway PgBouncer in front of a LocalCluster (for the tests, the benchmarks and the
/// demo): a generated ini and auth file in a temporary directory, its own TCP port on
/// 127.0.0.1 and socket directory, run in the foreground as a child process (as an
/// unprivileged user when this process is root: PgBouncer refuses root), stopped and
/// removed when the object goes away, and by a watcher process if this one dies first.
class LocalPooler
{
public:
    struct Database {
        QString alias;    ///< the name clients connect to
        QString database; ///< the server's database
        QString poolMode; ///< session, transaction or statement
    };
    struct Options {
        QList<Database> databases;
        /// Who may connect (auth_type trust: no password, but the user must be listed).
        QStringList users{QStringLiteral("postgres")};
        QStringList adminUsers{QStringLiteral("postgres")};
        QStringList statsUsers;
        int maxClientConnections = 200;
        int defaultPoolSize = 20;
        /// Extra "key = value" lines for the [pgbouncer] section.
        QStringList settings;
    };

    LocalPooler(const LocalCluster &cluster, Options options);
    ~LocalPooler();
    LocalPooler(const LocalPooler &) = delete;
    LocalPooler &operator=(const LocalPooler &) = delete;

    /// The pgbouncer program (PATH, then /usr/sbin), or empty when it is not installed.
    static QString findBinary();

    /// Writes the files and starts PgBouncer; ready once it listens on its port and
    /// answers SHOW VERSION. On failure, why (with its log).
    Error start();
    /// Stops it at once (clients are dropped), keeping its port and files for start().
    Error stop();
    /// stop() then start() on the same port.
    Error restart();

    int port() const { return m_port; }
    QString version() const { return m_version; }
    /// libpq conninfo over TCP (the admin console: database "pgbouncer").
    QString conninfo(const QString &database = QStringLiteral("pgbouncer"), const QString &user = QStringLiteral("postgres")) const;
    /// Runs one admin console command as @p user.
    Error command(const QString &command, const QString &user = QStringLiteral("postgres")) const;
    /// Its log so far (the tail).
    QString log() const;

private:
    Error writeFiles();
    Error waitUntilReady();
    void startReaper();

    const LocalCluster &m_cluster;
    Options m_options;
    QString m_binary;
    QString m_runAs;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    int m_port = 0;
    QString m_version;
};
