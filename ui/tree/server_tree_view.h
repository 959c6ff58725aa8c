// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTreeView>

#include <functional>

class QMenu;
class ServerTreeModel;

/// The server tree as the user sees it: the style's icons for what each node's IconRole
/// says, a context menu on any node, the nodes of new servers expanded, groups' folders
/// collapsed or expanded as they were left (saved), and servers dragged into a group or
/// to another place.
class ServerTreeView : public QTreeView
{
    Q_OBJECT
public:
    explicit ServerTreeView(ServerTreeModel *model, QWidget *parent = nullptr);

    /// The menu a right click on a node opens (that node made current first).
    void setContextMenu(QMenu *menu) { m_menu = menu; }
    QMenu *contextMenu() const { return m_menu; }
    /// What a drop asks for: server @p server into @p group (empty: none), before server
    /// @p before (0: at the group's end). The model follows the registry, not the drop.
    using MoveHandler = std::function<void(int server, const QString &group, int before)>;
    void setMoveHandler(MoveHandler handler) { m_move = std::move(handler); }
    /// Where a drop lands against its target node.
    enum class Drop { Onto, Above, Below };
    /// The move a drop of @p dragged at @p target (@p where of it) asks for; false when
    /// there is none (not a server, or onto itself).
    bool dropMove(const QModelIndex &dragged, const QModelIndex &target, Drop where);
    /// Forgets that the folder of @p group was left collapsed (a group renamed).
    static void forgetCollapsed(const QString &group) { renameCollapsed(group, {}); }
    /// The folder of group @p from, if it was left collapsed, is so as @p to (empty: none).
    static void renameCollapsed(const QString &from, const QString &to);
    /// The same for folders renamed at once (old name → new name): the open ones first, so
    /// that one folder made of a closed one and an open one is closed.
    static void renameCollapsed(const QList<QPair<QString, QString>> &renames);

protected:
    void dropEvent(QDropEvent *event) override;

private:
    void saveCollapsed();

    QMenu *m_menu = nullptr;
    MoveHandler m_move;
};
