// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTableView>

/// The sessions table. A poll changes the age columns of every row and little else; Qt
/// 6.4's views repaint the whole viewport for any change of more than one cell, so every
/// poll re-laid out the text of every visible cell. This view repaints only the cells a
/// change covers.
class SessionTableView : public QTableView
{
    Q_OBJECT
public:
    explicit SessionTableView(QWidget *parent = nullptr);
    /// Lays out rows and scroll bars now rather than at the next turn of the event loop.
    void layOutNow() { executeDelayedItemsLayout(); }

protected:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles = QList<int>()) override;
};
