// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "dialogs/confirm_dialog.h"
#include "pg/connection_spec.h"
#include "servers/server_profile.h"
#include "monitor/server_status.h"
#include "monitor/snapshot.h"

#include <QElapsedTimer>
#include <QMainWindow>

#include <functional>
#include <memory>
#include <vector>

class ActionJournal;
class ActionLogModel;
class DetailsPane;
class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QMenu;
class QTimer;
class PasswordDialog;
class PasswordStore;
class ServerListDialog;
class QDoubleSpinBox;
class QTableView;
class QTreeView;
class ServerMonitor;
class ServerTreeModel;
class SessionFilterModel;
class SessionModel;

/// How the window shows and treats a watched server.
struct ServerOptions {
    QString name;            ///< empty: from the connection
    bool production = false; ///< actions need the count or the database name typed
    int intervalMs = 0;      ///< 0: the window's interval
    QString colour;          ///< #rrggbb for the server's node, or empty
};

/// The window a DBA lives in: the server tree, the sessions table with its filters, the
/// details pane and the log pane, and the actions that end sessions.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// @p journal: where actions are recorded (the default journal if null).
    explicit MainWindow(std::shared_ptr<ActionJournal> journal = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Starts watching a server for this run. Returns its id.
    /// @p password: one given for this run (never saved), used from the first attempt.
    int addServer(const ConnectionSpec &spec, const ServerOptions &options = {}, const QString &password = {});
    /// Stops watching a server and takes its rows and node away.
    void removeServer(int serverId);
    /// The saved servers; watched (in their order) when @p watch.
    void setProfiles(const QList<ServerProfile> &profiles, bool watch = true);
    const QList<ServerProfile> &profiles() const { return m_profiles; }
    /// The server watched for a saved profile, or 0.
    int serverOfProfile(const QString &profileId) const;
    /// Opens the saved servers' dialog; on OK saves the list and watches what it holds.
    void manageServers();
    /// Asks for the password of a server that wants one: the keychain first, when the
    /// profile remembers it, else the user.
    void askPassword(int serverId);

    SessionModel *sessionModel() const { return m_model; }
    SessionFilterModel *proxyModel() const { return m_proxy; }
    QTableView *sessionView() const { return m_view; }
    QTreeView *serverTree() const { return m_tree; }
    ServerTreeModel *serverTreeModel() const { return m_treeModel; }
    DetailsPane *detailsPane() const { return m_details; }
    ActionLogModel *logModel() const { return m_log; }
    QLineEdit *filterEdit() const { return m_filter; }
    /// Shown above the table while a server's rows are out of date.
    QLabel *staleBanner() const { return m_staleBanner; }
    PasswordStore *passwordStore() const { return m_passwords; }
    ServerMonitor *monitor(int serverId) const;
    QAction *action(const QString &objectName) const;

    /// The context menu of the sessions table, as right-clicking shows it.
    QMenu *sessionContextMenu() const { return m_sessionMenu; }
    QMenu *databaseContextMenu() const { return m_databaseMenu; }

    /// Called with each confirmation dialog before it is shown (for tests and automation).
    void setConfirmHook(std::function<void(ConfirmDialog *)> hook) { m_confirmHook = std::move(hook); }
    void setServerListHook(std::function<void(ServerListDialog *)> hook) { m_serverListHook = std::move(hook); }
    void setPasswordHook(std::function<void(PasswordDialog *)> hook) { m_passwordHook = std::move(hook); }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildLayout();
    void restoreSettings();
    void saveSettings() const;
    void onStatus(int serverId, const ServerStatus &status);
    void onSnapshot(const SnapshotPtr &snapshot);
    void onTreeSelection();
    void onCurrentSessionChanged();
    void updateActions();
    void confirmAndRun(ActionRequest::Kind kind);
    void killAll();
    void selectPid(int server, int pid);
    void copyRows() const;
    void exportCsv();
    void copyLog() const;
    void exportLog();
    void setPaused(bool paused);
    void refreshNow();
    void setIntervalSeconds(double seconds);
    void updateStatusBar();
    void updateStaleBanner();
    int addProfileServer(const ServerProfile &profile, const QString &password = {});
    /// Puts the tree's server nodes in the order of the watched list: this run's servers,
    /// then the saved ones in their order; keeps expansion and the current node.
    void orderTree();
    void applyProfiles(const QList<ServerProfile> &profiles, const QHash<QString, QString> &passwords);
    void saveProfiles() const;
    const ServerProfile *profile(const QString &id) const;
    void rememberPassword(const QString &profileId, const QString &password);
    QString keychainProblem() const;
    std::vector<Session> selectedSessions() const;
    bool runDialog(ConfirmDialog &dialog);
    template<typename F>
    void holdDetails(F change)
    {
        const bool held = m_holdDetails;
        m_holdDetails = true;
        change();
        m_holdDetails = held;
    }

    std::shared_ptr<ActionJournal> m_journal;
    SessionModel *m_model;
    SessionFilterModel *m_proxy;
    ServerTreeModel *m_treeModel;
    ActionLogModel *m_log;
    QTableView *m_view = nullptr;
    QTreeView *m_tree = nullptr;
    QTreeView *m_logView = nullptr;
    DetailsPane *m_details = nullptr;
    QLineEdit *m_filter = nullptr;
    QCheckBox *m_hideIdle = nullptr;
    QCheckBox *m_hideBackground = nullptr;
    QCheckBox *m_onlyLocks = nullptr;
    QDoubleSpinBox *m_interval = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_staleBanner = nullptr;
    QTimer *m_staleTimer = nullptr;
    PasswordStore *m_passwords = nullptr;
    QMenu *m_sessionMenu = nullptr;
    QMenu *m_databaseMenu = nullptr;
    QAction *m_terminate = nullptr;
    QAction *m_cancel = nullptr;
    QAction *m_killAll = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_copy = nullptr;
    QAction *m_export = nullptr;
    QAction *m_find = nullptr;
    QAction *m_manageServers = nullptr;
    QAction *m_enterPassword = nullptr;
    struct WatchedServer {
        std::unique_ptr<ServerMonitor> monitor;
        ServerOptions options;
        QString profileId;        ///< empty: not saved (command line, demo)
        QElapsedTimer dataAge;    ///< since its last snapshot arrived
        QElapsedTimer statusAge;  ///< since its last status arrived (for the retry countdown)
        bool keychainTried = false;
        bool askingPassword = false;
    };
    const WatchedServer *server(int serverId) const;
    WatchedServer *server(int serverId);
    /// A confirmation of @p kind for @p server: its name, version, mark and privileges.
    static ConfirmDialog::Context confirmationFor(const WatchedServer &server, ActionRequest::Kind kind);

    std::vector<WatchedServer> m_servers;
    std::function<void(ConfirmDialog *)> m_confirmHook;
    std::function<void(ServerListDialog *)> m_serverListHook;
    std::function<void(PasswordDialog *)> m_passwordHook;
    QList<ServerProfile> m_profiles;
    int m_nextServerId = 1;
    bool m_holdDetails = false; // while filters, sorting or polls move the current row
    int m_intervalMs = 2000;
};
