// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "servers/server_profile.h"

#include <QHash>
#include <QStringList>

#include <optional>
#include <vector>

/// Servers brought into the saved list in bulk: the services of libpq's service files, as
/// profiles that name the service (libpq reads its fields at each connection), and a
/// pasted list of connection strings or URIs, one per line.
namespace server_import {

/// The service files libpq reads, in its order: PGSERVICEFILE (else ~/.pg_service.conf),
/// then pg_service.conf in PGSYSCONFDIR (else Debian libpq's /etc/postgresql-common).
/// Those that exist, and PGSERVICEFILE whenever it is set: libpq reads it even when it is
/// not there (or names nothing), and then finds no service at all.
QStringList serviceFiles();

struct Service {
    QString name;
    QString file; ///< where it is defined (the first file that has it, as libpq looks)
};
/// The services defined in @p files ("[name]" sections), each once, the first file's
/// first, as libpq finds them: none after a file that cannot be read (libpq stops there),
/// none on a first line that a byte-order mark hides from libpq, none whose name is not
/// UTF-8. Each of these is said in @p notes, in words for the user.
std::vector<Service> services(const QStringList &files, QStringList *notes = nullptr);

/// A profile that names service @p name and nothing else.
ServerProfile profileOfService(const QString &name);

/// One line of a pasted list.
struct Line {
    int number = 0; ///< from 1
    QString text;
    std::optional<ServerProfile> profile; ///< the line as a profile, when it is valid
    QString error;                        ///< else why not (libpq's words)
    QString key;                          ///< the profile's reachKey(), when valid
    QString name;                         ///< the profile's display name, when valid
};
/// The lines of @p text that are not empty or comments (#; also after a blank within a
/// line, outside a quoted value). A URI with a blank in it is refused: libpq would take the
/// blank and what follows into the host, database or value. @p earlier: the lines of the
/// last call, by text, taken as they were where the text is the same (a long list is
/// parsed again at each keystroke); then left holding this call's.
std::vector<Line> parseLines(const QString &text, QHash<QString, Line> *earlier = nullptr);

} // namespace server_import
