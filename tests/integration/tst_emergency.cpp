// SPDX-License-Identifier: GPL-3.0-or-later
// Emergencies and maintenance against a real server: ending every client of a server
// (blocking each database first, each allowed again whatever happens), resetting a
// database from a template (its owner kept, the template's own sessions ended), and an
// armed selection rule that ends what it matches until its limit stops it.
#include "action_runner.h"
#include "cluster_fixture.h"
#include "event_wait.h"
#include "test_session.h"

#include "actions/action_journal.h"
#include "actions/database_changes.h"
#include "actions/session_rule.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "servers/watchdog.h"

#include <QtTest>

#include <optional>

namespace {

std::unique_ptr<TestSession> sessionIn(const TestCluster &cluster, const QString &database, const QString &application = QStringLiteral("victim"))
{
    TestSession::Options options;
    options.database = database;
    options.application = application;
    return TestSession::open(cluster, options);
}

} // namespace

class TestEmergency : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void killServerEndsEveryDatabasesClients();
    void killServerAllowsEveryDatabaseAgainWhateverHappened();
    void resetFromATemplateKeepsTheOwner();
    void resetWithoutTheTemplateEndsNothing();
    void resetEmpty();
    void anArmedRuleEndsWhatItMatches();
    void anArmedRuleStopsAtItsLimit();
    void aResetKeptBlockedIsCreatedRefusingConnections();
    void killServerByTheOwnerOfEveryDatabaseButItsOwn();

private:
    std::unique_ptr<ServerMonitor> monitor(const QString &user = {});
    bool alive(int pid) const;

    TestCluster m_cluster;
    QTemporaryDir m_dir;
};

void TestEmergency::initTestCase()
{
    PGSESSIONS_START_CLUSTER(m_cluster);
    for (const char *sql : {"CREATE DATABASE one", "CREATE DATABASE two", "CREATE ROLE app_owner LOGIN", "CREATE DATABASE tmpl",
                            "CREATE DATABASE app OWNER app_owner"})
        QVERIFY_OK(m_cluster.exec(QString::fromLatin1(sql)));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE TABLE seed (id int); INSERT INTO seed VALUES (1), (2), (3)"), QStringLiteral("tmpl")));
    qputenv("XDG_DATA_HOME", m_dir.path().toUtf8()); // the journal, apart from the user's
}

std::unique_ptr<ServerMonitor> TestEmergency::monitor(const QString &user)
{
    MonitorOptions options;
    options.intervalMs = 200;
    auto m = std::make_unique<ServerMonitor>(1, specOf(user.isEmpty() ? m_cluster.conninfo() : m_cluster.conninfo(QStringLiteral("postgres"), user)), options);
    m->start();
    return m;
}

bool TestEmergency::alive(int pid) const
{
    return m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(pid)) == QLatin1String("1");
}

void TestEmergency::killServerEndsEveryDatabasesClients()
{
    std::vector<std::unique_ptr<TestSession>> victims;
    for (const QString &db : {QStringLiteral("postgres"), QStringLiteral("one"), QStringLiteral("two")}) {
        victims.push_back(sessionIn(m_cluster, db));
        QVERIFY(victims.back());
    }
    auto m = monitor();
    ActionRequest request;
    request.kind = ActionRequest::KillServer;
    request.blockNewConnections = true;
    const ActionResult r = runAction(*m, request);
    QVERIFY(r.finished);
    QVERIFY2(!r.summary.error, qPrintable(r.summary.describe()));
    for (const auto &v : victims) {
        QCOMPARE(r.byPid.value(v->pid()).result, Outcome::Terminated);
        QVERIFY(!alive(v->pid()));
    }
    // The server's own processes and pgsessions' own connections were not signalled.
    for (const Outcome &o : r.outcomes)
        QVERIFY2(o.result == Outcome::Terminated || o.result == Outcome::Skipped, qPrintable(Outcome::resultKey(o.result)));
    QVERIFY(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'checkpointer'")) == QLatin1String("1"));
    // Every database blocked while it ran accepts connections again.
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_database WHERE NOT datallowconn AND NOT datistemplate")), QStringLiteral("0"));
    QVERIFY2(r.summary.describe().contains(QLatin1String("accept connections again")), qPrintable(r.summary.describe()));
}

// A backend that does not go (stopped) makes the action end with it still alive: the
// databases are allowed again all the same.
void TestEmergency::killServerAllowsEveryDatabaseAgainWhateverHappened()
{
    auto stuck = sessionIn(m_cluster, QStringLiteral("one"));
    QVERIFY(stuck);
    std::optional<StoppedBackend> stopped(std::in_place, stuck->pid());
    QVERIFY(stopped->stopped);
    auto m = monitor();
    ActionRequest request;
    request.kind = ActionRequest::KillServer;
    request.blockNewConnections = true;
    request.waitMs = 1500;
    const ActionResult r = runAction(*m, request);
    stopped.reset();
    QVERIFY(r.finished);
    QCOMPARE(r.byPid.value(stuck->pid()).result, Outcome::StillAlive);
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_database WHERE NOT datallowconn AND NOT datistemplate")), QStringLiteral("0"));
}

void TestEmergency::resetFromATemplateKeepsTheOwner()
{
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE TABLE leftover (id int)"), QStringLiteral("app")));
    auto user = sessionIn(m_cluster, QStringLiteral("app"));
    auto onTemplate = sessionIn(m_cluster, QStringLiteral("tmpl"));
    QVERIFY(user && onTemplate);
    auto m = monitor();
    ActionRequest request;
    request.kind = ActionRequest::KillAll;
    request.database = QStringLiteral("app");
    request.blockNewConnections = true;
    request.after = ActionRequest::Reset;
    request.templateName = QStringLiteral("tmpl");
    const ActionResult r = runAction(*m, request);
    QVERIFY2(!r.summary.error, qPrintable(r.summary.describe()));
    QCOMPARE(r.summary.databaseState, ActionSummary::Recreated);
    QCOMPARE(r.byPid.value(user->pid()).result, Outcome::Terminated);
    // CREATE DATABASE needs the template unused: its session was ended too.
    QCOMPARE(r.byPid.value(onTemplate->pid()).result, Outcome::Terminated);
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'app'")), QStringLiteral("app_owner"));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM seed"), QStringLiteral("app")), QStringLiteral("3"));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT to_regclass('leftover') IS NULL"), QStringLiteral("app")), QStringLiteral("t"));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'app'")), QStringLiteral("t"));
}

void TestEmergency::resetWithoutTheTemplateEndsNothing()
{
    auto user = sessionIn(m_cluster, QStringLiteral("app"));
    QVERIFY(user);
    auto m = monitor();
    ActionRequest request;
    request.kind = ActionRequest::KillAll;
    request.database = QStringLiteral("app");
    request.after = ActionRequest::Reset;
    request.templateName = QStringLiteral("nosuch");
    const ActionResult r = runAction(*m, request);
    QVERIFY(r.summary.error);
    QVERIFY2(r.summary.error.message().contains(QLatin1String("nosuch")), qPrintable(r.summary.error.message()));
    QVERIFY(alive(user->pid()));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = 'app'")), QStringLiteral("1"));
}

void TestEmergency::resetEmpty()
{
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS leftover (id int)"), QStringLiteral("two")));
    auto m = monitor();
    ActionRequest request;
    request.kind = ActionRequest::KillAll;
    request.database = QStringLiteral("two");
    request.after = ActionRequest::Reset;
    const ActionResult r = runAction(*m, request);
    QVERIFY2(!r.summary.error, qPrintable(r.summary.describe()));
    QCOMPARE(r.summary.databaseState, ActionSummary::Recreated);
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT to_regclass('leftover') IS NULL"), QStringLiteral("two")), QStringLiteral("t"));
}

void TestEmergency::anArmedRuleEndsWhatItMatches()
{
    auto stuck = sessionIn(m_cluster, QStringLiteral("one"), QStringLiteral("stuck-job"));
    auto other = sessionIn(m_cluster, QStringLiteral("one"), QStringLiteral("other-job"));
    QVERIFY(stuck && other);
    QVERIFY(stuck->makeIdleInTransaction());
    QVERIFY(other->makeIdleInTransaction());
    ServerRegistry registry(std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal.jsonl"))));
    ServerOptions options;
    options.intervalMs = 200;
    const int id = registry.addServer(specOf(m_cluster.conninfo()), options);
    QSignalSpy started(&registry, &ServerRegistry::actionStarted);
    Watchdog::Armed armed;
    armed.rule.name = QStringLiteral("stuck jobs");
    armed.rule.states = {QStringLiteral("idle in transaction")};
    armed.rule.idleInTransactionSeconds = 0;
    armed.rule.application = QStringLiteral("stuck-*");
    armed.limitPerMinute = 5;
    registry.watchdog()->arm(id, armed);
    QVERIFY(runEventsUntil([&] { return !alive(stuck->pid()); }, 10000));
    QVERIFY(alive(other->pid()));
    // The backend can be gone before the action's start has reached this thread.
    QVERIFY(runEventsUntil([&] { return !started.isEmpty(); }, 5000));
    const ActionRequest fired = started.first().at(0).value<ActionRequest>();
    QCOMPARE(fired.ruleName, QStringLiteral("stuck jobs"));
    QVERIFY(fired.describe().contains(QLatin1String("stuck jobs")));
    QCOMPARE(registry.watchdog()->armed(id)->fired, 1);
    // Its journal records carry the rule's name.
    QVERIFY(runEventsUntil([&] { return ActionJournal::read(registry.journalPath()).size() >= 3; }, 5000));
    bool named = false;
    for (const QJsonObject &record : ActionJournal::read(registry.journalPath()))
        named = named || record.value(QStringLiteral("rule")).toString() == QLatin1String("stuck jobs");
    QVERIFY(named);
    registry.watchdog()->disarm(id);
    QVERIFY(!registry.watchdog()->armed(id));
}

void TestEmergency::anArmedRuleStopsAtItsLimit()
{
    std::vector<std::unique_ptr<TestSession>> many;
    for (int i = 0; i < 3; ++i) {
        many.push_back(sessionIn(m_cluster, QStringLiteral("one"), QStringLiteral("runaway")));
        QVERIFY(many.back() && many.back()->makeIdleInTransaction());
    }
    ServerRegistry registry(std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal2.jsonl"))));
    ServerOptions options;
    options.intervalMs = 200;
    const int id = registry.addServer(specOf(m_cluster.conninfo()), options);
    QSignalSpy notices(registry.watchdog(), &Watchdog::notice);
    QSignalSpy started(&registry, &ServerRegistry::actionStarted);
    Watchdog::Armed armed;
    armed.rule.name = QStringLiteral("runaway");
    armed.rule.application = QStringLiteral("runaway");
    armed.limitPerMinute = 2;
    registry.watchdog()->arm(id, armed);
    QVERIFY(runEventsUntil([&] { return !registry.watchdog()->armed(id); }, 10000));
    QCOMPARE(notices.count(), 1);
    QVERIFY2(notices.first().at(0).toString().contains(QLatin1String("limit of 2 a minute")), qPrintable(notices.first().at(0).toString()));
    runEventsFor(500);
    QCOMPARE(started.count(), 0);
    for (const auto &s : many)
        QVERIFY(alive(s->pid()));
}

// Reset with "keep blocked": the database comes back refusing connections, so that no
// client returns before the user allows it (a restore first). An odd name throughout.
void TestEmergency::aResetKeptBlockedIsCreatedRefusingConnections()
{
    const QString name = QStringLiteral("Odd \"Name\" db");
    const QString allows = QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'Odd \"Name\" db'");
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE \"Odd \"\"Name\"\" db\"")));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE TABLE leftover (id int)"), name));
    auto m = monitor();
    ActionRequest request;
    request.kind = ActionRequest::KillAll;
    request.database = name;
    request.blockNewConnections = true;
    request.keepBlocked = true;
    request.after = ActionRequest::Reset;
    const ActionResult r = runAction(*m, request);
    QVERIFY2(!r.summary.error, qPrintable(r.summary.describe()));
    QCOMPARE(r.summary.databaseState, ActionSummary::Recreated);
    QCOMPARE(m_cluster.value(allows), QStringLiteral("f"));
    QVERIFY2(r.summary.describe().contains(QLatin1String("created refusing new connections")), qPrintable(r.summary.describe()));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE \"Odd \"\"Name\"\" db\" ALLOW_CONNECTIONS true")));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT to_regclass('leftover') IS NULL"), name), QStringLiteral("t")); // empty again
    // What a failed CREATE tells the user to run is the statement it ran, each name quoted.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("DROP DATABASE \"Odd \"\"Name\"\" db\"")));
    QVERIFY_OK(m_cluster.exec(DatabaseChanges::createStatement(name, QStringLiteral("tmpl"), QStringLiteral("app_owner"), false)));
    QCOMPARE(m_cluster.value(allows), QStringLiteral("f"));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'Odd \"Name\" db'")),
             QStringLiteral("app_owner"));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("DROP DATABASE \"Odd \"\"Name\"\" db\"")));
}

// Blocking every database needs a role that may alter each one it blocks; the database
// the action's own connection is in is never blocked, so whose it is does not matter.
void TestEmergency::killServerByTheOwnerOfEveryDatabaseButItsOwn()
{
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE ROLE ops LOGIN CREATEDB IN ROLE pg_signal_backend")));
    const QString others = m_cluster.value(QStringLiteral(
        "SELECT string_agg(quote_ident(datname), E'\\n') FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres'"
        " AND NOT pg_has_role('ops', datdba, 'USAGE')"));
    const QStringList owned = others.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(!owned.isEmpty());
    for (const QString &db : owned)
        QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE %1 OWNER TO ops").arg(db)));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("GRANT app_owner TO ops")));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT pg_has_role('ops', datdba, 'USAGE') FROM pg_database WHERE datname = 'postgres'")),
             QStringLiteral("f"));
    auto m = monitor(QStringLiteral("ops"));
    ActionRequest request;
    request.kind = ActionRequest::KillServer;
    request.blockNewConnections = true;
    const ActionResult r = runAction(*m, request);
    for (const QString &db : owned) // as they were, for whatever runs after
        QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE %1 OWNER TO CURRENT_USER").arg(db)));
    QVERIFY(r.finished);
    QVERIFY2(!r.summary.error, qPrintable(r.summary.describe()));
    QVERIFY2(r.summary.describe().contains(QLatin1String("accept connections again")), qPrintable(r.summary.describe()));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_database WHERE NOT datallowconn AND NOT datistemplate")), QStringLiteral("0"));
}

QTEST_GUILESS_MAIN(TestEmergency)
#include "tst_emergency.moc"
