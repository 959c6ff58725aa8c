// SPDX-License-Identifier: GPL-3.0-or-later
#include "base/csv.h"

namespace csv {

QString field(const QString &value)
{
    QString text = value;
    // A spreadsheet runs a cell that starts with one of these as a formula: a query or a
    // name is data, never something to run (OWASP "CSV injection").
    static const QString formulaStarts = QStringLiteral("=+-@\t\r");
    if (!text.isEmpty() && formulaStarts.contains(text.front()))
        text.prepend(QLatin1Char('\''));
    const bool quote = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\n'))
                       || text.contains(QLatin1Char('\r'));
    if (!quote)
        return text;
    text.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QString line(const QStringList &values)
{
    QStringList fields;
    fields.reserve(values.size());
    for (const QString &v : values)
        fields << field(v);
    return fields.join(QLatin1Char(','));
}

} // namespace csv
