// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server_tree_model.h"

#include "servers/watchdog.h"

#include "models/formatter.h"
#include "servers/patroni.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"

#include <QColor>
#include <QDateTime>

#include <algorithm>
#include <climits>
#include <functional>
#include <vector>
#include <QHash>

namespace {

// A server's node's name: under its cluster's node, a member is its member name.
QString nodeName(const ServerOptions &o)
{
    return o.cluster.isEmpty() ? o.name : o.member;
}

QString describeMember(const ServerRegistry *registry, int id)
{
    const PatroniMember *m = registry->clusterMember(id);
    return m ? m->describe() : QString();
}
} // namespace

ServerTreeModel::ServerTreeModel(const ServerRegistry *registry, QObject *parent)
    : QStandardItemModel(parent)
    , m_registry(registry)
{
    setHorizontalHeaderLabels({tr("Servers")});
    setSortRole(OrderRole);
    if (!registry)
        return;
    connect(registry, &ServerRegistry::serverAdded, this, [this](int id) {
        const ServerOptions o = m_registry->options(id);
        // Placed by the orderChanged() that follows; a cluster's member under its cluster.
        addServer(id, nodeName(o), o.production, o.colour, o.cluster.isEmpty() ? o.group : QString());
        if (!o.cluster.isEmpty())
            setClusterMember(id, o.cluster, describeMember(m_registry, id));
    });
    connect(registry, &ServerRegistry::clusterChanged, this, [this](const QString &profileId) {
        const ServerProfile *p = m_registry->profile(profileId);
        const PatroniTopology *t = m_registry->clusterTopology(profileId);
        if (!p || !t)
            return;
        setCluster(profileId, p->displayName(), p->group, t->error);
        for (const int id : m_registry->clusterServers(profileId))
            setClusterMember(id, profileId, describeMember(m_registry, id));
    });
    connect(registry, &ServerRegistry::clusterRemoved, this, &ServerTreeModel::removeCluster);
    // A cluster watched before this model was made: shown now (its members come with its polls).
    for (const QString &cluster : registry->clusters()) {
        if (const ServerProfile *p = registry->profile(cluster))
            setCluster(cluster, p->displayName(), p->group, registry->clusterTopology(cluster)->error);
    }
    connect(registry, &ServerRegistry::serverRemoved, this, &ServerTreeModel::removeServer);
    connect(registry, &ServerRegistry::serverChanged, this, [this](int id) {
        const ServerOptions o = m_registry->options(id);
        setServerLook(id, nodeName(o), o.production, o.colour);
        if (o.cluster.isEmpty())
            setServerGroup(id, o.group);
        setOrder(m_registry->servers());
        if (const ServerMonitor *m = m_registry->monitor(id))
            setStatus(id, m->status());
    });
    connect(registry, &ServerRegistry::orderChanged, this, [this] { setOrder(m_registry->servers()); });
    connect(registry, &ServerRegistry::statusChanged, this, &ServerTreeModel::setStatus);
    connect(registry->watchdog(), &Watchdog::changed, this, [this](int id) {
        if (const ServerMonitor *m = m_registry->monitor(id))
            setStatus(id, m->status());
    });
    connect(registry, &ServerRegistry::displayed, this, [this](const SnapshotPtr &snapshot) { applySnapshot(*snapshot); });
    connect(registry, &ServerRegistry::snapshotReady, this, [this](const SnapshotPtr &snapshot) { recordSparklines(*snapshot); });
}

void ServerTreeModel::recordSparklines(const Snapshot &snapshot, qint64 atMs)
{
    if (snapshot.pooler)
        return;
    QStandardItem *server = serverItem(snapshot.server);
    if (!server)
        return;
    if (!atMs)
        atMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 step = atMs / kSparkStepMs;
    // Client sessions by the database's oid, as the poll's thread counted them (a
    // snapshot made elsewhere is counted here).
    database_tally::List counted;
    const database_tally::List &tally = database_tally::of(snapshot, counted);
    QHash<quint32, int> totals; // (an entry per database with sessions, not per session)
    totals.reserve(qsizetype(tally.size()));
    for (const DatabaseTally &t : tally) {
        if (t.oid) // (sessions known by their database's name only are not drawn)
            totals.insert(t.oid, t.total);
    }
    for (const DatabaseInfo &d : snapshot.databases) {
        const int count = totals.value(d.oid);
        QMap<qint64, int> &line = m_spark[{snapshot.server, d.name}];
        QStandardItem *item = databaseItem(server, d.name);
        // Polled again within the step, with the same count: the line is as it was drawn.
        if (const auto it = line.constFind(step); it != line.cend() && *it == count && item && item->data(SparklineRole).isValid())
            continue;
        line.insert(step, count);
        while (!line.isEmpty() && line.firstKey() <= step - kSparkSpanMs / kSparkStepMs)
            line.erase(line.begin());
        QList<int> points;
        points.reserve(int(kSparkSpanMs / kSparkStepMs));
        for (qint64 k = step - kSparkSpanMs / kSparkStepMs + 1; k <= step; ++k) {
            // A step without a poll takes the one before it (-1: nothing yet).
            const auto it = line.find(k);
            points.append(it != line.end() ? *it : (points.isEmpty() ? -1 : points.last()));
        }
        if (!item || item->data(SparklineRole).value<QList<int>>() == points)
            continue;
        item->setData(QVariant::fromValue(points), SparklineRole);
        int low = -1, high = 0;
        for (int n : std::as_const(points)) {
            if (n >= 0)
                low = low < 0 ? n : std::min(low, n), high = std::max(high, n);
        }
        item->setData(tr("Sessions over the last 10 minutes: %1 to %2, now %3").arg(low).arg(high).arg(points.last()), Qt::AccessibleDescriptionRole);
    }
}

bool ServerTreeModel::holdsServers(const QStandardItem *node)
{
    return !node->data(GroupRole).toString().isEmpty() || !node->data(ClusterRole).toString().isEmpty();
}

bool ServerTreeModel::holdsServers(const QModelIndex &node)
{
    return !node.data(GroupRole).toString().isEmpty() || !node.data(ClusterRole).toString().isEmpty();
}

bool ServerTreeModel::isServerNode(const QModelIndex &node)
{
    return node.data(ServerIdRole).toInt() != 0 && node.data(DatabaseRole).toString().isEmpty() && !holdsServers(node)
           && !node.data(AllServersRole).toBool();
}

QStandardItem *ServerTreeModel::serverItem(int id) const
{
    if (!id)
        return nullptr;
    for (QStandardItem *s : serverItems()) {
        if (s->data(ServerIdRole).toInt() == id)
            return s;
    }
    return nullptr;
}

QList<QStandardItem *> ServerTreeModel::serverItems() const
{
    return serverItemsIn(invisibleRootItem());
}

QList<QStandardItem *> ServerTreeModel::serverItemsIn(const QStandardItem *node)
{
    // Servers at the top, in folders, in clusters, and in clusters in folders.
    QList<QStandardItem *> out;
    const std::function<void(const QStandardItem *)> walk = [&](const QStandardItem *under) {
        for (int r = 0; r < under->rowCount(); ++r) {
            QStandardItem *child = under->child(r);
            if (child->data(AllServersRole).toBool())
                continue;
            if (holdsServers(child))
                walk(child);
            else
                out << child;
        }
    };
    walk(node);
    return out;
}

QModelIndex ServerTreeModel::serverIndex(int id) const
{
    const QStandardItem *s = serverItem(id);
    return s ? s->index() : QModelIndex();
}

QStandardItem *ServerTreeModel::databaseItem(const QStandardItem *server, const QString &database)
{
    for (int r = 0; server && r < server->rowCount(); ++r) {
        if (server->child(r)->data(DatabaseRole).toString() == database)
            return server->child(r);
    }
    return nullptr;
}

QModelIndex ServerTreeModel::databaseIndex(int id, const QString &database) const
{
    const QStandardItem *d = databaseItem(serverItem(id), database);
    return d ? d->index() : QModelIndex();
}

void ServerTreeModel::addServer(int id, const QString &name, bool production, const QString &colour, const QString &group)
{
    auto *item = new QStandardItem(name);
    item->setEditable(false);
    item->setDragEnabled(true); // into a group, or to another place, by drag and drop
    item->setDropEnabled(true);
    item->setData(id, ServerIdRole);
    item->setData(rowCount(), OrderRole);
    appendRow(item); // the model owns it
    setServerLook(id, name, production, colour);
    setStatus(id, {});
    setServerGroup(id, group);
    updateAll();
}

void ServerTreeModel::setServerLook(int id, const QString &name, bool production, const QString &colour)
{
    QStandardItem *item = serverItem(id);
    if (!item)
        return;
    item->setData(name, Qt::UserRole + 100);
    item->setData(production, Qt::UserRole + 101);
    if (QColor c(colour); c.isValid()) {
        item->setData(colour, ColourRole);
        c.setAlpha(70); // a tint that reads on light and dark palettes
        item->setData(c, Qt::BackgroundRole);
    } else {
        item->setData(QVariant(), ColourRole);
        item->setData(QVariant(), Qt::BackgroundRole);
    }
}

void ServerTreeModel::removeServer(int id)
{
    for (auto it = m_spark.begin(); it != m_spark.end();)
        it = it.key().first == id ? m_spark.erase(it) : std::next(it);
    if (QStandardItem *s = serverItem(id))
        removeNode(s);
    updateAll();
}

void ServerTreeModel::setOrder(const QList<int> &order)
{
    // Servers by their place in @p order (others after them); a folder or a cluster by its
    // first server's; All servers on top (its key is -1).
    bool inOrder = true;
    const std::function<int(QStandardItem *, int)> keyOf = [&](QStandardItem *node, int row) {
        if (node->data(AllServersRole).toBool()) {
            inOrder = inOrder && row == 0 && !node->parent();
            return -1;
        }
        int key = 0;
        if (holdsServers(node)) {
            key = node->rowCount() ? INT_MAX : int(order.size()) + row; // a cluster with no member yet: after the servers
            int previousChild = -1;
            for (int c = 0; c < node->rowCount(); ++c) {
                const int childKey = keyOf(node->child(c), c);
                inOrder = inOrder && childKey > previousChild;
                previousChild = childKey;
                key = std::min(key, childKey);
            }
        } else {
            const int at = int(order.indexOf(node->data(ServerIdRole).toInt()));
            key = at >= 0 ? at : int(order.size()) + row;
        }
        node->setData(key, OrderRole);
        return key;
    };
    int previous = -2;
    for (int r = 0; r < rowCount(); ++r) {
        const int key = keyOf(item(r), r);
        inOrder = inOrder && key > previous;
        previous = key;
    }
    // sort() is a layout change: persistent indexes (expansion, current node) follow.
    // Databases sort by their own key, their name, which is their order already.
    if (!inOrder)
        sort(0);
}

void ServerTreeModel::setStatus(int id, const ServerStatus &status)
{
    QStandardItem *s = serverItem(id);
    if (!s)
        return;
    const QString name = s->data(Qt::UserRole + 100).toString();
    const bool production = s->data(Qt::UserRole + 101).toBool();
    Icon icon = status.poolerConsole ? PoolerIcon : ServerIcon;
    switch (status.state) {
    case ServerStatus::Paused: icon = PausedIcon; break;
    case ServerStatus::NeedsPassword: icon = PasswordIcon; break;
    case ServerStatus::Error: icon = ErrorIcon; break;
    default: break;
    }
    const QString member = s->data(MemberRole).toString();
    QString text = QStringLiteral("%1%2 — %3")
                       .arg(member.isEmpty() ? name : tr("%1 (%2)").arg(name, member), production ? tr(" [production]") : QString(),
                            format::serverState(status));
    // An armed watchdog is said on its server's node, where it is disarmed.
    const Watchdog::Armed *armed = m_registry ? m_registry->watchdog()->armed(id) : nullptr;
    if (armed)
        text += tr(" — watchdog \"%1\" armed (%n ended)", nullptr, armed->fired).arg(armed->rule.name);
    if (s->data(WatchdogRole).toString() != (armed ? armed->rule.name : QString()))
        s->setData(armed ? armed->rule.name : QString(), WatchdogRole);
    if (s->text() != text)
        s->setText(text);
    if (s->data(IconRole).toInt() != icon || !s->data(IconRole).isValid())
        s->setData(icon, IconRole);
    s->setToolTip(status.state == ServerStatus::Error || status.state == ServerStatus::NeedsPassword ? status.message : text);
    s->setData(int(status.state), StateRole);
    s->setData(status.poolerConsole, PoolerRole);
    s->setData(status.message, Qt::UserRole + 102);
    updateAll();
}

void ServerTreeModel::applySnapshot(const Snapshot &snapshot)
{
    QStandardItem *server = serverItem(snapshot.server);
    if (!server)
        return;
    if (snapshot.pooler) {
        applyPooler(server, snapshot);
        updateAll();
        return;
    }
    // A polled session is counted by its database's oid, one from history (which keeps
    // names only) by the name: as the poll's thread counted them (a moment of history,
    // which no poll's thread read, is counted here).
    database_tally::List counted;
    QHash<quint32, DatabaseTally> byOid;
    QHash<QString, DatabaseTally> counts;
    byOid.reserve(qsizetype(snapshot.databases.size()));
    for (const DatabaseTally &t : database_tally::of(snapshot, counted))
        (t.oid ? byOid[t.oid] : counts[t.name]) += t;
    // Rewound: history counts these instead of keeping their rows.
    for (const auto &[database, n] : snapshot.idlePerDatabase)
        counts[database].total += n;
    for (const auto &[database, n] : snapshot.hiddenPerDatabase) {
        counts[database].total += n;
        counts[database].hidden += n;
    }
    QHash<QString, const DatabaseInfo *> databases;
    for (const DatabaseInfo &d : snapshot.databases)
        databases.insert(d.name, &d);
    for (int r = server->rowCount() - 1; r >= 0; --r) {
        if (!databases.contains(server->child(r)->data(DatabaseRole).toString()))
            server->removeRow(r);
    }
    for (const DatabaseInfo &d : snapshot.databases) {
        QStandardItem *item = databaseItem(server, d.name);
        if (!item) {
            item = new QStandardItem;
            item->setEditable(false);
            item->setDragEnabled(false);
            item->setDropEnabled(false);
            item->setData(snapshot.server, ServerIdRole);
            item->setData(d.name, DatabaseRole);
            item->setData(d.name, OrderRole);
            int at = 0; // keep databases sorted by name
            while (at < server->rowCount() && server->child(at)->data(DatabaseRole).toString() < d.name)
                ++at;
            server->insertRow(at, item); // the server item owns it
        }
        DatabaseTally c = counts.value(d.name);
        c += byOid.value(d.oid);
        // One arg() for both: a name with "%1" in it stays that name.
        QString text = tr("%1 — %2").arg(format::visible(d.name), QString::number(c.total));
        if (c.total && c.hidden)
            text += tr(" (%1 active, %2 idle in tx, %3 hidden)").arg(c.active).arg(c.idleInTransaction).arg(c.hidden);
        else if (c.total)
            text += tr(" (%1 active, %2 idle in tx)").arg(c.active).arg(c.idleInTransaction);
        if (c.blocked)
            text += tr(" — %n blocked", nullptr, c.blocked);
        if (!d.allowConnections)
            text += tr(" — not accepting connections");
        if (item->text() != text) {
            item->setText(text);
            item->setData(c.total, TotalRole);
            item->setData(c.active, ActiveRole);
            item->setData(c.idleInTransaction, IdleInTransactionRole);
            item->setData(c.blocked, BlockedRole);
            item->setData(d.allowConnections, AllowConnectionsRole);
            item->setData(d.allowConnections ? DatabaseIcon : BlockedDatabaseIcon, IconRole);
            item->setToolTip(d.allowConnections ? text : tr("%1 does not accept new connections (datallowconn is false)").arg(format::visible(d.name)));
        }
    }
    updateAll();
}

void ServerTreeModel::applyPooler(QStandardItem *server, const Snapshot &snapshot)
{
    const PoolerState &p = *snapshot.pooler;
    struct Pool {
        int clientsActive = 0, clientsWaiting = 0, serversActive = 0, serversIdle = 0;
        qint64 maxWaitUs = 0;
    };
    QHash<QString, Pool> pools;
    for (size_t r = 0; r < p.pools.rows.size(); ++r) {
        Pool &pool = pools[p.pools.value(r, QLatin1String("database"))];
        pool.clientsActive += p.pools.number(r, QLatin1String("cl_active"));
        pool.clientsWaiting += p.pools.number(r, QLatin1String("cl_waiting"));
        pool.serversActive += p.pools.number(r, QLatin1String("sv_active"));
        pool.serversIdle += p.pools.number(r, QLatin1String("sv_idle")) + p.pools.number(r, QLatin1String("sv_used"));
        pool.maxWaitUs = std::max(pool.maxWaitUs, qint64(p.pools.number(r, QLatin1String("maxwait"))) * 1000000
                                                      + p.pools.number(r, QLatin1String("maxwait_us")));
    }
    QStringList names;
    for (size_t r = 0; r < p.databases.rows.size(); ++r) {
        const QString name = p.databases.value(r, QLatin1String("name"));
        if (name != PoolerState::kAdminDatabase)
            names << name;
    }
    for (int r = server->rowCount() - 1; r >= 0; --r) {
        if (!names.contains(server->child(r)->data(DatabaseRole).toString()))
            server->removeRow(r);
    }
    for (size_t r = 0; r < p.databases.rows.size(); ++r) {
        const QString name = p.databases.value(r, QLatin1String("name"));
        if (name == PoolerState::kAdminDatabase)
            continue;
        QStandardItem *item = databaseItem(server, name);
        if (!item) {
            item = new QStandardItem;
            item->setEditable(false);
            item->setDragEnabled(false);
            item->setDropEnabled(false);
            item->setData(snapshot.server, ServerIdRole);
            item->setData(name, DatabaseRole);
            item->setData(name, OrderRole);
            item->setData(true, PoolerRole);
            int at = 0;
            while (at < server->rowCount() && server->child(at)->data(DatabaseRole).toString() < name)
                ++at;
            server->insertRow(at, item);
        }
        const Pool pool = pools.value(name);
        const bool paused = p.databases.number(r, QLatin1String("paused")) != 0;
        const bool disabled = p.databases.number(r, QLatin1String("disabled")) != 0;
        QString text = tr("%1 — clients %2 active, %3 waiting · servers %4 active, %5 idle")
                           .arg(format::visible(name))
                           .arg(pool.clientsActive)
                           .arg(pool.clientsWaiting)
                           .arg(pool.serversActive)
                           .arg(pool.serversIdle);
        if (pool.maxWaitUs > 0)
            text += tr(" · longest wait %1 s").arg(double(pool.maxWaitUs) / 1e6, 0, 'f', 1);
        if (paused)
            text += tr(" — paused");
        if (disabled)
            text += tr(" — disabled");
        if (item->text() != text) {
            item->setText(text);
            const QString target = p.databases.value(r, QLatin1String("database"));
            item->setToolTip(tr("%1 → database \"%2\" on %3:%4 (%5 pooling)")
                                 .arg(text, target.isEmpty() ? name : target, p.databases.value(r, QLatin1String("host")),
                                      p.databases.value(r, QLatin1String("port")), p.databases.value(r, QLatin1String("pool_mode"))));
            item->setData(pool.clientsActive + pool.clientsWaiting, TotalRole);
            item->setData(pool.clientsActive, ActiveRole);
            item->setData(!disabled, AllowConnectionsRole);
            item->setData(paused, PausedRole);
            item->setData(disabled || paused ? BlockedDatabaseIcon : DatabaseIcon, IconRole);
        }
    }
}
