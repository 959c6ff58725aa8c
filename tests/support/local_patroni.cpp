// SPDX-License-Identifier: GPL-3.0-or-later
#include "local_patroni.h"

#include "demo/local_cluster.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThread>

#include <signal.h>
#include <unistd.h>

namespace {

const QString kPatroni = QStringLiteral("/usr/bin/patroni");
const QString kPatronictl = QStringLiteral("/usr/bin/patronictl");
const QString kEtcd = QStringLiteral("/usr/bin/etcd");

// A process that is gone, or a zombie nobody has reaped yet (PID 1 here reaps lazily).
bool gone(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const int close = line.lastIndexOf(')');
    return close < 0 || line.mid(close + 2, 1) == "Z";
}

bool waitGone(qint64 pid, int ms)
{
    const QDeadlineTimer deadline(ms);
    while (!gone(pid)) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(20);
    }
    return true;
}

qint64 postmasterOf(const QString &dataDir)
{
    QFile pidFile(dataDir + QStringLiteral("/postmaster.pid"));
    if (!pidFile.open(QIODevice::ReadOnly))
        return 0;
    return pidFile.readLine().trimmed().toLongLong();
}

// Sends @p request (HTTP/1.0) over a connected @p socket and reads the answer until the
// connection ends or the body is whole JSON (over TLS, Patroni holds the connection after
// its answer, until the client's TLS close): the status code and the body (0 and nothing
// when no answer came).
QPair<int, QByteArray> exchange(QAbstractSocket &socket, const QByteArray &request)
{
    socket.write(request);
    QByteArray response;
    const QDeadlineTimer deadline(5000);
    const auto whole = [&response] {
        const int end = response.indexOf("\r\n\r\n");
        QJsonParseError error;
        return end >= 0 && (QJsonDocument::fromJson(response.mid(end + 4), &error), error.error == QJsonParseError::NoError);
    };
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired() && !whole()) {
        socket.waitForReadyRead(200);
        response += socket.readAll();
    }
    response += socket.readAll();
    const int headerEnd = response.indexOf("\r\n\r\n");
    const QList<QByteArray> statusLine = response.left(response.indexOf("\r\n")).split(' ');
    return {statusLine.size() > 1 ? statusLine[1].toInt() : 0, headerEnd >= 0 ? response.mid(headerEnd + 4) : QByteArray()};
}

} // namespace

LocalPatroni::LocalPatroni(LocalPatroniOptions options, QString binDir)
    : m_options(options)
    , m_binDir(std::move(binDir))
    , m_runAs(::geteuid() == 0 ? LocalCluster::unprivilegedUser() : QString())
{
}

LocalPatroni::~LocalPatroni()
{
    stop();
}

QString LocalPatroni::missing()
{
    QStringList out;
    if (!QFileInfo(kPatroni).isExecutable() || !QFileInfo(kPatronictl).isExecutable())
        out << QStringLiteral("patroni");
    if (!QFileInfo(kEtcd).isExecutable())
        out << QStringLiteral("etcd-server");
    return out.join(QStringLiteral(", "));
}

int LocalPatroni::memberOfPort(int pgPort) const
{
    for (int i = 0; i < members(); ++i) {
        if (m_pgPort[i] == pgPort)
            return i;
    }
    return -1;
}

QString LocalPatroni::memberConfig(int i) const
{
    const QString dir = m_dir->path() + QLatin1Char('/') + name(i);
    // A cluster that moves quickly (loop_wait 1 s) and forgets a dead member after 10 s.
    return QStringLiteral(R"(scope: pgsessions-test
namespace: /service/
name: %1
restapi:
  listen: 127.0.0.1:%2
  connect_address: 127.0.0.1:%2
%7etcd3:
  hosts: 127.0.0.1:%3
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    postgresql:
      use_pg_rewind: true
      parameters:
        max_connections: 50
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 64MB
        wal_retrieve_retry_interval: 1s
  initdb:
    - encoding: UTF8
    - auth: trust
    - no-sync
postgresql:
  listen: 127.0.0.1:%4
  connect_address: 127.0.0.1:%4
  data_dir: %5/data
  bin_dir: %6
  pgpass: %5/pgpass
  use_unix_socket: true
  authentication:
    superuser: {username: postgres, password: postgres}
    replication: {username: replicator, password: replicator}
    rewind: {username: rewinder, password: rewinder}
  parameters:
    unix_socket_directories: '%5'
    shared_buffers: 16MB
    fsync: 'off'
  pg_hba:
    - host all secretive 127.0.0.1/32 scram-sha-256
    - local all all trust
    - host all all 127.0.0.1/32 trust
    - host replication all 127.0.0.1/32 trust
    - local replication all trust
)")
        .arg(name(i))
        .arg(m_restPort[i])
        .arg(m_etcdPort)
        .arg(m_pgPort[i])
        .arg(dir, m_binDir)
        .arg(m_options.tls ? QStringLiteral("  certfile: %1/tls/server.crt\n  keyfile: %1/tls/server.key\n  cafile: %1/tls/ca.crt\n"
                                            "  verify_client: required\n")
                                 .arg(m_dir->path())
                           : QString());
}

QString LocalPatroni::caFile() const
{
    return m_dir->path() + QStringLiteral("/tls/ca.crt");
}

QString LocalPatroni::clientCertFile() const
{
    return m_dir->path() + QStringLiteral("/tls/client.crt");
}

QString LocalPatroni::clientKeyFile() const
{
    return m_dir->path() + QStringLiteral("/tls/client.key");
}

// A CA of the test's own; the REST API's certificate for 127.0.0.1, and a client's (with
// an EC key), both signed by it.
Error LocalPatroni::writeCertificates(QStringList &owned)
{
    const QString dir = m_dir->path() + QStringLiteral("/tls");
    QDir().mkpath(dir);
    owned << dir;
    QFile san(dir + QStringLiteral("/server.ext"));
    if (!san.open(QIODevice::WriteOnly) || san.write("subjectAltName=IP:127.0.0.1\n") < 0)
        return Error(QStringLiteral("Cannot write %1").arg(san.fileName()));
    san.close();
    const QString rsa = QStringLiteral("rsa:2048"), ec = QStringLiteral("ec");
    const QList<QStringList> steps = {
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), rsa, QStringLiteral("-nodes"), QStringLiteral("-keyout"),
         QStringLiteral("ca.key"), QStringLiteral("-out"), QStringLiteral("ca.crt"), QStringLiteral("-days"), QStringLiteral("2"),
         QStringLiteral("-subj"), QStringLiteral("/CN=pgsessions test CA"),
         // a CA's extensions named here, not left to this host's openssl.cnf (the key tests
         // run with one of their own, which has none): a strict verifier wants them
         QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
         QStringLiteral("keyUsage=critical,keyCertSign,cRLSign"), QStringLiteral("-addext"), QStringLiteral("subjectKeyIdentifier=hash")},
        {QStringLiteral("req"), QStringLiteral("-newkey"), rsa, QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("server.key"),
         QStringLiteral("-out"), QStringLiteral("server.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")},
        {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"), QStringLiteral("-CA"),
         QStringLiteral("ca.crt"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-CAcreateserial"), QStringLiteral("-out"),
         QStringLiteral("server.crt"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), QStringLiteral("server.ext")},
        {QStringLiteral("req"), QStringLiteral("-newkey"), ec, QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
         QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("client.key"), QStringLiteral("-out"), QStringLiteral("client.csr"),
         QStringLiteral("-subj"), QStringLiteral("/CN=pgsessions")},
        {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("client.csr"), QStringLiteral("-CA"),
         QStringLiteral("ca.crt"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-CAcreateserial"), QStringLiteral("-out"),
         QStringLiteral("client.crt"), QStringLiteral("-days"), QStringLiteral("2")},
    };
    for (const QStringList &step : steps) {
        QProcess openssl;
        openssl.setWorkingDirectory(dir);
        openssl.setProcessChannelMode(QProcess::MergedChannels);
        openssl.start(QStringLiteral("openssl"), step);
        if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0)
            return Error(QStringLiteral("openssl %1 failed: %2%3").arg(step.join(QLatin1Char(' ')), openssl.errorString(), QString::fromUtf8(openssl.readAll())));
    }
    for (const QString &file : QDir(dir).entryList(QDir::Files))
        owned << dir + QLatin1Char('/') + file;
    return {};
}

Error LocalPatroni::writeFiles()
{
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/pgsessions-patroni-XXXXXX"));
    if (!m_dir->isValid())
        return Error(QStringLiteral("Cannot create a temporary directory: %1").arg(m_dir->errorString()));
    QList<int> ports;
    while (ports.size() < 2 + 2 * kMembers) {
        const int port = LocalCluster::freePort();
        if (port && !ports.contains(port))
            ports << port;
    }
    m_etcdPort = ports[0];
    m_etcdPeerPort = ports[1];
    for (int i = 0; i < kMembers; ++i) {
        m_restPort[i] = ports[2 + i];
        m_pgPort[i] = ports[2 + kMembers + i];
    }
    QStringList owned{m_dir->path()};
    if (m_options.tls) {
        if (const Error e = writeCertificates(owned))
            return e;
    }
    for (int i = 0; i < members(); ++i) {
        const QString dir = m_dir->path() + QLatin1Char('/') + name(i);
        QDir().mkpath(dir);
        owned << dir;
        QFile yml(dir + QStringLiteral(".yml"));
        if (!yml.open(QIODevice::WriteOnly) || yml.write(memberConfig(i).toUtf8()) < 0)
            return Error(QStringLiteral("Cannot write %1: %2").arg(yml.fileName(), yml.errorString()));
    }
    return m_runAs.isEmpty() ? Error() : LocalCluster::handTo(m_runAs, owned);
}

QProcess *LocalPatroni::launch(const QStringList &command, const QString &logFile)
{
    auto *process = new QProcess; // owned by the caller's unique_ptr
    process->setStandardOutputFile(logFile);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->setWorkingDirectory(m_dir->path());
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    env.insert(QStringLiteral("HOME"), m_dir->path());
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    process->setProcessEnvironment(env);
    LocalCluster::startAs(*process, m_runAs, command);
    process->waitForStarted(10000);
    return process;
}

Error LocalPatroni::start()
{
    if (const QString lacking = missing(); !lacking.isEmpty())
        return Error(QStringLiteral("Not installed: %1 (Debian: apt install patroni etcd-server)").arg(lacking));
    if (::geteuid() == 0 && m_runAs.isEmpty())
        return Error(QStringLiteral("Running as root, and neither user postgres nor nobody exists to run Patroni"));
    if (const Error e = writeFiles())
        return e;
    const QString dir = m_dir->path();
    m_etcd.reset(launch({kEtcd, QStringLiteral("--name"), QStringLiteral("etcd"), QStringLiteral("--data-dir"), dir + QStringLiteral("/etcd"),
                         QStringLiteral("--listen-client-urls"), QStringLiteral("http://127.0.0.1:%1").arg(m_etcdPort),
                         QStringLiteral("--advertise-client-urls"), QStringLiteral("http://127.0.0.1:%1").arg(m_etcdPort),
                         QStringLiteral("--listen-peer-urls"), QStringLiteral("http://127.0.0.1:%1").arg(m_etcdPeerPort),
                         QStringLiteral("--initial-advertise-peer-urls"), QStringLiteral("http://127.0.0.1:%1").arg(m_etcdPeerPort),
                         QStringLiteral("--initial-cluster"), QStringLiteral("etcd=http://127.0.0.1:%1").arg(m_etcdPeerPort),
                         QStringLiteral("--initial-cluster-state"), QStringLiteral("new"), QStringLiteral("--logger"), QStringLiteral("zap"),
                         QStringLiteral("--log-level"), QStringLiteral("warn")},
                        dir + QStringLiteral("/etcd.log")));
    for (int i = 0; i < members(); ++i)
        m_patroni[i].reset(launch({kPatroni, dir + QLatin1Char('/') + name(i) + QStringLiteral(".yml")},
                                  dir + QLatin1Char('/') + name(i) + QStringLiteral(".log")));
    startReaper();
    // A bootstrap takes 2-7 s alone; on two busy cores, much longer.
    const QDeadlineTimer deadline(120000);
    while (!healthy()) {
        if (deadline.hasExpired())
            return Error(QStringLiteral("The Patroni cluster did not get ready within 120 s:\n%1").arg(logs()));
        for (int i = 0; i < members(); ++i) {
            if (m_patroni[i]->state() == QProcess::NotRunning)
                return Error(QStringLiteral("Patroni %1 exited:\n%2").arg(name(i), logs()));
        }
        QThread::msleep(200);
    }
    return {};
}

// A test that crashes or is killed by ctest's timeout never runs its destructors: a
// detached shell watches this process and then stops everything and removes the files.
void LocalPatroni::startReaper()
{
    QStringList pids{QString::number(m_etcd->processId())};
    for (int i = 0; i < members(); ++i)
        pids.prepend(QString::number(m_patroni[i]->processId()));
    const QString script = QStringLiteral(
        "test=$1; dir=$2; shift 2; while kill -0 \"$test\" 2>/dev/null && [ -d \"$dir\" ]; do sleep 1; done; "
        "[ -d \"$dir\" ] || exit 0; for p in \"$@\"; do kill -KILL \"$p\" 2>/dev/null; done; "
        "for f in \"$dir\"/m*/data/postmaster.pid; do [ -f \"$f\" ] && kill -QUIT \"$(head -1 \"$f\")\" 2>/dev/null; done; "
        "sleep 2; rm -rf \"$dir\"");
    QProcess::startDetached(QStringLiteral("/bin/sh"), QStringList{QStringLiteral("-c"), script, QStringLiteral("pgsessions-patroni-reaper"),
                                                                   QString::number(::getpid()), m_dir->path()}
                                                           + pids,
                            QStringLiteral("/"));
}

void LocalPatroni::stop()
{
    if (!m_dir)
        return;
    // Patroni first (it would start PostgreSQL again, or promote), then each postmaster
    // (in a session of its own: Patroni's end does not stop it), then etcd.
    for (auto &p : m_patroni) {
        if (p && p->state() != QProcess::NotRunning) {
            p->kill();
            p->waitForFinished(5000);
        }
    }
    for (int i = 0; i < members(); ++i) {
        if (const qint64 pid = postmasterOf(m_dir->path() + QLatin1Char('/') + name(i) + QStringLiteral("/data")); pid > 0) {
            ::kill(pid_t(pid), SIGQUIT);
            waitGone(pid, 10000);
        }
    }
    if (m_etcd && m_etcd->state() != QProcess::NotRunning) {
        m_etcd->kill();
        m_etcd->waitForFinished(5000);
    }
    m_dir.reset();
}

Error LocalPatroni::kill(int member)
{
    QProcess &p = *m_patroni[member];
    p.kill();
    p.waitForFinished(5000);
    const qint64 pid = postmasterOf(m_dir->path() + QLatin1Char('/') + name(member) + QStringLiteral("/data"));
    if (pid <= 0)
        return Error(QStringLiteral("No postmaster.pid for %1").arg(name(member)));
    ::kill(pid_t(pid), SIGQUIT);
    if (!waitGone(pid, 10000))
        return Error(QStringLiteral("The postmaster of %1 did not stop").arg(name(member)));
    return {};
}

QPair<int, QByteArray> LocalPatroni::get(int member, const QString &path) const
{
    QSslSocket socket;
    if (m_options.tls) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(caFile());
        tls.setLocalCertificateChain(QSslCertificate::fromPath(clientCertFile()));
        QFile key(clientKeyFile());
        if (key.open(QIODevice::ReadOnly))
            tls.setPrivateKey(QSslKey(key.readAll(), QSsl::Ec));
        socket.setSslConfiguration(tls);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), quint16(m_restPort[member]));
        if (!socket.waitForEncrypted(5000))
            return {0, socket.errorString().toUtf8()};
    } else {
        socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(m_restPort[member]));
        if (!socket.waitForConnected(2000))
            return {0, socket.errorString().toUtf8()};
    }
    return exchange(socket, "GET " + path.toLatin1() + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
}

QJsonObject LocalPatroni::cluster() const
{
    for (int i = 0; i < members(); ++i) {
        const auto [status, body] = get(i, QStringLiteral("/cluster"));
        if (status == 200)
            return QJsonDocument::fromJson(body).object();
    }
    return {};
}

QString LocalPatroni::runningLeader() const
{
    for (const QJsonValue &m : cluster().value(QLatin1String("members")).toArray()) {
        const QJsonObject o = m.toObject();
        if (o.value(QLatin1String("role")).toString() == QLatin1String("leader") && o.value(QLatin1String("state")).toString() == QLatin1String("running"))
            return o.value(QLatin1String("name")).toString();
    }
    return {};
}

int LocalPatroni::timeline() const
{
    for (const QJsonValue &m : cluster().value(QLatin1String("members")).toArray()) {
        const QJsonObject o = m.toObject();
        if (o.value(QLatin1String("role")).toString() == QLatin1String("leader") && o.value(QLatin1String("timeline")).isDouble())
            return o.value(QLatin1String("timeline")).toInt();
    }
    return -1;
}

bool LocalPatroni::healthy() const
{
    const QJsonArray members = cluster().value(QLatin1String("members")).toArray();
    if (members.size() != this->members())
        return false;
    int leaders = 0, timeline = -1;
    for (const QJsonValue &m : members) {
        const QJsonObject o = m.toObject();
        const QString state = o.value(QLatin1String("state")).toString();
        if (state != QLatin1String("running") && state != QLatin1String("streaming"))
            return false;
        if (!o.value(QLatin1String("timeline")).isDouble() || (timeline >= 0 && o.value(QLatin1String("timeline")).toInt() != timeline))
            return false;
        timeline = o.value(QLatin1String("timeline")).toInt();
        if (o.value(QLatin1String("role")).toString() == QLatin1String("leader"))
            ++leaders;
        else if (!o.value(QLatin1String("lag")).isDouble() || o.value(QLatin1String("lag")).toDouble() != 0)
            return false;
    }
    return leaders == 1;
}

Error LocalPatroni::switchover(const QString &leader, const QString &candidate) const
{
    QProcess ctl;
    ctl.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    env.insert(QStringLiteral("HOME"), m_dir->path());
    ctl.setProcessEnvironment(env);
    ctl.start(kPatronictl, {QStringLiteral("-c"), m_dir->path() + QStringLiteral("/m1.yml"), QStringLiteral("switchover"), QStringLiteral("--leader"),
                            leader, QStringLiteral("--candidate"), candidate, QStringLiteral("--force")});
    if (!ctl.waitForFinished(60000)) {
        ctl.kill();
        return Error(QStringLiteral("patronictl switchover did not finish within 60 s"));
    }
    const QString out = QString::fromUtf8(ctl.readAll());
    if (ctl.exitCode() != 0 || !out.contains(QLatin1String("Successfully switched over")))
        return Error(QStringLiteral("patronictl switchover failed (%1):\n%2").arg(ctl.exitCode()).arg(out));
    return {};
}

QString LocalPatroni::logs() const
{
    QString out;
    QStringList files{QStringLiteral("etcd.log")};
    for (int i = 0; i < members(); ++i)
        files << name(i) + QStringLiteral(".log");
    for (const QString &file : files) {
        QFile f(m_dir->path() + QLatin1Char('/') + file);
        if (f.open(QIODevice::ReadOnly))
            out += QStringLiteral("--- %1\n%2\n").arg(file, QString::fromUtf8(f.readAll().right(3000)));
    }
    return out;
}

Error LocalPatroni::etcd(const QString &path, const QJsonObject &body) const
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(m_etcdPort));
    if (!socket.waitForConnected(2000))
        return Error(QStringLiteral("etcd: %1").arg(socket.errorString()));
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    const auto [status, answer] = exchange(socket, "POST " + path.toLatin1()
                                                      + " HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                                                      + QByteArray::number(json.size()) + "\r\n\r\n" + json);
    if (status != 200)
        return Error(QStringLiteral("etcd %1: HTTP %2: %3").arg(path).arg(status).arg(QString::fromUtf8(answer.left(300))));
    return {};
}

Error LocalPatroni::putMember(const QString &member, const QJsonObject &data) const
{
    const QByteArray key = "/service/pgsessions-test/members/" + member.toUtf8();
    return etcd(QStringLiteral("/v3/kv/put"), QJsonObject{{QStringLiteral("key"), QString::fromLatin1(key.toBase64())},
                                                         {QStringLiteral("value"), QString::fromLatin1(QJsonDocument(data).toJson(QJsonDocument::Compact).toBase64())}});
}

Error LocalPatroni::deleteMember(const QString &member) const
{
    const QByteArray key = "/service/pgsessions-test/members/" + member.toUtf8();
    return etcd(QStringLiteral("/v3/kv/deleterange"), QJsonObject{{QStringLiteral("key"), QString::fromLatin1(key.toBase64())}});
}
