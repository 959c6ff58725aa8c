// SPDX-License-Identifier: GPL-3.0-or-later
// Who blocks whom on a real server: chains of one and of three levels, a session waiting
// for two, a cycle that lasts, a parallel group, a root that ends; the locks with their
// relation named in the waiter's own database (or its OID, never a guess).
#include "cluster_fixture.h"
#include "models/blocking_model.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "test_session.h"

#include <QSignalSpy>
#include <QtTest>

namespace {

// "pid(children...)" of the model's tree, with a caret for a cycle and a star for a
// session shown under more than one blocker.
QString shape(const BlockingModel &m, const QModelIndex &parent = {})
{
    QStringList out;
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex i = m.index(r, 0, parent);
        QString node = QString::number(i.data(BlockingModel::PidRole).toInt());
        if (i.data(BlockingModel::CycleRole).toBool() && parent.isValid())
            node += QLatin1Char('^');
        if (i.data(BlockingModel::SharedRole).toBool())
            node += QLatin1Char('*');
        if (m.rowCount(i))
            node += QLatin1Char('(') + shape(m, i) + QLatin1Char(')');
        out << node;
    }
    std::sort(out.begin(), out.end());
    return out.join(parent.isValid() ? QLatin1String(" ") : QLatin1String(" | "));
}

QModelIndex find(const BlockingModel &m, int pid, const QModelIndex &parent = {})
{
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex i = m.index(r, 0, parent);
        if (i.data(BlockingModel::PidRole).toInt() == pid)
            return i;
        if (const QModelIndex below = find(m, pid, i); below.isValid())
            return below;
    }
    return {};
}

} // namespace

class TestBlockingLive : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void aSimpleChainWithItsLock();
    void threeLevelsOnARow();
    void aSessionBlockedByTwo();
    void aCycleThatLasts();
    void aParallelGroupIsOneSession();
    void aRootThatEnds();
    void aRelationInADatabaseThatCannotBeReachedKeepsItsOid();

private:
    std::unique_ptr<TestSession> open(const QString &database = QStringLiteral("games"));
    /// Polls until @p done holds of the model.
    bool until(const std::function<bool()> &done, int timeoutMs = 15000);

    TestCluster m_cluster;
    std::unique_ptr<ServerRegistry> m_registry;
    std::unique_ptr<BlockingModel> m_model;
    std::vector<std::unique_ptr<TestSession>> m_sessions;
};

void TestBlockingLive::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    PGSESSIONS_START_CLUSTER(m_cluster);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE games")));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE closed")));
    for (const QString &db : {QStringLiteral("games"), QStringLiteral("closed")}) {
        QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE TABLE scores (id int PRIMARY KEY, points int);"
                                                 "INSERT INTO scores SELECT g, 0 FROM generate_series(1, 20000) g"),
                                  db));
    }
}

void TestBlockingLive::init()
{
    m_registry = std::make_unique<ServerRegistry>();
    m_model = std::make_unique<BlockingModel>(m_registry.get());
    ServerOptions options;
    options.intervalMs = 200;
    m_registry->addServer(specOf(m_cluster.conninfo()), options);
}

void TestBlockingLive::cleanup()
{
    m_sessions.clear();
    m_model.reset();
    m_registry.reset();
    // A session whose client went away mid-statement runs on: end them all.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'blocking-test'")));
    // What the sessions held is gone with them.
    QTRY_COMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_locks WHERE NOT granted")), QStringLiteral("0"));
}

std::unique_ptr<TestSession> TestBlockingLive::open(const QString &database)
{
    QString error;
    auto s = TestSession::open(m_cluster, {database, QStringLiteral("postgres"), QStringLiteral("blocking-test"), false}, &error);
    if (!s)
        qFatal("cannot open a session: %s", qPrintable(error));
    return s;
}

bool TestBlockingLive::until(const std::function<bool()> &done, int timeoutMs)
{
    QSignalSpy polls(m_registry.get(), &ServerRegistry::snapshotReady);
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        polls.wait(500);
    }
    return true;
}

void TestBlockingLive::aSimpleChainWithItsLock()
{
    auto holder = open(), waiter = open();
    QVERIFY(holder->lockTable(QStringLiteral("scores")));
    QVERIFY(waiter->send(QStringLiteral("SELECT count(*) FROM scores")));
    const QString expected = QStringLiteral("%1(%2)").arg(holder->pid()).arg(waiter->pid());
    QVERIFY2(until([&] { return shape(*m_model) == expected; }), qPrintable(shape(*m_model)));
    const QModelIndex w = find(*m_model, waiter->pid());
    // Named in the waiter's database (the monitor sits in postgres), once it is looked up.
    QVERIFY2(until([&] {
                 return find(*m_model, waiter->pid()).siblingAtColumn(BlockingModel::WaitsFor).data().toString()
                        == QLatin1String("AccessShareLock on public.scores");
             }),
             qPrintable(find(*m_model, waiter->pid()).siblingAtColumn(BlockingModel::WaitsFor).data().toString()));
    QCOMPARE(w.siblingAtColumn(BlockingModel::HolderMode).data().toString(), QStringLiteral("AccessExclusiveLock"));
    const QModelIndex root = find(*m_model, holder->pid());
    QCOMPARE(root.data(BlockingModel::BlockedInAllRole).toInt(), 1);
    QCOMPARE(root.siblingAtColumn(BlockingModel::State).data().toString(), QStringLiteral("idle in transaction"));
    QCOMPARE(m_model->blockedSessions(), 1);
}

void TestBlockingLive::threeLevelsOnARow()
{
    // As the demo's chain: a transaction holds a row; one waits for that transaction, two
    // wait for the first one's tuple lock.
    auto migration = open(), first = open(), second = open(), third = open();
    QVERIFY(migration->exec(QStringLiteral("BEGIN; UPDATE scores SET points = points WHERE id = 1")));
    QVERIFY(first->send(QStringLiteral("UPDATE scores SET points = points + 1 WHERE id = 1")));
    QVERIFY(until([&] { return m_model->blockedSessions() == 1; }));
    QVERIFY(second->send(QStringLiteral("UPDATE scores SET points = points + 1 WHERE id = 1")));
    QVERIFY(third->send(QStringLiteral("UPDATE scores SET points = points + 1 WHERE id = 1")));
    // One root holding up three; the two behind the first may also wait for each other in
    // the lock's queue (pg_blocking_pids says so), which the tree shows as it is.
    QVERIFY2(until([&] { return m_model->rowCount() == 1 && m_model->index(0, 0).data(BlockingModel::BlockedInAllRole).toInt() == 3; }),
             qPrintable(shape(*m_model)));
    const QModelIndex root = find(*m_model, migration->pid());
    QCOMPARE(root.row(), 0);
    QCOMPARE(root.data(BlockingModel::BlockedDirectlyRole).toInt(), 1);
    QCOMPARE(m_model->index(0, 0, root).data(BlockingModel::PidRole).toInt(), first->pid());
    const QModelIndex underFirst = m_model->index(0, 0, root);
    for (int pid : {second->pid(), third->pid()})
        QVERIFY2(find(*m_model, pid, underFirst).isValid(), qPrintable(shape(*m_model)));
    QVERIFY(find(*m_model, first->pid()).siblingAtColumn(BlockingModel::WaitsFor).data().toString().startsWith(QLatin1String("ShareLock on transaction ")));
    QVERIFY2(until([&] {
                 return find(*m_model, second->pid()).siblingAtColumn(BlockingModel::WaitsFor).data().toString().startsWith(
                     QLatin1String("ExclusiveLock on tuple (0,1) of public.scores"));
             }),
             qPrintable(find(*m_model, second->pid()).siblingAtColumn(BlockingModel::WaitsFor).data().toString()));
    QCOMPARE(find(*m_model, first->pid()).siblingAtColumn(BlockingModel::HolderMode).data().toString(), QStringLiteral("ExclusiveLock"));
}

void TestBlockingLive::aSessionBlockedByTwo()
{
    auto a = open(), b = open(), writer = open();
    for (TestSession *reader : {a.get(), b.get()})
        QVERIFY(reader->exec(QStringLiteral("BEGIN; LOCK TABLE scores IN SHARE MODE")));
    QVERIFY(writer->send(QStringLiteral("BEGIN; LOCK TABLE scores IN EXCLUSIVE MODE")));
    QStringList roots{QStringLiteral("%1(%2*)").arg(a->pid()).arg(writer->pid()), QStringLiteral("%1(%2*)").arg(b->pid()).arg(writer->pid())};
    roots.sort();
    QVERIFY2(until([&] { return shape(*m_model) == roots.join(QLatin1String(" | ")); }), qPrintable(shape(*m_model)));
    QCOMPARE(m_model->blockedSessions(), 1); // one session, shown twice
}

void TestBlockingLive::aCycleThatLasts()
{
    auto a = open(), b = open();
    // The deadlock detector waits deadlock_timeout before it looks: long enough to see it.
    for (TestSession *s : {a.get(), b.get()})
        QVERIFY(s->exec(QStringLiteral("SET deadlock_timeout = '1h'")));
    QVERIFY(a->exec(QStringLiteral("SELECT pg_advisory_lock(1)")));
    QVERIFY(b->exec(QStringLiteral("SELECT pg_advisory_lock(2)")));
    QVERIFY(a->send(QStringLiteral("SELECT pg_advisory_lock(2)")));
    QVERIFY(until([&] { return m_model->blockedSessions() == 1; }));
    QVERIFY(b->send(QStringLiteral("SELECT pg_advisory_lock(1)")));
    QVERIFY(until([&] { return m_model->blockedSessions() == 2; }));
    // One entry, shown once: the lower pid, the other under it, and the way back marked.
    const int low = std::min(a->pid(), b->pid()), high = std::max(a->pid(), b->pid());
    QCOMPARE(shape(*m_model), QStringLiteral("%1(%2(%1^))").arg(low).arg(high));
    QVERIFY(m_model->index(0, 0).data(BlockingModel::CycleRole).toBool());
    QVERIFY(find(*m_model, high).siblingAtColumn(BlockingModel::WaitsFor).data().toString().startsWith(QLatin1String("ExclusiveLock on advisory key ")));
    // Let them go: a's wait ends when b is gone.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(b->pid())));
}

void TestBlockingLive::aParallelGroupIsOneSession()
{
    auto blocker = open(), waiter = open();
    QVERIFY(blocker->exec(QStringLiteral("SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
                                         "SET min_parallel_table_scan_size = 0; SET parallel_leader_participation = off")));
    // A parallel scan that lasts: leader and workers all hold AccessShareLock on scores.
    QVERIFY(blocker->send(QStringLiteral("SELECT count(*) FROM scores WHERE pg_sleep(0.0015) IS NOT NULL")));
    QTRY_VERIFY_WITH_TIMEOUT(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'parallel worker'")) != QLatin1String("0"), 10000);
    QVERIFY(waiter->send(QStringLiteral("BEGIN; LOCK TABLE scores IN ACCESS EXCLUSIVE MODE")));
    const QString expected = QStringLiteral("%1(%2)").arg(blocker->pid()).arg(waiter->pid());
    // pg_blocking_pids names the blocker once per process of its group: one node here.
    QVERIFY2(until([&] { return shape(*m_model) == expected; }), qPrintable(shape(*m_model)));
    if (m_cluster.serverVersionNum() >= 130000) {
        // Its workers are folded into it (leader_pid: PostgreSQL 13 and later).
        QVERIFY2(find(*m_model, blocker->pid()).data().toString().contains(QLatin1String("parallel worker")),
                 qPrintable(find(*m_model, blocker->pid()).data().toString()));
    }
    QVERIFY_OK(m_cluster.exec(QStringLiteral("SELECT pg_cancel_backend(%1)").arg(blocker->pid())));
}

void TestBlockingLive::aRootThatEnds()
{
    auto holder = open(), first = open(), second = open();
    QVERIFY(holder->lockTable(QStringLiteral("scores")));
    QVERIFY(first->send(QStringLiteral("BEGIN; LOCK TABLE scores IN ACCESS EXCLUSIVE MODE")));
    QVERIFY(until([&] { return m_model->blockedSessions() == 1; }));
    QVERIFY(second->send(QStringLiteral("SELECT count(*) FROM scores")));
    QVERIFY(until([&] { return m_model->blockedSessions() == 2; }));
    // The root goes between two polls: the first waiter has the lock, the other waits for it.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(holder->pid())));
    const QString expected = QStringLiteral("%1(%2)").arg(first->pid()).arg(second->pid());
    QVERIFY2(until([&] { return shape(*m_model) == expected; }), qPrintable(shape(*m_model)));
    QVERIFY(!find(*m_model, holder->pid()).isValid());
}

void TestBlockingLive::aRelationInADatabaseThatCannotBeReachedKeepsItsOid()
{
    auto holder = open(QStringLiteral("closed")), waiter = open(QStringLiteral("closed"));
    // No new connection gets into "closed": its catalog cannot be read, its names not known.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE closed ALLOW_CONNECTIONS false")));
    QVERIFY(holder->lockTable(QStringLiteral("scores")));
    QVERIFY(waiter->send(QStringLiteral("SELECT count(*) FROM scores")));
    QVERIFY(until([&] { return m_model->blockedSessions() == 1; }));
    // Read once it waits (the statement may not have reached the lock when sent).
    const QString oid = m_cluster.value(QStringLiteral("SELECT relation FROM pg_locks WHERE NOT granted"));
    QTest::qWait(600);
    QCOMPARE(find(*m_model, waiter->pid()).siblingAtColumn(BlockingModel::WaitsFor).data().toString(),
             QStringLiteral("AccessShareLock on relation %1 in database closed").arg(oid));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE closed ALLOW_CONNECTIONS true")));
}

QTEST_GUILESS_MAIN(TestBlockingLive)
#include "tst_blocking_live.moc"
