// SPDX-License-Identifier: GPL-3.0-or-later
// The server of a benchmark run: a throwaway cluster with N client backends, kept until
// SIGTERM or SIGINT. Prints "CONNINFO <conninfo>" once the backends are open, so that
// tests/bench/run.sh can hand the same server to every benchmark (and to pg_activity).
// Usage: bench_backends [BACKENDS]
// Also, for a benchmark that starts its own server: bench_backends --clients BACKENDS
// LOCK_WAITERS CONNINFO opens the client backends on that server (its database "bench"),
// prints "READY" and holds them until SIGTERM, SIGINT or the death of its parent.
#include "bench_support.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <sys/prctl.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char *argv[])
{
    // Blocked before any thread starts, so that only sigwait() below sees them.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);

    QCoreApplication app(argc, argv);
    if (argc == 5 && std::strcmp(argv[1], "--clients") == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM); // (a benchmark that dies takes its clients along)
        bench::Backends clients(std::atoi(argv[2]), std::atoi(argv[3]), 0, bench::Backends::Clients::ThisProcess);
        if (!clients.openBackends(QByteArray(argv[4])))
            return 1;
        std::printf("READY\n");
        std::fflush(stdout);
        int signal = 0;
        sigwait(&stop, &signal);
        return 0;
    }
    const int count = argc > 1 ? std::atoi(argv[1]) : 1000;
    qunsetenv("PGSESSIONS_BENCH_CONNINFO"); // this is the process that starts the server
    QElapsedTimer clock;
    clock.start();
    bench::Backends backends(count, 9, 0, bench::Backends::Clients::ThisProcess);
    if (!backends.start())
        return 1;
    std::fprintf(stderr, "PostgreSQL %s with %d client backends, ready in %.1f s\n", qPrintable(backends.cluster()->serverVersion()), count,
                 clock.elapsed() / 1000.0);
    std::printf("CONNINFO %s\n", qPrintable(backends.conninfo()));
    std::fflush(stdout);
    int signal = 0;
    sigwait(&stop, &signal);
    return 0;
}
