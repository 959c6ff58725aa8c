// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/server_status.h"
#include "monitor/snapshot.h"

#include <QHash>
#include <QIcon>
#include <QStandardItemModel>
#include <QStyle>

/// The server tree: each watched server with its state, and under it its databases with
/// live counts (total / active / idle in transaction) and a mark when a database does not
/// accept connections. Updated in place on every poll: nodes are only added or removed
/// when databases come or go, so expansion and selection stay.
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
    };

    explicit ServerTreeModel(QObject *parent = nullptr);

    void addServer(int id, const QString &name, bool production, const QString &colour = {});
    void removeServer(int id);
    /// Moves a server's node (with its databases) to @p row.
    void moveServer(int id, int row);
    /// Changes how a server's node looks: its name, production mark and colour.
    void setServerLook(int id, const QString &name, bool production, const QString &colour);
    void setStatus(int id, const ServerStatus &status);
    void applySnapshot(const Snapshot &snapshot);

    QModelIndex serverIndex(int id) const;
    QModelIndex databaseIndex(int id, const QString &database) const;

private:
    /// The style's icons, looked up once: a lookup costs milliseconds, and a poll of ten
    /// servers would otherwise pay it for every node.
    QIcon icon(QStyle::StandardPixmap which);
    QStandardItem *serverItem(int id) const;
    static QStandardItem *databaseItem(const QStandardItem *server, const QString &database);

    QHash<int, QIcon> m_icons;
};
