// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/database_changes.h"

#include "pg/own_backends.h"

#include "pg/connection.h"
#include "pg/sql_text.h"
#include "pg/text_codec.h"

DatabaseChanges::DatabaseChanges(const pg::Connection &conn)
    : m_conn(conn)
{
}

Expected<std::optional<bool>> DatabaseChanges::allowsConnections(const QString &database) const
{
    const Expected<QString> allowed = m_conn.value(QByteArrayLiteral("SELECT datallowconn FROM pg_database WHERE datname = $1"),
                                                   {pg::encodeText(database)});
    if (!allowed.ok())
        return allowed.error();
    if (allowed->isNull())
        return std::optional<bool>();
    return std::optional<bool>(*allowed == QLatin1String("t"));
}

Error DatabaseChanges::precheck(const ActionRequest &request) const
{
    if (!request.changesDatabase())
        return {};
    if (request.kind == ActionRequest::KillServer) {
        // Blocking every database: the role must be allowed to ALTER each of them.
        const pg::Result r = m_conn.exec(QByteArrayLiteral(
            "SELECT pg_is_in_recovery(), current_user, coalesce(string_agg(quote_ident(datname), ', ' ORDER BY datname)"
            " FILTER (WHERE NOT pg_has_role(datdba, 'USAGE')), '') FROM pg_database WHERE datallowconn AND NOT datistemplate"
            " AND datname <> current_database()")); // as acceptingConnections(): the own one is never blocked
        if (!r.ok() || r.rows() != 1)
            return (r.valid() ? r.error() : m_conn.lastError()).withContext(tr("Could not check that the action can run"));
        if (r.flag(0, 0))
            return Error(tr("This server is a standby (in recovery): databases cannot be blocked there. Nothing was done."));
        if (!r.text(0, 2).isEmpty())
            return Error(tr("Role %1 may not block new connections to %2 (only their owners or a superuser may). Nothing was done.")
                             .arg(r.text(0, 1), r.text(0, 2)),
                         QStringLiteral("42501"));
        return {};
    }
    const bool renames = request.kind == ActionRequest::KillAll && request.after == ActionRequest::Rename;
    const bool resets = request.kind == ActionRequest::KillAll && request.after == ActionRequest::Reset;
    const pg::Result r = m_conn.exec(
        QByteArrayLiteral("SELECT pg_is_in_recovery(), d.datname IS NOT NULL, coalesce(pg_has_role(d.datdba, 'USAGE'), false),"
                          " (SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user), current_user,"
                          " EXISTS (SELECT 1 FROM pg_database WHERE datname = $2)"
                          " FROM (SELECT 1) AS one LEFT JOIN pg_database d ON d.datname = $1"),
        {pg::encodeText(request.database), renames ? pg::encodeText(request.newName) : QByteArray()});
    if (!r.ok() || r.rows() != 1)
        return (r.valid() ? r.error() : m_conn.lastError()).withContext(tr("Could not check that the action can run"));
    const QString nothingDone = tr("Nothing was done.");
    if (r.flag(0, 0))
        return Error(tr("This server is a standby (in recovery): ALTER, DROP and RENAME DATABASE cannot run there.") + QLatin1Char(' ')
                     + nothingDone);
    if (!r.flag(0, 1))
        return Error(tr("There is no database \"%1\".").arg(request.database) + QLatin1Char(' ') + nothingDone);
    // The server's own rules for ALTER, DROP and RENAME DATABASE: the role has the
    // privileges of the owner (superusers do); renaming also needs CREATEDB.
    if (!r.flag(0, 2))
        return Error(tr("Only the owner of \"%1\" or a superuser may block, drop or rename it; role %2 is neither.")
                         .arg(request.database, r.text(0, 4))
                     + QLatin1Char(' ') + nothingDone,
                     QStringLiteral("42501"));
    if (resets) {
        if (!r.flag(0, 3))
            return Error(tr("Creating a database needs the CREATEDB privilege, which role %1 does not have.").arg(r.text(0, 4)) + QLatin1Char(' ')
                             + nothingDone,
                         QStringLiteral("42501"));
        if (request.templateName == request.database)
            return Error(tr("\"%1\" cannot be its own template.").arg(request.database) + QLatin1Char(' ') + nothingDone);
        if (!request.templateName.isEmpty()) {
            // pgsessions' own connections (this one, the monitor's) in the template.
            const QByteArray ownPids = OwnBackends::arrays().first;
            const Expected<QString> usable = m_conn.value(
                QByteArrayLiteral("SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname"
                                  " AND a.pid = ANY ($2::int[])) THEN 'ours'"
                                  " WHEN datistemplate OR pg_has_role(datdba, 'USAGE') THEN 'yes' ELSE 'not owner' END"
                                  " FROM pg_database d WHERE datname = $1"),
                {pg::encodeText(request.templateName), ownPids});
            if (!usable.ok())
                return usable.error().withContext(tr("Could not check the template"));
            if (usable->isNull())
                return Error(tr("There is no database \"%1\" to use as the template.").arg(request.templateName) + QLatin1Char(' ') + nothingDone);
            // CREATE DATABASE copies a template only while nobody is connected to it, and
            // pgsessions' own action connection would be: found now, not after the DROP.
            if (*usable == QLatin1String("ours"))
                return Error(tr("pgsessions' own connections to the server are in \"%1\", so it cannot be the template (CREATE DATABASE "
                                "needs it unused). Choose another template, or give the server another maintenance database.")
                                 .arg(request.templateName)
                             + QLatin1Char(' ') + nothingDone);
            if (*usable != QLatin1String("yes"))
                return Error(tr("\"%1\" is not marked as a template, and role %2 does not own it: it cannot be copied.")
                                 .arg(request.templateName, r.text(0, 4))
                                 + QLatin1Char(' ') + nothingDone,
                             QStringLiteral("42501"));
        }
    }
    if (renames) {
        const int bytes = int(pg::encodeText(request.newName).size());
        if (bytes > kMaxNameBytes)
            return Error(tr("\"%1\" is %2 bytes long; PostgreSQL keeps at most %3 bytes of a database name.")
                             .arg(request.newName)
                             .arg(bytes)
                             .arg(kMaxNameBytes)
                         + QLatin1Char(' ') + nothingDone);
        if (r.flag(0, 5))
            return Error(tr("A database \"%1\" exists already.").arg(request.newName) + QLatin1Char(' ') + nothingDone);
        if (!r.flag(0, 3))
            return Error(tr("Renaming a database needs the CREATEDB privilege, which role %1 does not have.").arg(r.text(0, 4))
                             + QLatin1Char(' ') + nothingDone,
                         QStringLiteral("42501"));
    }
    return {};
}

Error DatabaseChanges::setAllowConnections(const QString &database, bool allow) const
{
    return m_conn.run(pg::encodeText(QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS %2")
                                         .arg(sql_text::quoteIdent(database), allow ? QStringLiteral("true") : QStringLiteral("false"))));
}

Error DatabaseChanges::drop(const QString &database, bool force) const
{
    return m_conn.run(
        pg::encodeText(QStringLiteral("DROP DATABASE %1%2").arg(sql_text::quoteIdent(database), force ? QStringLiteral(" WITH (FORCE)") : QString())));
}

Error DatabaseChanges::rename(const QString &database, const QString &newName) const
{
    return m_conn.run(pg::encodeText(QStringLiteral("ALTER DATABASE %1 RENAME TO %2").arg(sql_text::quoteIdent(database), sql_text::quoteIdent(newName))));
}

QString DatabaseChanges::createStatement(const QString &database, const QString &templateName, const QString &owner, bool allowConnections)
{
    QString sql = QStringLiteral("CREATE DATABASE %1").arg(sql_text::quoteIdent(database));
    if (!templateName.isEmpty())
        sql += QStringLiteral(" TEMPLATE %1").arg(sql_text::quoteIdent(templateName));
    if (!owner.isEmpty())
        sql += QStringLiteral(" OWNER %1").arg(sql_text::quoteIdent(owner));
    if (!allowConnections)
        sql += QStringLiteral(" ALLOW_CONNECTIONS false");
    return sql;
}

Error DatabaseChanges::create(const QString &database, const QString &templateName, const QString &owner, bool allowConnections) const
{
    return m_conn.run(pg::encodeText(createStatement(database, templateName, owner, allowConnections)));
}

Expected<QString> DatabaseChanges::ownerOf(const QString &database) const
{
    const Expected<QString> owner =
        m_conn.value(QByteArrayLiteral("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1"), {pg::encodeText(database)});
    if (owner.ok() && owner->isNull())
        return Error(tr("There is no database \"%1\".").arg(database));
    return owner;
}

Expected<QStringList> DatabaseChanges::acceptingConnections() const
{
    const pg::Result r = m_conn.exec(QByteArrayLiteral("SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate AND datname <> current_database() ORDER BY datname"));
    if (!r.ok())
        return r.valid() ? r.error() : m_conn.lastError();
    QStringList out;
    for (int i = 0; i < r.rows(); ++i)
        out << r.text(i, 0);
    return out;
}
