// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "base/error.h"

#include <QCoreApplication>
#include <QHash>
#include <QString>

#include <functional>

namespace pg {
class Connection;
}

/// Commands on PgBouncer's admin console, as steps with outcomes. The console takes one
/// command per query string and only the simple query protocol; every error it sends is
/// SQLSTATE 08P01, so a refusal for want of admin rights is told by its words.
class PoolerCommands
{
    Q_DECLARE_TR_FUNCTIONS(PoolerCommands)
public:
    using OutcomeSink = std::function<void(const Outcome &)>;

    /// @p where: the pooler's name, for the outcomes ("DISABLE appdb on pooler").
    PoolerCommands(const pg::Connection &console, QString where, OutcomeSink sink);

    /// A pooler database name as the console's parser takes it: a plain word as it is,
    /// anything else in double quotes. Fails for a name the console cannot take.
    static Expected<QString> quoted(const QString &name);
    /// The commands that act on a pooler database.
    static bool isDatabaseCommand(const QString &command);

    /// Runs "COMMAND argument"; its outcome goes to the sink (Done, PermissionDenied for a
    /// user not in admin_users, Failed with the pooler's words) and is returned.
    Outcome run(const QString &command, const QString &argument = {});
    /// Clients of @p database in the pooler now (SHOW CLIENTS), or -1.
    int clientsOf(const QString &database) const;

    /// Called before each DISABLE with the database: the journal's record that it is
    /// about to be shut out. An error stops the commands there, before the DISABLE.
    using BeforeDisable = std::function<Error(const QString &database)>;
    /// What shutOut() did, for letIn() to undo.
    struct ShutOut {
        QStringList journaled; ///< "pooler disabling" written (DISABLE then tried)
        QStringList disabled;
        QStringList killed; ///< KILL leaves a database paused
    };
    /// PoolerKillAll: DISABLE, KILL, then RESUME and (unless @p keepDisabled) ENABLE.
    /// Whatever fails after DISABLE, ENABLE and RESUME are still tried. Returns what
    /// letIn() returns.
    QStringList killAll(const QString &database, bool keepDisabled, ActionSummary &summary, const BeforeDisable &before);
    /// The pooler's half of a server kill-all: DISABLE and KILL each of @p databases;
    /// stops at the first refusal.
    ShutOut shutOut(const QStringList &databases, ActionSummary &summary, const BeforeDisable &before);
    /// RESUME what was killed, ENABLE (unless @p keepDisabled) what was disabled. Returns
    /// the journaled databases that let their clients in now (never disabled, or RESUME
    /// and ENABLE done or found done), for the journal to settle.
    QStringList letIn(const ShutOut &done, bool keepDisabled, ActionSummary &summary);
    /// Lets a database that an earlier action shut out (and did not let in) in again, as
    /// the pooler has it now: RESUME if paused, ENABLE if disabled.
    void letInAgain(const QString &database, ActionSummary &summary);

private:
    void count(const Outcome &o, ActionSummary &summary) const;
    QString where() const;
    struct DatabaseState {
        bool paused = false;
        bool disabled = false;
    };
    /// SHOW DATABASES now, by alias.
    Expected<QHash<QString, DatabaseState>> states() const;

    const pg::Connection &m_console;
    const QString m_where;
    const OutcomeSink m_sink;
};
