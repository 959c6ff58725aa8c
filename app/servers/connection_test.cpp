// SPDX-License-Identifier: GPL-3.0-or-later
#include "servers/connection_test.h"

#include "pg/connection.h"

#include <QElapsedTimer>

ConnectionTestResult ConnectionTestResult::run(const ConnectionSpec &spec, const QString &password, int connectTimeoutSeconds,
                                               const std::function<bool()> &stopped)
{
    QElapsedTimer clock;
    clock.start();
    ConnectionTestResult result;
    pg::ConnectOptions options;
    options.purpose = QStringLiteral("test");
    options.connectTimeoutSeconds = connectTimeoutSeconds;
    options.password = password;
    options.stopped = stopped;
    Expected<pg::Connection> conn = pg::Connection::open(spec, options);
    result.elapsedMs = clock.elapsed();
    if (!conn.ok()) {
        result.error = conn.error();
        return result;
    }
    result.serverVersion = conn->serverVersion();
    result.versionText = conn->parameter("server_version");
    result.database = conn->database();
    Expected<PrivilegeHints> privileges = PrivilegeHints::read(*conn);
    if (privileges.ok())
        result.privileges = privileges.value();
    else
        result.privilegesError = privileges.error();
    result.elapsedMs = clock.elapsed();
    return result;
}

QString ConnectionTestResult::summary() const
{
    if (error)
        return error.message();
    QString text = tr("Connected to PostgreSQL %1, database %2, in %3 ms.").arg(versionText, database).arg(elapsedMs);
    if (!privileges.known)
        return text + QLatin1Char(' ') + tr("The role's privileges could not be read: %1").arg(privilegesError.message());
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
