// SPDX-License-Identifier: GPL-3.0-or-later
// The live sessions engine against a real server: worker, snapshots and model together.
#include "cluster_fixture.h"
#include "history/history_load.h"
#include "pg/connection.h"
#include "pg/handles.h"
#include "servers/server_monitor.h"
#include "models/session_model.h"
#include "test_session.h"

#include <QAbstractItemModelTester>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include <atomic>
#include <functional>

namespace {

const Session *findPid(const Snapshot &snap, int pid)
{
    for (const Session &s : snap.sessions) {
        if (s.key.pid == pid)
            return &s;
    }
    return nullptr;
}

// The fields of two readings of a session that differ, by name ("" when none).
QString differences(const Session &a, const Session &b)
{
    QStringList out;
    const auto check = [&out](bool same, const char *name) {
        if (!same)
            out << QLatin1String(name);
    };
    check(a.key == b.key, "key");
    check(a.databaseOid == b.databaseOid && a.database == b.database, "database");
    check(a.user == b.user, "user");
    check(a.application == b.application, "application");
    check(a.clientAddress == b.clientAddress && a.clientHostname == b.clientHostname && a.clientPort == b.clientPort, "client");
    check(a.backendType == b.backendType, "backend type");
    check(a.state == b.state, "state");
    check(a.waitEventType == b.waitEventType && a.waitEvent == b.waitEvent, "wait event");
    check(a.xactStart == b.xactStart && a.queryStart == b.queryStart && a.stateChange == b.stateChange, "times");
    check(a.leaderPid == b.leaderPid && a.queryId == b.queryId && a.hasQueryId == b.hasQueryId, "leader or query id");
    check(a.blockedBy == b.blockedBy, "blocked by");
    check(a.query == b.query, "query");
    check(a.own == b.own, "own");
    return out.join(QLatin1String(", "));
}

// Whether @p pid is among the sessions the server sent as unchanged (they come last).
bool sentAsUnchanged(const Snapshot &snap, int pid)
{
    for (size_t i = snap.sessions.size() - size_t(snap.unchangedSessions); i < snap.sessions.size(); ++i) {
        if (snap.sessions[i].key.pid == pid)
            return true;
    }
    return false;
}

// Whether @p pid is among the statements running on that the server sent without what
// their start set (they come before the unchanged ones).
bool sentRunningOn(const Snapshot &snap, int pid)
{
    const size_t end = snap.sessions.size() - size_t(snap.unchangedSessions);
    for (size_t i = end - size_t(snap.runningOnSessions); i < end; ++i) {
        if (snap.sessions[i].key.pid == pid)
            return true;
    }
    return false;
}

// The worker's warnings that a connection was not made ready for its polls (a statement
// the server refused, on some version, for some role, shows as one of these only), or
// that the server's clock went back (none does here: the tests' server is this machine).
std::atomic<int> g_notReadied{0};
QtMessageHandler g_nextHandler = nullptr;

void countNotReadied(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg
        && (message.contains(QLatin1String("not readied for its polls")) || message.contains(QLatin1String("could not be prepared"))
            || message.contains(QLatin1String("clock went back"))))
        ++g_notReadied;
    g_nextHandler(type, context, message);
}

} // namespace

class TestServerWorker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void connectsAndReportsTheVersion();
    void ownConnectionIsMarked();
    void newSessionAppearsWithinOnePoll();
    void endedSessionDisappears();
    void stateChangeIsAChangeOfTheSameRow();
    void longIdleSessionsTravelAsPidsAndStayWhole();
    void aRunningStatementShowsWhatChangesAsItRuns();
    void aSessionSeenHiddenIsReadWholeOnceVisible();
    void lockWaiterListsItsBlocker();
    void locksStayRightPollAfterPollAndWhenTheWaitEnds();
    void clientAndBackgroundProcesses();
    void pollsDoNotOverlapAndPauseStopsThem();
    void aRetiredSnapshotIsDroppedOnTheWorkersThreadAfterAPoll();
    void badCredentialsGiveTheServersMessage();
    void connectsThroughUriConninfoAndService_data();
    void connectsThroughUriConninfoAndService();
    void asksForAPasswordAndUsesTheOneGiven();
    void hungPollIsCancelledFromOutside();
    void theWatchdogDoesNotWakeWhilePollsComeBack();
    void aHungPollWithItsLocksIsCancelledToo();
    void aPipelineAnswersInOrderAndSurvivesAStatementGone();

private:
    /// Waits for the next snapshot (of @p monitor, else the test's) taken at or after @p serverTime.
    SnapshotPtr snapshotAfter(qint64 serverTime, int timeoutMs = 10000, ServerMonitor *monitor = nullptr);
    QString serverNow();

    TestCluster m_cluster{[] {
        TestCluster::Options o;
        // Role "secretive" must give a password over TCP; everyone else is trusted.
        o.hbaFirst << QStringLiteral("host all secretive 127.0.0.1/32 md5");
        return o;
    }()};
    QTemporaryDir m_serviceDir;
    std::unique_ptr<SessionModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<ServerMonitor> m_monitor;
};

void TestServerWorker::initTestCase()
{
    g_nextHandler = qInstallMessageHandler(countNotReadied);
    PGSESSIONS_START_CLUSTER(m_cluster);
    for (const char *sql : {"CREATE TABLE lockme (id int)", "CREATE ROLE alice LOGIN", "CREATE DATABASE shop",
                            "CREATE ROLE secretive LOGIN PASSWORD 'open sesame' IN ROLE pg_read_all_stats"})
        QVERIFY_OK(m_cluster.exec(QString::fromLatin1(sql)));
}

void TestServerWorker::init()
{
    m_model = std::make_unique<SessionModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    MonitorOptions options;
    options.intervalMs = 100;
    m_monitor = std::make_unique<ServerMonitor>(1, specOf(m_cluster.conninfo()), options);
    connect(m_monitor.get(), &ServerMonitor::snapshotReady, m_model.get(), [this](const SnapshotPtr &s) { m_model->applySnapshot(*s); });
    m_monitor->start();
}

void TestServerWorker::cleanup()
{
    m_monitor.reset();
    m_tester.reset();
    m_model.reset();
    // Every connection of every test, on every server version and for each role the tests
    // use, prepared its poll and readied its backend, and no poll (one held up on a lock
    // included) was taken for a clock that went back.
    QCOMPARE(g_notReadied.exchange(0), 0);
}

QString TestServerWorker::serverNow()
{
    return m_cluster.value(QStringLiteral("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::int8"));
}

SnapshotPtr TestServerWorker::snapshotAfter(qint64 serverTime, int timeoutMs, ServerMonitor *monitor)
{
    QSignalSpy spy(monitor ? monitor : m_monitor.get(), &ServerMonitor::snapshotReady);
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (!spy.wait(int(std::max<qint64>(1, deadline.remainingTime()))))
            break;
        for (const auto &args : std::as_const(spy)) {
            auto snap = args.at(0).value<SnapshotPtr>();
            if (snap->serverTime >= serverTime)
                return snap;
        }
        spy.clear();
    }
    return nullptr;
}

void TestServerWorker::connectsAndReportsTheVersion()
{
    QTRY_VERIFY2_WITH_TIMEOUT(m_monitor->status().state == ServerStatus::Connected, qPrintable(m_monitor->status().message), 15000);
    QCOMPARE(m_monitor->status().serverVersion, m_cluster.serverVersionNum());
    QVERIFY(m_cluster.serverVersion().startsWith(m_monitor->status().versionText()));
}

void TestServerWorker::ownConnectionIsMarked()
{
    const SnapshotPtr snap = snapshotAfter(0);
    QVERIFY(snap);
    QVERIFY(snap->ownPid > 0);
    const Session *own = findPid(*snap, snap->ownPid);
    QVERIFY(own);
    QVERIFY(own->own);
    QCOMPARE(own->application, ServerWorker::monitorApplicationName());
    QCOMPARE(own->database, QStringLiteral("postgres")); // the maintenance database
    QCOMPARE(m_model->index(m_model->rowOf(own->key), 0).data(SessionModel::OwnRole).toBool(), true);
    for (const Session &s : snap->sessions)
        QCOMPARE(s.own, s.key.pid == snap->ownPid);
}

void TestServerWorker::newSessionAppearsWithinOnePoll()
{
    QVERIFY(snapshotAfter(0));
    QString error;
    auto session = TestSession::open(m_cluster, {QStringLiteral("shop"), QStringLiteral("alice"), QStringLiteral("checkout"), true}, &error);
    QVERIFY2(session, qPrintable(error));
    const qint64 opened = serverNow().toLongLong();
    // The first poll taken after the session existed must list it.
    const SnapshotPtr snap = snapshotAfter(opened);
    QVERIFY(snap);
    const Session *s = findPid(*snap, session->pid());
    QVERIFY(s);
    QCOMPARE(s->user, QStringLiteral("alice"));
    QCOMPARE(s->database, QStringLiteral("shop"));
    QCOMPARE(s->application, QStringLiteral("checkout"));
    QCOMPARE(s->clientAddress, QStringLiteral("127.0.0.1"));
    QVERIFY(s->clientPort > 0);
    QCOMPARE(s->state, QStringLiteral("idle"));
    QVERIFY(!s->own);
    QCOMPARE(s->key.backendStart, session->backendStart());
    QTRY_VERIFY(m_model->rowOf(s->key) >= 0);
    QCOMPARE(m_model->index(m_model->rowOf(s->key), SessionModel::Client).data().toString(),
             QStringLiteral("127.0.0.1:%1").arg(s->clientPort));
}

void TestServerWorker::endedSessionDisappears()
{
    QString error;
    auto session = TestSession::open(m_cluster, &error);
    QVERIFY2(session, qPrintable(error));
    const SessionKey key{1, session->pid(), session->backendStart()};
    QTRY_VERIFY_WITH_TIMEOUT(m_model->rowOf(key) >= 0, 10000);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    session.reset(); // disconnects
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowOf(key), -1, 10000);
    QVERIFY(removed.count() >= 1);
}

void TestServerWorker::stateChangeIsAChangeOfTheSameRow()
{
    QString error;
    auto session = TestSession::open(m_cluster, &error);
    QVERIFY2(session, qPrintable(error));
    const SessionKey key{1, session->pid(), session->backendStart()};
    QTRY_VERIFY_WITH_TIMEOUT(m_model->rowOf(key) >= 0, 10000);
    const QPersistentModelIndex state = m_model->index(m_model->rowOf(key), SessionModel::State);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QTRY_COMPARE(state.data().toString(), QStringLiteral("idle"));

    QVERIFY(session->makeActive(3));
    QTRY_COMPARE_WITH_TIMEOUT(state.data().toString(), QStringLiteral("active"), 10000);
    QVERIFY(m_model->index(state.row(), SessionModel::Query).data().toString().contains(QLatin1String("pg_sleep")));
    QCOMPARE(session->finish(), QString());

    QVERIFY(session->makeIdleInTransaction());
    QTRY_COMPARE_WITH_TIMEOUT(state.data().toString(), QStringLiteral("idle in transaction"), 10000);
    QVERIFY(!m_model->index(state.row(), SessionModel::TransactionAge).data().toString().isEmpty());

    // The row stayed the same row: never removed and inserted again, only changed.
    QVERIFY(state.isValid());
    QCOMPARE(m_model->rowOf(key), state.row());
    for (const auto &args : std::as_const(inserted)) {
        for (int r = args.at(1).toInt(); r <= args.at(2).toInt(); ++r)
            QVERIFY(m_model->session(r).key != key);
    }
    bool stateReported = false;
    for (const auto &args : std::as_const(changed)) {
        const auto tl = args.at(0).value<QModelIndex>(), br = args.at(1).value<QModelIndex>();
        stateReported |= tl.row() <= state.row() && state.row() <= br.row() && tl.column() <= SessionModel::State
                         && SessionModel::State <= br.column();
    }
    QVERIFY(stateReported);
}

void TestServerWorker::longIdleSessionsTravelAsPidsAndStayWhole()
{
    QString error;
    auto idle = TestSession::open(m_cluster, {QStringLiteral("shop"), QStringLiteral("alice"), QStringLiteral("checkout"), true}, &error);
    QVERIFY2(idle, qPrintable(error));
    auto inTransaction = TestSession::open(m_cluster, {QStringLiteral("shop"), QStringLiteral("alice"), QStringLiteral("ledger")}, &error);
    QVERIFY2(inTransaction, qPrintable(error));
    auto active = TestSession::open(m_cluster, {QStringLiteral("shop"), QStringLiteral("alice"), QStringLiteral("report")}, &error);
    QVERIFY2(active, qPrintable(error));
    QVERIFY(idle->exec(QStringLiteral("SELECT 42 AS answer /* kept */")));
    QVERIFY(inTransaction->makeIdleInTransaction());
    QVERIFY(active->makeActive(60));
    const qint64 settled = serverNow().toLongLong();

    // Read whole, once they have settled.
    const SnapshotPtr whole = snapshotAfter(settled);
    QVERIFY(whole);
    const Session *idleWhole = findPid(*whole, idle->pid()), *transactionWhole = findPid(*whole, inTransaction->pid()),
                  *activeWhole = findPid(*whole, active->pid());
    QVERIFY(idleWhole && transactionWhole && activeWhole);
    QCOMPARE(activeWhole->query, QStringLiteral("SELECT pg_sleep(60)"));
    QCOMPARE(idleWhole->query, QStringLiteral("SELECT 42 AS answer /* kept */"));
    QCOMPARE(transactionWhole->state, QStringLiteral("idle in transaction"));

    // Idle for longer than the margin, they travel as pids: the snapshot has them as they
    // were, every field. So does a statement running as long, as the last poll saw it (its
    // mark matched): the snapshot has it whole too.
    SnapshotPtr partial;
    const QDeadlineTimer deadline(20000);
    while (!partial && !deadline.hasExpired()) {
        const SnapshotPtr next = snapshotAfter(settled + 2500000);
        QVERIFY(next);
        if (sentAsUnchanged(*next, idle->pid()) && sentAsUnchanged(*next, inTransaction->pid()) && sentAsUnchanged(*next, active->pid()))
            partial = next;
    }
    QVERIFY2(partial, "no poll sent the two idle sessions and the running statement as unchanged");
    const Session *idleNow = findPid(*partial, idle->pid()), *transactionNow = findPid(*partial, inTransaction->pid());
    QVERIFY(idleNow && transactionNow);
    QCOMPARE(differences(*idleNow, *idleWhole), QString());
    QCOMPARE(differences(*transactionNow, *transactionWhole), QString());
    // And as the server has them now.
    const QString now = m_cluster.value(QStringLiteral("SELECT concat_ws('|', application_name, state, query, client_port,"
                                                       " (extract(epoch FROM state_change) * 1000000)::int8) FROM pg_stat_activity WHERE pid = %1")
                                            .arg(idle->pid()));
    QCOMPARE(QStringList({idleNow->application, idleNow->state, idleNow->query, QString::number(idleNow->clientPort), QString::number(idleNow->stateChange)})
                 .join(QLatin1Char('|')),
             now);
    const Session *activeNow = findPid(*partial, active->pid());
    QVERIFY(activeNow);
    QVERIFY(partial->stillRunningSessions >= 1);
    QCOMPARE(differences(*activeNow, *activeWhole), QString());
    QCOMPARE(activeNow->query, QStringLiteral("SELECT pg_sleep(60)"));
    // Its load (for the timeline and the history file) counted once, as from its sessions.
    QVERIFY(partial->load);
    Snapshot uncounted = *partial;
    uncounted.load.reset();
    const history::LoadByDatabase counted = history::loadOf(uncounted);
    QCOMPARE(*partial->load, counted);
    QVERIFY(counted.value(transactionNow->database).value(history::kIdleInTransactionBand) >= 1); // (sent as unchanged)
    // Copied from an earlier live poll (what lets a model that applied it skip them).
    QVERIFY(whole->sequence > 0);
    QVERIFY2(partial->unchangedFrom >= whole->sequence && partial->unchangedFrom < partial->sequence,
             qPrintable(QStringLiteral("copied from poll %1; this is poll %2, the whole one %3").arg(partial->unchangedFrom).arg(partial->sequence).arg(whole->sequence)));
    // Every session of the whole reading is in the partial one, unless it has ended since
    // (another test's session closing, an autovacuum worker done).
    for (const Session &s : whole->sessions) {
        if (!findPid(*partial, s.key.pid))
            QVERIFY2(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(s.key.pid)) == QLatin1String("0"),
                     qPrintable(QStringLiteral("session %1 (%2) is missing from the partial poll").arg(s.key.pid).arg(s.backendType)));
    }

    // A change after that is read at the next poll, whole.
    QVERIFY(idle->exec(QStringLiteral("SET application_name = 'paid'")));
    QVERIFY(inTransaction->exec(QStringLiteral("COMMIT")));
    const SnapshotPtr changed = snapshotAfter(serverNow().toLongLong());
    QVERIFY(changed);
    const Session *idleChanged = findPid(*changed, idle->pid()), *committed = findPid(*changed, inTransaction->pid());
    QVERIFY(idleChanged && committed);
    QCOMPARE(idleChanged->application, QStringLiteral("paid"));
    QCOMPARE(idleChanged->query, QStringLiteral("SET application_name = 'paid'"));
    QCOMPARE(committed->state, QStringLiteral("idle"));
    QCOMPARE(committed->xactStart, kNoTime);
    QCOMPARE(committed->query, QStringLiteral("COMMIT"));
    QTRY_COMPARE(m_model->index(m_model->rowOf(idleChanged->key), SessionModel::Application).data().toString(), QStringLiteral("paid"));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("SELECT pg_cancel_backend(%1)").arg(active->pid())));
    QCOMPARE(active->finish(), QStringLiteral("57014")); // query_canceled
}

void TestServerWorker::aRunningStatementShowsWhatChangesAsItRuns()
{
    // A procedure that waits on a lock, then commits inside its CALL and renames its
    // session: whom it waits for, its transaction's start and its application name change
    // while the statement runs on (its state_change stays). Sent without what its start
    // set, it shows each change at the next poll.
    if (m_cluster.serverVersionNum() < 110000)
        QSKIP("procedures (CALL) came in PostgreSQL 11");
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE OR REPLACE PROCEDURE commits_on() LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_lock(4242);"
                                             " COMMIT; PERFORM set_config('application_name', 'renamed inside', false); PERFORM pg_sleep(60); END $$"),
                              QStringLiteral("shop")));
    QString error;
    auto holder = TestSession::open(m_cluster, {QStringLiteral("shop"), QStringLiteral("alice"), QStringLiteral("holder")}, &error);
    QVERIFY2(holder, qPrintable(error));
    QVERIFY(holder->exec(QStringLiteral("SELECT pg_advisory_lock(4242)")));
    auto caller = TestSession::open(m_cluster, {QStringLiteral("shop"), QStringLiteral("alice"), QStringLiteral("caller")}, &error);
    QVERIFY2(caller, qPrintable(error));
    const qint64 called = serverNow().toLongLong();
    QVERIFY(caller->send(QStringLiteral("CALL commits_on()")));
    const auto finish = qScopeGuard([&] {
        (void)m_cluster.exec(QStringLiteral("SELECT pg_cancel_backend(%1)").arg(caller->pid()));
        (void)caller->finish();
    });
    // The first poll (of a few) that sent the caller running on, or as unchanged since the
    // poll before (which may have read every session whole), and met @p wanted.
    const auto runningOnWhen = [&](qint64 after, const std::function<bool(const Session &)> &wanted) -> SnapshotPtr {
        const QDeadlineTimer deadline(20000);
        while (!deadline.hasExpired()) {
            const SnapshotPtr next = snapshotAfter(after);
            if (!next)
                return nullptr;
            const Session *s = findPid(*next, caller->pid());
            if (s && (sentRunningOn(*next, caller->pid()) || sentAsUnchanged(*next, caller->pid())) && wanted(*s))
                return next;
        }
        return nullptr;
    };

    // Waiting for the lock, sent running on: as the server has it.
    const SnapshotPtr first = runningOnWhen(called + 2500000, [](const Session &s) { return !s.blockedBy.isEmpty(); });
    QVERIFY2(first, "no poll sent the CALL waiting on the lock without its text");
    const Session before = *findPid(*first, caller->pid());
    QCOMPARE(before.query, QStringLiteral("CALL commits_on()"));
    QCOMPARE(before.state, QStringLiteral("active"));
    QCOMPARE(before.application, QStringLiteral("caller"));
    QCOMPARE(before.waitEventType, QStringLiteral("Lock"));
    QCOMPARE(before.blockedBy, QVector<int>{holder->pid()});
    QVERIFY(before.xactStart != kNoTime);
    QVERIFY(sentRunningOn(*first, caller->pid()));
    // Waiting on a lock, it is sent at every poll (whom it waits for can change and is not
    // in its mark): never as unchanged.
    for (int i = 0; i < 3; ++i) {
        const SnapshotPtr next = snapshotAfter(first->serverTime + 1 + i);
        QVERIFY(next);
        QVERIFY(findPid(*next, caller->pid()));
        QVERIFY(!sentAsUnchanged(*next, caller->pid()));
    }

    // The lock let go: the new transaction and name, no blocker, the same statement.
    QVERIFY(holder->exec(QStringLiteral("SELECT pg_advisory_unlock(4242)")));
    const SnapshotPtr later = runningOnWhen(serverNow().toLongLong(), [](const Session &s) { return s.application == QLatin1String("renamed inside"); });
    QVERIFY2(later, "the name set inside the running CALL never showed in a poll that sent it running on");
    const Session &after = *findPid(*later, caller->pid());
    QVERIFY2(after.xactStart > before.xactStart, "the transaction begun by the COMMIT inside the CALL did not show");
    QVERIFY(after.blockedBy.isEmpty());
    QCOMPARE(after.query, before.query);
    QCOMPARE(after.stateChange, before.stateChange);
    const QString server = m_cluster.value(QStringLiteral("SELECT concat_ws('|', application_name, (extract(epoch FROM xact_start) * 1000000)::int8,"
                                                          " (extract(epoch FROM state_change) * 1000000)::int8, query_start = state_change, query)"
                                                          " FROM pg_stat_activity WHERE pid = %1")
                                               .arg(caller->pid()));
    QCOMPARE(QStringList({after.application, QString::number(after.xactStart), QString::number(after.stateChange),
                          after.queryStart == after.stateChange ? QStringLiteral("t") : QStringLiteral("f"), after.query})
                 .join(QLatin1Char('|')),
             server);
    // As it was at the poll before: as its pid, every field as read then.
    SnapshotPtr still;
    const QDeadlineTimer deadline(20000);
    while (!still && !deadline.hasExpired()) {
        const SnapshotPtr next = snapshotAfter(later->serverTime + 1);
        QVERIFY(next);
        if (sentAsUnchanged(*next, caller->pid()))
            still = next;
    }
    QVERIFY2(still, "no poll sent the CALL running on as unchanged");
    QVERIFY(still->stillRunningSessions >= 1);
    QCOMPARE(differences(*findPid(*still, caller->pid()), after), QString());
}

void TestServerWorker::aSessionSeenHiddenIsReadWholeOnceVisible()
{
    // A monitor whose role may not see other roles' sessions, until it is granted
    // pg_read_all_stats: a session it saw hidden, idle since long before, is then read
    // whole at once, not taken from the hidden reading.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE ROLE watcher LOGIN")));
    const auto dropWatcher = qScopeGuard([this] { (void)m_cluster.exec(QStringLiteral("DROP ROLE IF EXISTS watcher")); });
    QString error;
    auto other = TestSession::open(m_cluster, {QStringLiteral("shop"), QStringLiteral("alice"), QStringLiteral("ledger")}, &error);
    QVERIFY2(other, qPrintable(error));
    QVERIFY(other->exec(QStringLiteral("SELECT 'kept' /* seen once granted */")));
    MonitorOptions options;
    options.intervalMs = 100;
    SnapshotPtr hidden;
    {
        ServerMonitor watcher(2, specOf(m_cluster.conninfo(QStringLiteral("postgres"), QStringLiteral("watcher"))), options);
        watcher.start();
        const qint64 opened = serverNow().toLongLong();
        hidden = snapshotAfter(opened, 10000, &watcher);
        QVERIFY(hidden);
        const Session *seen = findPid(*hidden, other->pid());
        QVERIFY(seen);
        QVERIFY(seen->isHidden());
        QVERIFY(snapshotAfter(opened + 2500000, 10000, &watcher)); // idle for longer than the margin
        QVERIFY_OK(m_cluster.exec(QStringLiteral("GRANT pg_read_all_stats TO watcher")));
        const SnapshotPtr granted = snapshotAfter(serverNow().toLongLong(), 10000, &watcher);
        QVERIFY(granted);
        const Session *now = findPid(*granted, other->pid());
        QVERIFY(now);
        QVERIFY(!now->isHidden());
        QCOMPARE(now->query, QStringLiteral("SELECT 'kept' /* seen once granted */"));
        QCOMPARE(now->state, QStringLiteral("idle"));
        QCOMPARE(now->application, QStringLiteral("ledger"));
    }
    QVERIFY_OK(m_cluster.exec(QStringLiteral("REVOKE pg_read_all_stats FROM watcher")));
}

void TestServerWorker::lockWaiterListsItsBlocker()
{
    QString error;
    auto holder = TestSession::open(m_cluster, &error);
    QVERIFY2(holder, qPrintable(error));
    auto waiter = TestSession::open(m_cluster, &error);
    QVERIFY2(waiter, qPrintable(error));
    auto bystander = TestSession::open(m_cluster, &error);
    QVERIFY2(bystander, qPrintable(error));
    QVERIFY2(holder->lockTable(QStringLiteral("lockme")), qPrintable(holder->lastError()));
    QVERIFY(waiter->waitForLock(QStringLiteral("lockme")));

    SnapshotPtr snap;
    const Session *w = nullptr;
    for (QDeadlineTimer deadline(10000); !deadline.hasExpired() && !(w && w->waitEventType == QLatin1String("Lock"));) {
        snap = snapshotAfter(serverNow().toLongLong(), 2000);
        w = snap ? findPid(*snap, waiter->pid()) : nullptr;
    }
    QVERIFY(w);
    QCOMPARE(w->waitEventType, QStringLiteral("Lock"));
    QCOMPARE(w->blockedBy, QVector<int>{holder->pid()});
    QVERIFY(findPid(*snap, holder->pid())->blockedBy.isEmpty());
    QVERIFY(findPid(*snap, bystander->pid())->blockedBy.isEmpty());
    const int row = m_model->rowOf(w->key);
    QVERIFY(row >= 0);
    QTRY_COMPARE(m_model->index(m_model->rowOf(w->key), SessionModel::BlockedBy).data().toString(), QString::number(holder->pid()));
    QVERIFY(m_model->index(m_model->rowOf(w->key), SessionModel::WaitEvent).data().toString().startsWith(QLatin1String("Lock: ")));

    QVERIFY(holder->exec(QStringLiteral("ROLLBACK")));
    QCOMPARE(waiter->finish(), QString());
    QVERIFY(waiter->exec(QStringLiteral("ROLLBACK")));
}

void TestServerWorker::locksStayRightPollAfterPollAndWhenTheWaitEnds()
{
    // Once a poll saw a waiter, the next ones ask for the locks with the activity. Each poll
    // must still say what is waited on and who holds it, and say nothing of a wait that ended.
    QString error;
    auto holder = TestSession::open(m_cluster, &error);
    QVERIFY2(holder, qPrintable(error));
    auto waiter = TestSession::open(m_cluster, &error);
    QVERIFY2(waiter, qPrintable(error));
    const auto waitsOnLockme = [&](const Snapshot &snap) {
        for (const LockWait &l : snap.locks) {
            if (l.pid == waiter->pid() && l.relationName == QLatin1String("public.lockme") && l.mode == QLatin1String("AccessExclusiveLock")
                && l.holders.size() == 1 && l.holders.front().pid == holder->pid())
                return true;
        }
        return false;
    };
    for (int round = 0; round < 2; ++round) {
        QVERIFY2(holder->lockTable(QStringLiteral("lockme")), qPrintable(holder->lastError()));
        QVERIFY(waiter->waitForLock(QStringLiteral("lockme")));
        SnapshotPtr snap;
        for (QDeadlineTimer deadline(10000); !deadline.hasExpired() && !(snap && waitsOnLockme(*snap));)
            snap = snapshotAfter(serverNow().toLongLong(), 2000);
        QVERIFY2(snap && waitsOnLockme(*snap), "the wait was never seen with its lock");
        // The polls after it ask for the locks with the activity: the same lock, its
        // holder, and nothing else amiss.
        for (int poll = 0; poll < 5; ++poll) {
            snap = snapshotAfter(snap->serverTime + 1, 2000);
            QVERIFY(snap);
            QVERIFY(snap->locksWithActivity);
            QVERIFY2(waitsOnLockme(*snap), qPrintable(QStringLiteral("poll %1 after: %2 locks").arg(poll + 1).arg(snap->locks.size())));
            const Session *w = findPid(*snap, waiter->pid());
            QVERIFY(w);
            QCOMPARE(w->blockedBy, QVector<int>{holder->pid()});
            QCOMPARE(m_monitor->status().state, ServerStatus::Connected);
        }
        // The wait ends: the next polls list no lock and carry on.
        QVERIFY(holder->exec(QStringLiteral("ROLLBACK")));
        QCOMPARE(waiter->finish(), QString());
        QVERIFY(waiter->exec(QStringLiteral("ROLLBACK")));
        const qint64 ended = serverNow().toLongLong();
        for (int poll = 0; poll < 3; ++poll) {
            snap = snapshotAfter(poll == 0 ? ended : snap->serverTime + 1, 2000);
            QVERIFY(snap);
            QVERIFY(snap->locks.empty());
            const Session *w = findPid(*snap, waiter->pid());
            QVERIFY(w);
            QVERIFY(w->blockedBy.isEmpty());
            QCOMPARE(m_monitor->status().state, ServerStatus::Connected);
        }
    }
}

void TestServerWorker::clientAndBackgroundProcesses()
{
    const SnapshotPtr snap = snapshotAfter(0);
    QVERIFY(snap);
    bool background = false;
    for (const Session &s : snap->sessions) {
        QVERIFY(!s.backendType.isEmpty());
        background |= !s.isClientBackend();
    }
    QVERIFY(background); // the checkpointer, walwriter, ... are listed too
}

void TestServerWorker::pollsDoNotOverlapAndPauseStopsThem()
{
    QVERIFY(snapshotAfter(0));
    QSignalSpy snaps(m_monitor.get(), &ServerMonitor::snapshotReady);
    QTest::qWait(1000);
    // A 100 ms interval measured from the end of each poll: fewer than 11 a second.
    QVERIFY2(snaps.count() >= 3 && snaps.count() <= 11, qPrintable(QString::number(snaps.count())));
    qint64 previous = 0;
    for (const auto &args : std::as_const(snaps)) {
        const auto snap = args.at(0).value<SnapshotPtr>();
        QVERIFY(snap->serverTime > previous);
        previous = snap->serverTime;
    }

    m_monitor->setPaused(true);
    QTRY_COMPARE(m_monitor->status().state, ServerStatus::Paused);
    QTest::qWait(200); // a poll already queued may still land
    snaps.clear();
    QTest::qWait(600);
    QCOMPARE(snaps.count(), 0);
    m_monitor->setPaused(false);
    QVERIFY(snaps.wait(5000));
    QCOMPARE(m_monitor->status().state, ServerStatus::Connected);
}

void TestServerWorker::aRetiredSnapshotIsDroppedOnTheWorkersThreadAfterAPoll()
{
    // The GUI thread gives the worker back a snapshot it is done with (its thousands of
    // strings are the worker's to free): dropped on the worker's thread, after the next
    // poll that sends one, without a wake-up of the worker for it.
    MonitorOptions options;
    options.intervalMs = 200;
    QThread thread;
    auto *worker = new ServerWorker(7, specOf(m_cluster.conninfo()), options); // deleted on its thread when it finishes
    worker->moveToThread(&thread);
    connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    std::atomic<int> sent{0}; // snapshots the worker has sent (counted on its thread)
    connect(worker, &ServerWorker::snapshotReady, worker, [&sent] { ++sent; }, Qt::DirectConnection);
    std::atomic<bool> pausedNow{false}; // as the worker last said (on its thread)
    connect(worker, &ServerWorker::statusChanged, worker, [&pausedNow](const ServerStatus &status) { pausedNow = status.state == ServerStatus::Paused; },
            Qt::DirectConnection);
    struct Dropped {
        std::atomic<QThread *> on{nullptr};
        std::atomic<int> sentThen{-1}; // snapshots sent by then
    };
    Dropped first, second;
    const auto retire = [&](Dropped &d) {
        worker->retire(SnapshotPtr(new Snapshot, [&d, &sent](const Snapshot *s) {
            d.sentThen = sent.load();
            d.on = QThread::currentThread();
            delete s;
        }));
    };
    bool stopped = false;
    const auto stop = [&] {
        if (std::exchange(stopped, true))
            return;
        worker->requestStop();
        thread.quit();
        thread.wait();
    };
    const auto stopAtTheEnd = qScopeGuard(stop);
    thread.start();
    QMetaObject::invokeMethod(worker, &ServerWorker::start, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(sent.load() >= 1, 15000);
    const auto paused = [&pausedNow] { return pausedNow.load(); };

    // Paused, no poll: it waits.
    QMetaObject::invokeMethod(worker, [worker] { worker->setPaused(true); }, Qt::QueuedConnection);
    QTRY_VERIFY(paused());
    const int sentBefore = sent.load();
    retire(first);
    QTest::qWait(600); // three intervals
    QCOMPARE(first.on.load(), nullptr);
    // Polling again: dropped after the poll that sent a snapshot, on the worker's thread.
    QMetaObject::invokeMethod(worker, [worker] { worker->setPaused(false); }, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(first.on.load() != nullptr, 5000);
    QCOMPARE(first.on.load(), &thread);
    QVERIFY2(first.sentThen.load() > sentBefore, qPrintable(QStringLiteral("%1 %2").arg(first.sentThen.load()).arg(sentBefore)));

    // Retired while paused, then the worker ends: dropped at its end, on its thread.
    QMetaObject::invokeMethod(worker, [worker] { worker->setPaused(true); }, Qt::QueuedConnection);
    QTRY_VERIFY(paused());
    retire(second);
    stop();
    QCOMPARE(second.on.load(), &thread);
}

void TestServerWorker::badCredentialsGiveTheServersMessage()
{
    ServerMonitor monitor(2, specOf(m_cluster.conninfo(QStringLiteral("postgres"), QStringLiteral("nosuchrole"))));
    monitor.start();
    QTRY_COMPARE_WITH_TIMEOUT(monitor.status().state, ServerStatus::Error, 10000);
    QVERIFY2(monitor.status().message.contains(QLatin1String("nosuchrole")), qPrintable(monitor.status().message));
    QVERIFY(monitor.status().retryInSeconds >= 1);
}

void TestServerWorker::connectsThroughUriConninfoAndService_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expectedName");
    // A service file of the test's own: libpq reads PGSERVICEFILE when it connects.
    QVERIFY(m_serviceDir.isValid());
    const QString serviceFile = m_serviceDir.filePath(QStringLiteral("pg_service.conf"));
    QFile file(serviceFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("[pgsessions_test]\nhost=%1\nport=%2\nuser=postgres\ndbname=shop\n")
                   .arg(m_cluster.socketDir())
                   .arg(m_cluster.port())
                   .toUtf8());
    file.close();
    qputenv("PGSERVICEFILE", QFile::encodeName(serviceFile));

    QTest::newRow("URI") << QStringLiteral("postgresql://postgres@127.0.0.1:%1/shop").arg(m_cluster.port())
                         << QStringLiteral("postgres@127.0.0.1:%1").arg(m_cluster.port());
    QTest::newRow("conninfo") << QStringLiteral("host=127.0.0.1 port=%1 user=postgres dbname=shop").arg(m_cluster.port())
                              << QStringLiteral("postgres@127.0.0.1:%1").arg(m_cluster.port());
    QTest::newRow("service") << QStringLiteral("service=pgsessions_test") << QStringLiteral("service=pgsessions_test");
}

void TestServerWorker::connectsThroughUriConninfoAndService()
{
    QFETCH(QString, text);
    QFETCH(QString, expectedName);
    const ConnectionSpec spec = specOf(text);
    QCOMPARE(spec.displayName(), expectedName);
    ServerMonitor monitor(7, spec);
    QSignalSpy snapshots(&monitor, &ServerMonitor::snapshotReady);
    monitor.start();
    QVERIFY2(snapshots.wait(15000) || !snapshots.isEmpty(), qPrintable(monitor.status().message));
    const auto snap = snapshots.first().at(0).value<SnapshotPtr>();
    // The monitor sits in the database the text named (shop), so each way really reached it.
    const Session *own = findPid(*snap, snap->ownPid);
    QVERIFY(own);
    QCOMPARE(own->database, QStringLiteral("shop"));
    QCOMPARE(monitor.status().state, ServerStatus::Connected);
}

void TestServerWorker::asksForAPasswordAndUsesTheOneGiven()
{
    ServerMonitor monitor(8, specOf(m_cluster.tcpConninfo(QStringLiteral("postgres"), QStringLiteral("secretive"))));
    QSignalSpy snapshots(&monitor, &ServerMonitor::snapshotReady);
    monitor.start();
    // No password anywhere (no .pgpass, no PGPASSWORD): the worker waits for one, without retrying.
    QTRY_COMPARE_WITH_TIMEOUT(monitor.status().state, ServerStatus::NeedsPassword, 10000);
    QVERIFY(!monitor.hasPassword());
    QTest::qWait(1500);
    QCOMPARE(monitor.status().state, ServerStatus::NeedsPassword);
    QCOMPARE(snapshots.count(), 0);

    // A wrong one: refused with the server's reason, and still waiting.
    QSignalSpy statuses(&monitor, &ServerMonitor::statusChanged);
    monitor.setPassword(QStringLiteral("guess"));
    QTRY_VERIFY_WITH_TIMEOUT(monitor.status().state == ServerStatus::NeedsPassword && monitor.status().sqlState == QLatin1String("28P01"), 10000);
    QVERIFY2(monitor.status().message.contains(QLatin1String("secretive")), qPrintable(monitor.status().message));
    QVERIFY2(!monitor.status().message.contains(QLatin1String("28P01")), qPrintable(monitor.status().message));

    monitor.setPassword(QStringLiteral("open sesame"));
    QVERIFY(snapshots.wait(10000));
    QCOMPARE(monitor.status().state, ServerStatus::Connected);
    QCOMPARE(monitor.status().privileges.role, QStringLiteral("secretive"));
}

void TestServerWorker::hungPollIsCancelledFromOutside()
{
    MonitorOptions options;
    options.intervalMs = 200;
    options.statementTimeoutMs = 800; // the server's own statement_timeout is 5 s later
    ServerMonitor monitor(9, specOf(m_cluster.conninfo()), options);
    QSignalSpy snapshots(&monitor, &ServerMonitor::snapshotReady);
    monitor.start();
    QVERIFY(snapshots.wait(10000));

    // The poll reads pg_database; a transaction that holds it exclusively makes it hang.
    pg::Conn locker(PQconnectdb(m_cluster.conninfo().toUtf8().constData()));
    pg::Result locked(PQexec(locker.get(), "BEGIN; LOCK TABLE pg_database IN ACCESS EXCLUSIVE MODE"));
    QCOMPARE(PQresultStatus(locked.get()), PGRES_COMMAND_OK);
    QElapsedTimer clock;
    clock.start();
    QTRY_VERIFY_WITH_TIMEOUT(monitor.status().state == ServerStatus::Error, 5000);
    const qint64 cancelledAfter = clock.elapsed();
    QCOMPARE(monitor.status().sqlState, QStringLiteral("57014"));
    QVERIFY2(monitor.status().message.contains(QLatin1String("0.8")), qPrintable(monitor.status().message));
    // Well before the server's statement_timeout (5.8 s) would have ended it.
    QVERIFY2(cancelledAfter < 4000, qPrintable(QString::number(cancelledAfter)));

    // Released: polling resumes by itself.
    snapshots.clear();
    pg::Result released(PQexec(locker.get(), "ROLLBACK"));
    QVERIFY(snapshots.wait(10000));
    QCOMPARE(monitor.status().state, ServerStatus::Connected);
}

namespace {
/// Counts the firings of the GUI thread's timers named @p name (an event filter on the
/// application sees the events of the main thread's objects).
class TimerFirings : public QObject
{
public:
    explicit TimerFirings(const QString &name)
        : m_name(name)
    {
        QCoreApplication::instance()->installEventFilter(this);
    }
    int count = 0;

protected:
    bool eventFilter(QObject *receiver, QEvent *event) override
    {
        if (event->type() == QEvent::Timer && qobject_cast<QTimer *>(receiver) && receiver->objectName() == m_name)
            ++count;
        return false;
    }

private:
    QString m_name;
};
} // namespace

void TestServerWorker::theWatchdogDoesNotWakeWhilePollsComeBack()
{
    // The watchdog that cancels a hung poll looked every statement timeout, on a wake-up
    // of the GUI thread's own, while polls came back in milliseconds. Each poll now sets
    // it again: it fires only when a poll does not come back (the two tests above).
    MonitorOptions options;
    options.intervalMs = 100;
    options.statementTimeoutMs = 1500;
    ServerMonitor monitor(11, specOf(m_cluster.conninfo()), options);
    QSignalSpy snapshots(&monitor, &ServerMonitor::snapshotReady);
    monitor.start();
    QVERIFY(snapshots.wait(10000));
    TimerFirings watchdog(QStringLiteral("pollWatchdog"));
    snapshots.clear();
    QTest::qWait(4500);
    // Polled all along, several times a statement timeout...
    QVERIFY2(snapshots.count() >= 10, qPrintable(QString::number(snapshots.count())));
    QCOMPARE(monitor.status().state, ServerStatus::Connected);
    // ...and the watchdog never fired (it would have, three times).
    QCOMPARE(watchdog.count, 0);
}

void TestServerWorker::aHungPollWithItsLocksIsCancelledToo()
{
    // While a session waits on a lock, the poll and the locks go in one pipeline: one that
    // hangs is cancelled as a lone poll is, and the connection serves the next polls.
    MonitorOptions options;
    options.intervalMs = 200;
    options.statementTimeoutMs = 800;
    ServerMonitor monitor(10, specOf(m_cluster.conninfo()), options);
    QString error;
    auto holder = TestSession::open(m_cluster, &error);
    QVERIFY2(holder, qPrintable(error));
    auto waiter = TestSession::open(m_cluster, &error);
    QVERIFY2(waiter, qPrintable(error));
    QVERIFY2(holder->lockTable(QStringLiteral("lockme")), qPrintable(holder->lastError()));
    QVERIFY(waiter->waitForLock(QStringLiteral("lockme")));
    monitor.start();
    SnapshotPtr snap;
    for (QDeadlineTimer deadline(10000); !deadline.hasExpired() && !(snap && snap->locksWithActivity);)
        snap = snapshotAfter(0, 2000, &monitor);
    QVERIFY2(snap && snap->locksWithActivity, "the locks never went with the activity");

    pg::Conn locker(PQconnectdb(m_cluster.conninfo().toUtf8().constData()));
    pg::Result locked(PQexec(locker.get(), "BEGIN; LOCK TABLE pg_database IN ACCESS EXCLUSIVE MODE"));
    QCOMPARE(PQresultStatus(locked.get()), PGRES_COMMAND_OK);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.status().state == ServerStatus::Error, 5000);
    QCOMPARE(monitor.status().sqlState, QStringLiteral("57014"));

    pg::Result released(PQexec(locker.get(), "ROLLBACK"));
    snap = snapshotAfter(serverNow().toLongLong(), 10000, &monitor);
    QVERIFY(snap);
    QCOMPARE(monitor.status().state, ServerStatus::Connected);
    // The same connection (no reconnect), with the wait and its lock as before.
    QVERIFY(snap->locksWithActivity);
    QVERIFY(std::any_of(snap->locks.begin(), snap->locks.end(), [&](const LockWait &l) { return l.pid == waiter->pid(); }));
    QVERIFY(holder->exec(QStringLiteral("ROLLBACK")));
    QCOMPARE(waiter->finish(), QString());
    QVERIFY(waiter->exec(QStringLiteral("ROLLBACK")));
}

void TestServerWorker::aPipelineAnswersInOrderAndSurvivesAStatementGone()
{
    // What the poll relies on when the locks go first in its pipeline: the results come
    // back in the order sent, and a first statement that is gone (as on a pooler's other
    // backend) fails alone: the next is skipped, the pipeline ends, the connection serves.
    Expected<pg::Connection> conn = pg::Connection::connect(m_cluster.conninfo(), 5);
    QVERIFY2(conn.ok(), qPrintable(conn.error().message()));
    QVERIFY(!conn->prepare("first", QByteArrayLiteral("SELECT 'first'::text")));
    QVERIFY(!conn->prepare("second", QByteArrayLiteral("SELECT $1::text || ' second'"), 1));
    QVERIFY(conn->sendPipeline({{"first", {}}, {"second", {QByteArrayLiteral("then")}}}));
    pg::Result first = conn->collect(), second = conn->collect();
    QVERIFY(first.ok() && second.ok());
    QCOMPARE(first.text(0, 0), QStringLiteral("first"));
    QCOMPARE(second.text(0, 0), QStringLiteral("then second"));
    QVERIFY(conn->endPipeline());

    QVERIFY(!conn->run(QByteArrayLiteral("DEALLOCATE first")));
    QVERIFY(conn->sendPipeline({{"first", {}}, {"second", {QByteArrayLiteral("then")}}}));
    first = conn->collect();
    second = conn->collect();
    QVERIFY(pg::Connection::preparedStatementGone(first));
    QVERIFY(!second.ok());
    QVERIFY(!pg::Connection::preparedStatementGone(second)); // skipped, not gone: the first's error is the one to act on
    QVERIFY(conn->endPipeline());
    const pg::Result after = conn->exec(QByteArrayLiteral("SELECT 'served'"));
    QVERIFY(after.ok());
    QCOMPARE(after.text(0, 0), QStringLiteral("served"));
}

QTEST_MAIN(TestServerWorker)
#include "tst_server_worker.moc"
