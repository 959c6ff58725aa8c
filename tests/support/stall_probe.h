// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

/// Measures how long the thread it lives in (the GUI thread, in tests) stops processing
/// events: a 1 ms timer whose longest gap between two ticks is the longest stall. Each
/// gap also records the CPU time the thread itself used in it: a gap spent on the CPU is
/// the thread's own work. A gap spent off it is either a blocking call or a wait for a
/// core that another thread had; the kernel's count of the thread's run-queue wait
/// (/proc/thread-self/schedstat) tells the two apart.
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

    ~StallProbe() override { closeSchedstat(); }
    StallProbe(const StallProbe &) = delete;
    StallProbe &operator=(const StallProbe &) = delete;

    /// Starts measuring the thread it is called on (the thread this probe lives in).
    void start()
    {
        closeSchedstat();
        m_schedstat = ::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
        m_runWaitUs = runQueueWaitUs();
        m_longestOwnMs = 0;
        m_totalWaitUs = 0;
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
    /// The longest gap less the time in it the thread was ready to run but waited for a
    /// core: the longest stall its own work or a blocking call made. Where the kernel's
    /// count cannot be read, the whole gap.
    qint64 longestOwnStallMs() const { return m_longestOwnMs; }
    /// All the time the thread waited for a core since start(), as the kernel counts it.
    qint64 runQueueWaitMs() const { return m_totalWaitUs / 1000; }
    qint64 ticks() const { return m_ticks; }
    qint64 sinceStartMs() const { return m_sinceStart + m_clock.elapsed(); }
    /// When the longest stall ended, in ms since start(): to tell what caused it.
    qint64 longestStallEndedAtMs() const { return m_longestEndedAtMs; }
    /// The most CPU time the thread used within one gap: its longest own stall.
    qint64 longestOnCpuMs() const { return m_longestOnCpuMs; }
    int gapsOver5Ms() const { return m_over5; }
    int gapsOver16Ms() const { return m_over16; }

    /// The CPU time the calling thread has used, in µs.
    static qint64 threadCpuUs()
    {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return qint64(t.tv_sec) * 1000000 + t.tv_nsec / 1000;
    }

private:
    void closeSchedstat()
    {
        if (m_schedstat >= 0)
            ::close(m_schedstat);
        m_schedstat = -1;
    }

    /// The thread's run-queue wait so far, in µs: schedstat's second field (ns).
    qint64 runQueueWaitUs() const
    {
        if (m_schedstat < 0)
            return 0;
        char text[128];
        const ssize_t n = ::pread(m_schedstat, text, sizeof text - 1, 0);
        if (n <= 0)
            return 0;
        text[n] = '\0';
        char *afterOnCpu = nullptr;
        std::strtoll(text, &afterOnCpu, 10);
        return std::strtoll(afterOnCpu, nullptr, 10) / 1000;
    }

    void tick()
    {
        const qint64 gap = m_clock.restart();
        const qint64 cpu = threadCpuUs();
        m_longestOnCpuMs = std::max(m_longestOnCpuMs, (cpu - m_cpuUs) / 1000);
        m_cpuUs = cpu;
        const qint64 runWait = runQueueWaitUs();
        const qint64 waitedUs = runWait - m_runWaitUs;
        m_runWaitUs = runWait;
        m_totalWaitUs += waitedUs;
        m_longestOwnMs = std::max(m_longestOwnMs, gap - waitedUs / 1000);
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
    qint64 m_longestOwnMs = 0;
    qint64 m_runWaitUs = 0;
    qint64 m_totalWaitUs = 0;
    int m_schedstat = -1;
    int m_over5 = 0;
    int m_over16 = 0;
};
