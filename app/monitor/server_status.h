// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/privileges.h"

#include <QMetaType>
#include <QString>

/// What a watched address is expected to be. Automatic: PostgreSQL, or PgBouncer's admin
/// console when that is what answers. PatroniCluster: a saved profile's kind only, a
/// Patroni REST address whose members are each watched as a PostgreSQL server.
enum class ServerKind { Automatic, PostgreSQL, PoolerConsole, PatroniCluster };

/// Where a server's monitor stands, for the server's node and the status bar.
struct ServerStatus {
    enum State { Disconnected, Connecting, Connected, Error, Paused, NeedsPassword };

    State state = Disconnected;
    QString message;       ///< the error, for Error (and why, for NeedsPassword)
    QString sqlState;      ///< the error's SQLSTATE when the server sent one
    int serverVersion = 0; ///< PQserverVersion once connected
    bool standby = false;  ///< in recovery (a hot standby), as of the last poll
    int retryInSeconds = 0; ///< for Error: when the next attempt is due
    PrivilegeHints privileges; ///< of the monitor's role, read on connecting
    /// PgBouncer's admin console, not a PostgreSQL server: serverVersion is PgBouncer's
    /// (11800 for 1.18.0) and poolerVersion its text.
    bool poolerConsole = false;
    QString poolerVersion;
    /// A PostgreSQL server reached through a connection pooler (pg::Connection::isPooled).
    bool pooled = false;

    /// The gist of the message for a one-line display: its first line, without libpq's
    /// "connection to server at … failed: " preamble or the server's "FATAL:".
    QString reason() const
    {
        QString line = message.section(QLatin1Char('\n'), 0, 0).trimmed();
        const int failed = line.lastIndexOf(QLatin1String(" failed: "));
        if (failed >= 0)
            line = line.mid(failed + 9).trimmed();
        if (line.startsWith(QLatin1String("FATAL:")))
            line = line.mid(6).trimmed();
        return line;
    }

    QString versionText() const
    {
        if (poolerConsole)
            return poolerVersion;
        if (serverVersion <= 0)
            return {};
        const int major = serverVersion / 10000;
        return major >= 10 ? QStringLiteral("%1.%2").arg(major).arg(serverVersion % 10000)
                           : QStringLiteral("%1.%2.%3").arg(major).arg(serverVersion / 100 % 100).arg(serverVersion % 100);
    }
};

Q_DECLARE_METATYPE(ServerStatus)
