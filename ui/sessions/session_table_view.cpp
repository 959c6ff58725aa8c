// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/session_table_view.h"

#include "sessions/session_cell_delegate.h"

#include <QAccessible>
#include <QHeaderView>

SessionTableView::SessionTableView(QWidget *parent)
    : QTableView(parent)
{
    setItemDelegate(new SessionCellDelegate(this));
    setWordWrap(false); // one line a session: the query's first line, the rest in the details
    setSelectionBehavior(QAbstractItemView::SelectRows);
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
