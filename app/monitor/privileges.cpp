// SPDX-License-Identifier: GPL-3.0-or-later
#include "monitor/privileges.h"

#include "pg/connection.h"

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

Expected<PrivilegeHints> PrivilegeHints::read(const pg::Connection &conn)
{
    PrivilegeHints hints;
    const bool v18 = conn.serverVersion() >= 180000;
    const QByteArray sql = QByteArray("SELECT r.rolname, r.rolsuper, pg_has_role('pg_signal_backend', 'USAGE'), "
                                      "pg_has_role('pg_read_all_stats', 'USAGE'), ")
                           + (v18 ? "pg_has_role('pg_signal_autovacuum_worker', 'USAGE')" : "false")
                           + ", array_to_json(ARRAY(SELECT rolname FROM pg_roles WHERE rolsuper))::text,"
                             " array_to_json(ARRAY(SELECT rolname FROM pg_roles WHERE pg_has_role(oid, 'USAGE')))::text"
                             " FROM pg_roles r WHERE r.rolname = current_user";
    const pg::Result r = conn.exec(sql);
    if (!r.valid())
        return conn.lastError();
    if (const Error e = r.error())
        return e;
    if (r.rows() != 1)
        return Error(tr("The role of the connection was not found in pg_roles."));
    auto flag = [&](int c) { return r.flag(0, c); };
    hints.known = true;
    hints.role = r.text(0, 0);
    hints.superuser = flag(1);
    hints.signalBackend = flag(2);
    hints.readAllStats = flag(3);
    hints.signalAutovacuum = flag(4);
    hints.superuserRoles = namesFromJson(r.value(0, 5));
    hints.memberOf = namesFromJson(r.value(0, 6));
    return hints;
}
