// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>

/// The blocking tree as the view shows it: the chains of one server, or of one of its
/// databases (a chain shows when any session in it is in that database), or of every
/// server; root blockers first by the sessions they hold up, then by the longest wait;
/// waiters by pid.
class BlockingFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit BlockingFilterModel(QObject *parent = nullptr);

    /// Server 0: every server, or only @p servers (a group's) when given.
    void setScope(int server, const QString &database, const QList<int> &servers = {});

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool touches(const QModelIndex &node) const;

    int m_server = 0;
    QList<int> m_servers;
    QString m_database;
};
