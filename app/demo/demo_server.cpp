// SPDX-License-Identifier: GPL-3.0-or-later
#include "pg/sql_text.h"
#include "demo/demo_server.h"

#include <QCoreApplication>

DemoServer::DemoServer() = default;

DemoServer::~DemoServer()
{
    if (m_workload) {
        m_workload->kill();
        m_workload->waitForFinished(3000);
    }
    m_pooler.reset();
    m_cluster.reset(); // stops the server and removes its files
}

Error DemoServer::start()
{
    const QString binDir = LocalCluster::findBinDir();
    if (binDir.isEmpty())
        return Error(QCoreApplication::translate("DemoServer", "No PostgreSQL server is installed here (no initdb found through pg_config, "
                                                               "PATH or /usr/lib/postgresql). On Debian: sudo apt install postgresql-15"));
    LocalCluster::Options options;
    options.maxConnections = 100;
    m_cluster = std::make_unique<LocalCluster>(binDir, options);
    if (const Error e = m_cluster->start())
        return e.withContext(QCoreApplication::translate("DemoServer", "The demo server did not start"));
    const char *setup[][2] = {
        {"postgres", "CREATE ROLE web LOGIN"},
        {"postgres", "CREATE ROLE reporting LOGIN"},
        {"postgres", "CREATE ROLE admin LOGIN"},
        {"postgres", "CREATE ROLE analyst LOGIN"},
        {"postgres", "CREATE DATABASE games"},
        {"postgres", "CREATE DATABASE shop"},
        {"postgres", "CREATE DATABASE analytics"},
        {"games", "CREATE TABLE scores (id int PRIMARY KEY, player text, points int)"},
        {"games", "INSERT INTO scores SELECT g, 'player ' || g, g * 10 FROM generate_series(1, 1000) g"},
        {"games", "GRANT SELECT, UPDATE ON scores TO web, admin"},
        {"shop", "CREATE TABLE orders (id int PRIMARY KEY, status text)"},
        {"shop", "INSERT INTO orders SELECT g, 'open' FROM generate_series(1, 100) g"},
        {"shop", "GRANT SELECT, UPDATE ON orders TO admin"},
        {"shop", "GRANT SELECT ON orders TO web"},
    };
    for (const auto &step : setup) {
        if (const Error e = m_cluster->exec(QString::fromLatin1(step[1]), QString::fromLatin1(step[0])))
            return e.withContext(QCoreApplication::translate("DemoServer", "Setting up the demo failed"));
    }
    // A PgBouncer in front, when there is one to run: the demo works without.
    if (LocalPooler::findBinary().isEmpty()) {
        m_poolerProblem = QCoreApplication::translate("DemoServer", "pgbouncer is not installed");
        return {};
    }
    LocalPooler::Options pooler;
    pooler.databases = {{QStringLiteral("shop"), QStringLiteral("shop"), QStringLiteral("session")},
                        {QStringLiteral("shop_tx"), QStringLiteral("shop"), QStringLiteral("transaction")}};
    pooler.users = {QStringLiteral("postgres"), QStringLiteral("web"), QStringLiteral("admin")};
    m_pooler = std::make_unique<LocalPooler>(*m_cluster, pooler);
    if (const Error e = m_pooler->start()) {
        m_poolerProblem = e.message();
        m_pooler.reset();
    }
    return {};
}

Error DemoServer::startWorkload()
{
    m_workload = std::make_unique<QProcess>();
    m_workload->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const QString base = QStringLiteral("host=%1 port=%2").arg(sql_text::quoteConninfoValue(m_cluster->socketDir())).arg(m_cluster->port());
    QStringList arguments{QStringLiteral("--demo-workload"), base, QString::number(QCoreApplication::applicationPid())};
    if (m_pooler)
        arguments << QStringLiteral("host=127.0.0.1 port=%1").arg(m_pooler->port());
    m_workload->start(m_workloadProgram.isEmpty() ? QCoreApplication::applicationFilePath() : m_workloadProgram, arguments);
    if (!m_workload->waitForStarted(10000))
        return Error(QCoreApplication::translate("DemoServer", "The demo workload did not start: %1").arg(m_workload->errorString()));
    return {};
}

QString DemoServer::conninfo() const
{
    return m_cluster->conninfo(QStringLiteral("postgres"), QStringLiteral("postgres"));
}

QString DemoServer::poolerConninfo() const
{
    return m_pooler ? m_pooler->conninfo() : QString();
}

QString DemoServer::dataDirectory() const
{
    return m_cluster ? m_cluster->socketDir().section(QLatin1Char('/'), 0, -2) : QString();
}
