// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <charconv>

/// Quoting for text that goes to the server or to libpq, in one place.
namespace sql_text {

/// An SQL identifier, such as a database name with quotes, spaces or upper case.
inline QString quoteIdent(const QString &name)
{
    QString out = name;
    out.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

/// An SQL string literal (standard_conforming_strings on).
inline QString quoteLiteral(const QString &value)
{
    QString out = value;
    out.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

/// A value in a libpq keyword=value connection string.
inline QString quoteConninfoValue(const QString &value)
{
    QString out = value;
    out.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    out.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

/// An array parameter's text of numbers ("{1,2,3}"): @p number of each of @p items.
/// (A poll sends a thousand pids this way: each number is written in place, not made a
/// string of its own first.)
template<typename Items, typename Number>
QByteArray numberArray(const Items &items, Number number)
{
    QByteArray out(1, '{');
    char digits[24]; // (a 64-bit number and its sign)
    for (const auto &item : items) {
        if (out.size() > 1)
            out += ',';
        const std::to_chars_result written = std::to_chars(digits, digits + sizeof digits, number(item));
        out.append(digits, int(written.ptr - digits));
    }
    out += '}';
    return out;
}

} // namespace sql_text
