// SPDX-License-Identifier: GPL-3.0-or-later
// Always a way back, with faults injected against a real server: a database left blocked
// by a killed app is offered for restore at the next start, a restore lost to a server
// restart is retried when it is back, the journal is a promise, queued actions can be
// taken back, the maintenance database is left before it is changed, counts never
// understate, odd names stay apart.
#include "actions/action_executor.h"
#include "actions/action_journal.h"
#include "actions/action_worker.h"
#include "cluster_fixture.h"
#include "models/server_tree_model.h"
#include "pg/connection.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "tcp_relay.h"
#include "test_session.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <optional>
#include <thread>

namespace {

QList<QJsonObject> records(const QString &path, const QString &action = {})
{
    QList<QJsonObject> out;
    for (const QJsonObject &o : ActionJournal::read(path)) {
        if (action.isEmpty() || o.value(QStringLiteral("action")).toString() == action)
            out << o;
    }
    return out;
}

bool hasStep(const QList<QJsonObject> &list, const QString &step)
{
    return std::any_of(list.begin(), list.end(), [&](const QJsonObject &o) {
        return o.value(QStringLiteral("record")).toString() == QLatin1String("step") && o.value(QStringLiteral("step")).toString() == step;
    });
}

BackendTarget targetOf(TestSession &s)
{
    return {s.pid(), s.backendStart(), QStringLiteral("alice"), QStringLiteral("shop"), {}, {}, {}};
}

ActionSummary waitForFinish(QSignalSpy &finished, quint64 id, int timeoutMs = 30000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        for (const auto &args : std::as_const(finished)) {
            const auto s = args.at(0).value<ActionSummary>();
            if (s.id == id)
                return s;
        }
        finished.wait(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    ActionSummary none;
    none.error = Error(QStringLiteral("the action did not finish in time"));
    return none;
}

// How many offers a start with @p journal makes within two polls of the server; -1 when
// the server is not polled twice.
int offersAtTheNextStart(const QString &conninfo, const QString &journal)
{
    ServerRegistry again(std::make_shared<ActionJournal>(journal));
    QSignalSpy offered(&again, &ServerRegistry::restoreOffered);
    QSignalSpy snapshots(&again, &ServerRegistry::snapshotReady);
    again.addServer(specOf(conninfo));
    if (!snapshots.wait(20000) || !snapshots.wait(20000))
        return -1;
    return int(offered.count());
}

} // namespace

class TestSafety : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void aKilledAppsBlockIsOfferedForRestoreAtTheNextStart();
    void aBlockLiftedBySomebodyIsNotOfferedWhenBlockedAgain();
    void aKilledServerWideKillOffersEachDatabaseItBlocked();
    void aRestoreLostToAServerRestartIsRetriedWhenItIsBack();
    void connectionsCanBeAllowedWhateverBlockedThem();
    void aJournalThatCannotBeWrittenStopsTheAction_data();
    void aJournalThatCannotBeWrittenStopsTheAction();
    void aDeletedOrRotatedJournalIsOpenedAgain();
    void queuedActionsSayWhatTheyWaitForAndCanBeCancelled();
    void closingStopsTheRunningActionAndDropsTheQueue();
    void aStopIsNeverLost();
    void aStoppedWaitSaysWhenItStopped();
    void closingMidBlockingKillAllLetsTheDatabaseInAgain();
    void countsWithoutReadAllStatsAreWhatKillAllEnds();
    void theMaintenanceDatabaseIsLeftBeforeItChanges();
    void aNameTooLongIsRefusedBeforeAnySessionEnds();
    void namesThatAreNotUtf8StayApart();
    void abandonedThreadsAreCountedOnce();

private:
    std::vector<std::unique_ptr<TestSession>> openSessions(int n, const QString &database, const QString &user = QStringLiteral("alice"));
    bool isAlive(int pid);
    QString allowsConnections(const QString &database);

    TestCluster m_cluster;
    QTemporaryDir m_dir;
    std::shared_ptr<ActionJournal> m_journal;
};

void TestSafety::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    PGSESSIONS_START_CLUSTER(m_cluster);
    QVERIFY(m_dir.isValid());
    m_journal = std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal.jsonl")));
    for (const char *sql : {"CREATE ROLE alice LOGIN", "CREATE ROLE operator LOGIN", "GRANT pg_signal_backend TO operator",
                            "CREATE DATABASE games", "CREATE DATABASE shop", "CREATE DATABASE maint", "CREATE DATABASE churn"})
        QVERIFY_OK(m_cluster.exec(QString::fromLatin1(sql)));
}

std::vector<std::unique_ptr<TestSession>> TestSafety::openSessions(int n, const QString &database, const QString &user)
{
    std::vector<std::unique_ptr<TestSession>> sessions;
    for (int i = 0; i < n; ++i) {
        QString error;
        auto s = TestSession::open(m_cluster, {database, user, QStringLiteral("app%1").arg(i), false}, &error);
        if (!s)
            qFatal("cannot open a session: %s", qPrintable(error));
        sessions.push_back(std::move(s));
    }
    return sessions;
}

bool TestSafety::isAlive(int pid)
{
    return m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(pid)) == QLatin1String("1");
}

QString TestSafety::allowsConnections(const QString &database)
{
    return m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = '%1'").arg(database));
}

// Whatever a test did, no database is left refusing connections after it.
void TestSafety::cleanup()
{
    QTRY_COMPARE_WITH_TIMEOUT(m_cluster.value(QStringLiteral("SELECT coalesce(string_agg(datname, ','), '') FROM pg_database WHERE NOT "
                                                             "datallowconn AND NOT datistemplate")),
                              QString(), 5000);
    // The throwaway cluster commits asynchronously: a test that restarts it at once
    // (immediate shutdown) would lose the last commits, such as a restore, and find the
    // database blocked again.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CHECKPOINT")));
}

void TestSafety::aKilledAppsBlockIsOfferedForRestoreAtTheNextStart()
{
    auto sessions = openSessions(20, QStringLiteral("games"));
    // One backend that cannot end yet keeps the kill-all waiting, mid-way, blocked.
    StoppedBackend stuck(sessions[0]->pid());
    QVERIFY(stuck.stopped);
    const QString journal = m_dir.filePath(QStringLiteral("killed.jsonl"));
    QProcess helper;
    helper.start(QStringLiteral(ACTION_HELPER), {m_cluster.conninfo(), QStringLiteral("games"), journal, QStringLiteral("60000"),
                                                 QStringLiteral("block")});
    QVERIFY(helper.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(hasStep(records(journal), QStringLiteral("blocked")), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!isAlive(sessions[1]->pid()), 20000); // it is ending sessions
    ::kill(pid_t(helper.processId()), SIGKILL);
    QVERIFY(helper.waitForFinished());
    QCOMPARE(allowsConnections(QStringLiteral("games")), QStringLiteral("f"));
    const QList<QJsonObject> left = records(journal);
    const QString key = left.first().value(QStringLiteral("action")).toString();
    QVERIFY(std::none_of(left.begin(), left.end(), [](const QJsonObject &o) { return o.value(QStringLiteral("record")) == QLatin1String("finish"); }));

    // The next start: the journal is read, the server connects, the block is offered.
    {
        ServerRegistry registry(std::make_shared<ActionJournal>(journal));
        QSignalSpy offered(&registry, &ServerRegistry::restoreOffered);
        QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
        const int id = registry.addServer(specOf(m_cluster.conninfo()));
        QVERIFY(offered.wait(20000));
        const auto block = offered.first().at(1).value<UnfinishedBlock>();
        QCOMPARE(offered.first().at(0).toInt(), id);
        QCOMPARE(block.database, QStringLiteral("games"));
        QCOMPARE(block.action, key);
        QCOMPARE(registry.restoreOffers(id).size(), 1);
        // One click restores.
        const quint64 restore = registry.restore(id, block.action);
        const ActionSummary done = waitForFinish(finished, restore);
        QVERIFY2(!done.error, qPrintable(done.error.message()));
        QCOMPARE(done.databaseState, ActionSummary::ConnectionsAllowed);
        QCOMPARE(allowsConnections(QStringLiteral("games")), QStringLiteral("t"));
        QTRY_VERIFY(registry.restoreOffers(id).isEmpty());
    }
    // And the start after that: nothing left to offer.
    QCOMPARE(offersAtTheNextStart(m_cluster.conninfo(), journal), 0);
}

// What a killed app left blocked, allowed since by somebody else: the offer goes (also
// from view, when it was made), and a block made later, for another reason, is not
// offered for undoing, in this run or the next.
void TestSafety::aBlockLiftedBySomebodyIsNotOfferedWhenBlockedAgain()
{
    auto sessions = openSessions(2, QStringLiteral("games"));
    std::optional<StoppedBackend> stuck(std::in_place, sessions[0]->pid());
    QVERIFY(stuck->stopped);
    const QString journal = m_dir.filePath(QStringLiteral("lifted.jsonl"));
    QProcess helper;
    helper.start(QStringLiteral(ACTION_HELPER), {m_cluster.conninfo(), QStringLiteral("games"), journal, QStringLiteral("60000"),
                                                 QStringLiteral("block")});
    QVERIFY(helper.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(hasStep(records(journal), QStringLiteral("blocked")), 20000);
    ::kill(pid_t(helper.processId()), SIGKILL);
    QVERIFY(helper.waitForFinished());
    stuck.reset();
    QCOMPARE(allowsConnections(QStringLiteral("games")), QStringLiteral("f"));
    const QString key = records(journal).first().value(QStringLiteral("action")).toString();

    {
        ServerRegistry registry(std::make_shared<ActionJournal>(journal));
        QSignalSpy settled(&registry, &ServerRegistry::restoreSettled);
        QSignalSpy polled(&registry, &ServerRegistry::snapshotReady);
        const int id = registry.addServer(specOf(m_cluster.conninfo()));
        QTRY_COMPARE_WITH_TIMEOUT(registry.restoreOffers(id).size(), 1, 20000);
        // Somebody else lets the database in again, with psql say.
        QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE games ALLOW_CONNECTIONS true")));
        QTRY_VERIFY_WITH_TIMEOUT(registry.restoreOffers(id).isEmpty(), 20000);
        QCOMPARE(settled.count(), 1);
        QCOMPARE(settled.first().at(0).toString(), key);
        // ... and blocks it again later, on purpose.
        polled.clear();
        QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE games ALLOW_CONNECTIONS false")));
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(polled.begin(), polled.end(), [](const QList<QVariant> &args) {
            const SnapshotPtr s = args.at(0).value<SnapshotPtr>();
            return std::any_of(s->databases.begin(), s->databases.end(), [](const DatabaseInfo &d) { return d.name == QLatin1String("games") && !d.allowConnections; });
        }), 20000);
        QVERIFY(registry.restoreOffers(id).isEmpty());
    }
    const QList<QJsonObject> written = records(journal);
    QVERIFY(std::any_of(written.begin(), written.end(), [&](const QJsonObject &o) {
        return o.value(QStringLiteral("record")).toString() == QLatin1String("seen let in") && o.value(QStringLiteral("action")).toString() == key;
    }));
    // The next start finds nothing to offer, though "games" refuses connections.
    QCOMPARE(offersAtTheNextStart(m_cluster.conninfo(), journal), 0);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE games ALLOW_CONNECTIONS true")));
}

// A server-wide kill blocks every database: killed mid-way, each database it blocked is
// offered on its own at the next start, and restored on its own.
void TestSafety::aKilledServerWideKillOffersEachDatabaseItBlocked()
{
    auto games = openSessions(5, QStringLiteral("games"));
    auto shop = openSessions(5, QStringLiteral("shop"));
    StoppedBackend stuck(games[0]->pid());
    QVERIFY(stuck.stopped);
    const QString journal = m_dir.filePath(QStringLiteral("killed-server.jsonl"));
    QProcess helper;
    helper.start(QStringLiteral(ACTION_HELPER), {m_cluster.conninfo(), QStringLiteral("*"), journal, QStringLiteral("60000"), QStringLiteral("block")});
    QVERIFY(helper.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(!isAlive(shop[0]->pid()) && !isAlive(games[1]->pid()), 20000); // blocked, and ending sessions
    ::kill(pid_t(helper.processId()), SIGKILL);
    QVERIFY(helper.waitForFinished());
    QCOMPARE(allowsConnections(QStringLiteral("games")), QStringLiteral("f"));
    QCOMPARE(allowsConnections(QStringLiteral("shop")), QStringLiteral("f"));

    ServerRegistry registry(std::make_shared<ActionJournal>(journal));
    QSignalSpy offered(&registry, &ServerRegistry::restoreOffered);
    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    const int id = registry.addServer(specOf(m_cluster.conninfo()));
    QTRY_VERIFY_WITH_TIMEOUT(registry.restoreOffers(id).size() >= 2, 20000);
    QStringList databases;
    for (const UnfinishedBlock &b : registry.restoreOffers(id))
        databases << b.database;
    databases.sort();
    // Every database the kill blocked (the one its own connection sat in was not blocked).
    QVERIFY2(databases.contains(QStringLiteral("games")) && databases.contains(QStringLiteral("shop")), qPrintable(databases.join(QLatin1Char(','))));
    for (const UnfinishedBlock &b : registry.restoreOffers(id)) {
        if (b.database != QLatin1String("shop"))
            continue;
        const ActionSummary done = waitForFinish(finished, registry.restore(id, b.action));
        QVERIFY2(!done.error, qPrintable(done.error.message()));
    }
    QCOMPARE(allowsConnections(QStringLiteral("shop")), QStringLiteral("t"));
    QCOMPARE(allowsConnections(QStringLiteral("games")), QStringLiteral("f")); // restored on its own, not with shop
    const auto offersFor = [&](const QString &database) {
        const QList<UnfinishedBlock> offers = registry.restoreOffers(id);
        return std::count_if(offers.begin(), offers.end(), [&](const UnfinishedBlock &b) { return b.database == database; });
    };
    QTRY_COMPARE(offersFor(QStringLiteral("shop")), 0);
    QCOMPARE(offersFor(QStringLiteral("games")), 1);
    const QList<UnfinishedBlock> rest = registry.restoreOffers(id);
    for (const UnfinishedBlock &b : rest)
        QVERIFY(!waitForFinish(finished, registry.restore(id, b.action)).error);
    QCOMPARE(allowsConnections(QStringLiteral("games")), QStringLiteral("t"));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_database WHERE NOT datallowconn AND NOT datistemplate")), QStringLiteral("0"));
}

void TestSafety::aRestoreLostToAServerRestartIsRetriedWhenItIsBack()
{
    TcpRelay relay(m_cluster.port());
    auto sessions = openSessions(10, QStringLiteral("shop"));
    MonitorOptions options;
    options.intervalMs = 300;
    options.maxBackoffSeconds = 1;
    ServerMonitor monitor(1, specOf(QStringLiteral("host=127.0.0.1 port=%1 user=postgres").arg(relay.port())), options, m_journal);
    QSignalSpy finished(&monitor, &ServerMonitor::actionFinished);
    monitor.start();
    QTRY_VERIFY_WITH_TIMEOUT(monitor.status().state == ServerStatus::Connected, 15000);
    std::optional<StoppedBackend> stuck(std::in_place, sessions[0]->pid());
    QVERIFY(stuck->stopped);
    ActionRequest request;
    request.kind = ActionRequest::KillAll;
    request.database = QStringLiteral("shop");
    request.blockNewConnections = true;
    request.waitMs = 60000;
    const quint64 id = monitor.submit(request);
    QTRY_VERIFY_WITH_TIMEOUT(hasStep(records(m_journal->path(), ActionRequest::journalKey(id)), QStringLiteral("blocked")), 20000);

    // The server goes away mid-action (nothing gets through any more), restarts, and
    // comes back. (The stuck backend goes on first: a stopped process holds up a shutdown.)
    relay.setFrozen(true);
    stuck.reset();
    QVERIFY_OK(m_cluster.stop(QStringLiteral("immediate")));
    QVERIFY_OK(m_cluster.restart());
    relay.setFrozen(false);
    const ActionSummary lost = waitForFinish(finished, id);
    QVERIFY2(lost.restorePending, qPrintable(lost.describe()));
    QVERIFY2(lost.describe().contains(QLatin1String("Could not allow connections again")), qPrintable(lost.describe()));
    // Back: the monitor reconnects, and the restore runs by itself.
    QTRY_COMPARE_WITH_TIMEOUT(allowsConnections(QStringLiteral("shop")), QStringLiteral("t"), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 2, 10000);
    const auto restored = finished.last().at(0).value<ActionSummary>();
    QCOMPARE(restored.databaseState, ActionSummary::ConnectionsAllowed);
    QVERIFY(hasStep(records(m_journal->path(), ActionRequest::journalKey(restored.id)), QStringLiteral("allowed")));
}

void TestSafety::connectionsCanBeAllowedWhateverBlockedThem()
{
    ServerRegistry registry(m_journal);
    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    const int id = registry.addServer(specOf(m_cluster.conninfo()));
    QTRY_VERIFY_WITH_TIMEOUT(registry.monitor(id)->status().state == ServerStatus::Connected, 15000);

    // Blocked by somebody else, by hand: allowed from pgsessions.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE churn ALLOW_CONNECTIONS false")));
    ActionRequest allow;
    allow.kind = ActionRequest::AllowConnections;
    allow.database = QStringLiteral("churn");
    ActionSummary s = waitForFinish(finished, registry.submit(id, allow));
    QVERIFY2(!s.error, qPrintable(s.error.message()));
    QCOMPARE(s.databaseState, ActionSummary::ConnectionsAllowed);
    QCOMPARE(allowsConnections(QStringLiteral("churn")), QStringLiteral("t"));
    QVERIFY(hasStep(records(m_journal->path(), ActionRequest::journalKey(s.id)), QStringLiteral("allowed")));

    // Blocked from pgsessions; the sessions connected stay.
    auto sessions = openSessions(2, QStringLiteral("churn"));
    ActionRequest block = allow;
    block.kind = ActionRequest::BlockConnections;
    s = waitForFinish(finished, registry.submit(id, block));
    QCOMPARE(s.databaseState, ActionSummary::ConnectionsBlocked);
    QCOMPARE(allowsConnections(QStringLiteral("churn")), QStringLiteral("f"));
    QVERIFY(isAlive(sessions[0]->pid()));

    // A kill-all on a database blocked before gives it back when asked to (not kept).
    ActionRequest killAll;
    killAll.kind = ActionRequest::KillAll;
    killAll.database = QStringLiteral("churn");
    killAll.blockNewConnections = true;
    killAll.keepBlocked = false;
    s = waitForFinish(finished, registry.submit(id, killAll));
    QVERIFY2(!s.error, qPrintable(s.error.message()));
    QCOMPARE(s.counts[Outcome::Terminated], 2);
    QCOMPARE(s.databaseState, ActionSummary::ConnectionsAllowed);
}

void TestSafety::aJournalThatCannotBeWrittenStopsTheAction_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected"); // the OS's words
    QTest::newRow("a full disk") << QStringLiteral("/dev/full") << QString::fromLocal8Bit(std::strerror(ENOSPC));
    QFile file(m_dir.filePath(QStringLiteral("a-file")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QTest::newRow("a file in place of the folder") << file.fileName() + QStringLiteral("/journal.jsonl")
                                                    << QString::fromLocal8Bit(std::strerror(ENOTDIR));
}

void TestSafety::aJournalThatCannotBeWrittenStopsTheAction()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    auto journal = std::make_shared<ActionJournal>(path);
    const Error check = journal->check();
    if (path != QLatin1String("/dev/full")) { // /dev/full opens fine; it fails at the write
        QVERIFY(check);
        QVERIFY2(check.message().contains(path) && check.message().contains(expected), qPrintable(check.message()));
    }
    auto victims = openSessions(1, QStringLiteral("shop"));
    MonitorOptions options;
    options.intervalMs = 60000;
    ServerMonitor monitor(1, specOf(m_cluster.conninfo()), options, journal);
    QSignalSpy finished(&monitor, &ServerMonitor::actionFinished);
    QSignalSpy outcomes(&monitor, &ServerMonitor::actionOutcome);
    ActionRequest request;
    request.kind = ActionRequest::Terminate;
    request.targets.push_back(targetOf(*victims[0]));
    const ActionSummary s = waitForFinish(finished, monitor.submit(request));
    QVERIFY(s.error);
    QVERIFY(s.journalError);
    QVERIFY2(s.error.message().contains(path) && s.error.message().contains(expected), qPrintable(s.error.message()));
    QVERIFY2(s.describe().startsWith(QLatin1String("stopped before ending any session")), qPrintable(s.describe()));
    QCOMPARE(outcomes.count(), 0);
    QVERIFY(isAlive(victims[0]->pid())); // nothing was signalled
}

void TestSafety::aDeletedOrRotatedJournalIsOpenedAgain()
{
    const QString path = m_dir.filePath(QStringLiteral("rotated.jsonl"));
    auto journal = std::make_shared<ActionJournal>(path);
    MonitorOptions options;
    options.intervalMs = 60000;
    ServerMonitor monitor(1, specOf(m_cluster.conninfo()), options, journal);
    QSignalSpy finished(&monitor, &ServerMonitor::actionFinished);
    ActionRequest block;
    block.kind = ActionRequest::BlockConnections;
    block.database = QStringLiteral("churn");
    ActionRequest allow = block;
    allow.kind = ActionRequest::AllowConnections;

    ActionSummary s = waitForFinish(finished, monitor.submit(block));
    QVERIFY(!s.journalError);
    QVERIFY(QFile::remove(path)); // deleted while the app runs
    s = waitForFinish(finished, monitor.submit(allow));
    QVERIFY2(!s.journalError, qPrintable(s.journalError.message()));
    QList<QJsonObject> now = records(path);
    QVERIFY(!now.isEmpty());
    QCOMPARE(now.first().value(QStringLiteral("action")).toString(), ActionRequest::journalKey(s.id)); // the new file has it

    QVERIFY(QFile::rename(path, path + QStringLiteral(".1"))); // logrotate
    s = waitForFinish(finished, monitor.submit(block));
    now = records(path);
    QVERIFY(!now.isEmpty());
    QCOMPARE(now.first().value(QStringLiteral("action")).toString(), ActionRequest::journalKey(s.id));
    const QList<QJsonObject> old = records(path + QStringLiteral(".1"));
    QVERIFY(std::none_of(old.begin(), old.end(), [&](const QJsonObject &o) {
        return o.value(QStringLiteral("action")).toString() == ActionRequest::journalKey(s.id);
    }));
    waitForFinish(finished, monitor.submit(allow));
}

void TestSafety::queuedActionsSayWhatTheyWaitForAndCanBeCancelled()
{
    auto sessions = openSessions(2, QStringLiteral("shop"));
    const BackendTarget stuckOne = targetOf(*sessions[0]), other = targetOf(*sessions[1]);
    StoppedBackend stuck(sessions[0]->pid());
    QVERIFY(stuck.stopped);
    MonitorOptions options;
    options.intervalMs = 60000;
    ServerMonitor monitor(1, specOf(m_cluster.conninfo()), options, m_journal);
    QSignalSpy queued(&monitor, &ServerMonitor::actionQueued);
    QSignalSpy cancelled(&monitor, &ServerMonitor::actionCancelled);
    QSignalSpy started(&monitor, &ServerMonitor::actionStarted);
    QSignalSpy finished(&monitor, &ServerMonitor::actionFinished);
    ActionRequest first;
    first.kind = ActionRequest::Terminate;
    first.waitMs = 3000;
    first.targets.push_back(stuckOne);
    const quint64 running = monitor.submit(first);
    QVERIFY(started.wait(10000));
    ActionRequest second = first;
    second.targets = {other};
    const quint64 waiting = monitor.submit(second);
    QCOMPARE(queued.count(), 1);
    QCOMPARE(queued.first().at(0).value<ActionRequest>().id, waiting);
    QCOMPARE(queued.first().at(1).value<quint64>(), running);
    QVERIFY(monitor.cancelQueued(waiting));
    QCOMPARE(cancelled.count(), 1);
    const ActionSummary done = waitForFinish(finished, running);
    QCOMPARE(done.counts[Outcome::StillAlive], 1);
    QTest::qWait(300);
    QCOMPARE(started.count(), 1); // the cancelled one never started
    QVERIFY(records(m_journal->path(), ActionRequest::journalKey(waiting)).isEmpty());
    QVERIFY(isAlive(sessions[1]->pid()));
    QVERIFY(!monitor.cancelQueued(running)); // too late for one that ran
}

void TestSafety::closingStopsTheRunningActionAndDropsTheQueue()
{
    auto sessions = openSessions(2, QStringLiteral("shop"));
    const BackendTarget stuckOne = targetOf(*sessions[0]), other = targetOf(*sessions[1]);
    StoppedBackend stuck(sessions[0]->pid());
    QVERIFY(stuck.stopped);
    MonitorOptions options;
    options.intervalMs = 60000;
    auto monitor = std::make_unique<ServerMonitor>(1, specOf(m_cluster.conninfo()), options, m_journal);
    QSignalSpy started(monitor.get(), &ServerMonitor::actionStarted);
    ActionRequest request;
    request.kind = ActionRequest::Terminate;
    request.waitMs = 20000;
    request.targets.push_back(stuckOne);
    monitor->submit(request);
    QVERIFY(started.wait(10000));
    ActionRequest next = request;
    next.targets = {other};
    const quint64 queuedId = monitor->submit(next);
    QElapsedTimer clock;
    clock.start();
    monitor.reset(); // closing the window
    qInfo("closing with an action running and one queued took %lld ms", clock.elapsed());
    // The running action stopped waiting at once; the queued one never ran (its 20 s wait
    // would have held the window).
    QVERIFY(clock.elapsed() < ServerMonitor::kActionGraceMs);
    QVERIFY(records(m_journal->path(), ActionRequest::journalKey(queuedId)).isEmpty());
    QVERIFY(isAlive(sessions[1]->pid()));

    // Closed before the action even started: it does not start after the stop.
    monitor = std::make_unique<ServerMonitor>(1, specOf(m_cluster.conninfo()), options, m_journal);
    const quint64 unstarted = monitor->submit(request);
    clock.restart();
    monitor.reset();
    qInfo("closing right after a confirmation took %lld ms", clock.elapsed());
    QVERIFY(clock.elapsed() < ServerMonitor::kActionGraceMs);
    const QList<QJsonObject> journaled = records(m_journal->path(), ActionRequest::journalKey(unstarted));
    QVERIFY(journaled.isEmpty() || journaled.last().value(QStringLiteral("record")).toString() == QLatin1String("finish"));
}

void TestSafety::aStopIsNeverLost()
{
    // A stop that comes before the action runs: the action does not run (an action that
    // forgot the stop held the closing window up for its whole wait).
    auto sessions = openSessions(1, QStringLiteral("shop"));
    ActionWorker worker(specOf(m_cluster.conninfo()), m_journal, {}, {}, {});
    QSignalSpy started(&worker, &ActionWorker::started);
    worker.requestStop();
    ActionRequest request;
    request.id = ActionRequest::nextId();
    request.kind = ActionRequest::Terminate;
    request.waitMs = 20000;
    request.targets.push_back(targetOf(*sessions[0]));
    worker.enqueue(request);
    QCoreApplication::processEvents();
    QCOMPARE(started.count(), 0);
    QVERIFY(isAlive(sessions[0]->pid()));
}

void TestSafety::aStoppedWaitSaysWhenItStopped()
{
    auto sessions = openSessions(1, QStringLiteral("shop"));
    const BackendTarget stuckOne = targetOf(*sessions[0]);
    Expected<pg::Connection> conn = pg::Connection::open(specOf(m_cluster.conninfo()), {});
    QVERIFY(conn.ok());
    StoppedBackend stuck(sessions[0]->pid());
    QVERIFY(stuck.stopped);
    std::atomic<bool> stop{false};
    ActionExecutor executor(*conn, stop);
    ActionRequest request;
    request.kind = ActionRequest::Terminate;
    request.waitMs = 10000;
    request.targets.push_back(stuckOne);
    std::thread stopper([&stop] {
        std::this_thread::sleep_for(std::chrono::milliseconds(800));
        stop = true;
    });
    std::vector<Outcome> outcomes;
    const ActionSummary s = executor.run(request, [&](const Outcome &o) { outcomes.push_back(o); });
    stopper.join();
    QCOMPARE(int(outcomes.size()), 1);
    QCOMPARE(outcomes[0].result, Outcome::StillAlive);
    // It says when it stopped waiting, not the deadline it never reached.
    QVERIFY2(outcomes[0].message.contains(QLatin1String("stopped waiting")), qPrintable(outcomes[0].message));
    QVERIFY2(!outcomes[0].message.contains(QLatin1String("10000")), qPrintable(outcomes[0].message));
    QVERIFY(s.durationMs < 5000);
}

// The window closed while a blocking kill-all waits on a backend that does not go: the
// database accepts connections again before the app is gone, and the journal says so.
void TestSafety::closingMidBlockingKillAllLetsTheDatabaseInAgain()
{
    auto sessions = openSessions(3, QStringLiteral("shop"));
    StoppedBackend stuck(sessions[0]->pid());
    QVERIFY(stuck.stopped);
    MonitorOptions options;
    options.intervalMs = 60000;
    auto monitor = std::make_unique<ServerMonitor>(1, specOf(m_cluster.conninfo()), options, m_journal);
    ActionRequest request;
    request.kind = ActionRequest::KillAll;
    request.database = QStringLiteral("shop");
    request.blockNewConnections = true;
    request.waitMs = 60000;
    const quint64 id = monitor->submit(request);
    const QString key = ActionRequest::journalKey(id);
    QTRY_VERIFY_WITH_TIMEOUT(hasStep(records(m_journal->path(), key), QStringLiteral("blocked")), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!isAlive(sessions[1]->pid()), 20000); // it is ending sessions, waiting on the stuck one
    QCOMPARE(allowsConnections(QStringLiteral("shop")), QStringLiteral("f"));
    QElapsedTimer clock;
    clock.start();
    monitor.reset(); // closing the window
    qInfo("closing mid blocking kill-all took %lld ms", clock.elapsed());
    QVERIFY(clock.elapsed() < ServerMonitor::kActionGraceMs);
    QCOMPARE(allowsConnections(QStringLiteral("shop")), QStringLiteral("t"));
    const QList<QJsonObject> journaled = records(m_journal->path(), key);
    QVERIFY(hasStep(journaled, QStringLiteral("allowed")));
    QCOMPARE(journaled.last().value(QStringLiteral("record")).toString(), QStringLiteral("finish"));
}

void TestSafety::countsWithoutReadAllStatsAreWhatKillAllEnds()
{
    // shop: 1 session of the operator's own, 5 of another role the operator cannot inspect.
    auto own = openSessions(1, QStringLiteral("games"), QStringLiteral("operator"));
    auto others = openSessions(5, QStringLiteral("games"));
    ServerRegistry registry(m_journal);
    ServerTreeModel tree(&registry);
    QSignalSpy snapshots(&registry, &ServerRegistry::snapshotReady);
    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    const int id = registry.addServer(specOf(m_cluster.conninfo(QStringLiteral("postgres"), QStringLiteral("operator"))));
    QVERIFY(snapshots.wait(15000));
    const SnapshotPtr snap = snapshots.first().at(0).value<SnapshotPtr>();
    int hidden = 0, clients = 0;
    for (const Session &s : snap->sessions) {
        if (s.database != QLatin1String("games"))
            continue;
        hidden += s.isHidden();
        clients += s.isClientBackend() && !s.own;
    }
    QCOMPARE(hidden, 5);
    QCOMPARE(clients, 6); // hidden sessions are sessions, not background processes
    const QModelIndex node = tree.databaseIndex(id, QStringLiteral("games"));
    QVERIFY(node.isValid());
    QCOMPARE(node.data(ServerTreeModel::TotalRole).toInt(), 6);
    QVERIFY2(node.data().toString().startsWith(QStringLiteral("games — 6 ")), qPrintable(node.data().toString()));
    QVERIFY2(node.data().toString().contains(QLatin1String("5 hidden")), qPrintable(node.data().toString()));

    ActionRequest killAll;
    killAll.kind = ActionRequest::KillAll;
    killAll.database = QStringLiteral("games");
    killAll.blockNewConnections = false;
    const ActionSummary s = waitForFinish(finished, registry.submit(id, killAll));
    QCOMPARE(s.total(), 6); // what the tree said
    QCOMPARE(s.counts[Outcome::Terminated], 6);
}

void TestSafety::theMaintenanceDatabaseIsLeftBeforeItChanges()
{
    // The server's profile names "maint" as its maintenance database.
    ServerRegistry registry(m_journal);
    QSignalSpy snapshots(&registry, &ServerRegistry::snapshotReady);
    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    auto monitorDatabase = [](const ServerMonitor *monitor) {
        const SnapshotPtr snap = monitor->lastSnapshot();
        for (const Session &s : snap ? snap->sessions : SessionList{}) {
            if (s.key.pid == snap->ownPid)
                return s.database;
        }
        return QString();
    };
    const int id = registry.addServer(specOf(m_cluster.conninfo(QStringLiteral("maint"))));
    QVERIFY(snapshots.wait(15000));
    QCOMPARE(monitorDatabase(registry.monitor(id)), QStringLiteral("maint"));

    // Blocking it works: the action's own connection goes elsewhere.
    ActionRequest killAll;
    killAll.kind = ActionRequest::KillAll;
    killAll.database = QStringLiteral("maint");
    killAll.blockNewConnections = true;
    ActionSummary s = waitForFinish(finished, registry.submit(id, killAll));
    QVERIFY2(!s.error, qPrintable(s.error.message()));
    QCOMPARE(s.databaseState, ActionSummary::ConnectionsAllowed);

    // Renaming it: the monitor leaves first, so the rename works.
    killAll.after = ActionRequest::Rename;
    killAll.newName = QStringLiteral("maint_old");
    s = waitForFinish(finished, registry.submit(id, killAll));
    QVERIFY2(!s.error, qPrintable(s.error.message()));
    QCOMPARE(s.databaseState, ActionSummary::Renamed);
    snapshots.clear();
    QVERIFY(snapshots.wait(15000));
    QCOMPARE(monitorDatabase(registry.monitor(id)), QStringLiteral("postgres"));

    // Dropping it, with the monitor in it: it leaves first, so the drop works (also
    // without FORCE, before PostgreSQL 13).
    ServerRegistry second(m_journal);
    QSignalSpy secondSnapshots(&second, &ServerRegistry::snapshotReady);
    QSignalSpy secondFinished(&second, &ServerRegistry::actionFinished);
    const int watcher = second.addServer(specOf(m_cluster.conninfo(QStringLiteral("maint_old"))));
    QVERIFY(secondSnapshots.wait(15000));
    QCOMPARE(monitorDatabase(second.monitor(watcher)), QStringLiteral("maint_old"));
    killAll.after = ActionRequest::Drop;
    killAll.database = QStringLiteral("maint_old");
    s = waitForFinish(secondFinished, second.submit(watcher, killAll));
    QVERIFY2(!s.error, qPrintable(s.error.message()));
    QCOMPARE(s.databaseState, ActionSummary::Dropped);
    QTRY_COMPARE_WITH_TIMEOUT(monitorDatabase(second.monitor(watcher)), QStringLiteral("postgres"), 15000);

    // Dropped by somebody else under a monitor: it comes back, in the next database.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE maint")));
    ServerRegistry third(m_journal);
    QSignalSpy thirdSnapshots(&third, &ServerRegistry::snapshotReady);
    const int elsewhere = third.addServer(specOf(m_cluster.conninfo(QStringLiteral("maint"))));
    QVERIFY(thirdSnapshots.wait(15000));
    QCOMPARE(monitorDatabase(third.monitor(elsewhere)), QStringLiteral("maint"));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE maint ALLOW_CONNECTIONS false")));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'maint'")));
    QTRY_VERIFY_WITH_TIMEOUT(!m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = 'maint'")).startsWith(QLatin1Char('1')), 10000);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("DROP DATABASE maint")));
    QTRY_COMPARE_WITH_TIMEOUT(monitorDatabase(third.monitor(elsewhere)), QStringLiteral("postgres"), 30000);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE maint")));
}

void TestSafety::aNameTooLongIsRefusedBeforeAnySessionEnds()
{
    auto sessions = openSessions(2, QStringLiteral("shop"));
    ServerRegistry registry(m_journal);
    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    const int id = registry.addServer(specOf(m_cluster.conninfo()));
    ActionRequest killAll;
    killAll.kind = ActionRequest::KillAll;
    killAll.database = QStringLiteral("shop");
    killAll.blockNewConnections = true;
    killAll.after = ActionRequest::Rename;
    killAll.newName = QString(22, QChar(0x00E9)) + QStringLiteral("abcdefghijklmnopqrstu"); // 65 bytes in UTF-8
    const ActionSummary s = waitForFinish(finished, registry.submit(id, killAll));
    QVERIFY(s.error);
    QVERIFY2(s.error.message().contains(QLatin1String("65 bytes")), qPrintable(s.error.message()));
    QCOMPARE(s.total(), 0);
    for (const auto &session : sessions)
        QVERIFY(isAlive(session->pid()));
    QCOMPARE(allowsConnections(QStringLiteral("shop")), QStringLiteral("t"));
}

void TestSafety::namesThatAreNotUtf8StayApart()
{
    // A cluster in SQL_ASCII keeps any bytes: two names that differ only in a byte that
    // is not UTF-8 are two databases, and must stay two.
    TestCluster::Options options;
    options.encoding = QStringLiteral("SQL_ASCII");
    TestCluster raw(options);
    QVERIFY_OK(raw.start());
    Expected<pg::Connection> admin = pg::Connection::connect(raw.conninfo(), 10);
    QVERIFY(admin.ok());
    for (const QByteArray &sql : {QByteArray("CREATE DATABASE \"caf\xe9\""), QByteArray("CREATE DATABASE \"caf\xef\"")})
        QVERIFY_OK(admin->run(sql));
    const QString e9 = QStringLiteral("caf") + QChar(char16_t(0xDCE9)), ef = QStringLiteral("caf") + QChar(char16_t(0xDCEF));
    Expected<pg::Connection> guest = pg::Connection::connect(raw.conninfo(e9), 10);
    QVERIFY2(guest.ok(), qPrintable(guest.error().message()));
    QCOMPARE(guest->database(), e9);

    ServerRegistry registry(m_journal);
    ServerTreeModel tree(&registry);
    QSignalSpy snapshots(&registry, &ServerRegistry::snapshotReady);
    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    const int id = registry.addServer(specOf(raw.conninfo()));
    QVERIFY2(snapshots.wait(15000), qPrintable(registry.monitor(id)->status().message));
    const QModelIndex first = tree.databaseIndex(id, e9), second = tree.databaseIndex(id, ef);
    QVERIFY(first.isValid() && second.isValid() && first != second);
    QVERIFY2(first.data().toString().startsWith(QStringLiteral("caf\\xe9 — 1")), qPrintable(first.data().toString()));
    QVERIFY2(second.data().toString().startsWith(QStringLiteral("caf\\xef — 0")), qPrintable(second.data().toString()));

    // And each can be acted on by its own name.
    ActionRequest killAll;
    killAll.kind = ActionRequest::KillAll;
    killAll.database = e9;
    killAll.blockNewConnections = true;
    const ActionSummary s = waitForFinish(finished, registry.submit(id, killAll));
    QVERIFY2(!s.error, qPrintable(s.error.message()));
    QCOMPARE(s.counts[Outcome::Terminated], 1);
    QCOMPARE(s.databaseState, ActionSummary::ConnectionsAllowed);
}

void TestSafety::abandonedThreadsAreCountedOnce()
{
    // Threads that end just as they are left to end on their own: each is counted down
    // exactly once, whenever it ends.
    for (int i = 0; i < 2000; ++i) {
        QThread *thread = QThread::create([i] { std::this_thread::sleep_for(std::chrono::microseconds(10 + (i % 23) * 8)); });
        thread->start();
        ServerMonitor::letFinishOnItsOwn(thread, 0);
    }
    QTRY_COMPARE_WITH_TIMEOUT(ServerMonitor::threadsStillWaiting(), 0, 10000);
    QTest::qWait(100);
    QCOMPARE(ServerMonitor::threadsStillWaiting(), 0);
}

QTEST_GUILESS_MAIN(TestSafety)
#include "tst_safety.moc"
