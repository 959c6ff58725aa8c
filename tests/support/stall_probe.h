// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <time.h>

#include <algorithm>

/// Measures how long the thread it lives in (the GUI thread, in tests) stops processing
/// events: a 1 ms timer whose longest gap between two ticks is the longest stall. Each
/// gap also records the CPU time the thread itself used in it: a gap spent on the CPU is
/// the thread's own work, one spent off it is the machine's (another thread had the core).
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
        m_longestOnCpuMs = 0;
        m_over5 = 0;
        m_over16 = 0;
        m_cpuUs = threadCpuUs();
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }

    qint64 longestStallMs() const { return m_longestMs; }
    qint64 ticks() const { return m_ticks; }
    qint64 sinceStartMs() const { return m_sinceStart + m_clock.elapsed(); }
    /// When the longest stall ended, in ms since start(): to tell what caused it.
    qint64 longestStallEndedAtMs() const { return m_longestEndedAtMs; }
    /// The most CPU time the thread used within one gap: its longest own stall.
    qint64 longestOnCpuMs() const { return m_longestOnCpuMs; }
    int gapsOver5Ms() const { return m_over5; }
    int gapsOver16Ms() const { return m_over16; }

private:
    static qint64 threadCpuUs()
    {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return qint64(t.tv_sec) * 1000000 + t.tv_nsec / 1000;
    }

    void tick()
    {
        const qint64 gap = m_clock.restart();
        const qint64 cpu = threadCpuUs();
        m_longestOnCpuMs = std::max(m_longestOnCpuMs, (cpu - m_cpuUs) / 1000);
        m_cpuUs = cpu;
        m_over5 += gap > 5;
        m_over16 += gap > 16;
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
    qint64 m_cpuUs = 0;
    qint64 m_longestOnCpuMs = 0;
    int m_over5 = 0;
    int m_over16 = 0;
};
