// SPDX-License-Identifier: GPL-3.0-or-later
// The server's share of a poll: planning and execution time of pgsessions' activity
// statement against "SELECT * FROM pg_stat_activity", as pg_stat_statements records
// them (preloaded in the benchmark's cluster), alternating, same server, same run. As a
// cross-check, EXPLAIN (ANALYZE, TIMING OFF) of both. Then the statement as the monitor
// runs it: prepared once, sessions idle since 2 s before the last run as pids. Every
// statement runs on a backend readied as the monitor's is (activity_query::warmUpSql);
// last, the prepared poll alone on a readied backend and on one that is not.
// Usage: bench_server_time [BACKENDS] [ROUNDS]
#include "base/event_loops.h"
#include "monitor/activity_query.h"
#include "bench_support.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <array>
#include <tuple>
#include <QRegularExpression>

#include <cstdio>
#include <cstdlib>

namespace {

const QByteArray kBaseline = "SELECT * FROM pg_stat_activity";

// Planning + execution time of @p sql as EXPLAIN ANALYZE reports it, in ms.
double explainMs(PGconn *conn, const QByteArray &sql)
{
    pg::Result r(PQexec(conn, ("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT TEXT) " + sql).constData()));
    double ms = 0;
    static const QRegularExpression time(QStringLiteral("^(Planning|Execution) Time: ([0-9.]+) ms"));
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        const auto m = time.match(QString::fromUtf8(PQgetvalue(r.get(), i, 0)));
        if (m.hasMatch())
            ms += m.captured(2).toDouble();
    }
    return ms;
}

} // namespace

int main(int argc, char *argv[])
{
    useQtEventLoopsOnWorkerThreads(); // as the application does
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 50;
    bench::Backends backends(count);
    if (!backends.start())
        return 1;
    pg::Conn conn = bench::connect(backends.conninfo());
    const QByteArray sql = activity_query::sql(PQserverVersion(conn.get()));
    // Readied as the monitor readies its backend: every statement below runs on one such.
    PQclear(PQexec(conn.get(), activity_query::warmUpSql().constData()));

    const bool statements = PQresultStatus(pg::Result(PQexec(conn.get(), "SELECT pg_stat_statements_reset()")).get()) == PGRES_TUPLES_OK;
    std::vector<double> wallPoll, wallBase, wallPrepared, explainPoll, explainBase;
    bench::PlainPoll prepared(conn.get(), "bench_server_time");
    for (int i = 0; i < rounds; ++i) {
        {
            const qint64 since = bench::serverMicrosAgo(conn.get(), 2000000);
            QElapsedTimer clock;
            clock.start();
            (void)prepared.run(since);
            wallPrepared.push_back(clock.nsecsElapsed() / 1e6);
            prepared.follow();
        }
        QElapsedTimer clock;
        clock.start();
        pg::Result poll(PQexec(conn.get(), sql.constData()));
        wallPoll.push_back(clock.nsecsElapsed() / 1e6);
        clock.start();
        pg::Result base(PQexec(conn.get(), kBaseline.constData()));
        wallBase.push_back(clock.nsecsElapsed() / 1e6);
        if (i < 10) {
            explainPoll.push_back(explainMs(conn.get(), sql));
            explainBase.push_back(explainMs(conn.get(), kBaseline));
        }
    }
    double serverPoll = 0, serverBase = 0, serverPrepared = 0;
    if (statements) {
        // The statements as the server ran them (pg_stat_statements normalises constants).
        pg::Result r(PQexec(conn.get(), "SELECT query, calls, (total_plan_time + total_exec_time) / calls FROM pg_stat_statements"
                                        " WHERE query = 'SELECT * FROM pg_stat_activity' OR query LIKE 'SELECT a.pid,%' OR query LIKE 'WITH a AS%'"));
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            const QByteArray query = PQgetvalue(r.get(), i, 0);
            (query == kBaseline ? serverBase : query.startsWith("WITH") ? serverPrepared : serverPoll) = QByteArray(PQgetvalue(r.get(), i, 2)).toDouble();
            std::printf("pg_stat_statements: %6s calls, %.3f ms each (plan + execute): %.60s…\n", PQgetvalue(r.get(), i, 1),
                        QByteArray(PQgetvalue(r.get(), i, 2)).toDouble(), query.constData());
        }
    } else {
        std::printf("pg_stat_statements is not loaded on this server: EXPLAIN ANALYZE only\n");
    }
    // Two more backends that run nothing but the prepared poll, as the monitor's does: one
    // readied first as the monitor readies its own (activity_query::warmUpSql), one not.
    // (After pg_stat_statements was read: it would count their runs with the one above.)
    pg::Conn cold = bench::connect(backends.conninfo()), readied = bench::connect(backends.conninfo());
    PQclear(PQexec(readied.get(), activity_query::warmUpSql().constData()));
    bench::PlainPoll coldPoll(cold.get(), "bench_server_time"), readiedPoll(readied.get(), "bench_server_time");
    std::vector<double> wallCold, wallReadied;
    long long coldFaults = 0, readiedFaults = 0;
    for (int i = 0; i < rounds; ++i) {
        const qint64 since = bench::serverMicrosAgo(conn.get(), 2000000);
        // In turn, first one, then the other.
        const auto a = std::tuple{&coldPoll, cold.get(), &wallCold, &coldFaults}, b = std::tuple{&readiedPoll, readied.get(), &wallReadied, &readiedFaults};
        for (auto [poll, c, wall, faults] : i % 2 ? std::array{b, a} : std::array{a, b}) {
            const long long before = bench::minorFaults(PQbackendPID(c));
            QElapsedTimer clock;
            clock.start();
            (void)poll->run(since);
            wall->push_back(clock.nsecsElapsed() / 1e6);
            *faults += bench::minorFaults(PQbackendPID(c)) - before;
            poll->follow();
        }
    }
    const double ep = bench::median(explainPoll), eb = bench::median(explainBase);
    std::printf("%-60s %9s %9s\n", "server time per statement", "poll", "baseline");
    if (statements)
        std::printf("%-60s %6.3f ms %6.3f ms\n", "pg_stat_statements, plan + execute, mean", serverPoll, serverBase);
    std::printf("%-60s %6.3f ms %6.3f ms\n", "EXPLAIN (ANALYZE, TIMING OFF), plan + execute, median", ep, eb);
    std::printf("%-60s %6.3f ms %6.3f ms\n", "client wall time, median (server + transfer)", bench::median(wallPoll), bench::median(wallBase));
    std::printf("the poll as the monitor runs it (prepared, idle sessions as pids): %.3f ms plan + execute (pg_stat_statements), %.3f ms client wall time\n",
                serverPrepared, bench::median(wallPrepared));
    if (bench::minorFaults(PQbackendPID(cold.get())) < 0)
        std::printf("the prepared poll alone on a backend, client wall time: %.3f ms not readied, %.3f ms readied (page faults not readable here)\n",
                    bench::median(wallCold), bench::median(wallReadied));
    else
        std::printf("the prepared poll alone on a backend, client wall time: %.3f ms not readied (%.0f minor page faults a poll), %.3f ms readied (%.0f)\n",
                    bench::median(wallCold), double(coldFaults) / rounds, bench::median(wallReadied), double(readiedFaults) / rounds);
    bench::result(QStringLiteral("prepared poll on a readied backend, %1 backends").arg(count), bench::median(wallReadied), QStringLiteral("ms"),
                  bench::median(wallCold), QStringLiteral("- (the same, not readied)"), QStringLiteral("-"));
    if (statements) {
        bench::result(QStringLiteral("server time per poll, %1 backends").arg(count), serverPoll, QStringLiteral("ms"), serverBase,
                      QStringLiteral("- (SELECT * FROM pg_stat_activity)"), QStringLiteral("-"));
        bench::result(QStringLiteral("server time per poll as the monitor runs it, %1 backends").arg(count), serverPrepared, QStringLiteral("ms"),
                      serverBase, QStringLiteral("- (SELECT * FROM pg_stat_activity)"), QStringLiteral("-"));
    }
    else
        bench::result(QStringLiteral("server time per poll (EXPLAIN), %1 backends").arg(count), ep, QStringLiteral("ms"), eb,
                      QStringLiteral("- (SELECT * FROM pg_stat_activity)"), QStringLiteral("-"));
    return 0;
}
