// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pg/result.h"

#include <libpq-fe.h>

#include <memory>

/// Owning handles for libpq objects: every PGconn, PGresult and PGcancel has exactly one
/// owner. Inside the pg room (and tests that speak libpq themselves); the rest of the core
/// uses pg::Connection and pg::Result. A PGresult is owned by pg::Result (result.h).
namespace pg {

struct ConnDeleter {
    void operator()(PGconn *c) const noexcept { PQfinish(c); }
};
struct CancelDeleter {
    void operator()(PGcancel *c) const noexcept { PQfreeCancel(c); }
};
struct ConninfoDeleter {
    void operator()(PQconninfoOption *o) const noexcept { PQconninfoFree(o); }
};
struct MemDeleter {
    void operator()(void *p) const noexcept { PQfreemem(p); }
};

using Conn = std::unique_ptr<PGconn, ConnDeleter>;
using Cancel = std::unique_ptr<PGcancel, CancelDeleter>;
using ConninfoOptions = std::unique_ptr<PQconninfoOption, ConninfoDeleter>;
using Mem = std::unique_ptr<char, MemDeleter>;

} // namespace pg
