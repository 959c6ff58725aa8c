// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/snapshot.h"
#include "pg/connection_spec.h"
#include "pg/shared_password.h"

#include <QHash>
#include <QPair>

#include <functional>
#include <memory>

/// Names of the relations that locks are waited on, in databases other than the
/// monitor's: a database's catalog can only be read from a connection to it, so a short
/// connection to that database looks them up; names are kept for a minute. Never a guess:
/// a relation whose database cannot be reached keeps no name (the view shows its OID).
/// Used in the monitor's thread.
class RelationNames
{
public:
    RelationNames(ConnectionSpec spec, std::shared_ptr<SharedPassword> password);

    /// Fills in the names it can of @p locks that have none yet. @p databases: the
    /// snapshot's (their names, and whether they take connections).
    void resolve(std::vector<LockWait> &locks, const std::vector<DatabaseInfo> &databases, const std::function<bool()> &stopped);

    /// At most this many databases are visited in one poll.
    static constexpr int kMaxDatabasesPerPoll = 3;
    static constexpr qint64 kKeepMs = 60000;

private:
    struct Entry {
        QString name; ///< empty: looked up and not found (dropped since)
        qint64 until = 0;
    };

    const ConnectionSpec m_spec;
    const std::shared_ptr<SharedPassword> m_password;
    QHash<QPair<quint32, quint32>, Entry> m_names; // (database oid, relation oid)
};
