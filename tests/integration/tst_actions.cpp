// SPDX-License-Identifier: GPL-3.0-or-later
// Terminate, cancel and kill all against a real server, with per-backend outcomes.
#include "pg/sql_text.h"
#include "actions/action_journal.h"
#include "models/action_log_model.h"
#include "action_runner.h"
#include "base/app_identity.h"
#include "cluster_fixture.h"
#include "reconnecting_client.h"
#include "pg/connection.h"
#include "servers/server_monitor.h"
#include "test_session.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

class TestActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void terminateThreeOfFive();
    void anActionConnectionTheServerClosedIsOpenedAgain();
    void cancelEndsTheQueryNotTheSession();
    void cancelOnIdleInTransactionLeavesTheTransactionOpen();
    void deniedBackendDoesNotAbortTheBatch();
    void oldBackendStartIsAlreadyGone();
    void aSuperusersBatchGivesEachBackendItsOutcome();
    void roleWithoutPrivilegesIsWarnedAndRefused();
    void ownConnectionsAreNeverSignalled();
    void aForgedApplicationNameIsNotOurs();
    void killAllEndsEveryOtherSessionOfTheDatabase();
    void killAllSeesOtherRolesWithoutReadAllStats();
    void blockKeepsAReconnectingClientOut();
    void withoutBlockTheClientRacesBackIn();
    void killAllThenDropOrRename_data();
    void killAllThenDropOrRename();
    void journalHoldsStartOutcomesAndFinish();
    void journalKeepsWhatHappenedWhenTheProcessDies();

private:
    std::unique_ptr<ServerMonitor> monitorAs(const QString &user = QStringLiteral("postgres"));
    Expected<pg::Connection> ownConnection(const QString &database);
    std::vector<std::unique_ptr<TestSession>> openSessions(int n, const TestSession::Options &options);
    bool isAlive(int pid);
    int backendsOf(const QString &database);

    TestCluster m_cluster;
    QTemporaryDir m_dir;
    std::shared_ptr<ActionJournal> m_journal;
};

void TestActions::initTestCase()
{
    PGSESSIONS_START_CLUSTER(m_cluster);
    QVERIFY(m_dir.isValid());
    m_journal = std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal.jsonl")));
    for (const char *sql : {"CREATE ROLE alice LOGIN", "CREATE ROLE operator LOGIN", "GRANT pg_signal_backend TO operator",
                            "CREATE DATABASE big", "CREATE DATABASE pool"})
        QVERIFY_OK(m_cluster.exec(QString::fromLatin1(sql)));
}

std::unique_ptr<ServerMonitor> TestActions::monitorAs(const QString &user)
{
    MonitorOptions options;
    options.intervalMs = 60000; // the tests read the server directly
    auto monitor = std::make_unique<ServerMonitor>(1, specOf(m_cluster.conninfo(QStringLiteral("postgres"), user)),
                                                   options, m_journal);
    return monitor;
}

std::vector<std::unique_ptr<TestSession>> TestActions::openSessions(int n, const TestSession::Options &options)
{
    std::vector<std::unique_ptr<TestSession>> sessions;
    for (int i = 0; i < n; ++i) {
        QString error;
        auto s = TestSession::open(m_cluster, options, &error);
        if (!s) {
            qWarning("cannot open session %d: %s", i, qPrintable(error));
            return {};
        }
        sessions.push_back(std::move(s));
    }
    return sessions;
}

bool TestActions::isAlive(int pid)
{
    return m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(pid)) == QLatin1String("1");
}

int TestActions::backendsOf(const QString &database)
{
    return m_cluster
        .value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = %1 AND backend_type = 'client backend'")
                        .arg(sql_text::quoteLiteral(database)))
        .toInt();
}

static ActionRequest killAllOf(const QString &database)
{
    ActionRequest request;
    request.kind = ActionRequest::KillAll;
    request.database = database;
    return request;
}

// The first poll of a monitor that is started here.
static SnapshotPtr firstSnapshot(ServerMonitor &monitor)
{
    QSignalSpy snapshots(&monitor, &ServerMonitor::snapshotReady);
    monitor.start();
    return snapshots.wait(10000) ? snapshots.at(0).at(0).value<SnapshotPtr>() : SnapshotPtr();
}

static BackendTarget targetOf(TestSession &s)
{
    BackendTarget t;
    t.pid = s.pid();
    t.backendStart = s.backendStart();
    return t;
}

void TestActions::terminateThreeOfFive()
{
    auto sessions = openSessions(5, {});
    QCOMPARE(int(sessions.size()), 5);
    ActionRequest request;
    request.kind = ActionRequest::Terminate;
    for (int i : {0, 2, 4})
        request.targets.push_back(targetOf(*sessions[size_t(i)]));
    auto monitor = monitorAs();
    ActionLogModel log;
    connect(monitor.get(), &ServerMonitor::actionStarted, &log, &ActionLogModel::actionStarted);
    connect(monitor.get(), &ServerMonitor::actionOutcome, &log, &ActionLogModel::actionOutcome);
    connect(monitor.get(), &ServerMonitor::actionFinished, &log, &ActionLogModel::actionFinished);
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    QCOMPARE(int(result.outcomes.size()), 3);
    // The log model has the action and its three outcomes.
    QCOMPARE(log.rowCount(), 1);
    QCOMPARE(log.rowCount(log.index(0, 0)), 3);
    for (int r = 0; r < 3; ++r)
        QCOMPARE(log.index(r, ActionLogModel::Result, log.index(0, 0)).data().toString(), QStringLiteral("terminated"));
    for (int i : {0, 2, 4}) {
        QCOMPARE(result.byPid.value(sessions[size_t(i)]->pid()).result, Outcome::Terminated);
        QVERIFY(!isAlive(sessions[size_t(i)]->pid()));
        QVERIFY(!sessions[size_t(i)]->exec(QStringLiteral("SELECT 1")));
    }
    for (int i : {1, 3}) {
        QVERIFY(isAlive(sessions[size_t(i)]->pid()));
        QVERIFY(sessions[size_t(i)]->exec(QStringLiteral("SELECT 1")));
    }
    QCOMPARE(result.count(Outcome::Terminated), 3);
}

void TestActions::anActionConnectionTheServerClosedIsOpenedAgain()
{
    // An action's connection is kept for the next one. The server closes it in between (a
    // restart or a failover does; here its backend is terminated): the next terminate opens
    // a new one and ends its sessions, rather than failing on the closed one and saying it
    // does not know whether they were signalled.
    auto sessions = openSessions(3, {});
    QCOMPARE(int(sessions.size()), 3);
    auto monitor = monitorAs();
    ActionRequest first;
    first.kind = ActionRequest::Terminate;
    first.targets.push_back(targetOf(*sessions[0]));
    QCOMPARE(runAction(*monitor, first).byPid.value(sessions[0]->pid()).result, Outcome::Terminated);
    // The kept one is the only actions connection left (an earlier test's goes with its monitor).
    const QString actions = sql_text::quoteLiteral(app_identity::applicationName(QStringLiteral("actions")));
    QTRY_COMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = %1").arg(actions)),
                 QStringLiteral("1"));
    const QString kept = m_cluster.value(QStringLiteral("SELECT pid FROM pg_stat_activity WHERE application_name = %1").arg(actions));
    QVERIFY2(kept.toInt() > 0, qPrintable(kept));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(kept)), QStringLiteral("t"));
    QTRY_VERIFY(!isAlive(kept.toInt()));

    ActionRequest second;
    second.kind = ActionRequest::Terminate; // two: a superuser's are signalled in one statement
    second.targets.push_back(targetOf(*sessions[1]));
    second.targets.push_back(targetOf(*sessions[2]));
    const ActionResult result = runAction(*monitor, second);
    QVERIFY(result.finished);
    for (size_t i : {1, 2}) {
        const Outcome o = result.byPid.value(sessions[i]->pid());
        QVERIFY2(o.result == Outcome::Terminated, qPrintable(o.message));
        QVERIFY(!isAlive(sessions[i]->pid()));
    }
    const QString now = m_cluster.value(QStringLiteral("SELECT pid FROM pg_stat_activity WHERE application_name = %1").arg(actions));
    QVERIFY2(now.toInt() > 0 && now != kept, qPrintable(now));
}

void TestActions::cancelEndsTheQueryNotTheSession()
{
    QString error;
    auto session = TestSession::open(m_cluster, &error);
    QVERIFY2(session, qPrintable(error));
    ActionRequest request;
    request.kind = ActionRequest::Cancel;
    request.targets.push_back(targetOf(*session));
    QVERIFY(session->makeActive(60));
    QTRY_COMPARE(m_cluster.value(QStringLiteral("SELECT state FROM pg_stat_activity WHERE pid = %1").arg(session->pid())),
                 QStringLiteral("active"));
    auto monitor = monitorAs();
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    QCOMPARE(result.byPid.value(session->pid()).result, Outcome::Cancelled);
    QCOMPARE(session->finish(), QStringLiteral("57014")); // query_canceled, on the client's side
    QVERIFY(session->exec(QStringLiteral("SELECT 1")));  // the session stays
    QVERIFY(isAlive(session->pid()));
}

void TestActions::cancelOnIdleInTransactionLeavesTheTransactionOpen()
{
    QString error;
    auto session = TestSession::open(m_cluster, &error);
    QVERIFY2(session, qPrintable(error));
    const BackendTarget target = targetOf(*session);
    QVERIFY(session->makeIdleInTransaction());
    ActionRequest request;
    request.kind = ActionRequest::Cancel;
    request.targets.push_back(target);
    auto monitor = monitorAs();
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    const Outcome o = result.byPid.value(session->pid());
    QCOMPARE(o.result, Outcome::NoQueryToCancel);
    QVERIFY2(o.message.contains(QLatin1String("transaction stays open")), qPrintable(o.message));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT state FROM pg_stat_activity WHERE pid = %1").arg(session->pid())),
             QStringLiteral("idle in transaction"));
    QCOMPARE(PQtransactionStatus(session->connection()), PQTRANS_INTRANS);
    QVERIFY(session->exec(QStringLiteral("COMMIT")));
}

void TestActions::deniedBackendDoesNotAbortTheBatch()
{
    auto mine = openSessions(2, {QStringLiteral("postgres"), QStringLiteral("operator"), QStringLiteral("op"), false});
    auto superuser = openSessions(1, {});
    auto alice = openSessions(1, {QStringLiteral("postgres"), QStringLiteral("alice"), QStringLiteral("alice"), false});
    QVERIFY(mine.size() == 2 && superuser.size() == 1 && alice.size() == 1);

    // What the server itself says when this role signals a superuser's backend.
    QString error;
    auto probe = TestSession::open(m_cluster, {QStringLiteral("postgres"), QStringLiteral("operator"), QStringLiteral("probe"), false}, &error);
    QVERIFY2(probe, qPrintable(error));
    pg::Result denied(PQexec(probe->connection(), QStringLiteral("SELECT pg_terminate_backend(%1)").arg(superuser[0]->pid()).toUtf8().constData()));
    QCOMPARE(PQresultStatus(denied.get()), PGRES_FATAL_ERROR);
    const QString serverSays = QString::fromUtf8(PQresultErrorField(denied.get(), PG_DIAG_MESSAGE_PRIMARY));
    QVERIFY(!serverSays.isEmpty());

    // The targets as this role's monitor sees them: without pg_read_all_stats, other
    // roles' sessions show no backend_start.
    auto monitor = monitorAs(QStringLiteral("operator"));
    const SnapshotPtr snapshot = firstSnapshot(*monitor);
    QVERIFY(snapshot);
    ActionRequest request;
    request.kind = ActionRequest::Terminate;
    // The refused one sits in the middle of the batch.
    for (TestSession *s : {mine[0].get(), superuser[0].get(), alice[0].get(), mine[1].get()}) {
        for (const Session &seen : snapshot->sessions) {
            if (seen.key.pid == s->pid())
                request.targets.push_back(BackendTarget::fromSession(seen));
        }
    }
    QCOMPARE(int(request.targets.size()), 4);
    QCOMPARE(request.targets[1].backendStart, kNoTime); // hidden from this role

    // The role's privileges, read by the worker, predict which backend will be refused.
    const PrivilegeHints &hints = monitor->status().privileges;
    QVERIFY(hints.known);
    QCOMPARE(hints.role, QStringLiteral("operator"));
    QVERIFY(!hints.superuser);
    QVERIFY(hints.signalBackend);
    QVERIFY(!hints.readAllStats);
    for (const Session &seen : snapshot->sessions) {
        if (seen.key.pid == superuser[0]->pid())
            QVERIFY(!hints.likelyDenial(seen).isEmpty());
        if (seen.key.pid == alice[0]->pid() || seen.key.pid == mine[0]->pid())
            QVERIFY2(hints.likelyDenial(seen).isEmpty(), qPrintable(hints.likelyDenial(seen)));
    }
    QCOMPARE(request.targets[0].backendStart, mine[0]->backendStart());
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    const Outcome refused = result.byPid.value(superuser[0]->pid());
    QCOMPARE(refused.result, Outcome::PermissionDenied);
    QCOMPARE(refused.sqlState, QStringLiteral("42501"));
    QVERIFY2(refused.message.startsWith(serverSays), qPrintable(refused.message));
    QVERIFY(isAlive(superuser[0]->pid()));
    for (TestSession *s : {mine[0].get(), alice[0].get(), mine[1].get()}) {
        QCOMPARE(result.byPid.value(s->pid()).result, Outcome::Terminated);
        QVERIFY(!isAlive(s->pid()));
    }
    QCOMPARE(result.count(Outcome::Terminated), 3);
    QCOMPARE(result.count(Outcome::PermissionDenied), 1);
}

void TestActions::roleWithoutPrivilegesIsWarnedAndRefused()
{
    auto others = openSessions(1, {QStringLiteral("postgres"), QStringLiteral("operator"), QStringLiteral("op"), false});
    auto own = openSessions(1, {QStringLiteral("postgres"), QStringLiteral("alice"), QStringLiteral("mine"), false});
    QVERIFY(others.size() == 1 && own.size() == 1);
    auto monitor = monitorAs(QStringLiteral("alice"));
    const SnapshotPtr snapshot = firstSnapshot(*monitor);
    QVERIFY(snapshot);
    const PrivilegeHints &hints = monitor->status().privileges;
    QVERIFY(hints.known && !hints.superuser && !hints.signalBackend);
    ActionRequest request;
    request.kind = ActionRequest::Terminate;
    for (const Session &seen : snapshot->sessions) {
        if (seen.key.pid == others[0]->pid()) {
            QVERIFY(hints.likelyDenial(seen).contains(QLatin1String("pg_signal_backend")));
            request.targets.push_back(BackendTarget::fromSession(seen));
        } else if (seen.key.pid == own[0]->pid()) {
            QCOMPARE(hints.likelyDenial(seen), QString());
            request.targets.push_back(BackendTarget::fromSession(seen));
        } else if (seen.user.isEmpty()) {
            QVERIFY(!hints.likelyDenial(seen).isEmpty()); // background processes
        }
    }
    QCOMPARE(int(request.targets.size()), 2);
    // The app warns but does not refuse: the server decides, and says so.
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    QCOMPARE(result.byPid.value(others[0]->pid()).result, Outcome::PermissionDenied);
    QCOMPARE(result.byPid.value(own[0]->pid()).result, Outcome::Terminated);
}

void TestActions::oldBackendStartIsAlreadyGone()
{
    auto sessions = openSessions(1, {});
    QCOMPARE(int(sessions.size()), 1);
    // The same pid, but the backend_start of an earlier backend that had it.
    BackendTarget stale = targetOf(*sessions[0]);
    stale.backendStart -= 1000000;
    ActionRequest request;
    request.kind = ActionRequest::Terminate;
    request.targets.push_back(stale);
    auto monitor = monitorAs();
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    QCOMPARE(result.byPid.value(stale.pid).result, Outcome::AlreadyGone);
    QVERIFY(isAlive(stale.pid));
    QVERIFY(sessions[0]->exec(QStringLiteral("SELECT 1")));
}

void TestActions::aSuperusersBatchGivesEachBackendItsOutcome()
{
    // A superuser signals a whole selection with one statement: each backend still gets
    // the outcome it would get alone, in the order of the selection.
    auto sessions = openSessions(3, {});
    QCOMPARE(int(sessions.size()), 3);
    const BackendTarget active = targetOf(*sessions[0]), idleInTransaction = targetOf(*sessions[1]); // read while they are free
    QVERIFY(sessions[0]->makeActive(60));
    QVERIFY(sessions[1]->makeIdleInTransaction());
    QTRY_COMPARE(m_cluster.value(QStringLiteral("SELECT state FROM pg_stat_activity WHERE pid = %1").arg(sessions[0]->pid())),
                 QStringLiteral("active"));
    Expected<pg::Connection> ours = ownConnection(QStringLiteral("postgres"));
    QVERIFY2(ours.ok(), qPrintable(ours.error().message()));
    BackendTarget stale = targetOf(*sessions[2]);
    stale.backendStart -= 1000000;
    // A server process that is no backend: the server refuses it with a warning.
    const QString checkpointer = m_cluster.value(QStringLiteral("SELECT pid || ' ' || (extract(epoch FROM backend_start) * 1000000)::int8 "
                                                                "FROM pg_stat_activity WHERE backend_type = 'checkpointer'"));
    const QStringList cp = checkpointer.split(QLatin1Char(' '));
    QCOMPARE(cp.size(), 2);
    const BackendTarget server{cp[0].toInt(), cp[1].toLongLong(), {}, {}, {}, {}, {}};
    const BackendTarget own{ours->backendPid(), ours->backendStart(), QStringLiteral("postgres"), QStringLiteral("postgres"), {}, {}, {}};

    auto monitor = monitorAs();
    QVERIFY(firstSnapshot(*monitor));
    QVERIFY(monitor->status().privileges.superuser); // the one-statement path
    ActionRequest cancel;
    cancel.kind = ActionRequest::Cancel;
    cancel.targets = {active, idleInTransaction, stale, own, server};
    ActionResult result = runAction(*monitor, cancel);
    QVERIFY(result.finished);
    QCOMPARE(result.byPid.value(sessions[0]->pid()).result, Outcome::Cancelled);
    QCOMPARE(sessions[0]->finish(), QStringLiteral("57014")); // query_canceled, on the client's side
    const Outcome idle = result.byPid.value(sessions[1]->pid());
    QCOMPARE(idle.result, Outcome::NoQueryToCancel);
    QVERIFY2(idle.message.contains(QLatin1String("transaction stays open")), qPrintable(idle.message));
    QCOMPARE(result.byPid.value(stale.pid).result, Outcome::AlreadyGone);
    QCOMPARE(result.byPid.value(own.pid).result, Outcome::Skipped);
    const Outcome notBackend = result.byPid.value(server.pid);
    QCOMPARE(notBackend.result, Outcome::NotABackend);
    QVERIFY2(notBackend.message.contains(QString::number(server.pid)), qPrintable(notBackend.message)); // the server's own words
    QCOMPARE(int(result.outcomes.size()), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(result.outcomes[size_t(i)].pid, cancel.targets[size_t(i)].pid);

    ActionRequest terminate = cancel;
    terminate.kind = ActionRequest::Terminate;
    result = runAction(*monitor, terminate);
    QVERIFY(result.finished);
    for (int i : {0, 1}) {
        QCOMPARE(result.byPid.value(sessions[size_t(i)]->pid()).result, Outcome::Terminated);
        QVERIFY(!isAlive(sessions[size_t(i)]->pid()));
    }
    QCOMPARE(result.byPid.value(stale.pid).result, Outcome::AlreadyGone);
    QVERIFY(isAlive(stale.pid));
    QCOMPARE(result.byPid.value(own.pid).result, Outcome::Skipped);
    QVERIFY(isAlive(own.pid));
    QCOMPARE(result.byPid.value(server.pid).result, Outcome::NotABackend);
    QVERIFY(isAlive(server.pid));
}

Expected<pg::Connection> TestActions::ownConnection(const QString &database)
{
    // As the app connects: registered as one of this process's own backends.
    pg::ConnectOptions options;
    options.purpose = QStringLiteral("browser");
    return pg::Connection::open(specOf(m_cluster.conninfo(database)), options);
}

void TestActions::ownConnectionsAreNeverSignalled()
{
    Expected<pg::Connection> ours = ownConnection(QStringLiteral("postgres"));
    QVERIFY2(ours.ok(), qPrintable(ours.error().message()));
    ActionRequest request;
    request.kind = ActionRequest::Terminate;
    request.targets.push_back({ours->backendPid(), ours->backendStart(), QStringLiteral("postgres"), QStringLiteral("postgres"), {}, {}, {}});
    auto monitor = monitorAs();
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    QCOMPARE(result.byPid.value(ours->backendPid()).result, Outcome::Skipped);
    QVERIFY(isAlive(ours->backendPid()));
}

void TestActions::aForgedApplicationNameIsNotOurs()
{
    // Anybody can call a session "pgsessions monitor <our token>": it is still theirs.
    auto forged = openSessions(1, {QStringLiteral("big"), QStringLiteral("alice"), app_identity::applicationName(QStringLiteral("monitor")), false});
    QCOMPARE(int(forged.size()), 1);
    auto monitor = monitorAs();
    const SnapshotPtr snap = firstSnapshot(*monitor);
    QVERIFY(snap);
    const auto seen = std::find_if(snap->sessions.begin(), snap->sessions.end(), [&](const Session &s) { return s.key.pid == forged[0]->pid(); });
    QVERIFY(seen != snap->sessions.end());
    QVERIFY(!seen->own);
    ActionRequest request = killAllOf(QStringLiteral("big"));
    request.after = ActionRequest::Rename;
    request.newName = QStringLiteral("big_renamed");
    request.blockNewConnections = true;
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    QCOMPARE(result.byPid.value(forged[0]->pid()).result, Outcome::Terminated);
    QVERIFY2(!result.summary.error, qPrintable(result.summary.error.message()));
    QCOMPARE(result.summary.databaseState, ActionSummary::Renamed);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE big_renamed RENAME TO big")));
}

void TestActions::killAllEndsEveryOtherSessionOfTheDatabase()
{
    auto others = openSessions(200, {QStringLiteral("big"), QStringLiteral("alice"), QStringLiteral("web"), false});
    QCOMPARE(int(others.size()), 200);
    Expected<pg::Connection> ours = ownConnection(QStringLiteral("big"));
    QVERIFY2(ours.ok(), qPrintable(ours.error().message()));
    QCOMPARE(backendsOf(QStringLiteral("big")), 201);

    ActionRequest request = killAllOf(QStringLiteral("big"));
    auto monitor = monitorAs();
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    QCOMPARE(result.count(Outcome::Terminated), 200);
    QCOMPARE(result.count(Outcome::Skipped), 1);
    QCOMPARE(result.summary.total(), 201);
    for (const auto &s : others)
        QCOMPARE(result.byPid.value(s->pid()).result, Outcome::Terminated);
    QCOMPARE(backendsOf(QStringLiteral("big")), 1); // ours
    QVERIFY(ours->exec(QByteArrayLiteral("SELECT 1")).ok());
    QCOMPARE(result.summary.databaseState, ActionSummary::ConnectionsAllowed);
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'big'")), QStringLiteral("t"));
}

void TestActions::killAllSeesOtherRolesWithoutReadAllStats()
{
    // operator has pg_signal_backend but not pg_read_all_stats: alice's sessions show up
    // without backend_type, backend_start or state, and must still be found and ended.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE opsdb")));
    auto sessions = openSessions(3, {QStringLiteral("opsdb"), QStringLiteral("alice"), QStringLiteral("app"), false});
    QCOMPARE(int(sessions.size()), 3);
    ActionRequest request = killAllOf(QStringLiteral("opsdb"));
    auto monitor = monitorAs(QStringLiteral("operator"));
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    QCOMPARE(result.count(Outcome::Terminated), 3);
    QCOMPARE(backendsOf(QStringLiteral("opsdb")), 0);
}

void TestActions::blockKeepsAReconnectingClientOut()
{
    ReconnectingClient pool(m_cluster.conninfo(QStringLiteral("pool"), QStringLiteral("alice")));
    QTRY_VERIFY(pool.isConnected());
    ActionRequest request = killAllOf(QStringLiteral("pool"));
    request.blockNewConnections = true;
    request.keepBlocked = true;
    auto monitor = monitorAs();
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    QVERIFY(result.count(Outcome::Terminated) >= 1);
    QCOMPARE(result.summary.databaseState, ActionSummary::ConnectionsBlocked);

    // Kept out while the block holds.
    const int before = pool.connections();
    QTest::qWait(1000);
    QCOMPARE(pool.connections(), before);
    QVERIFY(!pool.isConnected());
    QVERIFY2(pool.lastError().contains(QLatin1String("not currently accepting connections")), qPrintable(pool.lastError()));
    QCOMPARE(backendsOf(QStringLiteral("pool")), 0);

    // Once it is lifted, the client is back.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE pool ALLOW_CONNECTIONS true")));
    QTRY_VERIFY(pool.isConnected());

    // The same with the block lifted afterwards: datallowconn is what it was.
    request.keepBlocked = false;
    const ActionResult again = runAction(*monitor, request);
    QVERIFY(again.finished);
    QVERIFY(again.count(Outcome::Terminated) >= 1);
    QCOMPARE(again.summary.databaseState, ActionSummary::ConnectionsAllowed);
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'pool'")), QStringLiteral("t"));
    QTRY_VERIFY(pool.isConnected());
}

void TestActions::withoutBlockTheClientRacesBackIn()
{
    // A pool that reconnects once, and a stopped backend that holds the kill-all's first
    // round until the pool is back: the action sees the pool's new connection whatever
    // the time the pool took to return.
    ReconnectingClient pool(m_cluster.conninfo(QStringLiteral("pool"), QStringLiteral("alice")), 2);
    QTRY_VERIFY(pool.isConnected());
    auto held = openSessions(1, {QStringLiteral("pool"), QStringLiteral("alice"), QStringLiteral("app"), false});
    QCOMPARE(int(held.size()), 1);
    std::optional<StoppedBackend> stuck(std::in_place, held[0]->pid());
    QVERIFY(stuck->stopped);
    QTimer release;
    connect(&release, &QTimer::timeout, this, [&] {
        if (pool.connections() >= 2) {
            stuck.reset();
            release.stop();
        }
    });
    release.start(10);
    ActionRequest request = killAllOf(QStringLiteral("pool"));
    request.waitMs = 30000;
    auto monitor = monitorAs();
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    QVERIFY(!stuck);
    // The pool's first connection, the stopped backend once continued, and the pool's
    // second connection, a late arrival the action says it ended.
    QCOMPARE(result.count(Outcome::Terminated), 3);
    QCOMPARE(result.count(Outcome::StillAlive), 0);
    QVERIFY2(result.summary.notes.join(QLatin1Char(' ')).contains(QLatin1String("1 new session")),
             qPrintable(result.summary.notes.join(QLatin1Char(' '))));
    QVERIFY2(result.summary.notes.join(QLatin1Char(' ')).contains(QLatin1String("Block new connections")),
             qPrintable(result.summary.notes.join(QLatin1Char(' '))));
    QCOMPARE(backendsOf(QStringLiteral("pool")), 0);
}

void TestActions::killAllThenDropOrRename_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("drop");
    QTest::addColumn<QString>("newName");
    QTest::newRow("drop, quote and space") << QStringLiteral("it's a \"db\"") << true << QString();
    QTest::newRow("drop, upper case and non-ASCII") << QStringLiteral("Größe Ünïcode") << true << QString();
    QTest::newRow("rename, odd to odd") << QStringLiteral("Old \"name\" ö") << false << QStringLiteral("new 'name' ü");
}

void TestActions::killAllThenDropOrRename()
{
    QFETCH(QString, name);
    QFETCH(bool, drop);
    QFETCH(QString, newName);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE %1").arg(sql_text::quoteIdent(name))));
    auto sessions = openSessions(3, {name, QStringLiteral("alice"), QStringLiteral("app"), false});
    QCOMPARE(int(sessions.size()), 3);

    ActionRequest request = killAllOf(name);
    request.blockNewConnections = true;
    request.after = drop ? ActionRequest::Drop : ActionRequest::Rename;
    request.newName = newName;
    auto monitor = monitorAs();
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    QVERIFY2(!result.summary.error, qPrintable(result.summary.error.message()));
    QCOMPARE(result.count(Outcome::Terminated), 3);
    const auto exists = [this](const QString &db) {
        return m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = %1").arg(sql_text::quoteLiteral(db)));
    };
    QCOMPARE(exists(name), QStringLiteral("0"));
    if (drop) {
        QCOMPARE(result.summary.databaseState, ActionSummary::Dropped);
        const bool noted = result.summary.notes.join(QLatin1Char(' ')).contains(QLatin1String("PostgreSQL 13"));
        QCOMPARE(noted, m_cluster.serverVersionNum() < 130000);
    } else {
        QCOMPARE(result.summary.databaseState, ActionSummary::Renamed);
        QCOMPARE(result.summary.databaseName, newName);
        QCOMPARE(exists(newName), QStringLiteral("1"));
        // Renamed, and open again: the block was lifted under the new name.
        QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = %1").arg(sql_text::quoteLiteral(newName))),
                 QStringLiteral("t"));
    }
}

void TestActions::journalHoldsStartOutcomesAndFinish()
{
    QTemporaryDir dir;
    auto journal = std::make_shared<ActionJournal>(dir.filePath(QStringLiteral("sub/journal.jsonl")));
    MonitorOptions options;
    options.intervalMs = 60000;
    ServerMonitor monitor(1, specOf(m_cluster.conninfo()), options, journal);
    auto sessions = openSessions(2, {});
    ActionRequest request;
    request.kind = ActionRequest::Terminate;
    for (const auto &s : sessions)
        request.targets.push_back(targetOf(*s));
    const ActionResult result = runAction(monitor, request);
    QVERIFY(result.finished);

    QFile file(journal->path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    std::vector<QJsonObject> records;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        QVERIFY2(parseError.error == QJsonParseError::NoError, line.constData());
        records.push_back(doc.object());
    }
    QCOMPARE(int(records.size()), 4);
    QCOMPARE(records[0].value(QStringLiteral("record")).toString(), QStringLiteral("start"));
    QCOMPARE(records[0].value(QStringLiteral("kind")).toString(), QStringLiteral("terminate"));
    QCOMPARE(records[0].value(QStringLiteral("targets")).toArray().size(), 2);
    for (int i : {1, 2}) {
        QCOMPARE(records[size_t(i)].value(QStringLiteral("record")).toString(), QStringLiteral("outcome"));
        QCOMPARE(records[size_t(i)].value(QStringLiteral("result")).toString(), QStringLiteral("terminated"));
    }
    QCOMPARE(records[3].value(QStringLiteral("record")).toString(), QStringLiteral("finish"));
    QCOMPARE(records[3].value(QStringLiteral("counts")).toObject().value(QStringLiteral("terminated")).toInt(), 2);
    const QString key = records[0].value(QStringLiteral("action")).toString();
    for (const QJsonObject &r : records)
        QCOMPARE(r.value(QStringLiteral("action")).toString(), key);
}

static std::vector<QJsonObject> readJournal(const QString &path, bool *allParsed)
{
    std::vector<QJsonObject> records;
    *allParsed = true;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return records;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError)
            *allParsed = false;
        records.push_back(doc.object());
    }
    return records;
}

void TestActions::journalKeepsWhatHappenedWhenTheProcessDies()
{
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE churn")));
    // Three sessions the kill-all ends at once, and a stopped backend it waits for until
    // its deadline, a minute away.
    auto sessions = openSessions(4, {QStringLiteral("churn"), QStringLiteral("alice"), QStringLiteral("app"), false});
    QCOMPARE(int(sessions.size()), 4);
    const StoppedBackend stuck(sessions[3]->pid());
    QVERIFY(stuck.stopped);
    QTemporaryDir dir;
    const QString journal = dir.filePath(QStringLiteral("journal.jsonl"));
    QProcess helper;
    helper.setProcessChannelMode(QProcess::ForwardedChannels);
    helper.start(QCoreApplication::applicationDirPath() + QStringLiteral("/action_helper"),
                 {m_cluster.conninfo(), QStringLiteral("churn"), journal, QStringLiteral("60000")});
    QVERIFY(helper.waitForStarted());

    bool parsed = false;
    auto outcomesSoFar = [&] {
        int n = 0;
        for (const QJsonObject &r : readJournal(journal, &parsed))
            n += r.value(QStringLiteral("record")).toString() == QLatin1String("outcome");
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(outcomesSoFar() >= 3, 20000);
    QCOMPARE(helper.state(), QProcess::Running); // midway: waiting for the stopped backend
    helper.kill();                               // SIGKILL: no destructor, no flush at exit
    QVERIFY(helper.waitForFinished());

    const std::vector<QJsonObject> records = readJournal(journal, &parsed);
    QVERIFY(parsed); // no torn line
    QCOMPARE(int(records.size()), 4); // the start and the three ended sessions' outcomes
    QCOMPARE(records.front().value(QStringLiteral("record")).toString(), QStringLiteral("start"));
    QCOMPARE(records.front().value(QStringLiteral("kind")).toString(), QStringLiteral("kill all"));
    QCOMPARE(records.front().value(QStringLiteral("database")).toString(), QStringLiteral("churn"));
    for (size_t i = 1; i < records.size(); ++i) {
        QCOMPARE(records[i].value(QStringLiteral("record")).toString(), QStringLiteral("outcome"));
        QCOMPARE(records[i].value(QStringLiteral("result")).toString(), QStringLiteral("terminated"));
        QVERIFY(records[i].value(QStringLiteral("pid")).toInt() > 0);
    }
}

QTEST_MAIN(TestActions)
#include "tst_actions.moc"
