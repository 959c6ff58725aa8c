// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/blocking_forest.h"
#include "monitor/snapshot.h"

#include <QAbstractItemModel>
#include <QHash>

#include <memory>
#include <optional>

class ServerRegistry;

/// Who blocks whom, as a tree: the root blockers of every watched server at the top,
/// the sessions waiting on each under it, recursively, with the lock each waits for and
/// the mode its blocker holds. Each poll is applied as a diff keyed by session identity
/// (under each parent): nodes that stay keep their place, so expanded nodes and the
/// current item survive. Given a registry, it follows the watched servers itself.
class BlockingModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    /// Server is last here, and shown second (after Pid, which holds the tree) when the
    /// view shows more than one server.
    enum Column { Pid, User, Blocks, LongestWait, WaitsFor, HolderMode, State, TransactionAge, Application, Client, Query, Server, ColumnCount };
    enum Role {
        ServerRole = Qt::UserRole + 1, ///< int
        PidRole,                       ///< int
        BackendStartRole,              ///< qint64
        BlockedInAllRole,              ///< int: sessions below it
        BlockedDirectlyRole,           ///< int: sessions waiting on it
        LongestWaitRole,               ///< qint64 µs
        RootRole,                      ///< bool: a top-level entry (a root blocker or a cycle)
        CycleRole,                     ///< bool: closes a cycle (or a top entry that is part of one)
        SharedRole,                    ///< bool: blocked by more than one session
        DatabaseRole,                  ///< QString
        SortRole,                      ///< numbers for the numeric columns
    };

    /// The tree's own (opaque) parts.
    struct Node;
    struct Context;

    explicit BlockingModel(const ServerRegistry *registry = nullptr, QObject *parent = nullptr);
    ~BlockingModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    void applySnapshot(const Snapshot &snapshot);
    /// A poll as the registry gives it: applied, or while no view shows the tree (see
    /// setShown()), counted and kept to be merged later.
    void follow(const SnapshotPtr &snapshot);
    void removeServer(int server);
    /// A server's name or colour changed: its rows' Server cells say so at once.
    void serverChanged(int server);
    /// Whether a view shows the tree. While none does, follow() updates the counts and the
    /// unblock numbers only: the tree is merged from the last poll when one shows it again
    /// (at 200 waiters, the merge was half a millisecond a poll).
    void setShown(bool shown);
    bool isShown() const { return m_shown; }

    /// The session a node stands for, as of the last poll.
    const Session *session(const QModelIndex &index) const;
    /// Sessions waiting for another on @p server (0: every server), and the longest wait.
    int blockedSessions(int server = 0) const;
    /// Of @p servers only (every server when empty).
    int blockedSessions(const QList<int> &servers) const;
    qint64 longestWaitMicros(int server = 0) const;
    /// Waiting sessions of @p servers (every server when empty), of @p database when it
    /// is not empty, that the tree leaves out past its bound (BlockingForest::kMaxNodes
    /// nodes a server).
    int leftOut(const QList<int> &servers, const QString &database = QString()) const;
    /// Likewise, sessions in the tree under which its bound stopped it, not every session
    /// they hold up shown under them (BlockingForest::cutAt); of @p database: those of
    /// it, or with a waiter of it not shown.
    int cutShort(const QList<int> &servers, const QString &database = QString()) const;
    /// Whether the counts of @p servers' trees cover every session held up (false when a
    /// tree past its bound was counted within a bound of steps that stopped the count).
    bool countsWhole(const QList<int> &servers) const;
    /// Sessions that ending @p key would unblock (0 for a session that blocks nobody).
    int unblocks(const SessionKey &key) const { return m_unblocks.value(key); }
    /// How long the last forest of @p server took to build (µs), for benchmarks.
    qint64 lastBuildMicros() const { return m_lastBuildMicros; }

Q_SIGNALS:
    /// The counts, the longest wait and the unblock numbers are a new poll's (or a
    /// removed server's are gone); the tree is merged by then, where it is merged at all
    /// (see setShown()).
    void countsChanged();

private:
    /// The forest of @p snapshot, its counts and unblock numbers taken.
    BlockingForest countForest(const Snapshot &snapshot);
    void mergeForest(const Snapshot &snapshot, BlockingForest &&forest);
    /// Brings @p parent's children to @p fresh: the gone removed, the new appended, the
    /// others changed in place (and their children likewise).
    void mergeChildren(Node *parent, const QModelIndex &parentIndex, std::vector<BlockingNode> &&fresh, const Context &c, int server);
    Node *nodeOf(const QModelIndex &index) const;
    QVariant display(const Node &n, int column) const;

    std::unique_ptr<Node> m_root;
    struct ServerState {
        int blocked = 0;
        QHash<QString, int> leftOut; ///< by database
        QHash<QString, int> cutShort; ///< by database (one may count for several)
        int cutShortInAll = 0;
        bool countsWhole = true;
        qint64 longestWait = 0;
        qint64 serverTime = kNoTime;
        std::vector<DatabaseInfo> databases;
    };
    QHash<int, ServerState> m_servers;
    const ServerRegistry *m_registry = nullptr; // for the servers' names and colours
    QHash<SessionKey, int> m_unblocks; // every blocker of every server: sessions below it
    qint64 m_lastBuildMicros = 0;
    bool m_shown = true;
    QHash<int, SnapshotPtr> m_unmerged; // by server: its last poll, while no view shows the tree
};
