// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/pooler_model.h"

#include "servers/server_monitor.h"
#include "servers/server_registry.h"

#include <QCoreApplication>

namespace {

QString address(const PoolerTable &t, size_t row)
{
    const QString addr = t.value(row, QLatin1String("addr")), port = t.value(row, QLatin1String("port"));
    if (addr.isEmpty())
        return {};
    if (addr == QLatin1String("unix"))
        return QCoreApplication::translate("PoolerModel", "local socket");
    return (addr.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(addr) : addr) + (port.isEmpty() ? QString() : QLatin1Char(':') + port);
}

QString waited(const PoolerTable &t, size_t row)
{
    const qint64 us = t.value(row, QLatin1String("wait")).toLongLong() * 1000000 + t.value(row, QLatin1String("wait_us")).toLongLong();
    return us > 0 ? QCoreApplication::translate("PoolerModel", "%1 s").arg(double(us) / 1e6, 0, 'f', 1) : QString();
}

} // namespace

/// What a poll's rows look each other up by (made once a poll, not once a row).
struct PoolerModel::Lookup {
    QHash<QString, QString> backendOfClient; ///< a client's ptr → the remote_pid of the server linked to it
    QHash<QString, int> clientByPtr;         ///< a client's ptr → its row
};

/// A column: its title, what it needs from the table, how its text is made.
struct PoolerModel::Column {
    const char *title;
    QStringList needs;
    QString (*text)(const PoolerState &, const PoolerTable &, size_t, const PoolerModel::Lookup &);
};

namespace {

using Column = PoolerModel::Column;

QString field(const PoolerTable &t, size_t row, const char *name)
{
    return t.value(row, QLatin1String(name));
}

const std::vector<Column> &clientColumns()
{
    static const std::vector<Column> columns{
        {QT_TRANSLATE_NOOP("PoolerModel", "User"), {QStringLiteral("user")}, [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return field(t, r, "user"); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "Database"), {QStringLiteral("database")},
         [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return field(t, r, "database"); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "State"), {QStringLiteral("state")}, [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return field(t, r, "state"); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "Client"), {QStringLiteral("addr")}, [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return address(t, r); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "Application"), {QStringLiteral("application_name")},
         [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return field(t, r, "application_name"); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "Connected"), {QStringLiteral("connect_time")},
         [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return field(t, r, "connect_time"); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "Waiting"), {QStringLiteral("wait")}, [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return waited(t, r); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "Backend PID"), {QStringLiteral("link")},
         [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &l) {
             // The server connection whose link is this client: its remote_pid.
             return l.backendOfClient.value(field(t, r, "ptr"));
         }},
        {QT_TRANSLATE_NOOP("PoolerModel", "Id"), {QStringLiteral("id")}, [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return field(t, r, "id"); }},
    };
    return columns;
}

const std::vector<Column> &serverColumns()
{
    static const std::vector<Column> columns{
        {QT_TRANSLATE_NOOP("PoolerModel", "Backend PID"), {QStringLiteral("remote_pid")},
         [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return field(t, r, "remote_pid"); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "User"), {QStringLiteral("user")}, [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return field(t, r, "user"); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "Database"), {QStringLiteral("database")},
         [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return field(t, r, "database"); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "State"), {QStringLiteral("state")}, [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return field(t, r, "state"); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "Server"), {QStringLiteral("addr")}, [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return address(t, r); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "Connected"), {QStringLiteral("connect_time")},
         [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return field(t, r, "connect_time"); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "Last request"), {QStringLiteral("request_time")},
         [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return field(t, r, "request_time"); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "Application"), {QStringLiteral("application_name")},
         [](const PoolerState &, const PoolerTable &t, size_t r, const PoolerModel::Lookup &) { return field(t, r, "application_name"); }},
        {QT_TRANSLATE_NOOP("PoolerModel", "Serving client"), {QStringLiteral("link")},
         [](const PoolerState &s, const PoolerTable &t, size_t r, const PoolerModel::Lookup &l) {
             const int client = l.clientByPtr.value(field(t, r, "link"), -1);
             return client >= 0 ? PoolerModel::describeClient(s, size_t(client)) : QString();
         }},
    };
    return columns;
}

} // namespace

PoolerModel::PoolerModel(const ServerRegistry *registry, QObject *parent)
    : QAbstractTableModel(parent)
    , m_registry(registry)
{
    if (!registry)
        return;
    connect(registry, &ServerRegistry::snapshotReady, this, [this](const SnapshotPtr &snapshot) { applySnapshot(*snapshot); });
    connect(registry, &ServerRegistry::serverRemoved, this, [this](int id) {
        if (id == m_server)
            setScope(0, {});
    });
}

QString PoolerModel::describeClient(const PoolerState &state, size_t row)
{
    const PoolerTable &t = state.clients;
    QString text = t.value(row, QLatin1String("user"));
    const QString from = address(t, row);
    if (!from.isEmpty())
        text += QLatin1Char('@') + from;
    const QString app = t.value(row, QLatin1String("application_name"));
    if (!app.isEmpty())
        text += QStringLiteral(" · ") + app;
    return text;
}

void PoolerModel::setRows(Rows rows)
{
    if (rows == m_rows)
        return;
    m_rows = rows;
    rebuild(true);
}

void PoolerModel::setScope(int server, const QString &database)
{
    if (server == m_server && database == m_database)
        return;
    const bool otherServer = server != m_server;
    m_server = server;
    m_database = database;
    if (otherServer) {
        m_state.reset();
        if (m_registry && server) {
            if (const ServerMonitor *m = m_registry->monitor(server); m && m->lastSnapshot())
                m_state = m->lastSnapshot()->pooler;
        }
    }
    rebuild(true);
}

void PoolerModel::applySnapshot(const Snapshot &snapshot)
{
    if (snapshot.server != m_server || !snapshot.pooler)
        return;
    m_state = snapshot.pooler;
    rebuild(false);
}

std::vector<PoolerModel::Row> PoolerModel::rowsOf(const PoolerState &state)
{
    const PoolerTable &t = m_rows == Rows::Clients ? state.clients : state.servers;
    Lookup lookup;
    if (m_rows == Rows::Clients) {
        const int link = state.servers.column(QLatin1String("link")), pid = state.servers.column(QLatin1String("remote_pid"));
        for (size_t i = 0; link >= 0 && pid >= 0 && i < state.servers.rows.size(); ++i) {
            const QString &to = state.servers.rows[i].at(link);
            if (!to.isEmpty())
                lookup.backendOfClient.insert(to, state.servers.rows[i].at(pid));
        }
    } else {
        const int ptr = state.clients.column(QLatin1String("ptr"));
        for (size_t i = 0; ptr >= 0 && i < state.clients.rows.size(); ++i)
            lookup.clientByPtr.insert(state.clients.rows[i].at(ptr), int(i));
    }
    // The columns each row is looked up by, found once (by name: versions move them).
    const int database = t.column(QLatin1String("database")), id = t.column(QLatin1String("id")), ptr = t.column(QLatin1String("ptr")),
              link = t.column(QLatin1String("link"));
    const int identity[] = {ptr, t.column(QLatin1String("connect_time")), t.column(QLatin1String("addr")), t.column(QLatin1String("port")),
                            t.column(QLatin1String("remote_pid"))};
    const auto at = [](const QStringList &row, int c) { return c >= 0 ? row.at(c) : QString(); };
    std::vector<Row> out;
    out.reserve(t.rows.size());
    std::vector<Cached> byRow;
    byRow.reserve(t.rows.size());
    QHash<QString, size_t> byKey; // the last poll's rows by identity, made on the first miss
    for (size_t r = 0; r < t.rows.size(); ++r) {
        const QStringList &fields = t.rows[r];
        // What the row's cells depend on besides its own fields: the connection at the
        // other end of its link.
        const QString other = m_rows == Rows::Clients ? lookup.backendOfClient.value(at(fields, ptr))
                                                      : QString::number(lookup.clientByPtr.value(at(fields, link), -1));
        // The same row as last poll at the same place (the worker shares unchanged rows):
        // its cells, as they were.
        if (r < m_byRow.size() && m_byRow[r].source.isSharedWith(fields) && m_byRow[r].other == other) {
            byRow.push_back(m_byRow[r]);
            if (byRow.back().inScope)
                out.push_back(byRow.back().row);
            continue;
        }
        Cached c{fields, other, Row{}, false};
        const QString db = at(fields, database);
        c.inScope = m_database.isEmpty() || db == m_database;
        // Identity: the id (1.24+), else what a connection keeps for its life (ptr alone
        // is reused at once in 1.18).
        const QString clientId = at(fields, id);
        QString key = clientId;
        if (key.isEmpty()) {
            for (int i : identity)
                key += at(fields, i) + QLatin1Char('|');
        }
        if (byKey.isEmpty()) {
            for (size_t i = 0; i < m_byRow.size(); ++i)
                byKey.insert(m_byRow[i].row.key, i);
        }
        const auto was = byKey.constFind(key);
        if (was != byKey.cend() && m_byRow[*was].source == fields && m_byRow[*was].other == other) {
            c.row = m_byRow[*was].row;
        } else {
            c.row.key = key;
            c.row.clientId = clientId;
            c.row.database = db;
            for (const Column *column : m_columns)
                c.row.cells << column->text(state, t, r, lookup);
            if (m_rows == Rows::Servers)
                c.row.backendPid = at(fields, identity[4]).toInt();
        }
        if (c.inScope)
            out.push_back(c.row);
        byRow.push_back(std::move(c));
    }
    m_byRow = std::move(byRow);
    return out;
}

void PoolerModel::rebuild(bool reset)
{
    std::vector<const Column *> columns;
    if (m_state) {
        const PoolerTable &t = m_rows == Rows::Clients ? m_state->clients : m_state->servers;
        for (const Column &c : m_rows == Rows::Clients ? clientColumns() : serverColumns()) {
            if (std::all_of(c.needs.begin(), c.needs.end(), [&t](const QString &n) { return t.columns.contains(n); }))
                columns.push_back(&c);
        }
    }
    if (reset || columns != m_columns) {
        beginResetModel();
        m_columns = columns;
        m_byRow.clear();
        m_data = m_state ? rowsOf(*m_state) : std::vector<Row>{};
        endResetModel();
        return;
    }
    std::vector<Row> fresh = rowsOf(*m_state);
    // The usual poll: the same connections in the same order; only changed cells go out.
    if (fresh.size() == m_data.size()
        && std::equal(fresh.begin(), fresh.end(), m_data.begin(), [](const Row &a, const Row &b) { return a.key == b.key; })) {
        for (size_t i = 0; i < fresh.size(); ++i) {
            Row &old = m_data[i];
            if (old.cells.isSharedWith(fresh[i].cells) || (old.cells == fresh[i].cells && old.backendPid == fresh[i].backendPid))
                continue;
            old = std::move(fresh[i]);
            emit dataChanged(index(int(i), 0), index(int(i), columnCount() - 1));
        }
        return;
    }
    QHash<QString, size_t> wanted;
    for (size_t i = 0; i < fresh.size(); ++i)
        wanted.insert(fresh[i].key, i);
    for (int r = int(m_data.size()) - 1; r >= 0; --r) {
        if (wanted.contains(m_data[size_t(r)].key))
            continue;
        beginRemoveRows({}, r, r);
        m_data.erase(m_data.begin() + r);
        endRemoveRows();
    }
    QHash<QString, size_t> have;
    for (size_t i = 0; i < m_data.size(); ++i)
        have.insert(m_data[i].key, i);
    for (Row &row : fresh) {
        const auto it = have.constFind(row.key);
        if (it == have.cend()) {
            const int at = int(m_data.size());
            beginInsertRows({}, at, at);
            m_data.push_back(std::move(row));
            endInsertRows();
            continue;
        }
        Row &old = m_data[*it];
        if (old.cells != row.cells || old.backendPid != row.backendPid) {
            old = std::move(row);
            emit dataChanged(index(int(*it), 0), index(int(*it), columnCount() - 1));
        }
    }
}

int PoolerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_data.size());
}

int PoolerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant PoolerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_data[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return row.cells.value(index.column());
    case KeyRole: return row.key;
    case ClientIdRole: return row.clientId;
    case DatabaseRole: return row.database;
    case BackendPidRole: return row.backendPid;
    default: return {};
    }
}

QVariant PoolerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= int(m_columns.size()))
        return {};
    return QCoreApplication::translate("PoolerModel", m_columns[size_t(section)]->title);
}

int PoolerModel::columnTitled(const QString &title) const
{
    for (int c = 0; c < int(m_columns.size()); ++c) {
        if (headerData(c, Qt::Horizontal).toString() == title)
            return c;
    }
    return -1;
}
