// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/local_cluster.h"

#include "pg/connection.h"
#include "pg/sql_text.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

// A port nobody listens on right now (the kernel's choice for an ephemeral bind).
int LocalCluster::freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    int port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

LocalCluster::LocalCluster(QString binDir)
    : LocalCluster(std::move(binDir), Options{})
{
}

LocalCluster::LocalCluster(QString binDir, Options options)
    : m_options(options)
    , m_binDir(std::move(binDir))
{
}

QString LocalCluster::findBinDir()
{
    auto hasServer = [](const QString &dir) {
        return !dir.isEmpty() && QFile::exists(dir + QStringLiteral("/initdb")) && QFile::exists(dir + QStringLiteral("/pg_ctl"));
    };
    QProcess pgConfig;
    pgConfig.start(QStringLiteral("pg_config"), {QStringLiteral("--bindir")});
    if (pgConfig.waitForFinished(5000)) {
        const QString dir = QString::fromLocal8Bit(pgConfig.readAllStandardOutput()).trimmed();
        if (hasServer(dir))
            return dir;
    }
    const QString initdb = QStandardPaths::findExecutable(QStringLiteral("initdb"));
    if (!initdb.isEmpty() && hasServer(QFileInfo(initdb).absolutePath()))
        return QFileInfo(initdb).absolutePath();
    QDir versions(QStringLiteral("/usr/lib/postgresql"));
    QStringList majors = versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(majors.begin(), majors.end(), [](const QString &a, const QString &b) { return a.toDouble() > b.toDouble(); });
    for (const QString &major : majors) {
        const QString dir = versions.filePath(major + QStringLiteral("/bin"));
        if (hasServer(dir))
            return dir;
    }
    return {};
}

LocalCluster::~LocalCluster()
{
    if (m_running)
        (void)stop(QStringLiteral("immediate"));
}

QString LocalCluster::socketDir() const
{
    return m_dir ? m_dir->path() + QStringLiteral("/socket") : QString();
}

QString LocalCluster::serverLog() const
{
    QFile log(m_dir->path() + QStringLiteral("/server.log"));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    const QByteArray tail = log.readAll().right(4000);
    return QString::fromUtf8(tail);
}

Error LocalCluster::run(const QString &program, const QStringList &arguments, int timeoutMs) const
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(m_dir->path());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    env.remove(QStringLiteral("PGDATA"));
    process.setProcessEnvironment(env);
    const QString binary = m_binDir + QLatin1Char('/') + program;
    if (m_runAs.isEmpty()) {
        process.start(binary, arguments);
    } else {
        process.start(QStringLiteral("runuser"), QStringList{QStringLiteral("-u"), m_runAs, QStringLiteral("--"), binary} + arguments);
    }
    const bool finished = process.waitForStarted(10000) && process.waitForFinished(timeoutMs);
    const QString text = QString::fromLocal8Bit(process.readAll());
    if (!finished) {
        process.kill();
        process.waitForFinished(2000);
        return Error(QStringLiteral("%1 did not finish: %2 %3").arg(program, process.errorString(), text));
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return Error(QStringLiteral("%1 failed (exit %2): %3").arg(program).arg(process.exitCode()).arg(text));
    return {};
}

QString LocalCluster::unprivilegedUser()
{
    if (::geteuid() != 0)
        return {};
    for (const char *candidate : {"postgres", "nobody"}) {
        if (::getpwnam(candidate))
            return QString::fromLatin1(candidate);
    }
    return {};
}

Error LocalCluster::prepareDirectory()
{
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/pgsessions-cluster-XXXXXX"));
    if (!m_dir->isValid())
        return Error(QStringLiteral("Cannot create a temporary directory: %1").arg(m_dir->errorString()));
    QDir(m_dir->path()).mkdir(QStringLiteral("socket"));
    if (::geteuid() != 0)
        return {};
    // initdb refuses to run as root: hand the directory to an unprivileged user.
    for (const char *candidate : {"postgres", "nobody"}) {
        if (::getpwnam(candidate)) {
            m_runAs = QString::fromLatin1(candidate);
            return handTo(m_runAs, {m_dir->path(), socketDir()});
        }
    }
    return Error(QStringLiteral("Running as root, and neither user postgres nor nobody exists to run the server"));
}

Error LocalCluster::handTo(const QString &user, const QStringList &paths)
{
    const passwd *pw = ::getpwnam(user.toLocal8Bit().constData());
    for (const QString &path : paths) {
        if (!pw || ::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) != 0)
            return Error(QStringLiteral("Cannot hand %1 to user %2").arg(path, user));
    }
    return {};
}

void LocalCluster::startAs(QProcess &process, const QString &user, const QStringList &command)
{
    if (user.isEmpty()) {
        process.start(command.first(), command.mid(1));
        return;
    }
    const passwd *pw = ::getpwnam(user.toLocal8Bit().constData());
    process.start(QStringLiteral("setpriv"), QStringList{QStringLiteral("--reuid=%1").arg(pw ? pw->pw_uid : 0), QStringLiteral("--regid=%1").arg(pw ? pw->pw_gid : 0),
                                                         QStringLiteral("--clear-groups"), QStringLiteral("--")}
                                                 + command);
}

Error LocalCluster::start()
{
    if (!QFile::exists(m_binDir + QStringLiteral("/initdb")))
        return Error(QStringLiteral("No initdb in %1: install a PostgreSQL server (Debian: postgresql-15), or set PG_BINDIR for the tests").arg(m_binDir));
    if (const Error e = prepareDirectory())
        return e;
    const QString data = m_dir->path() + QStringLiteral("/data");
    if (const Error e = run(QStringLiteral("initdb"),
                            {QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-A"),
                             QStringLiteral("trust"), QStringLiteral("-E"), m_options.encoding, QStringLiteral("--locale=C"),
                             QStringLiteral("-N")},
                            120000))
        return e;

    if (!m_options.hbaFirst.isEmpty()) {
        QFile hba(data + QStringLiteral("/pg_hba.conf"));
        QByteArray lines = m_options.hbaFirst.join(QLatin1Char('\n')).toUtf8() + '\n';
        if (!hba.open(QIODevice::ReadOnly))
            return Error(QStringLiteral("Cannot read %1").arg(hba.fileName()));
        lines += hba.readAll();
        hba.close();
        // Rewritten in place: the file keeps its owner (the server's user).
        if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate) || hba.write(lines) != lines.size())
            return Error(QStringLiteral("Cannot write %1").arg(hba.fileName()));
    }
    return startOnFreePort(QByteArray());
}

Error LocalCluster::startStandbyOf(const LocalCluster &primary)
{
    if (const Error e = prepareDirectory())
        return e;
    m_options.maxConnections = primary.m_options.maxConnections; // a standby needs at least the primary's
    const QString data = m_dir->path() + QStringLiteral("/data");
    // -R: the standby's connection to the primary goes into postgresql.auto.conf.
    if (const Error e = run(QStringLiteral("pg_basebackup"),
                            {QStringLiteral("-D"), data, QStringLiteral("-h"), primary.socketDir(), QStringLiteral("-p"),
                             QString::number(primary.port()), QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-R"),
                             QStringLiteral("-X"), QStringLiteral("stream"), QStringLiteral("-c"), QStringLiteral("fast")},
                            120000))
        return e;
    QFile conf(data + QStringLiteral("/postgresql.auto.conf"));
    if (!conf.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("Cannot read %1").arg(conf.fileName()));
    // Only what -R wrote; the primary's port and socket settings came along and go.
    QByteArray kept;
    for (const QByteArray &line : conf.readAll().split('\n')) {
        if (line.startsWith("primary_conninfo"))
            kept += line + '\n';
    }
    return startOnFreePort(kept);
}

Error LocalCluster::promote()
{
    return run(QStringLiteral("pg_ctl"),
               {QStringLiteral("-D"), m_dir->path() + QStringLiteral("/data"), QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"),
                QStringLiteral("promote")},
               90000);
}

Error LocalCluster::startOnFreePort(const QByteArray &extraSettings)
{
    const QString data = m_dir->path() + QStringLiteral("/data");
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = freePort();
        QFile conf(data + QStringLiteral("/postgresql.auto.conf"));
        if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            // The file belongs to the server's user; root may still write it.
            return Error(QStringLiteral("Cannot write %1").arg(conf.fileName()));
        }
        const QString settings = QStringLiteral(
                                     "port = %1\n"
                                     "listen_addresses = '127.0.0.1'\n"
                                     "unix_socket_directories = %2\n"
                                     "max_connections = %3\n"
                                     "fsync = off\n"
                                     "synchronous_commit = off\n"
                                     "full_page_writes = off\n"
                                     "shared_buffers = '32MB'\n"
                                     "log_min_messages = warning\n"
                                     "log_connections = off\n")
                                     .arg(m_port)
                                     .arg(sql_text::quoteConninfoValue(socketDir()))
                                     .arg(m_options.maxConnections);
        conf.write(settings.toUtf8() + extraSettings);
        conf.close();
        if (!m_runAs.isEmpty()) {
            const passwd *pw = ::getpwnam(m_runAs.toLatin1().constData());
            if (pw && ::chown(QFile::encodeName(conf.fileName()).constData(), pw->pw_uid, pw->pw_gid) != 0)
                return Error(QStringLiteral("Cannot hand %1 to %2").arg(conf.fileName(), m_runAs));
        }
        const Error started = restart();
        if (!started)
            break;
        if (!serverLog().contains(QLatin1String("could not bind")) && !started.message().contains(QLatin1String("could not bind")))
            return started;
    }
    if (!m_running)
        return Error(QStringLiteral("No free port found for the server"));

    startReaper();
    const Expected<QString> version = queryValue(QStringLiteral("SHOW server_version"));
    const Expected<QString> versionNum = queryValue(QStringLiteral("SHOW server_version_num"));
    if (!version.ok() || !versionNum.ok())
        return (version.ok() ? versionNum.error() : version.error()).withContext(QStringLiteral("Started, but cannot query the server"));
    m_version = *version;
    m_versionNum = versionNum->toInt();
    return {};
}

// A test program that crashes or is killed by ctest's timeout never runs its destructors.
// A detached shell watches this process and, once it is gone, stops the server and
// removes the directory, so that nothing of the cluster outlives the test.
void LocalCluster::startReaper()
{
    const QString pgCtl = m_binDir + QStringLiteral("/pg_ctl");
    const QString stop = m_runAs.isEmpty() ? QStringLiteral("\"$2\" -D \"$3/data\" -m immediate -w stop")
                                           : QStringLiteral("runuser -u \"$4\" -- \"$2\" -D \"$3/data\" -m immediate -w stop");
    const QString script = QStringLiteral("while kill -0 \"$1\" 2>/dev/null && [ -d \"$3/data\" ]; do sleep 1; done; "
                                          "if [ -d \"$3/data\" ]; then %1 >/dev/null 2>&1; rm -rf \"$3\"; fi")
                               .arg(stop);
    QProcess::startDetached(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script, QStringLiteral("pgsessions-cluster-reaper"),
                                                         QString::number(::getpid()), pgCtl, m_dir->path(), m_runAs},
                            QStringLiteral("/"));
}

Error LocalCluster::restart()
{
    const QString data = m_dir->path() + QStringLiteral("/data");
    if (const Error e = run(QStringLiteral("pg_ctl"),
                            {QStringLiteral("-D"), data, QStringLiteral("-l"), m_dir->path() + QStringLiteral("/server.log"),
                             QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start")},
                            90000))
        return Error(e.message() + QStringLiteral("\nserver log:\n") + serverLog());
    m_running = true;
    return {};
}

Error LocalCluster::stop(const QString &mode)
{
    if (!m_running)
        return {};
    if (const Error e = run(QStringLiteral("pg_ctl"),
                            {QStringLiteral("-D"), m_dir->path() + QStringLiteral("/data"), QStringLiteral("-m"), mode,
                             QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("stop")},
                            90000))
        return e;
    m_running = false;
    return {};
}

QString LocalCluster::conninfo(const QString &database, const QString &user) const
{
    return QStringLiteral("host=%1 port=%2 dbname=%3 user=%4")
        .arg(sql_text::quoteConninfoValue(socketDir()))
        .arg(m_port)
        .arg(sql_text::quoteConninfoValue(database), sql_text::quoteConninfoValue(user));
}

QString LocalCluster::tcpConninfo(const QString &database, const QString &user) const
{
    return QStringLiteral("host=127.0.0.1 port=%1 dbname=%2 user=%3").arg(m_port).arg(sql_text::quoteConninfoValue(database), sql_text::quoteConninfoValue(user));
}

Error LocalCluster::exec(const QString &sql, const QString &database) const
{
    Expected<pg::Connection> conn = pg::Connection::connect(conninfo(database), 30);
    if (!conn.ok())
        return conn.error();
    const pg::Result result = conn->exec(sql.toUtf8());
    return result.valid() ? result.error() : conn->lastError();
}

Expected<QString> LocalCluster::queryValue(const QString &sql, const QString &database) const
{
    Expected<pg::Connection> conn = pg::Connection::connect(conninfo(database), 30);
    if (!conn.ok())
        return conn.error();
    const pg::Result result = conn->exec(sql.toUtf8());
    if (!result.ok())
        return result.valid() ? result.error() : conn->lastError();
    if (result.rows() < 1 || result.columns() < 1)
        return Error(QStringLiteral("The query returned no row: %1").arg(sql));
    return result.text(0, 0);
}
