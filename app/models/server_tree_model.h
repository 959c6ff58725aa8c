// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/server_status.h"
#include "monitor/snapshot.h"

#include <QMap>
#include <QStandardItemModel>

class ServerRegistry;

/// The server tree: each watched server with its state, and under it its databases with
/// live counts (total / active / idle in transaction) and a mark when a database does not
/// accept connections. Updated in place on every poll: nodes are only added or removed
/// when databases come or go, so expansion and selection stay. Given a registry, it
/// follows the watched servers itself (added, removed, restyled, reordered, polled).
/// With two servers or more, an "All servers" node on top sums them up. A Patroni cluster
/// is one node (in its group's folder, if it has a group) with its members under it.
class ServerTreeModel : public QStandardItemModel
{
    Q_OBJECT
public:
    enum Role {
        ServerIdRole = Qt::UserRole + 1, ///< int, on every node
        DatabaseRole,                    ///< QString, on database nodes
        TotalRole,                       ///< int: sessions of the database (ours excluded)
        ActiveRole,
        IdleInTransactionRole,
        AllowConnectionsRole,            ///< bool
        ColourRole,                      ///< QString #rrggbb, on server nodes that have one
        StateRole,                       ///< int ServerStatus::State, on server nodes
        IconRole,                        ///< int Icon: what the node's icon shows (the view picks the picture)
        OrderRole,                       ///< the sort key that keeps nodes in order
        BlockedRole,                     ///< int: sessions of the database waiting on a lock another holds
        PoolerRole,                      ///< bool: a PgBouncer admin console, or one of its databases
        PausedRole,                      ///< bool: a pooler database that is paused
        WatchdogRole,                    ///< QString: the rule armed on a server node, or empty
        SparklineRole,                   ///< QList<int>: a database's session count over the last 10 minutes, oldest first
        AllServersRole,                  ///< bool: the "All servers" node (server id 0: every server)
        GroupRole,                       ///< QString: a group's folder node (its servers under it)
        ClusterRole,                     ///< QString: a Patroni cluster's node (its profile id; its members under it)
        MemberRole,                      ///< QString: on a cluster member's node, its role, state, timeline and lag
    };
    /// The sparkline: one point per kSparkStepMs over kSparkSpanMs.
    static constexpr qint64 kSparkSpanMs = 10 * 60 * 1000;
    static constexpr qint64 kSparkStepMs = 10 * 1000;
    /// What a node's icon stands for.
    enum Icon { ServerIcon, PausedIcon, PasswordIcon, ErrorIcon, DatabaseIcon, BlockedDatabaseIcon, PoolerIcon };

    explicit ServerTreeModel(const ServerRegistry *registry = nullptr, QObject *parent = nullptr);

    void addServer(int id, const QString &name, bool production, const QString &colour = {}, const QString &group = {});
    /// Moves a server's node into the folder of @p group (created when new; empty: no
    /// folder); a folder left empty goes.
    void setServerGroup(int id, const QString &group);
    /// The ids of the servers under a folder node, or of the one server a node belongs to,
    /// or of every server for All servers.
    QList<int> serversUnder(const QModelIndex &node) const;
    QModelIndex groupIndex(const QString &group) const;
    /// A node whose children are servers: a group's folder or a Patroni cluster.
    static bool holdsServers(const QModelIndex &node);
    /// A server's own node (in a folder, a cluster or at the top): not a database, a folder,
    /// a cluster or All servers.
    static bool isServerNode(const QModelIndex &node);
    /// A Patroni cluster's node (made when new), named @p name, in @p group's folder;
    /// @p problem: why its REST API did not answer, or empty.
    void setCluster(const QString &profileId, const QString &name, const QString &group, const QString &problem = {});
    void removeCluster(const QString &profileId);
    QModelIndex clusterIndex(const QString &profileId) const;
    /// Puts a server's node under its cluster's node, saying @p member (role, state, …).
    void setClusterMember(int id, const QString &profileId, const QString &member);
    void removeServer(int id);
    /// Puts the server nodes in @p order (server ids; others after them). Views keep their
    /// expanded nodes and current node: this is a layout change, not a removal.
    void setOrder(const QList<int> &order);
    /// Changes how a server's node looks: its name, production mark and colour.
    void setServerLook(int id, const QString &name, bool production, const QString &colour);
    void setStatus(int id, const ServerStatus &status);
    void applySnapshot(const Snapshot &snapshot);
    /// Adds a live poll's counts to the databases' sparklines (at @p atMs, now when 0).
    void recordSparklines(const Snapshot &snapshot, qint64 atMs = 0);

    QModelIndex serverIndex(int id) const;
    /// The "All servers" node at the top, there while two servers or more are watched.
    QModelIndex allServersIndex() const;
    QModelIndex databaseIndex(int id, const QString &database) const;

private:
    /// A PgBouncer's databases, with their pools' counts.
    void applyPooler(QStandardItem *server, const Snapshot &snapshot);
    QStandardItem *serverItem(int id) const;
    QStandardItem *allItem() const;
    QStandardItem *groupItem(const QString &group) const;
    /// The folder of @p group, made when new; null for no group (the top).
    QStandardItem *folderFor(const QString &group);
    QStandardItem *clusterItem(const QString &profileId) const;
    /// Takes a server's row out of where it is and puts it under @p into (null: the top);
    /// a group's folder left empty goes.
    void moveRow(QStandardItem *node, QStandardItem *into);
    static bool holdsServers(const QStandardItem *node);
    /// The server nodes under @p node (the root: every one), through folders and clusters.
    static QList<QStandardItem *> serverItemsIn(const QStandardItem *node);
    /// Removes @p parent when it is a group's folder left empty (a folder lives while it
    /// has something in it; a cluster stays while it is watched).
    void dropIfEmptyFolder(QStandardItem *parent);
    /// Removes @p node from its folder or cluster, or from the top; a folder it leaves
    /// empty goes with it.
    void removeNode(QStandardItem *node);
    /// Every server node, in the tree's order (in folders or not).
    QList<QStandardItem *> serverItems() const;
    /// Adds or removes the All servers node and sums its servers' counts into it, and
    /// each folder's into the folder.
    void updateAll();
    void summarize(QStandardItem *node, const QString &title, const QList<QStandardItem *> &servers);
    /// The Patroni clusters in a folder (or anywhere, for All servers) whose REST API did
    /// not answer.
    int silentClustersUnder(const QStandardItem *node) const;
    static QStandardItem *databaseItem(const QStandardItem *server, const QString &database);

    const ServerRegistry *m_registry;
    /// (server, database) -> counts per sparkline step (the step's last poll), keyed by step.
    QHash<QPair<int, QString>, QMap<qint64, int>> m_spark;
};
