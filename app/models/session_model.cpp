// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/session_model.h"

#include "models/formatter.h"
#include "servers/server_registry.h"

#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

#include <algorithm>
#include <array>

namespace {

using Mask = quint32;
constexpr Mask bit(int column) { return Mask(1) << column; }
constexpr int kAges[] = {SessionModel::StateDuration, SessionModel::TransactionAge, SessionModel::QueryAge};
constexpr Mask kAgeColumns = bit(SessionModel::StateDuration) | bit(SessionModel::TransactionAge) | bit(SessionModel::QueryAge);

// The columns whose text differs between two polls of the same backend.
Mask changedColumns(const Session &a, const Session &b)
{
    Mask m = 0;
    if (a.database != b.database)
        m |= bit(SessionModel::Database);
    if (a.user != b.user)
        m |= bit(SessionModel::User);
    if (a.application != b.application)
        m |= bit(SessionModel::Application);
    if (a.clientAddress != b.clientAddress || a.clientHostname != b.clientHostname || a.clientPort != b.clientPort)
        m |= bit(SessionModel::Client);
    if (a.backendType != b.backendType)
        m |= bit(SessionModel::BackendType);
    if (a.state != b.state)
        m |= bit(SessionModel::State);
    if (a.waitEventType != b.waitEventType || a.waitEvent != b.waitEvent)
        m |= bit(SessionModel::WaitEvent);
    if (a.blockedBy != b.blockedBy)
        m |= bit(SessionModel::BlockedBy);
    if (a.stateChange != b.stateChange)
        m |= bit(SessionModel::StateDuration);
    if (a.xactStart != b.xactStart)
        m |= bit(SessionModel::TransactionAge);
    if (a.queryStart != b.queryStart)
        m |= bit(SessionModel::QueryAge);
    if (a.query != b.query)
        m |= bit(SessionModel::Query);
    if (a.own != b.own)
        m |= ~Mask(0) >> (32 - SessionModel::ColumnCount);
    return m;
}

QString firstLine(const QString &query)
{
    const QString trimmed = query.trimmed();
    const int end = trimmed.indexOf(QLatin1Char('\n'));
    return end < 0 ? trimmed : trimmed.left(end).trimmed() + QStringLiteral(" …");
}

// Asks for a session's memory ahead of reading it. A poll's sessions, and so the rows',
// lie each in a block of its own (shared between polls), scattered over the heap: a walk
// over tens of thousands of them otherwise waits on memory at every one.
void prefetch(const Session &s, size_t bytes = sizeof(Session))
{
#if defined(__GNUC__)
    const char *p = reinterpret_cast<const char *>(&s);
    for (size_t at = 0; at < bytes; at += 64)
        __builtin_prefetch(p + at);
#else
    Q_UNUSED(s);
    Q_UNUSED(bytes);
#endif
}
// How far ahead a walk asks for sessions (enough to cover a wait on memory).
constexpr size_t kAhead = 8;

// When the time an age column counts from began (kNoTime: none).
qint64 startOf(const Session &s, int column)
{
    return column == SessionModel::StateDuration ? s.stateChange : column == SessionModel::TransactionAge ? s.xactStart : s.queryStart;
}

// An age's colour: 0 none, 1 the warning's, 2 the critical one's.
int ageBand(qint64 age, qint64 warnMicros, qint64 criticalMicros)
{
    return age >= criticalMicros ? 2 : age >= warnMicros ? 1 : 0;
}

} // namespace

SessionModel::SessionModel(const ServerRegistry *registry, QObject *parent)
    : QAbstractTableModel(parent)
{
    if (!registry)
        return;
    connect(registry, &ServerRegistry::displayed, this, [this](const SnapshotPtr &snapshot) { applySnapshot(*snapshot); });
    connect(registry, &ServerRegistry::staleChanged, this, &SessionModel::setServerStale);
    connect(registry, &ServerRegistry::serverRemoved, this, [this](int id) {
        removeServer(id);
        m_servers.remove(id);
    });
    // The Server column: names and colours as the registry has them.
    const auto look = [this, registry](int id) {
        const ServerOptions o = registry->options(id);
        m_servers.insert(id, {o.name, QColor(o.colour)});
        if (!m_rows.empty())
            emit dataChanged(index(0, Server), index(rowCount() - 1, Server));
    };
    connect(registry, &ServerRegistry::serverAdded, this, look);
    connect(registry, &ServerRegistry::serverChanged, this, look);
    for (const int id : registry->servers())
        look(id);
}

int SessionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size() - m_gone.size());
}

size_t SessionModel::slotOf(int row) const
{
    if (m_gone.empty())
        return size_t(row);
    // m_gone holds slots in descending order; in ascending order A, row r lives at
    // r + i where i is the first index with A[i] - i > r.
    const int m = int(m_gone.size());
    int lo = 0, hi = m;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        const int slot = m_gone[size_t(m - 1 - mid)];
        if (slot - mid > row)
            hi = mid;
        else
            lo = mid + 1;
    }
    return size_t(row + lo);
}

int SessionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 SessionModel::age(const Session &s, qint64 since) const
{
    const qint64 now = m_serverTime.value(s.key.server, kNoTime);
    if (since == kNoTime || now == kNoTime)
        return kNoTime;
    return now - since;
}

QString SessionModel::serverName(int server) const
{
    const auto it = m_servers.constFind(server);
    return it != m_servers.constEnd() ? it->name : tr("server %1").arg(server);
}

QVariant SessionModel::displayText(const Session &s, int column) const
{
    switch (column) {
    case Pid:
        return s.key.pid;
    case Database:
        return format::visible(s.database);
    case User:
        return format::visible(s.user);
    case Application:
        return format::visible(s.application);
    case Client:
        return format::client(s);
    case BackendType:
        return s.backendType;
    case State:
        if (m_ended.contains(s.key))
            return tr("%1 (ended since)").arg(s.state);
        return s.isHidden() ? tr("hidden") : s.state;
    case WaitEvent:
        return s.waitEventType.isEmpty() ? s.waitEvent : s.waitEventType + QStringLiteral(": ") + s.waitEvent;
    case BlockedBy: {
        QStringList pids;
        pids.reserve(s.blockedBy.size());
        for (int pid : s.blockedBy)
            pids.append(QString::number(pid));
        return pids.join(QStringLiteral(", "));
    }
    case StateDuration:
        return format::duration(age(s, s.stateChange));
    case TransactionAge:
        return format::duration(age(s, s.xactStart));
    case QueryAge:
        return format::duration(age(s, s.queryStart));
    case BackendStart:
        return format::timestamp(s.key.backendStart);
    case Query:
        return s.isHidden() ? tr("hidden: another role's session (needs pg_read_all_stats)") : format::visible(firstLine(s.query));
    case Server:
        return serverName(s.key.server);
    default:
        return {};
    }
}

QVariant SessionModel::sortValue(const Session &s, int column) const
{
    switch (column) {
    case Pid:
        return s.key.pid;
    case BlockedBy:
        return s.blockedBy.isEmpty() ? 0 : s.blockedBy.first();
    case StateDuration:
        return age(s, s.stateChange);
    case TransactionAge:
        return age(s, s.xactStart);
    case QueryAge:
        return age(s, s.queryStart);
    case BackendStart:
        return s.key.backendStart;
    default:
        return displayText(s, column);
    }
}

QVariant SessionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return dataOf(at(slotOf(index.row())), index.column(), role);
}

void SessionModel::multiData(const QModelIndex &index, QModelRoleDataSpan roleDataSpan) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        for (QModelRoleData &roleData : roleDataSpan)
            roleData.clearData();
        return;
    }
    const Session &s = at(slotOf(index.row()));
    for (QModelRoleData &roleData : roleDataSpan)
        roleData.setData(dataOf(s, index.column(), roleData.role()));
}

int SessionModel::bandOf(const Session &s, int column) const
{
    if (column != StateDuration && column != TransactionAge && column != QueryAge)
        return 0;
    // An idle session's ages only say how long it has been idle.
    if (column != TransactionAge && s.isIdle())
        return 0;
    const qint64 a = age(s, startOf(s, column));
    return a == kNoTime ? 0 : ageBand(a, m_warnMicros, m_criticalMicros);
}

QVariant SessionModel::dataOf(const Session &s, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        return displayText(s, column);
    case SortRole:
        return sortValue(s, column);
    case Qt::ToolTipRole:
        if (m_ended.contains(s.key) && column != Query)
            return tr("This session has ended since the moment shown.");
        if (s.own)
            return tr("A connection of pgsessions itself: it is never terminated by pgsessions.");
        if (s.isHidden() && (column == Query || column == State))
            return tr("The server hides the query, state and times of other roles' sessions from a role that is neither a "
                      "superuser nor a member of pg_read_all_stats. Ending the session may still be allowed (pg_signal_backend).");
        if (column == Query)
            return s.query;
        return dataOf(s, column, Qt::AccessibleDescriptionRole);
    case Qt::ForegroundRole:
        // Out-of-date rows read as such, in the palette's own disabled colour.
        if (m_stale.contains(s.key.server))
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        if (m_ended.contains(s.key) || (s.isHidden() && (column == Query || column == State)))
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::BackgroundRole: {
        if (m_stale.contains(s.key.server))
            return {};
        // Translucent, so they read on light and dark palettes alike.
        if (column == State) {
            if (s.waitEventType == QLatin1String("Lock"))
                return QColor(220, 40, 40, 70);
            if (s.isActive())
                return QColor(40, 170, 60, 60);
            if (s.isIdleInTransaction())
                return QColor(240, 150, 0, 70);
            return {};
        }
        const int band = bandOf(s, column);
        if (band == 2)
            return QColor(220, 40, 40, 70);
        if (band == 1)
            return QColor(240, 150, 0, 70);
        return {};
    }
    case Qt::AccessibleDescriptionRole:
        // What an age's colour says, in words: for a screen reader (and in the tooltip).
        switch (m_stale.contains(s.key.server) ? 0 : bandOf(s, column)) {
        case 2:
            return tr("Past the critical threshold (%1)").arg(format::duration(m_criticalMicros));
        case 1:
            return tr("Past the warning threshold (%1)").arg(format::duration(m_warnMicros));
        default:
            return {};
        }
    case Qt::DecorationRole:
        if (column == Server) {
            const auto it = m_servers.constFind(s.key.server);
            if (it != m_servers.constEnd() && it->colour.isValid())
                return it->colour;
        }
        return {};
    case Qt::FontRole:
        if (s.own || (s.isHidden() && (column == Query || column == State))) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        return column == Pid || (column >= StateDuration && column <= QueryAge)
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case FullQueryRole:
        return s.query;
    case OwnRole:
        return s.own;
    case ServerRole:
        return s.key.server;
    case PidRole:
        return s.key.pid;
    case BackendStartRole:
        return s.key.backendStart;
    case BlockingRole:
        return QVariant::fromValue(blocking(s.key.server, s.key.pid));
    case DatabaseRole:
        return s.database;
    case BackgroundRole:
        return !s.isClientBackend();
    case StateRole:
        return s.state;
    case EndedRole:
        return m_ended.contains(s.key);
    default:
        return {};
    }
}

Qt::ItemFlags SessionModel::flags(const QModelIndex &index) const
{
    // The root is asked too (by views, and by QAbstractItemModelTester): no flags, and no
    // warning from checkIndex(), which is for indexes that should be valid.
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return at(slotOf(index.row())).own ? Qt::ItemIsEnabled | Qt::ItemNeverHasChildren
                                       : Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant SessionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Pid: return tr("PID");
    case Database: return tr("Database");
    case User: return tr("User");
    case Application: return tr("Application");
    case Client: return tr("Client");
    case BackendType: return tr("Backend type");
    case State: return tr("State");
    case WaitEvent: return tr("Wait event");
    case BlockedBy: return tr("Blocked by");
    case StateDuration: return tr("In state");
    case TransactionAge: return tr("Transaction age");
    case QueryAge: return tr("Query age");
    case BackendStart: return tr("Backend start");
    case Query: return tr("Query");
    case Server: return tr("Server");
    default: return {};
    }
}

void SessionModel::setAgeThresholds(int warnSeconds, int criticalSeconds)
{
    m_warnMicros = qint64(warnSeconds) * 1000000;
    m_criticalMicros = qint64(criticalSeconds) * 1000000;
    if (!m_rows.empty())
        emit dataChanged(index(0, StateDuration), index(rowCount() - 1, QueryAge), {Qt::BackgroundRole, Qt::AccessibleDescriptionRole, Qt::ToolTipRole});
}

void SessionModel::append(const SessionList::Shared &session)
{
    int id;
    if (m_freeIds.empty()) {
        id = int(m_rowOfId.size());
        m_rowOfId.push_back(0);
    } else {
        id = m_freeIds.back();
        m_freeIds.pop_back();
    }
    m_rowOfId[size_t(id)] = int(m_rows.size());
    const SessionKey &key = SessionList::sessionOf(session).key;
    m_rows.push_back({session, key, id});
    m_idOf.insert(key, id);
}

void SessionModel::removeRows(const std::vector<int> &ascendingRows)
{
    if (ascendingRows.empty())
        return;
    // One beginRemoveRows per contiguous run, from the bottom up, so that each run's row
    // numbers are still those of the storage. The storage is compacted once at the end
    // (erasing run by run would move the tail once per run); meanwhile slotOf() maps
    // rows past the announced runs.
    m_gone.reserve(ascendingRows.size());
    size_t end = ascendingRows.size();
    while (end > 0) {
        size_t begin = end - 1;
        while (begin > 0 && ascendingRows[begin - 1] == ascendingRows[begin] - 1)
            --begin;
        const int first = ascendingRows[begin], last = ascendingRows[end - 1];
        beginRemoveRows({}, first, last);
        for (int r = last; r >= first; --r)
            m_gone.push_back(r);
        endRemoveRows();
        end = begin;
    }
    std::vector<bool> gone(m_rows.size(), false);
    for (int r : ascendingRows) {
        gone[size_t(r)] = true;
        m_idOf.remove(m_rows[size_t(r)].key);
        m_freeIds.push_back(m_rows[size_t(r)].id);
    }
    size_t write = size_t(ascendingRows.front());
    for (size_t read = write; read < m_rows.size(); ++read) {
        if (!gone[read]) {
            if (write != read) {
                m_rows[write] = std::move(m_rows[read]);
                m_rowOfId[size_t(m_rows[write].id)] = int(write);
            }
            ++write;
        }
    }
    m_rows.resize(write);
    m_gone.clear();
}

void SessionModel::applySnapshot(const Snapshot &snapshot)
{
    m_applying = true;
    m_stats = {};
    emit changesAboutToStart(snapshot.server);
    const int server = snapshot.server;
    setServerStale(server, false);

    // Which rows the poll still lists, and which of its sessions are new.
    std::vector<bool> seen(m_rows.size(), false);
    std::vector<int> rowOfIncoming(snapshot.sessions.size(), -1);
    size_t seenRows = 0;
    // Polls mostly list the sessions in the order of the last one, which is the rows'
    // (the new ones are appended): the row after the last one found is tried first.
    size_t guess = 0;
    for (size_t i = 0; i < snapshot.sessions.size(); ++i) {
        if (i + kAhead < snapshot.sessions.size())
            prefetch(snapshot.sessions[i + kAhead], sizeof(SessionKey));
        const SessionKey &key = snapshot.sessions[i].key;
        const int row = guess < m_rows.size() && m_rows[guess].key == key ? int(guess) : rowOf(key);
        if (row >= 0)
            guess = size_t(row) + 1;
        rowOfIncoming[i] = row;
        if (row >= 0 && !seen[size_t(row)]) {
            seen[size_t(row)] = true;
            ++seenRows;
        }
    }
    // (Every row seen, as when the model holds this one server's sessions and none ended:
    // no row to look at.)
    std::vector<int> gone;
    for (size_t r = 0; seenRows < m_rows.size() && r < m_rows.size(); ++r) {
        if (!seen[r] && m_rows[r].key.server == server)
            gone.push_back(int(r));
    }
    m_stats.removed = int(gone.size());
    if (!gone.empty()) {
        // Rows keep their ids as they move up: where each of the poll's rows is now.
        for (int &row : rowOfIncoming) {
            if (row >= 0)
                row = m_rows[size_t(row)].id;
        }
        removeRows(gone);
        for (int &row : rowOfIncoming) {
            if (row >= 0)
                row = m_rowOfId[size_t(row)];
        }
    }

    QHash<int, QList<int>> &blocking = m_blocking[server];
    blocking.clear();
    for (const Session &s : snapshot.sessions) {
        for (int blocker : s.blockedBy)
            blocking[blocker].append(s.key.pid);
    }

    // Rewound: which sessions of the moment have ended since (none, live).
    bool endedChanged = false;
    for (auto it = m_ended.begin(); it != m_ended.end();) {
        if (it->server == server) {
            it = m_ended.erase(it);
            endedChanged = true;
        } else {
            ++it;
        }
    }
    for (SessionKey key : snapshot.endedSince) {
        key.server = server;
        m_ended.insert(key);
        endedChanged = true;
    }

    const qint64 timeBefore = m_serverTime.value(server, kNoTime);
    const bool clockMoved = timeBefore != snapshot.serverTime;
    m_serverTime.insert(server, snapshot.serverTime);
    // The age columns whose text or colour the server's new time changes (their start
    // unchanged): shown in whole seconds, so at polls under a second apart most stay as
    // they were, and neither a repaint nor a screen reader hears of them.
    const bool secondLater = timeBefore != kNoTime && snapshot.serverTime != kNoTime && snapshot.serverTime - timeBefore >= 1000000;
    const auto agesMoved = [&](const Session &row) {
        if (timeBefore == kNoTime || snapshot.serverTime == kNoTime)
            return kAgeColumns;
        const auto shown = [this](qint64 age) {
            return std::pair{std::max<qint64>(0, age / 1000000), ageBand(age, m_warnMicros, m_criticalMicros)};
        };
        Mask m = 0;
        for (const int column : kAges) {
            const qint64 since = startOf(row, column);
            // A second or more later, an age of a second or more now has moved by a whole
            // second at least (at polls a second apart: nearly every age, without working
            // out both texts and colours).
            if (since != kNoTime
                && ((secondLater && snapshot.serverTime - since >= 1000000) || shown(timeBefore - since) != shown(snapshot.serverTime - since)))
                m |= bit(column);
        }
        return m;
    };
    // The state and query ages coloured before or now (see the idle rule in data()).
    const auto colouredAges = [&](const Session &row) {
        Mask m = 0;
        for (const int column : {StateDuration, QueryAge}) {
            const qint64 since = startOf(row, column);
            const auto coloured = [&](qint64 now) { return now != kNoTime && ageBand(now - since, m_warnMicros, m_criticalMicros) > 0; };
            if (since != kNoTime && (coloured(timeBefore) || coloured(snapshot.serverTime)))
                m |= bit(column);
        }
        return m;
    };

    // The sessions the poll copied from the last one (idle, waiting for their client) are
    // here as they were in it: when this model applied that one last, its rows hold them
    // already, and they are not compared (nor their rows read: only their ages move).
    const bool holdsUnchanged = snapshot.unchangedFrom != 0 && m_applied.value(server) == snapshot.unchangedFrom;
    const size_t firstUnchanged = snapshot.sessions.size() - size_t(snapshot.unchangedSessions);
    m_applied.insert(server, snapshot.sequence);

    std::vector<Mask> changed(m_rows.size(), 0);
    std::vector<size_t> added;
    for (size_t i = 0; i < snapshot.sessions.size(); ++i) {
        if (i + kAhead < snapshot.sessions.size()) {
            prefetch(snapshot.sessions[i + kAhead]);
            if (const int ahead = rowOfIncoming[i + kAhead]; ahead >= 0)
                prefetch(SessionList::sessionOf(m_rows[size_t(ahead)].session));
        }
        const Session &s = snapshot.sessions[i];
        const int row = rowOfIncoming[i];
        if (row < 0) {
            added.push_back(i);
            continue;
        }
        Mask mask = 0;
        if (holdsUnchanged && i >= firstUnchanged) {
            if (clockMoved)
                mask = agesMoved(s); // (as the row has it)
        } else {
            // The row takes the poll's reading. When the poll shares it with the one the
            // row has, it is the same reading, and only the ages can have moved.
            Row &current = m_rows[size_t(row)];
            const SessionList::Shared &reading = snapshot.sessions.shared(i);
            if (current.session != reading) {
                const Session &was = SessionList::sessionOf(current.session);
                mask = changedColumns(was, s);
                // An idle session's state and query ages have no colour: a long query that
                // ends keeps its query_start, and its age cell loses its colour.
                if (was.isIdle() != s.isIdle())
                    mask |= colouredAges(s);
                if (mask || was.leaderPid != s.leaderPid || was.queryId != s.queryId || was.databaseOid != s.databaseOid)
                    current.session = reading;
            }
            if (clockMoved)
                mask |= agesMoved(s);
        }
        if (endedChanged)
            mask |= bit(ColumnCount) - 1; // greyed in every column
        changed[size_t(row)] = mask;
        m_stats.changedRows += mask != 0;
    }

    // One dataChanged per run of consecutive rows with the same columns, and per run of
    // adjacent columns within them. When that is many signals (ages move in every row at
    // each poll, and rows of different kinds alternate: 301 signals at 1,000 sessions),
    // the age columns get one each, from its first changed row to its last (adjacent ones
    // with the same rows in one), and the other columns their runs as before: a view
    // repaints the part of that on screen, where the ages changed anyway, and the proxy
    // and the view handle a few signals, not hundreds. (The other columns stay exact: the
    // proxy filters and sorts again every row a signal names.)
    constexpr int kMostRuns = 16;
    int runs = 0;
    std::array<int, ColumnCount> firstRow, lastRow;
    firstRow.fill(-1);
    lastRow.fill(-1);
    for (size_t i = 0; i < changed.size(); ++i) {
        if (!changed[i])
            continue;
        if (i == 0 || changed[i] != changed[i - 1])
            ++runs;
        for (const int c : kAges) {
            if (changed[i] & bit(c)) {
                if (firstRow[size_t(c)] < 0)
                    firstRow[size_t(c)] = int(i);
                lastRow[size_t(c)] = int(i);
            }
        }
    }
    const auto emitColumns = [this](size_t first, size_t last, Mask mask) {
        for (int c = 0; mask && c < ColumnCount;) {
            if (!(mask & bit(c))) {
                ++c;
                continue;
            }
            int d = c;
            while (d + 1 < ColumnCount && (mask & bit(d + 1)))
                ++d;
            emit dataChanged(index(int(first), c), index(int(last), d));
            ++m_stats.dataChangedSignals;
            c = d + 1;
        }
    };
    if (runs > kMostRuns) {
        // The age columns with the same first and last row go together, as a run's columns.
        Mask done = 0;
        for (const int c : kAges) {
            if (firstRow[size_t(c)] < 0 || (done & bit(c)))
                continue;
            Mask same = 0;
            for (const int d : kAges) {
                if (firstRow[size_t(d)] == firstRow[size_t(c)] && lastRow[size_t(d)] == lastRow[size_t(c)])
                    same |= bit(d);
            }
            emitColumns(size_t(firstRow[size_t(c)]), size_t(lastRow[size_t(c)]), same);
            done |= same;
        }
        for (Mask &mask : changed)
            mask &= ~kAgeColumns;
    }
    for (size_t i = 0; i < changed.size();) {
        const Mask mask = changed[i];
        size_t j = i + 1;
        while (j < changed.size() && changed[j] == mask)
            ++j;
        emitColumns(i, j - 1, mask);
        i = j;
    }

    if (!added.empty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_rows.reserve(m_rows.size() + added.size());
        for (const size_t i : added)
            append(snapshot.sessions.shared(i));
        endInsertRows();
        m_stats.inserted = int(added.size());
    }
    emit changesFinished();
    emit snapshotApplied(server);
    m_applying = false;
}

void SessionModel::setServerStale(int server, bool stale)
{
    if (stale == m_stale.contains(server))
        return;
    if (stale)
        m_stale.insert(server);
    else
        m_stale.remove(server);
    // Its rows are usually one run per poll order, but need not be: one signal per run.
    int first = -1;
    const int n = rowCount();
    for (int r = 0; r <= n; ++r) {
        const bool mine = r < n && at(slotOf(r)).key.server == server;
        if (mine && first < 0)
            first = r;
        if (!mine && first >= 0) {
            emit dataChanged(index(first, 0), index(r - 1, ColumnCount - 1),
                             {Qt::ForegroundRole, Qt::BackgroundRole, Qt::AccessibleDescriptionRole, Qt::ToolTipRole});
            first = -1;
        }
    }
}

void SessionModel::removeServer(int server)
{
    m_stale.remove(server);
    std::vector<int> rows;
    for (size_t r = 0; r < m_rows.size(); ++r) {
        if (m_rows[r].key.server == server)
            rows.push_back(int(r));
    }
    emit changesAboutToStart(server);
    removeRows(rows);
    emit changesFinished();
    m_serverTime.remove(server);
    m_applied.remove(server);
    m_blocking.remove(server);
}
