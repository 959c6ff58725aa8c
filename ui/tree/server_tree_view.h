// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTreeView>

class QMenu;
class ServerTreeModel;

/// The server tree as the user sees it: the style's icons for what each node's IconRole
/// says, a context menu on any node, and the nodes of new servers expanded.
class ServerTreeView : public QTreeView
{
    Q_OBJECT
public:
    explicit ServerTreeView(ServerTreeModel *model, QWidget *parent = nullptr);

    /// The menu a right click on a node opens (that node made current first).
    void setContextMenu(QMenu *menu) { m_menu = menu; }
    QMenu *contextMenu() const { return m_menu; }

private:
    QMenu *m_menu = nullptr;
};
