// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/session_filter_model.h"

#include "models/session_model.h"

#include <algorithm>
#include <climits>
#include <iterator>

struct SessionFilterModel::Entry {
    enum Kind : quint8 { Number, Text, Null };
    int source = -1;
    SessionKey key; ///< whose row: the source's rows move under a change, the key does not
    Kind kind = Null;
    qint64 number = 0;
    QString text; ///< case-folded: the order does not depend on case
};

/// What the source did between the start of a change and its end, in the terms the merge
/// needs; anything it cannot follow (rows moved, inserted in the middle, removed after
/// rows changed) makes the change a full rebuild.
class SessionFilterModel::Change
{
public:
    bool full = false;
    bool endsWithSourceSignal = false; ///< begun by a single source signal, not a poll
    int server = 0; ///< a poll's server: only its rows can change (0: any row)
    int rowsBefore = 0;
    std::vector<char> removed; ///< by source row before the change
    int lowestRemoved = INT_MAX;
    std::vector<char> dirty; ///< by source row after the removals: sort key or filter may differ
    bool anyDirty = false;
    int insertedFrom = -1;
    /// Cells the source reported changed, passed on when the rows shown stay the same.
    struct Cells {
        int first, last, firstColumn, lastColumn;
        QList<int> roles;
        bool beforeRemovals;
    };
    std::vector<Cells> cells;

    void markDirty(int first, int last)
    {
        if (size_t(last) >= dirty.size())
            dirty.resize(size_t(last) + 1, 0);
        std::fill(dirty.begin() + first, dirty.begin() + last + 1, 1);
        anyDirty = true;
    }
};

SessionFilterModel::SessionFilterModel(QObject *parent)
    : QAbstractProxyModel(parent)
{
}

SessionFilterModel::~SessionFilterModel() = default;

void SessionFilterModel::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_change.reset();
    QAbstractProxyModel::setSourceModel(source);
    m_source = qobject_cast<const SessionModel *>(source);
    if (m_source) {
        auto *s = const_cast<SessionModel *>(m_source);
        // Gone first (a window tears down its models before their views): nothing left to map.
        m_connections << connect(s, &QObject::destroyed, this, [this] {
            beginResetModel();
            m_change.reset();
            m_source = nullptr;
            m_entries.clear();
            m_proxyRowOf.clear();
            endResetModel();
        });
        m_connections << connect(s, &SessionModel::changesAboutToStart, this,
                                 [this](int server) {
                                     begin(false);
                                     m_change->server = server;
                                 })
                      << connect(s, &SessionModel::changesFinished, this, [this] {
                             if (m_change)
                                 end();
                         })
                      << connect(s, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                                 [this](const QModelIndex &, int first, int last) {
                                     if (!m_change) {
                                         begin(true);
                                         m_change->endsWithSourceSignal = true;
                                         return;
                                     }
                                     Change &c = *m_change;
                                     // Runs come from the bottom up, in the numbering before the change,
                                     // and before any row is reported changed or added.
                                     if (c.full || last >= c.lowestRemoved || c.anyDirty || c.insertedFrom >= 0 || last >= c.rowsBefore) {
                                         c.full = true;
                                         return;
                                     }
                                     std::fill(c.removed.begin() + first, c.removed.begin() + last + 1, 1);
                                     c.lowestRemoved = first;
                                 })
                      << connect(s, &QAbstractItemModel::rowsAboutToBeInserted, this,
                                 [this](const QModelIndex &, int first, int) {
                                     if (!m_change) {
                                         begin(true);
                                         m_change->endsWithSourceSignal = true;
                                         return;
                                     }
                                     // Only rows appended at the end are followed.
                                     if (first != m_source->rowCount() || m_change->insertedFrom >= 0)
                                         m_change->full = true;
                                     else
                                         m_change->insertedFrom = first;
                                 })
                      << connect(s, &QAbstractItemModel::layoutAboutToBeChanged, this, [this] {
                             if (m_change) {
                                 m_change->full = true;
                             } else {
                                 begin(true);
                                 m_change->endsWithSourceSignal = true;
                             }
                         })
                      << connect(s, &QAbstractItemModel::rowsAboutToBeMoved, this, [this] {
                             if (m_change) {
                                 m_change->full = true;
                             } else {
                                 begin(true);
                                 m_change->endsWithSourceSignal = true;
                             }
                         });
        const auto endSingle = [this] {
            if (m_change && m_change->endsWithSourceSignal)
                end();
        };
        m_connections << connect(s, &QAbstractItemModel::rowsRemoved, this, endSingle)
                      << connect(s, &QAbstractItemModel::rowsInserted, this, endSingle)
                      << connect(s, &QAbstractItemModel::layoutChanged, this, endSingle)
                      << connect(s, &QAbstractItemModel::rowsMoved, this, endSingle)
                      << connect(s, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
                             m_change.reset();
                             beginResetModel();
                         })
                      << connect(s, &QAbstractItemModel::modelReset, this, [this] {
                             m_entries = rebuilt(m_source->rowCount());
                             indexSourceRows(m_source->rowCount());
                             endResetModel();
                         })
                      << connect(s, &QAbstractItemModel::dataChanged, this, &SessionFilterModel::sourceDataChanged)
                      << connect(s, &QAbstractItemModel::headerDataChanged, this, [this](Qt::Orientation o, int first, int last) {
                             if (o == Qt::Horizontal)
                                 emit headerDataChanged(o, first, last);
                         });
        m_entries = rebuilt(m_source->rowCount());
        indexSourceRows(m_source->rowCount());
    } else {
        m_entries.clear();
        m_proxyRowOf.clear();
    }
    endResetModel();
}

// --- the filters ------------------------------------------------------------------

void SessionFilterModel::setScope(int server, const QString &database, const QList<int> &servers)
{
    begin(true);
    m_server = server;
    m_servers = server ? QSet<int>() : QSet<int>(servers.begin(), servers.end());
    m_database = database;
    end();
}

void SessionFilterModel::setText(const QString &text)
{
    begin(true);
    m_text = text.trimmed();
    end();
}

void SessionFilterModel::setHideIdle(bool on)
{
    begin(true);
    m_hideIdle = on;
    end();
}

void SessionFilterModel::setHideBackground(bool on)
{
    begin(true);
    m_hideBackground = on;
    end();
}

void SessionFilterModel::setOnlyBlockedOrBlocking(bool on)
{
    begin(true);
    m_onlyLocks = on;
    end();
}

void SessionFilterModel::refilter()
{
    begin(true);
    end();
}

void SessionFilterModel::sort(int column, Qt::SortOrder order)
{
    begin(true);
    m_sortColumn = column;
    m_order = order;
    end();
}

bool SessionFilterModel::filterAcceptsRow(int sourceRow) const
{
    if (!m_source || sourceRow < 0 || sourceRow >= m_source->rowCount())
        return false;
    const Session &s = m_source->session(sourceRow);
    if (m_server ? s.key.server != m_server : !m_servers.isEmpty() && !m_servers.contains(s.key.server))
        return false;
    if (!m_database.isEmpty() && s.database != m_database)
        return false;
    if (m_hideIdle && s.isIdle())
        return false;
    if (m_hideBackground && !s.isClientBackend())
        return false;
    if (m_onlyLocks && s.blockedBy.isEmpty() && m_source->blocking(s.key.server, s.key.pid).isEmpty())
        return false;
    if (!m_text.isEmpty()) {
        for (int c = 0; c < SessionModel::ColumnCount; ++c) {
            if (c == SessionModel::Server && m_server)
                continue; // not shown for one server: it would match every row
            if (m_source->index(sourceRow, c).data().toString().contains(m_text, Qt::CaseInsensitive))
                return true;
        }
        return s.query.contains(m_text, Qt::CaseInsensitive);
    }
    return true;
}

// --- changes ----------------------------------------------------------------------

void SessionFilterModel::begin(bool full)
{
    // Nothing is said yet: whether the rows shown change is known only at the end.
    if (m_change) {
        m_change->full = m_change->full || full;
        return;
    }
    m_change = std::make_unique<Change>();
    m_change->full = full;
    m_change->rowsBefore = int(m_proxyRowOf.size());
    m_change->removed.assign(m_proxyRowOf.size(), 0);
}

void SessionFilterModel::end()
{
    const std::unique_ptr<Change> change = std::move(m_change);
    const int rows = m_source ? m_source->rowCount() : 0;
    // Where each row before the change is now: removals close up, the rest keeps its order.
    std::vector<int> now(size_t(change->rowsBefore), -1);
    int shift = 0;
    for (int r = 0; r < change->rowsBefore; ++r) {
        if (change->removed[size_t(r)])
            ++shift;
        else
            now[size_t(r)] = r - shift;
    }
    // No row came, went or changed its sort key or filter (ages only moved, as at most
    // polls), and no filter reads what changes without a dirty mark (the text search, only
    // blocked or blocking): the rows shown stay as they are.
    if (!change->full && !change->anyDirty && change->insertedFrom < 0 && shift == 0 && rows == change->rowsBefore && !looksAtEveryRow()) {
        for (const Change::Cells &cells : change->cells)
            passOnCells(cells.first, cells.last, cells.firstColumn, cells.lastColumn, cells.roles, nullptr);
        return;
    }
    std::vector<Entry> next = change->full ? rebuilt(rows) : merged(rows, *change, now);

    bool same = next.size() == m_entries.size();
    for (size_t i = 0; same && i < next.size(); ++i)
        same = next[i].key == m_entries[i].key;
    if (same) {
        // The same sessions in the same places: only their cells changed, and only those
        // are passed on (a view repaints them alone).
        m_entries = std::move(next);
        indexSourceRows(rows);
        for (const Change::Cells &cells : change->cells) {
            passOnCells(cells.first, cells.last, cells.firstColumn, cells.lastColumn, cells.roles,
                        cells.beforeRemovals && shift > 0 ? &now : nullptr);
        }
        return;
    }

    emit layoutChangeComing();
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    // The sessions the persistent indexes (selection, current row) stand on follow them.
    const QModelIndexList from = persistentIndexList();
    std::vector<SessionKey> keys;
    keys.reserve(size_t(from.size()));
    for (const QModelIndex &p : from)
        keys.push_back(p.row() < int(m_entries.size()) ? m_entries[size_t(p.row())].key : SessionKey{});
    m_entries = std::move(next);
    indexSourceRows(rows);
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype i = 0; i < from.size(); ++i) {
        const SessionKey &key = keys[size_t(i)];
        const int source = key.server ? m_source->rowOf(key) : -1;
        const int row = source >= 0 && source < rows ? m_proxyRowOf[size_t(source)] : -1;
        to << (row >= 0 ? createIndex(row, from[i].column()) : QModelIndex());
    }
    changePersistentIndexList(from, to);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

std::vector<SessionFilterModel::Entry> SessionFilterModel::rebuilt(int sourceRows) const
{
    std::vector<Entry> entries;
    for (int r = 0; r < sourceRows; ++r) {
        if (filterAcceptsRow(r))
            entries.push_back(entry(r));
    }
    if (m_sortColumn >= 0)
        std::sort(entries.begin(), entries.end(), [this](const Entry &a, const Entry &b) { return lessThan(a, b); });
    return entries;
}

std::vector<SessionFilterModel::Entry> SessionFilterModel::merged(int sourceRows, const Change &change, const std::vector<int> &now) const
{
    const bool everyRow = looksAtEveryRow();
    const auto ofPoll = [&](int r) { return !change.server || m_source->session(r).key.server == change.server; };
    const auto isDirty = [&](int r) { return size_t(r) < change.dirty.size() && change.dirty[size_t(r)]; };

    // Rows that stay where they are (their key and their filter unchanged), in order.
    std::vector<char> looked(size_t(sourceRows), 0);
    std::vector<Entry> kept;
    kept.reserve(m_entries.size());
    for (const Entry &e : m_entries) {
        const int r = e.source < change.rowsBefore ? now[size_t(e.source)] : -1;
        if (r < 0 || r >= sourceRows || isDirty(r))
            continue;
        looked[size_t(r)] = 1;
        if (everyRow && ofPoll(r) && !filterAcceptsRow(r))
            continue;
        kept.push_back(e);
        kept.back().source = r;
    }

    // Rows new, changed, or (for filters over other rows) any not kept: filtered, sorted.
    std::vector<Entry> added;
    const auto consider = [&](int r) {
        if (looked[size_t(r)])
            return;
        looked[size_t(r)] = 1;
        if (filterAcceptsRow(r))
            added.push_back(entry(r));
    };
    if (everyRow) {
        for (int r = 0; r < sourceRows; ++r) {
            if (ofPoll(r))
                consider(r);
        }
    }
    {
        if (change.anyDirty) {
            for (int r = 0, n = std::min(sourceRows, int(change.dirty.size())); r < n; ++r) {
                if (change.dirty[size_t(r)])
                    consider(r);
            }
        }
        for (int r = change.insertedFrom >= 0 ? change.insertedFrom : sourceRows; r < sourceRows; ++r)
            consider(r);
    }
    const auto less = [this](const Entry &a, const Entry &b) { return lessThan(a, b); };
    std::sort(added.begin(), added.end(), less);

    std::vector<Entry> entries;
    entries.reserve(kept.size() + added.size());
    std::merge(std::make_move_iterator(kept.begin()), std::make_move_iterator(kept.end()), std::make_move_iterator(added.begin()),
               std::make_move_iterator(added.end()), std::back_inserter(entries), less);
    return entries;
}

bool SessionFilterModel::looksAtEveryRow() const
{
    // These filters change without a dirty column (ages in the text, who blocks whom): every
    // row of the polled server is looked at again (of any server when not known).
    return !m_text.isEmpty() || m_onlyLocks;
}

void SessionFilterModel::indexSourceRows(int sourceRows)
{
    m_proxyRowOf.assign(size_t(sourceRows), -1);
    for (size_t i = 0; i < m_entries.size(); ++i)
        m_proxyRowOf[size_t(m_entries[i].source)] = int(i);
}

SessionFilterModel::Entry SessionFilterModel::entry(int sourceRow) const
{
    Entry e;
    e.source = sourceRow;
    e.key = m_source->session(sourceRow).key;
    if (m_sortColumn < 0)
        return e;
    const QVariant v = m_source->data(m_source->index(sourceRow, m_sortColumn), SessionModel::SortRole);
    if (!v.isValid()) {
        e.kind = Entry::Null;
    } else if (v.userType() == QMetaType::QString) {
        e.kind = Entry::Text;
        e.text = v.toString().toCaseFolded();
    } else {
        e.kind = Entry::Number;
        e.number = v.toLongLong();
    }
    return e;
}

bool SessionFilterModel::lessThan(const Entry &a, const Entry &b) const
{
    if (m_sortColumn >= 0) {
        int c = 0;
        if (a.kind == Entry::Null || b.kind == Entry::Null)
            c = int(a.kind == Entry::Null) - int(b.kind == Entry::Null); // no value: last going up
        else if (a.kind == Entry::Number)
            c = a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
        else
            c = a.text.compare(b.text);
        if (c != 0)
            return m_order == Qt::AscendingOrder ? c < 0 : c > 0;
    }
    return a.source < b.source; // ties: the source's order, either way
}

bool SessionFilterModel::touchesOrder(int firstColumn, int lastColumn) const
{
    const auto in = [&](int c) { return c >= firstColumn && c <= lastColumn; };
    return in(m_sortColumn) || in(SessionModel::Database) || in(SessionModel::State) || in(SessionModel::BackendType) ||
           in(SessionModel::BlockedBy);
}

void SessionFilterModel::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || !bottomRight.isValid())
        return;
    const bool ordered = (roles.isEmpty() || roles.contains(Qt::DisplayRole) || roles.contains(SessionModel::SortRole)) &&
                         touchesOrder(topLeft.column(), bottomRight.column());
    if (m_change) {
        Change &c = *m_change;
        if (ordered && !c.full)
            c.markDirty(topLeft.row(), bottomRight.row());
        c.cells.push_back({topLeft.row(), bottomRight.row(), topLeft.column(), bottomRight.column(), roles, c.lowestRemoved == INT_MAX});
        return;
    }
    if (ordered) {
        begin(false);
        m_change->markDirty(topLeft.row(), bottomRight.row());
        m_change->cells.push_back({topLeft.row(), bottomRight.row(), topLeft.column(), bottomRight.column(), roles, false});
        end();
        return;
    }
    passOnCells(topLeft.row(), bottomRight.row(), topLeft.column(), bottomRight.column(), roles, nullptr);
}

void SessionFilterModel::passOnCells(int first, int last, int firstColumn, int lastColumn, const QList<int> &roles,
                                     const std::vector<int> *renumber)
{
    // One signal from the first to the last proxy row the source rows map to.
    int top = INT_MAX, bottom = -1;
    for (int r = first; r <= last; ++r) {
        const int source = !renumber ? r : r < int(renumber->size()) ? (*renumber)[size_t(r)] : -1;
        const int row = source >= 0 && source < int(m_proxyRowOf.size()) ? m_proxyRowOf[size_t(source)] : -1;
        if (row >= 0) {
            top = std::min(top, row);
            bottom = std::max(bottom, row);
        }
    }
    if (bottom >= 0)
        emit dataChanged(index(top, firstColumn), index(bottom, lastColumn), roles);
}

// --- the model --------------------------------------------------------------------

QModelIndex SessionFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex SessionFilterModel::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex SessionFilterModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int SessionFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int SessionFilterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_source ? 0 : m_source->columnCount();
}

bool SessionFilterModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_entries.empty();
}

QModelIndex SessionFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_source || !proxyIndex.isValid() || proxyIndex.model() != this || proxyIndex.row() >= int(m_entries.size()))
        return {};
    const int source = m_entries[size_t(proxyIndex.row())].source;
    return source < m_source->rowCount() ? m_source->index(source, proxyIndex.column()) : QModelIndex();
}

void SessionFilterModel::multiData(const QModelIndex &index, QModelRoleDataSpan roleDataSpan) const
{
    const QModelIndex source = mapToSource(index);
    if (!source.isValid()) {
        for (QModelRoleData &roleData : roleDataSpan)
            roleData.clearData();
        return;
    }
    m_source->multiData(source, roleDataSpan);
}

QModelIndex SessionFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    // Mid-change the mapping is the one before it: nothing maps until the change ends.
    if (m_change || !sourceIndex.isValid() || sourceIndex.model() != m_source || sourceIndex.row() >= int(m_proxyRowOf.size()))
        return {};
    const int row = m_proxyRowOf[size_t(sourceIndex.row())];
    return row >= 0 ? createIndex(row, sourceIndex.column()) : QModelIndex();
}
