// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTableView>

/// The sessions table. A poll changes the age columns of every row and little else; Qt
/// 6.4's views repaint the whole viewport for any change of more than one cell, so every
/// poll re-laid out the text of every visible cell. This view repaints only the cells a
/// change covers.
///
/// It draws the grid itself, as filled one-pixel rectangles where QTableView draws its
/// lines, the same pixels: QTableView strokes each line pixel by pixel through the paint's
/// region, a quarter of the table's repaint at every poll. (QTableView's own grid pen is
/// Qt::NoPen here, and gridStyle() stays so: the grid is solid. showGrid() is left on, so
/// each cell keeps its place beside its line. Spans and drag and drop, which this table
/// does not use, would need QTableView's own grid.)
class SessionTableView : public QTableView
{
    Q_OBJECT
public:
    explicit SessionTableView(QWidget *parent = nullptr);
    /// Lays out rows and scroll bars now rather than at the next turn of the event loop.
    void layOutNow() { executeDelayedItemsLayout(); }

protected:
    void paintEvent(QPaintEvent *event) override;
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles = QList<int>()) override;
};
