// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class ActionLogModel;
class QTreeView;

/// The log pane: every action with its outcomes (the newest in view and expanded), where
/// the journal is, and Copy / Export of the log.
class LogPane : public QWidget
{
    Q_OBJECT
public:
    LogPane(ActionLogModel *log, const QString &journalPath, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }

private:
    void exportLog();

    ActionLogModel *m_log;
    QTreeView *m_view;
};
