// SPDX-License-Identifier: GPL-3.0-or-later
// The demo server: its workload shows the states a DBA meets, its sessions can be ended,
// and nothing of it outlives the app.
#include "action_runner.h"
#include "demo/demo_server.h"
#include "models/blocking_forest.h"
#include "servers/server_monitor.h"
#include "test_cluster.h"

#include <QDir>
#include <QProcess>
#include <QSignalSpy>
#include <QtTest>

#include <csignal>

namespace {

bool processAlive(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

// Cluster directories of the demo, and servers still running on them.
QStringList demoDirectories()
{
    return QDir(QDir::tempPath()).entryList({QStringLiteral("pgsessions-cluster-*")}, QDir::Dirs);
}

// Whether a running process has @p text in its command line.
bool running(const QString &text)
{
    QProcess ps;
    ps.start(QStringLiteral("ps"), {QStringLiteral("-eo"), QStringLiteral("args")});
    ps.waitForFinished();
    return QString::fromLocal8Bit(ps.readAllStandardOutput()).contains(text);
}

bool postgresRunningIn(const QString &dir)
{
    return running(QStringLiteral("-D ") + dir + QStringLiteral("/data"));
}

const Session *find(const Snapshot &snap, const QString &application, const QString &state = {})
{
    for (const Session &s : snap.sessions) {
        if (s.application == application && (state.isEmpty() || s.state == state))
            return &s;
    }
    return nullptr;
}

} // namespace

class TestDemo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void workloadShowsRealStatesAndGoesAway();
    void appLeavesNothingBehind_data();
    void appLeavesNothingBehind();
};

void TestDemo::workloadShowsRealStatesAndGoesAway()
{
    auto demo = std::make_unique<DemoServer>();
    demo->setWorkloadProgram(QStringLiteral(PGSESSIONS_BINARY));
    QVERIFY_OK(demo->start());
    QVERIFY_OK(demo->startWorkload());
    qInfo("demo server: PostgreSQL %s in %s", qPrintable(demo->version()), qPrintable(demo->dataDirectory()));
    const QString directory = demo->dataDirectory();
    const qint64 workload = demo->workloadPid();

    MonitorOptions options;
    options.intervalMs = 200;
    ServerMonitor monitor(1, specOf(demo->conninfo()), options);
    SnapshotPtr snap;
    connect(&monitor, &ServerMonitor::snapshotReady, this, [&snap](const SnapshotPtr &s) { snap = s; });
    monitor.start();
    // Every state the workload promises, at once.
    auto everything = [&] {
        if (!snap)
            return false;
        const Session *blocker = find(*snap, QStringLiteral("migration"), QStringLiteral("idle in transaction"));
        const Session *waiter = find(*snap, QStringLiteral("games-worker"));
        return find(*snap, QStringLiteral("monthly-report"), QStringLiteral("active")) && find(*snap, QStringLiteral("psql"), QStringLiteral("idle in transaction"))
               && find(*snap, QStringLiteral("games-web")) && find(*snap, QStringLiteral("notebook")) && blocker && waiter
               && waiter->waitEventType == QLatin1String("Lock") && !waiter->blockedBy.isEmpty();
    };
    QTRY_VERIFY_WITH_TIMEOUT(everything(), 20000);
    // Its lock chain is one root blocker, the migration, holding up the three workers.
    const Session *migration = find(*snap, QStringLiteral("migration"), QStringLiteral("idle in transaction"));
    QTRY_VERIFY_WITH_TIMEOUT(BlockingForest::build(*snap).roots.size() == 1 && BlockingForest::build(*snap).roots[0].blockedInAll == 3, 20000);
    QCOMPARE(BlockingForest::build(*snap).roots[0].key.pid, migration->key.pid);
    bool background = false;
    for (const Session &s : snap->sessions)
        background |= !s.isClientBackend();
    QVERIFY(background);

    // Kill the reporting job: it is gone (its scheduler retries only after 30 s).
    const Session report = *find(*snap, QStringLiteral("monthly-report"));
    ActionRequest request;
    request.kind = ActionRequest::Terminate;
    request.targets.push_back(BackendTarget::fromSession(report));
    const ActionResult result = runAction(monitor, request);
    QVERIFY(result.finished);
    QCOMPARE(result.byPid.value(report.key.pid).result, Outcome::Terminated);
    const qint64 after = snap->serverTime;
    QTRY_VERIFY(snap->serverTime > after);
    QVERIFY(!find(*snap, QStringLiteral("monthly-report")));

    demo.reset();
    QVERIFY(!processAlive(workload));
    QVERIFY(!QDir(directory).exists());
    QVERIFY(!postgresRunningIn(directory));
    QTRY_VERIFY_WITH_TIMEOUT(!running(directory), 3000); // the cluster's watcher ends too
}

void TestDemo::appLeavesNothingBehind_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("closed with SIGTERM (Ctrl+C alike)") << int(SIGTERM);
    QTest::newRow("killed (a crash)") << int(SIGKILL);
}

void TestDemo::appLeavesNothingBehind()
{
    QFETCH(int, signal);
    const QStringList before = demoDirectories();
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    app.setProcessEnvironment(env);
    app.setProcessChannelMode(QProcess::ForwardedChannels);
    app.start(QStringLiteral(PGSESSIONS_BINARY), {QStringLiteral("--demo")});
    QVERIFY(app.waitForStarted());
    // Wait until the demo's server and workload are up.
    QString directory;
    QTRY_VERIFY_WITH_TIMEOUT(demoDirectories().size() > before.size(), 20000);
    for (const QString &d : demoDirectories()) {
        if (!before.contains(d))
            directory = QDir::temp().filePath(d);
    }
    QTRY_VERIFY_WITH_TIMEOUT(postgresRunningIn(directory), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(running(QStringLiteral("--demo-workload host='") + directory), 20000);

    ::kill(pid_t(app.processId()), signal);
    QVERIFY(app.waitForFinished(20000));
    // The cluster's watcher polls once a second.
    QTRY_VERIFY_WITH_TIMEOUT(!QDir(directory).exists(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!postgresRunningIn(directory), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!running(directory), 10000); // no workload, no watcher
}

QTEST_MAIN(TestDemo)
#include "tst_demo.moc"
