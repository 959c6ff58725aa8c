// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pg/pg_handles.h"

#include <QString>

#include <functional>

/// A libpq connection attempt with the server's refusal taken apart: libpq's message, the
/// SQLSTATE when the server sent one, and whether a password is what is missing.
struct ConnectAttempt {
    pg::Conn conn;        ///< set only on success
    QString error;
    QString sqlState;
    bool needsPassword = false; ///< none was given though the server wants one, or it was refused (28P01)

    bool ok() const { return conn != nullptr; }
};

/// Connects with libpq's non-blocking API, checking @p stopped every 50 ms so that the
/// caller's thread stays stoppable; gives up after @p timeoutSeconds.
ConnectAttempt connectWithTimeout(const QString &conninfo, int timeoutSeconds, const std::function<bool()> &stopped = {});
