// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/history_panel.h"

#include "history/history_store.h"
#include "history/rewind.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"

#include <QtCharts/QAreaSeries>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QSaveFile>
#include <QSet>
#include <QSlider>
#include <QThreadPool>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

constexpr qint64 kRanges[] = {5 * 60 * 1000, 60 * 60 * 1000, 24 * 60 * 60 * 1000};
// About 5 px a stretch on a chart 700 px wide; fewer points, less for Qt Charts to redo.
constexpr int kMaxBuckets = 150;

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

/// The "History" slider. Live, its span follows the clock at every poll with the handle
/// at the right end: the same pixels before and after, so that move repaints nothing
/// (it repainted the slider and every panel under it, once a poll).
class HistorySlider : public QSlider
{
public:
    using QSlider::QSlider;

    /// The span [@p from, @p to] and its steps, the handle at the right end.
    void followEnd(int from, int to, int single, int page)
    {
        m_quiet = value() == maximum(); // at the end already: it stays there
        setRange(from, to);
        setSingleStep(single);
        setPageStep(page);
        setValue(to);
        m_quiet = false;
    }

protected:
    void sliderChange(SliderChange change) override
    {
        if (!m_quiet)
            QSlider::sliderChange(change);
    }

private:
    bool m_quiet = false;
};

HistoryPanel::HistoryPanel(ServerRegistry *registry, QWidget *parent)
    : QWidget(parent)
    , m_registry(registry)
    , m_rewind(new Rewind(registry, this))
    , m_range(new QComboBox(this))
    , m_view(new QChartView(this))
    , m_chart(new QChart)
    , m_slider(new HistorySlider(Qt::Horizontal, this))
    , m_moment(new QLabel(this))
    , m_live(new QPushButton(tr("&Live"), this))
    , m_export(new QPushButton(tr("E&xport…"), this))
    , m_redraw(new QTimer(this))
    , m_loadGeneration(std::make_shared<int>(0))
{
    setObjectName(QStringLiteral("historyPanel"));
    m_range->setObjectName(QStringLiteral("historyRange"));
    m_range->addItems({tr("Last 5 minutes"), tr("Last hour"), tr("Last 24 hours")});
    m_range->setAccessibleName(tr("Timeline range"));
    m_range->setToolTip(tr("How much history the timeline shows"));
    m_live->setObjectName(QStringLiteral("historyLive"));
    m_live->setAccessibleName(tr("Back to live"));
    m_live->setToolTip(tr("Show the sessions as they are now (End on the slider does the same)"));
    m_live->setEnabled(false);
    m_export->setObjectName(QStringLiteral("historyExport"));
    m_export->setAccessibleName(tr("Export the timeline's range"));
    m_export->setToolTip(tr("Write the sessions at work (not idle) of every sample in the range shown, as CSV or JSON Lines"));
    auto *exportMenu = new QMenu(m_export);
    exportMenu->addAction(tr("As &CSV…"), this, [this] { exportRange(false); });
    exportMenu->addAction(tr("As &JSON Lines…"), this, [this] { exportRange(true); });
    m_export->setMenu(exportMenu);
    m_moment->setObjectName(QStringLiteral("historyMoment"));
    m_moment->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_moment->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // a long text is cut, not the tree

    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 2, 4, 2));
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->legend()->setFont(font());
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_view->setChart(m_chart); // the view owns the chart
    m_view->setObjectName(QStringLiteral("historyChart"));
    m_view->setAccessibleName(tr("Timeline"));
    m_view->setRenderHint(QPainter::Antialiasing, false);
    m_view->setMinimumHeight(fontMetrics().height() * 10);
    m_view->setMaximumHeight(fontMetrics().height() * 14);
    m_view->setMouseTracking(true);
    m_view->viewport()->installEventFilter(this);

    m_slider->setObjectName(QStringLiteral("historySlider"));
    m_slider->setAccessibleName(tr("History"));
    m_slider->setToolTip(tr("Drag to see the sessions at an earlier moment; the right end is live"));
    m_slider->setFocusPolicy(Qt::StrongFocus);
    m_slider->installEventFilter(this);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    auto *rangeLabel = new QLabel(tr("&Timeline:"), this);
    rangeLabel->setBuddy(m_range);
    top->addWidget(rangeLabel);
    top->addWidget(m_range);
    top->addWidget(m_moment, 1);
    top->addWidget(m_live);
    top->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_view);
    auto *sliderLabel = new QLabel(tr("&History:"), this);
    sliderLabel->setBuddy(m_slider);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(sliderLabel);
    bottom->addWidget(m_slider, 1);
    layout->addLayout(bottom);

    // Redrawn when a stretch of the chart is complete (at most every 2 s, at least every
    // 30 s), however many servers poll.
    m_redraw->setSingleShot(true);
    connect(m_redraw, &QTimer::timeout, this, &HistoryPanel::redraw);
    connect(m_range, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(m_slider, &QSlider::valueChanged, this, &HistoryPanel::sliderMoved);
    connect(m_live, &QPushButton::clicked, this, [this] { m_rewind->showLive(); });
    connect(registry, &ServerRegistry::snapshotReady, this, &HistoryPanel::onSnapshot);
    connect(registry, &ServerRegistry::liveChanged, this, [this](bool live) {
        m_live->setEnabled(!live);
        if (live) {
            followLive();
            redraw();
        }
    });
    connect(m_rewind, &Rewind::shown, this, [this](int server, qint64 atMs, bool found) {
        if (server != m_server)
            return; // (several servers: 0, as m_server is then)
        const QString at = QDateTime::fromMSecsSinceEpoch(atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        m_moment->setText(found ? tr("At %1 (idle sessions counted, not listed; actions off until Live)").arg(at)
                                : tr("At %1: no sample (pgsessions was not polling)").arg(at));
        m_moment->setToolTip(m_moment->text());
        m_moment->setAccessibleName(m_moment->text());
        m_momentMs = atMs;
        redraw();
    });
    connect(m_rewind, &Rewind::failed, this, [this](const QString &text) { emit message(tr("History: %1").arg(text), 10000); });
    // Without history there is nothing to go back to or to export.
    m_slider->setEnabled(registry->history() != nullptr);
    m_export->setEnabled(registry->history() != nullptr);
    followLive();
    reload();
}

HistoryPanel::~HistoryPanel()
{
    ++*m_loadGeneration;
}

QSlider *HistoryPanel::slider() const
{
    return m_slider;
}

qint64 HistoryPanel::rangeMs() const
{
    return kRanges[std::clamp(m_range->currentIndex(), 0, 2)];
}

qint64 HistoryPanel::stretchMs() const
{
    // Finer than the polls, each poll is a point of its own.
    const qint64 width = rangeMs() / kMaxBuckets;
    return width > std::max(1000, m_registry->intervalMs()) ? width : 0;
}

void HistoryPanel::setScope(int server, const QString &database, const QList<int> &servers)
{
    const QList<int> several = server ? QList<int>{} : servers;
    if (server == m_server && database == m_database && several == m_servers)
        return;
    // Another server's moment is not this one's: the views go back to live, and a moment
    // still being read for the last one is dropped.
    if (server != m_server || several != m_servers)
        m_rewind->showLive();
    m_server = server;
    m_servers = several;
    m_database = database;
    m_lastBands.clear();
    m_export->setEnabled(m_registry->history() != nullptr && m_server != 0);
    m_export->setToolTip(m_server ? QString() : tr("Export writes one server's history: pick a server."));
    reload();
}

QList<int> HistoryPanel::scopeServers() const
{
    QList<int> out;
    const QList<int> candidates = m_server ? QList<int>{m_server} : m_servers.isEmpty() ? m_registry->servers() : m_servers;
    for (const int id : candidates) {
        if (const ServerMonitor *m = m_registry->monitor(id); m && !m->status().poolerConsole)
            out << id;
    }
    return out;
}

qint64 HistoryPanel::sumWidthMs() const
{
    return std::max({stretchMs(), qint64(m_registry->intervalMs()), qint64(1000)});
}

void HistoryPanel::followLive()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_rangeEndMs = now;
    const QSignalBlocker block(m_slider);
    m_slider->followEnd(int((now - rangeMs()) / 1000), int(now / 1000), std::max(1, m_registry->intervalMs() / 1000), int(rangeMs() / 1000 / 20));
    m_slider->setAccessibleDescription(tr("Live"));
    if (m_registry->isLive()) {
        m_moment->setText(!m_registry->history() ? tr("History is turned off in the settings (history/enabled)")
                          : !scopeServers().isEmpty() ? tr("Live")
                                                      : tr("Pick a server to see its timeline"));
        m_moment->setAccessibleName(m_moment->text());
    }
}

void HistoryPanel::sliderMoved(int value)
{
    if (value >= m_slider->maximum()) {
        m_slider->setAccessibleDescription(tr("Live"));
        m_rewind->showLive();
        return;
    }
    const qint64 atMs = qint64(value) * 1000;
    m_slider->setAccessibleDescription(QDateTime::fromMSecsSinceEpoch(atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    if (m_server)
        m_rewind->showAt(m_server, atMs);
    else
        m_rewind->showAt(scopeServers(), atMs);
}

void HistoryPanel::rewindTo(qint64 atMs)
{
    const int value = int(std::clamp<qint64>(atMs / 1000, m_slider->minimum(), m_slider->maximum()));
    if (value == m_slider->value())
        sliderMoved(value);
    else
        m_slider->setValue(value);
}

void HistoryPanel::onSnapshot(const SnapshotPtr &snapshot)
{
    if (snapshot->pooler)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_server) {
        if (snapshot->server != m_server)
            return;
        history::addPoint(m_points, {now, history::bandsOf(history::loadOf(*snapshot), m_database), 1}, stretchMs());
    } else {
        // Several servers: the sum of each one's last poll, a point per stretch.
        if (!scopeServers().contains(snapshot->server))
            return;
        m_lastBands.insert(snapshot->server, history::bandsOf(history::loadOf(*snapshot), QString()));
        history::Bands sum;
        for (const history::Bands &bands : std::as_const(m_lastBands)) {
            for (auto it = bands.cbegin(); it != bands.cend(); ++it)
                sum[it.key()] += it.value();
        }
        // The stretch stands for the sum as it is at its end: the newest sum replaces it.
        const qint64 width = sumWidthMs();
        const qint64 at = now - ((now % width) + width) % width;
        if (!m_points.empty() && m_points.back().atMs == at)
            m_points.back().bands = sum;
        else
            m_points.push_back({at, sum, 1});
    }
    const qint64 from = now - rangeMs();
    const qint64 oldest = from - stretchMs(); // a merged point stands at its stretch's start
    const auto keep = std::find_if(m_points.begin(), m_points.end(), [oldest](const history::LoadPoint &p) { return p.atMs >= oldest; });
    m_points.erase(m_points.begin(), keep);
    if (m_registry->isLive()) {
        followLive();
    } else {
        // Rewound: the slider's span moves on with time, its moment stays.
        const QSignalBlocker block(m_slider);
        const int value = m_slider->value();
        m_slider->setRange(int(std::min(from, m_momentMs) / 1000), int(now / 1000)); // the moment shown stays on it
        m_slider->setValue(value);
    }
    m_rangeEndMs = now;
    if (!m_redraw->isActive())
        m_redraw->start(int(std::clamp<qint64>(std::max<qint64>(stretchMs(), m_registry->intervalMs()), 2000, 30000)));
}

void HistoryPanel::reload()
{
    m_points.clear();
    if (m_registry->isLive()) {
        followLive();
    } else {
        // Rewound: the new span, the moment shown kept.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QSignalBlocker block(m_slider);
        m_slider->setRange(int((std::min(now - rangeMs(), m_momentMs)) / 1000), int(now / 1000));
        m_slider->setPageStep(int(rangeMs() / 1000 / 20));
        m_slider->setValue(int(m_momentMs / 1000));
    }
    redraw();
    const HistoryStore *store = m_registry->history();
    QStringList keys;
    for (const int id : scopeServers())
        keys << m_registry->monitor(id)->serverKey();
    if (keys.isEmpty() || !store)
        return;
    const int generation = ++*m_loadGeneration;
    const std::shared_ptr<int> current = m_loadGeneration;
    const QString path = store->path(), database = m_database;
    const bool several = m_server == 0;
    const qint64 to = QDateTime::currentMSecsSinceEpoch(), from = to - rangeMs(), width = several ? sumWidthMs() : stretchMs();
    QPointer<HistoryPanel> self(this);
    QThreadPool::globalInstance()->start([=] {
        Expected<std::vector<history::LoadPoint>> points = std::vector<history::LoadPoint>{};
        if (several) {
            // Each server's load, added up stretch by stretch.
            std::vector<std::vector<history::LoadPoint>> series;
            for (const QString &key : keys) {
                Expected<std::vector<history::LoadPoint>> one = history::loadSeries(path, key, QString(), from - width, to);
                if (!one.ok()) {
                    points = one.error();
                    break;
                }
                series.push_back(std::move(*one));
            }
            if (points.ok())
                *points = history::sumSeries(series, width);
        } else {
            points = history::loadSeries(path, keys.front(), database, from - width, to);
            if (points.ok() && width)
                *points = history::aggregate(*points, width); // a day is 86,400 samples: the GUI thread gets 300
        }
        // Posted to the application: the panel may be gone by now (checked there, not here).
        QMetaObject::invokeMethod(
            qApp,
            [=, points = std::move(points)] {
                if (!self || *current != generation)
                    return;
                if (!points.ok()) {
                    emit message(tr("History: %1").arg(points.error().message()), 10000);
                    return;
                }
                // What the polls added meanwhile stays after what the file held.
                std::vector<history::LoadPoint> merged = *points;
                const qint64 last = merged.empty() ? 0 : merged.back().atMs;
                for (const history::LoadPoint &p : m_points) {
                    if (p.atMs > last)
                        history::addPoint(merged, p, 0);
                }
                m_points = std::move(merged);
                redraw();
            },
            Qt::QueuedConnection);
    });
}

void HistoryPanel::redraw()
{
    m_redraw->stop();
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

    // The bands, CPU first, then the waits by how much they weigh; idle in transaction apart.
    QHash<QString, double> weight;
    for (const history::LoadBucket &b : m_buckets) {
        for (auto it = b.bands.cbegin(); it != b.bands.cend(); ++it)
            weight[bandOf(it.key())] += it.value();
    }
    QStringList bands = weight.keys();
    bands.removeAll(history::kIdleInTransactionBand);
    std::sort(bands.begin(), bands.end(), [&](const QString &a, const QString &b) {
        if ((a == history::kCpuBand) != (b == history::kCpuBand))
            return a == history::kCpuBand;
        return weight.value(a) != weight.value(b) ? weight.value(a) > weight.value(b) : a < b;
    });

    // Per band, one run of points per stretch of buckets without a gap, stacked on the
    // bands before it.
    struct Run {
        QString band;
        bool stacked = true;
        QList<QPointF> upper, lower;
    };
    std::vector<Run> runs;
    std::vector<double> base(m_buckets.size(), 0.0);
    double top = 1;
    const auto sumOf = [](const history::LoadBucket &b, const QString &band) {
        double sum = 0;
        for (auto it = b.bands.cbegin(); it != b.bands.cend(); ++it) {
            if (bandOf(it.key()) == band)
                sum += it.value();
        }
        return sum;
    };
    // Time is drawn as seconds before the chart's end, on an axis that stays as it is
    // while the chart moves on: a clock-time axis was laid out and its labels typeset
    // again at every redraw, most of a redraw's cost.
    m_chartEndMs = to;
    const auto addRuns = [&](const QString &band, bool stacked) {
        for (size_t i = 0; i < m_buckets.size();) {
            if (m_buckets[i].gap) {
                ++i;
                continue;
            }
            Run run{band, stacked, {}, {}};
            for (; i < m_buckets.size() && !m_buckets[i].gap; ++i) {
                const history::LoadBucket &b = m_buckets[i];
                const double v = sumOf(b, band);
                const double t = chartX((b.fromMs + b.toMs) / 2);
                run.upper.append(QPointF(t, base[i] + v));
                if (stacked) {
                    run.lower.append(QPointF(t, base[i]));
                    base[i] += v;
                }
                top = std::max(top, stacked ? base[i] : v);
            }
            runs.push_back(std::move(run));
        }
    };
    for (const QString &band : std::as_const(bands))
        addRuns(band, true);
    if (weight.contains(history::kIdleInTransactionBand))
        addRuns(history::kIdleInTransactionBand, false);

    if (!m_x) {
        // The axes and the moment's marker live as long as the chart.
        m_x = new QCategoryAxis(m_chart);
        m_x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        m_x->setLabelsFont(font());
        m_y = new QValueAxis(m_chart);
        m_y->setLabelFormat(QStringLiteral("%d"));
        m_y->setTickCount(3);
        m_y->setLabelsFont(font());
        m_chart->addAxis(m_x, Qt::AlignBottom);
        m_chart->addAxis(m_y, Qt::AlignLeft);
        m_marker = new QLineSeries(m_chart);
        m_marker->setPen(QPen(palette().text().color(), 2));
        m_marker->setName(tr("shown"));
        m_chart->addSeries(m_marker);
        m_marker->attachAxis(m_x);
        m_marker->attachAxis(m_y);
    }
    labelTimeAxis(width);
    m_y->setRange(0, std::ceil(top));

    // The same bands and runs as last time (every poll but the few that add a band or a
    // gap): their points are replaced, nothing is made anew.
    bool same = runs.size() == m_drawn.size();
    for (size_t i = 0; same && i < runs.size(); ++i)
        same = runs[i].band == m_drawn[i].band && runs[i].stacked == m_drawn[i].stacked;
    if (same) {
        for (size_t i = 0; i < runs.size(); ++i) {
            m_drawn[i].upper->replace(runs[i].upper);
            if (m_drawn[i].lower)
                m_drawn[i].lower->replace(runs[i].lower);
        }
    } else {
        for (const Drawn &d : m_drawn) {
            m_chart->removeSeries(d.series);
            delete d.series; // and the lines an area owns
        }
        m_drawn.clear();
        QSet<QString> named;
        for (Run &run : runs) {
            Drawn d{run.band, run.stacked, nullptr, new QLineSeries, nullptr};
            d.upper->replace(run.upper);
            if (run.stacked) {
                d.lower = new QLineSeries;
                d.lower->replace(run.lower);
                auto *area = new QAreaSeries(d.upper, d.lower);
                d.upper->setParent(area); // an area does not own its lines
                d.lower->setParent(area);
                area->setColor(colourOf(run.band));
                area->setPen(Qt::NoPen); // a border is a stroke to compute at every redraw
                d.series = area;
            } else {
                d.upper->setPen(QPen(colourOf(run.band), 2, Qt::DashLine));
                d.series = d.upper;
            }
            d.series->setName(run.band == history::kCpuBand                 ? tr("CPU")
                              : run.band == history::kIdleInTransactionBand ? tr("idle in transaction")
                                                                            : run.band);
            m_chart->addSeries(d.series);
            d.series->attachAxis(m_x);
            d.series->attachAxis(m_y);
            // One legend entry per band.
            if (named.contains(run.band)) {
                for (QLegendMarker *marker : m_chart->legend()->markers(d.series))
                    marker->setVisible(false);
            }
            named.insert(run.band);
            m_drawn.push_back(d);
        }
    }
    // The moment the views show, while rewound.
    const bool marked = !m_registry->isLive() && m_momentMs >= from;
    m_marker->replace(marked ? QList<QPointF>{{chartX(m_momentMs), 0}, {chartX(m_momentMs), std::ceil(top)}} : QList<QPointF>{});
    for (QLegendMarker *marker : m_chart->legend()->markers(m_marker))
        marker->setVisible(marked);

    // What a screen reader says of the chart: the newest bucket and the peak.
    const auto newest = std::find_if(m_buckets.rbegin(), m_buckets.rend(), [](const history::LoadBucket &b) { return !b.gap; });
    m_view->setAccessibleDescription(newest == m_buckets.rend() ? tr("No history in this range")
                                                                : tr("Now: %1. Most at once: %2 sessions")
                                                                      .arg(describeMoment(newest->fromMs))
                                                                      .arg(int(std::ceil(top))));
}

void HistoryPanel::labelTimeAxis(qint64 leadMs)
{
    if (m_axisRangeMs == rangeMs() && m_axisLeadMs == leadMs)
        return;
    m_axisRangeMs = rangeMs();
    m_axisLeadMs = leadMs;
    for (const QString &label : m_x->categoriesLabels())
        m_x->remove(label);
    // A label a minute over 5 minutes, every 10 minutes over an hour, every 4 hours over
    // a day; "now" at the right end.
    const qint64 step = m_axisRangeMs <= 5 * 60 * 1000 ? 60 : m_axisRangeMs <= 60 * 60 * 1000 ? 600 : 4 * 3600;
    const qint64 span = m_axisRangeMs / 1000;
    // Stretches are aligned: the oldest one starts up to a stretch before the range, and
    // the axis reaches back that far (unlabelled) so that it is drawn whole.
    const double start = -double(span) - double(leadMs) / 1000.0;
    m_x->setStartValue(start);
    for (qint64 at = -span + step; at < 0; at += step) {
        const qint64 ago = -at;
        m_x->append(QChar(0x2212) + (ago % 3600 == 0 && ago >= 3600 ? tr("%1 h").arg(ago / 3600) : tr("%1 min").arg(ago / 60)), double(at));
    }
    m_x->append(tr("now"), 0);
    m_x->setRange(start, 0);
}

QString HistoryPanel::describeMoment(qint64 atMs) const
{
    const auto b = std::find_if(m_buckets.begin(), m_buckets.end(), [atMs](const history::LoadBucket &k) { return atMs >= k.fromMs && atMs < k.toMs; });
    if (b == m_buckets.end())
        return {};
    const QString when = timeText(atMs, rangeMs());
    if (b->gap)
        return tr("%1: no sample (pgsessions was not polling)").arg(when);
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
    QString text = parts.isEmpty() ? tr("%1: no session at work").arg(when) : tr("%1: %2").arg(when, parts.join(QStringLiteral(", ")));
    if (!top.isEmpty())
        text += tr("; top waits: %1").arg(top.join(QStringLiteral(", ")));
    return text;
}

bool HistoryPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport()) {
        if (event->type() == QEvent::MouseMove || event->type() == QEvent::MouseButtonPress) {
            const auto *mouse = static_cast<QMouseEvent *>(event);
            const QPointF value = m_chart->mapToValue(m_chart->mapFromScene(m_view->mapToScene(mouse->position().toPoint())));
            const qint64 atMs = m_chartEndMs + qint64(std::llround(value.x() * 1000));
            if (event->type() == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton) {
                rewindTo(atMs);
                return true;
            }
            const QString text = describeMoment(atMs);
            if (text.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(mouse->globalPosition().toPoint(), text, m_view);
        }
    } else if (watched == m_slider && event->type() == QEvent::KeyPress) {
        // End: back to live, also when the slider is at its end already.
        if (static_cast<QKeyEvent *>(event)->key() == Qt::Key_End) {
            m_slider->setValue(m_slider->maximum());
            m_rewind->showLive();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void HistoryPanel::exportRange(bool jsonLines)
{
    const ServerMonitor *monitor = m_registry->monitor(m_server);
    const HistoryStore *store = m_registry->history();
    if (!monitor || !store) {
        emit message(store ? tr("Pick a server to export its history.") : tr("No history is kept: it is turned off in the settings."), 10000);
        return;
    }
    const QString suggested = QStringLiteral("pgsessions-history-%1.%2")
                                  .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")),
                                       jsonLines ? QStringLiteral("jsonl") : QStringLiteral("csv"));
    const QString file = QFileDialog::getSaveFileName(this, jsonLines ? tr("Export history as JSON Lines") : tr("Export history as CSV"), suggested,
                                                      jsonLines ? tr("JSON Lines (*.jsonl)") : tr("CSV (*.csv)"));
    if (file.isEmpty())
        return;
    const QString path = store->path(), key = monitor->serverKey(), database = m_database;
    const qint64 to = QDateTime::currentMSecsSinceEpoch(), from = to - rangeMs();
    auto *progress = new QProgressDialog(tr("Exporting history…"), tr("Stop"), 0, 100, this);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setMinimumDuration(300);
    progress->setValue(0);
    auto stop = std::make_shared<std::atomic<bool>>(false);
    connect(progress, &QProgressDialog::canceled, this, [stop] { *stop = true; });
    QPointer<HistoryPanel> self(this);
    QPointer<QProgressDialog> dialog(progress);
    QThreadPool::globalInstance()->start([=] {
        QSaveFile out(file);
        Expected<int> rows = Error(tr("Could not write %1").arg(file));
        if (out.open(QIODevice::WriteOnly)) {
            rows = history::exportRange(path, key, database, from, to, jsonLines, out, [=](int done, int total) {
                QMetaObject::invokeMethod(qApp, [=] {
                    if (dialog)
                        dialog->setValue(total ? done * 100 / total : 100);
                });
                return !*stop;
            });
            if (rows.ok() && !out.commit())
                rows = Error(tr("Could not write %1: %2").arg(file, out.errorString()));
        } else {
            rows = Error(tr("Could not write %1: %2").arg(file, out.errorString()));
        }
        QMetaObject::invokeMethod(
            qApp,
            [=] {
                if (dialog)
                    dialog->close();
                if (self)
                    emit message(rows.ok() ? tr("Exported %n session row(s) to %1", nullptr, *rows).arg(file) : rows.error().message(), 15000);
            },
            Qt::QueuedConnection);
    });
}
