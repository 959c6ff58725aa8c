// SPDX-License-Identifier: GPL-3.0-or-later
#include "pg/pg_connect.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QRegularExpression>

#include <poll.h>

#include <algorithm>

namespace {

// libpq's verbose connection error carries the server's SQLSTATE ("FATAL:  28P01: ...")
// and a LOCATION line: the code is taken out, the rest reads as libpq words it.
QString takeSqlState(QString message, QString *sqlState)
{
    static const QRegularExpression code(QStringLiteral(":  ([0-9A-Z]{5}): "));
    static const QRegularExpression location(QStringLiteral("\\n?LOCATION:[^\\n]*"));
    const QRegularExpressionMatch m = code.match(message);
    if (m.hasMatch()) {
        *sqlState = m.captured(1);
        message.replace(m.capturedStart(), m.capturedLength(), QStringLiteral(":  "));
    }
    message.remove(location);
    return message.trimmed();
}

} // namespace

ConnectAttempt connectWithTimeout(const QString &conninfo, int timeoutSeconds, const std::function<bool()> &stopped)
{
    ConnectAttempt attempt;
    timeoutSeconds = std::max(1, timeoutSeconds);
    const QDeadlineTimer deadline(timeoutSeconds * 1000);
    pg::Conn conn(PQconnectStart(conninfo.toUtf8().constData()));
    if (!conn) {
        attempt.error = QCoreApplication::translate("ServerWorker", "Out of memory while connecting.");
        return attempt;
    }
    PQsetErrorVerbosity(conn.get(), PQERRORS_VERBOSE);
    PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
    while (true) {
        if (PQstatus(conn.get()) == CONNECTION_BAD || polling == PGRES_POLLING_FAILED) {
            attempt.error = takeSqlState(QString::fromUtf8(PQerrorMessage(conn.get())), &attempt.sqlState);
            // Class 28 after a password was sent: it was refused (28P01 for password, md5
            // and scram; 28000 for LDAP, PAM, RADIUS). Asking beats retrying, which can
            // lock the account.
            attempt.needsPassword = PQconnectionNeedsPassword(conn.get())
                                    || (PQconnectionUsedPassword(conn.get()) && attempt.sqlState.startsWith(QLatin1String("28")));
            return attempt;
        }
        if (polling == PGRES_POLLING_OK) {
            PQsetErrorVerbosity(conn.get(), PQERRORS_DEFAULT);
            attempt.conn = std::move(conn);
            return attempt;
        }
        pollfd fd{PQsocket(conn.get()), short(polling == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
        const int ready = ::poll(&fd, 1, 50);
        if (stopped && stopped()) {
            attempt.error = QCoreApplication::translate("ServerWorker", "Stopped.");
            return attempt;
        }
        if (ready != 0) {
            polling = PQconnectPoll(conn.get());
        } else if (deadline.hasExpired()) {
            attempt.error = QCoreApplication::translate("ServerWorker", "No answer from the server within %n second(s) (connect_timeout).",
                                                        nullptr, timeoutSeconds);
            return attempt;
        }
    }
}
