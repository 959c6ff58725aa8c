// SPDX-License-Identifier: GPL-3.0-or-later
#include "servers/server_profile.h"

#include "pg/sql_text.h"

#include <QSettings>
#include <QUuid>

#include <tuple>

namespace {

const QStringList kSslModes = {QStringLiteral("disable"), QStringLiteral("allow"),     QStringLiteral("prefer"),
                               QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};

// How a server, or a cluster's members, are reached.
auto databaseFields(const ServerProfile &p)
{
    return std::tie(p.useConnectionString, p.connectionString, p.host, p.port, p.database, p.user, p.sslMode, p.sslRootCert, p.sslCert,
                    p.sslKey, p.connectTimeoutSeconds, p.kind);
}

// How a cluster's REST API is reached.
auto restFields(const ServerProfile &p)
{
    return std::tie(p.patroniUrl, p.patroniCaCert, p.patroniCert, p.patroniKey);
}

auto fields(const ServerProfile &p)
{
    return std::tie(p.id, p.name, p.useConnectionString, p.connectionString, p.host, p.port, p.database, p.user, p.sslMode,
                    p.sslRootCert, p.sslCert, p.sslKey, p.connectTimeoutSeconds, p.colour, p.production, p.rememberPassword, p.kind,
                    p.poolerProfile, p.group, p.patroniUrl, p.patroniCaCert, p.patroniCert, p.patroniKey);
}

} // namespace

bool operator==(const ServerProfile &a, const ServerProfile &b)
{
    return fields(a) == fields(b);
}

bool ServerProfile::sameConnection(const ServerProfile &other) const
{
    return sameDatabaseConnection(other) && restFields(*this) == restFields(other);
}

bool ServerProfile::sameDatabaseConnection(const ServerProfile &other) const
{
    return databaseFields(*this) == databaseFields(other);
}

namespace {

void appendKeyField(QString &key, const QString &field)
{
    // Its length first: no field's text can pass for another's boundary.
    key += QString::number(field.size()) + QLatin1Char(':') + field;
}

void appendKeyField(QString &key, int field)
{
    key += QString::number(field) + QLatin1Char(';');
}

void appendKeyField(QString &key, bool field)
{
    appendKeyField(key, int(field));
}

} // namespace

QString ServerProfile::reachKey() const
{
    const Expected<ConnectionSpec> s = spec();
    if (!s.ok())
        return {};
    QString key;
    // A cluster is asked for its members at its REST address; the parameters reach them.
    appendKeyField(key, kind == ServerKind::PatroniCluster);
    if (kind == ServerKind::PatroniCluster)
        appendKeyField(key, patroniUrl.trimmed());
    // In libpq's own order of keywords, whatever order they were written in.
    for (const ConnectionSpec::Parameter &parameter : s->parameters()) {
        appendKeyField(key, parameter.first);
        appendKeyField(key, parameter.second);
    }
    return key;
}

ServerProfile ServerProfile::create()
{
    ServerProfile p;
    p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return p;
}

QString ServerProfile::kindKey(ServerKind kind)
{
    switch (kind) {
    case ServerKind::Automatic: return QStringLiteral("automatic");
    case ServerKind::PostgreSQL: return QStringLiteral("postgresql");
    case ServerKind::PoolerConsole: return QStringLiteral("pgbouncer");
    case ServerKind::PatroniCluster: return QStringLiteral("patroni");
    }
    return {};
}

ServerKind ServerProfile::kindOf(const QString &key)
{
    if (key == QLatin1String("postgresql"))
        return ServerKind::PostgreSQL;
    if (key == QLatin1String("pgbouncer"))
        return ServerKind::PoolerConsole;
    if (key == QLatin1String("patroni"))
        return ServerKind::PatroniCluster;
    return ServerKind::Automatic;
}

Expected<ConnectionSpec> ServerProfile::spec() const
{
    QString text;
    if (useConnectionString) {
        text = connectionString;
    } else {
        if (port < 0 || port > 65535)
            return Error(tr("The port must be between 1 and 65535."));
        if (!sslMode.isEmpty() && !kSslModes.contains(sslMode))
            return Error(tr("\"%1\" is not an SSL mode; use one of %2.").arg(sslMode, kSslModes.join(QStringLiteral(", "))));
        QStringList parts;
        const auto add = [&parts](const char *keyword, const QString &value) {
            if (!value.trimmed().isEmpty())
                parts << QLatin1String(keyword) + QLatin1Char('=') + sql_text::quoteConninfoValue(value.trimmed());
        };
        add("host", host);
        add("port", port > 0 ? QString::number(port) : QString());
        add("dbname", database.trimmed().isEmpty() && kind == ServerKind::PoolerConsole ? QStringLiteral("pgbouncer") : database);
        add("user", user);
        add("sslmode", sslMode);
        add("sslrootcert", sslRootCert);
        add("sslcert", sslCert);
        add("sslkey", sslKey);
        add("connect_timeout", connectTimeoutSeconds > 0 ? QString::number(connectTimeoutSeconds) : QString());
        text = parts.join(QLatin1Char(' '));
    }
    Expected<ConnectionSpec> spec = ConnectionSpec::parse(text);
    if (spec.ok() && (spec->has(QStringLiteral("password")) || spec->has(QStringLiteral("sslpassword"))))
        return Error(tr("Leave the password out of the connection string: profiles are saved without passwords. pgsessions asks "
                        "for it when the server wants one, and can keep it in the system keychain."));
    return spec;
}

Expected<QUrl> ServerProfile::patroniAddress() const
{
    const QString text = patroniUrl.trimmed();
    if (text.isEmpty())
        return Error(tr("A Patroni cluster needs the REST address of one of its members, such as http://db1:8008."));
    // "db1:8008" alone reads as scheme "db1": an address without "//" gets http:// first.
    const QUrl url(text.contains(QLatin1String("//")) ? text : QStringLiteral("http://") + text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return Error(tr("\"%1\" is not a REST address: give one such as http://db1:8008.").arg(text));
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return Error(tr("\"%1\" is not a REST address: Patroni answers over http or https, not %2.").arg(text, url.scheme()));
    // It would be saved and shown as typed; GET /cluster needs no login.
    if (!url.userInfo().isEmpty())
        return Error(tr("The REST address holds a user name or password: give it without them (%1). A profile never holds a password, "
                        "and Patroni's member list needs none.")
                         .arg(url.adjusted(QUrl::RemoveUserInfo).toString()));
    return url;
}

QString ServerProfile::patroniTlsProblem() const
{
    if (patroniCaCert.trimmed().isEmpty() && patroniCert.trimmed().isEmpty() && patroniKey.trimmed().isEmpty())
        return {};
    if (const Expected<QUrl> url = patroniAddress(); url.ok() && url->scheme() != QLatin1String("https"))
        return tr("The REST address is %1: certificate files are used over https only. Give an https:// address, or leave them out.")
            .arg(url->scheme());
    if (patroniCert.trimmed().isEmpty() != patroniKey.trimmed().isEmpty())
        return patroniKey.trimmed().isEmpty() ? tr("The REST client certificate needs its key.")
                                              : tr("The REST client key needs its certificate.");
    return {};
}

QString ServerProfile::displayName() const
{
    if (!name.trimmed().isEmpty())
        return name.trimmed();
    if (kind == ServerKind::PatroniCluster) {
        const Expected<QUrl> url = patroniAddress();
        return url.ok() ? tr("Patroni at %1").arg(url->authority()) : tr("(invalid REST address)");
    }
    const Expected<ConnectionSpec> s = spec();
    return s.ok() ? s->displayName() : tr("(invalid connection)");
}

QList<ServerProfile> ServerProfile::load(QSettings &settings)
{
    QList<ServerProfile> profiles;
    const int n = settings.beginReadArray(QStringLiteral("servers"));
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        ServerProfile p;
        p.id = settings.value(QStringLiteral("id")).toString();
        if (p.id.isEmpty())
            p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        p.name = settings.value(QStringLiteral("name")).toString();
        p.useConnectionString = settings.value(QStringLiteral("useConnectionString")).toBool();
        p.connectionString = settings.value(QStringLiteral("connectionString")).toString();
        p.host = settings.value(QStringLiteral("host")).toString();
        p.port = settings.value(QStringLiteral("port")).toInt();
        p.database = settings.value(QStringLiteral("database")).toString();
        p.user = settings.value(QStringLiteral("user")).toString();
        p.sslMode = settings.value(QStringLiteral("sslmode")).toString();
        p.sslRootCert = settings.value(QStringLiteral("sslrootcert")).toString();
        p.sslCert = settings.value(QStringLiteral("sslcert")).toString();
        p.sslKey = settings.value(QStringLiteral("sslkey")).toString();
        p.connectTimeoutSeconds = settings.value(QStringLiteral("connectTimeout")).toInt();
        p.colour = settings.value(QStringLiteral("colour")).toString();
        p.group = settings.value(QStringLiteral("group")).toString().trimmed();
        p.production = settings.value(QStringLiteral("production")).toBool();
        p.rememberPassword = settings.value(QStringLiteral("rememberPassword")).toBool();
        p.kind = kindOf(settings.value(QStringLiteral("kind")).toString());
        p.poolerProfile = settings.value(QStringLiteral("pooler")).toString();
        p.patroniUrl = settings.value(QStringLiteral("patroni")).toString();
        p.patroniCaCert = settings.value(QStringLiteral("patroniCaCert")).toString();
        p.patroniCert = settings.value(QStringLiteral("patroniCert")).toString();
        p.patroniKey = settings.value(QStringLiteral("patroniKey")).toString();
        profiles << p;
    }
    settings.endArray();
    return profiles;
}

void ServerProfile::save(QSettings &settings, const QList<ServerProfile> &profiles)
{
    settings.remove(QStringLiteral("servers"));
    settings.beginWriteArray(QStringLiteral("servers"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ServerProfile &p = profiles[i];
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("id"), p.id);
        settings.setValue(QStringLiteral("name"), p.name);
        settings.setValue(QStringLiteral("useConnectionString"), p.useConnectionString);
        // A password typed into the string never reaches the file (spec() refuses such a
        // profile; this is the second line of defence). A string that does not parse
        // (left behind in fields mode) is not kept: it may hold anything.
        QString connectionString = p.connectionString;
        const Expected<ConnectionSpec> parsed = ConnectionSpec::parse(connectionString);
        if (!parsed.ok())
            connectionString.clear();
        else if (parsed->has(QStringLiteral("password")) || parsed->has(QStringLiteral("sslpassword")))
            connectionString = parsed->without(QStringLiteral("password")).without(QStringLiteral("sslpassword")).toConninfo();
        settings.setValue(QStringLiteral("connectionString"), connectionString);
        settings.setValue(QStringLiteral("host"), p.host);
        settings.setValue(QStringLiteral("port"), p.port);
        settings.setValue(QStringLiteral("database"), p.database);
        settings.setValue(QStringLiteral("user"), p.user);
        settings.setValue(QStringLiteral("sslmode"), p.sslMode);
        settings.setValue(QStringLiteral("sslrootcert"), p.sslRootCert);
        settings.setValue(QStringLiteral("sslcert"), p.sslCert);
        settings.setValue(QStringLiteral("sslkey"), p.sslKey);
        settings.setValue(QStringLiteral("connectTimeout"), p.connectTimeoutSeconds);
        settings.setValue(QStringLiteral("colour"), p.colour);
        settings.setValue(QStringLiteral("group"), p.group);
        settings.setValue(QStringLiteral("production"), p.production);
        settings.setValue(QStringLiteral("rememberPassword"), p.rememberPassword);
        settings.setValue(QStringLiteral("kind"), kindKey(p.kind));
        settings.setValue(QStringLiteral("pooler"), p.poolerProfile);
        settings.setValue(QStringLiteral("patroni"), p.patroniUrl);
        settings.setValue(QStringLiteral("patroniCaCert"), p.patroniCaCert);
        settings.setValue(QStringLiteral("patroniCert"), p.patroniCert);
        settings.setValue(QStringLiteral("patroniKey"), p.patroniKey);
    }
    settings.endArray();
}
