// SPDX-License-Identifier: GPL-3.0-or-later
#include "pg/error_text.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace pg {

Error resultError(const PGresult *result)
{
    if (!result)
        return Error(QCoreApplication::translate("pg", "No result from the server."), {}, Error::Kind::ConnectionLost);
    QString text = QString::fromUtf8(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY));
    if (const char *detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL))
        text += QLatin1Char(' ') + QString::fromUtf8(detail);
    if (text.isEmpty())
        text = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
    if (text.isEmpty())
        text = QString::fromUtf8(PQresStatus(PQresultStatus(result)));
    return Error(text, QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE)));
}

Error connectionError(const PGconn *conn)
{
    if (!conn)
        return Error::connectionLost(QCoreApplication::translate("pg", "The connection is closed."));
    QString text = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
    if (text.isEmpty())
        text = QCoreApplication::translate("pg", "The connection failed.");
    return Error(text, {}, PQstatus(conn) == CONNECTION_OK ? Error::Kind::Failed : Error::Kind::ConnectionLost);
}

Error connectFailure(const PGconn *conn)
{
    // Verbose errors carry the server's SQLSTATE ("FATAL:  28P01: ...") and a LOCATION
    // line: the code is taken out, the rest reads as libpq words it.
    static const QRegularExpression code(QStringLiteral(":  ([0-9A-Z]{5}): "));
    static const QRegularExpression location(QStringLiteral("\\n?LOCATION:[^\\n]*"));
    QString message = QString::fromUtf8(PQerrorMessage(conn));
    QString sqlState;
    const QRegularExpressionMatch m = code.match(message);
    if (m.hasMatch()) {
        sqlState = m.captured(1);
        message.replace(m.capturedStart(), m.capturedLength(), QStringLiteral(":  "));
    }
    message.remove(location);
    // Class 28 after a password was sent: it was refused (28P01 for password, md5 and
    // scram; 28000 for LDAP, PAM, RADIUS). Asking beats retrying, which can lock the account.
    const bool needsPassword = PQconnectionNeedsPassword(conn)
                               || (PQconnectionUsedPassword(conn) && sqlState.startsWith(QLatin1String("28")));
    return Error(message.trimmed(), sqlState, needsPassword ? Error::Kind::NeedsPassword : Error::Kind::Failed);
}

} // namespace pg
