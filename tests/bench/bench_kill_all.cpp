// SPDX-License-Identifier: GPL-3.0-or-later
// Kill all N backends of a database: pgsessions (confirm -> all gone) against plain libpq
// "signal all with one statement, then poll pg_stat_activity until none is left", on the
// same throwaway cluster in the same run, alternating, medians of the rounds.
// Usage: bench_kill_all [BACKENDS] [ROUNDS]
#include "base/event_loops.h"
#include "actions/action_journal.h"
#include "action_runner.h"
#include "bench_result.h"
#include "pg/handles.h"
#include "servers/server_monitor.h"
#include "kill_all_baseline.h"
#include "test_cluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>


#include <algorithm>
#include <cstdio>

using bench::baselineMs;
using bench::countBackends;
using bench::median;
using bench::openBackends;

int main(int argc, char *argv[])
{
    useQtEventLoopsOnWorkerThreads(); // as the application does
    QCoreApplication app(argc, argv);
    const int backends = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;

    const std::unique_ptr<TestCluster> owned = bench::killAllCluster(backends);
    if (!owned)
        return 1;
    TestCluster &cluster = *owned;
    std::printf("PostgreSQL %s, %d backends, %d rounds\n", qPrintable(cluster.serverVersion()), backends, rounds);

    MonitorOptions options;
    options.intervalMs = 3600 * 1000;
    ServerMonitor monitor(1, specOf(cluster.conninfo()), options,
                          std::make_shared<ActionJournal>(QDir::tempPath() + QStringLiteral("/pgsessions-bench-journal.jsonl")));
    pg::Conn check(PQconnectdb(cluster.conninfo().toUtf8().constData()));

    std::vector<double> base, goneMs, finishedMs;
    for (int round = 0; round < rounds; ++round) {
        {
            auto victims = openBackends(cluster, backends);
            base.push_back(baselineMs(cluster));
        }
        {
            auto victims = openBackends(cluster, backends);
            ActionRequest request;
            request.kind = ActionRequest::KillAll;
            request.database = QStringLiteral("bench");
            request.waitMs = 60000;
            // "All gone" is when the last backend was seen gone: the time of the last
            // outcome; the action itself then looks once more for late arrivals.
            QElapsedTimer clock;
            qint64 lastOutcomeNs = 0;
            QObject::connect(&monitor, &ServerMonitor::actionOutcome, &app, [&] { lastOutcomeNs = clock.nsecsElapsed(); });
            clock.start();
            const ActionResult result = runAction(monitor, request, 120000);
            finishedMs.push_back(clock.nsecsElapsed() / 1e6);
            goneMs.push_back(lastOutcomeNs / 1e6);
            QObject::disconnect(&monitor, &ServerMonitor::actionOutcome, &app, nullptr);
            if (!result.finished || result.count(Outcome::Terminated) != backends || countBackends(check.get()) != 0) {
                std::fprintf(stderr, "round %d: %d of %d terminated, %d left\n", round, result.count(Outcome::Terminated), backends,
                             countBackends(check.get()));
                return 1;
            }
        }
        std::printf("round %d: baseline %.1f ms, pgsessions all gone %.1f ms (action finished %.1f ms)\n", round, base.back(), goneMs.back(),
                    finishedMs.back());
    }
    const double b = median(base), g = median(goneMs), f = median(finishedMs);
    std::printf("\n%-58s %10s %10s %7s\n", "kill all, confirm -> all gone (median)", "pgsessions", "baseline", "ratio");
    std::printf("%-58s %8.1f ms %8.1f ms %6.2fx\n", qPrintable(QStringLiteral("%1 backends, all gone").arg(backends)), g, b, g / b);
    std::printf("%-58s %8.1f ms %8.1f ms %6.2fx\n", qPrintable(QStringLiteral("%1 backends, action finished (incl. re-check)").arg(backends)), f, b,
                f / b);
    std::printf("budget (DESIGN 5): all gone <= 1.2x baseline: %s\n", g <= 1.2 * b ? "met" : "NOT met");
    bench::result(QStringLiteral("kill all %1 backends, confirm -> all gone").arg(backends), g, QStringLiteral("ms"), b,
                  QStringLiteral("<= 1.2x signal-all-then-poll"), bench::met(g <= 1.2 * b));
    return 0;
}
