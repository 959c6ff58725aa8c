// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

/// Comma-separated values as spreadsheets read them (RFC 4180).
namespace csv {

/// One field, quoted when it holds a separator, a quote or a line break (CR or LF); a
/// field a spreadsheet would run as a formula (=, +, -, @, tab, CR first) starts with an
/// apostrophe.
QString field(const QString &value);
/// One line of fields, without its line break.
QString line(const QStringList &values);

} // namespace csv
