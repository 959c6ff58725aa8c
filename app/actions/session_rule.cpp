// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/session_rule.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSettings>

namespace {

bool like(const QString &pattern, const QString &value)
{
    if (pattern.isEmpty())
        return true;
    if (!pattern.contains(QLatin1Char('*')) && !pattern.contains(QLatin1Char('?')))
        return pattern == value;
    // Only * and ? are special (not [ ], and * crosses a /, unlike a file name's glob).
    // Compiled once per pattern: rules are matched against every session at every poll.
    static thread_local QHash<QString, QRegularExpression> compiled;
    auto it = compiled.find(pattern);
    if (it == compiled.end()) {
        QString rx;
        for (const QChar c : pattern)
            rx += c == QLatin1Char('*') ? QStringLiteral(".*") : c == QLatin1Char('?') ? QStringLiteral(".") : QRegularExpression::escape(c);
        if (compiled.size() > 256)
            compiled.clear();
        it = compiled.insert(pattern, QRegularExpression(QRegularExpression::anchoredPattern(rx), QRegularExpression::DotMatchesEverythingOption));
    }
    return it->match(value).hasMatch();
}

bool atLeast(int seconds, qint64 since, qint64 now)
{
    return seconds < 0 || (since != kNoTime && now != kNoTime && now - since >= qint64(seconds) * 1000000);
}

QString span(int seconds)
{
    if (seconds % 3600 == 0 && seconds >= 3600)
        return SessionRule::tr("%1 h").arg(seconds / 3600);
    if (seconds % 60 == 0 && seconds >= 60)
        return SessionRule::tr("%1 min").arg(seconds / 60);
    return SessionRule::tr("%1 s").arg(seconds);
}

} // namespace

bool SessionRule::matches(const Session &s, qint64 now) const
{
    if (s.own)
        return false;
    // Without a backend type of its own, a rule is about clients' sessions: never a
    // walsender, an autovacuum worker or a parallel worker (whose times would match too).
    if (backendType.isEmpty() && !s.isClientBackend())
        return false;
    if (!states.isEmpty() && !states.contains(s.state))
        return false;
    if (idleInTransactionSeconds >= 0
        && (!s.isIdleInTransaction() || !atLeast(idleInTransactionSeconds, s.stateChange, now)))
        return false;
    if (queryRunningSeconds >= 0 && (!s.isActive() || !atLeast(queryRunningSeconds, s.queryStart, now)))
        return false;
    if (!atLeast(transactionAgeSeconds, s.xactStart, now))
        return false;
    const QString wait = s.waitEventType.isEmpty() ? QString() : s.waitEventType + QStringLiteral(": ") + s.waitEvent;
    if (!waitEvent.isEmpty() && !like(waitEvent, s.waitEventType) && !like(waitEvent, s.waitEvent) && !like(waitEvent, wait))
        return false;
    return like(user, s.user) && like(application, s.application) && like(database, s.database) && like(clientAddress, s.clientAddress)
           && like(backendType, s.backendType);
}

bool SessionRule::hasConditions() const
{
    return !states.isEmpty() || idleInTransactionSeconds >= 0 || queryRunningSeconds >= 0 || transactionAgeSeconds >= 0 || !user.isEmpty()
           || !application.isEmpty() || !database.isEmpty() || !clientAddress.isEmpty() || !waitEvent.isEmpty() || !backendType.isEmpty();
}

QString SessionRule::describe() const
{
    QStringList parts;
    if (!states.isEmpty())
        parts << tr("state is %1").arg(states.join(tr(" or ")));
    if (idleInTransactionSeconds >= 0)
        parts << tr("idle in transaction ≥ %1").arg(span(idleInTransactionSeconds));
    if (queryRunningSeconds >= 0)
        parts << tr("query running ≥ %1").arg(span(queryRunningSeconds));
    if (transactionAgeSeconds >= 0)
        parts << tr("transaction age ≥ %1").arg(span(transactionAgeSeconds));
    const std::pair<QString, const QString *> fields[] = {{tr("user"), &user},           {tr("application"), &application},
                                                          {tr("database"), &database},   {tr("client"), &clientAddress},
                                                          {tr("wait event"), &waitEvent}, {tr("backend type"), &backendType}};
    for (const auto &[label, value] : fields) {
        if (!value->isEmpty())
            parts << tr("%1 is %2").arg(label, *value);
    }
    return parts.isEmpty() ? tr("every session") : parts.join(tr(" and "));
}

QJsonObject SessionRule::toJson() const
{
    QJsonObject o{{QStringLiteral("name"), name}};
    if (!states.isEmpty())
        o.insert(QStringLiteral("states"), QJsonArray::fromStringList(states));
    const std::pair<const char *, int> numbers[] = {{"idle_in_transaction_s", idleInTransactionSeconds},
                                                    {"query_running_s", queryRunningSeconds},
                                                    {"transaction_age_s", transactionAgeSeconds}};
    for (const auto &[key, value] : numbers) {
        if (value >= 0)
            o.insert(QLatin1String(key), value);
    }
    const std::pair<const char *, const QString *> texts[] = {{"user", &user},         {"application", &application},       {"database", &database},
                                                              {"client", &clientAddress}, {"wait_event", &waitEvent}, {"backend_type", &backendType}};
    for (const auto &[key, value] : texts) {
        if (!value->isEmpty())
            o.insert(QLatin1String(key), *value);
    }
    return o;
}

SessionRule SessionRule::fromJson(const QJsonObject &o)
{
    SessionRule r;
    r.name = o.value(QStringLiteral("name")).toString();
    for (const QJsonValue &v : o.value(QStringLiteral("states")).toArray())
        r.states << v.toString();
    r.idleInTransactionSeconds = o.value(QStringLiteral("idle_in_transaction_s")).toInt(-1);
    r.queryRunningSeconds = o.value(QStringLiteral("query_running_s")).toInt(-1);
    r.transactionAgeSeconds = o.value(QStringLiteral("transaction_age_s")).toInt(-1);
    r.user = o.value(QStringLiteral("user")).toString();
    r.application = o.value(QStringLiteral("application")).toString();
    r.database = o.value(QStringLiteral("database")).toString();
    r.clientAddress = o.value(QStringLiteral("client")).toString();
    r.waitEvent = o.value(QStringLiteral("wait_event")).toString();
    r.backendType = o.value(QStringLiteral("backend_type")).toString();
    return r;
}

QList<SessionRule> SessionRule::load(QSettings &settings)
{
    QList<SessionRule> rules;
    const int n = settings.beginReadArray(QStringLiteral("rules"));
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        const QJsonDocument doc = QJsonDocument::fromJson(settings.value(QStringLiteral("rule")).toByteArray());
        if (doc.isObject())
            rules << fromJson(doc.object());
    }
    settings.endArray();
    return rules;
}

void SessionRule::save(QSettings &settings, const QList<SessionRule> &rules)
{
    settings.remove(QStringLiteral("rules"));
    settings.beginWriteArray(QStringLiteral("rules"), int(rules.size()));
    for (int i = 0; i < rules.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("rule"), QString::fromUtf8(QJsonDocument(rules[i].toJson()).toJson(QJsonDocument::Compact)));
    }
    settings.endArray();
}

Expected<SessionRule> SessionRule::find(QSettings &settings, const QString &name)
{
    QStringList names;
    for (const SessionRule &r : load(settings)) {
        if (r.name == name)
            return r;
        names << r.name;
    }
    return Error(names.isEmpty() ? tr("There is no saved rule \"%1\": no rule is saved (pgsessions ▸ Sessions ▸ Select sessions… saves them).").arg(name)
                                 : tr("There is no saved rule \"%1\"; the saved ones are: %2.").arg(name, names.join(QStringLiteral(", "))));
}
