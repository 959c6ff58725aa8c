// SPDX-License-Identifier: GPL-3.0-or-later
// PgBouncer in front of a real server: Debian's pgbouncer, started by the test on its own
// port as an unprivileged user, with a session pool, a transaction pool and a small
// transaction pool other clients keep busy. A profile on a pooler port watches the server
// behind it; the admin console is watched as a pooler; pooler commands, a pooler kill-all,
// and a server kill-all that shuts the pooler's clients out first and lets them back in at
// once (also when the server's block fails, and after a crash, from the journal); a stats
// user who can watch but not act; kinds that do not match what answers.
#include "action_runner.h"
#include "cluster_fixture.h"
#include "event_wait.h"
#include "reconnecting_client.h"
#include "test_session.h"

#include "actions/action_executor.h"
#include "actions/action_journal.h"
#include "actions/journal_recovery.h"
#include "demo/local_pooler.h"
#include "monitor/pooler_state.h"
#include "pg/connection.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <optional>
#include <memory>

namespace {

ActionRequest poolerCommand(const QString &command, const QString &database)
{
    ActionRequest r;
    r.id = ActionRequest::nextId();
    r.kind = ActionRequest::PoolerCommand;
    r.poolerCommand = command;
    r.database = database;
    r.serverName = QStringLiteral("pooler");
    return r;
}

// A client of the pooler that runs one query; false when the pooler or the server refused.
bool clientWorks(const QString &conninfo, QString *why = nullptr)
{
    Expected<pg::Connection> c = pg::Connection::connect(conninfo, 5);
    if (!c.ok()) {
        if (why)
            *why = c.error().message();
        return false;
    }
    const pg::Result r = c->exec(QByteArrayLiteral("SELECT 1"));
    if (why && !r.ok())
        *why = r.valid() ? r.error().message() : c->lastError().message();
    return r.ok();
}

bool journalHasStep(const QString &path, const QString &step)
{
    const std::vector<QJsonObject> records = ActionJournal::read(path);
    return std::any_of(records.begin(), records.end(), [&](const QJsonObject &o) { return o.value(QStringLiteral("step")).toString() == step; });
}

ActionSummary finishedWith(QSignalSpy &finished, quint64 id)
{
    ActionSummary found;
    found.error = Error(QStringLiteral("the action did not finish in time"));
    runEventsUntil([&] {
        for (const QList<QVariant> &args : std::as_const(finished)) {
            if (args.at(0).value<ActionSummary>().id == id) {
                found = args.at(0).value<ActionSummary>();
                return true;
            }
        }
        return false;
    }, 60000);
    return found;
}

} // namespace

class TestPooler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void aPoolerPortWatchesTheServerBehindIt();
    void theConsoleIsWatchedAsAPooler();
    void kindsThatDoNotMatchWhatAnswersSaySo();
    void killAllThroughATransactionPool();
    void poolerCommandsDoWhatTheySay();
    void aStatsUserWatchesButCannotAct();
    void aPoolerKillAllLetsClientsInAgain();
    void aServerKillAllAlsoAtThePooler();
    void aPoolerThatRestartsMidActionIsFoundOut();
    void keptBlockedLetsThePoolerInWhenTheServerWasNotBlocked();
    void aDisableTheJournalCannotHoldIsNotRun();
    void aKillAllCutOffLeavesThePoolerToLetInAgain();
    void aPoolerRestartedSinceIsNotOfferedToLetIn();
    void aDroppedDatabaseKeepsItsPoolerAliasShut();

private:
    void cutOffAKillAllAlsoAtThePooler(const QString &journal);
    std::unique_ptr<ServerMonitor> watch(const QString &conninfo, ServerKind kind = ServerKind::Automatic);
    bool waitConnected(ServerMonitor &monitor);
    bool watchLinked(ServerRegistry &registry, int &pooler, int &server);

    TestCluster m_cluster;
    std::unique_ptr<LocalPooler> m_pooler;
};

void TestPooler::initTestCase()
{
    PGSESSIONS_START_CLUSTER(m_cluster);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE appdb")));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE ROLE watcher LOGIN")));
    LocalPooler::Options options;
    options.databases = {{QStringLiteral("appdb"), QStringLiteral("appdb"), QStringLiteral("session")},
                         {QStringLiteral("appdb_tx"), QStringLiteral("appdb"), QStringLiteral("transaction")},
                         {QStringLiteral("postgres_tx"), QStringLiteral("postgres"), QStringLiteral("transaction")},
                         {QStringLiteral("postgres"), QStringLiteral("postgres"), QStringLiteral("session")},
                         {QStringLiteral("dropme"), QStringLiteral("dropme"), QStringLiteral("session")}};
    options.users = {QStringLiteral("postgres"), QStringLiteral("watcher")};
    options.statsUsers = {QStringLiteral("watcher")};
    // Few server connections, handed out in turn rather than the last one used first: a
    // transaction pool's next statement goes to another backend than the one before.
    options.defaultPoolSize = 3;
    options.settings = {QStringLiteral("server_round_robin = 1")};
    m_pooler = std::make_unique<LocalPooler>(m_cluster, options);
    QVERIFY2(!LocalPooler::findBinary().isEmpty(), "pgbouncer is not installed (apt install pgbouncer; scripts/test.sh installs it)");
    QVERIFY_OK(m_pooler->start());
    qInfo("PgBouncer under test: %s on port %d", qPrintable(m_pooler->version()), m_pooler->port());
}

void TestPooler::cleanupTestCase()
{
    m_pooler.reset();
}

std::unique_ptr<ServerMonitor> TestPooler::watch(const QString &conninfo, ServerKind kind)
{
    MonitorOptions options;
    options.intervalMs = 200;
    options.connectTimeoutSeconds = 5;
    options.kind = kind;
    auto monitor = std::make_unique<ServerMonitor>(1, specOf(conninfo), options);
    monitor->start();
    return monitor;
}

// The pooler ("bouncer") and the server behind it, linked as the Servers dialog links
// them, both polled once; false if they were not in time.
bool TestPooler::watchLinked(ServerRegistry &registry, int &pooler, int &server)
{
    ServerOptions poolerOptions;
    poolerOptions.name = QStringLiteral("bouncer");
    poolerOptions.intervalMs = 200;
    pooler = registry.addServer(specOf(m_pooler->conninfo()), poolerOptions);
    ServerOptions serverOptions;
    serverOptions.name = QStringLiteral("db");
    serverOptions.intervalMs = 200;
    serverOptions.poolerServer = pooler;
    server = registry.addServer(specOf(m_cluster.conninfo()), serverOptions);
    return runEventsUntil([&] { return registry.monitor(pooler)->lastSnapshot() && registry.monitor(server)->lastSnapshot(); }, 15000);
}

bool TestPooler::waitConnected(ServerMonitor &monitor)
{
    return runEventsUntil([&] { return monitor.status().state == ServerStatus::Connected && monitor.lastSnapshot(); }, 15000);
}

// A profile whose address is a PgBouncer port (its startup options refused there) watches
// the PostgreSQL server behind it, and says it is through a pooler.
void TestPooler::aPoolerPortWatchesTheServerBehindIt()
{
    Expected<pg::Connection> direct = pg::Connection::connect(m_pooler->conninfo(QStringLiteral("appdb")) + QStringLiteral(" options='-c statement_timeout=5000'"), 5);
    QVERIFY(!direct.ok());
    QVERIFY2(direct.error().message().contains(QLatin1String("unsupported startup parameter")), qPrintable(direct.error().message()));

    Expected<pg::Connection> opened = pg::Connection::open(specOf(m_pooler->conninfo(QStringLiteral("appdb"))), pg::ConnectOptions{});
    QVERIFY2(opened.ok(), qPrintable(opened.error().message()));
    QVERIFY(opened->isPooled());
    QVERIFY(!opened->isPoolerConsole());
    Expected<pg::Connection> plain = pg::Connection::open(specOf(m_cluster.conninfo()), pg::ConnectOptions{});
    QVERIFY2(plain.ok(), qPrintable(plain.error().message()));
    QVERIFY(!plain->isPooled());

    TestSession::Options client;
    client.database = QStringLiteral("appdb");
    client.application = QStringLiteral("behind-the-pooler");
    auto session = TestSession::open(m_cluster, client);
    QVERIFY(session);
    auto monitor = watch(m_pooler->conninfo(QStringLiteral("appdb")));
    QVERIFY2(waitConnected(*monitor), qPrintable(monitor->status().message));
    QVERIFY(monitor->status().pooled);
    QVERIFY(!monitor->status().poolerConsole);
    QCOMPARE(monitor->status().serverVersion / 10000, m_cluster.serverVersionNum() / 10000);
    QVERIFY(runEventsUntil([&] {
        const SnapshotPtr s = monitor->lastSnapshot();
        return std::any_of(s->sessions.begin(), s->sessions.end(), [&](const Session &x) { return x.key.pid == session->pid(); });
    }, 10000));
}

void TestPooler::theConsoleIsWatchedAsAPooler()
{
    Expected<pg::Connection> client = pg::Connection::connect(m_pooler->conninfo(QStringLiteral("appdb")) + QStringLiteral(" application_name=shop-web"), 5);
    QVERIFY2(client.ok(), qPrintable(client.error().message()));
    QVERIFY(client->exec(QByteArrayLiteral("SELECT 1")).ok());
    auto monitor = watch(m_pooler->conninfo());
    QVERIFY2(waitConnected(*monitor), qPrintable(monitor->status().message));
    const ServerStatus status = monitor->status();
    QVERIFY(status.poolerConsole);
    QCOMPARE(status.poolerVersion, m_pooler->version());
    QCOMPARE(status.versionText(), m_pooler->version());
    const SnapshotPtr snapshot = monitor->lastSnapshot();
    QVERIFY(snapshot->pooler);
    QVERIFY(snapshot->sessions.empty());
    const PoolerState &p = *snapshot->pooler;
    QCOMPARE(p.versionNum, PoolerState::parseVersion(m_pooler->version()));
    // The client, by its application name, in SHOW CLIENTS; its pool in SHOW POOLS.
    bool seen = false;
    for (size_t r = 0; r < p.clients.rows.size(); ++r)
        seen = seen || (p.clients.value(r, QLatin1String("application_name")) == QLatin1String("shop-web")
                        && p.clients.value(r, QLatin1String("database")) == QLatin1String("appdb"));
    QVERIFY(seen);
    QVERIFY(p.pools.has(QLatin1String("cl_active")));
    QCOMPARE(p.aliasesOf(QStringLiteral("appdb")), (QStringList{QStringLiteral("appdb"), QStringLiteral("appdb_tx")}));
    // The backend serving the client, by its pid, leads back to the client.
    const int server = p.serverOfBackend(int(p.servers.value(0, QLatin1String("remote_pid")).toInt()));
    QVERIFY(server >= 0);
    // Columns a version lacks are absent: 1.18 has no client id, so no KILL_CLIENT.
    if (p.versionNum < 12400) {
        QVERIFY(!p.clients.has(QLatin1String("id")));
        QVERIFY(!p.killClientSupported());
    }
}

void TestPooler::kindsThatDoNotMatchWhatAnswersSaySo()
{
    // A PostgreSQL profile pointed at the console.
    Expected<pg::Connection> refused = pg::Connection::open(specOf(m_pooler->conninfo()), pg::ConnectOptions{});
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message().contains(QLatin1String("admin console")), qPrintable(refused.error().message()));
    auto wrongWay = watch(m_pooler->conninfo(), ServerKind::PostgreSQL);
    QVERIFY(runEventsUntil([&] { return wrongWay->status().state == ServerStatus::Error; }, 15000));
    QVERIFY2(wrongWay->status().message.contains(QLatin1String("PgBouncer's admin console")), qPrintable(wrongWay->status().message));
    QVERIFY(!wrongWay->status().message.contains(QLatin1String("not supported")));
    // A console profile pointed at PostgreSQL.
    auto otherWay = watch(m_cluster.conninfo(), ServerKind::PoolerConsole);
    QVERIFY(runEventsUntil([&] { return otherWay->status().state == ServerStatus::Error; }, 15000));
    QVERIFY2(otherWay->status().message.contains(QLatin1String("not PgBouncer's admin console")), qPrintable(otherWay->status().message));
}

// A kill-all whose statements go through a transaction pool, while other clients keep the
// pool's few backends busy: no statement is prepared across a sync, so none fails with
// "unnamed prepared statement does not exist" (26000) or runs another client's statement.
void TestPooler::killAllThroughATransactionPool()
{
    std::vector<std::unique_ptr<TestSession>> victims;
    TestSession::Options options;
    options.database = QStringLiteral("appdb");
    for (int i = 0; i < 30; ++i) {
        victims.push_back(TestSession::open(m_cluster, options));
        QVERIFY(victims.back());
    }
    std::vector<std::unique_ptr<ReconnectingClient>> busy;
    for (int i = 0; i < 3; ++i)
        busy.push_back(std::make_unique<ReconnectingClient>(m_pooler->conninfo(QStringLiteral("postgres_tx")) + QStringLiteral(" application_name=busy%1").arg(i)));
    auto monitor = watch(m_pooler->conninfo(QStringLiteral("postgres_tx")));
    QVERIFY2(waitConnected(*monitor), qPrintable(monitor->status().message));
    QVERIFY(monitor->status().pooled);
    ActionRequest request;
    request.id = ActionRequest::nextId();
    request.kind = ActionRequest::KillAll;
    request.database = QStringLiteral("appdb");
    request.serverName = QStringLiteral("through a transaction pool");
    const ActionResult result = runAction(*monitor, request);
    QVERIFY(result.finished);
    QVERIFY2(!result.summary.error, qPrintable(result.summary.describe()));
    for (const Outcome &o : result.outcomes)
        QVERIFY2(!o.isFailure(), qPrintable(QStringLiteral("PID %1: %2 %3").arg(o.pid).arg(o.sqlState, o.message)));
    for (const auto &v : victims)
        QVERIFY2(result.byPid.value(v->pid()).result == Outcome::Terminated, qPrintable(QString::number(v->pid())));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = 'appdb'")), QStringLiteral("0"));
}

void TestPooler::poolerCommandsDoWhatTheySay()
{
    auto monitor = watch(m_pooler->conninfo());
    QVERIFY2(waitConnected(*monitor), qPrintable(monitor->status().message));
    const QString appdb = m_pooler->conninfo(QStringLiteral("appdb"));

    ActionResult r = runAction(*monitor, poolerCommand(QStringLiteral("DISABLE"), QStringLiteral("appdb")));
    QVERIFY2(!r.summary.error, qPrintable(r.summary.describe()));
    QCOMPARE(r.outcomes.size(), size_t(1));
    QCOMPARE(r.outcomes.front().result, Outcome::Done);
    QCOMPARE(r.outcomes.front().step, QStringLiteral("DISABLE appdb"));
    QString why;
    QVERIFY(!clientWorks(appdb, &why));
    QVERIFY2(why.contains(QLatin1String("disabled")), qPrintable(why));
    r = runAction(*monitor, poolerCommand(QStringLiteral("ENABLE"), QStringLiteral("appdb")));
    QCOMPARE(r.outcomes.front().result, Outcome::Done);
    QVERIFY2(clientWorks(appdb, &why), qPrintable(why));

    // KILL drops the database's clients and leaves it paused until RESUME.
    Expected<pg::Connection> client = pg::Connection::connect(appdb, 5);
    QVERIFY2(client.ok(), qPrintable(client.error().message()));
    QVERIFY(client->exec(QByteArrayLiteral("SELECT 1")).ok());
    r = runAction(*monitor, poolerCommand(QStringLiteral("KILL"), QStringLiteral("appdb")));
    QCOMPARE(r.outcomes.front().result, Outcome::Done);
    QVERIFY2(r.summary.describe().contains(QLatin1String("paused until RESUME")), qPrintable(r.summary.describe()));
    QVERIFY(!client->exec(QByteArrayLiteral("SELECT 1")).ok());
    r = runAction(*monitor, poolerCommand(QStringLiteral("RESUME"), QStringLiteral("appdb")));
    QCOMPARE(r.outcomes.front().result, Outcome::Done);
    QVERIFY2(clientWorks(appdb, &why), qPrintable(why));

    for (const QString &command : {QStringLiteral("PAUSE"), QStringLiteral("RESUME"), QStringLiteral("RECONNECT")}) {
        r = runAction(*monitor, poolerCommand(command, QStringLiteral("appdb")));
        QVERIFY2(r.outcomes.front().result == Outcome::Done, qPrintable(command + QStringLiteral(": ") + r.summary.describe()));
    }
    // What the pooler refuses comes back in its words.
    r = runAction(*monitor, poolerCommand(QStringLiteral("RESUME"), QStringLiteral("appdb")));
    QCOMPARE(r.outcomes.front().result, Outcome::Failed);
    QVERIFY2(r.outcomes.front().message.contains(QLatin1String("not paused")), qPrintable(r.outcomes.front().message));
    r = runAction(*monitor, poolerCommand(QStringLiteral("DISABLE"), QStringLiteral("pgbouncer")));
    QCOMPARE(r.outcomes.front().result, Outcome::Failed);
    // A name the console cannot take is refused before anything is sent.
    r = runAction(*monitor, poolerCommand(QStringLiteral("PAUSE"), QStringLiteral("app\"db; SHUTDOWN")));
    QCOMPARE(r.outcomes.front().result, Outcome::Failed);
    QVERIFY(clientWorks(appdb));
    // KILL_CLIENT on a version without it: the pooler says so.
    if (monitor->lastSnapshot()->pooler->versionNum < 12400) {
        ActionRequest kill = poolerCommand(QStringLiteral("KILL_CLIENT"), {});
        kill.clientId = QStringLiteral("1");
        r = runAction(*monitor, kill);
        QCOMPARE(r.outcomes.front().result, Outcome::Failed);
    }
}

void TestPooler::aStatsUserWatchesButCannotAct()
{
    auto monitor = watch(m_pooler->conninfo(QStringLiteral("pgbouncer"), QStringLiteral("watcher")));
    QVERIFY2(waitConnected(*monitor), qPrintable(monitor->status().message));
    QVERIFY(monitor->lastSnapshot()->pooler);
    const ActionResult r = runAction(*monitor, poolerCommand(QStringLiteral("PAUSE"), QStringLiteral("appdb")));
    QVERIFY(r.finished);
    QCOMPARE(r.outcomes.size(), size_t(1));
    QCOMPARE(r.outcomes.front().result, Outcome::PermissionDenied);
    QVERIFY2(r.outcomes.front().message.contains(QLatin1String("admin_users")), qPrintable(r.outcomes.front().message));
    QVERIFY(r.summary.error);
    QVERIFY(clientWorks(m_pooler->conninfo(QStringLiteral("appdb"))));

    // A kill-all refused leaves nothing to offer at the next start: the DISABLE it
    // journaled beforehand did not happen.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString journal = dir.filePath(QStringLiteral("journal.jsonl"));
    MonitorOptions options;
    options.intervalMs = 200;
    options.connectTimeoutSeconds = 5;
    ServerMonitor journaled(1, specOf(m_pooler->conninfo(QStringLiteral("pgbouncer"), QStringLiteral("watcher"))), options,
                            std::make_shared<ActionJournal>(journal));
    journaled.start();
    QVERIFY2(waitConnected(journaled), qPrintable(journaled.status().message));
    ActionRequest killAll = poolerCommand({}, QStringLiteral("appdb"));
    killAll.kind = ActionRequest::PoolerKillAll;
    const ActionResult refused = runAction(journaled, killAll);
    QVERIFY(refused.finished);
    QVERIFY(refused.summary.error);
    QVERIFY(journalHasStep(journal, QStringLiteral("pooler disabling")));
    QVERIFY(unfinishedBlocks(ActionJournal::read(journal)).empty());
    QVERIFY(clientWorks(m_pooler->conninfo(QStringLiteral("appdb"))));
}

void TestPooler::aPoolerKillAllLetsClientsInAgain()
{
    auto monitor = watch(m_pooler->conninfo());
    QVERIFY2(waitConnected(*monitor), qPrintable(monitor->status().message));
    std::vector<pg::Connection> clients;
    for (int i = 0; i < 3; ++i) {
        Expected<pg::Connection> c = pg::Connection::connect(m_pooler->conninfo(QStringLiteral("appdb")), 5);
        QVERIFY2(c.ok(), qPrintable(c.error().message()));
        QVERIFY(c->exec(QByteArrayLiteral("SELECT 1")).ok());
        clients.push_back(std::move(c).value());
    }
    ActionRequest request = poolerCommand({}, QStringLiteral("appdb"));
    request.kind = ActionRequest::PoolerKillAll;
    const ActionResult r = runAction(*monitor, request);
    QVERIFY2(!r.summary.error, qPrintable(r.summary.describe()));
    QStringList steps;
    for (const Outcome &o : r.outcomes) {
        steps << o.step;
        QCOMPARE(o.result, Outcome::Done);
    }
    QCOMPARE(steps, (QStringList{QStringLiteral("DISABLE appdb"), QStringLiteral("KILL appdb"), QStringLiteral("RESUME appdb"),
                                 QStringLiteral("ENABLE appdb")}));
    QVERIFY2(r.summary.describe().contains(QLatin1String("3 pooler clients")) || r.summary.describe().contains(QLatin1String("3 pooler client(s)")),
             qPrintable(r.summary.describe()));
    for (pg::Connection &c : clients)
        QVERIFY(!c.exec(QByteArrayLiteral("SELECT 1")).ok());
    QString why;
    QVERIFY2(clientWorks(m_pooler->conninfo(QStringLiteral("appdb")), &why), qPrintable(why));
}

// The server's kill-all with the pooler's part: the pooler's clients of the database are
// refused and dropped at the pooler first, the server's backends ended (blocked), and the
// pool lets its clients in again at once afterwards (not after server_login_retry).
void TestPooler::aServerKillAllAlsoAtThePooler()
{
    ServerRegistry registry;
    int pooler = 0, server = 0;
    QVERIFY(watchLinked(registry, pooler, server));
    QCOMPARE(registry.linkedPooler(server), pooler);

    auto pool = std::make_unique<ReconnectingClient>(m_pooler->conninfo(QStringLiteral("appdb")) + QStringLiteral(" application_name=pool"));
    TestSession::Options direct;
    direct.database = QStringLiteral("appdb");
    auto other = TestSession::open(m_cluster, direct);
    QVERIFY(other);
    QVERIFY(runEventsUntil([&] { return pool->isConnected(); }, 10000));
    QVERIFY(runEventsUntil([&] {
        const SnapshotPtr s = registry.monitor(pooler)->lastSnapshot();
        return s && !s->pooler->aliasesOf(QStringLiteral("appdb")).isEmpty();
    }, 10000));
    const Expected<ActionRequest::AlsoAtPooler> at = registry.alsoAtPooler(server, QStringLiteral("appdb"));
    QVERIFY2(at.ok(), qPrintable(at.error().message()));
    QCOMPARE(at->databases, (QStringList{QStringLiteral("appdb"), QStringLiteral("appdb_tx")}));
    QVERIFY(!registry.alsoAtPooler(server, QStringLiteral("nosuch")).ok());

    ActionRequest request;
    request.kind = ActionRequest::KillAll;
    request.database = QStringLiteral("appdb");
    request.blockNewConnections = true;
    request.waitMs = 5000;
    request.alsoAtPooler = *at;
    const int connectionsBefore = pool->connections();
    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    QSignalSpy outcomes(&registry, &ServerRegistry::actionOutcome);
    const quint64 id = registry.submit(server, request);
    QVERIFY(id);
    QVERIFY(finished.wait(60000));
    const ActionSummary summary = finished.at(0).at(0).value<ActionSummary>();
    QVERIFY2(!summary.error, qPrintable(summary.describe()));
    QCOMPARE(summary.databaseState, ActionSummary::ConnectionsAllowed);
    QStringList steps;
    bool otherEnded = false;
    for (const QList<QVariant> &args : std::as_const(outcomes)) {
        const Outcome o = args.at(1).value<Outcome>();
        if (!o.step.isEmpty()) {
            steps << o.step;
            QVERIFY2(o.result == Outcome::Done, qPrintable(o.step + QStringLiteral(": ") + o.message));
        }
        otherEnded = otherEnded || (o.pid == other->pid() && o.result == Outcome::Terminated);
    }
    QCOMPARE(steps, (QStringList{QStringLiteral("DISABLE appdb on bouncer"), QStringLiteral("KILL appdb on bouncer"),
                                 QStringLiteral("DISABLE appdb_tx on bouncer"), QStringLiteral("KILL appdb_tx on bouncer"),
                                 QStringLiteral("RESUME appdb on bouncer"), QStringLiteral("RESUME appdb_tx on bouncer"),
                                 QStringLiteral("ENABLE appdb on bouncer"), QStringLiteral("ENABLE appdb_tx on bouncer")}));
    QVERIFY(otherEnded);
    // The pool's client was dropped, and is back well before server_login_retry (15 s).
    QElapsedTimer back;
    back.start();
    QVERIFY2(runEventsUntil([&] { return pool->connections() > connectionsBefore && pool->isConnected(); }, 5000),
             qPrintable(pool->lastError()));
    qInfo("the pool's client was back %lld ms after the kill-all ended", back.elapsed());
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'appdb'")), QStringLiteral("t"));
}

// PgBouncer restarted while a server kill-all waits for a backend that does not go: the
// pooler's part finds it out (a restarted pooler has let its clients in already) and says so.
void TestPooler::aPoolerThatRestartsMidActionIsFoundOut()
{
    ServerRegistry registry;
    int pooler = 0, server = 0;
    QVERIFY(watchLinked(registry, pooler, server));
    const Expected<ActionRequest::AlsoAtPooler> at = registry.alsoAtPooler(server, QStringLiteral("appdb"));
    QVERIFY2(at.ok(), qPrintable(at.error().message()));

    TestSession::Options direct;
    direct.database = QStringLiteral("appdb");
    auto stuck = TestSession::open(m_cluster, direct);
    QVERIFY(stuck);
    // A backend that cannot act on its signal until it is continued.
    std::optional<StoppedBackend> stopped(std::in_place, stuck->pid());
    QVERIFY(stopped->stopped);
    ActionRequest request;
    request.kind = ActionRequest::KillAll;
    request.database = QStringLiteral("appdb");
    request.waitMs = 3000;
    request.alsoAtPooler = *at;
    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    QVERIFY(registry.submit(server, request));
    QTest::qWait(800);
    QVERIFY_OK(m_pooler->restart());
    stopped.reset();
    QVERIFY(finished.wait(60000));
    const ActionSummary summary = finished.at(0).at(0).value<ActionSummary>();
    QVERIFY2(summary.describe().contains(QLatin1String("restarted meanwhile")), qPrintable(summary.describe()));
    QString why;
    QVERIFY2(clientWorks(m_pooler->conninfo(QStringLiteral("appdb")), &why), qPrintable(why));
}

// "Keep blocked" keeps the pooler's database disabled with the server's: when the
// server's block fails (here its pg_database row is updated under it), the pooler's
// clients are let in again, as nothing of the server was ended.
void TestPooler::keptBlockedLetsThePoolerInWhenTheServerWasNotBlocked()
{
    ServerRegistry registry;
    int pooler = 0, server = 0;
    QVERIFY(watchLinked(registry, pooler, server));
    const Expected<ActionRequest::AlsoAtPooler> at = registry.alsoAtPooler(server, QStringLiteral("appdb"));
    QVERIFY2(at.ok(), qPrintable(at.error().message()));

    Expected<pg::Connection> holder = pg::Connection::connect(m_cluster.conninfo(), 5);
    QVERIFY2(holder.ok(), qPrintable(holder.error().message()));
    QVERIFY(holder->exec(QByteArrayLiteral("BEGIN")).ok());
    QVERIFY(holder->exec(QByteArrayLiteral("ALTER DATABASE appdb CONNECTION LIMIT -1")).ok());
    ActionRequest request;
    request.kind = ActionRequest::KillAll;
    request.database = QStringLiteral("appdb");
    request.blockNewConnections = true;
    request.keepBlocked = true;
    request.alsoAtPooler = *at;
    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    QSignalSpy outcomes(&registry, &ServerRegistry::actionOutcome);
    const quint64 id = registry.submit(server, request);
    QVERIFY(id);
    // The action's ALTER waits for the row; the holder commits: "tuple concurrently updated".
    QVERIFY(runEventsUntil([&] {
        return m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                              "AND query LIKE 'ALTER DATABASE%ALLOW_CONNECTIONS false'"))
               == QLatin1String("1");
    }, 20000));
    QVERIFY(holder->exec(QByteArrayLiteral("COMMIT")).ok());
    const ActionSummary summary = finishedWith(finished, id);
    QVERIFY2(summary.describe().contains(QLatin1String("Could not block new connections")), qPrintable(summary.describe()));
    QCOMPARE(summary.databaseState, ActionSummary::ConnectionsAllowed);
    QStringList steps;
    for (const QList<QVariant> &args : std::as_const(outcomes)) {
        const Outcome o = args.at(1).value<Outcome>();
        if (!o.step.isEmpty())
            steps << o.step;
    }
    QCOMPARE(steps, (QStringList{QStringLiteral("DISABLE appdb on bouncer"), QStringLiteral("KILL appdb on bouncer"),
                                 QStringLiteral("DISABLE appdb_tx on bouncer"), QStringLiteral("KILL appdb_tx on bouncer"),
                                 QStringLiteral("RESUME appdb on bouncer"), QStringLiteral("RESUME appdb_tx on bouncer"),
                                 QStringLiteral("ENABLE appdb on bouncer"), QStringLiteral("ENABLE appdb_tx on bouncer")}));
    QVERIFY2(!summary.describe().contains(QLatin1String("stays disabled")), qPrintable(summary.describe()));
    QString why;
    QVERIFY2(clientWorks(m_pooler->conninfo(QStringLiteral("appdb")), &why), qPrintable(why));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'appdb'")), QStringLiteral("t"));
}

// Each DISABLE at the pooler is journaled before it runs: when the journal cannot take the
// record, nothing is done at the pooler nor on the server, and the error says why.
void TestPooler::aDisableTheJournalCannotHoldIsNotRun()
{
    Expected<pg::Connection> client = pg::Connection::connect(m_pooler->conninfo(QStringLiteral("appdb")), 5);
    QVERIFY2(client.ok(), qPrintable(client.error().message()));
    QVERIFY(client->exec(QByteArrayLiteral("SELECT 1")).ok());
    TestSession::Options direct;
    direct.database = QStringLiteral("appdb");
    auto other = TestSession::open(m_cluster, direct);
    QVERIFY(other);

    Expected<pg::Connection> conn = pg::Connection::connect(m_cluster.conninfo(), 5);
    QVERIFY2(conn.ok(), qPrintable(conn.error().message()));
    const std::atomic<bool> stop{false};
    ActionExecutor executor(*conn, stop);
    ActionRequest request;
    request.id = ActionRequest::nextId();
    request.kind = ActionRequest::KillAll;
    request.database = QStringLiteral("appdb");
    request.blockNewConnections = true;
    ActionRequest::AlsoAtPooler at;
    at.spec = specOf(m_pooler->conninfo());
    at.name = QStringLiteral("bouncer");
    at.databases = {QStringLiteral("appdb")};
    request.alsoAtPooler = at;
    QStringList steps, journaled;
    const ActionSummary summary = executor.run(
        request, [&](const Outcome &o) { steps << (o.step.isEmpty() ? QString::number(o.pid) : o.step); }, {},
        [&](quint64, const QString &step, const QJsonObject &) {
            journaled << step;
            return step == QLatin1String("pooler disabling") ? Error(QStringLiteral("the journal's disk is full")) : Error();
        });
    QVERIFY2(summary.error.message().contains(QLatin1String("the journal's disk is full")), qPrintable(summary.describe()));
    QCOMPARE(journaled, QStringList{QStringLiteral("pooler disabling")});
    QCOMPARE(steps, QStringList());
    QVERIFY(client->exec(QByteArrayLiteral("SELECT 1")).ok());
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(other->pid())), QStringLiteral("1"));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'appdb'")), QStringLiteral("t"));
}

// pgsessions killed (SIGKILL) while a kill-all also at the pooler waits for a backend that
// does not go: the pooler's database stays disabled and paused, the server's blocked. The
// next start offers both, each on its own node, and each is let in again with one click.
// A kill-all of "appdb", also at the pooler and kept waiting by a backend that cannot end,
// run by another process that is SIGKILLed once the server's database is blocked: the
// pooler's alias is left disabled, and the server's database refusing connections.
void TestPooler::cutOffAKillAllAlsoAtThePooler(const QString &journal)
{
    QString why;
    QVERIFY2(clientWorks(m_pooler->conninfo(QStringLiteral("appdb")), &why), qPrintable(why));
    TestSession::Options direct;
    direct.database = QStringLiteral("appdb");
    auto stuck = TestSession::open(m_cluster, direct);
    QVERIFY(stuck);
    std::optional<StoppedBackend> stopped(std::in_place, stuck->pid());
    QVERIFY(stopped->stopped);
    QProcess helper;
    helper.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    helper.start(QStringLiteral(ACTION_HELPER), {m_cluster.conninfo(), QStringLiteral("appdb"), journal, QStringLiteral("60000"),
                                                 QStringLiteral("block"), QStringLiteral("pooler=") + m_pooler->conninfo()});
    QVERIFY(helper.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(journalHasStep(journal, QStringLiteral("blocked")), 20000);
    ::kill(pid_t(helper.processId()), SIGKILL);
    QVERIFY(helper.waitForFinished());
    stopped.reset();
    QVERIFY(journalHasStep(journal, QStringLiteral("pooler disabling")));
    QVERIFY(!clientWorks(m_pooler->conninfo(QStringLiteral("appdb"))));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'appdb'")), QStringLiteral("f"));
}

void TestPooler::aKillAllCutOffLeavesThePoolerToLetInAgain()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString journal = dir.filePath(QStringLiteral("journal.jsonl"));
    cutOffAKillAllAlsoAtThePooler(journal);
    if (QTest::currentTestFailed())
        return;
    QString why;

    {
        ServerRegistry registry(std::make_shared<ActionJournal>(journal));
        QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
        int pooler = 0, server = 0;
        QVERIFY(watchLinked(registry, pooler, server));
        QVERIFY(runEventsUntil([&] { return registry.restoreOffers(pooler).size() == 1 && registry.restoreOffers(server).size() == 1; }, 20000));
        const UnfinishedBlock atPooler = registry.restoreOffers(pooler).first();
        QVERIFY(atPooler.atPooler);
        QCOMPARE(atPooler.database, QStringLiteral("appdb"));
        QCOMPARE(atPooler.serverName, QStringLiteral("bouncer"));
        const UnfinishedBlock atServer = registry.restoreOffers(server).first();
        QVERIFY(!atServer.atPooler);
        QCOMPARE(atServer.database, QStringLiteral("appdb"));

        const ActionSummary letIn = finishedWith(finished, registry.restore(pooler, atPooler.action));
        QVERIFY2(!letIn.error, qPrintable(letIn.describe()));
        QVERIFY2(letIn.describe().contains(QLatin1String("\"appdb\" accepts connections")), qPrintable(letIn.describe()));
        const ActionSummary allowed = finishedWith(finished, registry.restore(server, atServer.action));
        QVERIFY2(!allowed.error, qPrintable(allowed.describe()));
        QVERIFY(runEventsUntil([&] { return registry.restoreOffers(pooler).isEmpty() && registry.restoreOffers(server).isEmpty(); }, 5000));
        QVERIFY2(clientWorks(m_pooler->conninfo(QStringLiteral("appdb")), &why), qPrintable(why));
    }
    // The journal holds both as settled: the start after that has nothing to offer.
    QVERIFY(unfinishedBlocks(ActionJournal::read(journal)).empty());
}

// A PgBouncer restarted since forgets the DISABLE and lets the clients in: the offer at the
// pooler is settled when that is seen, and a pause an admin makes later is not offered for
// undoing. The server's own offer from the same kill-all stands.
void TestPooler::aPoolerRestartedSinceIsNotOfferedToLetIn()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString journal = dir.filePath(QStringLiteral("journal.jsonl"));
    cutOffAKillAllAlsoAtThePooler(journal);
    if (QTest::currentTestFailed())
        return;
    QString poolerOffer;
    {
        ServerRegistry registry(std::make_shared<ActionJournal>(journal));
        QSignalSpy settled(&registry, &ServerRegistry::restoreSettled);
        QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
        int pooler = 0, server = 0;
        QVERIFY(watchLinked(registry, pooler, server));
        QVERIFY(runEventsUntil([&] { return registry.restoreOffers(pooler).size() == 1 && registry.restoreOffers(server).size() == 1; }, 20000));
        poolerOffer = registry.restoreOffers(pooler).first().action;

        QVERIFY_OK(m_pooler->restart());
        QVERIFY(runEventsUntil([&] { return registry.restoreOffers(pooler).isEmpty(); }, 20000));
        QCOMPARE(settled.count(), 1);
        QCOMPARE(settled.first().at(0).toString(), poolerOffer);
        QCOMPARE(registry.restoreOffers(server).size(), 1); // the server still refuses connections

        // An admin pauses the alias for maintenance: not ours to undo.
        QVERIFY_OK(m_pooler->command(QStringLiteral("PAUSE appdb")));
        QVERIFY(runEventsUntil([&] {
            const SnapshotPtr s = registry.monitor(pooler)->lastSnapshot();
            return s && s->pooler && s->pooler->shutOut(QStringLiteral("appdb"));
        }, 10000));
        QSignalSpy polled(&registry, &ServerRegistry::snapshotReady);
        QVERIFY(runEventsUntil([&] { return polled.count() >= 4; }, 10000));
        QVERIFY(registry.restoreOffers(pooler).isEmpty());
        QVERIFY_OK(m_pooler->command(QStringLiteral("RESUME appdb")));

        const ActionSummary allowed = finishedWith(finished, registry.restore(server, registry.restoreOffers(server).first().action));
        QVERIFY2(!allowed.error, qPrintable(allowed.describe()));
    }
    const std::vector<QJsonObject> records = ActionJournal::read(journal);
    QVERIFY(std::any_of(records.begin(), records.end(), [&](const QJsonObject &o) {
        return o.value(QStringLiteral("record")).toString() == QLatin1String("seen let in") && o.value(QStringLiteral("action")).toString() == poolerOffer;
    }));
    QVERIFY(unfinishedBlocks(records).empty());
    QString why;
    QVERIFY2(clientWorks(m_pooler->conninfo(QStringLiteral("appdb")), &why), qPrintable(why));
}

// A kill-all that drops its database, also at the pooler: the pooler's alias is kept
// disabled on purpose (it leads nowhere now), journaled so, and not offered at the next
// start for letting clients in.
void TestPooler::aDroppedDatabaseKeepsItsPoolerAliasShut()
{
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE dropme")));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString journal = dir.filePath(QStringLiteral("journal.jsonl"));
    const auto aliasShut = [](ServerRegistry &registry, int pooler) {
        const SnapshotPtr s = registry.monitor(pooler)->lastSnapshot();
        return s && s->pooler && s->pooler->shutOut(QStringLiteral("dropme"));
    };
    {
        ServerRegistry registry(std::make_shared<ActionJournal>(journal));
        int pooler = 0, server = 0;
        QVERIFY(watchLinked(registry, pooler, server));
        QString why;
        QVERIFY2(clientWorks(m_pooler->conninfo(QStringLiteral("dropme")), &why), qPrintable(why));
        const Expected<ActionRequest::AlsoAtPooler> at = registry.alsoAtPooler(server, QStringLiteral("dropme"));
        QVERIFY2(at.ok(), qPrintable(at.error().message()));
        QCOMPARE(at->databases, QStringList{QStringLiteral("dropme")});
        ActionRequest request;
        request.kind = ActionRequest::KillAll;
        request.database = QStringLiteral("dropme");
        request.blockNewConnections = true;
        request.after = ActionRequest::Drop;
        request.waitMs = 5000;
        request.alsoAtPooler = *at;
        QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
        QSignalSpy outcomes(&registry, &ServerRegistry::actionOutcome);
        const ActionSummary summary = finishedWith(finished, registry.submit(server, request));
        QVERIFY2(!summary.error, qPrintable(summary.describe()));
        QCOMPARE(summary.databaseState, ActionSummary::Dropped);
        QStringList steps;
        for (const QList<QVariant> &args : std::as_const(outcomes)) {
            const Outcome o = args.at(1).value<Outcome>();
            if (o.step.contains(QLatin1String(" on bouncer")))
                steps << o.step;
        }
        // Resumed (a paused pool holds its clients waiting), not enabled.
        QCOMPARE(steps, (QStringList{QStringLiteral("DISABLE dropme on bouncer"), QStringLiteral("KILL dropme on bouncer"),
                                     QStringLiteral("RESUME dropme on bouncer")}));
        QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = 'dropme'")), QStringLiteral("0"));
        QVERIFY(runEventsUntil([&] { return aliasShut(registry, pooler); }, 10000));
        QString refused;
        QVERIFY(!clientWorks(m_pooler->conninfo(QStringLiteral("dropme")), &refused));
        QVERIFY2(refused.contains(QLatin1String("disabled")), qPrintable(refused));
    }
    QVERIFY(journalHasStep(journal, QStringLiteral("pooler kept disabled")));
    QVERIFY(unfinishedBlocks(ActionJournal::read(journal)).empty());
    // The next start sees the alias shut, and has nothing to offer for it.
    {
        ServerRegistry registry(std::make_shared<ActionJournal>(journal));
        QSignalSpy offered(&registry, &ServerRegistry::restoreOffered);
        int pooler = 0, server = 0;
        QVERIFY(watchLinked(registry, pooler, server));
        QVERIFY(aliasShut(registry, pooler));
        QSignalSpy polled(&registry, &ServerRegistry::snapshotReady);
        QVERIFY(runEventsUntil([&] { return polled.count() >= 4; }, 10000));
        QCOMPARE(offered.count(), 0);
    }
    QVERIFY_OK(m_pooler->command(QStringLiteral("ENABLE dropme")));
}

QTEST_GUILESS_MAIN(TestPooler)
#include "tst_pooler.moc"
