// SPDX-License-Identifier: GPL-3.0-or-later
#include "servers/connection_test.h"

#include "pg/pg_connect.h"

#include <QElapsedTimer>

ConnectionTestResult ConnectionTestResult::run(const ConnectionSpec &spec, const QString &password, int connectTimeoutSeconds,
                                               const std::function<bool()> &stopped)
{
    QElapsedTimer clock;
    clock.start();
    ConnectionTestResult result;
    ConnectionSpec target = spec.forPgsessions(QStringLiteral("test"), connectTimeoutSeconds, 10000);
    if (!password.isEmpty())
        target = target.with(QStringLiteral("password"), password);
    // The monitor connects to the maintenance database: test that one too.
    if (!target.has(QStringLiteral("dbname")) && !target.has(QStringLiteral("service")))
        target = target.with(QStringLiteral("dbname"), QStringLiteral("postgres"));
    ConnectAttempt attempt = connectWithTimeout(target.toConninfo(), target.value(QStringLiteral("connect_timeout")).toInt(), stopped);
    result.elapsedMs = clock.elapsed();
    if (!attempt.ok()) {
        result.error = attempt.error;
        result.needsPassword = attempt.needsPassword;
        return result;
    }
    const pg::Conn conn = std::move(attempt.conn);
    result.ok = true;
    result.serverVersion = PQserverVersion(conn.get());
    result.versionText = QString::fromUtf8(PQparameterStatus(conn.get(), "server_version"));
    result.database = QString::fromUtf8(PQdb(conn.get()));
    QString error;
    result.privileges = PrivilegeHints::read(conn.get(), &error);
    if (!result.privileges.known)
        result.error = error;
    result.elapsedMs = clock.elapsed();
    return result;
}

QString ConnectionTestResult::summary() const
{
    if (!ok)
        return error;
    QString text = tr("Connected to PostgreSQL %1, database %2, in %3 ms.").arg(versionText, database).arg(elapsedMs);
    if (!privileges.known)
        return text + QLatin1Char(' ') + tr("The role's privileges could not be read: %1").arg(error);
    const auto yes = [](bool b) { return b ? tr("yes") : tr("no"); };
    text += QLatin1Char('\n') + tr("Role %1 — superuser: %2, pg_signal_backend: %3, pg_read_all_stats: %4.")
                                    .arg(privileges.role, yes(privileges.superuser), yes(privileges.superuser || privileges.signalBackend),
                                         yes(privileges.superuser || privileges.readAllStats));
    if (!privileges.superuser && !privileges.readAllStats)
        text += QLatin1Char('\n') + tr("Other roles' queries will show as hidden.");
    if (!privileges.superuser && !privileges.signalBackend)
        text += QLatin1Char('\n') + tr("Only this role's own sessions can be ended.");
    return text;
}
