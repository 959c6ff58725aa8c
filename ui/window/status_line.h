// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

class BlockingModel;
class QAbstractItemModel;
class ServerRegistry;

/// The status bar's line: each server's state in a few words (its whole error is on its
/// node and in the banner), what its role cannot see, and how many sessions are shown.
class StatusLine : public QLabel
{
    Q_OBJECT
public:
    /// @p shown: the model of the sessions table as it is filtered.
    /// @p blocking: for how many sessions wait on others, and the longest wait.
    StatusLine(const ServerRegistry *registry, const QAbstractItemModel *shown, const BlockingModel *blocking, QWidget *parent = nullptr);

    void refresh();

private:
    const ServerRegistry *m_registry;
    const QAbstractItemModel *m_shown;
    const BlockingModel *m_blocking;
};
