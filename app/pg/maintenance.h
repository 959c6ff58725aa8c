// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"

#include <QStringList>

class ConnectionSpec;

/// The one rule for the database pgsessions' own connections go to (the monitor, the
/// actions, "Test connection"): never a database a kill-all may empty, so "kill all" on a
/// user database never meets them.
namespace maintenance {

/// The databases to try, in order: the one the user named (or the service's own; an
/// empty entry), then postgres, then template1; without @p avoid.
QStringList candidates(const ConnectionSpec &spec, const QString &avoid = {});

/// Whether a refusal to connect to one candidate moves on to the next: the database does
/// not exist (3D000), does not accept connections (55000), or the role may not connect to
/// it (42501). Anything else (a wrong password, no server) is the same everywhere.
bool tryNext(const Error &refusal);

} // namespace maintenance
