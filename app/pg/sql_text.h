// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <charconv>
#include <iterator>

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
/// (Written in place into room made once: a QByteArray made for each number and appended
/// cost the poll thread about 170 K instructions a poll at 1,000 backends, for the two
/// hundred numbers of its running statements' marks.)
template<typename Items, typename Number>
QByteArray numberArray(const Items &items, Number number)
{
    constexpr int kMostChars = 20; // a 64-bit number's digits and sign ("-9223372036854775808")
    const auto count = qsizetype(std::distance(items.begin(), items.end())); // (a hash's entries: counted)
    QByteArray out(count * (kMostChars + 1) + 2, Qt::Uninitialized);
    char *const begin = out.data();
    char *at = begin;
    *at++ = '{';
    for (const auto &item : items) {
        if (at != begin + 1)
            *at++ = ',';
        at = std::to_chars(at, at + kMostChars, number(item)).ptr;
    }
    *at++ = '}';
    out.truncate(at - begin);
    return out;
}

} // namespace sql_text
