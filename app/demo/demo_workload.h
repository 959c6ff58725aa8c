// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// The demo's workload, run in a process of its own (`pgsessions --demo-workload`): a
/// web-app pool that reconnects when killed, a long reporting query, a session idle in
/// a transaction, a lock chain (one blocker, three waiters) and a session of another
/// role. It dies with its parent process. @p conninfo reaches the demo server (no dbname,
/// user or application_name). Never returns.
/// @p parentPid: the app's pid; if it is already gone, the workload ends at once.
[[noreturn]] void runDemoWorkload(const QString &conninfo, qint64 parentPid, const QString &poolerConninfo = {});
