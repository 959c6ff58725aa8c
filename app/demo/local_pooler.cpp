// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/local_pooler.h"

#include "demo/local_cluster.h"
#include "pg/connection.h"
#include "pg/sql_text.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

#include <signal.h>
#include <unistd.h>

namespace {

// A value for the ini file: PgBouncer reads the [databases] entries as libpq-like strings.
QString iniValue(const QString &v)
{
    return sql_text::quoteConninfoValue(v);
}

} // namespace

LocalPooler::LocalPooler(const LocalCluster &cluster, Options options)
    : m_cluster(cluster)
    , m_options(std::move(options))
    , m_binary(findBinary())
    , m_runAs(LocalCluster::unprivilegedUser())
{
}

LocalPooler::~LocalPooler()
{
    (void)stop();
}

QString LocalPooler::findBinary()
{
    const QString inPath = QStandardPaths::findExecutable(QStringLiteral("pgbouncer"));
    if (!inPath.isEmpty())
        return inPath;
    return QStandardPaths::findExecutable(QStringLiteral("pgbouncer"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
}

Error LocalPooler::writeFiles()
{
    if (!m_dir) {
        m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/pgsessions-pooler-XXXXXX"));
        if (!m_dir->isValid())
            return Error(QStringLiteral("Cannot create a temporary directory: %1").arg(m_dir->errorString()));
        QDir(m_dir->path()).mkdir(QStringLiteral("socket"));
    }
    const QString dir = m_dir->path();
    QString ini = QStringLiteral("[databases]\n");
    for (const Database &d : m_options.databases) {
        ini += QStringLiteral("%1 = host=%2 port=%3 dbname=%4 pool_mode=%5\n")
                   .arg(d.alias, iniValue(m_cluster.socketDir()))
                   .arg(m_cluster.port())
                   .arg(iniValue(d.database), d.poolMode.isEmpty() ? QStringLiteral("session") : d.poolMode);
    }
    ini += QStringLiteral("\n[pgbouncer]\n"
                          "listen_addr = 127.0.0.1\n"
                          "listen_port = %1\n"
                          "unix_socket_dir = %2/socket\n"
                          "auth_type = trust\n"
                          "auth_file = %2/userlist.txt\n"
                          "admin_users = %3\n"
                          "stats_users = %4\n"
                          "pool_mode = session\n"
                          "logfile = %2/pgbouncer.log\n"
                          "pidfile = %2/pgbouncer.pid\n"
                          "max_client_conn = %5\n"
                          "default_pool_size = %6\n")
               .arg(m_port)
               .arg(dir, m_options.adminUsers.join(QStringLiteral(", ")), m_options.statsUsers.join(QStringLiteral(", ")))
               .arg(m_options.maxClientConnections)
               .arg(m_options.defaultPoolSize);
    for (const QString &line : m_options.settings)
        ini += line + QLatin1Char('\n');
    QString users;
    for (const QString &user : m_options.users)
        users += QStringLiteral("\"%1\" \"\"\n").arg(user);
    for (const auto &[name, text] : {std::pair{QStringLiteral("pgbouncer.ini"), ini}, {QStringLiteral("userlist.txt"), users}}) {
        QFile file(dir + QLatin1Char('/') + name);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text.toUtf8()) < 0)
            return Error(QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
    }
    if (!m_runAs.isEmpty()) {
        // PgBouncer refuses root: the directory is the unprivileged user's, so that its
        // log, pid file and socket can be made there.
        if (const Error e = LocalCluster::handTo(m_runAs, {dir, dir + QStringLiteral("/socket")}))
            return e;
    }
    return {};
}

Error LocalPooler::start()
{
    if (m_binary.isEmpty())
        return Error(QStringLiteral("PgBouncer is not installed (Debian: apt install pgbouncer)."));
    if (::geteuid() == 0 && m_runAs.isEmpty())
        return Error(QStringLiteral("Running as root, and neither user postgres nor nobody exists to run PgBouncer"));
    const bool samePort = m_port != 0;
    Error failure;
    for (int attempt = 0; attempt < 4; ++attempt) {
        if (!samePort || attempt > 0)
            m_port = LocalCluster::freePort();
        if (const Error e = writeFiles())
            return e;
        QFile::remove(m_dir->path() + QStringLiteral("/pgbouncer.log"));
        m_process = std::make_unique<QProcess>();
        // Its log goes to its log file too; a pipe nobody reads would fill up and stop it.
        m_process->setStandardOutputFile(QProcess::nullDevice());
        m_process->setStandardErrorFile(QProcess::nullDevice());
        m_process->setWorkingDirectory(m_dir->path());
        const QString ini = m_dir->path() + QStringLiteral("/pgbouncer.ini");
        LocalCluster::startAs(*m_process, m_runAs, {m_binary, ini});
        if (!m_process->waitForStarted(10000))
            return Error(QStringLiteral("Cannot start PgBouncer: %1").arg(m_process->errorString()));
        startReaper();
        failure = waitUntilReady();
        if (!failure)
            return {};
        (void)stop();
        if (!failure.message().contains(QLatin1String("cannot listen")))
            break;
    }
    return failure;
}

Error LocalPooler::waitUntilReady()
{
    const QDeadlineTimer deadline(20000);
    const QByteArray listening = "listening on 127.0.0.1:" + QByteArray::number(m_port);
    QByteArray output;
    QFile log(m_dir->path() + QStringLiteral("/pgbouncer.log"));
    while (!deadline.hasExpired()) {
        m_process->waitForFinished(100);
        if (log.isOpen() || log.open(QIODevice::ReadOnly))
            output += log.readAll();
        if (m_process->state() == QProcess::NotRunning)
            return Error(QStringLiteral("PgBouncer exited (%1): %2").arg(m_process->exitCode()).arg(QString::fromLocal8Bit(output).right(2000)));
        // 1.18 only warns when its port is taken, and goes on with the socket alone.
        if (output.contains("cannot listen on"))
            return Error(QStringLiteral("PgBouncer cannot listen on port %1: %2").arg(m_port).arg(QString::fromLocal8Bit(output).right(1000)));
        if (!output.contains(listening) || !output.contains("process up"))
            continue;
        Expected<pg::Connection> console = pg::Connection::connect(conninfo(), 5);
        if (!console.ok())
            continue;
        const pg::Result r = console->exec(QByteArrayLiteral("SHOW VERSION"));
        if (r.ok() && r.rows() == 1) {
            m_version = r.text(0, 0).section(QLatin1Char(' '), 1, 1);
            return {};
        }
    }
    return Error(QStringLiteral("PgBouncer did not get ready within 20 s: %1").arg(QString::fromLocal8Bit(output).right(2000)));
}

// A test program that crashes or is killed by ctest's timeout never runs its destructors:
// a detached shell watches this process and stops PgBouncer and removes its files.
void LocalPooler::startReaper()
{
    const QString script = QStringLiteral("while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done; "
                                          "if kill -0 \"$2\" 2>/dev/null; then kill -TERM \"$2\"; sleep 1; kill -KILL \"$2\" 2>/dev/null; "
                                          "rm -rf \"$3\"; fi");
    QProcess::startDetached(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script, QStringLiteral("pgsessions-pooler-reaper"),
                                                         QString::number(::getpid()), QString::number(m_process->processId()), m_dir->path()},
                            QStringLiteral("/"));
}

Error LocalPooler::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        m_process.reset();
        return {};
    }
    // An immediate stop: SIGTERM until 1.22, SIGQUIT from 1.23 on (where SIGTERM waits for
    // every client to leave).
    const bool quitSignal = m_version.section(QLatin1Char('.'), 0, 0).toInt() > 1 || m_version.section(QLatin1Char('.'), 1, 1).toInt() >= 23;
    ::kill(pid_t(m_process->processId()), quitSignal ? SIGQUIT : SIGTERM);
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished(2000);
    }
    m_process.reset();
    return {};
}

Error LocalPooler::restart()
{
    (void)stop();
    return start();
}

QString LocalPooler::conninfo(const QString &database, const QString &user) const
{
    return QStringLiteral("host=127.0.0.1 port=%1 dbname=%2 user=%3")
        .arg(m_port)
        .arg(sql_text::quoteConninfoValue(database), sql_text::quoteConninfoValue(user));
}

Error LocalPooler::command(const QString &command, const QString &user) const
{
    Expected<pg::Connection> console = pg::Connection::connect(conninfo(QStringLiteral("pgbouncer"), user), 10);
    if (!console.ok())
        return console.error();
    const pg::Result r = console->exec(command.toUtf8());
    return r.valid() ? r.error() : console->lastError();
}

QString LocalPooler::log() const
{
    if (!m_dir)
        return {};
    QFile file(m_dir->path() + QStringLiteral("/pgbouncer.log"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLocal8Bit(file.readAll().right(4000));
}
