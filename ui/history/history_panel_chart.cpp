// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryPanel's chart: the bands drawn from the points held, the time axis, and what the
// hover says of a moment.
#include "history/history_panel.h"

#include "servers/server_registry.h"

#include "history/timeline_chart.h"

#include <QDateTime>
#include <QHash>
#include <QLocale>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

namespace {

/// The band a load key belongs to: "IO:DataFileRead" is drawn as "IO".
QString bandOf(const QString &key)
{
    const int colon = key.indexOf(QLatin1Char(':'));
    return colon < 0 ? key : key.left(colon);
}

/// Fixed colours, so a band reads the same in every scope and range.
QColor colourOf(const QString &band)
{
    static const QHash<QString, QColor> colours = {
        {history::kCpuBand, QColor(46, 160, 67)},       {QStringLiteral("Lock"), QColor(214, 39, 40)},
        {QStringLiteral("LWLock"), QColor(227, 119, 194)}, {QStringLiteral("IO"), QColor(31, 119, 180)},
        {QStringLiteral("IPC"), QColor(255, 127, 14)},  {QStringLiteral("Client"), QColor(127, 127, 127)},
        {QStringLiteral("Timeout"), QColor(188, 189, 34)}, {QStringLiteral("BufferPin"), QColor(140, 86, 75)},
        {QStringLiteral("Extension"), QColor(148, 103, 189)}, {QStringLiteral("Activity"), QColor(199, 199, 199)},
        {history::kIdleInTransactionBand, QColor(240, 150, 0)}};
    return colours.value(band, QColor(23, 190, 207));
}

QString timeText(qint64 ms, qint64 rangeMs)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms);
    return rangeMs > 60 * 60 * 1000 ? QLocale().toString(t, QLocale::ShortFormat) : t.toString(QStringLiteral("HH:mm:ss"));
}

} // namespace

void HistoryPanel::redraw()
{
    m_redraw->stop();
    m_redrawDueMs = m_steady.elapsed() + redrawPeriodMs();
    const qint64 to = std::max(m_rangeEndMs, QDateTime::currentMSecsSinceEpoch());
    const qint64 interval = std::max(1000, m_registry->intervalMs());
    const qint64 width = stretchMs();
    qint64 from = to - rangeMs();
    int buckets = int(std::clamp<qint64>(rangeMs() / interval, 1, kMaxBuckets));
    qint64 end = to;
    if (width) {
        // Stretches aligned as the points were merged.
        from -= ((from % width) + width) % width;
        buckets = int((to - from + width - 1) / width);
        end = from + buckets * width;
    }
    // A missed poll: a silence longer than two and a half intervals (or than a stretch and
    // a half, when each point is a stretch's mean).
    m_buckets = history::bucketize(m_points, from, end, buckets, std::max(interval * 5 / 2, width * 3 / 2));

    // Each bucket's load by band, worked out once, in a table of a column per band: a
    // band's sum, asked of every bucket for every band, named each key's band again (most
    // of a redraw's work on the data).
    QHash<QString, double> weight;
    QHash<QString, size_t> column;
    std::vector<std::tuple<size_t, size_t, double>> loads; // bucket, band's column, load
    for (size_t i = 0; i < m_buckets.size(); ++i) {
        for (auto it = m_buckets[i].bands.cbegin(); it != m_buckets[i].bands.cend(); ++it) {
            const QString band = bandOf(it.key());
            weight[band] += it.value();
            const auto at = column.constFind(band);
            loads.emplace_back(i, at != column.cend() ? *at : *column.insert(band, size_t(column.size())), it.value());
        }
    }
    const size_t columns = size_t(column.size());
    std::vector<double> byBand(m_buckets.size() * columns, 0.0);
    for (const auto &[bucket, band, load] : loads)
        byBand[bucket * columns + band] += load; // (in the order the keys came, as before)
    // The bands, CPU first, then the waits by how much they weigh; idle in transaction not
    // in the stack (a dashed line over it).
    QStringList bands = weight.keys();
    bands.removeAll(history::kIdleInTransactionBand);
    std::sort(bands.begin(), bands.end(), [&](const QString &a, const QString &b) {
        if ((a == history::kCpuBand) != (b == history::kCpuBand))
            return a == history::kCpuBand;
        return weight.value(a) != weight.value(b) ? weight.value(a) > weight.value(b) : a < b;
    });

    // Per band, one run of points per stretch of buckets without a gap, stacked on the
    // bands before it.
    std::vector<TimelineChart::Run> runs;
    std::vector<double> base(m_buckets.size(), 0.0);
    double top = 1;
    // Time is drawn as seconds before the chart's end, on an axis that stays as it is
    // while the chart moves on: a clock-time axis was laid out and its labels typeset
    // again at every redraw, most of a redraw's cost.
    m_chartEndMs = to;
    const auto addRuns = [&](const QString &band, bool stacked) {
        const size_t bandColumn = column.value(band);
        for (size_t i = 0; i < m_buckets.size();) {
            if (m_buckets[i].gap) {
                ++i;
                continue;
            }
            TimelineChart::Run run{band == history::kCpuBand                 ? tr("CPU")
                                   : band == history::kIdleInTransactionBand ? tr("idle in transaction")
                                                                             : band,
                                   colourOf(band), stacked, {}, {}};
            const qint64 startMs = m_buckets[i].fromMs;
            for (; i < m_buckets.size() && !m_buckets[i].gap; ++i) {
                const history::LoadBucket &b = m_buckets[i];
                const double v = byBand[i * columns + bandColumn];
                const double t = chartX((b.fromMs + b.toMs) / 2), value = base[i] + v;
                run.upper.append(QPointF(t, value));
                if (stacked) {
                    run.lower.append(QPointF(t, base[i]));
                    base[i] = value;
                }
                top = std::max(top, value); // (the line apart is drawn on the stack: its top counts too)
            }
            // From the first bucket's start to the last one's end, level there: a run of
            // one bucket is then as wide as its bucket (between the centres alone, it had
            // no width and was not drawn), and the newest is drawn to its end, not its middle.
            const double left = chartX(startMs), right = chartX(m_buckets[i - 1].toMs);
            run.upper.prepend(QPointF(left, run.upper.front().y()));
            run.upper.append(QPointF(right, run.upper.back().y()));
            if (stacked) {
                run.lower.prepend(QPointF(left, run.lower.front().y()));
                run.lower.append(QPointF(right, run.lower.back().y()));
            }
            runs.push_back(std::move(run));
        }
    };
    for (const QString &band : std::as_const(bands))
        addRuns(band, true);
    if (weight.contains(history::kIdleInTransactionBand))
        addRuns(history::kIdleInTransactionBand, false);

    labelTimeAxis(width);
    // The moment the views show, while rewound.
    const bool marked = !m_registry->isLive() && m_momentMs >= from;
    m_chart->setRuns(std::move(runs), top, marked, chartX(m_momentMs), tr("shown"));

    m_chartTop = int(std::ceil(top));
    m_chart->descriptionChanged();
}

void HistoryPanel::labelTimeAxis(qint64 leadMs)
{
    if (m_axisRangeMs == rangeMs() && m_axisLeadMs == leadMs)
        return;
    m_axisRangeMs = rangeMs();
    m_axisLeadMs = leadMs;
    // A label a minute over 5 minutes, every 10 minutes over an hour, every 4 hours over
    // a day; "now" at the right end.
    const qint64 step = m_axisRangeMs <= 5 * 60 * 1000 ? 60 : m_axisRangeMs <= 60 * 60 * 1000 ? 600 : 4 * 3600;
    const qint64 span = m_axisRangeMs / 1000;
    QList<QPair<QString, double>> labels;
    for (qint64 at = -span + step; at < 0; at += step) {
        const qint64 ago = -at;
        labels.append({QChar(0x2212) + (ago % 3600 == 0 && ago >= 3600 ? tr("%1 h").arg(ago / 3600) : tr("%1 min").arg(ago / 60)), double(at)});
    }
    labels.append({tr("now"), 0});
    // Stretches are aligned: the oldest one starts up to a stretch before the range, and
    // the axis reaches back that far (unlabelled) so that it is drawn whole.
    m_chart->setTimeAxis(-double(span) - double(leadMs) / 1000.0, labels);
}

QString HistoryPanel::describeChart() const
{
    // What a screen reader says of the chart: the newest bucket and the peak.
    const auto newest = std::find_if(m_buckets.rbegin(), m_buckets.rend(), [](const history::LoadBucket &b) { return !b.gap; });
    return newest == m_buckets.rend() ? tr("No history in this range")
                                      : tr("Now: %1. Most at once: %2 sessions").arg(describeMoment(newest->fromMs)).arg(m_chartTop);
}

QString HistoryPanel::describeMoment(qint64 atMs) const
{
    const QString load = describeLoad(atMs);
    return load.isEmpty() ? QString() : tr("%1: %2").arg(timeText(atMs, rangeMs()), load);
}

QString HistoryPanel::describeLoad(qint64 atMs) const
{
    const auto b = std::find_if(m_buckets.begin(), m_buckets.end(), [atMs](const history::LoadBucket &k) { return atMs >= k.fromMs && atMs < k.toMs; });
    if (b == m_buckets.end())
        return {};
    if (b->gap)
        return tr("no sample (pgsessions was not polling)");
    QMap<QString, double> bands;
    QList<QPair<double, QString>> events;
    for (auto it = b->bands.cbegin(); it != b->bands.cend(); ++it) {
        bands[bandOf(it.key())] += it.value();
        if (it.key().contains(QLatin1Char(':')))
            events.append({it.value(), it.key()});
    }
    std::sort(events.begin(), events.end(), [](const auto &a, const auto &c) { return a.first > c.first; });
    const auto number = [](double v) { return QLocale().toString(v, 'f', std::fmod(v, 1.0) == 0.0 ? 0 : 1); };
    QStringList parts;
    for (auto it = bands.cbegin(); it != bands.cend(); ++it)
        parts << tr("%1 %2").arg(it.key() == history::kCpuBand ? tr("CPU") : it.key(), number(it.value()));
    QStringList top;
    for (int i = 0; i < std::min<qsizetype>(3, events.size()); ++i)
        top << tr("%1 (%2)").arg(events[i].second, number(events[i].first));
    QString text = parts.isEmpty() ? tr("no session at work") : parts.join(QStringLiteral(", "));
    if (!top.isEmpty())
        text += tr("; top waits: %1").arg(top.join(QStringLiteral(", ")));
    return text;
}
