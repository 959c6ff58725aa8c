// SPDX-License-Identifier: GPL-3.0-or-later
// What the monitor saw, kept and read back: a session that ran and ended is found at its
// moment with its wait event; history outlives the store; an unusable file is moved
// aside; old samples are pruned. Against a real server.
#include "client_session.h"
#include "cluster_fixture.h"
#include "history/history_load.h"
#include "history/history_store.h"
#include "actions/action_journal.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "test_session.h"

#include <QBuffer>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QThread>
#include <QTemporaryDir>
#include <QtTest>

namespace {

// The first value that @p sql, with @p bound for its one parameter, gives in the SQLite
// file at @p path (invalid: none, or the file unreadable).
QVariant valueIn(const QString &path, const QString &sql, const QVariant &bound)
{
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("valueIn"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            q.prepare(sql);
            q.addBindValue(bound);
            if (q.exec() && q.next())
                value = q.value(0);
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("valueIn"));
    return value;
}

} // namespace

class TestHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aSessionThatRanAndEndedIsFoundAtItsMoment();
    void aVersionOneFileKeepsItsSamples();
    void twoInstancesShareOneFile();
    void historyOutlivesTheStore();
    void aReadAfterWhenWrittenSeesThePollsRecordedBefore();
    void readsDoNotQueueUpBehindAFileHeldByAnother();
    void sessionsEndWhileTheOthersStayInOrder();
    void idleSessionsAreCountedPerDatabase();
    void sessionsEndAfterABatchFailed();
    void rowsKeepTheirSessionsTextsAsTheyChange();
    void aTextPrunedWhileKnownIsWrittenAgain();
    void aQuietServersSamplesReadAsWritten();
    void anUnusableFileIsMovedAside_data();
    void anUnusableFileIsMovedAside();
    void oldSamplesArePruned();
    void openSessionsOfAServerNoLongerWatchedArePruned();
    void theRegistryKeepsEveryPollUnlessTurnedOff();
    void cleanupTestCase();

private:
    QString file(const QString &name) const { return m_dir.filePath(name); }

    TestCluster m_cluster;
    QTemporaryDir m_dir;
    QString m_key = QStringLiteral("conninfo:test");
};

void TestHistory::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("pgsessions-tests"));
    // A settings file of this process's own: ctest runs this test for several server
    // versions at once, and one turns history off for a moment.
    QCoreApplication::setApplicationName(QStringLiteral("tst_history-%1").arg(QCoreApplication::applicationPid()));
    QStandardPaths::setTestModeEnabled(true);
    QSettings().remove(QStringLiteral("history"));
    PGSESSIONS_START_CLUSTER(m_cluster);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE shop")));
}

void TestHistory::aSessionThatRanAndEndedIsFoundAtItsMoment()
{
    const QString path = file(QStringLiteral("ran.sqlite"));
    HistoryStore store(path);
    MonitorOptions options;
    options.intervalMs = 100;
    ServerMonitor monitor(1, specOf(m_cluster.conninfo()), options);
    connect(&monitor, &ServerMonitor::snapshotReady, &store, [&](const SnapshotPtr &s) { store.record(m_key, s); });
    TestSession::Options o;
    o.database = QStringLiteral("shop");
    o.application = QStringLiteral("nightly-report");
    auto report = TestSession::open(m_cluster, o);
    auto idle = TestSession::open(m_cluster, o);
    QVERIFY(report && idle);
    const int pid = report->pid();
    monitor.start();
    QVERIFY(report->makeActive(1.0));
    QTest::qWait(400);
    const qint64 during = QDateTime::currentMSecsSinceEpoch();
    QTest::qWait(300);
    QCOMPARE(report->finish(), QString());
    report.reset(); // the session ends
    QTest::qWait(500);
    store.flush();

    const Expected<std::optional<HistorySample>> at = history::sampleAt(path, m_key, during);
    QVERIFY2(at.ok(), qPrintable(at.ok() ? QString() : at.error().message()));
    QVERIFY(at->has_value());
    const HistorySample &sample = **at;
    QVERIFY(sample.atMs <= during && sample.atMs > during - 500);
    const auto found = std::find_if(sample.sessions.begin(), sample.sessions.end(), [&](const Session &s) { return s.key.pid == pid; });
    QVERIFY(found != sample.sessions.end());
    QCOMPARE(found->state, QStringLiteral("active"));
    QCOMPARE(found->waitEventType, QStringLiteral("Timeout"));
    QCOMPARE(found->waitEvent, QStringLiteral("PgSleep"));
    QCOMPARE(found->application, QStringLiteral("nightly-report"));
    QCOMPARE(found->database, QStringLiteral("shop"));
    QVERIFY(found->query.contains(QLatin1String("pg_sleep")));
    // It has ended since; the idle session is counted, not stored row by row.
    QVERIFY(std::any_of(sample.endedSince.begin(), sample.endedSince.end(), [&](const SessionKey &k) { return k.pid == pid; }));
    QVERIFY(std::none_of(sample.sessions.begin(), sample.sessions.end(), [&](const Session &s) { return s.key.pid == idle->pid(); }));
    const auto shopIdle = std::find_if(sample.idlePerDatabase.begin(), sample.idlePerDatabase.end(), [](const auto &p) { return p.first == QLatin1String("shop"); });
    QVERIFY(shopIdle != sample.idlePerDatabase.end());
    QCOMPARE(shopIdle->second, 1);
    // A moment with no poll near it is a gap, not the last sample again.
    const Expected<std::optional<HistorySample>> later = history::sampleAt(path, m_key, QDateTime::currentMSecsSinceEpoch() + 60000);
    QVERIFY(later.ok() && !later->has_value());

    // The timeline's load at that moment: the report waits on its sleep, in shop only.
    const Expected<std::vector<history::LoadPoint>> load = history::loadSeries(path, m_key, QStringLiteral("shop"), during - 150, during);
    QVERIFY(load.ok());
    QVERIFY(!load->empty());
    for (const history::LoadPoint &p : *load)
        QCOMPARE(p.bands.value(QStringLiteral("Timeout:PgSleep")), 1.0);
    const Expected<std::vector<history::LoadPoint>> postgres = history::loadSeries(path, m_key, QStringLiteral("postgres"), during - 150, during);
    QVERIFY(postgres.ok() && !postgres->empty());
    QVERIFY(!postgres->front().bands.contains(QStringLiteral("Timeout:PgSleep")));

    // Exported: the report's row at each sample it ran in, as CSV and as JSON Lines.
    for (const bool jsonLines : {false, true}) {
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        int calls = 0;
        const Expected<int> rows = history::exportRange(path, m_key, QStringLiteral("shop"), during - 300, during, jsonLines, out,
                                                        [&](int done, int total) { return ++calls, done <= total; });
        QVERIFY(rows.ok());
        QVERIFY(*rows >= 1);
        QVERIFY(calls >= 1);
        const QList<QByteArray> lines = out.data().split('\n');
        bool seen = false;
        for (const QByteArray &line : lines) {
            if (jsonLines && !line.isEmpty()) {
                const QJsonObject row = QJsonDocument::fromJson(line).object();
                QCOMPARE(row.value(QStringLiteral("database")).toString(), QStringLiteral("shop"));
                if (row.value(QStringLiteral("pid")).toInt() == pid) {
                    seen = true;
                    QCOMPARE(row.value(QStringLiteral("wait_event")).toString(), QStringLiteral("PgSleep"));
                    QCOMPARE(row.value(QStringLiteral("application")).toString(), QStringLiteral("nightly-report"));
                    QCOMPARE(row.value(QStringLiteral("ended_since")).toBool(), true);
                }
            } else if (!jsonLines && line.contains(',' + QByteArray::number(pid) + ',')) {
                seen = true;
                QVERIFY(line.contains(",shop,"));
                QVERIFY(line.contains(",Timeout,PgSleep,"));
                QVERIFY(line.contains(",true,"));
            }
        }
        QVERIFY2(seen, out.data().constData());
        if (!jsonLines)
            QVERIFY(lines.first().startsWith("time,pid,backend_start,database,user,application,client"));
    }
}

void TestHistory::twoInstancesShareOneFile()
{
    // Two pgsessions on the same history file: each waits its turn, neither loses a poll.
    const QString path = file(QStringLiteral("shared.sqlite"));
    HistoryStore one(path), two(path);
    QSignalSpy oneSays(&one, &HistoryStore::notice), twoSays(&two, &HistoryStore::notice);
    auto snapshot = std::make_shared<Snapshot>();
    Session s;
    s.key = {0, 4242, 1};
    s.database = QStringLiteral("shop");
    s.state = QStringLiteral("active");
    s.backendType = QStringLiteral("client backend");
    s.query = QStringLiteral("SELECT 1");
    snapshot->sessions = {s};
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 60000;
    for (int i = 0; i < 30; ++i) {
        one.record(QStringLiteral("conninfo:one"), snapshot, t0 + i * 1000);
        two.record(QStringLiteral("conninfo:two"), snapshot, t0 + i * 1000);
        if (i % 3 == 0)
            one.flush();
        if (i % 2 == 0)
            two.flush();
    }
    one.flush();
    two.flush();
    QCOMPARE(oneSays.count(), 0);
    QCOMPARE(twoSays.count(), 0);
    for (const char *key : {"conninfo:one", "conninfo:two"}) {
        const Expected<std::vector<qint64>> times = history::sampleTimes(path, QLatin1String(key), t0, t0 + 60000);
        QVERIFY(times.ok());
        QCOMPARE(int(times->size()), 30);
        const Expected<std::vector<history::LoadPoint>> load = history::loadSeries(path, QLatin1String(key), {}, t0, t0 + 60000);
        QVERIFY(load.ok());
        QCOMPARE(int(load->size()), 30);
        QCOMPARE(load->front().bands.value(history::kCpuBand), 1.0);
    }
}

void TestHistory::aVersionOneFileKeepsItsSamples()
{
    // A file of the first version (no load per sample): opened, given the column, kept.
    const QString path = file(QStringLiteral("v1.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE servers (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)")));
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE samples (id INTEGER PRIMARY KEY, server INTEGER NOT NULL, t INTEGER NOT NULL, "
                                      "server_time INTEGER, data BLOB NOT NULL)")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO servers (key) VALUES ('conninfo:old')")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO samples (server, t, data) VALUES (1, 1000, x'00')")));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));
    {
        HistoryStore store(path);
        QSignalSpy notices(&store, &HistoryStore::notice);
        store.flush();
        QCOMPARE(notices.count(), 0);
    }
    QVERIFY(!QFileInfo::exists(path + QStringLiteral(".unusable")));
    QVERIFY(QDir(m_dir.path()).entryList({QStringLiteral("v1.sqlite.unusable*")}).isEmpty());
    const Expected<std::vector<qint64>> times = history::sampleTimes(path, QStringLiteral("conninfo:old"), 0, 2000);
    QVERIFY(times.ok());
    QCOMPARE(*times, std::vector<qint64>{1000}); // kept
    const Expected<std::vector<history::LoadPoint>> load = history::loadSeries(path, QStringLiteral("conninfo:old"), {}, 0, 2000);
    QVERIFY(load.ok());
    QVERIFY(load->empty()); // no load: a gap in the chart
}

void TestHistory::aReadAfterWhenWrittenSeesThePollsRecordedBefore()
{
    // A poll recorded a moment ago waits for its batch (every 5 s); a read started from
    // whenWritten()'s callback finds it, and the callback runs on the GUI thread.
    const QString path = file(QStringLiteral("when-written.sqlite"));
    HistoryStore store(path);
    const qint64 at = QDateTime::currentMSecsSinceEpoch();
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->sessions.push_back(clientSession(4343, 1, QStringLiteral("active"), QStringLiteral("SELECT pg_sleep(60)")));
    store.record(m_key, snapshot, at);
    QObject context;
    bool called = false;
    QThread *calledOn = nullptr;
    Expected<std::optional<HistorySample>> read = std::optional<HistorySample>{};
    store.whenWritten(&context, [&] {
        called = true;
        calledOn = QThread::currentThread();
        read = history::sampleAt(path, m_key, at, 0);
    });
    QTRY_VERIFY_WITH_TIMEOUT(called, 10000); // (its write comes first, long before the batch's timer)
    QCOMPARE(calledOn, QCoreApplication::instance()->thread());
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message()));
    QVERIFY(read->has_value());
    QCOMPARE((*read)->sessions.size(), size_t(1));
    QCOMPARE((*read)->sessions.front().key.pid, 4343);

    // A context gone before the write is done: nothing is called.
    bool calledAfterGone = false;
    {
        QObject gone;
        store.whenWritten(&gone, [&] { calledAfterGone = true; });
    }
    bool later = false;
    store.whenWritten(&context, [&] { later = true; }); // queued after the one above
    QTRY_VERIFY_WITH_TIMEOUT(later, 10000);
    QVERIFY(!calledAfterGone);
}

void TestHistory::readsDoNotQueueUpBehindAFileHeldByAnother()
{
    // Another program holds the file's write lock. Reads asked for meanwhile (a slider
    // dragged: one per second it passes) share one try, which waits out the busy timeout
    // (5 s); once a write has failed, the file is tried briefly, and the next read does not
    // wait the whole timeout again. Nothing recorded is lost: it is written once the file
    // is free.
    const QString path = file(QStringLiteral("held.sqlite"));
    HistoryStore store(path);
    QSignalSpy says(&store, &HistoryStore::notice);
    store.flush(); // the file made
    const QString connection = QStringLiteral("holder");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery hold(db);
        QVERIFY2(hold.exec(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(hold.lastError().text()));

        const qint64 at = QDateTime::currentMSecsSinceEpoch();
        auto snapshot = std::make_shared<Snapshot>();
        snapshot->sessions.push_back(clientSession(4444, 1, QStringLiteral("active"), QStringLiteral("SELECT pg_sleep(60)")));
        store.record(m_key, snapshot, at);
        QObject context;
        int answered = 0;
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 4; ++i)
            store.whenWritten(&context, [&answered] { ++answered; });
        QTRY_VERIFY_WITH_TIMEOUT(answered == 4, 15000);
        const qint64 together = clock.elapsed();
        QVERIFY2(together < 9000, qPrintable(QStringLiteral("%1 ms for four reads").arg(together))); // one busy timeout, not four
        QVERIFY(says.count() >= 1); // "could not be written", said
        clock.start();
        bool next = false;
        store.whenWritten(&context, [&next] { next = true; });
        QTRY_VERIFY_WITH_TIMEOUT(next, 15000);
        QVERIFY2(clock.elapsed() < 2500, qPrintable(QStringLiteral("%1 ms for the read after a failed write").arg(clock.elapsed())));

        QVERIFY(hold.exec(QStringLiteral("ROLLBACK")));
        store.flush();
        const Expected<std::optional<HistorySample>> read = history::sampleAt(path, m_key, at, 0);
        QVERIFY(read.ok() && read->has_value());
        QCOMPARE((*read)->sessions.front().key.pid, 4444);
    }
    QSqlDatabase::removeDatabase(connection);
}

void TestHistory::historyOutlivesTheStore()
{
    const QString path = file(QStringLiteral("restart.sqlite"));
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->sessions.push_back(clientSession(4242, 1, QStringLiteral("idle in transaction"), QStringLiteral("UPDATE orders SET paid = true")));
    const qint64 then = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000;
    {
        HistoryStore store(path);
        store.record(m_key, snapshot, then);
    } // closed, as when the app exits (or its process ends after a write)
    HistoryStore again(path);
    QSignalSpy notices(&again, &HistoryStore::notice);
    const auto at = history::sampleAt(path, m_key, then + 100);
    QVERIFY(at.ok() && at->has_value());
    QCOMPARE((*at)->sessions.size(), size_t(1));
    QCOMPARE((*at)->sessions.front().query, QStringLiteral("UPDATE orders SET paid = true"));
    again.flush();
    QVERIFY(!notices.wait(300)); // nothing to say: the file was its own
    // The session ended while no pgsessions ran: the next run's first sample without it
    // ends it, and the old moment says so. Another role's hidden session is counted.
    auto next = std::make_shared<Snapshot>();
    Session hidden;
    hidden.key.pid = 5151;
    hidden.database = QStringLiteral("shop");
    hidden.query = QStringLiteral("<insufficient privilege>");
    next->sessions.push_back(hidden);
    again.record(m_key, next, then + 7200 * 1000);
    again.flush();
    const auto before = history::sampleAt(path, m_key, then + 100);
    QVERIFY(before.ok() && before->has_value());
    QCOMPARE((*before)->endedSince.size(), size_t(1));
    QCOMPARE((*before)->endedSince.front().pid, 4242);
    const auto after = history::sampleAt(path, m_key, then + 7200 * 1000);
    QVERIFY(after.ok() && after->has_value());
    QVERIFY((*after)->sessions.empty()); // not a row of its own
    QCOMPARE((*after)->hiddenPerDatabase, (std::vector<std::pair<QString, int>>{{QStringLiteral("shop"), 1}}));
}

void TestHistory::idleSessionsAreCountedPerDatabase()
{
    // Idle sessions in runs of one database and interleaved, with and without the
    // database's oid (a database named only): each database counted once, in full.
    const QString path = file(QStringLiteral("idle-counts.sqlite"));
    HistoryStore store(path);
    const auto idle = [](int pid, quint32 oid, const QString &database) {
        Session s;
        s.key.pid = pid;
        s.key.backendStart = 1000 + pid;
        s.backendType = QStringLiteral("client backend");
        s.state = QStringLiteral("idle");
        s.databaseOid = oid;
        s.database = database;
        return s;
    };
    const QString shop = QStringLiteral("shop"), crm = QStringLiteral("crm"), legacy = QStringLiteral("legacy");
    auto snap = std::make_shared<Snapshot>();
    snap->serverTime = qint64(1764000000) * 1000000;
    snap->sessions = {idle(1, 5, shop), idle(2, 5, shop), idle(3, 6, crm), idle(4, 5, shop), idle(5, 0, legacy), idle(6, 0, legacy),
                      idle(7, 6, crm), idle(8, 5, shop), idle(9, 0, shop)};
    const qint64 at = QDateTime::currentMSecsSinceEpoch();
    store.record(m_key, snap, at);
    store.flush();
    const auto sample = history::sampleAt(path, m_key, at);
    QVERIFY(sample.ok() && sample->has_value());
    QVERIFY((*sample)->sessions.empty()); // counted, not rows of their own
    // In the order first seen; "shop" without an oid is counted by its name, apart from
    // the database of oid 5.
    QCOMPARE((*sample)->idlePerDatabase, (std::vector<std::pair<QString, int>>{{shop, 4}, {crm, 2}, {legacy, 2}, {shop, 1}}));
}

void TestHistory::sessionsEndWhileTheOthersStayInOrder()
{
    // Samples that list the same sessions in the same order, then one replaced by a new
    // one at its place (as many sessions as before), then the last one gone.
    const QString path = file(QStringLiteral("order.sqlite"));
    const auto session = [](int pid) {
        Session s;
        s.key.pid = pid;
        s.key.backendStart = 1000 + pid;
        s.backendType = QStringLiteral("client backend");
        s.state = QStringLiteral("active"); // (idle ones are counted, without rows of their own)
        s.database = QStringLiteral("shop");
        s.query = QStringLiteral("SELECT %1").arg(pid);
        return s;
    };
    const auto sample = [&](std::initializer_list<int> pids) {
        auto snapshot = std::make_shared<Snapshot>();
        for (int pid : pids)
            snapshot->sessions.push_back(session(pid));
        return snapshot;
    };
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000;
    {
        HistoryStore store(path);
        store.record(m_key, sample({1, 2, 3}), t0);
        store.record(m_key, sample({1, 2, 3}), t0 + 1000);
        store.record(m_key, sample({1, 4, 3}), t0 + 2000);
        store.record(m_key, sample({1, 4}), t0 + 3000);
        store.flush();
    }
    const auto endedAt = [&](qint64 at) {
        const auto moment = history::sampleAt(path, m_key, at);
        std::vector<int> pids;
        if (moment.ok() && moment->has_value()) {
            for (const SessionKey &key : (*moment)->endedSince)
                pids.push_back(key.pid);
        }
        std::sort(pids.begin(), pids.end());
        return pids;
    };
    QCOMPARE(endedAt(t0 + 1000), (std::vector<int>{2, 3}));
    QCOMPARE(endedAt(t0 + 2000), (std::vector<int>{3}));
    QCOMPARE(endedAt(t0 + 3000), std::vector<int>{});
}

void TestHistory::sessionsEndAfterABatchFailed()
{
    // A batch that fails (here: the file refuses the sample, as a full disk would) is rolled
    // back. The sessions it ended are open in the file again, and the writer no longer
    // knows the others' ids: each still ends at the first sample without it.
    const QString path = file(QStringLiteral("failed.sqlite"));
    const auto sample = [](std::initializer_list<int> pids) {
        auto snapshot = std::make_shared<Snapshot>();
        for (int pid : pids) {
            Session s;
            s.key.pid = pid;
            s.key.backendStart = 1000 + pid;
            s.backendType = QStringLiteral("client backend");
            s.state = QStringLiteral("active");
            s.database = QStringLiteral("shop");
            s.query = QStringLiteral("SELECT %1").arg(pid);
            snapshot->sessions.push_back(s);
        }
        return snapshot;
    };
    const auto refuse = [&](bool on) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("refuse"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA busy_timeout = 5000")));
        QVERIFY(q.exec(on ? QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON samples BEGIN SELECT RAISE(ABORT, 'the disk is full'); END")
                          : QStringLiteral("DROP TRIGGER refuse")));
        q = QSqlQuery();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("refuse"));
    };
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000;
    {
        HistoryStore store(path);
        QSignalSpy notices(&store, &HistoryStore::notice);
        store.record(m_key, sample({1, 2}), t0);
        store.flush();
        refuse(true);
        if (QTest::currentTestFailed())
            return;
        store.record(m_key, sample({1}), t0 + 1000); // 2 ends in the batch that fails
        store.flush();
        QTRY_COMPARE(notices.count(), 1); // (said from the writer's thread)
        QVERIFY2(notices.at(0).at(0).toString().contains(QLatin1String("the disk is full")), qPrintable(notices.at(0).at(0).toString()));
        refuse(false);
        if (QTest::currentTestFailed())
            return;
        store.record(m_key, sample({}), t0 + 2000); // both gone
        store.flush();
    }
    const auto moment = history::sampleAt(path, m_key, t0);
    QVERIFY(moment.ok() && moment->has_value());
    std::vector<int> ended;
    for (const SessionKey &key : (*moment)->endedSince)
        ended.push_back(key.pid);
    std::sort(ended.begin(), ended.end());
    QCOMPARE(ended, (std::vector<int>{1, 2}));
}

void TestHistory::rowsKeepTheirSessionsTextsAsTheyChange()
{
    // A session's texts from sample to sample: kept as the same string, an equal one,
    // another of the same length, emptied, given again. Then minutes of samples every 10 s
    // over the prunes of a one-minute retention: one session's state changes at each while
    // its query stays, another keeps one query string all along. Each text in use must be
    // read back, and be stamped as used within two minutes (what pruning goes by).
    const QString path = file(QStringLiteral("row-texts.sqlite"));
    const QString kept = QStringLiteral("SELECT * FROM orders /* the same string all along */");
    const auto sample = [&](const QString &state, const QString &waitEvent, const QString &query) {
        auto snapshot = std::make_shared<Snapshot>();
        Session s = clientSession(7, 1007, state, query);
        s.waitEventType = waitEvent.isEmpty() ? QString() : QStringLiteral("Lock");
        s.waitEvent = waitEvent;
        snapshot->sessions.push_back(s);
        // Another session, always with the kept query.
        snapshot->sessions.push_back(clientSession(8, 1008, QStringLiteral("active"), kept));
        return snapshot;
    };
    struct Step {
        qint64 atS;
        QString state, waitEvent, query;
    };
    const QString active = QStringLiteral("active"), inTransaction = QStringLiteral("idle in transaction");
    const QString one = QStringLiteral("SELECT 1");
    std::vector<Step> steps{
        {0, active, QString(), one},
        {1, active, QString(), QStringLiteral("SELECT ") + QString::number(1)}, // equal, another string
        {2, active, QString(), QStringLiteral("SELECT 2")},                      // as long, other text
        {3, active, QStringLiteral("relation"), QStringLiteral("SELECT 2")},     // waits now
        {4, inTransaction, QString(), QString()},                                // emptied
        {5, active, QStringLiteral("tuple"), one},                               // an earlier text again
    };
    for (qint64 at = 10; at <= 300; at += 10)
        steps.push_back({at, at % 20 ? active : inTransaction, QString(), one});
    const auto usedMs = [&](const QString &text) {
        const QVariant used = valueIn(path, QStringLiteral("SELECT used_ms FROM texts WHERE text = ?"), text);
        return used.isValid() ? used.toLongLong() : -1;
    };
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000;
    HistoryStore store(path, 60); // a minute kept
    for (const Step &step : steps) {
        const qint64 at = t0 + step.atS * 1000;
        const QString where = QStringLiteral("at %1 s").arg(step.atS);
        store.record(m_key, sample(step.state, step.waitEvent, step.query), at);
        store.flush(); // a batch each: the short retention prunes between them
        const auto moment = history::sampleAt(path, m_key, at, 0);
        QVERIFY2(moment.ok() && moment->has_value(), qPrintable(where));
        const std::vector<Session> &sessions = (*moment)->sessions;
        QCOMPARE(sessions.size(), size_t(2));
        const bool first = sessions[0].key.pid == 7;
        const Session &s = sessions[first ? 0 : 1];
        QCOMPARE(s.state, step.state);
        QCOMPARE(s.waitEvent, step.waitEvent);
        QCOMPARE(s.query, step.query);
        QCOMPARE(sessions[first ? 1 : 0].query, kept);
        for (const QString &text : {step.state, step.waitEvent, step.query, kept}) {
            if (text.isEmpty())
                continue;
            const qint64 used = usedMs(text);
            QVERIFY2(used > at - 120 * 1000, qPrintable(QStringLiteral("%1: \"%2\" last stamped %3 s before").arg(where, text).arg((at - used) / 1000)));
        }
    }
}

void TestHistory::aTextPrunedWhileKnownIsWrittenAgain()
{
    // A query seen once, then not for minutes, while samples of another query go on: the
    // prunes of a one-minute retention delete its text, this writer's own prunes or those
    // of another pgsessions writing the same file. Seen again, right after, it reads back
    // as itself (written again, not referred to by the id it had).
    const QString once = QStringLiteral("SELECT 'seen once, then again'");
    const auto sample = [&](const QString &query) {
        auto snapshot = std::make_shared<Snapshot>();
        snapshot->sessions.push_back(clientSession(7, 1007, QStringLiteral("active"), query));
        return snapshot;
    };
    for (const bool another : {false, true}) {
        const QString path = file(another ? QStringLiteral("pruned-by-another.sqlite") : QStringLiteral("pruned-known.sqlite"));
        const QString where = another ? QStringLiteral("pruned by another writer") : QStringLiteral("pruned by its own");
        const auto stored = [&](const QString &text) {
            const QVariant count = valueIn(path, QStringLiteral("SELECT count(*) FROM texts WHERE text = ?"), text);
            return count.isValid() ? count.toInt() : -1;
        };
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000;
        HistoryStore store(path, 60); // a minute kept
        store.record(m_key, sample(once), t0);
        store.flush();
        QCOMPARE(stored(once), 1);
        // Samples of another query every 10 s, a batch each: a prune a minute deletes the
        // texts unused for three minutes past the retention, 'once' at the first prune
        // after t0 + 240 s.
        std::unique_ptr<HistoryStore> other = another ? std::make_unique<HistoryStore>(path, 60) : nullptr;
        HistoryStore &writer = another ? *other : store;
        qint64 at = 10;
        for (; stored(once) > 0 && at <= 600; at += 10) {
            writer.record(m_key, sample(QStringLiteral("SELECT 'meanwhile'")), t0 + at * 1000);
            writer.flush();
        }
        QVERIFY2(stored(once) == 0 && at > 240, qPrintable(QStringLiteral("%1: still there at %2 s").arg(where).arg(at)));
        const qint64 again = t0 + at * 1000;
        store.record(m_key, sample(once), again);
        store.flush();
        const auto moment = history::sampleAt(path, m_key, again, 0);
        QVERIFY2(moment.ok() && moment->has_value(), qPrintable(where));
        QVERIFY2((*moment)->sessions.size() == 1, qPrintable(where));
        QVERIFY2((*moment)->sessions[0].query == once, qPrintable(where + QStringLiteral(": ") + (*moment)->sessions[0].query));
        QCOMPARE(stored(once), 1);
    }
}

void TestHistory::aQuietServersSamplesReadAsWritten()
{
    // A quiet server's samples: the same as the last one (written as it was compressed
    // before), then one of the same size that differs in one time, then the first again.
    // Each reads back as it was: its rows' times and blockers, its idle and hidden counts.
    const QString path = file(QStringLiteral("quiet.sqlite"));
    const auto sample = [](qint64 queryStart) {
        auto snapshot = std::make_shared<Snapshot>();
        Session busy = clientSession(7, 1007, QStringLiteral("active"), QStringLiteral("SELECT pg_sleep(60)"));
        busy.queryStart = queryStart;
        busy.xactStart = queryStart - 5;
        busy.stateChange = queryStart + 5;
        snapshot->sessions.push_back(busy);
        Session waiting = clientSession(8, 1008, QStringLiteral("active"), QStringLiteral("LOCK orders"));
        waiting.waitEventType = QStringLiteral("Lock");
        waiting.waitEvent = QStringLiteral("relation");
        waiting.blockedBy = {7, 70000};
        snapshot->sessions.push_back(waiting);
        for (int pid = 10; pid < 13; ++pid)
            snapshot->sessions.push_back(clientSession(pid, 1000 + pid, QStringLiteral("idle"), QStringLiteral("COMMIT")));
        Session games = clientSession(13, 1013, QStringLiteral("idle"), QStringLiteral("COMMIT"));
        games.database = QStringLiteral("games");
        snapshot->sessions.push_back(games);
        Session hidden = clientSession(14, 1014, QString(), QStringLiteral("<insufficient privilege>"));
        hidden.backendType.clear();
        snapshot->sessions.push_back(hidden);
        return snapshot;
    };
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000;
    const std::vector<qint64> starts{1000000, 1000000, 1000000, 2000000, 1000000}; // 2000000: as many bytes as 1000000
    {
        HistoryStore store(path);
        for (size_t i = 0; i < starts.size(); ++i)
            store.record(m_key, sample(starts[i]), t0 + qint64(i) * 1000);
        store.flush();
    }
    using Counts = std::vector<std::pair<QString, int>>;
    for (size_t i = 0; i < starts.size(); ++i) {
        const QString where = QStringLiteral("sample %1").arg(i);
        const auto moment = history::sampleAt(path, m_key, t0 + qint64(i) * 1000, 0);
        QVERIFY2(moment.ok() && moment->has_value(), qPrintable(where));
        const HistorySample &read = **moment;
        QCOMPARE(read.atMs, t0 + qint64(i) * 1000);
        QCOMPARE(read.sessions.size(), size_t(2));
        const bool first = read.sessions[0].key.pid == 7;
        const Session &busy = read.sessions[first ? 0 : 1], &waiting = read.sessions[first ? 1 : 0];
        QCOMPARE(busy.key.pid, 7);
        QCOMPARE(busy.queryStart, starts[i]);
        QCOMPARE(busy.xactStart, starts[i] - 5);
        QCOMPARE(busy.stateChange, starts[i] + 5);
        QCOMPARE(busy.query, QStringLiteral("SELECT pg_sleep(60)"));
        QCOMPARE(waiting.key.pid, 8);
        QCOMPARE(waiting.blockedBy, (QVector<int>{7, 70000}));
        QCOMPARE(waiting.waitEvent, QStringLiteral("relation"));
        QCOMPARE(waiting.queryStart, kNoTime);
        Counts idle = read.idlePerDatabase;
        std::sort(idle.begin(), idle.end());
        QCOMPARE(idle, (Counts{{QStringLiteral("games"), 1}, {QStringLiteral("shop"), 3}}));
        QCOMPARE(read.hiddenPerDatabase, (Counts{{QStringLiteral("shop"), 1}}));
    }
}

void TestHistory::anUnusableFileIsMovedAside_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("why");
    QTest::newRow("not a database") << QByteArray(8192, 'x') << QStringLiteral("not a history file");
    QTest::newRow("from a newer version") << QByteArray() << QStringLiteral("newer pgsessions");
    // Version 1 in name, but its texts lack a column this version's have.
    QTest::newRow("tables of another layout") << QByteArray("layout") << QStringLiteral("not those of this version");
}

void TestHistory::anUnusableFileIsMovedAside()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, why);
    const QString path = file(QStringLiteral("unusable-%1.sqlite").arg(QString::fromLatin1(QTest::currentDataTag())).replace(QLatin1Char(' '), QLatin1Char('-')));
    if (content == "layout") {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("CREATE TABLE texts (id INTEGER PRIMARY KEY, hash INTEGER NOT NULL, text TEXT NOT NULL)")));
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("CREATE TABLE samples (id INTEGER PRIMARY KEY, server INTEGER NOT NULL, t INTEGER NOT NULL, "
                                                  "server_time INTEGER, data BLOB NOT NULL)")));
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 1")));
        db.close();
    } else if (content.isEmpty()) {
        HistoryStore newer(path);
        newer.flush();
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 99"));
        db.close();
    } else {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("newer"));
    HistoryStore store(path);
    QSignalSpy notices(&store, &HistoryStore::notice);
    QVERIFY(notices.wait(5000));
    const QString text = notices.first().at(0).toString();
    QVERIFY2(text.contains(why) && text.contains(QLatin1String("moved to")), qPrintable(text));
    const QStringList aside = QDir(m_dir.path()).entryList({QFileInfo(path).fileName() + QStringLiteral(".unusable-*")});
    QCOMPARE(aside.size(), 1);
    // The new file works.
    auto snapshot = std::make_shared<Snapshot>();
    store.record(m_key, snapshot);
    store.flush();
    QVERIFY(history::sampleTimes(path, m_key, 0, QDateTime::currentMSecsSinceEpoch() + 1000)->size() == 1);
}

void TestHistory::oldSamplesArePruned()
{
    const QString path = file(QStringLiteral("pruned.sqlite"));
    HistoryStore store(path, 3600); // an hour kept
    auto snapshot = std::make_shared<Snapshot>();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (qint64 t : {now - 3 * 3600 * 1000, now - 2 * 3600 * 1000, now - 60 * 1000, now})
        store.record(m_key, snapshot, t);
    store.flush();
    const auto times = history::sampleTimes(path, m_key, 0, now + 1000);
    QVERIFY(times.ok());
    QCOMPARE(*times, (std::vector<qint64>{now - 60 * 1000, now}));
    // Texts only old samples used go too; those of the kept range stay.
    auto old = std::make_shared<Snapshot>(), recent = std::make_shared<Snapshot>();
    Session s;
    s.key.pid = 7;
    s.key.backendStart = 7;
    s.backendType = QStringLiteral("client backend");
    s.state = QStringLiteral("active");
    s.query = QStringLiteral("SELECT 'only long ago'");
    old->sessions.push_back(s);
    s.key.pid = 8;
    s.query = QStringLiteral("SELECT 'lately'");
    recent->sessions.push_back(s);
    const QString texts = file(QStringLiteral("texts.sqlite"));
    {
        HistoryStore store2(texts, 3600);
        store2.record(m_key, old, now - 3 * 3600 * 1000);
        store2.record(m_key, recent, now - 2 * 3600 * 1000 + 1000); // the first sample of that batch is pruned later
        store2.flush();
        store2.record(m_key, recent, now);
        store2.flush();
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("texts"));
    db.setDatabaseName(texts);
    QVERIFY(db.open());
    QSqlQuery q(db);
    QVERIFY(q.exec(QStringLiteral("SELECT text FROM texts WHERE text LIKE 'SELECT%' ORDER BY text")));
    QStringList left;
    while (q.next())
        left << q.value(0).toString();
    db.close();
    q = QSqlQuery();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("texts"));
    QCOMPARE(left, QStringList{QStringLiteral("SELECT 'lately'")});
}

// A run that quits leaves its sessions open in the file. Those of a server still watched
// end at its next sample without them; those of a server no longer watched go with its
// last sample, and no others. Such a server watched again is written afresh.
void TestHistory::openSessionsOfAServerNoLongerWatchedArePruned()
{
    const QString path = file(QStringLiteral("gone.sqlite"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto sampleOf = [](int pid, const QString &state = QStringLiteral("idle")) {
        auto snapshot = std::make_shared<Snapshot>();
        Session s;
        s.key.pid = pid;
        s.key.backendStart = pid;
        s.backendType = QStringLiteral("client backend");
        s.database = QStringLiteral("shop");
        s.state = state;
        snapshot->sessions.push_back(s);
        return snapshot;
    };
    {
        HistoryStore earlier(path, 3600);
        earlier.record(QStringLiteral("conninfo:gone"), sampleOf(9), now - 3 * 3600 * 1000);
        earlier.record(m_key, sampleOf(8), now - 3 * 3600 * 1000);
        earlier.flush();
    }
    const auto openPids = [&path] {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("gone"));
        db.setDatabaseName(path);
        std::vector<int> pids;
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT pid FROM sessions WHERE ended_ms IS NULL ORDER BY pid")))
                while (q.next())
                    pids.push_back(q.value(0).toInt());
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("gone"));
        return pids;
    };
    QCOMPARE(openPids(), (std::vector<int>{8, 9})); // both open when that run quit
    {
        HistoryStore later(path, 3600);
        later.record(m_key, sampleOf(8), now);
        later.flush();
        QCOMPARE(openPids(), std::vector<int>{8});
        const auto gone = history::sampleTimes(path, QStringLiteral("conninfo:gone"), 0, now + 1000);
        QVERIFY(gone.ok());
        QVERIFY(gone->empty());

        // Watched again by the same run, its session busy now: a session of the file again,
        // found with its sample (not one the prune deleted).
        later.record(QStringLiteral("conninfo:gone"), sampleOf(9, QStringLiteral("active")), now + 1000);
        later.flush();
    }
    QCOMPARE(openPids(), (std::vector<int>{8, 9}));
    const auto back = history::sampleAt(path, QStringLiteral("conninfo:gone"), now + 1000);
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message()));
    QVERIFY(back->has_value());
    QCOMPARE((*back)->sessions.size(), size_t(1));
    QCOMPARE((*back)->sessions.front().key.pid, 9);
    QCOMPARE((*back)->sessions.front().database, QStringLiteral("shop"));
}

// The app's registry records every poll of every server beside its journal, under the
// server's key across runs; the setting turns it off.
void TestHistory::theRegistryKeepsEveryPollUnlessTurnedOff()
{
    QTemporaryDir dir;
    {
        ServerRegistry registry(std::make_shared<ActionJournal>(dir.filePath(QStringLiteral("journal.jsonl"))));
        QVERIFY(registry.history());
        QSignalSpy snapshots(&registry, &ServerRegistry::snapshotReady);
        ServerOptions options;
        options.intervalMs = 100;
        const int id = registry.addServer(specOf(m_cluster.conninfo()), options);
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 3, 10000);
        registry.history()->flush();
        const auto times = history::sampleTimes(registry.history()->path(), registry.monitor(id)->serverKey(), 0,
                                                QDateTime::currentMSecsSinceEpoch() + 1000);
        QVERIFY(times.ok());
        QVERIFY2(times->size() >= 3, qPrintable(QString::number(times->size())));
    }
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("history.sqlite"))));
    QTemporaryDir off;
    QSettings().setValue(QStringLiteral("history/enabled"), false);
    {
        ServerRegistry registry(std::make_shared<ActionJournal>(off.filePath(QStringLiteral("journal.jsonl"))));
        QVERIFY(!registry.history());
    }
    QSettings().remove(QStringLiteral("history"));
    QVERIFY(!QFile::exists(off.filePath(QStringLiteral("history.sqlite"))));
}

void TestHistory::cleanupTestCase()
{
    QFile::remove(QSettings().fileName());
}

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
