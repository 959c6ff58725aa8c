// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// pgsessions-cli's output: text to a stream, tables, and sessions as rows or JSON.

#include "cli/cli.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <vector>

struct Session;

namespace cli {

struct Options;

/// @p text, flushed at once (a script reading the pipe sees each line as it comes).
void print(std::FILE *f, const QString &text);
/// @p o as one line of compact JSON.
void jsonLine(std::FILE *f, const QJsonObject &o);
/// Rows as a table with columns as wide as their widest cell (the last one unpadded).
void table(std::FILE *f, const QStringList &header, const std::vector<QStringList> &rows);
/// A query's first line for a terminal: control characters (an escape sequence would
/// drive the terminal) and marks that reorder text are shown as U+FFFD, not sent.
QString visibleLine(const QString &query);
/// A time in microseconds since the epoch, as ISO 8601 in UTC; empty for none (kNoTime).
QString micros(qint64 us);
/// Where a session's client connects from: host:port, "local" for a Unix socket.
QString clientOf(const Session &s);
/// A session's fields as JSON.
QJsonObject sessionJson(const Session &s);
/// Sessions as a table, or one JSON object per line with --json.
void printSessions(const Io &io, const Options &o, const std::vector<Session> &sessions);

} // namespace cli
