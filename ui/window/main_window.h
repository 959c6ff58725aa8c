// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/session.h"

#include <QMainWindow>

#include <functional>
#include <memory>

class ActionJournal;
class ActionLogModel;
class BlockingModel;
class PoolerActions;
class RuleActions;
class ConfirmDialog;
class DetailsPane;
class PasswordDialog;
class QAction;
class QDoubleSpinBox;
class QLineEdit;
class QMenu;
class QTableView;
class QTreeView;
class ServerListDialog;
class ServerRegistry;
class ServerTreeModel;
class ServerTreeView;
class SessionActions;
class SessionFilterModel;
class SessionModel;
class SessionsPanel;
class StaleBanner;
struct PasswordRequest;

/// The window a DBA lives in: the server tree, the sessions table with its filters, the
/// details pane and the log pane, and the actions that end sessions. Layout and wiring
/// only: the servers are the registry's, the flows of the actions SessionActions'.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// @p journal: where actions are recorded (the default journal if null).
    explicit MainWindow(std::shared_ptr<ActionJournal> journal = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    ServerRegistry *registry() const { return m_registry; }
    SessionModel *sessionModel() const { return m_model; }
    SessionFilterModel *proxyModel() const;
    QTableView *sessionView() const;
    QTreeView *serverTree() const;
    ServerTreeModel *serverTreeModel() const { return m_treeModel; }
    DetailsPane *detailsPane() const { return m_details; }
    ActionLogModel *logModel() const { return m_log; }
    BlockingModel *blockingModel() const { return m_blocking; }
    PoolerActions *poolerActions() const { return m_poolerActions; }
    RuleActions *ruleActions() const { return m_ruleActions; }
    SessionsPanel *sessionsPanel() const { return m_panel; }
    QLineEdit *filterEdit() const;
    /// Shown above the table while a server's rows are out of date.
    StaleBanner *staleBanner() const;
    QAction *action(const QString &objectName) const;
    /// The context menus of a session row and of a tree node, as right-clicking shows them.
    QMenu *sessionContextMenu() const { return m_sessionMenu; }
    QMenu *databaseContextMenu() const { return m_nodeMenu; }

    /// Opens the saved servers' dialog; on OK saves the list and watches what it holds.
    void manageServers();

    /// Called with each dialog before it is shown (for tests and automation).
    void setConfirmHook(std::function<void(ConfirmDialog *)> hook);
    void setServersConfirmHook(std::function<void(class ServersConfirmDialog *)> hook);
    void setServerListHook(std::function<void(ServerListDialog *)> hook) { m_serverListHook = std::move(hook); }
    void setPasswordHook(std::function<void(PasswordDialog *)> hook) { m_passwordHook = std::move(hook); }
    /// Called with Move to group's and Rename group's dialog before it runs (tests).
    void setInputHook(std::function<void(class QInputDialog *)> hook) { m_inputHook = std::move(hook); }
    /// Called with a question (a rename into a group that exists, here or in the Servers
    /// dialog) before it runs (tests).
    void setQuestionHook(std::function<void(class QMessageBox *)> hook) { m_questionHook = std::move(hook); }
    void moveToGroup();
    void renameGroup();
    /// Runs @p change (a server moved between groups) keeping the tree's current node.
    void keepingTreeNode(const std::function<void()> &change);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildLayout();
    /// The linked pooler's client a backend serves, for the details pane.
    QString poolerClientOf(const SessionKey &key) const;
    void restoreSettings();
    void saveSettings() const;
    void askPassword(const PasswordRequest &request);
    void onTreeNodeChanged();
    void setPaused(bool paused);

    ServerRegistry *m_registry;
    SessionModel *m_model;
    ServerTreeModel *m_treeModel;
    ActionLogModel *m_log;
    BlockingModel *m_blocking;
    SessionsPanel *m_panel = nullptr;
    ServerTreeView *m_tree = nullptr;
    bool m_handingOver = false; ///< the current node went: the table follows when its rows have
    DetailsPane *m_details = nullptr;
    SessionActions *m_actions = nullptr;
    PoolerActions *m_poolerActions = nullptr;
    RuleActions *m_ruleActions = nullptr;
    QDoubleSpinBox *m_interval = nullptr;
    QMenu *m_sessionMenu = nullptr;
    QMenu *m_nodeMenu = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_find = nullptr;
    QAction *m_showBlocking = nullptr;
    QAction *m_manageServers = nullptr;
    QAction *m_moveToGroup = nullptr;
    QAction *m_renameGroup = nullptr;
    std::function<void(class QInputDialog *)> m_inputHook;
    std::function<void(class QMessageBox *)> m_questionHook;
    QAction *m_enterPassword = nullptr;
    std::function<void(ServerListDialog *)> m_serverListHook;
    std::function<void(PasswordDialog *)> m_passwordHook;
};
