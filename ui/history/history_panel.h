// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "history/history_load.h"

#include <QElapsedTimer>
#include <QHash>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;
class HistorySlider;
class Rewind;
class ServerRegistry;
class TimelineChart;

/// Over the sessions: the timeline of the server or database in scope (sessions stacked by
/// what they do: CPU, each wait event type; idle in transaction as a line apart; missed
/// polls as gaps) over 5 minutes, an hour or a day, and under it the "History" slider that
/// rewinds the table, blocking tree, details and tree counts to a moment. Its right end is
/// live (so are End and the Live button). Export writes the range as CSV or JSON Lines.
class HistoryPanel : public QWidget
{
    Q_OBJECT
public:
    HistoryPanel(ServerRegistry *registry, QWidget *parent = nullptr);
    ~HistoryPanel() override;

    /// One server (or one of its databases), or with @p server 0 several: @p servers (a
    /// group's), or every server when empty. Several servers' loads are added up, and a
    /// rewind shows each of them at the moment.
    void setScope(int server, const QString &database, const QList<int> &servers = {});

    QSlider *slider() const;
    TimelineChart *chart() const { return m_chart; }
    QComboBox *rangeBox() const { return m_range; }
    QPushButton *liveButton() const { return m_live; }
    QLabel *momentLabel() const { return m_moment; }
    Rewind *rewind() const { return m_rewind; }
    /// The buckets the chart draws now (for tests and benchmarks).
    const std::vector<history::LoadBucket> &buckets() const { return m_buckets; }
    /// Redraws the chart from the points held (what a poll or a new range does).
    void redraw();
    /// The range shown, in ms.
    qint64 rangeMs() const;
    /// The stretch each point of the chart stands for, when polls are merged (0: not).
    qint64 stretchMs() const;
    /// How often the chart is redrawn while polls come: a stretch, or the polling
    /// interval, at least 2 s and at most 30 s. The poll nearest to the time redraws it;
    /// the timer "redrawTimer" only when none comes near it.
    qint64 redrawPeriodMs() const;
    /// Rewinds to @p atMs (what the slider and a click on the chart do).
    void rewindTo(qint64 atMs);
    /// The text the chart's hover shows for the moment at @p atMs.
    QString describeMoment(qint64 atMs) const;
    /// The load at @p atMs as the chart shows it, without the time ("CPU 2, Lock 1; top
    /// waits: …"); empty outside the chart's range.
    QString describeLoad(qint64 atMs) const;
    /// What a screen reader is told of the chart: the newest stretch and the peak.
    QString describeChart() const;
    /// Where the chart draws the moment @p atMs on its time axis: seconds before the end
    /// of the chart as last drawn (the axis reads "-4 min" … "now").
    qreal chartX(qint64 atMs) const { return double(atMs - m_chartEndMs) / 1000.0; }
    /// The moment at the chart's right end, as last drawn.
    qint64 chartEndMs() const { return m_chartEndMs; }

Q_SIGNALS:
    void message(const QString &text, int timeoutMs);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void reload();
    /// Labels the time axis for the range chosen (once per range), reaching back
    /// @p leadMs more for the oldest stretch.
    void labelTimeAxis(qint64 leadMs);
    void onSnapshot(const SnapshotPtr &snapshot);
    void followLive();
    void sliderMoved(int value);
    void exportRange(bool jsonLines);
    /// About 5 px a stretch on a chart 700 px wide.
    static constexpr int kMaxBuckets = 150;
    QString scopeKey() const;
    /// The servers in scope that have a history (no PgBouncer console).
    QList<int> scopeServers() const;
    /// Several servers' points are merged into stretches of this (their polls differ).
    qint64 sumWidthMs() const;

    ServerRegistry *m_registry;
    Rewind *m_rewind;
    QComboBox *m_range;
    TimelineChart *m_chart;
    HistorySlider *m_slider;
    QLabel *m_moment;
    QPushButton *m_live;
    QPushButton *m_export;
    QTimer *m_redraw;
    qint64 m_axisRangeMs = 0; ///< the range the time axis is labelled for
    qint64 m_axisLeadMs = -1; ///< and how far before it it reaches
    qint64 m_chartEndMs = 0;  ///< the moment at the chart's right end, as last drawn
    int m_chartTop = 0;       ///< the most sessions at once it draws
    int m_server = 0;
    QList<int> m_servers; ///< with m_server 0: a group's, or every server when empty
    QHash<int, history::Bands> m_lastBands; ///< several servers: each one's last poll
    QString m_database;
    qint64 m_rangeEndMs = 0;
    /// The redraw's schedule, on a steady clock (the system's may be set back or on).
    QElapsedTimer m_steady;
    qint64 m_lastPollMs = -1; ///< when the last poll in scope arrived (m_steady), -1: none yet
    qint64 m_redrawDueMs = 0; ///< when the chart is to be redrawn next (m_steady: a period after the last time)
    qint64 m_momentMs = 0; ///< rewound: the moment shown
    bool m_rewindPending = false; ///< the slider moved to a moment not shown yet
    std::vector<history::LoadPoint> m_points;
    std::vector<history::LoadBucket> m_buckets;
    std::shared_ptr<int> m_loadGeneration;
    bool m_settingSlider = false;
};
