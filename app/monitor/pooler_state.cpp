// SPDX-License-Identifier: GPL-3.0-or-later
#include "monitor/pooler_state.h"

#include "pg/connection.h"

#include <QCoreApplication>
#include <QHash>

#include <cstring>
#include <QRegularExpression>

QStringList PoolerState::aliasesOf(const QString &database) const
{
    QStringList out;
    for (size_t r = 0; r < databases.rows.size(); ++r) {
        const QString name = databases.value(r, QLatin1String("name"));
        if (name == kAdminDatabase)
            continue;
        const QString target = databases.value(r, QLatin1String("database"));
        if ((target.isEmpty() ? name : target) == database)
            out << name;
    }
    return out;
}

bool PoolerState::shutOut(const QString &alias) const
{
    for (size_t r = 0; r < databases.rows.size(); ++r) {
        if (databases.value(r, QLatin1String("name")) == alias)
            return databases.number(r, QLatin1String("disabled")) != 0 || databases.number(r, QLatin1String("paused")) != 0;
    }
    return false;
}

bool PoolerState::letsIn(const QString &alias) const
{
    if (!databases.has(QLatin1String("disabled")) || !databases.has(QLatin1String("paused")))
        return false;
    for (size_t r = 0; r < databases.rows.size(); ++r) {
        if (databases.value(r, QLatin1String("name")) == alias)
            return databases.number(r, QLatin1String("disabled")) == 0 && databases.number(r, QLatin1String("paused")) == 0;
    }
    return false;
}

QString PoolerState::databaseOf(const QString &alias) const
{
    for (size_t r = 0; r < databases.rows.size(); ++r) {
        if (databases.value(r, QLatin1String("name")) == alias) {
            const QString target = databases.value(r, QLatin1String("database"));
            return target.isEmpty() ? alias : target;
        }
    }
    return {};
}

int PoolerState::clientOfServer(size_t serverRow) const
{
    const QString link = servers.value(serverRow, QLatin1String("link"));
    if (link.isEmpty())
        return -1;
    const int ptr = clients.column(QLatin1String("ptr"));
    for (size_t r = 0; ptr >= 0 && r < clients.rows.size(); ++r) {
        if (clients.rows[r].value(ptr) == link)
            return int(r);
    }
    return -1;
}

int PoolerState::serverOfBackend(int pid) const
{
    const int c = servers.column(QLatin1String("remote_pid"));
    for (size_t r = 0; c >= 0 && pid > 0 && r < servers.rows.size(); ++r) {
        if (servers.rows[r].value(c).toInt() == pid)
            return int(r);
    }
    return -1;
}

int PoolerState::parseVersion(const QString &text)
{
    static const QRegularExpression numbers(QStringLiteral("(\\d+)\\.(\\d+)(?:\\.(\\d+))?"));
    const QRegularExpressionMatch m = numbers.match(text);
    if (!m.hasMatch())
        return 0;
    return m.captured(1).toInt() * 10000 + m.captured(2).toInt() * 100 + m.captured(3).toInt();
}

namespace pooler_query {
namespace {

Error readTable(const pg::Connection &conn, const char *command, PoolerTable &out, const PoolerTable *previous = nullptr)
{
    const pg::Result r = conn.exec(QByteArray(command));
    if (!r.valid())
        return conn.lastError();
    if (const Error e = r.error())
        return e.withContext(QString::fromLatin1(command));
    out.columns.clear();
    out.rows.clear();
    for (int c = 0; c < r.columns(); ++c)
        out.columns << r.columnName(c);
    out.rows.reserve(size_t(r.rows()));
    out.raw.reserve(size_t(r.rows()));
    const bool sameColumns = previous && previous->columns == out.columns;
    // Whether the result's row is, byte for byte, the previous poll's row with @p bytes.
    const auto sameAs = [&r](int row, const QByteArray &bytes) {
        qsizetype at = 0;
        for (int c = 0; c < r.columns(); ++c) {
            const int length = r.length(row, c);
            if (at + length >= bytes.size() || std::memcmp(bytes.constData() + at, r.value(row, c), size_t(length)) != 0
                || bytes.at(at + length) != '\0')
                return false;
            at += length + 1;
        }
        return at == bytes.size();
    };
    // Rows come in the pooler's list order, which connections leave and join without
    // reordering the rest: the previous poll's rows are followed with an offset, and a
    // row that is not found a few places on is new or changed (decoded afresh).
    constexpr int kLookAhead = 8;
    const int before = sameColumns ? int(previous->raw.size()) : 0;
    int shift = 0;
    for (int row = 0; row < r.rows(); ++row) {
        int match = -1;
        for (int k = 0; k <= kLookAhead && row + shift + k < before; ++k) {
            if (row + shift + k >= 0 && sameAs(row, previous->raw[size_t(row + shift + k)])) {
                match = row + shift + k;
                shift += k;
                break;
            }
        }
        if (match >= 0) {
            out.rows.push_back(previous->rows[size_t(match)]);
            out.raw.push_back(previous->raw[size_t(match)]);
            continue;
        }
        qsizetype size = 0;
        for (int c = 0; c < r.columns(); ++c)
            size += r.length(row, c) + 1;
        QByteArray bytes;
        bytes.reserve(size);
        QStringList values;
        values.reserve(r.columns());
        for (int c = 0; c < r.columns(); ++c) {
            bytes.append(r.value(row, c), r.length(row, c));
            bytes.append('\0');
            values << r.text(row, c);
        }
        out.rows.push_back(std::move(values));
        out.raw.push_back(std::move(bytes));
    }
    return {};
}

} // namespace

Expected<QString> version(const pg::Connection &conn)
{
    PoolerTable table;
    if (const Error e = readTable(conn, "SHOW VERSION", table))
        return e;
    const QString text = table.rows.empty() ? QString() : table.rows.front().value(0);
    static const QRegularExpression number(QStringLiteral("\\d+\\.\\d+(\\.\\d+)?"));
    const QRegularExpressionMatch m = number.match(text);
    if (!m.hasMatch())
        return Error(QCoreApplication::translate("pooler_query", "The pooler said its version is \"%1\".").arg(text));
    return m.captured(0);
}

Expected<PoolerTable> databases(const pg::Connection &conn)
{
    PoolerTable table;
    if (const Error e = readTable(conn, "SHOW DATABASES", table))
        return e;
    return table;
}

Error read(const pg::Connection &conn, PoolerState &out, const PoolerState *previous)
{
    if (const Error e = readTable(conn, "SHOW CLIENTS", out.clients, previous ? &previous->clients : nullptr))
        return e;
    if (const Error e = readTable(conn, "SHOW SERVERS", out.servers, previous ? &previous->servers : nullptr))
        return e;
    if (const Error e = readTable(conn, "SHOW POOLS", out.pools))
        return e;
    return readTable(conn, "SHOW DATABASES", out.databases);
}

} // namespace pooler_query
