// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>

/// What the sessions table shows: one server or one of its databases (from the tree),
/// text over every column, and the toggles hide idle, hide background processes, only
/// blocked or blocking.
class SessionFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit SessionFilterModel(QObject *parent = nullptr);

    void setScope(int server, const QString &database); ///< server 0: every server
    void setText(const QString &text);
    void setHideIdle(bool on);
    void setHideBackground(bool on);
    void setOnlyBlockedOrBlocking(bool on);
    bool onlyBlockedOrBlocking() const { return m_onlyLocks; }
    /// Re-evaluates the filters that depend on other rows (blocking), after a poll.
    void refilter() { invalidateFilter(); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_server = 0;
    QString m_database;
    QString m_text;
    bool m_hideIdle = false;
    bool m_hideBackground = false;
    bool m_onlyLocks = false;
};
