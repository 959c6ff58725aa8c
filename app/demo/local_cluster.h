// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

class QProcess;

/// A throwaway PostgreSQL cluster (for tests, benchmarks and the demo): initdb into a
/// temporary directory, its own port and unix-socket directory, started with pg_ctl and
/// removed (server stopped, files deleted) when the object goes away. If this process
/// dies without that, a watcher process stops the server and removes the files.
/// As root, the server runs as an unprivileged user, since initdb refuses root.
class LocalCluster
{
public:
    struct Options {
        int maxConnections = 300;
        /// pg_hba.conf lines put before initdb's (which trust every local user), e.g. to
        /// make one role authenticate with a password.
        QStringList hbaFirst;
        /// The cluster's encoding (initdb -E): UTF8, or SQL_ASCII to keep any bytes.
        QString encoding = QStringLiteral("UTF8");
    };

    /// @p binDir: where initdb, pg_ctl and postgres are.
    explicit LocalCluster(QString binDir);
    LocalCluster(QString binDir, Options options);
    /// The bin directory of an installed PostgreSQL server (pg_config --bindir, PATH,
    /// /usr/lib/postgresql/*/bin, newest first), or empty.
    static QString findBinDir();
    /// A loopback TCP port nobody listens on right now.
    static int freePort();
    /// The unprivileged user a server started by root runs as ("postgres", else
    /// "nobody"), or empty when this process is not root.
    static QString unprivilegedUser();
    /// Gives @p paths to @p user (chown); on failure, which one could not be given.
    static Error handTo(const QString &user, const QStringList &paths);
    /// Starts @p command (program first) in @p process, as @p user when one is given:
    /// through setpriv, which runs the program itself, so that signals reach it.
    static void startAs(QProcess &process, const QString &user, const QStringList &command);
    ~LocalCluster();
    LocalCluster(const LocalCluster &) = delete;
    LocalCluster &operator=(const LocalCluster &) = delete;

    /// initdb + start. On failure, why (with the server's log).
    Error start();
    /// A streaming replica of @p primary (running): pg_basebackup -R, then start, as a hot
    /// standby on a port of its own.
    Error startStandbyOf(const LocalCluster &primary);
    /// pg_ctl promote: the standby becomes a primary.
    Error promote();
    /// pg_ctl stop; @p mode is "fast" or "immediate".
    Error stop(const QString &mode = QStringLiteral("fast"));
    /// Starts the stopped cluster again, on the same port and socket directory.
    Error restart();

    QString binDir() const { return m_binDir; }
    QString socketDir() const;
    int port() const { return m_port; }
    int serverVersionNum() const { return m_versionNum; }
    QString serverVersion() const { return m_version; }

    /// libpq conninfo for the unix socket (superuser "postgres" unless @p user).
    QString conninfo(const QString &database = QStringLiteral("postgres"), const QString &user = QStringLiteral("postgres")) const;
    /// libpq conninfo over TCP to 127.0.0.1.
    QString tcpConninfo(const QString &database = QStringLiteral("postgres"), const QString &user = QStringLiteral("postgres")) const;

    /// Runs SQL as the superuser.
    Error exec(const QString &sql, const QString &database = QStringLiteral("postgres")) const;
    /// The first value of the first row.
    Expected<QString> queryValue(const QString &sql, const QString &database = QStringLiteral("postgres")) const;

private:
    Error prepareDirectory();
    Error startOnFreePort(const QByteArray &extraSettings);
    Error run(const QString &program, const QStringList &arguments, int timeoutMs) const;
    QString serverLog() const;
    void startReaper();

    Options m_options;
    QString m_binDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_runAs; // user the server runs as, when we are root
    int m_port = 0;
    int m_versionNum = 0;
    QString m_version;
    bool m_running = false;
};
