// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
#include <QString>

struct Snapshot;

/// Load: what the sessions were doing at one poll, counted by key. A key is "CPU" (active,
/// waiting for nothing), a wait event as "type:event" ("IO:DataFileRead"; the chart's band
/// is the type), or "idle in transaction" (no work, but a transaction held open: drawn
/// apart from load). Idle sessions, pgsessions' own and the server's own processes are not
/// counted; parallel and autovacuum workers are. The poll's thread counts it once
/// (Snapshot::load) for the timeline and the history file (history::loadOf).
namespace activity_load {

extern const QString kCpuBand;
extern const QString kIdleInTransactionBand;

/// Per database, its bands and how many sessions are in each.
using ByDatabase = QMap<QString, QMap<QString, qint32>>;

/// Counted from the snapshot's sessions.
ByDatabase count(const Snapshot &snapshot);

} // namespace activity_load
