// SPDX-License-Identifier: GPL-3.0-or-later
#include "pg/sql_text.h"
#include "test_session.h"

#include "test_cluster.h"

#include <csignal>

std::unique_ptr<TestSession> TestSession::open(const TestCluster &cluster, const Options &options, QString *error)
{
    QString conninfo = options.tcp ? cluster.tcpConninfo(options.database, options.user) : cluster.conninfo(options.database, options.user);
    conninfo += QStringLiteral(" application_name=") + sql_text::quoteConninfoValue(options.application);
    auto session = std::unique_ptr<TestSession>(new TestSession);
    session->m_conn.reset(PQconnectdb(conninfo.toUtf8().constData()));
    if (PQstatus(session->m_conn.get()) != CONNECTION_OK) {
        if (error)
            *error = QString::fromUtf8(PQerrorMessage(session->m_conn.get()));
        return nullptr;
    }
    return session;
}

int TestSession::pid() const
{
    return PQbackendPID(m_conn.get());
}

qint64 TestSession::backendStart()
{
    pg::Result r(PQexec(m_conn.get(),
                        "SELECT (extract(epoch FROM backend_start) * 1000000)::int8 FROM pg_stat_activity WHERE pid = pg_backend_pid()"));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) != 1) {
        m_error = QString::fromUtf8(PQerrorMessage(m_conn.get()));
        return 0;
    }
    return QByteArray(PQgetvalue(r.get(), 0, 0)).toLongLong();
}

bool TestSession::exec(const QString &sql)
{
    if (!send(sql))
        return false;
    return finish().isEmpty();
}

bool TestSession::send(const QString &sql)
{
    if (m_busy && !finish().isEmpty())
        return false;
    if (!PQsendQuery(m_conn.get(), sql.toUtf8().constData())) {
        m_error = QString::fromUtf8(PQerrorMessage(m_conn.get()));
        return false;
    }
    m_busy = true;
    return true;
}

QString TestSession::finish()
{
    QString sqlState;
    m_busy = false;
    for (pg::Result r{PQgetResult(m_conn.get())}; r.valid(); r = pg::Result(PQgetResult(m_conn.get()))) {
        const ExecStatusType status = PQresultStatus(r.get());
        if (status == PGRES_FATAL_ERROR) {
            m_error = QString::fromUtf8(PQresultErrorMessage(r.get()));
            sqlState = QString::fromLatin1(PQresultErrorField(r.get(), PG_DIAG_SQLSTATE));
            if (sqlState.isEmpty())
                sqlState = QStringLiteral("?????");
        }
    }
    return sqlState;
}

bool TestSession::lockTable(const QString &table)
{
    return exec(QStringLiteral("BEGIN; LOCK TABLE %1 IN ACCESS EXCLUSIVE MODE").arg(sql_text::quoteIdent(table)));
}

bool TestSession::waitForLock(const QString &table)
{
    return exec(QStringLiteral("BEGIN")) && send(QStringLiteral("LOCK TABLE %1 IN ACCESS EXCLUSIVE MODE").arg(sql_text::quoteIdent(table)));
}

StoppedBackend::StoppedBackend(int backendPid)
    : pid(backendPid)
    , stopped(::kill(backendPid, SIGSTOP) == 0)
{
}

StoppedBackend::~StoppedBackend()
{
    if (stopped)
        ::kill(pid, SIGCONT);
}
