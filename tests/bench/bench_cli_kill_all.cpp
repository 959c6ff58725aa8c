// SPDX-License-Identifier: GPL-3.0-or-later
// `pgsessions-cli kill-all` of N backends, from process start to exit, against plain libpq
// "signal all with one statement, then poll pg_stat_activity until none is left" (the
// kill-all benchmark's baseline), on the same throwaway cluster in the same run,
// alternating, medians of the rounds. The baseline's connection is opened before its clock
// starts; the command line's start, connection, journal and output are all inside its own.
// Usage: bench_cli_kill_all [BACKENDS] [ROUNDS]. BENCH_WRAP: a command to run the command line
// under, to see where its time goes (e.g. "strace -f --seccomp-bpf -tt -e trace=sendto,fsync -o F").
#include "bench_result.h"
#include "pg/handles.h"
#include "kill_all_baseline.h"
#include "test_cluster.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>


#include <algorithm>
#include <cstdio>

using bench::baselineMs;
using bench::countBackends;
using bench::median;
using bench::openBackends;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int backends = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;

    const std::unique_ptr<TestCluster> owned = bench::killAllCluster(backends);
    if (!owned)
        return 1;
    TestCluster &cluster = *owned;
    std::printf("PostgreSQL %s, %d backends, %d rounds, %s\n", qPrintable(cluster.serverVersion()), backends, rounds, PGSESSIONS_CLI);

    // The command line's journal and settings, apart from the user's.
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    pg::Conn check(PQconnectdb(cluster.conninfo().toUtf8().constData()));

    std::vector<double> base, cli;
    for (int round = 0; round < rounds; ++round) {
        {
            auto victims = openBackends(cluster, backends);
            base.push_back(baselineMs(cluster));
        }
        {
            auto victims = openBackends(cluster, backends);
            QProcess process;
            process.setProcessEnvironment(env);
            process.setStandardInputFile(QProcess::nullDevice()); // no terminal: --yes is what a script gives
            QElapsedTimer clock;
            clock.start();
            QStringList wrap = qEnvironmentVariable("BENCH_WRAP").split(QLatin1Char(' '), Qt::SkipEmptyParts);
            wrap << QStringLiteral(PGSESSIONS_CLI);
            const QString program = wrap.takeFirst();
            process.start(program, wrap +
                          QStringList{QStringLiteral("-d"), cluster.conninfo(), QStringLiteral("kill-all"), QStringLiteral("bench"), QStringLiteral("--yes"),
                           QStringLiteral("--json"), QStringLiteral("--wait"), QStringLiteral("60")});
            process.waitForFinished(180000);
            cli.push_back(clock.nsecsElapsed() / 1e6);
            const QByteArray out = process.readAllStandardOutput();
            const int terminated = int(out.count("\"outcome\":\"terminated\""));
            if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0 || terminated != backends || countBackends(check.get()) != 0) {
                std::fprintf(stderr, "round %d: exit %d, %d of %d terminated, %d left\n%s\n", round, process.exitCode(), terminated, backends,
                             countBackends(check.get()), process.readAllStandardError().constData());
                return 1;
            }
        }
        std::printf("round %d: baseline %.1f ms, pgsessions-cli start to exit %.1f ms\n", round, base.back(), cli.back());
    }
    const double b = median(base), c = median(cli);
    std::printf("\n%-58s %10s %10s %7s\n", "pgsessions-cli kill-all, start -> exit (median)", "cli", "baseline", "ratio");
    std::printf("%-58s %8.1f ms %8.1f ms %6.2fx\n", qPrintable(QStringLiteral("%1 backends").arg(backends)), c, b, c / b);
    std::printf("budget: start -> exit <= 1.2x baseline: %s\n", c <= 1.2 * b ? "met" : "NOT met");
    bench::result(QStringLiteral("pgsessions-cli kill-all %1 backends, start -> exit").arg(backends), c, QStringLiteral("ms"), b,
                  QStringLiteral("<= 1.2x signal-all-then-poll"), bench::met(c <= 1.2 * b));
    return 0;
}
