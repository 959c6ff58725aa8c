// SPDX-License-Identifier: GPL-3.0-or-later
#include "pg/connection_spec.h"

#include "base/app_identity.h"
#include "pg/handles.h"
#include "pg/sql_text.h"

#include <QCoreApplication>
#include <QSqlDatabase>

Expected<ConnectionSpec> ConnectionSpec::parse(const QString &text)
{
    ConnectionSpec spec;
    const QByteArray utf8 = text.trimmed().toUtf8();
    char *rawError = nullptr;
    pg::ConninfoOptions options(PQconninfoParse(utf8.constData(), &rawError));
    pg::Mem errorText(rawError);
    if (!options) {
        return Error(errorText ? QString::fromUtf8(errorText.get()).trimmed()
                               : QCoreApplication::translate("ConnectionSpec", "Out of memory while reading the connection string."));
    }
    for (const PQconninfoOption *o = options.get(); o->keyword; ++o) {
        if (o->val && *o->val)
            spec.m_parameters.append({QString::fromUtf8(o->keyword), QString::fromUtf8(o->val)});
    }
    return spec;
}

QString ConnectionSpec::value(const QString &keyword) const
{
    for (const Parameter &p : m_parameters) {
        if (p.first == keyword)
            return p.second;
    }
    return {};
}

ConnectionSpec ConnectionSpec::with(const QString &keyword, const QString &value) const
{
    ConnectionSpec copy = *this;
    for (Parameter &p : copy.m_parameters) {
        if (p.first == keyword) {
            p.second = value;
            return copy;
        }
    }
    copy.m_parameters.append({keyword, value});
    return copy;
}

ConnectionSpec ConnectionSpec::without(const QString &keyword) const
{
    ConnectionSpec copy = *this;
    copy.m_parameters.removeIf([&keyword](const Parameter &p) { return p.first == keyword; });
    return copy;
}

QString ConnectionSpec::displayName() const
{
    if (has(QStringLiteral("service")))
        return QStringLiteral("service=") + value(QStringLiteral("service"));
    QString host = value(QStringLiteral("host"));
    if (host.isEmpty())
        host = value(QStringLiteral("hostaddr"));
    if (host.isEmpty() || host.startsWith(QLatin1Char('/')))
        host = QCoreApplication::translate("ConnectionSpec", "local socket") + (host.isEmpty() ? QString() : QStringLiteral(" ") + host);
    QString name = host;
    if (has(QStringLiteral("port")))
        name += QLatin1Char(':') + value(QStringLiteral("port"));
    if (has(QStringLiteral("user")))
        name = value(QStringLiteral("user")) + QLatin1Char('@') + name;
    return name;
}

QString ConnectionSpec::toConninfo() const
{
    QStringList parts;
    for (const Parameter &p : m_parameters)
        parts.append(p.first + QLatin1Char('=') + sql_text::quoteConninfoValue(p.second));
    return parts.join(QLatin1Char(' '));
}

Error ConnectionSpec::applyTo(QSqlDatabase &db) const
{
    QStringList options;
    for (const Parameter &p : m_parameters) {
        if (p.first == QLatin1String("dbname")) {
            db.setDatabaseName(p.second);
        } else if (p.first == QLatin1String("user")) {
            db.setUserName(p.second);
        } else if (p.first == QLatin1String("password")) {
            db.setPassword(p.second);
        } else if (p.first == QLatin1String("host")) {
            db.setHostName(p.second);
        } else {
            // The driver turns ';' in its options into spaces.
            if (p.second.contains(QLatin1Char(';')))
                return Error(QCoreApplication::translate("ConnectionSpec", "The value of \"%1\" contains a semicolon, which the Qt PostgreSQL driver cannot pass on.")
                                 .arg(p.first));
            options.append(p.first + QLatin1Char('=') + sql_text::quoteConninfoValue(p.second));
        }
    }
    db.setConnectOptions(options.join(QLatin1Char(' ')));
    return {};
}

ConnectionSpec ConnectionSpec::forPgsessions(const QString &purpose, int connectTimeoutSeconds, int statementTimeoutMs) const
{
    ConnectionSpec spec = with(QStringLiteral("application_name"), app_identity::applicationName(purpose));
    if (!spec.has(QStringLiteral("connect_timeout")))
        spec = spec.with(QStringLiteral("connect_timeout"), QString::number(connectTimeoutSeconds));
    const QString options = spec.value(QStringLiteral("options"));
    spec = spec.with(QStringLiteral("options"), (options.isEmpty() ? QString() : options + QLatin1Char(' '))
                                                    + QStringLiteral("-c statement_timeout=%1").arg(statementTimeoutMs));
    for (const auto &[key, value] : {std::pair{"keepalives_idle", "10"}, {"keepalives_interval", "5"}, {"keepalives_count", "3"},
                                     {"tcp_user_timeout", "30000"}}) {
        if (!spec.has(QLatin1String(key)))
            spec = spec.with(QLatin1String(key), QLatin1String(value));
    }
    return spec;
}
