// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/session.h"

/// A client's session in the database shop, as a poll reads it (for tests that make
/// snapshots by hand).
inline Session clientSession(int pid, qint64 backendStart, const QString &state, const QString &query)
{
    Session s;
    s.key.pid = pid;
    s.key.backendStart = backendStart;
    s.backendType = QStringLiteral("client backend");
    s.state = state;
    s.database = QStringLiteral("shop");
    s.query = query;
    return s;
}
