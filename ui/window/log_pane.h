// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class ActionLogModel;
class QTreeView;
class ServerRegistry;

/// The log pane: every action with its outcomes (the newest in view and expanded), where
/// the journal is, and Copy / Export of the log. A queued action can be cancelled from its
/// row (context menu, or Delete) until it starts.
class LogPane : public QWidget
{
    Q_OBJECT
public:
    LogPane(ActionLogModel *log, ServerRegistry *registry, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }

private:
    void exportLog();
    void cancelCurrent();

    ActionLogModel *m_log;
    ServerRegistry *m_registry;
    QTreeView *m_view;
};
