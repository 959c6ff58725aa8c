// SPDX-License-Identifier: GPL-3.0-or-later
// Keeping history: an hour of polls at 1 s, 1,000 backends of which 100 are not idle
// (states, wait events and queries changing from poll to poll), written by HistoryStore
// as the app would, five samples a batch (the writer's 5 s at 1 s polls), keeping half the run so that pruning works as it
// goes: the client CPU each poll costs (the GUI thread's record() and the writer
// thread's share), the file for the kept half scaled to 24 h, the memory it holds, and
// reading one moment back. No server: the snapshots are made here, the same every run.
// Usage: bench_history [SAMPLES]
#include "base/event_loops.h"
#include "bench_result.h"
#include "history/history_store.h"
#include "history_workload.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <cstdio>

namespace {

double cpuMs()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

long rssKiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

} // namespace

int main(int argc, char *argv[])
{
    useQtEventLoopsOnWorkerThreads(); // as the application does
    QCoreApplication app(argc, argv);
    const int samples = argc > 1 ? std::atoi(argv[1]) : 3600;
    constexpr int kBackends = bench::HistoryWorkload::kBackends, kBusy = bench::HistoryWorkload::kBusy;
    QRandomGenerator random(42);
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - qint64(samples) * 1000;
    // The snapshots first, so that making them is not measured.
    bench::HistoryWorkload workload(start);
    std::vector<SnapshotPtr> polls;
    polls.reserve(size_t(samples));
    for (int p = 0; p < samples; ++p)
        polls.push_back(workload.poll(p));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    const long rssBefore = rssKiB();
    double recordMs = 0, writeCpuMs = 0;
    {
        // Half the run kept: pruning has the other half to delete as it goes.
        HistoryStore store(path, samples / 2);
        QElapsedTimer clock;
        // As the app polling every second: record() on this thread at each poll, the
        // writer's batch every 5 s (five samples a transaction).
        for (int p = 0; p < samples; ++p) {
            clock.start();
            store.record(QStringLiteral("conninfo:bench"), polls[size_t(p)], start + qint64(p) * 1000);
            recordMs += clock.nsecsElapsed() / 1e6;
            if (p % 5 == 4) {
                const double before = cpuMs();
                store.flush();
                writeCpuMs += cpuMs() - before;
            }
        }
        const double before = cpuMs();
        store.flush();
        writeCpuMs += cpuMs() - before;
    }
    const long rssAfter = rssKiB();
    const double fileMiB = (QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size()) / 1048576.0;
    // Reading one moment back, as rewinding to it does.
    std::vector<double> reads;
    for (int i = 0; i < 20; ++i) {
        const qint64 at = start + qint64(samples / 2 + random.bounded(samples / 2)) * 1000 + 500; // in the kept half
        QElapsedTimer clock;
        clock.start();
        const auto sample = history::sampleAt(path, QStringLiteral("conninfo:bench"), at);
        reads.push_back(clock.nsecsElapsed() / 1e6);
        if (!sample.ok() || !sample->has_value() || (*sample)->sessions.size() < 50) {
            std::fprintf(stderr, "a moment could not be read back\n");
            return 1;
        }
    }
    std::sort(reads.begin(), reads.end());
    const double perPoll = (recordMs + writeCpuMs) / samples;
    const double day = fileMiB * 86400.0 / (samples / 2); // what the kept half takes, for a day
    std::printf("%d samples, %d backends, %d not idle\n", samples, kBackends, kBusy);
    std::printf("record() on the polling thread: %.4f ms a poll; writer CPU %.3f ms a poll; file %.1f MiB (%.0f bytes a sample)\n",
                recordMs / samples, writeCpuMs / samples, fileMiB, fileMiB * 1048576.0 / samples);
    std::printf("24 h at 1 s: %.0f MiB; max RSS growth %.1f MiB; reading a moment back: median %.2f ms, worst %.2f ms\n", day,
                (rssAfter - rssBefore) / 1024.0, reads[reads.size() / 2], reads.back());
    bench::result(QStringLiteral("history: client CPU added per poll (record + writer), 1,000 backends, 100 not idle"), perPoll, QStringLiteral("ms"), 0,
                  QStringLiteral("<= 0.5 ms"), bench::met(perPoll <= 0.5));
    bench::result(QStringLiteral("history: disk for 24 h at 1 s"), day, QStringLiteral("MiB"), 0, QStringLiteral("<= 200 MiB"), bench::met(day <= 200));
    bench::result(QStringLiteral("history: memory growth writing an hour"), (rssAfter - rssBefore) / 1024.0, QStringLiteral("MiB"), 0,
                  QStringLiteral("<= 64 MiB"), bench::met((rssAfter - rssBefore) / 1024.0 <= 64));
    bench::result(QStringLiteral("history: one moment read back (median of 20)"), reads[reads.size() / 2], QStringLiteral("ms"), 0, QStringLiteral("-"),
                  QStringLiteral("-"));
    return 0;
}
