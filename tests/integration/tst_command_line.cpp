// SPDX-License-Identifier: GPL-3.0-or-later
// The pgsessions binary as a DBA starts it: --help and --version, servers named on the
// command line (watched, never saved), input libpq cannot read, and closing while a
// server never answers.
#include "cluster_fixture.h"
#include "servers/server_profile.h"
#include "silent_listener.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <libpq-fe.h>

#include <csignal>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

// libpq's own verdict on @p text, to compare with what the app says about it.
QString libpqMessage(const QString &text)
{
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(text.toUtf8().constData(), &error);
    PQconninfoFree(options);
    const QString message = error ? QString::fromUtf8(error).trimmed() : QString();
    PQfreemem(error);
    return message;
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void helpNamesEveryOptionAndTheServerArgument();
    void versionIsTheProjects();
    void helpAndVersionNeedNoDisplay();
    void malformedServerIsRefusedWithLibpqsMessage_data();
    void malformedServerIsRefusedWithLibpqsMessage();
    void serversOnTheCommandLineAreWatchedNotSaved();
    void closesPromptlyWhileAServerNeverAnswers();

private:
    void startApp(QProcess &app, const QStringList &arguments, bool display = true) const;
    Run runToEnd(const QStringList &arguments) const;
    /// The number of this app's monitor connections on the test server.
    int appConnections();

    TestCluster m_cluster;
    QTemporaryDir m_home; // settings and journal of the app under test, not the user's
};

void TestCommandLine::initTestCase()
{
    QVERIFY(m_home.isValid());
    PGSESSIONS_START_CLUSTER(m_cluster);
}

void TestCommandLine::startApp(QProcess &app, const QStringList &arguments, bool display) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (display) {
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    } else {
        // Over SSH, in a script: no display at all, and Qt's default platform (xcb).
        for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(QLatin1String(name));
    }
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(PGSESSIONS_BINARY), arguments);
}

Run TestCommandLine::runToEnd(const QStringList &arguments) const
{
    QProcess app;
    startApp(app, arguments);
    Run run;
    if (!app.waitForFinished(30000)) {
        app.kill();
        app.waitForFinished();
        return run;
    }
    run.exitCode = app.exitStatus() == QProcess::NormalExit ? app.exitCode() : -1;
    run.out = QString::fromLocal8Bit(app.readAllStandardOutput());
    run.err = QString::fromLocal8Bit(app.readAllStandardError());
    return run;
}

int TestCommandLine::appConnections()
{
    return m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'pgsessions monitor %'")).toInt();
}

void TestCommandLine::helpNamesEveryOptionAndTheServerArgument()
{
    const Run run = runToEnd({QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    for (const char *expected : {"Usage:", "--help", "--version", "--demo", "[server...]", "postgresql://", "service=NAME"})
        QVERIFY2(run.out.contains(QLatin1String(expected)), qPrintable(QStringLiteral("%1 missing from:\n%2").arg(QLatin1String(expected), run.out)));
}

void TestCommandLine::versionIsTheProjects()
{
    const Run run = runToEnd({QStringLiteral("--version")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(), QStringLiteral("pgsessions " PGSESSIONS_VERSION));
}

void TestCommandLine::helpAndVersionNeedNoDisplay()
{
    for (const char *option : {"--help", "--version"}) {
        QProcess app;
        startApp(app, {QLatin1String(option)}, false);
        QVERIFY(app.waitForFinished(30000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        const QString out = QString::fromLocal8Bit(app.readAllStandardOutput());
        QVERIFY2(out.contains(QLatin1String(option[2] == 'h' ? "Usage:" : "pgsessions " PGSESSIONS_VERSION)), qPrintable(out));
    }
}

void TestCommandLine::malformedServerIsRefusedWithLibpqsMessage_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("conninfo without =") << QStringLiteral("host=db1 port");
    QTest::newRow("unknown keyword") << QStringLiteral("host=db1 colour=red");
    QTest::newRow("unterminated quote") << QStringLiteral("host='db1");
    QTest::newRow("URI with a bad IPv6 host") << QStringLiteral("postgresql://[::1/db");
    QTest::newRow("URI with an unknown parameter") << QStringLiteral("postgresql://db1/app?colour=red");
}

void TestCommandLine::malformedServerIsRefusedWithLibpqsMessage()
{
    QFETCH(QString, server);
    const QString expected = libpqMessage(server);
    QVERIFY2(!expected.isEmpty(), "libpq accepts this input: the test needs input it refuses");
    const int before = appConnections();
    // A good server beside the bad one: nothing is watched when one argument is wrong.
    const Run run = runToEnd({m_cluster.conninfo(), server});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(server) && run.err.contains(expected), qPrintable(run.err));
    QCOMPARE(appConnections(), before);
}

void TestCommandLine::serversOnTheCommandLineAreWatchedNotSaved()
{
    QProcess app;
    startApp(app, {m_cluster.conninfo(), QStringLiteral("postgresql://postgres@127.0.0.1:%1/postgres").arg(m_cluster.port())});
    QVERIFY(app.waitForStarted());
    // Both reach the server: two monitor connections of the app.
    QTRY_COMPARE_WITH_TIMEOUT(appConnections(), 2, 20000);
    ::kill(pid_t(app.processId()), SIGTERM);
    QVERIFY(app.waitForFinished(10000));
    QCOMPARE(app.exitCode(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(appConnections(), 0, 5000);

    QSettings settings(m_home.filePath(QStringLiteral("config/pgsessions/pgsessions.conf")), QSettings::IniFormat);
    QVERIFY2(QFile::exists(settings.fileName()), "the app saves its window settings on close"); // so the next check means something
    QCOMPARE(ServerProfile::load(settings).size(), 0);
}

void TestCommandLine::closesPromptlyWhileAServerNeverAnswers()
{
    SilentListener silent;
    QVERIFY(silent.isListening());
    QProcess app;
    startApp(app, {QStringLiteral("host=127.0.0.1 port=%1 user=postgres connect_timeout=60").arg(silent.port()), m_cluster.conninfo()});
    QVERIFY(app.waitForStarted());
    // The real server is watched, and the silent one is being tried (for up to 60 s).
    QTRY_COMPARE_WITH_TIMEOUT(appConnections(), 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(silent.connectionWaiting(), 10000);

    QElapsedTimer clock;
    clock.start();
    ::kill(pid_t(app.processId()), SIGTERM); // closes the window as the user would
    QVERIFY(app.waitForFinished(30000));
    const qint64 ms = clock.elapsed();
    qInfo("the app exited %lld ms after it was asked to close", ms);
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.exitCode(), 0);
    QVERIFY2(ms < 2000, qPrintable(QString::number(ms)));
}

QTEST_MAIN(TestCommandLine)
#include "tst_command_line.moc"
