// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <vector>

/// A database that an action of pgsessions blocked and did not give its connections back
/// (a crash, a kill, a server that went away), as the journal tells it.
struct UnfinishedBlock {
    /// The offer's key: the journal key of the kill-all that blocked it, for a
    /// server-wide kill "key#database" (one offer per database it blocked), for a pooler
    /// database "key#pooler:alias".
    QString action;
    QString serverKey;  ///< ActionRequest::serverKey (a pooler's: its own; empty from earlier versions)
    QString serverName;
    QString database;   ///< its name now (after a rename the action made); a pooler's alias
    /// A database of PgBouncer that the action disabled (and killed, which pauses it) to
    /// shut its clients out, rather than a server's database that refuses connections.
    bool atPooler = false;
    /// A pooler database's: the key of the server whose kill-all disabled it ("also at the
    /// pooler"); empty when the kill-all ran at the pooler itself.
    QString serverBehind;
    QString serverBehindName; ///< that server's name when its kill-all ran
    QDateTime since;    ///< when it was blocked
    QString what;       ///< what the action was, in the journal's words
    qint64 processId = 0; ///< the pgsessions process that ran it
};

/// The blocks the journal's @p records leave unfinished: a kill-all (or a server-wide
/// kill, per database) that blocked new connections, or was about to ("blocking" is
/// journaled before the ALTER), was to allow them again (not "keep blocked"), and has no
/// record of doing so, of the database being dropped or of a later restore. Likewise each
/// pooler database that a kill-all (at the pooler, or also at it) disabled or was about to
/// ("pooler disabling") and neither let in again ("pooler enabled") nor kept disabled on
/// purpose ("pooler kept disabled"; a kill-all kept blocked keeps it shut when it blocked
/// the server's database). An offer the user dismissed, or one seen letting clients in
/// again since, is settled too. Whether the database still refuses connections is for the
/// caller to see.
std::vector<UnfinishedBlock> unfinishedBlocks(const std::vector<QJsonObject> &records);

/// Whether the process that ran an action is still running (then its block is its own
/// business, not something to restore).
bool processStillRuns(qint64 processId);
