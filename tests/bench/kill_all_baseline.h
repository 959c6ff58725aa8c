// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the kill-all benchmarks share: a throwaway cluster with a database "bench" that
// takes N idle backends, those backends, and the baseline a DBA would type.

#include "pg/handles.h"
#include "test_cluster.h"

#include <QElapsedTimer>
#include <QThread>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

namespace bench {

/// A cluster for @p backends client backends (and the open files they need), with the
/// database "bench"; null after saying why on stderr.
inline std::unique_ptr<TestCluster> killAllCluster(int backends)
{
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    TestCluster::Options options;
    options.maxConnections = backends + 50;
    auto cluster = std::make_unique<TestCluster>(options);
    Error error = cluster->start();
    if (!error)
        error = cluster->exec(QStringLiteral("CREATE DATABASE bench"));
    if (error) {
        std::fprintf(stderr, "cannot start the cluster: %s\n", qPrintable(error.message()));
        return nullptr;
    }
    return cluster;
}

/// @p n idle backends in "bench", application "victim"; exits on a failed connection.
inline std::vector<pg::Conn> openBackends(const TestCluster &cluster, int n)
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

/// Backends in "bench" besides @p conn's own.
inline int countBackends(PGconn *conn)
{
    pg::Result r(PQexec(conn, "SELECT count(*) FROM pg_stat_activity WHERE datname = 'bench' AND pid <> pg_backend_pid()"));
    return QByteArray(PQgetvalue(r.get(), 0, 0)).toInt();
}

/// The baseline: what a DBA would type, done as fast as libpq allows. Its connection is
/// opened before the clock starts. In ms.
inline double baselineMs(const TestCluster &cluster)
{
    pg::Conn conn(PQconnectdb(cluster.conninfo().toUtf8().constData()));
    QElapsedTimer clock;
    clock.start();
    pg::Result r(PQexec(conn.get(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'bench' AND pid <> pg_backend_pid()"));
    while (countBackends(conn.get()) > 0)
        QThread::msleep(10);
    return clock.nsecsElapsed() / 1e6;
}

inline double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace bench
