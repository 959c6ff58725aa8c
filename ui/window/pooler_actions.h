// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include <functional>

class PoolerConfirmDialog;
class PoolerPanel;
class QAction;
class QMenu;
class QTreeView;
class QWidget;
class ServerRegistry;

/// What the user does to a PgBouncer: PAUSE, RESUME, DISABLE, ENABLE, RECONNECT and KILL a
/// pooler database (the tree's current node), disconnect one client (KILL_CLIENT, 1.24+),
/// and kill all of a pooler database's connections; each confirmed, then run on the
/// pooler's action thread with its outcomes in the log and the journal.
class PoolerActions : public QObject
{
    Q_OBJECT
public:
    PoolerActions(ServerRegistry *registry, QTreeView *tree, PoolerPanel *panel, QWidget *window);

    /// The "Pooler" menu (for the tree's node menu and the Sessions menu).
    QMenu *menu() const { return m_menu; }
    QAction *killClient() const { return m_killClient; }
    QAction *action(const QString &command) const;
    /// Kill all connections of the pooler database of the tree's current node.
    void runKillAll();
    void setConfirmHook(std::function<void(PoolerConfirmDialog *)> hook) { m_confirmHook = std::move(hook); }
    void updateEnabled();

Q_SIGNALS:
    void message(const QString &text, int timeoutMs);

private:
    /// @p command: a pooler command, or empty for a kill-all.
    void confirmAndRun(const QString &command);

    ServerRegistry *m_registry;
    QTreeView *m_tree;
    PoolerPanel *m_panel;
    QWidget *m_window;
    QMenu *m_menu;
    QList<QAction *> m_databaseActions;
    QAction *m_killClient;
    std::function<void(PoolerConfirmDialog *)> m_confirmHook;
};
