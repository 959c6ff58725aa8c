// SPDX-License-Identifier: GPL-3.0-or-later
#include "monitor/privileges.h"

#include "pg/pg_handles.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

QSet<QString> namesFromJson(const char *json)
{
    QSet<QString> names;
    const QJsonArray array = QJsonDocument::fromJson(QByteArray(json)).array();
    for (const QJsonValue &v : array)
        names.insert(v.toString());
    return names;
}

} // namespace

QString PrivilegeHints::likelyDenial(const Session &s) const
{
    if (!known || superuser)
        return {};
    if (s.user.isEmpty()) {
        if (s.backendType == QLatin1String("autovacuum worker") && signalAutovacuum)
            return {};
        return tr("A background process without a role: only superusers may signal it.");
    }
    if (superuserRoles.contains(s.user))
        return tr("A session of superuser %1: only superusers may signal it.").arg(s.user);
    if (memberOf.contains(s.user) || signalBackend)
        return {};
    return tr("A session of role %1: signalling it needs the privileges of %1 or of pg_signal_backend.").arg(s.user);
}

PrivilegeHints PrivilegeHints::read(PGconn *conn, QString *error)
{
    PrivilegeHints hints;
    const bool v18 = PQserverVersion(conn) >= 180000;
    const QByteArray sql = QByteArray("SELECT r.rolname, r.rolsuper, pg_has_role('pg_signal_backend', 'USAGE'), "
                                      "pg_has_role('pg_read_all_stats', 'USAGE'), ")
                           + (v18 ? "pg_has_role('pg_signal_autovacuum_worker', 'USAGE')" : "false")
                           + ", array_to_json(ARRAY(SELECT rolname FROM pg_roles WHERE rolsuper))::text,"
                             " array_to_json(ARRAY(SELECT rolname FROM pg_roles WHERE pg_has_role(oid, 'USAGE')))::text"
                             " FROM pg_roles r WHERE r.rolname = current_user";
    pg::Result r(PQexec(conn, sql.constData()));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) != 1) {
        if (error)
            *error = QString::fromUtf8(PQresultErrorMessage(r.get())).trimmed();
        return hints;
    }
    auto flag = [&](int c) { return *PQgetvalue(r.get(), 0, c) == 't'; };
    hints.known = true;
    hints.role = QString::fromUtf8(PQgetvalue(r.get(), 0, 0));
    hints.superuser = flag(1);
    hints.signalBackend = flag(2);
    hints.readAllStats = flag(3);
    hints.signalAutovacuum = flag(4);
    hints.superuserRoles = namesFromJson(PQgetvalue(r.get(), 0, 5));
    hints.memberOf = namesFromJson(PQgetvalue(r.get(), 0, 6));
    return hints;
}
