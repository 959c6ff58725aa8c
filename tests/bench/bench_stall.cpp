// SPDX-License-Identifier: GPL-3.0-or-later
// The longest GUI-thread stall of the real window (a 1 ms timer probe on its thread):
// while it polls a server with N backends every second, while a server accepts the
// connection and never answers, and while nothing listens on the server's port. The
// baseline is the probe in the same process with the window shown and no server.
// Usage: bench_stall [BACKENDS] [SECONDS] [UNREACHABLE_SECONDS]
#include "base/event_loops.h"
#include "bench_support.h"
#include "bench_window.h"
#include "servers/server_registry.h"
#include "window/main_window.h"
#include "servers/server_monitor.h"
#include "models/session_model.h"
#include "silent_listener.h"
#include "stall_probe.h"
#include "timed_application.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include <cstdio>
#include <cstdlib>
#include <memory>

using bench::idleFor;

namespace {

// A loopback port nobody listens on: what a stopped server looks like over TCP.
int closedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 && ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

struct Stall {
    qint64 longestMs = 0;
    double longestEventMs = 0;
    QString longestEvent;
    qint64 atMs = 0;
    qint64 ticks = 0;
    int polls = 0;
    int over16 = 0;
    int over5 = 0;
    qint64 busyMs = 0;
    QString status;
};

// A fresh window watching @p conninfo (none if empty) for @p seconds, the probe running.
Stall watch(const QString &conninfo, int intervalMs, int seconds)
{
    MainWindow window(bench::journal());
    bench::showEveryColumn(window);
    idleFor(500); // the first paints of the window are not a poll's
    Stall stall;
    StallProbe probe;
    int id = 0;
    if (!conninfo.isEmpty()) {
        ServerOptions options;
        options.intervalMs = intervalMs;
        id = window.registry()->addServer(specOf(conninfo), options);
        QObject::connect(window.registry()->monitor(id), &ServerMonitor::snapshotReady, &window, [&stall] { ++stall.polls; });
    }
    auto *app = static_cast<bench::TimedApplication *>(QCoreApplication::instance());
    probe.start();
    app->reset();
    idleFor(seconds * 1000);
    probe.stop();
    stall.longestEventMs = app->longestUs() / 1000.0;
    stall.longestEvent = app->longestWhat();
    stall.over16 = probe.gapsOver16Ms();
    stall.over5 = probe.gapsOver5Ms();
    stall.busyMs = probe.longestOnCpuMs();
    stall.longestMs = probe.longestStallMs();
    stall.atMs = probe.longestStallEndedAtMs();
    stall.ticks = probe.ticks();
    if (id)
        stall.status = window.registry()->monitor(id)->status().message;
    return stall;
}

void report(const char *what, const Stall &s, int seconds)
{
    std::printf("%-42s longest %3lld ms (at %5.1f s), on the CPU at most %3lld ms; gaps > 5 ms: %3d, > 16 ms: %2d; %6lld ticks in %d s, %3d polls%s%s\n",
                what, s.longestMs, s.atMs / 1000.0, s.busyMs, s.over5, s.over16, s.ticks, seconds, s.polls, s.status.isEmpty() ? "" : "; shown: ",
                qPrintable(s.status.left(50)));
    std::printf("%-42s longest event handled on the GUI thread: %.1f ms (%s)\n", "", s.longestEventMs, qPrintable(s.longestEvent));
}

} // namespace

int main(int argc, char *argv[])
{
    useQtEventLoopsOnWorkerThreads(); // as the application does
    QStandardPaths::setTestModeEnabled(true); // the benchmark's settings, not the user's
    bench::TimedApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 60;
    const int unreachableSeconds = argc > 3 ? std::atoi(argv[3]) : 20;
    bench::raiseFileLimit();
    bench::Backends backends(count);
    if (!backends.start())
        return 1;

    const Stall idle = watch({}, 0, unreachableSeconds);
    report("baseline: the window, no server", idle, unreachableSeconds);
    const Stall polling = watch(backends.conninfo(), 1000, seconds);
    report(qPrintable(QStringLiteral("polling %1 backends every 1 s").arg(count)), polling, seconds);

    SilentListener silent;
    // A short connect_timeout, so that the window goes through several attempts and backoffs.
    const QString silentInfo = QStringLiteral("host=127.0.0.1 port=%1 user=postgres dbname=postgres connect_timeout=2").arg(silent.port());
    const Stall unanswered = watch(silentInfo, 1000, unreachableSeconds);
    report("a server that accepts and never answers", unanswered, unreachableSeconds);
    const QString closedInfo = QStringLiteral("host=127.0.0.1 port=%1 user=postgres dbname=postgres connect_timeout=2").arg(closedPort());
    const Stall refused = watch(closedInfo, 1000, unreachableSeconds);
    report("a closed port (a stopped server)", refused, unreachableSeconds);

    const QString budget = QStringLiteral("<= 16 ms");
    auto ms = [](qint64 v) { return double(v); };
    bench::result(QStringLiteral("longest GUI stall, polling %1 backends, %2 s").arg(count).arg(seconds), ms(polling.longestMs), QStringLiteral("ms"),
                  ms(idle.longestMs), budget, bench::met(polling.longestMs <= 16));
    bench::result(QStringLiteral("longest GUI stall, server never answers, %1 s").arg(unreachableSeconds), ms(unanswered.longestMs),
                  QStringLiteral("ms"), ms(idle.longestMs), budget, bench::met(unanswered.longestMs <= 16));
    bench::result(QStringLiteral("longest GUI stall, closed port, %1 s").arg(unreachableSeconds), ms(refused.longestMs), QStringLiteral("ms"),
                  ms(idle.longestMs), budget, bench::met(refused.longestMs <= 16));
    bench::result(QStringLiteral("longest GUI-thread work between ticks, polling %1 backends").arg(count), ms(polling.busyMs), QStringLiteral("ms"),
                  ms(idle.busyMs), budget, bench::met(polling.busyMs <= 16));
    bench::result(QStringLiteral("longest event on the GUI thread, polling %1 backends").arg(count), polling.longestEventMs, QStringLiteral("ms"),
                  idle.longestEventMs, budget, bench::met(polling.longestEventMs <= 16));
    bench::result(QStringLiteral("longest event on the GUI thread, server never answers"), unanswered.longestEventMs, QStringLiteral("ms"),
                  idle.longestEventMs, budget, bench::met(unanswered.longestEventMs <= 16));
    return 0;
}
