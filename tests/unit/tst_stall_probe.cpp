// SPDX-License-Identifier: GPL-3.0-or-later
// The probe the responsiveness tests judge the GUI thread by: a blocking call and busy
// work are the thread's own stalls; a wait for a core that another thread has is not.
#include "event_wait.h"
#include "stall_probe.h"

#include <QThread>
#include <QtTest>

#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <thread>

class TestStallProbe : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aBlockingCallIsTheThreadsOwnStall();
    void busyWorkIsTheThreadsOwnStall();
    void aWaitForACoreIsNotTheThreadsOwnStall();
};

void TestStallProbe::aBlockingCallIsTheThreadsOwnStall()
{
    StallProbe probe;
    probe.start();
    QTimer::singleShot(100, this, [] { QThread::msleep(250); });
    runEventsFor(600);
    probe.stop();
    qInfo("longest stall %lld ms, own %lld ms, on the CPU %lld ms", probe.longestStallMs(), probe.longestOwnStallMs(), probe.longestOnCpuMs());
    QVERIFY2(probe.longestOwnStallMs() >= 240, qPrintable(QString::number(probe.longestOwnStallMs())));
    QVERIFY(probe.longestStallMs() >= probe.longestOwnStallMs());
    QVERIFY(probe.longestOnCpuMs() < 100); // asleep, not working
}

void TestStallProbe::busyWorkIsTheThreadsOwnStall()
{
    StallProbe probe;
    probe.start();
    // 250 ms of the thread's own CPU time (in a parallel run it also waits for a core).
    QTimer::singleShot(100, this, [] {
        const qint64 from = StallProbe::threadCpuUs();
        volatile quint64 sink = 0;
        while (StallProbe::threadCpuUs() - from < 250000)
            sink = sink + 1;
    });
    runEventsFor(600);
    probe.stop();
    qInfo("longest stall %lld ms, own %lld ms, on the CPU %lld ms", probe.longestStallMs(), probe.longestOwnStallMs(), probe.longestOnCpuMs());
    QVERIFY2(probe.longestOwnStallMs() >= 240, qPrintable(QString::number(probe.longestOwnStallMs())));
    QVERIFY(probe.longestOnCpuMs() >= 240);
}

// A thread of the lowest priority (SCHED_IDLE) shares one core with three threads that
// spin: it runs only in the crumbs of time they leave, so it spends most of its time
// ready to run and waiting for the core. How long its gaps get varies from run to run
// (from tens of milliseconds to more than a second here), and under a parallel test run
// a gap can also hold time the kernel counts as neither the thread's CPU nor its wait
// (144 ms once, in a run whose longest gap was 456 ms): so the test asks for what always
// holds, that the waits are counted and taken off the longest gap.
void TestStallProbe::aWaitForACoreIsNotTheThreadsOwnStall()
{
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    std::atomic<bool> spin{true};
    const auto spinOnCoreZero = [&] {
        pthread_setaffinity_np(pthread_self(), sizeof one, &one);
        while (spin.load(std::memory_order_relaxed)) {
        }
    };
    std::thread spinners[] = {std::thread(spinOnCoreZero), std::thread(spinOnCoreZero), std::thread(spinOnCoreZero)};
    qint64 longest = 0, own = 0, ticks = 0, waited = 0;
    bool placed = false;
    std::unique_ptr<QThread> probed(QThread::create([&] {
        sched_param lowest{};
        placed = pthread_setaffinity_np(pthread_self(), sizeof one, &one) == 0 &&
                 pthread_setschedparam(pthread_self(), SCHED_IDLE, &lowest) == 0;
        StallProbe probe;
        probe.start();
        runEventsFor(3000);
        probe.stop();
        longest = probe.longestStallMs();
        own = probe.longestOwnStallMs();
        ticks = probe.ticks();
        waited = probe.runQueueWaitMs();
    }));
    probed->start();
    QVERIFY(probed->wait(30000));
    spin = false;
    for (std::thread &t : spinners)
        t.join();
    qInfo("with three spinners on its core: longest stall %lld ms, own %lld ms, %lld ticks in 3 s, %lld ms waiting for the core", longest,
          own, ticks, waited);
    QVERIFY(placed);
    QVERIFY2(waited >= 1000, qPrintable(QString::number(waited)));
    QVERIFY2(own < longest, qPrintable(QStringLiteral("own %1 ms of %2 ms").arg(own).arg(longest)));
}

QTEST_GUILESS_MAIN(TestStallProbe)
#include "tst_stall_probe.moc"
