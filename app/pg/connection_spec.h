// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"

#include <QList>
#include <QPair>
#include <QString>

class QSqlDatabase;

/// What the user typed to reach a server: a conninfo string ("host=db1 user=dba"), a
/// postgresql:// URI, or nothing (libpq's defaults: PG* variables, the local socket).
/// Validated with libpq's own parser, so errors read like libpq's.
class ConnectionSpec
{
public:
    using Parameter = QPair<QString, QString>;

    ConnectionSpec() = default;

    /// Parses @p text with libpq's parser; on failure, libpq's message.
    static Expected<ConnectionSpec> parse(const QString &text);

    const QList<Parameter> &parameters() const { return m_parameters; }
    QString value(const QString &keyword) const;
    bool has(const QString &keyword) const { return !value(keyword).isEmpty(); }

    /// A copy with @p keyword set to @p value (replacing any earlier value).
    ConnectionSpec with(const QString &keyword, const QString &value) const;
    /// A copy without @p keyword.
    ConnectionSpec without(const QString &keyword) const;

    /// The spec pgsessions connects with for @p purpose ("monitor", "actions"): its own
    /// application_name, connect_timeout unless the user set one, statement_timeout, and
    /// TCP keepalives that notice a dead peer within seconds.
    ConnectionSpec forPgsessions(const QString &purpose, int connectTimeoutSeconds, int statementTimeoutMs) const;

    /// A short name for a server node, such as "dba@db1:5432" or "service=prod".
    QString displayName() const;

    /// keyword='value' pairs, quoted for libpq.
    QString toConninfo() const;

    /// Configures a QPSQL connection: the free-text fields through QSqlDatabase's setters
    /// (which quote them), the rest as connect options. Fails when a value cannot travel
    /// through the Qt driver.
    Error applyTo(QSqlDatabase &db) const;

private:
    QList<Parameter> m_parameters; // only the keywords the user set, in libpq's order
};
