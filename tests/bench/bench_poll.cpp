// SPDX-License-Identifier: GPL-3.0-or-later
// A poll end to end at N backends: the window's monitor fetches and parses the activity
// statement in its worker thread, the snapshot crosses to the GUI thread, the model diffs
// it, the proxy sorts and filters, and the window repaints what changed (all of it, before
// the clock stops). The clock starts when the worker sends the statement; the latency of
// a refresh (F5), which reaches the worker from the GUI thread first, is printed too.
// Against a plain libpq program that runs the same statement and reads every field, in
// the same run, alternating, medians of the rounds. The window's polls come at least
// 1.05 s apart: every age it shows reads a second more at each, as at a 1 s interval.
// Usage: bench_poll [BACKENDS] [ROUNDS]
#include "base/event_loops.h"
#include "base/app_identity.h"
#include "monitor/activity_query.h"
#include "bench_support.h"
#include "bench_window.h"
#include "servers/server_registry.h"
#include "window/main_window.h"
#include "servers/server_monitor.h"
#include "models/blocking_model.h"
#include "models/session_model.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTableView>
#include <QThread>
#include <QTimer>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <tuple>

namespace {

qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Between statements, as between a monitor's polls, the server and the client go idle.
constexpr unsigned long kPauseMs = 100;
// The window's polls at least this far apart: every age it shows then reads a second more
// at each, as at the default interval (closer together, most ages would read the same and
// not be repainted).
constexpr qint64 kPollSpacingMs = 1050;

// The baseline: run the statements the monitor runs, read every field of every row.

// Counts the paints of a widget, to show that the timed part did paint the table.
class PaintCounter : public QObject
{
public:
    int paints = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        paints += event->type() == QEvent::Paint;
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

int main(int argc, char *argv[])
{
    useQtEventLoopsOnWorkerThreads(); // as the application does
    QStandardPaths::setTestModeEnabled(true); // the benchmark's settings, not the user's
    QApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 30;
    bench::raiseFileLimit();
    bench::Backends backends(count);
    if (!backends.start())
        return 1;

    MainWindow window(bench::journal());
    bench::showEveryColumn(window);
    ServerOptions options;
    options.intervalMs = 3600 * 1000; // only the benchmark's refreshes
    const int id = window.registry()->addServer(specOf(backends.conninfo()), options);
    ServerMonitor *monitor = window.registry()->monitor(id);

    // Connected after the window's own slot, so it runs once the window applied the poll.
    QEventLoop loop;
    QTimer deadline; // one timer, restarted: a stale single shot must not end a later round
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    QElapsedTimer clock;
    double lastMs = 0, fetchMs = 0, appliedMs = 0, fromPollStartMs = 0;
    qint64 lastServerTime = 0;
    int unchangedSessions = 0, stillRunning = 0;
    PaintCounter painted;
    window.sessionView()->viewport()->installEventFilter(&painted);
    int paintedRounds = 0;
    QObject::connect(monitor, &ServerMonitor::snapshotReady, &app, [&](const SnapshotPtr &snapshot) {
        // The repaint the poll asked for, now rather than when the event loop gets to it:
        // Qt posts the window one low-priority update request, which paints every region
        // marked dirty (the table's changed cells, the tree, the status bar).
        appliedMs = clock.nsecsElapsed() / 1e6;
        QCoreApplication::sendPostedEvents(&window, QEvent::UpdateRequest);
        lastMs = clock.nsecsElapsed() / 1e6;
        paintedRounds += painted.paints > 0;
        deadline.stop();
        fetchMs = snapshot->pollMicros / 1e3;
        lastServerTime = snapshot->serverTime;
        unchangedSessions = snapshot->unchangedSessions;
        stillRunning = snapshot->stillRunningSessions;
        fromPollStartMs = (steadyNs() - snapshot->pollStartedNs) / 1e6;
        loop.quit();
    });
    deadline.start(30000);
    clock.start();
    loop.exec();
    QTableView *view = window.sessionView();
    int visibleColumns = 0;
    for (int c = 0; c < SessionModel::ColumnCount; ++c)
        visibleColumns += !view->isColumnHidden(c) && view->columnViewportPosition(c) + view->columnWidth(c) <= view->viewport()->width();
    std::printf("table: %d of %d columns fully on screen, %d rows of the viewport's %d px\n", visibleColumns, int(SessionModel::ColumnCount),
                view->rowAt(view->viewport()->height() - 1) - view->rowAt(0) + 1, view->viewport()->height());
    const int rows = window.sessionModel()->rowCount();
    if (rows < count) {
        std::fprintf(stderr, "the window shows %d rows, expected at least %d: %s\n", rows, count, qPrintable(monitor->status().message));
        return 1;
    }

    pg::Conn conn = bench::connect(backends.conninfo());
    const QByteArray sql = activity_query::sql(PQserverVersion(conn.get()));
    // The monitor's own statements, prepared as the monitor prepares them, for the second
    // baseline: the same work as the monitor's worker, in plain libpq.
    bench::PlainPoll plainPoll(conn.get(), "bench_poll");
    {
        const pg::Result prepared(PQprepare(conn.get(), "bench_locks", activity_query::locksSql(PQserverVersion(conn.get())).constData(), 0, nullptr));
        if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
            std::fprintf(stderr, "cannot prepare the locks: %s", PQerrorMessage(conn.get()));
            return 1;
        }
    }
    // The monitor reads pg_locks too when a session waits on a lock (the server of a run has 9).
    std::vector<QByteArray> statements{sql};
    if (window.blockingModel()->blockedSessions() > 0)
        statements.push_back(activity_query::locksSql(PQserverVersion(conn.get())));
    // The backends' page faults: the monitor's, and the one of the plain libpq baselines.
    long long monitorBackend = -1;
    {
        const QByteArray name = app_identity::applicationName(QStringLiteral("monitor")).toUtf8();
        const char *values[] = {name.constData()};
        const pg::Result r(PQexecParams(conn.get(), "SELECT pid FROM pg_stat_activity WHERE application_name = $1", 1, nullptr, values, nullptr,
                                        nullptr, 0));
        if (PQntuples(r.get()) == 1)
            monitorBackend = QByteArray(PQgetvalue(r.get(), 0, 0)).toLongLong();
    }
    const long long plainBackend = PQbackendPID(conn.get());
    long long monitorFaults = -1, plainFaults = -1;
    size_t checksum = 0;
    std::vector<double> base, same, e2e, fetch, parse, paint, fromStart;
    Snapshot lastParsed;
    QElapsedTimer sinceLastPoll;
    for (int round = 0; round < rounds + 2; ++round) {
        // The wait for the spacing comes first: each of the three runs below follows the
        // same short pause.
        if (const qint64 wait = kPollSpacingMs - 2 * qint64(kPauseMs) - 20 - sinceLastPoll.elapsed(); sinceLastPoll.isValid() && wait > 0)
            QThread::msleep(static_cast<unsigned long>(wait));
        const double b = bench::plainLibpqMs(conn.get(), statements, &checksum);
        QThread::msleep(kPauseMs);
        // As the worker runs it: sessions idle since 2 s before the last poll as pids, and
        // the statements running on as the run before saw them as pids too.
        QElapsedTimer sameClock;
        sameClock.start();
        checksum += plainPoll.run(lastServerTime - 2000000);
        if (statements.size() > 1)
            checksum += bench::runPreparedAndReadEveryField(conn.get(), "bench_locks");
        const double sameMs = sameClock.nsecsElapsed() / 1e6;
        plainPoll.follow(); // (not timed: the monitor's reading, for the next run)
        QThread::msleep(kPauseMs);
        deadline.start(10000);
        lastMs = -1;
        QCoreApplication::processEvents(); // nothing left over from the last round
        if (const qint64 wait = kPollSpacingMs - sinceLastPoll.elapsed(); sinceLastPoll.isValid() && wait > 0)
            QThread::msleep(static_cast<unsigned long>(wait)); // (rare: waited for at the round's start)
        painted.paints = 0;
        clock.start();
        sinceLastPoll.start();
        monitor->refreshNow();
        loop.exec();
        if (lastMs < 0) {
            std::fprintf(stderr, "no poll within 10 s: %s\n", qPrintable(monitor->status().message));
            return 1;
        }
        // Parsing alone, on this thread, for the breakdown.
        pg::Result r(PQexec(conn.get(), sql.constData()));
        Snapshot parsed;
        QElapsedTimer parseClock;
        parseClock.start();
        // As the worker does it: against the last poll's snapshot.
        (void)activity_query::read(r, PQserverVersion(conn.get()), parsed, &lastParsed);
        const double p = parseClock.nsecsElapsed() / 1e6;
        lastParsed = std::move(parsed);
        if (round == 1) {
            monitorFaults = bench::minorFaults(monitorBackend);
            plainFaults = bench::minorFaults(plainBackend);
        }
        if (round >= 2) { // the first rounds warm caches on both sides
            base.push_back(b);
            same.push_back(sameMs);
            e2e.push_back(lastMs);
            fetch.push_back(fetchMs);
            parse.push_back(p);
            paint.push_back(lastMs - appliedMs);
            fromStart.push_back(fromPollStartMs);
        }
        QThread::msleep(kPauseMs);
    }
    const double b = bench::median(base), s = bench::median(same), e = bench::median(e2e);
    std::printf("PostgreSQL %d, %d rows a poll (window: %d sessions), %d rounds (checksum %zu)\n", PQserverVersion(conn.get()),
                PQntuples(pg::Result(PQexec(conn.get(), sql.constData())).get()), window.sessionModel()->rowCount(), rounds, checksum);
    std::printf("%-52s %9.2f ms\n", statements.size() > 1 ? "plain libpq: activity + locks, read every field" : "plain libpq: run the statement, read every field", b);
    std::printf("%-52s %9.2f ms\n", statements.size() > 1 ? "plain libpq: the monitor's prepared poll + locks" : "plain libpq: the monitor's prepared poll", s);
    std::printf("  (of the last poll's %zu sessions, %d sent as unchanged, as pids, %d of them statements running on;\n"
                "   the plain program's last run: %d and %d)\n",
                lastParsed.sessions.size(), unchangedSessions, stillRunning, plainPoll.last().unchangedSessions, plainPoll.last().stillRunningSessions);
    std::printf("%-52s %9.2f ms\n", "pgsessions: F5 to repainted (refresh -> repainted)", e);
    std::printf("%-52s %9.2f ms\n", "  of which the worker's PQexec (fetch)", bench::median(fetch));
    std::printf("%-52s %9.2f ms\n", "  of which parsing into a snapshot (measured apart)", bench::median(parse));
    std::printf("%-52s %9.2f ms\n", "  rest: queueing, model diff, proxy, tree, repaint", e - bench::median(fetch) - bench::median(parse));
    std::printf("%-52s %9.2f ms\n", "    of which the repaint (table, tree, status bar)", bench::median(paint));
    std::printf("%-52s %9.2f ms\n", "pgsessions: poll end to end (poll start -> repainted)", bench::median(fromStart));
    std::printf("%-52s %9.2f ms\n", "pgsessions: slowest round", bench::maximum(e2e));
    // Reading pg_stat_activity copies every backend slot's query text: a backend whose
    // allocator maps that copy afresh at each poll faults its pages in, one by one.
    if (monitorFaults >= 0 && plainFaults >= 0 && bench::minorFaults(monitorBackend) >= 0)
        std::printf("server backends' minor page faults a round: the monitor's %.1f, plain libpq's %.1f\n",
                    double(bench::minorFaults(monitorBackend) - monitorFaults) / rounds, double(bench::minorFaults(plainBackend) - plainFaults) / rounds);
    else
        std::printf("server backends' page faults: not readable here (backend %lld, %lld)\n", monitorBackend, plainBackend);
    std::printf("the table was repainted within the timed part in %d of %d polls\n", paintedRounds, rounds + 3);
    // A poll starts in the worker, on its timer; the refresh above starts it from the GUI
    // thread, one hop earlier (as F5 does): both are printed, the poll is the figure.
    // Against both baselines: plain libpq reading every session whole (what the monitor
    // sent before it left unchanged sessions out), and running the monitor's own prepared
    // statement (the same work on the wire and on the server).
    const double p = bench::median(fromStart);
    bench::result(QStringLiteral("poll end to end, %1 backends").arg(count), p, QStringLiteral("ms"), b,
                  QStringLiteral("<= 1.2x plain libpq"), bench::met(p <= 1.2 * b));
    bench::result(QStringLiteral("poll end to end against the same statement, %1 backends").arg(count), p, QStringLiteral("ms"), s,
                  QStringLiteral("<= 1.2x plain libpq"), bench::met(p <= 1.2 * s));
    bench::result(QStringLiteral("F5 to repainted, %1 backends").arg(count), e, QStringLiteral("ms"), b, QStringLiteral("-"), QStringLiteral("-"));
    return 0;
}
