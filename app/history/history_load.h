// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"
#include "monitor/activity_load.h"
#include "monitor/snapshot.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <functional>

#include <vector>

/// Load (see monitor/activity_load.h) in the history file and on the timeline.
namespace history {

using activity_load::kCpuBand;
using activity_load::kIdleInTransactionBand;

using Bands = QMap<QString, double>;
/// Per database, its bands.
using LoadByDatabase = activity_load::ByDatabase;

/// The snapshot's load: as it carries it, else counted from its sessions.
LoadByDatabase loadOf(const Snapshot &snapshot);
/// A load as a few bytes a sample: names as ids of @p idOf (the history file's texts),
/// numbers as varints.
QByteArray encodeLoad(const LoadByDatabase &load, const std::function<qint64(const QString &)> &idOf);
/// False for data that is not an encoded load; @p textOf turns ids back into names.
bool decodeLoad(const QByteArray &data, LoadByDatabase &load, const std::function<QString(qint64)> &textOf);
/// The bands of one database, or of all of them (@p database empty).
Bands bandsOf(const LoadByDatabase &load, const QString &database);

/// One sample's load, in a scope.
struct LoadPoint {
    qint64 atMs = 0;
    Bands bands;
    int samples = 1; ///< more than one: the mean of that many samples (aggregate())
};

/// Adds @p p to @p points (sorted by time), merged into the last point when both fall in the
/// same stretch of @p widthMs (aligned to the epoch; the point then stands at the stretch's
/// start, the mean of its samples). @p widthMs 0: appended as it is.
void addPoint(std::vector<LoadPoint> &points, LoadPoint p, qint64 widthMs);
/// @p points merged by addPoint(), all of them.
std::vector<LoadPoint> aggregate(const std::vector<LoadPoint> &points, qint64 widthMs);
/// Several servers' series as one: each merged into stretches of @p widthMs (> 0), then
/// added up stretch by stretch (a stretch where some server has no sample counts that
/// server as nothing there, not as a gap).
std::vector<LoadPoint> sumSeries(const std::vector<std::vector<LoadPoint>> &series, qint64 widthMs);

/// A stretch of the timeline: the mean of the samples that fall in it, or a gap.
struct LoadBucket {
    qint64 fromMs = 0, toMs = 0;
    bool gap = true;
    int samples = 0;
    Bands bands;
};

/// @p points (sorted by time) in @p buckets equal stretches of [@p fromMs, @p toMs). A
/// stretch with no sample is a gap; so is one that lies in a silence longer than
/// @p maxSilenceMs between two samples (a missed poll is a gap, not a zero).
std::vector<LoadBucket> bucketize(const std::vector<LoadPoint> &points, qint64 fromMs, qint64 toMs, int buckets, qint64 maxSilenceMs);

/// The load of @p serverKey's samples between @p fromMs and @p toMs, in the scope of
/// @p database (all when empty). Its own connection, in the calling thread.
Expected<std::vector<LoadPoint>> loadSeries(const QString &path, const QString &serverKey, const QString &database, qint64 fromMs, qint64 toMs);

} // namespace history
