// SPDX-License-Identifier: GPL-3.0-or-later
// PgBouncer's admin console at N pooler clients: a poll of the console end to end (the
// worker sends SHOW CLIENTS, SHOW SERVERS, SHOW POOLS and SHOW DATABASES, parses them,
// the snapshot crosses to the GUI thread, the tree and the pooler table apply it and the
// window repaints), against a plain libpq program that sends the same commands and reads
// every field, in the same run, alternating, medians of the rounds. Then the longest
// GUI-thread stall while the pooler's clients are shown and polled every second.
// Usage: bench_pooler [CLIENTS] [SECONDS] [ROUNDS]
#include "base/event_loops.h"
#include "bench_support.h"
#include "bench_window.h"
#include "demo/local_pooler.h"
#include "monitor/pooler_state.h"
#include "pg/connection.h"
#include "models/pooler_model.h"
#include "models/server_tree_model.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "sessions/pooler_panel.h"
#include "sessions/sessions_panel.h"
#include "stall_probe.h"
#include "timed_application.h"
#include "window/main_window.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QTreeView>

#include <chrono>
#include <cstdio>
#include <cstdlib>

using bench::idleFor;

namespace {

constexpr unsigned long kPauseMs = 100;
const char *const kCommands[] = {"SHOW CLIENTS", "SHOW SERVERS", "SHOW POOLS", "SHOW DATABASES"};
size_t g_checksum = 0;

qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// The baseline: the same commands, every field of every row read.
double plainLibpqMs(PGconn *conn)
{
    QElapsedTimer clock;
    clock.start();
    size_t sum = 0;
    for (const char *command : kCommands)
        sum += bench::runAndReadEveryField(conn, command);
    g_checksum += sum;
    return clock.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    useQtEventLoopsOnWorkerThreads(); // as the application does
    QStandardPaths::setTestModeEnabled(true);
    bench::TimedApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 20;
    const int rounds = argc > 3 ? std::atoi(argv[3]) : 30;
    bench::raiseFileLimit();
    qunsetenv("PGSESSIONS_BENCH_CONNINFO");
    bench::Backends backends(0); // the cluster alone: the clients are the pooler's
    if (!backends.start())
        return 1;
    LocalPooler::Options options;
    options.databases = {{QStringLiteral("app"), QStringLiteral("bench"), QStringLiteral("transaction")}};
    options.maxClientConnections = count + 50;
    options.defaultPoolSize = 10;
    LocalPooler pooler(*backends.cluster(), options);
    if (const Error e = pooler.start()) {
        std::fprintf(stderr, "cannot start PgBouncer: %s\n", qPrintable(e.message()));
        return 1;
    }
    // The clients: connected through a transaction pool, each after a query of its own.
    std::vector<pg::Conn> clients;
    clients.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        const QByteArray info = (pooler.conninfo(QStringLiteral("app")) + QStringLiteral(" application_name=web%1").arg(i % 40)).toUtf8();
        clients.emplace_back(PQconnectdb(info.constData()));
        if (PQstatus(clients.back().get()) != CONNECTION_OK) {
            std::fprintf(stderr, "client %d: %s", i, PQerrorMessage(clients.back().get()));
            return 1;
        }
        pg::Result r(PQexec(clients.back().get(), "SELECT 1"));
    }

    MainWindow window(bench::journal());
    bench::showEveryColumn(window);
    ServerOptions serverOptions;
    serverOptions.intervalMs = 3600 * 1000; // only the benchmark's refreshes
    serverOptions.name = QStringLiteral("bouncer");
    const int id = window.registry()->addServer(specOf(pooler.conninfo()), serverOptions);
    ServerMonitor *monitor = window.registry()->monitor(id);

    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    double fromStartMs = -1, workerMs = 0, appliedMs = 0;
    QObject::connect(monitor, &ServerMonitor::snapshotReady, &window, [&](const SnapshotPtr &snapshot) {
        appliedMs = (steadyNs() - snapshot->pollStartedNs) / 1e6;
        workerMs = snapshot->pollMicros / 1e3;
        QCoreApplication::sendPostedEvents(&window, QEvent::UpdateRequest); // the repaint, now
        fromStartMs = (steadyNs() - snapshot->pollStartedNs) / 1e6;
        deadline.stop();
        loop.quit();
    });
    const auto poll = [&] {
        fromStartMs = -1;
        deadline.start(10000);
        monitor->refreshNow();
        loop.exec();
        return fromStartMs >= 0;
    };
    if (!poll()) {
        std::fprintf(stderr, "the window did not poll the pooler: %s\n", qPrintable(monitor->status().message));
        return 1;
    }
    // The pooler's database selected: its clients fill the table.
    window.serverTree()->setCurrentIndex(window.serverTreeModel()->databaseIndex(id, QStringLiteral("app")));
    poll();
    const int shown = window.sessionsPanel()->poolerPanel()->view()->model()->rowCount();
    if (shown < count) {
        std::fprintf(stderr, "the pooler table shows %d clients, expected %d\n", shown, count);
        return 1;
    }

    pg::Conn console = bench::connect(pooler.conninfo());
    // The worker's reading alone, on this thread, on a connection of its own: for the breakdown.
    Expected<pg::Connection> reader = pg::Connection::connect(pooler.conninfo(), 10);
    if (!reader.ok()) {
        std::fprintf(stderr, "cannot connect to the console: %s\n", qPrintable(reader.error().message()));
        return 1;
    }
    PoolerState lastRead;
    std::vector<double> base, e2e, worker, applied, reading;
    for (int round = 0; round < rounds + 2; ++round) {
        const double b = plainLibpqMs(console.get());
        QThread::msleep(kPauseMs);
        QCoreApplication::processEvents();
        if (!poll()) {
            std::fprintf(stderr, "no poll within 10 s: %s\n", qPrintable(monitor->status().message));
            return 1;
        }
        if (round >= 2) {
            base.push_back(b);
            e2e.push_back(fromStartMs);
            worker.push_back(workerMs);
            QElapsedTimer readClock;
            readClock.start();
            PoolerState read;
            (void)pooler_query::read(*reader, read, &lastRead);
            reading.push_back(readClock.nsecsElapsed() / 1e6);
            lastRead = std::move(read);
            applied.push_back(appliedMs);
        }
        QThread::msleep(kPauseMs);
    }

    StallProbe probe;
    QTimer every;
    QObject::connect(&every, &QTimer::timeout, monitor, &ServerMonitor::refreshNow);
    idleFor(500);
    probe.start();
    app.reset();
    every.start(1000);
    idleFor(seconds * 1000);
    every.stop();
    probe.stop();

    const double b = bench::median(base), e = bench::median(e2e);
    std::printf("PgBouncer %s, %d pooler clients shown (checksum %zu), %d rounds\n", qPrintable(pooler.version()), shown, g_checksum, rounds);
    std::printf("%-56s %9.2f ms\n", "plain libpq: SHOW CLIENTS, SERVERS, POOLS, DATABASES", b);
    std::printf("%-56s %9.2f ms\n", "pgsessions: console poll end to end (sent -> repainted)", e);
    std::printf("%-56s %9.2f ms\n", "  of which the worker's commands, parsed", bench::median(worker));
    std::printf("%-56s %9.2f ms\n", "  (the same reading, on this thread, measured apart)", bench::median(reading));
    std::printf("%-56s %9.2f ms\n", "  until the window applied it (before the repaint)", bench::median(applied));
    std::printf("%-56s %9.2f ms\n", "pgsessions: slowest round", bench::maximum(e2e));
    std::printf("%-56s %9lld ms (%lld ticks), longest event %.1f ms (%s)\n", "longest GUI stall, pooler clients polled every 1 s",
                probe.longestStallMs(), probe.ticks(), app.longestUs() / 1000.0, qPrintable(app.longestWhat()));
    bench::result(QStringLiteral("pooler console poll end to end, %1 clients").arg(count), e, QStringLiteral("ms"), b,
                  QStringLiteral("<= 1.5x plain libpq"), bench::met(e <= 1.5 * b));
    bench::result(QStringLiteral("longest GUI stall, %1 pooler clients, %2 s").arg(count).arg(seconds), double(probe.longestStallMs()),
                  QStringLiteral("ms"), 0, QStringLiteral("<= 16 ms"), bench::met(probe.longestStallMs() <= 16));
    return 0;
}
