// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/session.h"

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QMenu;
class QTableView;
class ServerRegistry;
class SessionFilterModel;
class SessionModel;
class DatabaseBanner;
class StaleBanner;

/// The middle of the window: the filter bar (text, hide idle, hide background, only
/// blocked or blocking), the banner of servers that do not answer, and the sessions table
/// over the filter model. It tells which session the user moved to; moves that a poll, a
/// filter or a sort cause are not the user's and are not told.
class SessionsPanel : public QWidget
{
    Q_OBJECT
public:
    SessionsPanel(SessionModel *model, ServerRegistry *registry, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    SessionFilterModel *proxy() const { return m_proxy; }
    QLineEdit *filterEdit() const { return m_filter; }
    QCheckBox *hideIdleBox() const { return m_hideIdle; }
    QCheckBox *hideBackgroundBox() const { return m_hideBackground; }
    StaleBanner *banner() const { return m_banner; }
    DatabaseBanner *databaseBanner() const { return m_databaseBanner; }

    /// Shows one server, one of its databases, or everything (server 0).
    void setScope(int server, const QString &database);
    /// The right-click menu of a row.
    void setContextMenu(QMenu *menu) { m_contextMenu = menu; }
    /// Selects and shows the session @p pid of @p server, if it is shown.
    bool selectPid(int server, int pid);

Q_SIGNALS:
    /// The user made another session the current one (a default key: none).
    void currentSessionChanged(const SessionKey &key);
    void selectionChanged();

private:
    template<typename F>
    void holdCurrent(F change)
    {
        const bool held = m_holdCurrent;
        m_holdCurrent = true;
        change();
        m_holdCurrent = held;
    }
    void onCurrentChanged();

    SessionModel *m_model;
    SessionFilterModel *m_proxy;
    QLineEdit *m_filter;
    QCheckBox *m_hideIdle;
    QCheckBox *m_hideBackground;
    QCheckBox *m_onlyLocks;
    StaleBanner *m_banner;
    DatabaseBanner *m_databaseBanner;
    QTableView *m_view;
    QMenu *m_contextMenu = nullptr;
    bool m_holdCurrent = false; // while filters, sorting or polls move the current row
};
