// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "bench_result.h"
#include "monitor/snapshot.h"
#include "pg/handles.h"
#include "pg/result.h"
#include "test_cluster.h"

#include <QByteArray>
#include <QProcess>
#include <QString>

#include <memory>
#include <vector>

/// What the benchmarks share: the server with its client backends, and how a figure is
/// printed so that tests/bench/run.sh can gather every figure into one table.
namespace bench {

/// A PostgreSQL server with N client backends in a realistic mix of states. Either the one
/// tests/bench/run.sh started (PGSESSIONS_BENCH_CONNINFO, shared by every benchmark of a
/// run), or a throwaway cluster of its own with backends opened by this process.
class Backends
{
public:
    /// Where the client backends' connections are held.
    enum class Clients {
        /// In a process of their own (`bench_backends --clients`), as run.sh's server and a
        /// DBA's have them: their libpq buffers (some 35 MB of this process's heap at 1,000)
        /// are not the monitor's memory, nor in what a wake-up costs it.
        OwnProcess,
        ThisProcess, ///< here (bench_backends itself)
    };
    /// Opens @p count backends, unless PGSESSIONS_BENCH_CONNINFO names a server; of them,
    /// @p lockWaiters wait on a lock the first one holds. The server takes @p spare
    /// connections more (for a benchmark's own backends).
    explicit Backends(int count, int lockWaiters = 9, int spare = 0, Clients clients = Clients::OwnProcess);
    ~Backends();
    Backends(const Backends &) = delete;
    Backends &operator=(const Backends &) = delete;

    /// Starts the server and the backends; prints why on stderr and returns false on failure.
    bool start();
    /// The superuser's conninfo to the maintenance database.
    QString conninfo() const { return m_conninfo; }
    int count() const { return m_count; }
    /// The cluster this process started, or null when the server is run.sh's.
    TestCluster *cluster() const { return m_cluster.get(); }

    /// bench_backends --clients: opens @p count backends on the server @p conninfo (its
    /// database "bench", with the table bench_lock) as start() does, and holds them.
    bool openBackends(const QByteArray &conninfo);

private:
    bool startClientProcess(const QByteArray &conninfo);

    int m_count;
    int m_lockWaiters;
    int m_spare;
    Clients m_clients;
    QString m_conninfo;
    std::unique_ptr<TestCluster> m_cluster;
    std::vector<pg::Conn> m_backends;
    std::unique_ptr<QProcess> m_clientProcess;
};

/// Raises the open-files limit to the hard limit (a client of 1,000 backends needs it).
void raiseFileLimit();

/// A superuser connection to the server; exits the process with a message if it fails.
pg::Conn connect(const QString &conninfo);

/// The baselines' work: runs @p sql with plain libpq and reads every field of every row.
/// Returns a sum of what it read, to be printed (so that the reading is not optimised away).
size_t runAndReadEveryField(PGconn *conn, const char *sql);
/// The same for a prepared statement without parameters.
size_t runPreparedAndReadEveryField(PGconn *conn, const char *name);

/// The server's clock less @p micros, in µs since the epoch (a prepared poll's $1: sessions
/// idle since before then travel as pids).
qint64 serverMicrosAgo(PGconn *conn, qint64 micros);

/// The monitor's poll (activity_query::partialSql()) prepared on a plain libpq connection
/// and run as the monitor's worker runs it: with the parameters the poll before gives
/// (activity_query::partialParameters()).
class PlainPoll
{
public:
    /// Prepares it as @p name on @p conn; exits the process with a message if it fails.
    PlainPoll(PGconn *conn, const char *name);
    /// Runs it, sessions idle since before @p unchangedBefore (µs since the epoch) as pids,
    /// and reads every field (as runAndReadEveryField()); returns a sum of what it read.
    size_t run(qint64 unchangedBefore);
    /// Reads the last run's result as the monitor does, for the next run's parameters. Not
    /// part of the baseline's work: called after the time is taken.
    void follow();
    /// The last run's result as follow() read it.
    const Snapshot &last() const { return m_previous; }

private:
    PGconn *m_conn;
    const char *m_name;
    pg::Result m_result;
    Snapshot m_previous;
    bool m_followed = true;
    bool m_known = false; ///< m_previous is the last run's reading
};
/// Reads every field of every row of @p result; returns a sum of what it read.
size_t readEveryField(const pg::Result &result);
/// runAndReadEveryField() for each of @p statements in turn: the wall time, in ms; the
/// sums are added to @p checksum.
double plainLibpqMs(PGconn *conn, const std::vector<QByteArray> &statements, size_t *checksum);

double median(std::vector<double> v);
double maximum(const std::vector<double> &v);

/// CPU time (user + system) of this process, all threads, in ms.
double processCpuMs();
/// Minor page faults of process @p pid so far (a server backend on this machine), or -1.
long long minorFaults(long long pid);
/// CPU time of the calling thread, in ms.
double threadCpuMs();
/// Runs the event loop for @p ms. Unlike the tests' runEventsFor(), no timer of its own
/// wakes this thread meanwhile: the CPU time spent is the window's.
void idleFor(int ms);
/// VmRSS / VmHWM of this process, in KiB.
qint64 residentKiB();
qint64 peakResidentKiB();

} // namespace bench
