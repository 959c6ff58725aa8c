// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

/// Text to and from the server, without losing a byte. A server (or a database) in
/// SQL_ASCII keeps names that are not UTF-8 ("caf\xe9"); decoding them the usual way turns
/// every bad byte into the same U+FFFD, so two databases become one name, and no statement
/// could name either again. Here a byte that is not part of valid UTF-8 becomes the lone
/// surrogate U+DC00 + byte (as Python's "surrogateescape"), which encodes back to the
/// same byte, and which the formatter shows as "\xe9".
namespace pg {

QString decodeText(const char *bytes, int size);
QByteArray encodeText(const QString &text);

} // namespace pg
