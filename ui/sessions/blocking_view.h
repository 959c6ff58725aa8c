// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/session.h"

#include <QTreeView>

#include <vector>

class BlockingFilterModel;
class BlockingModel;
class QMenu;

/// The blocking tree: root blockers with the sessions waiting on them, the locks they
/// wait for and the modes held. New chains open fully; what the user closed stays closed
/// through polls. Terminate and Cancel work on its selection as on the table's.
class BlockingView : public QTreeView
{
    Q_OBJECT
public:
    explicit BlockingView(BlockingModel *model, QWidget *parent = nullptr);

    BlockingFilterModel *proxy() const { return m_proxy; }
    void setScope(int server, const QString &database, const QList<int> &servers = {});
    /// The sessions selected, each once (a session can appear under several blockers),
    /// but the app's own: what Terminate and Cancel act on.
    std::vector<Session> selectedSessions() const;
    /// The sessions of the selected rows, each once, in the tree's order from the top (the
    /// app's own too: for Copy rows), as the model has them until its next change.
    std::vector<const Session *> selectedInOrder() const;
    void setContextMenu(QMenu *menu) { m_menu = menu; }

protected:
    // While hidden (another tab, a minimized window), the model merges no poll.
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles = QList<int>()) override;

Q_SIGNALS:
    /// The user made another session the current one.
    void currentSessionChanged(const SessionKey &key);

private:
    BlockingModel *m_model;
    BlockingFilterModel *m_proxy;
    QMenu *m_menu = nullptr;
};
