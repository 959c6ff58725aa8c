// SPDX-License-Identifier: GPL-3.0-or-later
#include "tree/server_tree_model.h"

#include <QApplication>
#include <QColor>
#include <QHash>

namespace {
struct Counts {
    int total = 0, active = 0, idleInTransaction = 0;
};
} // namespace

ServerTreeModel::ServerTreeModel(QObject *parent)
    : QStandardItemModel(parent)
{
    setHorizontalHeaderLabels({tr("Servers")});
    // Looked up now, before any server answers, rather than in the middle of a poll.
    for (QStyle::StandardPixmap which : {QStyle::SP_DriveNetIcon, QStyle::SP_MediaPause, QStyle::SP_MessageBoxQuestion,
                                         QStyle::SP_MessageBoxCritical, QStyle::SP_DirIcon, QStyle::SP_BrowserStop})
        icon(which);
}

QIcon ServerTreeModel::icon(QStyle::StandardPixmap which)
{
    auto it = m_icons.find(which);
    if (it == m_icons.end())
        it = m_icons.insert(which, QApplication::style()->standardIcon(which));
    return *it;
}

QStandardItem *ServerTreeModel::serverItem(int id) const
{
    for (int r = 0; r < rowCount(); ++r) {
        if (item(r)->data(ServerIdRole).toInt() == id)
            return item(r);
    }
    return nullptr;
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

void ServerTreeModel::addServer(int id, const QString &name, bool production, const QString &colour)
{
    auto *item = new QStandardItem(name);
    item->setEditable(false);
    item->setData(id, ServerIdRole);
    appendRow(item); // the model owns it
    setServerLook(id, name, production, colour);
    setStatus(id, {});
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
    if (QStandardItem *s = serverItem(id))
        removeRow(s->row());
}

void ServerTreeModel::moveServer(int id, int row)
{
    QStandardItem *s = serverItem(id);
    if (!s || s->row() == row || row < 0 || row >= rowCount())
        return;
    const QList<QStandardItem *> taken = takeRow(s->row()); // ours again until inserted
    insertRow(row, taken);
}

void ServerTreeModel::setStatus(int id, const ServerStatus &status)
{
    QStandardItem *s = serverItem(id);
    if (!s)
        return;
    const QString name = s->data(Qt::UserRole + 100).toString();
    const bool production = s->data(Qt::UserRole + 101).toBool();
    QString state;
    QStyle::StandardPixmap icon = QStyle::SP_DriveNetIcon;
    switch (status.state) {
    case ServerStatus::Disconnected: state = tr("not connected"); break;
    case ServerStatus::Connecting: state = tr("connecting…"); break;
    case ServerStatus::Connected: state = tr("PostgreSQL %1").arg(status.versionText()); break;
    case ServerStatus::Paused: state = tr("paused"); icon = QStyle::SP_MediaPause; break;
    case ServerStatus::NeedsPassword:
        state = tr("password needed");
        icon = QStyle::SP_MessageBoxQuestion;
        break;
    case ServerStatus::Error:
        state = status.reason().isEmpty() ? tr("error") : tr("error: %1").arg(status.reason());
        icon = QStyle::SP_MessageBoxCritical;
        break;
    }
    const QString text = QStringLiteral("%1%2 — %3").arg(name, production ? tr(" [production]") : QString(), state);
    if (s->text() != text)
        s->setText(text);
    s->setIcon(this->icon(icon));
    s->setToolTip(status.state == ServerStatus::Error || status.state == ServerStatus::NeedsPassword ? status.message : text);
    s->setData(int(status.state), StateRole);
    s->setData(status.message, Qt::UserRole + 102);
}

void ServerTreeModel::applySnapshot(const Snapshot &snapshot)
{
    QStandardItem *server = serverItem(snapshot.server);
    if (!server)
        return;
    QHash<QString, Counts> counts;
    for (const Session &s : snapshot.sessions) {
        if (s.own || s.database.isEmpty() || !s.isClientBackend())
            continue;
        Counts &c = counts[s.database];
        ++c.total;
        c.active += s.state == QLatin1String("active");
        c.idleInTransaction += s.state.startsWith(QLatin1String("idle in transaction"));
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
            item->setData(snapshot.server, ServerIdRole);
            item->setData(d.name, DatabaseRole);
            int at = 0; // keep databases sorted by name
            while (at < server->rowCount() && server->child(at)->data(DatabaseRole).toString() < d.name)
                ++at;
            server->insertRow(at, item); // the server item owns it
        }
        const Counts c = counts.value(d.name);
        QString text = tr("%1 — %2").arg(d.name).arg(c.total);
        if (c.total)
            text += tr(" (%1 active, %2 idle in tx)").arg(c.active).arg(c.idleInTransaction);
        if (!d.allowConnections)
            text += tr(" — not accepting connections");
        if (item->text() != text) {
            item->setText(text);
            item->setData(c.total, TotalRole);
            item->setData(c.active, ActiveRole);
            item->setData(c.idleInTransaction, IdleInTransactionRole);
            item->setData(d.allowConnections, AllowConnectionsRole);
            item->setIcon(icon(d.allowConnections ? QStyle::SP_DirIcon : QStyle::SP_BrowserStop));
            item->setToolTip(d.allowConnections ? text : tr("%1 does not accept new connections (datallowconn is false)").arg(d.name));
        }
    }
}
