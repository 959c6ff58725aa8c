// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// How this process names its connections, so that it recognises them on every server
/// and never ends them. Each name is "pgsessions <purpose> <token>", with a token unique
/// to the running process: another pgsessions on another desktop is somebody else.
namespace app_identity {

/// The random token of this process (6 hex digits).
QString token();
/// The application_name of a connection made for @p purpose ("monitor", "actions", ...).
QString applicationName(const QString &purpose);
/// True for an application_name made by applicationName() in this process.
bool isOwnApplicationName(const QString &name);
/// An SQL condition, true for this process's connections among the rows of
/// pg_stat_activity named @p alias (the statement's own backend included).
QString ownConnectionPredicate(const QString &alias);

} // namespace app_identity
