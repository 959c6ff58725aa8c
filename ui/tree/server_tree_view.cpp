// SPDX-License-Identifier: GPL-3.0-or-later
#include "tree/server_tree_view.h"

#include "models/server_tree_model.h"

#include <QApplication>
#include <QDropEvent>
#include <QHash>
#include <QMenu>
#include <QStyle>
#include <QPainter>
#include <QSettings>

#include <functional>
#include <QStyledItemDelegate>

#include <algorithm>

namespace {

/// The style's pictures for the model's icon roles, looked up once: a lookup costs
/// milliseconds, and a poll of ten servers would otherwise pay it for every node.
class NodeIconDelegate : public QStyledItemDelegate
{
public:
    explicit NodeIconDelegate(QObject *parent)
        : QStyledItemDelegate(parent)
    {
        const std::pair<ServerTreeModel::Icon, QStyle::StandardPixmap> pictures[] = {
            {ServerTreeModel::ServerIcon, QStyle::SP_DriveNetIcon},       {ServerTreeModel::PausedIcon, QStyle::SP_MediaPause},
            {ServerTreeModel::PasswordIcon, QStyle::SP_MessageBoxQuestion}, {ServerTreeModel::ErrorIcon, QStyle::SP_MessageBoxCritical},
            {ServerTreeModel::DatabaseIcon, QStyle::SP_DirIcon},          {ServerTreeModel::BlockedDatabaseIcon, QStyle::SP_BrowserStop},
            {ServerTreeModel::PoolerIcon, QStyle::SP_DirLinkIcon}};
        for (const auto &[icon, pixmap] : pictures)
            m_icons.insert(icon, QApplication::style()->standardIcon(pixmap));
    }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QVariant icon = index.data(ServerTreeModel::IconRole);
        if (icon.isValid()) {
            option->icon = m_icons.value(icon.toInt());
            option->features |= QStyleOptionViewItem::HasDecoration;
        }
    }

    /// Every node as tall as one with an icon, with one or not (All servers, a folder): the
    /// tree's rows are of one height, taken from its first node.
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        opt.features |= QStyleOptionViewItem::HasDecoration;
        const QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        return style->sizeFromContents(QStyle::CT_ItemViewItem, &opt, QSize(), opt.widget);
    }

    /// A database node: its sparkline (sessions over the last 10 minutes) at the right end.
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QList<int> line = index.data(ServerTreeModel::SparklineRole).value<QList<int>>();
        const int width = option.fontMetrics.horizontalAdvance(QLatin1Char('m')) * 5;
        if (line.size() < 2 || option.rect.width() < width * 4) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem text = option;
        text.rect.setRight(option.rect.right() - width - 4);
        QStyledItemDelegate::paint(painter, text, index);
        const QRect box(option.rect.right() - width - 2, option.rect.top() + 3, width, option.rect.height() - 6);
        const int top = std::max(1, *std::max_element(line.begin(), line.end()));
        QPolygonF points;
        for (int i = 0; i < line.size(); ++i) {
            if (line[i] < 0)
                continue; // not watched yet
            points << QPointF(box.left() + box.width() * double(i) / (line.size() - 1), box.bottom() - box.height() * double(line[i]) / top);
        }
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(option.state & QStyle::State_Selected ? option.palette.highlightedText().color() : option.palette.link().color(), 1.2));
        painter->drawPolyline(points);
        painter->restore();
    }

private:
    QHash<int, QIcon> m_icons;
};

} // namespace

ServerTreeView::ServerTreeView(ServerTreeModel *model, QWidget *parent)
    : QTreeView(parent)
{
    setObjectName(QStringLiteral("serverTree"));
    setAccessibleName(tr("Servers and databases"));
    setItemDelegate(new NodeIconDelegate(this));
    setModel(model);
    setHeaderHidden(true);
    // Every node is one line, as tall as one with an icon (the delegate's sizeHint): the
    // same height. Without this a node's counts changing (every poll) had its height
    // measured again, its text laid out to do it.
    setUniformRowHeights(true);
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = indexAt(pos);
        if (!index.isValid() || !m_menu)
            return;
        setCurrentIndex(index);
        m_menu->exec(viewport()->mapToGlobal(pos));
    });
    // A new server's databases are in view at once (a group's folder as it was left); the
    // first server is the current node.
    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &under, int first, int last) {
        if (ServerTreeModel::holdsServers(under)) {
            for (int r = first; r <= last; ++r)
                expand(this->model()->index(r, 0, under));
            return;
        }
        if (under.isValid())
            return;
        const QStringList collapsed = QSettings().value(QStringLiteral("tree/collapsedGroups")).toStringList();
        for (int r = first; r <= last; ++r) {
            const QModelIndex node = this->model()->index(r, 0);
            const QString group = node.data(ServerTreeModel::GroupRole).toString();
            if (group.isEmpty() || !collapsed.contains(group))
                expand(node);
        }
        if (!currentIndex().isValid())
            setCurrentIndex(this->model()->index(first, 0));
    });
    connect(this, &QTreeView::collapsed, this, &ServerTreeView::saveCollapsed);
    connect(this, &QTreeView::expanded, this, &ServerTreeView::saveCollapsed);

    setDragEnabled(true);
    setAcceptDrops(true);
    setDropIndicatorShown(true);
    setDragDropMode(QAbstractItemView::DragDrop);
    setDefaultDropAction(Qt::MoveAction);
}

void ServerTreeView::saveCollapsed()
{
    // The folders the user closed, by name: kept across runs (those not shown now too).
    QSettings settings;
    QStringList collapsed = settings.value(QStringLiteral("tree/collapsedGroups")).toStringList();
    for (int r = 0; r < model()->rowCount(); ++r) {
        const QModelIndex node = model()->index(r, 0);
        const QString group = node.data(ServerTreeModel::GroupRole).toString();
        if (group.isEmpty())
            continue;
        collapsed.removeAll(group);
        if (!isExpanded(node))
            collapsed << group;
    }
    settings.setValue(QStringLiteral("tree/collapsedGroups"), collapsed);
}

void ServerTreeView::renameCollapsed(const QString &from, const QString &to)
{
    QSettings settings;
    QStringList collapsed = settings.value(QStringLiteral("tree/collapsedGroups")).toStringList();
    // The folder keeps its state under its new name, open too: a folder of that name closed
    // once and gone since does not close it.
    const bool wasCollapsed = collapsed.removeAll(from) > 0;
    bool changed = wasCollapsed;
    if (!to.isEmpty()) {
        changed = collapsed.removeAll(to) > 0 || changed;
        if (wasCollapsed)
            collapsed << to;
    }
    if (changed)
        settings.setValue(QStringLiteral("tree/collapsedGroups"), collapsed);
}

void ServerTreeView::renameCollapsed(const QList<QPair<QString, QString>> &renames)
{
    const QStringList collapsed = QSettings().value(QStringLiteral("tree/collapsedGroups")).toStringList();
    for (const bool closed : {false, true}) {
        for (const auto &[from, to] : renames) {
            if (collapsed.contains(from) == closed)
                renameCollapsed(from, to);
        }
    }
}

bool ServerTreeView::dropMove(const QModelIndex &dragged, const QModelIndex &target, Drop where)
{
    const int id = dragged.data(ServerTreeModel::ServerIdRole).toInt();
    if (!id || !dragged.data(ServerTreeModel::DatabaseRole).toString().isEmpty() || !m_move)
        return false;
    QModelIndex at = target;
    if (at.isValid() && !at.data(ServerTreeModel::DatabaseRole).toString().isEmpty())
        at = at.parent(); // onto a database: onto its server
    if (at.isValid() && !at.parent().data(ServerTreeModel::ClusterRole).toString().isEmpty())
        at = at.parent(); // beside a cluster's member: beside its cluster
    // The server a node stands for in the order: a folder's or a cluster's first one (a
    // cluster in a folder: its first one), or the server itself.
    const std::function<int(const QModelIndex &)> firstServer = [&firstServer](const QModelIndex &node) {
        if (!node.isValid())
            return 0;
        if (ServerTreeModel::holdsServers(node))
            return firstServer(node.model()->index(0, 0, node));
        return node.data(ServerTreeModel::ServerIdRole).toInt();
    };
    QString group;
    int before = 0;
    if (!at.isValid() || at.data(ServerTreeModel::AllServersRole).toBool()) {
        // Onto All servers or empty space: out of any group.
    } else if (const QString folder = at.data(ServerTreeModel::GroupRole).toString(); !folder.isEmpty()) {
        if (where == Drop::Above)
            before = firstServer(at); // above the folder: out of any group, just before it
        else
            group = folder; // into the folder, at its end
    } else {
        // Onto a server or a cluster: beside it, in its group.
        group = at.parent().data(ServerTreeModel::GroupRole).toString();
        before = firstServer(at);
        if (where == Drop::Below)
            before = firstServer(at.sibling(at.row() + 1, 0)); // before what follows (0: at the end)
    }
    if (before == id && group == dragged.parent().data(ServerTreeModel::GroupRole).toString())
        return false; // where it is already
    m_move(id, group, before);
    return true;
}

void ServerTreeView::dropEvent(QDropEvent *event)
{
    // The registry moves the server and the model follows; Qt's own move of the items
    // (the default drop) would put the tree out of step with it.
    const QModelIndex target = indexAt(event->position().toPoint());
    const DropIndicatorPosition at = dropIndicatorPosition();
    const bool moved = dropMove(currentIndex(), target, at == AboveItem ? Drop::Above : at == BelowItem ? Drop::Below : Drop::Onto);
    event->setDropAction(Qt::IgnoreAction);
    event->accept();
    setState(NoState);
    viewport()->update();
    if (!moved)
        event->ignore();
}
