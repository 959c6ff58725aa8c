// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"
#include "monitor/session.h"

#include <QCoreApplication>
#include <QSet>
#include <QString>

namespace pg {
class Connection;
}

/// What the monitor's role may do, read when it connects. Only for warnings and
/// explanations: whether a backend may be signalled is always the server's decision.
struct PrivilegeHints {
    Q_DECLARE_TR_FUNCTIONS(PrivilegeHints)
public:
    bool known = false;
    QString role;
    bool superuser = false;
    bool signalBackend = false;     ///< pg_signal_backend
    bool signalAutovacuum = false;  ///< pg_signal_autovacuum_worker (18+)
    bool readAllStats = false;      ///< pg_read_all_stats: sees other roles' queries and timestamps
    QSet<QString> superuserRoles;
    QSet<QString> memberOf;         ///< roles whose privileges the role has, itself included

    /// Why the server is likely to refuse to signal @p s for this role, or empty.
    QString likelyDenial(const Session &s) const;

    /// Reads the hints of the connection's role (one statement).
    static Expected<PrivilegeHints> read(const pg::Connection &conn);
};
