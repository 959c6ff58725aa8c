// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/blocking_view.h"

#include "sessions/session_cell_delegate.h"

#include "models/blocking_filter_model.h"
#include "models/blocking_model.h"

#include <QHeaderView>
#include <QMenu>
#include <QSet>

#include <algorithm>
#include <utility>

BlockingView::BlockingView(BlockingModel *model, QWidget *parent)
    : QTreeView(parent)
    , m_model(model)
    , m_proxy(new BlockingFilterModel(this))
{
    setObjectName(QStringLiteral("blockingView"));
    setAccessibleName(tr("Blocking"));
    setAccessibleDescription(tr("Root blockers, and under each the sessions waiting for it"));
    m_proxy->setSourceModel(model);
    setModel(m_proxy);
    model->setShown(false); // until shown
    setItemDelegate(new SessionCellDelegate(this)); // ages change at every poll: cheap repaints
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    setContextMenuPolicy(Qt::CustomContextMenu);
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('m'));
    const int widths[BlockingModel::ColumnCount] = {10, 7, 11, 7, 28, 12, 10, 7, 11, 11, 30, 10};
    for (int c = 0; c < BlockingModel::ColumnCount; ++c)
        setColumnWidth(c, em * widths[c]);
    // Whose blocker it is, beside its PID (pids repeat across servers); shown with more
    // than one server in view (see setScope()).
    header()->moveSection(header()->visualIndex(BlockingModel::Server), 1);
    setColumnHidden(BlockingModel::Server, true);
    header()->setStretchLastSection(true);
    connect(this, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (m_menu && indexAt(pos).isValid())
            m_menu->exec(viewport()->mapToGlobal(pos));
    });
    // A chain that appears opens whole; one the user closed stays closed.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &under, int first, int last) {
        for (int r = first; r <= last; ++r)
            expandRecursively(m_proxy->index(r, 0, under));
    });
    connect(selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        if (const Session *s = m_model->session(m_proxy->mapToSource(current)))
            emit currentSessionChanged(s->key);
    });
}

void BlockingView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    // Qt 6.4 repaints the whole viewport for any range of more than one cell; the model
    // signals the changed cells of one row (an age that now reads differently), so each
    // goes on its own and only those cells are repainted.
    if (topLeft == bottomRight || topLeft.row() != bottomRight.row() || topLeft.parent() != bottomRight.parent()) {
        QTreeView::dataChanged(topLeft, bottomRight, roles);
        return;
    }
    for (int column = topLeft.column(); column <= bottomRight.column(); ++column) {
        const QModelIndex cell = topLeft.siblingAtColumn(column);
        QTreeView::dataChanged(cell, cell, roles);
    }
}

void BlockingView::setScope(int server, const QString &database, const QList<int> &servers)
{
    m_proxy->setScope(server, database, servers);
    setColumnHidden(BlockingModel::Server, server != 0);
}

std::vector<Session> BlockingView::selectedSessions() const
{
    std::vector<Session> out;
    for (const Session *s : selectedInOrder()) {
        if (!s->own)
            out.push_back(*s);
    }
    return out;
}

std::vector<const Session *> BlockingView::selectedInOrder() const
{
    // A row's place in the tree: the row numbers from its root down.
    const auto pathOf = [](QModelIndex i) {
        std::vector<int> path;
        for (; i.isValid(); i = i.parent())
            path.push_back(i.row());
        std::reverse(path.begin(), path.end());
        return path;
    };
    std::vector<std::pair<std::vector<int>, const Session *>> rows;
    for (const QModelIndex &i : selectionModel()->selectedRows()) {
        if (const Session *s = m_model->session(m_proxy->mapToSource(i)))
            rows.emplace_back(pathOf(i), s);
    }
    std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<const Session *> out;
    QSet<SessionKey> seen;
    for (const auto &[path, s] : rows) {
        if (!seen.contains(s->key)) {
            seen.insert(s->key);
            out.push_back(s);
        }
    }
    return out;
}

void BlockingView::showEvent(QShowEvent *event)
{
    m_model->setShown(true); // the polls it missed merged before it paints
    QTreeView::showEvent(event);
}

void BlockingView::hideEvent(QHideEvent *event)
{
    QTreeView::hideEvent(event);
    m_model->setShown(false);
}
