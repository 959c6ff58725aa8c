// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/history_load.h"

#include <QDataStream>
#include <QIODevice>

#include <algorithm>

namespace history {

const QString kCpuBand = QStringLiteral("CPU");
const QString kIdleInTransactionBand = QStringLiteral("idle in transaction");

LoadByDatabase loadOf(const Snapshot &snapshot)
{
    LoadByDatabase load;
    for (const Session &s : snapshot.sessions) {
        if (s.own || s.database.isEmpty() || s.state.isEmpty() || s.state == QLatin1String("idle"))
            continue;
        if (!s.isClientBackend() && s.backendType != QLatin1String("parallel worker") && s.backendType != QLatin1String("autovacuum worker"))
            continue;
        QString band;
        if (s.state.startsWith(QLatin1String("idle in transaction")))
            band = kIdleInTransactionBand;
        else if (!s.waitEventType.isEmpty())
            band = s.waitEvent.isEmpty() ? s.waitEventType : s.waitEventType + QLatin1Char(':') + s.waitEvent;
        else
            band = kCpuBand;
        ++load[s.database][band];
    }
    return load;
}

QByteArray encodeLoad(const LoadByDatabase &load)
{
    QByteArray data;
    QDataStream out(&data, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_0);
    out << load;
    return data;
}

bool decodeLoad(const QByteArray &data, LoadByDatabase &load)
{
    QDataStream in(data);
    in.setVersion(QDataStream::Qt_6_0);
    in >> load;
    return in.status() == QDataStream::Ok;
}

Bands bandsOf(const LoadByDatabase &load, const QString &database)
{
    Bands bands;
    for (auto db = load.cbegin(); db != load.cend(); ++db) {
        if (!database.isEmpty() && db.key() != database)
            continue;
        for (auto b = db->cbegin(); b != db->cend(); ++b)
            bands[b.key()] += b.value();
    }
    return bands;
}

std::vector<LoadBucket> bucketize(const std::vector<LoadPoint> &points, qint64 fromMs, qint64 toMs, int buckets, qint64 maxSilenceMs)
{
    std::vector<LoadBucket> out;
    if (buckets <= 0 || toMs <= fromMs)
        return out;
    out.resize(size_t(buckets));
    const double width = double(toMs - fromMs) / buckets;
    for (int i = 0; i < buckets; ++i) {
        out[size_t(i)].fromMs = fromMs + qint64(i * width);
        out[size_t(i)].toMs = fromMs + qint64((i + 1) * width);
    }
    for (const LoadPoint &p : points) {
        if (p.atMs < fromMs || p.atMs >= toMs)
            continue;
        LoadBucket &b = out[size_t(std::min<qint64>(buckets - 1, qint64((p.atMs - fromMs) / width)))];
        b.gap = false;
        ++b.samples;
        for (auto it = p.bands.cbegin(); it != p.bands.cend(); ++it)
            b.bands[it.key()] += it.value();
    }
    for (LoadBucket &b : out) {
        for (double &v : b.bands)
            v /= b.samples;
    }
    // Buckets narrower than the poll interval fall between samples now and then: such a
    // bucket inside a stretch without a missed poll takes the sample before it.
    size_t next = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        if (!out[i].gap)
            continue;
        while (next < points.size() && points[next].atMs < out[i].fromMs)
            ++next;
        if (next == 0 || next >= points.size())
            continue;
        const LoadPoint &before = points[next - 1], &after = points[next];
        if (after.atMs - before.atMs <= maxSilenceMs && before.atMs >= fromMs) {
            out[i].gap = false;
            out[i].samples = 0;
            out[i].bands = before.bands;
        }
    }
    return out;
}

} // namespace history
