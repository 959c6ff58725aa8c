// SPDX-License-Identifier: GPL-3.0-or-later
// The server registry without a widget in sight (QCoreApplication, the core library
// alone): servers come and go while actions run, a server goes while its password is
// asked for, and every connect attempt is one connection.
#include "actions/action_journal.h"
#include "cluster_fixture.h"
#include "servers/server_monitor.h"
#include "pg/qtsql.h"
#include "servers/connection_test.h"
#include "servers/server_registry.h"
#include "tcp_relay.h"
#include "test_session.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

class TestServerRegistry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void serversComeAndGoWhileAnActionRuns();
    void anActionThreadComesWithActionsAndGoesWhenIdle();
    void aServerRemovedWhileItsPasswordIsAskedFor();
    void everyConnectAttemptIsOneConnection();
    void everyConnectionFallsBackTheSameWay();

private:
    /// The journal's records of one action, by kind of record.
    QList<QJsonObject> journalRecords(const QString &action) const;

    TestCluster m_cluster{[] {
        TestCluster::Options o;
        o.hbaFirst << QStringLiteral("host all secretive 127.0.0.1/32 md5");
        return o;
    }()};
    QTemporaryDir m_dir;
    std::shared_ptr<ActionJournal> m_journal;
};

void TestServerRegistry::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("DBUS_SESSION_BUS_ADDRESS"); // no keychain: the password is the user's to give
    PGSESSIONS_START_CLUSTER(m_cluster);
    QVERIFY(m_dir.isValid());
    m_journal = std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal.jsonl")));
    for (const char *sql : {"CREATE ROLE secretive LOGIN PASSWORD 'open sesame'", "CREATE DATABASE churn"})
        QVERIFY_OK(m_cluster.exec(QString::fromLatin1(sql)));
}

QList<QJsonObject> TestServerRegistry::journalRecords(const QString &action) const
{
    QList<QJsonObject> out;
    QFile file(m_journal->path());
    if (!file.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("action")).toString() == action)
            out << o;
    }
    return out;
}

void TestServerRegistry::anActionThreadComesWithActionsAndGoesWhenIdle()
{
    ServerRegistry registry(m_journal);
    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    const int id = registry.addServer(specOf(m_cluster.conninfo()));
    ServerMonitor *monitor = registry.monitor(id);
    QTRY_VERIFY_WITH_TIMEOUT(monitor->status().state == ServerStatus::Connected, 15000);
    const auto actionConnections = [&] {
        return m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'pgsessions actions %'"));
    };
    // Watching alone: one thread (the poll's), no connection for actions.
    QVERIFY(!monitor->hasActionThread());
    QCOMPARE(actionConnections(), QStringLiteral("0"));
    monitor->setActionsIdleMs(300);

    ActionRequest block;
    block.kind = ActionRequest::BlockConnections;
    block.database = QStringLiteral("churn");
    registry.submit(id, block);
    QVERIFY(monitor->hasActionThread());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
    QVERIFY(!finished.first().at(0).value<ActionSummary>().error);
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'churn'")), QStringLiteral("f"));
    // Idle for the set time: the thread ends, and its connection with it.
    QTRY_VERIFY_WITH_TIMEOUT(!monitor->hasActionThread(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(actionConnections(), QStringLiteral("0"), 5000);

    // The next action starts it again, and runs.
    ActionRequest allow;
    allow.kind = ActionRequest::AllowConnections;
    allow.database = QStringLiteral("churn");
    registry.submit(id, allow);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 15000);
    QVERIFY(!finished.last().at(0).value<ActionSummary>().error);
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'churn'")), QStringLiteral("t"));
}

void TestServerRegistry::serversComeAndGoWhileAnActionRuns()
{
    ServerRegistry registry(m_journal);
    QSignalSpy added(&registry, &ServerRegistry::serverAdded);
    QSignalSpy removed(&registry, &ServerRegistry::serverRemoved);
    QSignalSpy started(&registry, &ServerRegistry::actionStarted);
    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    ServerOptions options;
    options.name = QStringLiteral("first");
    const int first = registry.addServer(specOf(m_cluster.conninfo()), options);
    QTRY_VERIFY_WITH_TIMEOUT(registry.monitor(first)->status().state == ServerStatus::Connected, 15000);

    // A stopped backend keeps a kill-all busy: it takes its SIGTERM only once continued,
    // and the action waits for it to go, here up to a deadline far beyond the test's.
    TestSession::Options inChurn;
    inChurn.database = QStringLiteral("churn");
    auto held = TestSession::open(m_cluster, inChurn);
    QVERIFY(held);
    const int heldPid = held->pid();
    std::optional<StoppedBackend> stuck(std::in_place, heldPid);
    QVERIFY(stuck->stopped);
    ActionRequest killAll;
    killAll.kind = ActionRequest::KillAll;
    killAll.database = QStringLiteral("churn");
    killAll.waitMs = 60000;
    const quint64 running = registry.submit(first, killAll);
    QVERIFY(running != 0);
    QVERIFY(started.wait(10000));

    // Meanwhile: a second server comes, a third comes and goes.
    const int second = registry.addServer(specOf(m_cluster.tcpConninfo()));
    const int third = registry.addServer(specOf(m_cluster.conninfo()));
    registry.removeServer(third);
    QCOMPARE(registry.servers(), (QList<int>{first, second}));
    QVERIFY(!registry.monitor(third));
    QTRY_VERIFY_WITH_TIMEOUT(registry.monitor(second)->status().state == ServerStatus::Connected, 15000);
    QVERIFY2(finished.isEmpty(), "the action should still be running");

    // The action was not disturbed: once the backend goes, it ends, on the first server,
    // journaled, with that backend terminated.
    stuck.reset();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 20000);
    const auto summary = finished.first().at(0).value<ActionSummary>();
    QCOMPARE(summary.id, running);
    QVERIFY2(!summary.error, qPrintable(summary.error.message()));
    QCOMPARE(summary.counts[Outcome::Terminated], 1);
    QCOMPARE(summary.counts[Outcome::StillAlive], 0);
    const QString key = ActionRequest::journalKey(running);
    const QList<QJsonObject> records = journalRecords(key);
    QVERIFY(!records.isEmpty());
    QCOMPARE(records.first().value(QStringLiteral("record")).toString(), QStringLiteral("start"));
    QCOMPARE(records.last().value(QStringLiteral("record")).toString(), QStringLiteral("finish"));
    QCOMPARE(records.first().value(QStringLiteral("server")).toString(), QStringLiteral("first"));
    QVERIFY(std::any_of(records.begin(), records.end(), [&](const QJsonObject &r) {
        return r.value(QStringLiteral("record")).toString() == QLatin1String("outcome") && r.value(QStringLiteral("pid")).toInt() == heldPid &&
               r.value(QStringLiteral("result")).toString() == QLatin1String("terminated");
    }));

    // A server removed while its action runs: the removal waits only for the action to
    // wind down (its waits stop), which journals its finish and gives back connections.
    auto heldAgain = TestSession::open(m_cluster, inChurn);
    QVERIFY(heldAgain);
    const StoppedBackend stuckAgain(heldAgain->pid());
    QVERIFY(stuckAgain.stopped);
    finished.clear();
    started.clear();
    const quint64 interrupted = registry.submit(first, killAll);
    QVERIFY(started.wait(10000));
    QElapsedTimer clock;
    clock.start();
    registry.removeServer(first);
    qInfo("removing a server mid-action took %lld ms", clock.elapsed());
    QVERIFY(clock.elapsed() < 10000); // the action's own deadline was a minute
    QCOMPARE(registry.servers(), QList<int>{second});
    QCOMPARE(removed.count(), 2);
    QCOMPARE(removed.last().at(0).toInt(), first);
    const QList<QJsonObject> cut = journalRecords(ActionRequest::journalKey(interrupted));
    QVERIFY(!cut.isEmpty());
    QCOMPARE(cut.last().value(QStringLiteral("record")).toString(), QStringLiteral("finish"));
    QCOMPARE(added.count(), 3);
}

void TestServerRegistry::aServerRemovedWhileItsPasswordIsAskedFor()
{
    ServerRegistry registry(m_journal);
    QSignalSpy wanted(&registry, &ServerRegistry::passwordWanted);
    ServerOptions options;
    options.name = QStringLiteral("guarded");
    const int id = registry.addServer(specOf(m_cluster.tcpConninfo(QStringLiteral("postgres"), QStringLiteral("secretive"))), options);
    QVERIFY(wanted.wait(15000));
    const auto request = wanted.first().at(0).value<PasswordRequest>();
    QCOMPARE(request.server, id);
    QCOMPARE(request.serverName, QStringLiteral("guarded"));
    QCOMPARE(request.user, QStringLiteral("secretive"));
    QVERIFY(!request.saved);
    QCOMPARE(registry.monitor(id)->status().state, ServerStatus::NeedsPassword);

    // The prompt is open (nobody answered): the server goes.
    registry.removeServer(id);
    QVERIFY(!registry.monitor(id));
    // The answer arrives for a server that is gone: nothing happens, nothing breaks.
    registry.givePassword(id, QStringLiteral("open sesame"), true);
    registry.declinePassword(id);
    registry.askPassword(id);
    QVERIFY(registry.servers().isEmpty());
    QTest::qWait(200);
    QCOMPARE(wanted.count(), 1);

    // The same prompt answered for a server that stayed connects it.
    const int again = registry.addServer(specOf(m_cluster.tcpConninfo(QStringLiteral("postgres"), QStringLiteral("secretive"))), options);
    QVERIFY(wanted.wait(15000));
    registry.givePassword(again, QStringLiteral("open sesame"), false);
    QTRY_VERIFY_WITH_TIMEOUT(registry.monitor(again)->status().state == ServerStatus::Connected, 15000);
}

void TestServerRegistry::everyConnectAttemptIsOneConnection()
{
    QVERIFY(pg::qtsql::handoffAvailable());
    TcpRelay relay(m_cluster.port());
    QVERIFY(relay.isListening());
    const QString conninfo = QStringLiteral("host=127.0.0.1 port=%1 user=postgres").arg(relay.port());

    // The monitor: QPSQL's connection is the one libpq made, not a second one.
    ServerRegistry registry(m_journal);
    QSignalSpy snapshots(&registry, &ServerRegistry::snapshotReady);
    const int id = registry.addServer(specOf(conninfo));
    QVERIFY(snapshots.wait(15000));
    QCOMPARE(relay.connections(), 1);
    const SnapshotPtr snap = snapshots.first().at(0).value<SnapshotPtr>();
    int ours = 0;
    for (const Session &s : snap->sessions)
        ours += s.own;
    QCOMPARE(ours, 1);

    // Reconnecting after the network dropped it: one connection again.
    relay.resetCount();
    relay.cutAll();
    QTRY_VERIFY_WITH_TIMEOUT(registry.monitor(id)->status().state == ServerStatus::Error, 15000);
    snapshots.clear();
    QVERIFY(snapshots.wait(15000));
    QCOMPARE(relay.connections(), 1);

    // Test connection: one connection.
    relay.resetCount();
    const ConnectionTestResult tested = ConnectionTestResult::run(specOf(conninfo), QString());
    QVERIFY2(tested.ok(), qPrintable(tested.error.message()));
    QCOMPARE(relay.connections(), 1);
}

void TestServerRegistry::everyConnectionFallsBackTheSameWay()
{
    // A maintenance database that does not exist: the monitor, the actions and Test
    // connection all go on to postgres, as one rule says.
    const ConnectionSpec spec = specOf(m_cluster.conninfo(QStringLiteral("no such db")));
    const ConnectionTestResult tested = ConnectionTestResult::run(spec, QString());
    QVERIFY2(tested.ok(), qPrintable(tested.error.message()));
    QCOMPARE(tested.database, QStringLiteral("postgres"));

    ServerRegistry registry(m_journal);
    QSignalSpy snapshots(&registry, &ServerRegistry::snapshotReady);
    const int id = registry.addServer(spec);
    QVERIFY2(snapshots.wait(15000), qPrintable(registry.monitor(id)->status().message));
    const SnapshotPtr snap = snapshots.first().at(0).value<SnapshotPtr>();
    const auto own = std::find_if(snap->sessions.begin(), snap->sessions.end(), [&](const Session &s) { return s.key.pid == snap->ownPid; });
    QVERIFY(own != snap->sessions.end());
    QCOMPARE(own->database, QStringLiteral("postgres"));

    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    ActionRequest killAll;
    killAll.kind = ActionRequest::KillAll;
    killAll.database = QStringLiteral("churn");
    killAll.waitMs = 1000;
    registry.submit(id, killAll);
    QVERIFY(finished.wait(15000));
    const auto summary = finished.first().at(0).value<ActionSummary>();
    QVERIFY2(!summary.error, qPrintable(summary.error.message()));
    QCOMPARE(summary.databaseState, ActionSummary::ConnectionsAllowed);
}

QTEST_GUILESS_MAIN(TestServerRegistry)
#include "tst_server_registry.moc"
