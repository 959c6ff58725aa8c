// SPDX-License-Identifier: GPL-3.0-or-later
// Kill all N backends of a database: pgsessions (confirm -> all gone) against plain libpq
// "signal all with one statement, then poll pg_stat_activity until none is left", on the
// same throwaway cluster in the same run, alternating, medians of the rounds.
// Usage: bench_kill_all [BACKENDS] [ROUNDS]
#include "actions/action_journal.h"
#include "action_runner.h"
#include "bench_result.h"
#include "pg/handles.h"
#include "servers/server_monitor.h"
#include "test_cluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QThread>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

namespace {

std::vector<pg::Conn> openBackends(const TestCluster &cluster, int n)
{
    std::vector<pg::Conn> conns;
    const QByteArray info = cluster.conninfo(QStringLiteral("bench"), QStringLiteral("postgres")).toUtf8() + " application_name=victim";
    for (int i = 0; i < n; ++i) {
        pg::Conn c(PQconnectdb(info.constData()));
        if (PQstatus(c.get()) != CONNECTION_OK) {
            std::fprintf(stderr, "connection %d failed: %s", i, PQerrorMessage(c.get()));
            std::exit(1);
        }
        conns.push_back(std::move(c));
    }
    return conns;
}

int countBackends(PGconn *conn)
{
    pg::Result r(PQexec(conn, "SELECT count(*) FROM pg_stat_activity WHERE datname = 'bench' AND pid <> pg_backend_pid()"));
    return QByteArray(PQgetvalue(r.get(), 0, 0)).toInt();
}

// The baseline: what a DBA would type, done as fast as libpq allows.
double baselineMs(const TestCluster &cluster)
{
    pg::Conn conn(PQconnectdb(cluster.conninfo().toUtf8().constData()));
    QElapsedTimer clock;
    clock.start();
    pg::Result r(PQexec(conn.get(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'bench' AND pid <> pg_backend_pid()"));
    while (countBackends(conn.get()) > 0)
        QThread::msleep(10);
    return clock.nsecsElapsed() / 1e6;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int backends = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;

    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);

    TestCluster::Options clusterOptions;
    clusterOptions.maxConnections = backends + 50;
    TestCluster cluster(clusterOptions);
    Error error = cluster.start();
    if (!error)
        error = cluster.exec(QStringLiteral("CREATE DATABASE bench"));
    if (error) {
        std::fprintf(stderr, "cannot start the cluster: %s\n", qPrintable(error.message()));
        return 1;
    }
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
