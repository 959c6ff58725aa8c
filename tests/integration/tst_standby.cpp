// SPDX-License-Identifier: GPL-3.0-or-later
// A hot standby, made by the test with pg_basebackup -R from its own primary: pgsessions
// says "standby", offers only what can run there, checks every step before it ends any
// session, and follows a promotion.
#include "cluster_fixture.h"
#include "models/formatter.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "test_session.h"

#include <QSignalSpy>
#include <QtTest>

class TestStandby : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aStandbyIsSaidSoAndOnlyWhatCanRunRuns();
    void aPromotionIsFollowed();

private:
    ActionSummary run(ServerRegistry &registry, int id, const ActionRequest &request);
    QString standbyValue(const QString &sql);

    TestCluster m_primary;
    TestCluster m_standby;
    int m_server = 0;
};

void TestStandby::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    PGSESSIONS_START_CLUSTER(m_primary);
    QVERIFY_OK(m_primary.exec(QStringLiteral("CREATE DATABASE reports")));
    QVERIFY_OK(m_standby.startStandbyOf(m_primary));
    QCOMPARE(m_standby.value(QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("t"));
    // The database made on the primary has reached the standby.
    QTRY_COMPARE(m_standby.value(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = 'reports'")), QStringLiteral("1"));
}

ActionSummary TestStandby::run(ServerRegistry &registry, int id, const ActionRequest &request)
{
    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    const quint64 action = registry.submit(id, request);
    for (int i = 0; i < 60 && finished.isEmpty(); ++i)
        finished.wait(1000);
    for (const auto &args : std::as_const(finished)) {
        if (args.at(0).value<ActionSummary>().id == action)
            return args.at(0).value<ActionSummary>();
    }
    ActionSummary none;
    none.error = Error(QStringLiteral("did not finish"));
    return none;
}

void TestStandby::aStandbyIsSaidSoAndOnlyWhatCanRunRuns()
{
    ServerRegistry registry;
    const int id = registry.addServer(specOf(m_standby.conninfo()));
    QTRY_VERIFY_WITH_TIMEOUT(registry.monitor(id)->status().state == ServerStatus::Connected, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(registry.monitor(id)->status().standby, 10000);
    QVERIFY2(format::serverState(registry.monitor(id)->status()).endsWith(QLatin1String(", standby")),
             qPrintable(format::serverState(registry.monitor(id)->status())));

    QString error;
    auto reader = TestSession::open(m_standby, {QStringLiteral("reports"), QStringLiteral("postgres"), QStringLiteral("report"), false},
                                    &error);
    QVERIFY2(reader, qPrintable(error));

    // A kill-all that would block or drop: refused before any session ends.
    ActionRequest killAll;
    killAll.kind = ActionRequest::KillAll;
    killAll.database = QStringLiteral("reports");
    killAll.blockNewConnections = false;
    killAll.after = ActionRequest::Drop;
    ActionSummary s = run(registry, id, killAll);
    QVERIFY(s.error);
    QVERIFY2(s.error.message().contains(QLatin1String("standby")) && s.error.message().contains(QLatin1String("Nothing was done")),
             qPrintable(s.error.message()));
    QCOMPARE(s.total(), 0);
    QCOMPARE(standbyValue(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(reader->pid())), QStringLiteral("1"));
    // Blocking alone: the same.
    killAll.after = ActionRequest::Nothing;
    killAll.blockNewConnections = true;
    s = run(registry, id, killAll);
    QVERIFY(s.error);
    QCOMPARE(s.total(), 0);
    ActionRequest block;
    block.kind = ActionRequest::BlockConnections;
    block.database = QStringLiteral("reports");
    s = run(registry, id, block);
    QVERIFY2(s.error.message().contains(QLatin1String("standby")), qPrintable(s.error.message()));

    // What can run there runs: ending the sessions.
    killAll.blockNewConnections = false;
    s = run(registry, id, killAll);
    QVERIFY2(!s.error, qPrintable(s.error.message()));
    QCOMPARE(s.counts[Outcome::Terminated], 1);
    QVERIFY2(!s.describe().contains(QLatin1String("no session to end")), qPrintable(s.describe()));
}

void TestStandby::aPromotionIsFollowed()
{
    ServerRegistry registry;
    const int id = registry.addServer(specOf(m_standby.conninfo()));
    QTRY_VERIFY_WITH_TIMEOUT(registry.monitor(id)->status().standby, 15000);
    QVERIFY_OK(m_standby.promote());
    QTRY_VERIFY_WITH_TIMEOUT(!registry.monitor(id)->status().standby, 15000);
    QVERIFY(!format::serverState(registry.monitor(id)->status()).contains(QLatin1String("standby")));
    // Now a primary: blocking runs.
    ActionRequest block;
    block.kind = ActionRequest::BlockConnections;
    block.database = QStringLiteral("reports");
    const ActionSummary s = run(registry, id, block);
    QVERIFY2(!s.error, qPrintable(s.error.message()));
    QCOMPARE(s.databaseState, ActionSummary::ConnectionsBlocked);
}

QString TestStandby::standbyValue(const QString &sql)
{
    return m_standby.value(sql);
}

QTEST_GUILESS_MAIN(TestStandby)
#include "tst_standby.moc"
