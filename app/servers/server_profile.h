// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/server_status.h"
#include "pg/connection_spec.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QUrl>

class QSettings;

/// A saved server: how to reach it, either field by field or as one connection string
/// (conninfo, postgresql:// URI, or service=NAME), and how the window shows it. Never
/// holds a password: libpq finds one itself (.pgpass, PGPASSWORD, a service file), the
/// system keychain keeps one the user chose to remember, or the user is asked.
struct ServerProfile {
    Q_DECLARE_TR_FUNCTIONS(ServerProfile)
public:
    QString id;   ///< stable across renames: the keychain's key
    QString name; ///< empty: from the connection

    bool useConnectionString = false;
    QString connectionString; ///< conninfo, URI or service=NAME

    QString host;
    int port = 0; ///< 0: libpq's default
    QString database;
    QString user;
    QString sslMode; ///< empty: libpq's default (prefer)
    QString sslRootCert;
    QString sslCert;
    QString sslKey;
    int connectTimeoutSeconds = 0; ///< 0: pgsessions' default

    /// PostgreSQL, PgBouncer's admin console, or whichever answers (Automatic).
    ServerKind kind = ServerKind::Automatic;
    /// A PostgreSQL server's pooler: the id of the profile of the PgBouncer admin console
    /// in front of it, or empty. Its clients show beside the backends they use, and a
    /// kill-all can shut them out at the pooler too.
    QString poolerProfile;
    /// A Patroni cluster (kind PatroniCluster): the REST address of one of its members
    /// (http://host:8008). The members come from its GET /cluster; each is reached at the
    /// host and port it gives there, with this profile's other connection fields.
    QString patroniUrl;
    /// An https REST address's TLS, as PEM files (Patroni's restapi cafile, certfile and
    /// keyfile): the CA that signed its certificate, trusted besides the system's; the
    /// client certificate and key it asks for (verify_client). Empty: not given.
    QString patroniCaCert;
    QString patroniCert;
    QString patroniKey;

    QString colour; ///< #rrggbb, or empty
    QString group;  ///< the folder it is shown in ("production", "staging"), or empty
    bool production = false;
    bool rememberPassword = false; ///< look in the system keychain when the server asks

    /// A new profile with a fresh id.
    static ServerProfile create();
    static QString kindKey(ServerKind kind);   ///< "automatic", "postgresql", "pgbouncer" (settings)
    static ServerKind kindOf(const QString &key);

    /// What libpq gets; on a mistake, an invalid spec and what is wrong (libpq's words
    /// where libpq found it).
    Expected<ConnectionSpec> spec() const;
    /// A Patroni profile's REST address, checked: http or https, with a host.
    Expected<QUrl> patroniAddress() const;
    /// What is wrong with the REST address's TLS files as given (one without the other, or
    /// given for an http address), or empty. Whether they read is found when watched.
    QString patroniTlsProblem() const;
    /// The name shown in the tree: name, else the connection's own.
    QString displayName() const;

    static QList<ServerProfile> load(QSettings &settings);
    static void save(QSettings &settings, const QList<ServerProfile> &profiles);

    /// Whether @p other reaches the server the same way (name, colour, marks aside).
    bool sameConnection(const ServerProfile &other) const;
    /// The same, a Patroni cluster's REST address and its TLS files aside: its members are
    /// reached the same way.
    bool sameDatabaseConnection(const ServerProfile &other) const;
    /// What libpq is given, as its own parser reads it: equal for profiles that give libpq
    /// the same parameters however they are written (a URI or keyword=value pairs, in any
    /// order, a string or the fields); a Patroni cluster's REST address besides. For
    /// telling a server saved already from a new one (for sets of profiles, where comparing
    /// each with each would not scale). Defaults are not filled in ("db1" and "db1:5432"
    /// differ: PGPORT may name another port). Empty when the profile is invalid.
    QString reachKey() const;

    friend bool operator==(const ServerProfile &a, const ServerProfile &b);
    friend bool operator!=(const ServerProfile &a, const ServerProfile &b) { return !(a == b); }
};
