// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/session_table_view.h"

#include "sessions/session_cell_delegate.h"

#include <QAccessible>
#include <QHeaderView>
#include <QPaintEvent>
#include <QPainter>

#include <algorithm>

SessionTableView::SessionTableView(QWidget *parent)
    : QTableView(parent)
{
    setItemDelegate(new SessionCellDelegate(this));
    setWordWrap(false); // one line a session: the query's first line, the rest in the details
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setGridStyle(Qt::NoPen); // drawn by paintEvent()
}

void SessionTableView::paintEvent(QPaintEvent *event)
{
    // Before this, the viewport's part to paint is filled with its background (its
    // palette's base): when that is one opaque colour, the cells are told it.
    auto *cells = qobject_cast<SessionCellDelegate *>(itemDelegate());
    const QWidget *port = viewport();
    const QBrush ground = port->palette().brush(port->backgroundRole());
    if (cells && port->autoFillBackground() && !port->testAttribute(Qt::WA_OpaquePaintEvent) && !port->testAttribute(Qt::WA_NoSystemBackground)
        && !port->testAttribute(Qt::WA_StyledBackground) && ground.style() == Qt::SolidPattern && ground.isOpaque())
        cells->setGround(port, ground.color().rgb());
    QTableView::paintEvent(event);
    if (cells)
        cells->clearGround();
    if (!showGrid())
        return;
    // Where QTableView draws its grid, for each rectangle of the paint's region: a line at
    // the bottom of each row and at the trailing edge of each column within it, as far as
    // the rows and columns reach. (Cells stop a pixel short of their lines: they do not
    // overlap, and the order of drawing does not matter.)
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    const QColor colour = QColor::fromRgba(QRgb(style()->styleHint(QStyle::SH_Table_GridLineColor, &option, this)));
    const QHeaderView *rows = verticalHeader(), *columns = horizontalHeader();
    if (rows->count() == 0 || columns->count() == 0)
        return;
    const bool rightToLeft = isRightToLeft();
    const int rowsEnd = rows->length() - rows->offset() - 1;
    const int columnsEnd = columns->length() - columns->offset() - (rightToLeft ? 0 : 1);
    const bool leadingLines = style()->styleHint(QStyle::SH_Table_AlwaysDrawLeftTopGridLines, &option, this);
    QPainter painter(viewport());
    for (QRect area : event->region()) {
        area.setBottom(std::min(area.bottom(), rowsEnd));
        if (rightToLeft)
            area.setLeft(std::max(area.left(), viewport()->width() - columnsEnd));
        else
            area.setRight(std::min(area.right(), columnsEnd));
        if (!area.isValid())
            continue;
        int first = columns->visualIndexAt(area.left()), last = columns->visualIndexAt(area.right());
        if (rightToLeft)
            std::swap(first, last);
        first = first < 0 ? 0 : first;
        last = last < 0 ? columns->count() - 1 : last;
        const int top = rows->visualIndexAt(area.top());
        int bottom = rows->visualIndexAt(area.bottom());
        bottom = bottom < 0 ? rows->count() - 1 : bottom;
        if (top < 0 || top > bottom)
            continue;
        for (int visual = top; visual <= bottom; ++visual) {
            const int row = rows->logicalIndex(visual);
            if (!rows->isSectionHidden(row))
                painter.fillRect(QRect(area.left(), rowViewportPosition(row) + rowHeight(row) - 1, area.width(), 1), colour);
        }
        for (int visual = first; visual <= last; ++visual) {
            const int column = columns->logicalIndex(visual);
            if (columns->isSectionHidden(column))
                continue;
            const int x = columnViewportPosition(column) + (rightToLeft ? 0 : columnWidth(column) - 1);
            painter.fillRect(QRect(x, area.top(), 1, area.height()), colour);
        }
        if (leadingLines) {
            // A style that draws the first row's top and the first column's leading edge
            // when the headers that would mark them are hidden: as QTableView draws them.
            painter.setPen(QPen(colour, 1));
            const int row = rows->logicalIndex(top);
            if (columns->isHidden() && !rows->isSectionHidden(row) && rowViewportPosition(row) == area.top())
                painter.drawLine(area.left(), area.top(), area.right(), area.top());
            const int column = columns->logicalIndex(first);
            if (rows->isHidden() && !columns->isSectionHidden(column)) {
                const int x = columnViewportPosition(column) + (rightToLeft ? columnWidth(column) - 1 : 0);
                if (x == (rightToLeft ? area.right() : area.left()))
                    painter.drawLine(x, area.top(), x, area.bottom());
            }
        }
    }
}

void SessionTableView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    // One cell, or anything unusual: Qt's own handling (which repaints just that cell).
    if (topLeft == bottomRight || !topLeft.isValid() || !bottomRight.isValid() || topLeft.parent().isValid()
        || indexWidget(topLeft) || indexWidget(bottomRight)) {
        QTableView::dataChanged(topLeft, bottomRight, roles);
        return;
    }
    if (isVisible()) {
        // The rows of a range are consecutive on screen (rows are never moved here);
        // columns may have been moved by the user, so each is placed on its own.
        const QRect area = viewport()->rect();
        const int top = rowViewportPosition(topLeft.row());
        const int bottom = rowViewportPosition(bottomRight.row()) + rowHeight(bottomRight.row());
        if (bottom >= area.top() && top <= area.bottom()) {
            for (int column = topLeft.column(); column <= bottomRight.column(); ++column) {
                if (isColumnHidden(column))
                    continue;
                const QRect cells = QRect(columnViewportPosition(column), top, columnWidth(column), bottom - top) & area;
                if (!cells.isEmpty())
                    viewport()->update(cells);
            }
        }
    }
#if QT_CONFIG(accessibility)
    // What the base class would have told assistive technology.
    if (QAccessible::isActive()) {
        QAccessibleTableModelChangeEvent event(this, QAccessibleTableModelChangeEvent::DataChanged);
        event.setFirstRow(topLeft.row());
        event.setFirstColumn(topLeft.column());
        event.setLastRow(bottomRight.row());
        event.setLastColumn(bottomRight.column());
        QAccessible::updateAccessibility(&event);
    }
#endif
}
