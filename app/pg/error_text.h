// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// libpq's and the server's errors as Error values: the one place that turns them into text.
// Inside the pg room only (it includes libpq's header).

#include "base/error.h"

#include <libpq-fe.h>

namespace pg {

/// The server's words for a failed statement: the primary message, then the detail, and
/// the SQLSTATE; libpq's message when the server sent none.
Error resultError(const PGresult *result);
/// The connection's last error (PQerrorMessage); ConnectionLost when the connection is bad.
Error connectionError(const PGconn *conn);
/// The error of a failed connection attempt, read with verbose errors on: the SQLSTATE
/// taken out of the text, and whether a password is what is missing.
Error connectFailure(const PGconn *conn);

} // namespace pg
