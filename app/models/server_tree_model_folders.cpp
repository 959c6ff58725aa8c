// SPDX-License-Identifier: GPL-3.0-or-later
// ServerTreeModel: the nodes that hold servers (a group's folder, a Patroni cluster, All
// servers) and the sums they show.
#include "models/server_tree_model.h"

#include "models/formatter.h"
#include "servers/patroni.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"

#include <climits>

QStandardItem *ServerTreeModel::folderFor(const QString &group)
{
    if (group.isEmpty())
        return nullptr;
    if (QStandardItem *folder = groupItem(group))
        return folder;
    auto *folder = new QStandardItem;
    folder->setEditable(false);
    folder->setDragEnabled(false);
    folder->setDropEnabled(true);
    folder->setData(0, ServerIdRole);
    folder->setData(group, GroupRole);
    folder->setData(rowCount(), OrderRole);
    appendRow(folder); // the model owns it
    return folder;
}

QStandardItem *ServerTreeModel::groupItem(const QString &group) const
{
    for (int r = 0; !group.isEmpty() && r < rowCount(); ++r) {
        if (item(r)->data(GroupRole).toString() == group)
            return item(r);
    }
    return nullptr;
}

QStandardItem *ServerTreeModel::clusterItem(const QString &profileId) const
{
    for (int r = 0; !profileId.isEmpty() && r < rowCount(); ++r) {
        QStandardItem *top = item(r);
        if (top->data(ClusterRole).toString() == profileId)
            return top;
        for (int c = 0; !top->data(GroupRole).toString().isEmpty() && c < top->rowCount(); ++c) {
            if (top->child(c)->data(ClusterRole).toString() == profileId)
                return top->child(c);
        }
    }
    return nullptr;
}

QModelIndex ServerTreeModel::clusterIndex(const QString &profileId) const
{
    const QStandardItem *c = clusterItem(profileId);
    return c ? c->index() : QModelIndex();
}

void ServerTreeModel::moveRow(QStandardItem *node, QStandardItem *into)
{
    QStandardItem *from = node->parent();
    if (from == into)
        return;
    const QList<QStandardItem *> row = from ? from->takeRow(node->row()) : takeRow(node->row());
    if (from)
        dropIfEmptyFolder(from);
    if (into)
        into->appendRow(row);
    else
        appendRow(row);
}

void ServerTreeModel::setCluster(const QString &profileId, const QString &name, const QString &group, const QString &problem)
{
    QStandardItem *node = clusterItem(profileId);
    if (!node) {
        node = new QStandardItem;
        node->setEditable(false);
        node->setDragEnabled(false); // its group is set in the Servers dialog
        node->setDropEnabled(false);
        node->setData(0, ServerIdRole);
        node->setData(profileId, ClusterRole);
        node->setData(INT_MAX, OrderRole); // until it has members
        appendRow(node); // the model owns it
    }
    node->setData(name, Qt::UserRole + 100);
    node->setData(problem, Qt::UserRole + 102);
    moveRow(node, folderFor(group)); // in its group's folder, or at the top
    updateAll();
}

void ServerTreeModel::removeCluster(const QString &profileId)
{
    QStandardItem *node = clusterItem(profileId);
    if (!node)
        return;
    for (int r = node->rowCount() - 1; r >= 0; --r)
        removeServer(node->child(r)->data(ServerIdRole).toInt());
    removeNode(node);
    updateAll();
}

void ServerTreeModel::dropIfEmptyFolder(QStandardItem *parent)
{
    if (parent->rowCount() == 0 && !parent->data(GroupRole).toString().isEmpty())
        removeRow(parent->row()); // folders are at the top
}

void ServerTreeModel::removeNode(QStandardItem *node)
{
    if (QStandardItem *parent = node->parent()) {
        parent->removeRow(node->row());
        dropIfEmptyFolder(parent);
    } else {
        removeRow(node->row());
    }
}

void ServerTreeModel::setClusterMember(int id, const QString &profileId, const QString &member)
{
    QStandardItem *s = serverItem(id);
    QStandardItem *cluster = clusterItem(profileId);
    if (!s || !cluster)
        return;
    s->setDragEnabled(false); // a member's place is its cluster
    s->setDropEnabled(false);
    moveRow(s, cluster);
    if (s->data(MemberRole).toString() != member) {
        s->setData(member, MemberRole);
        if (m_registry && m_registry->monitor(id))
            setStatus(id, m_registry->monitor(id)->status());
    }
    updateAll();
}

QModelIndex ServerTreeModel::groupIndex(const QString &group) const
{
    const QStandardItem *g = groupItem(group);
    return g ? g->index() : QModelIndex();
}

QList<int> ServerTreeModel::serversUnder(const QModelIndex &node) const
{
    QList<int> out;
    if (!node.isValid())
        return out;
    if (node.data(AllServersRole).toBool() || holdsServers(node)) {
        // All servers: every one; a folder or cluster: those under it.
        for (const QStandardItem *s : node.data(AllServersRole).toBool() ? serverItems() : serverItemsIn(itemFromIndex(node)))
            out << s->data(ServerIdRole).toInt();
    } else if (const int id = node.data(ServerIdRole).toInt()) {
        out << id;
    }
    return out;
}

void ServerTreeModel::setServerGroup(int id, const QString &group)
{
    QStandardItem *s = serverItem(id);
    if (!s)
        return;
    QStandardItem *from = s->parent();
    if ((from ? from->data(GroupRole).toString() : QString()) == group)
        return;
    moveRow(s, folderFor(group));
    updateAll();
}

QStandardItem *ServerTreeModel::allItem() const
{
    QStandardItem *first = rowCount() > 0 ? item(0) : nullptr;
    return first && first->data(AllServersRole).toBool() ? first : nullptr;
}

QModelIndex ServerTreeModel::allServersIndex() const
{
    const QStandardItem *all = allItem();
    return all ? all->index() : QModelIndex();
}

void ServerTreeModel::updateAll()
{
    QStandardItem *all = allItem();
    const QList<QStandardItem *> servers = serverItems();
    if (servers.size() < 2) {
        if (all)
            removeRow(0);
        all = nullptr;
    } else {
        if (!all) {
            all = new QStandardItem;
            all->setEditable(false);
            all->setDragEnabled(false);
            all->setDropEnabled(true); // dropped here: out of its group
            all->setData(0, ServerIdRole);
            all->setData(true, AllServersRole);
            all->setData(-1, OrderRole);
            insertRow(0, all); // the model owns it
        }
    }
    // The clusters first: a folder, and All servers, say a cluster whose REST API is silent.
    for (int r = 0; r < rowCount(); ++r) {
        QStandardItem *top = item(r);
        for (int c = -1; c < (top->data(GroupRole).toString().isEmpty() ? 0 : top->rowCount()); ++c) {
            QStandardItem *node = c < 0 ? top : top->child(c);
            if (!node->data(ClusterRole).toString().isEmpty())
                summarize(node, node->data(Qt::UserRole + 100).toString(), serverItemsIn(node));
        }
        if (const QString group = top->data(GroupRole).toString(); !group.isEmpty())
            summarize(top, group, serverItemsIn(top));
    }
    if (all)
        summarize(all, tr("All servers"), servers);
}

int ServerTreeModel::silentClustersUnder(const QStandardItem *node) const
{
    // A cluster whose REST API does not answer may have no member to count, and is the worst
    // state inside the folder that holds it all the same.
    const auto silentAmong = [this](const QStandardItem *parent) {
        int silent = 0;
        for (int r = 0; r < (parent ? parent->rowCount() : rowCount()); ++r) {
            const QStandardItem *child = parent ? parent->child(r) : item(r);
            silent += !child->data(ClusterRole).toString().isEmpty() && !child->data(Qt::UserRole + 102).toString().isEmpty();
        }
        return silent;
    };
    if (!node->data(AllServersRole).toBool())
        return node->data(GroupRole).toString().isEmpty() ? 0 : silentAmong(node);
    int silent = silentAmong(nullptr);
    for (int r = 0; r < rowCount(); ++r) {
        if (!item(r)->data(GroupRole).toString().isEmpty())
            silent += silentAmong(item(r));
    }
    return silent;
}

void ServerTreeModel::summarize(QStandardItem *node, const QString &title, const QList<QStandardItem *> &servers)
{
    // The sum of the servers' databases (a pooler's clients are not sessions of a server),
    // and the worst state among them.
    struct {
        int total = 0, active = 0, idleInTransaction = 0, blocked = 0;
    } sum;
    int unreachable = 0, paused = 0, password = 0;
    for (const QStandardItem *server : servers) {
        switch (server->data(StateRole).toInt()) {
        case ServerStatus::Error: ++unreachable; break;
        case ServerStatus::NeedsPassword: ++password; break;
        case ServerStatus::Paused: ++paused; break;
        default: break;
        }
        if (server->data(PoolerRole).toBool())
            continue;
        for (int d = 0; d < server->rowCount(); ++d) {
            const QStandardItem *database = server->child(d);
            sum.total += database->data(TotalRole).toInt();
            sum.active += database->data(ActiveRole).toInt();
            sum.idleInTransaction += database->data(IdleInTransactionRole).toInt();
            sum.blocked += database->data(BlockedRole).toInt();
        }
    }
    // One arg() for the name: a group called "%1" stays that name.
    const QString cluster = node->data(ClusterRole).toString();
    QString text = tr("%1 — %2").arg(format::visible(title), cluster.isEmpty() ? tr("%n server(s)", nullptr, int(servers.size()))
                                                                                  : tr("Patroni, %n member(s)", nullptr, int(servers.size())));
    const PatroniTopology *topology = m_registry && !cluster.isEmpty() ? m_registry->clusterTopology(cluster) : nullptr;
    if (topology && topology->answered)
        text += topology->leader() ? tr(" · leader %1").arg(format::visible(topology->leader()->name)) : tr(" · no leader");
    if (topology && topology->paused)
        text += tr(" · failover paused");
    // Listed by Patroni with no address (a member that has not registered its connection
    // yet): not watched, so said here, else it would be neither shown nor counted.
    QStringList unaddressed;
    for (const PatroniMember &m : topology ? topology->members : QList<PatroniMember>()) {
        if (m.host.isEmpty())
            unaddressed << tr("%1 (%2)").arg(format::visible(m.name), m.describe());
    }
    text += tr(" · %n session(s)", nullptr, sum.total);
    if (sum.total)
        text += tr(" (%1 active, %2 idle in tx)").arg(sum.active).arg(sum.idleInTransaction);
    if (sum.blocked)
        text += tr(" — %n blocked", nullptr, sum.blocked);
    if (unreachable)
        text += tr(" — %n unreachable", nullptr, unreachable);
    if (password)
        text += tr(" — %n waiting for a password", nullptr, password);
    if (paused)
        text += tr(" — %n paused", nullptr, paused);
    if (!unaddressed.isEmpty())
        text += tr(" — %n member(s) listed without an address, not watched: %1", nullptr, int(unaddressed.size()))
                    .arg(unaddressed.join(QStringLiteral(", ")));
    // A cluster whose REST API did not answer: why, on its node.
    const QString problem = cluster.isEmpty() ? QString() : node->data(Qt::UserRole + 102).toString();
    if (!problem.isEmpty())
        text += tr(" — REST API: %1").arg(problem);
    else if (topology && !topology->answered)
        text += tr(" — asking the REST API…");
    unreachable += !problem.isEmpty();
    if (const int silent = cluster.isEmpty() ? silentClustersUnder(node) : 0) {
        text += tr(" — %n Patroni cluster(s) not answering", nullptr, silent);
        unreachable += silent;
    }
    const int icon = unreachable ? ErrorIcon : password ? PasswordIcon : node->data(AllServersRole).toBool() || !cluster.isEmpty() ? ServerIcon : DatabaseIcon;
    if (node->text() != text) {
        node->setText(text);
        node->setToolTip(text);
        node->setData(sum.total, TotalRole);
        node->setData(sum.active, ActiveRole);
        node->setData(sum.idleInTransaction, IdleInTransactionRole);
        node->setData(sum.blocked, BlockedRole);
        node->setData(unreachable ? int(ServerStatus::Error) : int(ServerStatus::Connected), StateRole);
    }
    if (node->data(IconRole).toInt() != icon || !node->data(IconRole).isValid())
        node->setData(icon, IconRole);
}
