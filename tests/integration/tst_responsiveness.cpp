// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI thread never waits on the network: a stall probe runs on the test's main
// thread (the GUI thread) while servers vanish or never answer.
#include "cluster_fixture.h"
#include "event_wait.h"
#include "servers/server_monitor.h"
#include "models/session_model.h"
#include "silent_listener.h"
#include "stall_probe.h"
#include "test_session.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <optional>
#include <thread>

namespace {
constexpr qint64 kMaxStallMs = 100;
}

class TestResponsiveness : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void serverStoppedMidPollThenBack();
    void serverThatNeverAnswers();
    void closingWhileAPollHangsOnAFrozenBackend();
    void closingWhileAnActionConnectsToASilentServer();

private:
    TestCluster m_cluster;
};

void TestResponsiveness::initTestCase()
{
    PGSESSIONS_START_CLUSTER(m_cluster);
}

void TestResponsiveness::serverStoppedMidPollThenBack()
{
    SessionModel model;
    MonitorOptions options;
    options.intervalMs = 20; // poll nearly all the time, so the stop lands mid-poll
    options.maxBackoffSeconds = 1;
    ServerMonitor monitor(1, specOf(m_cluster.conninfo()), options);
    connect(&monitor, &ServerMonitor::snapshotReady, &model, [&model](const SnapshotPtr &s) { model.applySnapshot(*s); });
    QSignalSpy states(&monitor, &ServerMonitor::statusChanged);
    monitor.start();
    QTRY_COMPARE_WITH_TIMEOUT(monitor.status().state, ServerStatus::Connected, 15000);
    QTRY_VERIFY(model.rowCount() > 0);

    StallProbe probe;
    probe.start();
    // pg_ctl blocks: run it off this thread, as the user's server would go away on its own.
    Error stopped;
    std::atomic<bool> stopDone{false};
    std::thread stopper([&] {
        stopped = m_cluster.stop(QStringLiteral("immediate"));
        stopDone = true;
    });
    QVERIFY(runEventsUntil([&] { return monitor.status().state == ServerStatus::Error; }, 20000));
    QVERIFY(runEventsUntil([&] { return stopDone.load(); }, 60000)); // join() only once it cannot block
    stopper.join();
    QVERIFY_OK(stopped);
    qInfo("server down, error shown at %lld ms", probe.sinceStartMs());
    const QString message = monitor.status().message;
    QVERIFY(!message.isEmpty());
    qInfo("error shown while the server is down: %s", qPrintable(message));
    const int rowsWhileDown = model.rowCount();
    runEventsFor(1500); // reconnect attempts fail meanwhile
    QCOMPARE(model.rowCount(), rowsWhileDown); // the last snapshot stays

    Error restarted;
    std::atomic<bool> startDone{false};
    std::thread starter([&] {
        restarted = m_cluster.restart();
        startDone = true;
    });
    QVERIFY(runEventsUntil([&] { return monitor.status().state == ServerStatus::Connected; }, 30000));
    qInfo("reconnected at %lld ms", probe.sinceStartMs());
    QVERIFY(runEventsUntil([&] { return startDone.load(); }, 60000));
    starter.join();
    QVERIFY_OK(restarted);
    QSignalSpy snaps(&monitor, &ServerMonitor::snapshotReady);
    QVERIFY(runEventsUntil([&] { return snaps.count() > 0; }, 5000)); // polling resumed by itself
    probe.stop();

    qInfo("longest GUI-thread stall: %lld ms (%lld ms of it not waiting for a core) over %lld ticks, ended %lld ms after the start",
          probe.longestStallMs(), probe.longestOwnStallMs(), probe.ticks(), probe.longestStallEndedAtMs());
    // The thread's own stalls: in a parallel run on two cores, a wait for a core that
    // another test's process has is the machine's (708 ms was seen here once).
    QVERIFY2(probe.longestOwnStallMs() <= kMaxStallMs, qPrintable(QString::number(probe.longestOwnStallMs())));
    QVERIFY(probe.ticks() > 100);
}

void TestResponsiveness::serverThatNeverAnswers()
{
    SilentListener silent;
    QVERIFY(silent.isListening());
    MonitorOptions options;
    options.connectTimeoutSeconds = 2;
    StallProbe probe;
    probe.start();
    QElapsedTimer clock;
    clock.start();
    {
        ServerMonitor monitor(1, specOf(QStringLiteral("host=127.0.0.1 port=%1 user=postgres").arg(silent.port())),
                              options);
        monitor.start();
        QVERIFY(runEventsUntil([&] { return monitor.status().state == ServerStatus::Connecting; }, 2000));
        QVERIFY(runEventsUntil([&] { return monitor.status().state == ServerStatus::Error; }, 15000));
        qInfo("error shown for a silent server after %lld ms: %s", clock.elapsed(), qPrintable(monitor.status().message));
        QVERIFY(clock.elapsed() >= 1500); // it was the timeout that ended the attempt
        QVERIFY(monitor.status().message.contains(QLatin1String("connect_timeout")));
        runEventsFor(1200); // the next attempt is under way when the window closes
        clock.restart();
    }
    qInfo("closing while connecting to a silent server took %lld ms", clock.elapsed());
    QVERIFY(clock.elapsed() < 500);
    probe.stop();
    qInfo("longest GUI-thread stall: %lld ms (%lld ms of it not waiting for a core) over %lld ticks, ended %lld ms after the start",
          probe.longestStallMs(), probe.longestOwnStallMs(), probe.ticks(), probe.longestStallEndedAtMs());
    // The window never waited on the silent server: each attempt takes 2 s, and a wait on
    // one would stall the GUI thread that long. (How short its stalls are is bench_stall's
    // and bench_fleet's figure, not this test's: under a parallel test run a stall of 121 ms
    // was seen here, with the machine busy elsewhere, as tst_servers saw 105 ms.)
    QVERIFY2(probe.longestOwnStallMs() < 1000, qPrintable(QString::number(probe.longestOwnStallMs())));
}

void TestResponsiveness::closingWhileAPollHangsOnAFrozenBackend()
{
    // The monitor's own backend stops (SIGSTOP): the poll waits for an answer that never
    // comes, TCP keeps the connection looking alive, and a cancel request cannot reach a
    // stopped process. Closing must not wait for any of it.
    MonitorOptions options;
    options.intervalMs = 100;
    auto monitor = std::make_unique<ServerMonitor>(4, specOf(m_cluster.tcpConninfo()), options);
    QSignalSpy snapshots(monitor.get(), &ServerMonitor::snapshotReady);
    monitor->start();
    QVERIFY(snapshots.wait(15000));
    const int backend = snapshots.first().at(0).value<SnapshotPtr>()->ownPid;
    QVERIFY(backend > 0);
    std::optional<StoppedBackend> frozen(std::in_place, backend);
    QVERIFY(frozen->stopped);
    snapshots.clear();
    runEventsFor(500); // the next poll is sent and hangs
    QCOMPARE(snapshots.count(), 0);

    QElapsedTimer clock;
    clock.start();
    monitor.reset();
    const qint64 closeMs = clock.elapsed();
    frozen.reset();
    qInfo("monitor closed in %lld ms while its poll hung", closeMs);
    QVERIFY2(closeMs < 1000, qPrintable(QString::number(closeMs)));
}

void TestResponsiveness::closingWhileAnActionConnectsToASilentServer()
{
    // An action submitted to a server that stopped answering: its connection attempt
    // would wait out connect_timeout for each maintenance database. Closing must not.
    SilentListener silent;
    QVERIFY(silent.isListening());
    auto monitor = std::make_unique<ServerMonitor>(
        5, specOf(QStringLiteral("host=127.0.0.1 port=%1 user=postgres connect_timeout=30").arg(silent.port())), MonitorOptions{});
    QSignalSpy started(monitor.get(), &ServerMonitor::actionStarted);
    ActionRequest request;
    request.kind = ActionRequest::Terminate;
    request.targets.push_back(BackendTarget{4242, kNoTime, QStringLiteral("web"), QStringLiteral("shop"), {}, {}, {}});
    monitor->submit(request);
    QVERIFY(started.wait(5000));
    runEventsFor(500); // the action's connection attempt is under way

    QElapsedTimer clock;
    clock.start();
    monitor.reset();
    const qint64 closeMs = clock.elapsed();
    qInfo("monitor closed in %lld ms while an action connected to a silent server", closeMs);
    QVERIFY2(closeMs < 1000, qPrintable(QString::number(closeMs)));
}

QTEST_MAIN(TestResponsiveness)
#include "tst_responsiveness.moc"
