// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/history_panel.h"

#include "history/history_store.h"
#include "history/rewind.h"
#include "history/timeline_chart.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"

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
#include <QSlider>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

constexpr qint64 kRanges[] = {5 * 60 * 1000, 60 * 60 * 1000, 24 * 60 * 60 * 1000};

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
    , m_chart(new TimelineChart(this))
    , m_slider(new HistorySlider(Qt::Horizontal, this))
    , m_moment(new QLabel(this))
    , m_live(new QPushButton(tr("&Live"), this))
    , m_export(new QPushButton(tr("E&xport…"), this))
    , m_redraw(new QTimer(this))
    , m_loadGeneration(std::make_shared<int>(0))
{
    m_steady.start();
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

    m_chart->setObjectName(QStringLiteral("historyChart"));
    m_chart->setAccessibleName(tr("Timeline"));
    m_chart->setDescriber([this] { return describeChart(); });
    m_chart->setMinimumHeight(fontMetrics().height() * 10);
    m_chart->setMaximumHeight(fontMetrics().height() * 14);
    m_chart->installEventFilter(this);

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
    layout->addWidget(m_chart);
    auto *sliderLabel = new QLabel(tr("&History:"), this);
    sliderLabel->setBuddy(m_slider);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(sliderLabel);
    bottom->addWidget(m_slider, 1);
    layout->addLayout(bottom);

    // Redrawn when a stretch of the chart is complete (at most every 2 s, at least every
    // 30 s), however many servers poll.
    m_redraw->setSingleShot(true);
    m_redraw->setObjectName(QStringLiteral("redrawTimer"));
    connect(m_redraw, &QTimer::timeout, this, &HistoryPanel::redraw);
    connect(m_range, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(m_slider, &QSlider::valueChanged, this, &HistoryPanel::sliderMoved);
    connect(m_live, &QPushButton::clicked, this, [this] { m_rewind->showLive(); });
    connect(registry, &ServerRegistry::snapshotReady, this, &HistoryPanel::onSnapshot);
    connect(registry, &ServerRegistry::liveChanged, this, [this](bool live) {
        m_live->setEnabled(!live);
        if (live) {
            m_rewindPending = false;
            followLive();
            redraw();
        }
    });
    connect(m_rewind, &Rewind::shown, this, [this](int server, qint64 atMs, bool found) {
        m_rewindPending = false;
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
    connect(m_rewind, &Rewind::failed, this, [this](const QString &text) {
        m_rewindPending = false;
        emit message(tr("History: %1").arg(text), 10000);
    });
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
    m_rewindPending = false;
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
        m_rewindPending = false;
        m_slider->setAccessibleDescription(tr("Live"));
        m_rewind->showLive();
        return;
    }
    const qint64 atMs = qint64(value) * 1000;
    // The moment, and the load the timeline shows there (what hovering the chart says).
    const QString when = QDateTime::fromMSecsSinceEpoch(atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const QString load = describeLoad(atMs);
    m_slider->setAccessibleDescription(load.isEmpty() ? when : tr("%1: %2").arg(when, load));
    // Until the moment is shown (or fails), a poll leaves the slider where it is. Rewind
    // answers every request but one for no server at all, or for a server removed
    // meanwhile (then the scope changes, which ends the wait too).
    const QList<int> servers = m_server ? QList<int>{} : scopeServers();
    m_rewindPending = m_server || !servers.isEmpty();
    if (m_server)
        m_rewind->showAt(m_server, atMs);
    else
        m_rewind->showAt(servers, atMs);
}

void HistoryPanel::rewindTo(qint64 atMs)
{
    // The second nearest to the moment (the one it falls in lay up to a second earlier).
    const int value = int(std::clamp<qint64>((atMs + 500) / 1000, m_slider->minimum(), m_slider->maximum()));
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
    if (m_registry->isLive() && !m_rewindPending) {
        followLive();
    } else {
        // Rewound, or a moment being read (a poll that followed live then put the slider
        // back at its end, "Live", while the table went to the moment): the slider's span
        // moves on with time, its moment stays.
        const QSignalBlocker block(m_slider);
        const int value = m_slider->value();
        const qint64 moment = m_rewindPending ? qint64(value) * 1000 : m_momentMs;
        m_slider->setRange(int(std::min(from, moment) / 1000), int(now / 1000)); // the moment stays on it
        m_slider->setValue(value);
    }
    m_rangeEndMs = now;
    // The chart is redrawn by the poll nearest to when it is due: by this one when it
    // comes within half the time between polls before then (a server's own interval may
    // differ from the window's; polls further apart than the redraw's period each redraw
    // it). The GUI thread does not wake again for a timer of its own: armed for the time
    // itself, a coarse Qt timer fired up to a twentieth early, just before the poll that
    // would have drawn it, every other second at a 1 s interval. The timer only draws when
    // no poll comes (paused, lost): a time between polls and a quarter after the redraw
    // was due, past the poll that would have done it.
    const qint64 steadyNow = m_steady.elapsed();
    constexpr qint64 kLongestGapMs = 120000; // two of the longest polling intervals
    const qint64 gap = m_lastPollMs >= 0 ? std::min(steadyNow - m_lastPollMs, kLongestGapMs) : 0;
    m_lastPollMs = steadyNow;
    if (gap > 0 && steadyNow >= m_redrawDueMs - gap / 2)
        redraw();
    m_redraw->start(int(std::max<qint64>(0, m_redrawDueMs - steadyNow) + gap * 5 / 4));
}

qint64 HistoryPanel::redrawPeriodMs() const
{
    return std::clamp<qint64>(std::max<qint64>(stretchMs(), m_registry->intervalMs()), 2000, 30000);
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
    const auto loadPoints = [=] {
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
                *points = history::aggregate(*points, width); // a day is 86,400 samples: the GUI thread gets 150
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
    };
    // Read once the polls recorded until now are in the file: the last few seconds' would
    // be missing from the chart otherwise, drawn as a time pgsessions was not polling.
    store->readWhenWritten(this, loadPoints);
}

bool HistoryPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_chart) {
        if (event->type() == QEvent::MouseMove || event->type() == QEvent::MouseButtonPress) {
            const auto *mouse = static_cast<QMouseEvent *>(event);
            const QPointF value = m_chart->valueAt(mouse->position());
            const qint64 atMs = m_chartEndMs + qint64(std::llround(value.x() * 1000));
            if (event->type() == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton) {
                rewindTo(atMs);
                return true;
            }
            const QString text = describeMoment(atMs);
            if (text.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(mouse->globalPosition().toPoint(), text, m_chart);
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
    const auto exportRows = [=] {
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
    };
    // Once the polls recorded until now are in the file, so that the export holds them.
    store->readWhenWritten(this, exportRows);
}
