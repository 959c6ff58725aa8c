// SPDX-License-Identifier: GPL-3.0-or-later
// What a command line needs from the core, with a QCoreApplication and nothing of the GUI
// loaded: connect, poll once, run an action and get its outcomes, journal it.
#include "actions/action_executor.h"
#include "actions/action_journal.h"
#include "cluster_fixture.h"
#include "monitor/activity_query.h"
#include "pg/connection.h"
#include "test_session.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

class TestCoreHeadless : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void noGuiLibraryIsLoaded();
    void connectPollActJournal();

private:
    TestCluster m_cluster;
    QTemporaryDir m_dir;
};

void TestCoreHeadless::initTestCase()
{
    PGSESSIONS_START_CLUSTER(m_cluster);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE shop")));
}

void TestCoreHeadless::noGuiLibraryIsLoaded()
{
    QVERIFY(!QCoreApplication::instance()->inherits("QGuiApplication"));
    QFile maps(QStringLiteral("/proc/self/maps"));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    const QByteArray loaded = maps.readAll();
    QVERIFY(loaded.contains("libQt6Core"));
    QVERIFY2(!loaded.contains("libQt6Gui"), "the core pulled in QtGui");
    QVERIFY2(!loaded.contains("libQt6Widgets"), "the core pulled in QtWidgets");
}

void TestCoreHeadless::connectPollActJournal()
{
    QString error;
    auto victim = TestSession::open(m_cluster, {QStringLiteral("shop"), QStringLiteral("postgres"), QStringLiteral("nightly-batch"), false},
                                    &error);
    QVERIFY2(victim, qPrintable(error));

    // Connect as the monitor does.
    pg::ConnectOptions options;
    options.purpose = QStringLiteral("cli");
    Expected<pg::Connection> conn = pg::Connection::open(specOf(m_cluster.conninfo()), options);
    QVERIFY2(conn.ok(), qPrintable(conn.error().message()));
    QCOMPARE(conn->database(), QStringLiteral("postgres"));

    // Poll once.
    Snapshot snapshot;
    snapshot.server = 1;
    const pg::Result polled = conn->exec(activity_query::sql(conn->serverVersion()));
    QVERIFY_OK(activity_query::read(polled, conn->serverVersion(), snapshot));
    const auto found = std::find_if(snapshot.sessions.begin(), snapshot.sessions.end(),
                                    [&](const Session &s) { return s.key.pid == victim->pid(); });
    QVERIFY(found != snapshot.sessions.end());
    QCOMPARE(found->application, QStringLiteral("nightly-batch"));
    QCOMPARE(found->database, QStringLiteral("shop"));

    // Act on what the poll saw, with outcomes as they come, journaled.
    ActionJournal journal(m_dir.filePath(QStringLiteral("journal.jsonl")));
    ActionRequest request;
    request.id = ActionRequest::nextId();
    request.kind = ActionRequest::Terminate;
    request.serverName = QStringLiteral("headless");
    request.targets.push_back(BackendTarget::fromSession(*found));
    QVERIFY_OK(journal.recordStart(request));
    std::atomic<bool> stop{false};
    ActionExecutor executor(*conn, stop);
    std::vector<Outcome> outcomes;
    const ActionSummary summary = executor.run(request, [&](const Outcome &o) {
        outcomes.push_back(o);
        QVERIFY_OK(journal.recordOutcome(request.id, o));
    });
    QVERIFY_OK(journal.recordFinish(summary));
    QCOMPARE(int(outcomes.size()), 1);
    QCOMPARE(outcomes.front().pid, victim->pid());
    QCOMPARE(outcomes.front().result, Outcome::Terminated);
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(victim->pid())), QStringLiteral("0"));

    QFile file(journal.path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    const QStringList kinds = {QStringLiteral("start"), QStringLiteral("outcome"), QStringLiteral("finish")};
    for (int i = 0; i < 3; ++i)
        QCOMPARE(QJsonDocument::fromJson(lines[i]).object().value(QStringLiteral("record")).toString(), kinds[i]);
    QCOMPARE(QJsonDocument::fromJson(lines[1]).object().value(QStringLiteral("result")).toString(), QStringLiteral("terminated"));
}

QTEST_GUILESS_MAIN(TestCoreHeadless)
#include "tst_core_headless.moc"
