// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/session.h"

#include <QPersistentModelIndex>
#include <QWidget>

class BlockingModel;
class BlockingView;
class QCheckBox;
class QLabel;
class QTabWidget;
class QLineEdit;
class QMenu;
class QTableView;
class ServerRegistry;
class SessionFilterModel;
class SessionModel;
class DatabaseBanner;
class HistoryPanel;
class PoolerPanel;
class QStackedWidget;
class StaleBanner;

/// The middle of the window: the banners (databases refusing connections, servers that do
/// not answer) over two views of the sessions, in tabs: the table, with its filter bar
/// (text, hide idle, hide background, only blocked or blocking), and the blocking tree.
/// It tells which session the user moved to; moves that a poll, a filter or a sort cause
/// are not the user's and are not told.
class SessionsPanel : public QWidget
{
    Q_OBJECT
public:
    SessionsPanel(SessionModel *model, BlockingModel *blocking, ServerRegistry *registry, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    SessionFilterModel *proxy() const { return m_proxy; }
    QLineEdit *filterEdit() const { return m_filter; }
    QCheckBox *hideIdleBox() const { return m_hideIdle; }
    QCheckBox *hideBackgroundBox() const { return m_hideBackground; }
    StaleBanner *banner() const { return m_banner; }
    DatabaseBanner *databaseBanner() const { return m_databaseBanner; }
    BlockingView *blockingView() const { return m_blockingView; }
    /// Over the blocking tree when it leaves waiting sessions out, or shows sessions
    /// without all those they hold up (past its bound).
    QLabel *blockingCutShort() const { return m_blockingCut; }
    BlockingModel *blockingModel() const { return m_blocking; }
    QTabWidget *tabs() const { return m_tabs; }
    /// The timeline and its History slider, over the tabs.
    HistoryPanel *historyPanel() const { return m_history; }
    /// What is shown in place of the sessions for a PgBouncer admin console.
    PoolerPanel *poolerPanel() const { return m_pooler; }
    /// Whether the pooler's view is the one shown (the scope is a PgBouncer).
    bool poolerShown() const;
    /// Whether the blocking tree is the view in front (its selection is what actions take).
    bool blockingShown() const;
    void showBlocking(bool shown);

    /// Shows one server, one of its databases, or everything (server 0): every server,
    /// or those of @p servers (a group's) when given.
    void setScope(int server, const QString &database, const QList<int> &servers = {});
    /// The right-click menu of a row (of the table and of the blocking tree).
    void setContextMenu(QMenu *menu);
    /// The menu of the table's columns to show (the header's right-click menu too).
    QMenu *columnsMenu() const { return m_columnsMenu; }
    /// The menu of the column to sort by, and the order.
    QMenu *sortMenu() const { return m_sortMenu; }
    /// Selects and shows the session @p pid of @p server, if it is shown.
    bool selectPid(int server, int pid);

Q_SIGNALS:
    /// The user made another session the current one (a default key: none).
    void currentSessionChanged(const SessionKey &key);
    void selectionChanged();

private:
    /// The servers in scope (every server when empty).
    QList<int> scopeServers() const;
    /// The note over the blocking tree, for the scope's servers and database.
    void updateBlockingCut();
    template<typename F>
    void holdCurrent(F change)
    {
        const bool held = m_holdCurrent;
        m_holdCurrent = true;
        change();
        m_holdCurrent = held;
    }
    void onCurrentChanged();
    void showPoolerIfPooler();

    SessionModel *m_model;
    SessionFilterModel *m_proxy;
    QLineEdit *m_filter;
    QCheckBox *m_hideIdle;
    QCheckBox *m_hideBackground;
    QCheckBox *m_onlyLocks;
    StaleBanner *m_banner;
    DatabaseBanner *m_databaseBanner;
    HistoryPanel *m_history;
    QTableView *m_view;
    BlockingModel *m_blocking;
    BlockingView *m_blockingView;
    QLabel *m_blockingCut;
    QWidget *m_blockingPage; ///< the Blocking tab: the note over the tree, and the tree
    QTabWidget *m_tabs;
    PoolerPanel *m_pooler;
    QStackedWidget *m_stack;
    ServerRegistry *m_registry;
    QMenu *m_contextMenu = nullptr;
    QMenu *m_columnsMenu = nullptr;
    QMenu *m_sortMenu = nullptr;
    bool m_columnsFromHeader = false; ///< the Columns menu is open from the header's right-click
    bool m_holdCurrent = false; // while filters, sorting or polls move the current row
    QPersistentModelIndex m_topRow; // the top visible row, while the proxy's layout changes
    int m_scopeServer = 0;
    QList<int> m_scopeServers; // a group's, with m_scopeServer 0
    QString m_scopeDatabase;
};
