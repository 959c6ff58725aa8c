// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/history_load.h"


#include <algorithm>

namespace history {

LoadByDatabase loadOf(const Snapshot &snapshot)
{
    return snapshot.load ? *snapshot.load : activity_load::count(snapshot);
}

namespace {

void putVarint(QByteArray &out, quint64 v)
{
    do {
        const char byte = char(v & 0x7f);
        v >>= 7;
        out.append(v ? char(byte | 0x80) : byte);
    } while (v);
}

bool getVarint(const QByteArray &in, int &at, quint64 &v)
{
    v = 0;
    for (int shift = 0; shift < 64 && at < in.size(); shift += 7) {
        const auto byte = quint8(in[at++]);
        v |= quint64(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

} // namespace

QByteArray encodeLoad(const LoadByDatabase &load, const std::function<qint64(const QString &)> &idOf)
{
    QByteArray out;
    putVarint(out, quint64(load.size()));
    for (auto db = load.cbegin(); db != load.cend(); ++db) {
        putVarint(out, quint64(idOf(db.key())));
        putVarint(out, quint64(db->size()));
        for (auto b = db->cbegin(); b != db->cend(); ++b) {
            putVarint(out, quint64(idOf(b.key())));
            putVarint(out, quint64(std::max(0, b.value())));
        }
    }
    return out;
}

bool decodeLoad(const QByteArray &data, LoadByDatabase &load, const std::function<QString(qint64)> &textOf)
{
    int at = 0;
    quint64 databases = 0;
    if (!getVarint(data, at, databases) || databases > quint64(data.size()))
        return false;
    for (quint64 d = 0; d < databases; ++d) {
        quint64 db = 0, entries = 0;
        if (!getVarint(data, at, db) || !getVarint(data, at, entries) || entries > quint64(data.size()))
            return false;
        QMap<QString, qint32> &bands = load[textOf(qint64(db))];
        for (quint64 e = 0; e < entries; ++e) {
            quint64 key = 0, count = 0;
            if (!getVarint(data, at, key) || !getVarint(data, at, count))
                return false;
            bands[textOf(qint64(key))] += qint32(std::min<quint64>(count, 1u << 30));
        }
    }
    return at == data.size();
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

void addPoint(std::vector<LoadPoint> &points, LoadPoint p, qint64 widthMs)
{
    if (widthMs <= 0) {
        points.push_back(std::move(p));
        return;
    }
    p.atMs -= ((p.atMs % widthMs) + widthMs) % widthMs;
    if (points.empty() || points.back().atMs != p.atMs) {
        points.push_back(std::move(p));
        return;
    }
    LoadPoint &last = points.back();
    const double n = last.samples, m = p.samples;
    for (auto it = last.bands.begin(); it != last.bands.end(); ++it)
        it.value() = (it.value() * n + p.bands.value(it.key()) * m) / (n + m);
    for (auto it = p.bands.cbegin(); it != p.bands.cend(); ++it) {
        if (!last.bands.contains(it.key()))
            last.bands.insert(it.key(), it.value() * m / (n + m));
    }
    last.samples += p.samples;
}

std::vector<LoadPoint> aggregate(const std::vector<LoadPoint> &points, qint64 widthMs)
{
    std::vector<LoadPoint> out;
    for (const LoadPoint &p : points)
        addPoint(out, p, widthMs);
    return out;
}

std::vector<LoadPoint> sumSeries(const std::vector<std::vector<LoadPoint>> &series, qint64 widthMs)
{
    QMap<qint64, Bands> sums;
    for (const std::vector<LoadPoint> &one : series) {
        for (const LoadPoint &p : aggregate(one, widthMs)) {
            Bands &sum = sums[p.atMs];
            for (auto it = p.bands.cbegin(); it != p.bands.cend(); ++it)
                sum[it.key()] += it.value();
        }
    }
    std::vector<LoadPoint> out;
    out.reserve(size_t(sums.size()));
    for (auto it = sums.cbegin(); it != sums.cend(); ++it)
        out.push_back({it.key(), it.value(), 1});
    return out;
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
