// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

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
template<typename Items, typename Number>
QByteArray numberArray(const Items &items, Number number)
{
    QByteArray out = "{";
    for (const auto &item : items) {
        if (out.size() > 1)
            out += ',';
        out += QByteArray::number(number(item));
    }
    return out + '}';
}

} // namespace sql_text
