// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "dialogs/confirm_dialog.h"

#include <QObject>

#include <functional>
#include <vector>

class QAction;
class QTreeView;
class QWidget;
class ServerRegistry;
class SessionModel;
class SessionsPanel;

/// What the user does to sessions: Terminate, Cancel query, Kill all connections of a
/// database, Copy rows and Export CSV, each an action with its key, and the flows behind
/// them: capture the targets, confirm, submit to the server's worker.
class SessionActions : public QObject
{
    Q_OBJECT
public:
    /// @p tree: whose current node names the database for Kill all; @p window: the dialogs' parent.
    SessionActions(ServerRegistry *registry, SessionModel *model, SessionsPanel *panel, QTreeView *tree, QWidget *window);

    QAction *terminate() const { return m_terminate; }
    QAction *cancel() const { return m_cancel; }
    QAction *killAll() const { return m_killAll; }
    QAction *killServer() const { return m_killServer; }
    QAction *resetFromTemplate() const { return m_reset; }
    QAction *copy() const { return m_copy; }
    QAction *allowConnections() const { return m_allow; }
    QAction *blockConnections() const { return m_block; }
    QAction *exportCsv() const { return m_export; }

    /// Called with each confirmation dialog before it is shown (for tests and automation).
    void setConfirmHook(std::function<void(ConfirmDialog *)> hook) { m_confirmHook = std::move(hook); }
    /// For sessions of several servers: one dialog with a part per server.
    void setServersConfirmHook(std::function<void(class ServersConfirmDialog *)> hook) { m_serversConfirmHook = std::move(hook); }
    /// What Kill all does on a pooler's database node (PoolerActions::runKillAll).
    void setPoolerKillAll(std::function<void()> run) { m_poolerKillAll = std::move(run); }
    /// Enables what the selection and the tree's current node allow.
    void updateEnabled();

Q_SIGNALS:
    /// Something to say in the status bar.
    void message(const QString &text, int timeoutMs);

private:
    void confirmAndRun(ActionRequest::Kind kind);
    void runKillAll();
    void runKillServer();
    void runReset();
    /// Allow or block new connections to the database of the tree's current node.
    void runSetConnections(ActionRequest::Kind kind);
    /// The confirmation's context for the database of the tree's current node.
    bool databaseContext(ActionRequest::Kind kind, ConfirmDialog::Context &context, int &server) const;
    void copyRows();
    void writeCsv();
    std::vector<Session> selectedSessions() const;
    ConfirmDialog::Context confirmationFor(int server, ActionRequest::Kind kind) const;
    bool runDialog(ConfirmDialog &dialog);

    ServerRegistry *m_registry;
    SessionModel *m_model;
    SessionsPanel *m_panel;
    QTreeView *m_tree;
    QWidget *m_window;
    QAction *m_terminate;
    QAction *m_cancel;
    QAction *m_killAll;
    QAction *m_killServer;
    QAction *m_reset;
    QAction *m_copy;
    QAction *m_export;
    QAction *m_allow;
    QAction *m_block;
    std::function<void(ConfirmDialog *)> m_confirmHook;
    std::function<void(class ServersConfirmDialog *)> m_serversConfirmHook;
    std::function<void()> m_poolerKillAll;
};
