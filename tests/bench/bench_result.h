// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <cstdio>

namespace bench {

/// One figure, as a line for tests/bench/run.sh's table:
/// RESULT|name|value|unit|baseline|ratio|budget|met. @p budget is free text
/// ("<= 1.5x plain libpq", "-"); @p met is "yes", "NO" or "-"; @p baseline 0: none.
inline void result(const QString &name, double value, const QString &unit, double baseline, const QString &budget, const QString &met)
{
    const QString ratio = baseline > 0 ? QString::number(value / baseline, 'f', 2) + QLatin1Char('x') : QStringLiteral("-");
    std::printf("RESULT|%s|%.2f|%s|%.2f|%s|%s|%s\n", qPrintable(name), value, qPrintable(unit), baseline, qPrintable(ratio), qPrintable(budget),
                qPrintable(met));
    std::fflush(stdout);
}

inline QString met(bool ok)
{
    return ok ? QStringLiteral("yes") : QStringLiteral("NO");
}

} // namespace bench
