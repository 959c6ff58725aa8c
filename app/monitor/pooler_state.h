// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"

#include <QLatin1String>
#include <QStringList>

#include <memory>
#include <vector>

namespace pg {
class Connection;
}

/// One SHOW command's answer from PgBouncer's admin console, as it came: columns by name,
/// since versions add and move them (1.23 puts "replication" fourth, 1.24 renames
/// reserve_pool). A column a version lacks is absent, never an empty stand-in.
struct PoolerTable {
    QStringList columns;
    std::vector<QStringList> rows;
    /// Each row's bytes as they came (NUL-separated): a row that did not change since the
    /// previous poll takes that poll's strings, shared, rather than decoding them again.
    std::vector<QByteArray> raw;

    /// Its index, or -1 when this version has no such column.
    int column(QLatin1String name) const { return int(columns.indexOf(name)); }
    bool has(QLatin1String name) const { return column(name) >= 0; }
    /// The value in @p row, or an empty string when the column is absent.
    QString value(size_t row, QLatin1String name) const
    {
        const int c = column(name);
        return c >= 0 && row < rows.size() ? rows[row].value(c) : QString();
    }
    int number(size_t row, QLatin1String name) const { return value(row, name).toInt(); }
};

/// What one poll of a PgBouncer admin console saw.
struct PoolerState {
    QString version;       ///< "1.18.0" (SHOW VERSION)
    int versionNum = 0;    ///< 11800 for 1.18.0
    PoolerTable clients;   ///< SHOW CLIENTS
    PoolerTable servers;   ///< SHOW SERVERS: server connections, remote_pid = the backend's pid
    PoolerTable pools;     ///< SHOW POOLS: per database and user
    PoolerTable databases; ///< SHOW DATABASES: alias → host, port, database; paused, disabled

    /// The pooler's own admin database, which no command may pause, disable or kill.
    static constexpr QLatin1String kAdminDatabase{"pgbouncer"};

    /// KILL_CLIENT exists from 1.24 on, and takes the client's id (a column from 1.24 on).
    bool killClientSupported() const { return versionNum >= 12400 && clients.has(QLatin1String("id")); }

    /// The aliases whose server database is @p database (SHOW DATABASES' "database"
    /// column; an alias without one is its own name).
    QStringList aliasesOf(const QString &database) const;
    /// Whether the pooler database @p alias refuses its clients: disabled, or paused.
    bool shutOut(const QString &alias) const;
    /// Whether the pooler database @p alias is there and lets its clients in: neither
    /// disabled nor paused (false when this version shows neither column).
    bool letsIn(const QString &alias) const;
    /// The server database of the pooler database @p alias (its own name when it names
    /// none), or an empty string when there is no such alias.
    QString databaseOf(const QString &alias) const;
    /// The client a server connection serves now (its link), or -1. In 1.18 a client's
    /// ptr is reused at once: valid for this poll only.
    int clientOfServer(size_t serverRow) const;
    /// The server connection whose backend is @p pid (remote_pid), or -1.
    int serverOfBackend(int pid) const;

    /// "1.18.0" → 11800 (also from "1.18.0/bouncer").
    static int parseVersion(const QString &text);
};

using PoolerStatePtr = std::shared_ptr<const PoolerState>;

namespace pooler_query {

/// SHOW VERSION: "PgBouncer 1.18.0" → "1.18.0".
Expected<QString> version(const pg::Connection &conn);
/// SHOW DATABASES alone: paused and disabled as they are now, for a command.
Expected<PoolerTable> databases(const pg::Connection &conn);
/// The four SHOW commands of a poll, each on its own (the console takes one command per
/// query string, and only the simple query protocol). @p previous: the same pooler's last
/// poll, whose unchanged rows are shared.
Error read(const pg::Connection &conn, PoolerState &out, const PoolerState *previous = nullptr);

} // namespace pooler_query
