// SPDX-License-Identifier: GPL-3.0-or-later
// Memory of the window at 1,000 and 10,000 sessions: how much its resident size (VmRSS)
// grows from the window shown with no rows to the window showing N sessions (the model's
// rows, plus the last snapshot, which the monitor keeps), against how much a plain libpq
// process grows holding the PGresult of the same rows. The rows are the server's own
// activity rows; beyond the number of its backends, copies of them with other pids.
// Usage: bench_memory [BACKENDS]        (also: bench_memory --pgresult ROWS, the baseline)
#include "base/event_loops.h"
#include "monitor/activity_query.h"
#include "bench_support.h"
#include "bench_window.h"
#include "servers/server_registry.h"
#include "window/main_window.h"
#include "models/session_model.h"

#include <QApplication>
#include <QEventLoop>
#include <QProcess>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <cstring>

using bench::idleFor;

namespace {

// The poll statement over enough copies of pg_stat_activity for @p rows sessions.
QByteArray statementFor(PGconn *conn, int rows)
{
    const int backends = QByteArray(PQgetvalue(pg::Result(PQexec(conn, "SELECT count(*) FROM pg_stat_activity")).get(), 0, 0)).toInt();
    const int copies = (rows + backends - 1) / std::max(1, backends);
    QByteArray sql = activity_query::sql(PQserverVersion(conn));
    sql.replace(" FROM pg_stat_activity a", " FROM pg_stat_activity a CROSS JOIN generate_series(1, " + QByteArray::number(copies) + ")");
    return sql + " LIMIT " + QByteArray::number(rows + 100); // + the databases' rows
}

// The baseline, in a process of its own so that nothing else shares its heap.
int pgresultChild(const QString &conninfo, int rows)
{
    pg::Conn conn = bench::connect(conninfo);
    const QByteArray sql = statementFor(conn.get(), rows);
    const qint64 before = bench::residentKiB();
    pg::Result result(PQexec(conn.get(), sql.constData()));
    const qint64 after = bench::residentKiB();
    std::printf("ROWS %d KIB %lld\n", PQntuples(result.get()), after - before);
    return 0;
}

qint64 pgresultKiB(const QString &self, int rows)
{
    QProcess child;
    child.start(self, {QStringLiteral("--pgresult"), QString::number(rows)});
    child.waitForFinished(120000);
    const QList<QByteArray> words = child.readAllStandardOutput().trimmed().split(' ');
    return words.value(3).toLongLong();
}

// @p rows sessions of the server, the ones past its backends with pids of their own.
SnapshotPtr sessions(PGconn *conn, int rows)
{
    pg::Result result(PQexec(conn, statementFor(conn, rows).constData()));
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->server = 1;
    (void)activity_query::read(result, PQserverVersion(conn), *snapshot);
    QHash<int, int> seen;
    SessionList kept;
    for (size_t i = 0; i < std::min(snapshot->sessions.size(), size_t(rows)); ++i) {
        Session s = snapshot->sessions[i];
        s.key.pid += 1000000 * seen[s.key.pid]++;
        kept.push_back(std::move(s));
    }
    snapshot->sessions = std::move(kept);
    return snapshot;
}

} // namespace

int main(int argc, char *argv[])
{
    useQtEventLoopsOnWorkerThreads(); // as the application does
    if (argc > 2 && std::strcmp(argv[1], "--pgresult") == 0) {
        QCoreApplication app(argc, argv);
        return pgresultChild(qEnvironmentVariable("PGSESSIONS_BENCH_CONNINFO"), std::atoi(argv[2]));
    }
    QStandardPaths::setTestModeEnabled(true); // the benchmark's settings, not the user's
    QApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 1000;
    bench::raiseFileLimit();
    bench::Backends backends(count);
    if (!backends.start())
        return 1;
    qputenv("PGSESSIONS_BENCH_CONNINFO", backends.conninfo().toUtf8()); // for the baseline's process
    pg::Conn conn = bench::connect(backends.conninfo());

    MainWindow window(bench::journal());
    window.show();
    idleFor(1000);
    const qint64 empty = bench::residentKiB();
    std::printf("the window shown, no rows: VmRSS %lld KiB\n", empty);
    SnapshotPtr last; // the monitor keeps the last snapshot; so does this
    for (int rows : {1000, 10000}) {
        {
            SnapshotPtr next = sessions(conn.get(), rows);
            window.sessionModel()->applySnapshot(*next);
            last = std::move(next);
        }
        window.sessionView()->scrollToBottom();
        idleFor(1000); // painted, and whatever the view computes lazily is computed
        const qint64 rss = bench::residentKiB();
        const qint64 growth = rss - empty;
        const qint64 base = pgresultKiB(QCoreApplication::applicationFilePath(), rows);
        std::printf("%6d sessions: VmRSS %lld KiB (+%lld KiB, %.2f KiB a row), VmHWM %lld KiB; a PGresult of the same rows: +%lld KiB\n",
                    window.sessionModel()->rowCount(), rss, growth, double(growth) / rows, bench::peakResidentKiB(), base);
        bench::result(QStringLiteral("memory, window with %1 sessions (growth)").arg(rows), growth / 1024.0, QStringLiteral("MiB"), base / 1024.0,
                      QStringLiteral("- (PGresult of the same rows)"), QStringLiteral("-"));
    }
    return 0;
}
