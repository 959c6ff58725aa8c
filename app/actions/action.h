// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"
#include "monitor/session.h"
#include "pg/connection_spec.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>
#include <vector>

/// A backend as the user confirmed it: its identity, and what it looked like then.
struct BackendTarget {
    int pid = 0;
    qint64 backendStart = kNoTime;
    QString user;
    QString database;
    QString application;
    QString state;
    QString backendType;

    static BackendTarget fromSession(const Session &s);
    QJsonObject toJson() const;
};

/// What the user asked for, as a value: the worker executes it, the journal records it.
struct ActionRequest {
    Q_DECLARE_TR_FUNCTIONS(ActionRequest)
public:
    enum Kind {
        Terminate,        ///< exactly the targets, pg_terminate_backend
        Cancel,           ///< exactly the targets, pg_cancel_backend
        KillAll,          ///< every backend of a database, found when it runs
        AllowConnections, ///< ALTER DATABASE … ALLOW_CONNECTIONS true, whatever blocked it
        BlockConnections, ///< ALTER DATABASE … ALLOW_CONNECTIONS false
        PoolerCommand,    ///< one command on PgBouncer's admin console (poolerCommand, database or clientId)
        PoolerKillAll,    ///< PgBouncer: DISABLE, KILL, then ENABLE and RESUME (unless keepBlocked) a pooler database
        KillServer,       ///< every client backend of every database, found when it runs
    };
    /// KillAll: what follows once the database is empty. Reset: DROP it, then CREATE it
    /// again from templateName (empty: the server's default template), its owner kept.
    enum After { Nothing, Drop, Rename, Reset };

    quint64 id = 0;      ///< unique in this process, assigned by nextId()
    Kind kind = Terminate;
    int server = 0;
    QString serverName;  ///< for the log and the journal
    /// The server across runs of the app, for the journal: a saved server's profile id,
    /// else its connection string (never a password). Recovery matches on it.
    QString serverKey;

    /// Terminate and Cancel: exactly these backends.
    std::vector<BackendTarget> targets;

    /// KillAll, AllowConnections, BlockConnections: the database.
    QString database;
    bool includeBackgroundWorkers = false;
    bool includeReplication = false;  ///< KillServer: walsenders too
    bool blockNewConnections = false; ///< ALLOW_CONNECTIONS false first (the dialog's default is on)
    bool keepBlocked = false;         ///< do not restore ALLOW_CONNECTIONS afterwards
    After after = Nothing;
    QString newName;                  ///< for Rename
    QString templateName;             ///< for Reset (empty: the server's default template)

    /// Terminate and KillAll: how long to wait for signalled backends to be gone.
    int waitMs = 10000;

    /// AllowConnections: the journal key of an earlier action whose block this lifts
    /// (recovery), or empty. PoolerCommand "ENABLE" with it: a pooler database that an
    /// earlier action shut out is let in again (RESUME if paused, ENABLE if disabled).
    QString restores;

    /// PoolerCommand: PAUSE, RESUME, DISABLE, ENABLE, KILL, RECONNECT (of `database`, a
    /// pooler database), or KILL_CLIENT (of clientId, with the client's description in
    /// `targets`' first entry's application and user).
    QString poolerCommand;
    QString clientId;

    /// Terminate and Cancel chosen by a saved selection rule (an armed watchdog's, or the
    /// command line's): its name, for the log and the journal.
    QString ruleName;

    /// KillAll on a server with a linked pooler: the pooler's part. Its clients of the
    /// database are refused and dropped there first (DISABLE, KILL), and let in again
    /// afterwards (ENABLE, RESUME) unless the database stays blocked.
    struct AlsoAtPooler {
        ConnectionSpec spec;  ///< the pooler's admin console
        QString password;     ///< given for this run, if any (never journaled)
        QString name;         ///< for the log
        QStringList databases; ///< its aliases of the database
        QString serverKey;    ///< the pooler's own key in the journal (recovery matches on it)
    };
    std::optional<AlsoAtPooler> alsoAtPooler;

    static quint64 nextId();
    /// The action's key in the journal: unique across runs of the app.
    static QString journalKey(quint64 id);
    static QString kindName(Kind kind); ///< "terminate", "cancel", "kill all", ... (journal keys)
    /// Whether it changes the database (ALTER, DROP): such actions cannot run on a standby.
    bool changesDatabase() const;
    /// Whether its result is sessions ended (not a command's done or not done).
    bool endsSessions() const { return kind != AllowConnections && kind != BlockConnections && kind != PoolerCommand && kind != PoolerKillAll; }
    QString describe() const;           ///< one line for the log, translated
    QJsonObject toJson() const;
};

/// What happened to one backend.
struct Outcome {
    Q_DECLARE_TR_FUNCTIONS(Outcome)
public:
    enum Result {
        Terminated,       ///< signalled and gone
        Cancelled,        ///< its running query was cancelled; the session stays
        NoQueryToCancel,  ///< cancel found no running query (idle, or idle in transaction: the transaction stays open)
        AlreadyGone,      ///< no backend with this pid and backend_start any more
        PermissionDenied, ///< the server refused (SQLSTATE 42501, its message kept)
        NotABackend,      ///< the server says the pid is not a PostgreSQL backend
        StillAlive,       ///< signalled, but still there at the deadline
        Skipped,          ///< a connection of pgsessions itself, never signalled
        Done,             ///< a step (a pooler command) that did what it said
        Failed            ///< anything else, with the server's message
    };

    int pid = 0;
    qint64 backendStart = kNoTime;
    Result result = Failed;
    QString message;
    QString sqlState;
    QString user;        ///< who the backend was, for the log and the journal
    QString database;
    QString application;
    /// Not a backend's outcome but a step's: the command it ran ("DISABLE appdb on pooler"), for the log.
    QString step;

    bool isFailure() const { return result == PermissionDenied || result == NotABackend || result == StillAlive || result == Failed; }
    static QString resultKey(Result r);  ///< stable key for the journal: "terminated", ...
    static QString resultText(Result r); ///< translated, for the log pane
    QJsonObject toJson() const;
};

/// The end of an action: counts, time, and what state the database is left in.
struct ActionSummary {
    Q_DECLARE_TR_FUNCTIONS(ActionSummary)
public:
    enum DatabaseState { NotApplicable, ConnectionsAllowed, ConnectionsBlocked, Dropped, Renamed, Recreated, Unknown };

    quint64 id = 0;
    int counts[Outcome::Failed + 1] = {};
    qint64 durationMs = 0;
    DatabaseState databaseState = NotApplicable;
    QString databaseName;  ///< the name it has now (the new name after a rename)
    Error error;           ///< what stopped the action early, if anything
    QStringList notes;     ///< things the user should know (late arrivals, no FORCE before 13, ...)
    /// Connections of databaseName stayed blocked because the connection to the server was
    /// lost before they could be allowed again: to be retried when the server is back.
    bool restorePending = false;
    /// A server-wide kill: the databases left blocked for that reason (databaseName is
    /// empty there).
    QStringList pendingDatabases;
    /// False for actions that end no session (allow, block): their result is not a count.
    bool endsSessions = true;
    /// The journal could not hold (all of) this action: why. Shown in red until an action
    /// is journaled again.
    Error journalError;

    int total() const;
    static QString databaseStateKey(DatabaseState s);
    /// The whole result for the log, translated, in sentences: the counts and the time,
    /// the database's state, then what stopped it and the notes.
    QString describe() const;
    QJsonObject toJson() const;
};

Q_DECLARE_METATYPE(ActionRequest)
Q_DECLARE_METATYPE(Outcome)
Q_DECLARE_METATYPE(ActionSummary)
