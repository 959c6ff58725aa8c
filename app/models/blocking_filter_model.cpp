// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/blocking_filter_model.h"

#include "models/blocking_model.h"

BlockingFilterModel::BlockingFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    sort(0);
}

void BlockingFilterModel::setScope(int server, const QString &database, const QList<int> &servers)
{
    m_server = server;
    m_servers = server ? QList<int>{} : servers;
    m_database = database;
    invalidateFilter();
}

bool BlockingFilterModel::touches(const QModelIndex &node) const
{
    if (node.data(BlockingModel::DatabaseRole).toString() == m_database)
        return true;
    const QAbstractItemModel *model = sourceModel();
    for (int r = 0; r < model->rowCount(node); ++r) {
        if (touches(model->index(r, 0, node)))
            return true;
    }
    return false;
}

bool BlockingFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return true; // a chain is shown whole
    const QModelIndex root = sourceModel()->index(sourceRow, 0, sourceParent);
    const int server = root.data(BlockingModel::ServerRole).toInt();
    if (m_server ? server != m_server : !m_servers.isEmpty() && !m_servers.contains(server))
        return false;
    return m_database.isEmpty() || touches(root);
}

bool BlockingFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!left.parent().isValid()) {
        // Roots: who holds up the most sessions, then the longest wait, first.
        const int a = left.data(BlockingModel::BlockedInAllRole).toInt(), b = right.data(BlockingModel::BlockedInAllRole).toInt();
        if (a != b)
            return a > b;
        const qint64 wa = left.data(BlockingModel::LongestWaitRole).toLongLong(), wb = right.data(BlockingModel::LongestWaitRole).toLongLong();
        if (wa != wb)
            return wa > wb;
    }
    return left.data(BlockingModel::PidRole).toInt() < right.data(BlockingModel::PidRole).toInt();
}
