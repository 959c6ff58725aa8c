// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"
#include "monitor/session.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

class QSettings;

/// Which sessions to select, as conditions that must all hold: states, how long idle in a
/// transaction (since state_change), how long the running query has run (since
/// query_start), the transaction's age, and the user, application, database, client
/// address, wait event and backend type (each a pattern: `*` any characters, `?` one;
/// empty: any; `*` crosses a `/`, `[` is an ordinary character). Without a backend type
/// a rule selects client backends only: walsenders, autovacuum and parallel workers are
/// matched only by a rule that names their type. Ages are measured on the server's
/// clock. pgsessions' own sessions never match. Rules are saved by name in the settings, where the command line finds them too.
struct SessionRule {
    Q_DECLARE_TR_FUNCTIONS(SessionRule)
public:
    QString name;
    QStringList states;                ///< any of these; empty: any state
    int idleInTransactionSeconds = -1; ///< idle in transaction for at least this long; -1: not a condition
    int queryRunningSeconds = -1;      ///< active, its query running for at least this long
    int transactionAgeSeconds = -1;    ///< in a transaction at least this old
    QString user;
    QString application;
    QString database;
    QString clientAddress;
    QString waitEvent;                 ///< "Lock", "Lock: transactionid", "ClientRead", …
    QString backendType;

    /// Whether @p session matches, at @p serverTime (µs since the epoch).
    bool matches(const Session &session, qint64 serverTime) const;
    /// Whether any condition is set (a rule with none would select every session).
    bool hasConditions() const;
    /// The conditions in words: "state is idle in transaction and idle in transaction ≥ 5 min and user is web".
    QString describe() const;

    QJsonObject toJson() const;
    static SessionRule fromJson(const QJsonObject &o);

    static QList<SessionRule> load(QSettings &settings);
    static void save(QSettings &settings, const QList<SessionRule> &rules);
    /// The saved rule named @p name, or an error that lists the names there are.
    static Expected<SessionRule> find(QSettings &settings, const QString &name);

    friend bool operator==(const SessionRule &a, const SessionRule &b) { return a.toJson() == b.toJson(); }
};
