// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/server_status.h"
#include "monitor/snapshot.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QSet>

#include <vector>

class ServerRegistry;

/// Live sessions of any number of servers, one row per backend. Each snapshot is applied
/// as a diff keyed by SessionKey: rows that ended are removed, new ones appended, and
/// changed cells reported with dataChanged for those columns only. The model is never
/// reset by a poll, so selections and current indexes (also behind proxies) survive.
/// Given a registry, it follows the watched servers itself: their snapshots, their rows
/// going stale while a server does not answer, and servers going away.
class SessionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Pid,
        Database,
        User,
        Application,
        Client,
        BackendType,
        State,
        WaitEvent,
        BlockedBy,
        StateDuration,
        TransactionAge,
        QueryAge,
        BackendStart,
        Query,
        Server, ///< the server's name (and colour): shown in All servers
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, ///< numbers for numeric and time columns
        FullQueryRole,               ///< the whole query text
        OwnRole,                     ///< bool: a connection of this application
        ServerRole,                  ///< int: the server id
        PidRole,                     ///< int
        BackendStartRole,            ///< qint64 microseconds since the epoch
        BlockingRole,                ///< QList<int>: pids of the sessions this one blocks
        DatabaseRole,                ///< QString: the database name
        BackgroundRole,              ///< bool: not a client backend
        StateRole,                   ///< QString: the raw state
        EndedRole,                   ///< bool: rewound, a session that has ended since
    };

    /// What the last applySnapshot() did, for tests and benchmarks.
    struct ApplyStats {
        int removed = 0;
        int inserted = 0;
        int changedRows = 0;
        int dataChangedSignals = 0;
    };

    explicit SessionModel(const ServerRegistry *registry = nullptr, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    /// Every role a view asks for at once (a cell's paint asks for about ten): the row is
    /// looked up once, not once a role.
    void multiData(const QModelIndex &index, QModelRoleDataSpan roleDataSpan) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    /// pgsessions' own connections cannot be selected, so no action can name them.
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    void applySnapshot(const Snapshot &snapshot);
    /// True while a snapshot is being applied: current-row changes then come from a poll,
    /// not from the user.
    bool isApplying() const { return m_applying; }
    void removeServer(int server);
    /// Shows @p server's rows greyed: its last poll is out of date (the server is
    /// unreachable). Cleared by the server's next snapshot.
    void setServerStale(int server, bool stale);
    bool isServerStale(int server) const { return m_stale.contains(server); }

    const Session &session(int row) const { return at(slotOf(row)); }
    /// The name of @p server as the Server column says it.
    QString serverName(int server) const;
    /// The row of a backend, or -1.
    int rowOf(const SessionKey &key) const
    {
        const int id = m_idOf.value(key, -1);
        return id < 0 ? -1 : m_rowOfId[size_t(id)];
    }
    /// The server's clock at its last poll (microseconds since the epoch), for ages.
    qint64 serverTime(int server) const { return m_serverTime.value(server, kNoTime); }
    const ApplyStats &lastApplyStats() const { return m_stats; }
    /// Pids of the sessions @p pid of @p server blocks (from the waiters' blocked-by lists).
    QList<int> blocking(int server, int pid) const { return m_blocking.value(server).value(pid); }

    /// Ages (in state, transaction, query) at or past these are highlighted.
    void setAgeThresholds(int warnSeconds, int criticalSeconds);
    int warnSeconds() const { return int(m_warnMicros / 1000000); }
    int criticalSeconds() const { return int(m_criticalMicros / 1000000); }

Q_SIGNALS:
    /// A snapshot of @p server was applied (emitted while isApplying() is still true).
    void snapshotApplied(int server);
    /// Around a poll's changes (or a server's removal), before its first signal and after
    /// its last, before snapshotApplied(): a proxy can take them as one change.
    /// @p server: the server whose rows change.
    void changesAboutToStart(int server);
    void changesFinished();

private:
    void removeRows(const std::vector<int> &ascendingRows);
    /// Where row @p row is stored: while removals are being announced, rows that are
    /// already gone from the model's point of view still sit in m_rows.
    size_t slotOf(int row) const;
    const Session &at(size_t slot) const { return SessionList::sessionOf(m_rows[slot].session); }
    /// Appends @p session as a row (with an id of its own).
    void append(const SessionList::Shared &session);
    QVariant dataOf(const Session &s, int column, int role) const;
    /// Of an age @p column, past which threshold it is: 0 none (or not an age), 1 the
    /// warning one, 2 the critical one.
    int bandOf(const Session &s, int column) const;
    QVariant displayText(const Session &s, int column) const;
    QVariant sortValue(const Session &s, int column) const;
    qint64 age(const Session &s, qint64 since) const;

    struct ServerLook {
        QString name;
        QColor colour;
    };
    QHash<int, ServerLook> m_servers; // from the registry: each server's name and colour

    /// A row: its session as the poll that brought it holds it (shared with the poll, not
    /// copied: a row is a few bytes to move, and a session the next poll shares again is
    /// seen unchanged without comparing it); the session's key, so that matching a poll's
    /// sessions to the rows reads the rows in order, not each session where it lies; and
    /// an id that stays with the row while removals above it move it up, so that finding a
    /// row by its key needs no update for every row that moved.
    struct Row {
        SessionList::Shared session;
        SessionKey key;
        int id;
    };
    std::vector<Row> m_rows;
    std::vector<int> m_gone; ///< slots announced as removed, not compacted yet (descending)
    QHash<SessionKey, int> m_idOf; ///< a row's id by its session's key
    std::vector<int> m_rowOfId;    ///< a row by its id (the ids of removed rows are reused)
    std::vector<int> m_freeIds;
    QHash<int, qint64> m_serverTime;
    QHash<int, quint64> m_applied; ///< per server, the Snapshot::sequence applied last
    QSet<int> m_stale;
    QSet<SessionKey> m_ended; // rewound: sessions of the moment shown that have ended since
    QHash<int, QHash<int, QList<int>>> m_blocking; // server -> blocker pid -> waiters
    ApplyStats m_stats;
    bool m_applying = false;
    qint64 m_warnMicros = qint64(60) * 1000000;
    qint64 m_criticalMicros = qint64(600) * 1000000;
};
