// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "base/error.h"

#include <QCoreApplication>

#include <optional>

namespace pg {
class Connection;
}

/// The statements that change a database (ALTER … ALLOW_CONNECTIONS, DROP, RENAME), and
/// the check that every step an action asks for can run, made before the action ends any
/// session. The caller journals each step once it has happened.
class DatabaseChanges
{
    Q_DECLARE_TR_FUNCTIONS(DatabaseChanges)
public:
    explicit DatabaseChanges(const pg::Connection &conn);

    /// Whether @p database accepts connections now; a null value when it does not exist.
    Expected<std::optional<bool>> allowsConnections(const QString &database) const;

    /// Everything @p request will change can be changed, checked before anything is done:
    /// not a standby, the database exists, the role owns it (the server's own rule for
    /// ALTER, DROP and RENAME), a new name is free and fits in 63 bytes.
    Error precheck(const ActionRequest &request) const;

    Error setAllowConnections(const QString &database, bool allow) const;
    Error drop(const QString &database, bool force) const;
    Error rename(const QString &database, const QString &newName) const;
    /// CREATE DATABASE @p database [TEMPLATE @p templateName] OWNER @p owner.
    /// CREATE DATABASE, each name quoted: what create() runs, and what a user is told to
    /// run when it failed.
    static QString createStatement(const QString &database, const QString &templateName, const QString &owner, bool allowConnections);
    Error create(const QString &database, const QString &templateName, const QString &owner, bool allowConnections = true) const;
    /// The owner's role name, or an error (no such database).
    Expected<QString> ownerOf(const QString &database) const;
    /// The databases that accept connections now: templates and the connection's own left out.
    Expected<QStringList> acceptingConnections() const;

    /// The longest database name the server keeps, in bytes (NAMEDATALEN - 1).
    static constexpr int kMaxNameBytes = 63;

private:
    const pg::Connection &m_conn;
};
