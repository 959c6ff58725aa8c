// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench_support.h"

#include "monitor/activity_query.h"

#include <functional>

#include <QByteArray>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace bench {

Backends::Backends(int count, int lockWaiters, int spare, Clients clients)
    : m_count(count)
    , m_lockWaiters(lockWaiters)
    , m_spare(spare)
    , m_clients(clients)
    , m_conninfo(qEnvironmentVariable("PGSESSIONS_BENCH_CONNINFO"))
{
}

Backends::~Backends()
{
    // Before the cluster stops.
    if (m_clientProcess) {
        m_clientProcess->terminate();
        if (!m_clientProcess->waitForFinished(10000))
            m_clientProcess->kill();
        m_clientProcess->waitForFinished(5000);
    }
    m_backends.clear();
}

bool Backends::startClientProcess(const QByteArray &conninfo)
{
    const QString program = QCoreApplication::applicationDirPath() + QStringLiteral("/bench_backends");
    m_clientProcess = std::make_unique<QProcess>();
    m_clientProcess->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_clientProcess->start(program, {QStringLiteral("--clients"), QString::number(m_count), QString::number(m_lockWaiters), QString::fromUtf8(conninfo)});
    // Ready once it says so (its last backend open), or failed.
    QByteArray said;
    while (!said.contains('\n') && m_clientProcess->state() != QProcess::NotRunning && m_clientProcess->waitForReadyRead(120000))
        said += m_clientProcess->readAllStandardOutput();
    if (said.startsWith("READY")) {
        std::fprintf(stderr, "bench: %d client backends held by a process of their own (pid %lld)\n", m_count,
                     static_cast<long long>(m_clientProcess->processId()));
        return true;
    }
    std::fprintf(stderr, "bench: %s did not open the client backends (%s)\n", qPrintable(program), qPrintable(m_clientProcess->errorString()));
    m_clientProcess.reset();
    return false;
}

bool Backends::start()
{
    if (!m_conninfo.isEmpty())
        return true; // run.sh's server, with its backends already open
    raiseFileLimit();
    TestCluster::Options options;
    options.maxConnections = m_count + m_spare + 100;
    m_cluster = std::make_unique<TestCluster>(options);
    // pg_stat_statements gives the server's own time per statement (and counts the
    // statements of other monitors); it must be preloaded, hence the restart.
    Error error = m_cluster->start();
    for (const auto &step : std::initializer_list<std::function<Error()>>{
             [&] { return m_cluster->exec(QStringLiteral("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")); },
             [&] { return m_cluster->stop(); }, [&] { return m_cluster->restart(); },
             [&] { return m_cluster->exec(QStringLiteral("CREATE EXTENSION pg_stat_statements")); },
             [&] { return m_cluster->exec(QStringLiteral("ALTER SYSTEM SET pg_stat_statements.track_planning = on")); },
             [&] { return m_cluster->exec(QStringLiteral("SELECT pg_reload_conf()")); },
             [&] { return m_cluster->exec(QStringLiteral("CREATE DATABASE bench")); },
             [&] { return m_cluster->exec(QStringLiteral("CREATE TABLE bench_lock (id int)"), QStringLiteral("bench")); }}) {
        if (!error)
            error = step();
    }
    if (error) {
        std::fprintf(stderr, "cannot start the cluster: %s\n", qPrintable(error.message()));
        return false;
    }
    m_conninfo = m_cluster->conninfo();
    const QByteArray clients = m_cluster->conninfo(QStringLiteral("bench")).toUtf8();
    if (m_count > 0 && m_clients == Clients::OwnProcess)
        return startClientProcess(clients);
    return openBackends(clients);
}

// What a busy server looks like to a monitor: most backends idle after a query of their
// own, a tenth running a long statement, a tenth idle in a transaction, and a few waiting
// on a lock another one holds (so the blocked-by column has work to do).
bool Backends::openBackends(const QByteArray &info)
{
    raiseFileLimit();
    m_backends.reserve(size_t(m_count));
    const int lockWaiters = std::min(m_lockWaiters, m_count / 100);
    // PGSESSIONS_BENCH_REPORT_BYTES: the running reports' texts that long (a report's
    // statement runs to hundreds of bytes; the server keeps 1,024 by default).
    const int reportBytes = qEnvironmentVariableIntValue("PGSESSIONS_BENCH_REPORT_BYTES");
    for (int i = 0; i < m_count; ++i) {
        const QByteArray app = " application_name=" + QByteArray(i % 3 == 0 ? "web" : i % 3 == 1 ? "worker" : "report") + QByteArray::number(i % 20);
        pg::Conn c(PQconnectdb((info + app).constData()));
        if (PQstatus(c.get()) != CONNECTION_OK) {
            std::fprintf(stderr, "backend %d: %s", i, PQerrorMessage(c.get()));
            return false;
        }
        QByteArray sql;
        bool wait = true;
        if (i == 0 && lockWaiters > 0) {
            sql = "BEGIN; LOCK TABLE bench_lock IN ACCESS EXCLUSIVE MODE";
        } else if (i <= lockWaiters) {
            sql = "BEGIN; LOCK TABLE bench_lock IN ACCESS SHARE MODE";
            wait = false;
        } else if (i % 10 == 1) {
            sql = "SELECT pg_sleep(86400) /* report " + QByteArray::number(i) + " */";
            if (sql.size() < reportBytes)
                sql.insert(sql.size() - 3, QByteArray(reportBytes - int(sql.size()), 'r'));
            wait = false;
        } else if (i % 10 == 2) {
            sql = "BEGIN; SELECT count(*) FROM pg_class WHERE relpages > " + QByteArray::number(i);
        } else {
            sql = "SELECT " + QByteArray::number(i) + " AS customer, now() AS at /* web request */";
        }
        if (wait) {
            pg::Result r(PQexec(c.get(), sql.constData()));
            if (PQresultStatus(r.get()) != PGRES_TUPLES_OK && PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
                std::fprintf(stderr, "backend %d: %s", i, PQerrorMessage(c.get()));
                return false;
            }
        } else if (!PQsendQuery(c.get(), sql.constData())) {
            std::fprintf(stderr, "backend %d: %s", i, PQerrorMessage(c.get()));
            return false;
        }
        m_backends.push_back(std::move(c));
    }
    return true;
}

void raiseFileLimit()
{
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
}

pg::Conn connect(const QString &conninfo)
{
    pg::Conn c(PQconnectdb(conninfo.toUtf8().constData()));
    if (PQstatus(c.get()) != CONNECTION_OK) {
        std::fprintf(stderr, "cannot connect: %s", PQerrorMessage(c.get()));
        std::exit(1);
    }
    return c;
}

size_t runAndReadEveryField(PGconn *conn, const char *sql)
{
    return readEveryField(pg::Result(PQexec(conn, sql)));
}

qint64 serverMicrosAgo(PGconn *conn, qint64 micros)
{
    return pg::Result(PQexec(conn, "SELECT (extract(epoch FROM now()) * 1000000)::int8")).integer(0, 0) - micros;
}

PlainPoll::PlainPoll(PGconn *conn, const char *name)
    : m_conn(conn)
    , m_name(name)
{
    const pg::Result prepared(PQprepare(conn, name, activity_query::partialSql(PQserverVersion(conn)).constData(), 3, nullptr));
    if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
        std::fprintf(stderr, "cannot prepare the poll: %s", PQerrorMessage(conn));
        std::exit(1);
    }
}

size_t PlainPoll::run(qint64 unchangedBefore)
{
    if (!m_followed)
        follow();
    // (The first run, and one after a refused reading, reads every session whole.)
    const QList<QByteArray> parameters = activity_query::partialParameters(m_known ? unchangedBefore : kNoTime, &m_previous);
    const char *values[3];
    for (int i = 0; i < 3; ++i)
        values[i] = parameters[i].isNull() ? nullptr : parameters[i].constData();
    m_result = pg::Result(PQexecPrepared(m_conn, m_name, 3, values, nullptr, nullptr, 0));
    m_followed = false;
    return readEveryField(m_result);
}

void PlainPoll::follow()
{
    Snapshot next;
    next.server = m_previous.server;
    next.sequence = m_previous.sequence + 1;
    m_known = !activity_query::read(m_result, PQserverVersion(m_conn), next, &m_previous);
    m_previous = std::move(next);
    m_followed = true;
}

size_t runPreparedAndReadEveryField(PGconn *conn, const char *name)
{
    return readEveryField(pg::Result(PQexecPrepared(conn, name, 0, nullptr, nullptr, nullptr, 0)));
}

size_t readEveryField(const pg::Result &r)
{
    size_t sum = 0;
    const int rows = PQntuples(r.get()), fields = PQnfields(r.get());
    for (int row = 0; row < rows; ++row) {
        for (int f = 0; f < fields; ++f) {
            if (!PQgetisnull(r.get(), row, f))
                sum += size_t(PQgetlength(r.get(), row, f)) + size_t(static_cast<unsigned char>(*PQgetvalue(r.get(), row, f)));
        }
    }
    return sum;
}

double plainLibpqMs(PGconn *conn, const std::vector<QByteArray> &statements, size_t *checksum)
{
    QElapsedTimer clock;
    clock.start();
    size_t sum = 0;
    for (const QByteArray &sql : statements)
        sum += runAndReadEveryField(conn, sql.constData());
    const double ms = clock.nsecsElapsed() / 1e6;
    *checksum += sum;
    return ms;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double maximum(const std::vector<double> &v)
{
    return v.empty() ? 0 : *std::max_element(v.begin(), v.end());
}

double processCpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

long long minorFaults(long long pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    // The fields after the command name, which may hold spaces, from field 3 (state) on:
    // minflt is field 10.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    bool ok = false;
    const long long faults = fields.value(10 - 3).toLongLong(&ok);
    return ok ? faults : -1;
}

double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

void idleFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

namespace {
qint64 statusKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key(field);
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}
} // namespace

qint64 residentKiB()
{
    return statusKiB("VmRSS:");
}

qint64 peakResidentKiB()
{
    return statusKiB("VmHWM:");
}

} // namespace bench
