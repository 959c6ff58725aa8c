// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

/// Measures how long the thread it lives in (the GUI thread, in tests) stops processing
/// events: a 1 ms timer whose longest gap between two ticks is the longest stall.
class StallProbe : public QObject
{
    Q_OBJECT
public:
    explicit StallProbe(QObject *parent = nullptr)
        : QObject(parent)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, &StallProbe::tick);
    }

    void start()
    {
        m_longestMs = 0;
        m_longestEndedAtMs = 0;
        m_sinceStart = 0;
        m_ticks = 0;
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }

    qint64 longestStallMs() const { return m_longestMs; }
    qint64 ticks() const { return m_ticks; }
    qint64 sinceStartMs() const { return m_sinceStart + m_clock.elapsed(); }
    /// When the longest stall ended, in ms since start(): to tell what caused it.
    qint64 longestStallEndedAtMs() const { return m_longestEndedAtMs; }

private:
    void tick()
    {
        const qint64 gap = m_clock.restart();
        m_sinceStart += gap;
        if (gap > m_longestMs) {
            m_longestMs = gap;
            m_longestEndedAtMs = m_sinceStart;
        }
        ++m_ticks;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_longestMs = 0;
    qint64 m_ticks = 0;
    qint64 m_longestEndedAtMs = 0;
    qint64 m_sinceStart = 0;
};
