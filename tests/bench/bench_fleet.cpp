// SPDX-License-Identifier: GPL-3.0-or-later
// A fleet: the window watching N servers at once (each a throwaway cluster of its own with
// B idle client backends, opened by this process), polled every second, All servers shown
// in the table. Measured over S seconds after a warm-up: the GUI thread's CPU (share of
// one core), its longest stall (a 1 ms timer probe on it), the memory the watched servers
// add to the process (resident set with them minus before them, per server) and the
// process's threads. The baseline, in the same run: the same window watching one of those
// servers. The servers run at the lowest CPU priority (nice 19): they stand for machines
// of their own, and on this machine's few cores they would otherwise take the CPU from
// the window being measured (BENCH_FLEET_NICE=0 leaves them as they are).
// Usage: bench_fleet [SERVERS] [BACKENDS_EACH] [SECONDS]
#include "base/event_loops.h"
#include "bench_support.h"
#include "bench_window.h"
#include "models/server_tree_model.h"
#include "models/session_model.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "stall_probe.h"
#include "test_cluster.h"
#include "timed_application.h"
#include "window/main_window.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTimer>
#include <QTableView>
#include <QTreeView>

#include <sys/resource.h>
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

using bench::idleFor;
using bench::threadCpuMs;

namespace {

// The server's processes (the postmaster and its children so far; those it forks later
// inherit the priority) at nice 19.
void niceServer(const TestCluster &cluster)
{
    QFile pidFile(cluster.socketDir() + QStringLiteral("/../data/postmaster.pid"));
    if (!pidFile.open(QIODevice::ReadOnly))
        return;
    const int postmaster = pidFile.readLine().trimmed().toInt();
    setpriority(PRIO_PROCESS, id_t(postmaster), 19);
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields[1].toInt() == postmaster)
            setpriority(PRIO_PROCESS, id_t(entry.toInt()), 19);
    }
}

int threads()
{
    return int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

struct Figures {
    double guiShare = 0; ///< GUI thread CPU / wall time
    qint64 longestStallMs = 0;
    qint64 longestOnCpuMs = 0; ///< the most CPU the GUI thread used between two ticks
    qint64 longestOwnStallMs = 0; ///< the longest stall less the time in it the GUI thread waited for a core
    int over16 = 0;
    double longestEventMs = 0; ///< of the events the GUI thread handled, and which
    QString longestEvent;
    double kibPerServer = 0;
    int threadsBefore = 0, threadsWith = 0;
    int rows = 0, polls = 0;
    double seconds = 0;
};

// A fresh window watching @p conninfos every second, All servers current when there are
// several; waits until every server has been polled, warms up, then measures.
Figures watch(const QStringList &conninfos, int seconds)
{
    Figures f;
    MainWindow window(bench::journal());
    bench::showEveryColumn(window);
    idleFor(1000);
    const qint64 before = bench::residentKiB();
    f.threadsBefore = threads();
    int polls = 0;
    QSet<int> answered;
    for (int i = 0; i < conninfos.size(); ++i) {
        ServerOptions options;
        options.name = QStringLiteral("server %1").arg(i + 1);
        options.intervalMs = 1000;
        const int id = window.registry()->addServer(specOf(conninfos[i]), options);
        QObject::connect(window.registry()->monitor(id), &ServerMonitor::snapshotReady, &window, [&polls, &answered, id] {
            ++polls;
            answered.insert(id);
        });
    }
    if (conninfos.size() > 1)
        window.serverTree()->setCurrentIndex(window.serverTreeModel()->allServersIndex());
    QElapsedTimer waited;
    waited.start();
    while (answered.size() < conninfos.size() && waited.elapsed() < 120000)
        idleFor(200);
    if (answered.size() < conninfos.size()) {
        std::fprintf(stderr, "only %d of %d servers answered\n", int(answered.size()), int(conninfos.size()));
        std::exit(1);
    }
    idleFor(10000); // warm-up: first polls, history's first batch, the timeline
    const qint64 with = bench::residentKiB();
    f.threadsWith = threads();
    f.kibPerServer = double(with - before) / double(conninfos.size());

    StallProbe probe;
    auto *timed = static_cast<bench::TimedApplication *>(QCoreApplication::instance());
    timed->reset();
    const int polls0 = polls;
    const double cpu0 = threadCpuMs();
    QElapsedTimer clock;
    clock.start();
    probe.start();
    idleFor(seconds * 1000);
    probe.stop();
    f.seconds = clock.elapsed() / 1000.0;
    // The probe's own ticks are on the GUI thread too: their cost is measured apart
    // (the baseline run has the same probe).
    f.guiShare = (threadCpuMs() - cpu0) / (f.seconds * 1000.0);
    f.longestStallMs = probe.longestStallMs();
    f.over16 = probe.gapsOver16Ms();
    f.longestOnCpuMs = probe.longestOnCpuMs();
    f.longestOwnStallMs = probe.longestOwnStallMs();
    f.longestEventMs = timed->longestUs() / 1000.0;
    f.longestEvent = timed->longestWhat();
    f.polls = polls - polls0;
    f.rows = window.sessionView()->model()->rowCount();
    return f;
}

} // namespace

int main(int argc, char *argv[])
{
    useQtEventLoopsOnWorkerThreads(); // as the application does
    QStandardPaths::setTestModeEnabled(true); // the benchmark's settings, not the user's
    bench::TimedApplication app(argc, argv);
    const int servers = argc > 1 ? std::atoi(argv[1]) : 30;
    const int each = argc > 2 ? std::atoi(argv[2]) : 50;
    const int seconds = argc > 3 ? std::atoi(argv[3]) : 60;
    bench::raiseFileLimit();

    // The fleet: N clusters, B idle backends on each (this process's connections).
    const bool niced = qEnvironmentVariableIntValue("BENCH_FLEET_NICE") != 0 || !qEnvironmentVariableIsSet("BENCH_FLEET_NICE");
    QElapsedTimer setup;
    setup.start();
    std::vector<std::unique_ptr<TestCluster>> clusters;
    std::vector<pg::Conn> backends;
    QStringList conninfos;
    for (int i = 0; i < servers; ++i) {
        TestCluster::Options options;
        options.maxConnections = each + 20;
        auto cluster = std::make_unique<TestCluster>(options);
        if (const Error e = cluster->start()) {
            std::fprintf(stderr, "cluster %d: %s\n", i + 1, qPrintable(e.message()));
            return 1;
        }
        if (niced)
            niceServer(*cluster);
        const QByteArray info = cluster->conninfo().toUtf8() + " application_name=fleet";
        for (int b = 0; b < each; ++b) {
            pg::Conn c(PQconnectdb(info.constData()));
            if (PQstatus(c.get()) != CONNECTION_OK) {
                std::fprintf(stderr, "cluster %d, backend %d: %s", i + 1, b, PQerrorMessage(c.get()));
                return 1;
            }
            backends.push_back(std::move(c));
        }
        conninfos << cluster->conninfo();
        clusters.push_back(std::move(cluster));
    }
    std::printf("%d servers (PostgreSQL %s, %s), %d client backends each, set up in %.0f s; %d s measured after a 10 s warm-up\n", servers,
                qPrintable(clusters.front()->serverVersion()), niced ? "at nice 19" : "not niced", each, setup.elapsed() / 1000.0, seconds);

    const Figures one = watch(conninfos.mid(0, 1), seconds);
    const Figures fleet = watch(conninfos, seconds);
    const auto line = [](const char *what, const Figures &f) {
        std::printf("%-30s GUI thread %5.1f %% of a core, longest stall %3lld ms (%d over 16 ms), %7.0f KiB a server, threads %d -> %d, "
                    "%d rows shown, %d polls in %.0f s\n",
                    what, f.guiShare * 100, f.longestStallMs, f.over16, f.kibPerServer, f.threadsBefore, f.threadsWith, f.rows, f.polls,
                    f.seconds);
        std::printf("%-30s longest event handled on the GUI thread: %.1f ms (%s); on the CPU between two ticks at most %lld ms; "
                    "longest stall less its wait for a core %lld ms\n",
                    "", f.longestEventMs, qPrintable(f.longestEvent), f.longestOnCpuMs, f.longestOwnStallMs);
    };
    line("baseline: 1 server", one);
    line(qPrintable(QStringLiteral("%1 servers, All servers shown").arg(servers)), fleet);
    const double mib = fleet.kibPerServer / 1024.0;
    bench::result(QStringLiteral("fleet of %1 servers x %2 backends, 1 s: GUI thread CPU").arg(servers).arg(each), fleet.guiShare * 100,
                  QStringLiteral("% of a core"), one.guiShare * 100, QStringLiteral("<= 10 %"), bench::met(fleet.guiShare <= 0.10));
    bench::result(QStringLiteral("fleet of %1 servers: longest GUI stall").arg(servers), double(fleet.longestStallMs), QStringLiteral("ms"),
                  double(one.longestStallMs), QStringLiteral("<= 16 ms"), bench::met(fleet.longestStallMs <= 16));
    // The same less the time the GUI thread was ready to run but another thread had the
    // core (the kernel's run-queue wait): the part of a stall that is the window's own.
    bench::result(QStringLiteral("fleet of %1 servers: longest GUI stall, waits for a core left out").arg(servers),
                  double(fleet.longestOwnStallMs), QStringLiteral("ms"), double(one.longestOwnStallMs), QStringLiteral("<= 16 ms"),
                  bench::met(fleet.longestOwnStallMs <= 16));
    bench::result(QStringLiteral("fleet of %1 servers: memory per server").arg(servers), mib, QStringLiteral("MiB"), one.kibPerServer / 1024.0,
                  QStringLiteral("<= 4 MiB"), bench::met(mib <= 4.0));
    std::printf("threads for %d servers: %d more than the window without servers (one poll thread each; action threads only while "
                "actions run; the history writer and Qt's pool are shared)\n",
                servers, fleet.threadsWith - fleet.threadsBefore);
    return 0;
}
