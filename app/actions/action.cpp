// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/action.h"

#include "base/app_identity.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <atomic>


BackendTarget BackendTarget::fromSession(const Session &s)
{
    return {s.key.pid, s.key.backendStart, s.user, s.database, s.application, s.state, s.backendType};
}

QJsonObject BackendTarget::toJson() const
{
    return {{QStringLiteral("pid"), pid},
            {QStringLiteral("backend_start_us"), QString::number(backendStart)},
            {QStringLiteral("user"), user},
            {QStringLiteral("database"), database},
            {QStringLiteral("application"), application},
            {QStringLiteral("state"), state},
            {QStringLiteral("backend_type"), backendType}};
}

quint64 ActionRequest::nextId()
{
    static std::atomic<quint64> counter{0};
    return ++counter;
}

QString ActionRequest::journalKey(quint64 id)
{
    return app_identity::token() + QLatin1Char('-') + QString::number(id);
}

QString ActionRequest::kindName(Kind kind)
{
    switch (kind) {
    case Terminate: return QStringLiteral("terminate");
    case Cancel: return QStringLiteral("cancel");
    case KillAll: return QStringLiteral("kill all");
    case AllowConnections: return QStringLiteral("allow connections");
    case BlockConnections: return QStringLiteral("block connections");
    case PoolerCommand: return QStringLiteral("pooler command");
    case PoolerKillAll: return QStringLiteral("pooler kill all");
    case KillServer: return QStringLiteral("kill server");
    }
    return {};
}

bool ActionRequest::changesDatabase() const
{
    return kind == AllowConnections || kind == BlockConnections || ((kind == KillAll || kind == KillServer) && (blockNewConnections || after != Nothing));
}

QString ActionRequest::describe() const
{
    switch (kind) {
    case Terminate:
        if (!ruleName.isEmpty())
            return tr("Rule \"%1\": terminate %n session(s) on %2", nullptr, int(targets.size())).arg(ruleName, serverName);
        return tr("Terminate %n session(s) on %1", nullptr, int(targets.size())).arg(serverName);
    case Cancel:
        if (!ruleName.isEmpty())
            return tr("Rule \"%1\": cancel the queries of %n session(s) on %2", nullptr, int(targets.size())).arg(ruleName, serverName);
        return tr("Cancel the queries of %n session(s) on %1", nullptr, int(targets.size())).arg(serverName);
    case KillServer: {
        QString text = tr("Kill all connections on server %1").arg(serverName);
        if (blockNewConnections)
            text += tr(", blocking new connections to every database");
        return text;
    }
    case KillAll: {
        QString text = tr("Kill all connections of database \"%1\" on %2").arg(database, serverName);
        if (blockNewConnections)
            text += tr(", blocking new connections");
        if (after == Drop)
            text += tr(", then drop it");
        else if (after == Rename)
            text += tr(", then rename it to \"%1\"").arg(newName);
        else if (after == Reset)
            text += templateName.isEmpty() ? tr(", then drop it and create it again, empty") : tr(", then drop it and create it again from \"%1\"").arg(templateName);
        return text;
    }
    case AllowConnections:
        return tr("Allow connections to database \"%1\" on %2").arg(database, serverName);
    case BlockConnections:
        return tr("Block new connections to database \"%1\" on %2").arg(database, serverName);
    case PoolerCommand:
        if (poolerCommand == QLatin1String("KILL_CLIENT"))
            return tr("Disconnect pooler client %1 on %2").arg(clientId, serverName);
        if (!restores.isEmpty())
            return tr("Let the clients of pooler database \"%1\" on %2 in again").arg(database, serverName);
        return tr("%1 pooler database \"%2\" on %3").arg(poolerCommand, database, serverName);
    case PoolerKillAll:
        return keepBlocked ? tr("Kill all pooler connections of \"%1\" on %2, and keep it disabled").arg(database, serverName)
                           : tr("Kill all pooler connections of \"%1\" on %2").arg(database, serverName);
    }
    return {};
}

QJsonObject ActionRequest::toJson() const
{
    QJsonObject o{{QStringLiteral("action"), journalKey(id)},
                  {QStringLiteral("kind"), kindName(kind)},
                  {QStringLiteral("server"), serverName}};
    if (!serverKey.isEmpty())
        o.insert(QStringLiteral("server_key"), serverKey);
    o.insert(QStringLiteral("process_id"), QCoreApplication::applicationPid());
    if (kind == AllowConnections || kind == BlockConnections) {
        o.insert(QStringLiteral("database"), database);
        if (!restores.isEmpty())
            o.insert(QStringLiteral("restores"), restores);
        return o;
    }
    if (kind == PoolerCommand || kind == PoolerKillAll) {
        o.insert(QStringLiteral("database"), database);
        if (kind == PoolerCommand)
            o.insert(QStringLiteral("command"), poolerCommand);
        else
            o.insert(QStringLiteral("keep_disabled"), keepBlocked);
        if (!clientId.isEmpty())
            o.insert(QStringLiteral("client"), clientId);
        if (!restores.isEmpty())
            o.insert(QStringLiteral("restores"), restores);
        return o;
    }
    if (alsoAtPooler) {
        o.insert(QStringLiteral("also_at_pooler"), QJsonObject{{QStringLiteral("pooler"), alsoAtPooler->name},
                                                               {QStringLiteral("server_key"), alsoAtPooler->serverKey},
                                                               {QStringLiteral("databases"), QJsonArray::fromStringList(alsoAtPooler->databases)}});
    }
    if (kind == KillServer) {
        o.insert(QStringLiteral("include_background_workers"), includeBackgroundWorkers);
        o.insert(QStringLiteral("include_replication"), includeReplication);
        o.insert(QStringLiteral("block_new_connections"), blockNewConnections);
    } else if (kind == KillAll) {
        o.insert(QStringLiteral("database"), database);
        o.insert(QStringLiteral("include_background_workers"), includeBackgroundWorkers);
        o.insert(QStringLiteral("block_new_connections"), blockNewConnections);
        o.insert(QStringLiteral("keep_blocked"), keepBlocked);
        o.insert(QStringLiteral("then"), after == Drop     ? QStringLiteral("drop")
                                         : after == Rename ? QStringLiteral("rename")
                                         : after == Reset  ? QStringLiteral("reset")
                                                           : QStringLiteral("nothing"));
        if (after == Rename)
            o.insert(QStringLiteral("new_name"), newName);
        if (after == Reset)
            o.insert(QStringLiteral("template"), templateName);
    } else {
        QJsonArray list;
        for (const BackendTarget &t : targets)
            list.append(t.toJson());
        o.insert(QStringLiteral("targets"), list);
        if (!ruleName.isEmpty())
            o.insert(QStringLiteral("rule"), ruleName);
    }
    if (kind != Cancel)
        o.insert(QStringLiteral("wait_ms"), waitMs);
    return o;
}

QString Outcome::resultKey(Result r)
{
    switch (r) {
    case Terminated: return QStringLiteral("terminated");
    case Cancelled: return QStringLiteral("cancelled");
    case NoQueryToCancel: return QStringLiteral("no query to cancel");
    case AlreadyGone: return QStringLiteral("already gone");
    case PermissionDenied: return QStringLiteral("permission denied");
    case NotABackend: return QStringLiteral("not a backend");
    case StillAlive: return QStringLiteral("still alive");
    case Skipped: return QStringLiteral("skipped (pgsessions' own)");
    case Done: return QStringLiteral("done");
    case Failed: return QStringLiteral("failed");
    }
    return {};
}

QString Outcome::resultText(Result r)
{
    switch (r) {
    case Terminated: return tr("terminated");
    case Cancelled: return tr("cancelled");
    case NoQueryToCancel: return tr("no query to cancel");
    case AlreadyGone: return tr("already gone");
    case PermissionDenied: return tr("permission denied");
    case NotABackend: return tr("not a backend");
    case StillAlive: return tr("still alive");
    case Skipped: return tr("skipped: pgsessions' own connection");
    case Done: return tr("done");
    case Failed: return tr("failed");
    }
    return {};
}

QJsonObject Outcome::toJson() const
{
    QJsonObject o{{QStringLiteral("result"), resultKey(result)}};
    if (step.isEmpty()) {
        o.insert(QStringLiteral("pid"), pid);
        o.insert(QStringLiteral("backend_start_us"), QString::number(backendStart));
    } else {
        o.insert(QStringLiteral("step"), step);
    }
    for (const auto &[key, value] : {std::pair{"user", &user}, {"database", &database}, {"application", &application}}) {
        if (!value->isEmpty())
            o.insert(QLatin1String(key), *value);
    }
    if (!message.isEmpty())
        o.insert(QStringLiteral("message"), message);
    if (!sqlState.isEmpty())
        o.insert(QStringLiteral("sqlstate"), sqlState);
    return o;
}

int ActionSummary::total() const
{
    int n = 0;
    for (int c : counts)
        n += c;
    return n;
}

QString ActionSummary::databaseStateKey(DatabaseState s)
{
    switch (s) {
    case NotApplicable: return {};
    case ConnectionsAllowed: return QStringLiteral("connections allowed");
    case ConnectionsBlocked: return QStringLiteral("connections blocked");
    case Dropped: return QStringLiteral("dropped");
    case Renamed: return QStringLiteral("renamed");
    case Recreated: return QStringLiteral("recreated");
    case Unknown: return QStringLiteral("unknown");
    }
    return {};
}

QString ActionSummary::describe() const
{
    // Sentences, so that an error and notes never run into the counts.
    const auto sentence = [](QString text) {
        text = text.trimmed();
        if (!text.isEmpty() && !text.endsWith(QLatin1Char('.')) && !text.endsWith(QLatin1Char('!')) && !text.endsWith(QLatin1Char('?')))
            text += QLatin1Char('.');
        return text;
    };
    QStringList parts;
    for (int r = 0; r <= Outcome::Failed; ++r) {
        if (counts[r])
            parts << QStringLiteral("%1 %2").arg(counts[r]).arg(Outcome::resultText(Outcome::Result(r)));
    }
    // An action stopped before it tried any session says so, not "no session to end".
    QString text = !endsSessions ? (error ? tr("not done") : tr("done"))
                   : !parts.isEmpty() ? parts.join(QStringLiteral(", "))
                   : error ? tr("stopped before ending any session")
                           : tr("no session to end");
    text += tr(" in %1 ms").arg(durationMs);
    switch (databaseState) {
    case ConnectionsAllowed: text += tr("; \"%1\" accepts connections").arg(databaseName); break;
    case ConnectionsBlocked: text += tr("; \"%1\" does NOT accept new connections").arg(databaseName); break;
    case Dropped: text += tr("; \"%1\" was dropped").arg(databaseName); break;
    case Renamed: text += tr("; renamed to \"%1\"").arg(databaseName); break;
    case Recreated: text += tr("; \"%1\" was dropped and created again").arg(databaseName); break;
    case Unknown: text += tr("; the state of \"%1\" is unknown").arg(databaseName); break;
    case NotApplicable: break;
    }
    QStringList sentences{sentence(text)};
    if (error)
        sentences << sentence(error.message());
    for (const QString &note : notes)
        sentences << sentence(note);
    return sentences.join(QLatin1Char(' '));
}

QJsonObject ActionSummary::toJson() const
{
    QJsonObject counted;
    for (int r = 0; r <= Outcome::Failed; ++r) {
        if (counts[r])
            counted.insert(Outcome::resultKey(Outcome::Result(r)), counts[r]);
    }
    QJsonObject o{{QStringLiteral("action"), ActionRequest::journalKey(id)}, {QStringLiteral("counts"), counted}, {QStringLiteral("duration_ms"), durationMs}};
    if (databaseState != NotApplicable) {
        o.insert(QStringLiteral("database"), databaseName);
        o.insert(QStringLiteral("database_state"), databaseStateKey(databaseState));
    }
    if (error) {
        o.insert(QStringLiteral("error"), error.message());
        if (!error.sqlState().isEmpty())
            o.insert(QStringLiteral("sqlstate"), error.sqlState());
    }
    if (!notes.isEmpty())
        o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));
    if (restorePending)
        o.insert(QStringLiteral("restore_pending"), true);
    return o;
}
