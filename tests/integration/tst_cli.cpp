// SPDX-License-Identifier: GPL-3.0-or-later
// pgsessions-cli as a script runs it (no terminal, its own settings and journal in a
// temporary home): each command against a real server, exit statuses, JSON lines, the
// refusal to act unasked, a pool that reconnects during kill-all --block, a backend the
// server refuses to signal, a malformed connection string, and a dry run.
#include "cluster_fixture.h"
#include "reconnecting_client.h"
#include "test_session.h"

#include "actions/action_journal.h"
#include "actions/journal_recovery.h"
#include "servers/server_registry.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <QSettings>
#include <QtTest>

namespace {

struct Run {
    int status = -1;
    QString out;
    QString err;
    std::vector<QJsonObject> lines; ///< stdout's JSON objects

    QString outcomeOf(int pid) const
    {
        for (const QJsonObject &o : lines) {
            if (o.value(QStringLiteral("pid")).toInt() == pid && o.contains(QStringLiteral("outcome")))
                return o.value(QStringLiteral("outcome")).toString();
        }
        return {};
    }
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listShowsTheSessions();
    void terminateEndsExactlyThoseBackends();
    void withoutATerminalItAsksForYes();
    void aRefusedBackendExitsOne();
    void aMalformedConnectionStringExitsTwo();
    void aMistakeInTheArgumentsIsToldBeforeConnecting();
    void aDatabaseDroppedFromInside();
    void killAllBlockedOutlastsAReconnectingPool();
    void aKilledCommandsBlockIsOfferedByTheApp();
    void onATerminalItAsksAndCtrlCIsANo();
    void aDryRunEndsNothing();
    void resetFromATemplate();
    void allowConnectionsIsTheWayBack();
    void anOptionOfAnotherCommandIsRefused();
    void aSavedRuleAndASavedServer();
    void helpForEachCommand();

private:
    Run cli(const QStringList &arguments, const QString &user = QStringLiteral("postgres"));
    bool alive(int pid) const;

    TestCluster m_cluster;
    QTemporaryDir m_home;
};

void TestCli::initTestCase()
{
    PGSESSIONS_START_CLUSTER(m_cluster);
    for (const char *sql : {"CREATE DATABASE shop", "CREATE DATABASE scratch", "CREATE DATABASE seed", "CREATE ROLE weak LOGIN"})
        QVERIFY_OK(m_cluster.exec(QString::fromLatin1(sql)));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE TABLE orders (id int)"), QStringLiteral("seed")));
}

Run TestCli::cli(const QStringList &arguments, const QString &user)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    env.remove(QStringLiteral("PGSERVICE"));
    process.setProcessEnvironment(env);
    QStringList args = arguments;
    if (!args.contains(QStringLiteral("--server")) && !args.contains(QStringLiteral("-d")))
        args = QStringList{QStringLiteral("-d"), m_cluster.conninfo(QStringLiteral("postgres"), user)} + args;
    process.start(QStringLiteral(PGSESSIONS_CLI), args);
    process.closeWriteChannel(); // no terminal, nobody to answer
    Run r;
    if (!process.waitForFinished(120000)) {
        process.kill();
        return r;
    }
    r.status = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    for (const QString &line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8());
        if (doc.isObject())
            r.lines.push_back(doc.object());
    }
    return r;
}

bool TestCli::alive(int pid) const
{
    return m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(pid)) == QLatin1String("1");
}

void TestCli::listShowsTheSessions()
{
    TestSession::Options options;
    options.database = QStringLiteral("shop");
    options.application = QStringLiteral("shop-web");
    auto a = TestSession::open(m_cluster, options);
    QVERIFY(a && a->makeIdleInTransaction());
    Run r = cli({QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--database"), QStringLiteral("shop")});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.lines.size(), size_t(1));
    QCOMPARE(r.lines.front().value(QStringLiteral("pid")).toInt(), a->pid());
    QCOMPARE(r.lines.front().value(QStringLiteral("application")).toString(), QStringLiteral("shop-web"));
    QCOMPARE(r.lines.front().value(QStringLiteral("state")).toString(), QStringLiteral("idle in transaction"));
    r = cli({QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("idle in transaction")});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.startsWith(QLatin1String("PID")));
    QVERIFY(r.out.contains(QString::number(a->pid())));
    // Its own connection is not listed, whatever its state.
    r = cli({QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(r.status, 0);
    QVERIFY(r.lines.size() >= 2);
    for (const QJsonObject &line : r.lines)
        QVERIFY2(!line.value(QStringLiteral("application")).toString().startsWith(QLatin1String("pgsessions")),
                 qPrintable(line.value(QStringLiteral("application")).toString()));
}

void TestCli::terminateEndsExactlyThoseBackends()
{
    auto a = TestSession::open(m_cluster);
    auto b = TestSession::open(m_cluster);
    QVERIFY(a && b);
    const Run r = cli({QStringLiteral("terminate"), QString::number(a->pid()), QStringLiteral("--yes"), QStringLiteral("--json")});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.outcomeOf(a->pid()), QStringLiteral("terminated"));
    QVERIFY(!alive(a->pid()));
    QVERIFY(alive(b->pid()));
    // The fields the man page names, backend_start as list --json gives it.
    const auto line = std::find_if(r.lines.begin(), r.lines.end(), [&](const QJsonObject &o) { return o.value(QStringLiteral("pid")).toInt() == a->pid(); });
    QVERIFY(line != r.lines.end());
    const QDateTime started = QDateTime::fromString(line->value(QStringLiteral("backend_start")).toString(), Qt::ISODateWithMs);
    QVERIFY2(started.isValid() && qAbs(started.secsTo(QDateTime::currentDateTimeUtc())) < 60, qPrintable(line->value(QStringLiteral("backend_start")).toString()));
    for (const char *field : {"user", "database", "application", "outcome"})
        QVERIFY2(line->contains(QLatin1String(field)), field);
    // The same journal as the app's: the start record holds the target.
    const auto records = ActionJournal::read(m_home.filePath(QStringLiteral("data/pgsessions/pgsessions/journal.jsonl")));
    bool journaled = false;
    for (const QJsonObject &o : records)
        for (const QJsonValue &t : o.value(QStringLiteral("targets")).toArray())
            journaled = journaled || (o.value(QStringLiteral("kind")).toString() == QLatin1String("terminate")
                                      && t.toObject().value(QStringLiteral("pid")).toInt() == a->pid());
    QVERIFY2(journaled, qPrintable(QStringLiteral("%1 records").arg(records.size())));
}

void TestCli::withoutATerminalItAsksForYes()
{
    auto a = TestSession::open(m_cluster);
    QVERIFY(a);
    const Run r = cli({QStringLiteral("terminate"), QString::number(a->pid())});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QLatin1String("--yes")), qPrintable(r.err));
    QVERIFY(alive(a->pid()));
}

void TestCli::aRefusedBackendExitsOne()
{
    auto superuser = TestSession::open(m_cluster);
    QVERIFY(superuser);
    const Run r = cli({QStringLiteral("terminate"), QString::number(superuser->pid()), QStringLiteral("--yes"), QStringLiteral("--json")},
                      QStringLiteral("weak"));
    QCOMPARE(r.status, 1);
    QCOMPARE(r.outcomeOf(superuser->pid()), QStringLiteral("permission denied"));
    bool sqlstate = false;
    for (const QJsonObject &o : r.lines)
        sqlstate = sqlstate || o.value(QStringLiteral("sqlstate")).toString() == QLatin1String("42501");
    QVERIFY(sqlstate);
    QVERIFY(alive(superuser->pid()));
    // A PID that is not there: said, and exit 1.
    const Run gone = cli({QStringLiteral("terminate"), QStringLiteral("999999"), QStringLiteral("--yes")});
    QCOMPARE(gone.status, 1);
    QVERIFY(gone.err.contains(QLatin1String("no backend with PID 999999")));
}

void TestCli::aMalformedConnectionStringExitsTwo()
{
    Run r = cli({QStringLiteral("-d"), QStringLiteral("host=db1 port"), QStringLiteral("list")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QLatin1String("missing \"=\" after \"port\"")), qPrintable(r.err)); // libpq's words
    r = cli({QStringLiteral("-d"), QStringLiteral("host=127.0.0.1 port=1 connect_timeout=2"), QStringLiteral("list")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QLatin1String("127.0.0.1")), qPrintable(r.err));
    r = cli({QStringLiteral("terminate"), QStringLiteral("abc"), QStringLiteral("--yes")});
    QCOMPARE(r.status, 2);
    r = cli({QStringLiteral("frobnicate")});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains(QLatin1String("unknown command")));
    // A database named that does not exist is libpq's error, as with psql: no other
    // database is used in its place.
    r = cli({QStringLiteral("-d"), m_cluster.conninfo(QStringLiteral("nosuchdb")), QStringLiteral("list")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QLatin1String("\"nosuchdb\" does not exist")), qPrintable(r.err));
}

// A mistake in a command's own arguments is told as such, with the command's usage, and
// exits 2 before any server is reached: here none could be, and no connection error shows.
void TestCli::aMistakeInTheArgumentsIsToldBeforeConnecting()
{
    const QStringList nowhere{QStringLiteral("-d"), QStringLiteral("host=127.0.0.1 port=1 connect_timeout=2")};
    const std::vector<std::pair<QStringList, QString>> mistakes{
        {{QStringLiteral("terminate"), QStringLiteral("12"), QStringLiteral("abc"), QStringLiteral("--yes")}, QStringLiteral("\"abc\" is not a PID")},
        {{QStringLiteral("cancel"), QStringLiteral("-"), QStringLiteral("--yes")}, QStringLiteral("\"-\" is not a PID")},
        {{QStringLiteral("cancel"), QStringLiteral("0")}, QStringLiteral("\"0\" is not a PID")},
        {{QStringLiteral("terminate"), QStringLiteral("--yes")}, QStringLiteral("terminate needs at least one PID")},
        {{QStringLiteral("kill-all"), QString(), QStringLiteral("--yes")}, QStringLiteral("kill-all needs one DATABASE")},
        {{QStringLiteral("kill-all"), QStringLiteral("shop"), QStringLiteral("games"), QStringLiteral("--yes")}, QStringLiteral("kill-all needs one DATABASE")},
        {{QStringLiteral("allow-connections")}, QStringLiteral("allow-connections needs one DATABASE")},
        {{QStringLiteral("rule")}, QStringLiteral("rule needs the NAME of a rule")},
        {{QStringLiteral("list"), QStringLiteral("shop")}, QStringLiteral("list takes no arguments, not \"shop\"")},
        // An unset variable in a script gives an empty value: not a reset left out.
        {{QStringLiteral("kill-all"), QStringLiteral("shop"), QStringLiteral("--block"), QStringLiteral("--reset-from"), QString(), QStringLiteral("--yes")},
         QStringLiteral("--reset-from needs a value, not an empty one")},
        {{QStringLiteral("kill-all"), QStringLiteral("shop"), QStringLiteral("--rename"), QString(), QStringLiteral("--yes")},
         QStringLiteral("--rename needs a value, not an empty one")},
        // An option the command does not take (anOptionOfAnotherCommandIsRefused).
        {{QStringLiteral("list"), QStringLiteral("--block")}, QStringLiteral("list does not take --block")},
        {{QStringLiteral("list"), QStringLiteral("-y")}, QStringLiteral("list does not take -y")},
        {{QStringLiteral("terminate"), QStringLiteral("12"), QStringLiteral("--rename"), QStringLiteral("x")}, QStringLiteral("terminate does not take --rename")},
        {{QStringLiteral("kill-all"), QStringLiteral("shop"), QStringLiteral("--apply")}, QStringLiteral("kill-all does not take --apply")},
        {{QStringLiteral("kill-all"), QStringLiteral("shop"), QStringLiteral("--keep-blocked")}, QStringLiteral("--keep-blocked needs --block")},
        {{QStringLiteral("kill-all"), QStringLiteral("shop"), QStringLiteral("--drop"), QStringLiteral("--reset-empty")},
         QStringLiteral("--drop, --rename, --reset-from and --reset-empty exclude each other")},
        {{QStringLiteral("rule"), QStringLiteral("stuck"), QStringLiteral("--cancel")}, QStringLiteral("--cancel needs --apply")},
    };
    for (const auto &[arguments, message] : mistakes) {
        const Run r = cli(nowhere + arguments);
        const QString what = arguments.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err;
        QVERIFY2(r.status == 2, qPrintable(what));
        QVERIFY2(r.err.contains(message), qPrintable(what));
        QVERIFY2(r.err.contains(QStringLiteral("Usage: pgsessions-cli [-d CONNINFO] %1 ").arg(arguments.front())), qPrintable(what)); // its own usage
        QVERIFY2(!r.err.contains(QLatin1String("127.0.0.1")), qPrintable(what));
    }
    // An empty server name is no server, not libpq's defaults in its place.
    const Run unnamed = cli({QStringLiteral("--server"), QString(), QStringLiteral("list")});
    QCOMPARE(unnamed.status, 2);
    QVERIFY2(unnamed.err.contains(QLatin1String("--server needs the name of a server")) && unnamed.out.isEmpty(), qPrintable(unnamed.err));
    // The same commands with good arguments go on to the server, and fail there.
    const Run r = cli(nowhere + QStringList{QStringLiteral("terminate"), QStringLiteral("12"), QStringLiteral("--yes")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QLatin1String("127.0.0.1")) && !r.err.contains(QLatin1String("Usage:")), qPrintable(r.err));
}

// The database a kill-all drops is the one -d names: the command connects elsewhere.
void TestCli::aDatabaseDroppedFromInside()
{
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE doomed")));
    TestSession::Options options;
    options.database = QStringLiteral("doomed");
    auto a = TestSession::open(m_cluster, options);
    QVERIFY(a);
    const Run r = cli({QStringLiteral("-d"), m_cluster.conninfo(QStringLiteral("doomed")), QStringLiteral("kill-all"), QStringLiteral("doomed"),
                       QStringLiteral("--block"), QStringLiteral("--drop"), QStringLiteral("--yes"), QStringLiteral("--json")});
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QCOMPARE(r.outcomeOf(a->pid()), QStringLiteral("terminated"));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = 'doomed'")), QStringLiteral("0"));
}

// SIGKILL of the command mid blocking kill-all: the app, started on the same journal,
// offers to let the database in again, and one click does.
void TestCli::aKilledCommandsBlockIsOfferedByTheApp()
{
    TestSession::Options options;
    options.database = QStringLiteral("shop");
    auto stuck = TestSession::open(m_cluster, options);
    auto other = TestSession::open(m_cluster, options);
    QVERIFY(stuck && other);
    const StoppedBackend stopped(stuck->pid()); // takes its SIGTERM only once continued: the kill-all waits
    QVERIFY(stopped.stopped);
    const QString journal = m_home.filePath(QStringLiteral("data/pgsessions/pgsessions/journal.jsonl"));
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(PGSESSIONS_CLI), {QStringLiteral("-d"), m_cluster.conninfo(), QStringLiteral("kill-all"), QStringLiteral("shop"),
                                                   QStringLiteral("--block"), QStringLiteral("--yes"), QStringLiteral("--wait"), QStringLiteral("60")});
    QVERIFY(process.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(!alive(other->pid()), 20000); // blocked, and ending sessions
    ::kill(pid_t(process.processId()), SIGKILL);
    QVERIFY(process.waitForFinished());
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'shop'")), QStringLiteral("f"));

    ServerRegistry registry(std::make_shared<ActionJournal>(journal));
    QSignalSpy offered(&registry, &ServerRegistry::restoreOffered);
    QSignalSpy finished(&registry, &ServerRegistry::actionFinished);
    const int id = registry.addServer(specOf(m_cluster.conninfo()));
    QVERIFY(offered.wait(20000));
    const auto block = offered.first().at(1).value<UnfinishedBlock>();
    QCOMPARE(block.database, QStringLiteral("shop"));
    QCOMPARE(block.what, QStringLiteral("kill all"));
    registry.restore(id, block.action);
    QVERIFY(finished.wait(20000));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'shop'")), QStringLiteral("t"));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CHECKPOINT")));
}

// On a terminal the command shows what it will end and asks; Ctrl+C at the question
// ends nothing. Then "y" goes ahead.
void TestCli::onATerminalItAsksAndCtrlCIsANo()
{
    TestSession::Options options;
    options.database = QStringLiteral("shop");
    options.application = QStringLiteral("asked-about");
    auto victim = TestSession::open(m_cluster, options);
    QVERIFY(victim);
    const auto run = [&](const std::function<void(pid_t, int)> &answer) {
        const QByteArray conninfo = m_cluster.conninfo().toUtf8();
        const QByteArray config = m_home.filePath(QStringLiteral("config")).toUtf8(), data = m_home.filePath(QStringLiteral("data")).toUtf8();
        const QByteArray pid = QByteArray::number(victim->pid());
        int terminal = -1;
        const pid_t child = forkpty(&terminal, nullptr, nullptr, nullptr);
        if (child == 0) {
            setenv("XDG_CONFIG_HOME", config.constData(), 1);
            setenv("XDG_DATA_HOME", data.constData(), 1);
            execl(PGSESSIONS_CLI, PGSESSIONS_CLI, "-d", conninfo.constData(), "terminate", pid.constData(), static_cast<char *>(nullptr));
            _exit(127);
        }
        QByteArray screen;
        QElapsedTimer clock;
        clock.start();
        char buffer[4096];
        while (!screen.contains("[y/N]") && clock.elapsed() < 20000) {
            const ssize_t n = ::read(terminal, buffer, sizeof buffer);
            if (n <= 0)
                break;
            screen.append(buffer, int(n));
        }
        answer(child, terminal);
        // Until the command is gone; one still waiting after 10 s is stopped and fails.
        clock.restart();
        int status = 0;
        bool exited = false;
        while (!exited && clock.elapsed() < 10000) {
            pollfd fd{terminal, POLLIN, 0};
            if (::poll(&fd, 1, 100) > 0) {
                const ssize_t n = ::read(terminal, buffer, sizeof buffer);
                if (n > 0)
                    screen.append(buffer, int(n));
            }
            exited = waitpid(child, &status, WNOHANG) == child;
        }
        if (!exited) {
            ::kill(child, SIGKILL);
            waitpid(child, &status, 0);
            screen.append("\n[still waiting after 10 s]");
            status = -1;
        }
        ::close(terminal);
        return std::make_pair(screen, status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    };
    const auto [asked, noStatus] = run([](pid_t child, int) { ::kill(child, SIGINT); });
    QVERIFY2(asked.contains("asked-about"), asked.constData()); // what it will end, before asking
    QVERIFY2(asked.contains("nothing was done"), asked.constData());
    QCOMPARE(noStatus, 0);
    QVERIFY(alive(victim->pid()));
    const auto [yes, yesStatus] = run([](pid_t, int terminal) { QCOMPARE(::write(terminal, "y\n", 2), ssize_t(2)); });
    QCOMPARE(yesStatus, 0);
    QVERIFY2(yes.contains("terminated"), yes.constData());
    QTRY_VERIFY(!alive(victim->pid()));
}

void TestCli::killAllBlockedOutlastsAReconnectingPool()
{
    std::vector<std::unique_ptr<ReconnectingClient>> pool;
    for (int i = 0; i < 3; ++i)
        pool.push_back(std::make_unique<ReconnectingClient>(m_cluster.conninfo(QStringLiteral("shop"))));
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(pool.begin(), pool.end(), [](const auto &c) { return c->isConnected(); }), 10000);
    const Run r = cli({QStringLiteral("kill-all"), QStringLiteral("shop"), QStringLiteral("--block"), QStringLiteral("--yes"), QStringLiteral("--json"),
                       QStringLiteral("--wait"), QStringLiteral("5")});
    QCOMPARE(r.status, 0);
    QVERIFY(!r.lines.empty());
    const QJsonObject summary = r.lines.back();
    QCOMPARE(summary.value(QStringLiteral("database_state")).toString(), QStringLiteral("connections allowed"));
    QVERIFY(summary.value(QStringLiteral("counts")).toObject().value(QStringLiteral("terminated")).toInt() >= 3);
    for (const QJsonObject &o : r.lines) {
        if (o.contains(QStringLiteral("outcome")))
            QVERIFY2(o.value(QStringLiteral("outcome")).toString() == QLatin1String("terminated"), QJsonDocument(o).toJson().constData());
    }
    // Allowed again: the pool is back.
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(pool.begin(), pool.end(), [](const auto &c) { return c->isConnected() && c->connections() >= 2; }), 10000);
}

void TestCli::aDryRunEndsNothing()
{
    TestSession::Options options;
    options.database = QStringLiteral("shop");
    auto a = TestSession::open(m_cluster, options);
    QVERIFY(a);
    const Run r = cli({QStringLiteral("kill-all"), QStringLiteral("shop"), QStringLiteral("--block"), QStringLiteral("--drop"), QStringLiteral("--dry-run")});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains(QString::number(a->pid())));
    QVERIFY(r.err.contains(QLatin1String("nothing was done")));
    QVERIFY(alive(a->pid()));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'shop'")), QStringLiteral("t"));
    const Run t = cli({QStringLiteral("terminate"), QString::number(a->pid()), QStringLiteral("--dry-run")});
    QCOMPARE(t.status, 0);
    QVERIFY(alive(a->pid()));
}

void TestCli::resetFromATemplate()
{
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE TABLE junk (id int)"), QStringLiteral("scratch")));
    TestSession::Options options;
    options.database = QStringLiteral("scratch");
    auto a = TestSession::open(m_cluster, options);
    QVERIFY(a);
    const Run r = cli({QStringLiteral("kill-all"), QStringLiteral("scratch"), QStringLiteral("--block"), QStringLiteral("--reset-from"),
                       QStringLiteral("seed"), QStringLiteral("--yes")});
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QLatin1String("dropped and created again")), qPrintable(r.out));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT to_regclass('orders') IS NOT NULL AND to_regclass('junk') IS NULL"), QStringLiteral("scratch")),
             QStringLiteral("t"));
}

void TestCli::allowConnectionsIsTheWayBack()
{
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE shop ALLOW_CONNECTIONS false")));
    const Run r = cli({QStringLiteral("allow-connections"), QStringLiteral("shop")});
    QCOMPARE(r.status, 0);
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'shop'")), QStringLiteral("t"));
    const Run none = cli({QStringLiteral("allow-connections"), QStringLiteral("nosuch")});
    QCOMPARE(none.status, 1);
}

// An option a command does not take is refused with that command's usage, not ignored:
// a --dry-run that allow-connections ignored would have run for real. The other options
// refused are among aMistakeInTheArgumentsIsToldBeforeConnecting's cases.
void TestCli::anOptionOfAnotherCommandIsRefused()
{
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE shop ALLOW_CONNECTIONS false")));
    const Run dry = cli({QStringLiteral("allow-connections"), QStringLiteral("shop"), QStringLiteral("--dry-run")});
    QCOMPARE(dry.status, 2);
    QVERIFY2(dry.err.contains(QLatin1String("allow-connections does not take --dry-run")), qPrintable(dry.err));
    QVERIFY2(dry.err.contains(QLatin1String("Usage: pgsessions-cli [-d CONNINFO] allow-connections ")), qPrintable(dry.err));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'shop'")), QStringLiteral("f"));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE shop ALLOW_CONNECTIONS true")));

    const QStringList nowhere{QStringLiteral("-d"), QStringLiteral("host=127.0.0.1 port=1 connect_timeout=2")};
    // The options a command does take, short and long, let it go on to the server.
    const Run yes = cli(nowhere + QStringList{QStringLiteral("cancel"), QStringLiteral("12"), QStringLiteral("-y"), QStringLiteral("--wait"), QStringLiteral("1")});
    QCOMPARE(yes.status, 2);
    QVERIFY2(yes.err.contains(QLatin1String("127.0.0.1")) && !yes.err.contains(QLatin1String("Usage:")), qPrintable(yes.err));
}

// What the app saved: a rule and a server, in the same settings file.
void TestCli::aSavedRuleAndASavedServer()
{
    {
        QSettings settings(m_home.filePath(QStringLiteral("config/pgsessions/pgsessions.conf")), QSettings::IniFormat);
        settings.beginWriteArray(QStringLiteral("rules"), 1);
        settings.setArrayIndex(0);
        settings.setValue(QStringLiteral("rule"), QStringLiteral("{\"name\":\"stuck\",\"states\":[\"idle in transaction\"],\"application\":\"stuck-*\"}"));
        settings.endArray();
        settings.beginWriteArray(QStringLiteral("servers"), 2);
        settings.setArrayIndex(0);
        settings.setValue(QStringLiteral("id"), QStringLiteral("local-1"));
        settings.setValue(QStringLiteral("name"), QStringLiteral("local"));
        settings.setValue(QStringLiteral("useConnectionString"), true);
        settings.setValue(QStringLiteral("connectionString"), m_cluster.conninfo());
        settings.setArrayIndex(1);
        settings.setValue(QStringLiteral("id"), QStringLiteral("ha-1"));
        settings.setValue(QStringLiteral("name"), QStringLiteral("ha"));
        settings.setValue(QStringLiteral("kind"), QStringLiteral("patroni"));
        settings.setValue(QStringLiteral("patroni"), QStringLiteral("http://db1:8008"));
        settings.endArray();
    }
    TestSession::Options options;
    options.application = QStringLiteral("stuck-batch");
    auto stuck = TestSession::open(m_cluster, options);
    options.application = QStringLiteral("fine");
    auto fine = TestSession::open(m_cluster, options);
    QVERIFY(stuck && fine && stuck->makeIdleInTransaction() && fine->makeIdleInTransaction());
    Run r = cli({QStringLiteral("--server"), QStringLiteral("local"), QStringLiteral("rule"), QStringLiteral("stuck"), QStringLiteral("--json")});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.lines.size(), size_t(1));
    QCOMPARE(r.lines.front().value(QStringLiteral("pid")).toInt(), stuck->pid());
    r = cli({QStringLiteral("--server"), QStringLiteral("local"), QStringLiteral("rule"), QStringLiteral("stuck"), QStringLiteral("--apply"),
             QStringLiteral("--yes"), QStringLiteral("--json")});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.outcomeOf(stuck->pid()), QStringLiteral("terminated"));
    QVERIFY(alive(fine->pid()));
    r = cli({QStringLiteral("rule"), QStringLiteral("nosuch")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QLatin1String("stuck")), qPrintable(r.err)); // the names there are
    r = cli({QStringLiteral("--server"), QStringLiteral("elsewhere"), QStringLiteral("list")});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains(QLatin1String("local")));
    // A saved Patroni cluster is no one server: not connected to, and said why.
    r = cli({QStringLiteral("--server"), QStringLiteral("ha"), QStringLiteral("list")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QLatin1String("\"ha\" is a Patroni cluster (REST API http://db1:8008), not one server: name the member with -d")),
             qPrintable(r.err));
}

void TestCli::helpForEachCommand()
{
    for (const QString &command : {QStringLiteral("list"), QStringLiteral("terminate"), QStringLiteral("cancel"), QStringLiteral("kill-all"),
                                   QStringLiteral("allow-connections"), QStringLiteral("rule")}) {
        const Run r = cli({command, QStringLiteral("--help")});
        QCOMPARE(r.status, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("Usage: pgsessions-cli")) && r.out.contains(command), qPrintable(r.out));
    }
    QVERIFY(cli({QStringLiteral("kill-all"), QStringLiteral("--help")}).out.contains(QLatin1String("--reset-from")));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
