// SPDX-License-Identifier: GPL-3.0-or-later
// The actions on a whole database or server: allow or block its connections, the pooler's
// commands, kill all (with the pooler's part, and reset from a template) and kill the
// server's sessions. What signals a list of backends is in action_executor.cpp.
#include "actions/action_executor.h"

#include "actions/action_journal.h"
#include "actions/database_changes.h"
#include "actions/pooler_commands.h"
#include "pg/connection.h"
#include "pg/sql_text.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSet>
#include <QThread>

ActionSummary ActionExecutor::runSetAllowConnections(const ActionRequest &request, ActionSummary summary)
{
    const bool allow = request.kind == ActionRequest::AllowConnections;
    const DatabaseChanges changes(m_conn);
    summary.endsSessions = false;
    summary.databaseName = request.database;
    summary.databaseState = ActionSummary::Unknown;
    if (const Error e = changes.setAllowConnections(request.database, allow)) {
        summary.error = e.withContext(allow ? tr("Could not allow connections") : tr("Could not block new connections"));
        summary.restorePending = allow && e.kind() == Error::Kind::ConnectionLost;
    } else {
        QJsonObject details{{QStringLiteral("database"), request.database}};
        if (!request.restores.isEmpty())
            details.insert(QStringLiteral("restores"), request.restores);
        if (const Error journaled = step(request.id, allow ? QStringLiteral("allowed") : QStringLiteral("blocked"), details))
            summary.notes << journaled.message();
    }
    if (const Expected<std::optional<bool>> now = changes.allowsConnections(request.database); now.ok() && now->has_value())
        summary.databaseState = **now ? ActionSummary::ConnectionsAllowed : ActionSummary::ConnectionsBlocked;
    return summary;
}

ActionSummary ActionExecutor::runPooler(const ActionRequest &request, ActionSummary summary)
{
    if (!m_conn.isPoolerConsole()) {
        summary.error = Error(tr("This server is not PgBouncer's admin console."));
        return summary;
    }
    PoolerCommands commands(m_conn, {}, [this](const Outcome &o) {
        if (m_onOutcome)
            m_onOutcome(o);
    });
    if (request.kind == ActionRequest::PoolerKillAll) {
        const QStringList open = commands.killAll(request.database, request.keepBlocked, summary, [&](const QString &db) {
            return step(request.id, QStringLiteral("pooler disabling"), {{QStringLiteral("pooler"), request.serverName}, {QStringLiteral("database"), db}});
        });
        journalPooler(request.id, QStringLiteral("pooler enabled"), request.serverName, open);
        return summary;
    }
    if (!request.restores.isEmpty() && request.poolerCommand == QLatin1String("ENABLE")) {
        // A database an earlier action shut out and did not let in (recovery).
        commands.letInAgain(request.database, summary);
        summary.databaseName = request.database;
        if (!summary.error) {
            summary.databaseState = ActionSummary::ConnectionsAllowed; // (at the pooler: it settles the offer)
            journalPooler(request.id, QStringLiteral("pooler enabled"), request.serverName, {request.database}, request.restores);
        }
        return summary;
    }
    const bool client = request.poolerCommand == QLatin1String("KILL_CLIENT");
    if (!client && !PoolerCommands::isDatabaseCommand(request.poolerCommand)) {
        summary.error = Error(tr("\"%1\" is not a pooler command pgsessions runs.").arg(request.poolerCommand));
        return summary;
    }
    const int clients = request.poolerCommand == QLatin1String("KILL") ? commands.clientsOf(request.database) : -1;
    const Outcome o = commands.run(request.poolerCommand, client ? request.clientId : request.database);
    ++summary.counts[o.result];
    if (o.isFailure())
        summary.error = Error(o.message, o.sqlState);
    else if (clients > 0)
        summary.notes << tr("%n pooler client(s) were disconnected; the database stays paused until RESUME.", nullptr, clients);
    else if (request.poolerCommand == QLatin1String("KILL"))
        summary.notes << tr("The database stays paused until RESUME.");
    return summary;
}

ActionSummary ActionExecutor::runKillAllAlsoAtPooler(const ActionRequest &request, ActionSummary summary)
{
    const ActionRequest::AlsoAtPooler &at = *request.alsoAtPooler;
    const auto openConsole = [&]() {
        pg::ConnectOptions options;
        options.purpose = QStringLiteral("actions");
        options.password = at.password;
        options.fallback = false;
        options.allowPoolerConsole = true;
        options.connectTimeoutSeconds = 10;
        options.stopped = [this] { return m_stop.load(); };
        Expected<pg::Connection> console = pg::Connection::open(at.spec.with(QStringLiteral("dbname"), QStringLiteral("pgbouncer")), options);
        if (console.ok() && !console->isPoolerConsole())
            return Expected<pg::Connection>(Error(tr("%1 is not PgBouncer's admin console.").arg(at.name)));
        return console;
    };
    Expected<pg::Connection> console = openConsole();
    if (!console.ok()) {
        summary.databaseName = request.database;
        summary.error = console.error().withContext(tr("Could not reach the pooler %1; nothing was done").arg(at.name));
        return summary;
    }
    const auto sink = [this](const Outcome &o) {
        if (m_onOutcome)
            m_onOutcome(o);
    };
    // The pooler first: its clients of the database are refused and dropped there, so
    // that they neither come back through new server connections nor wait in its queue.
    // Each DISABLE is journaled before it runs, so that a crash leaves an offer to let the
    // pooler's clients in again.
    Error notJournaled;
    const PoolerCommands::ShutOut shut = PoolerCommands(*console, at.name, sink).shutOut(at.databases, summary, [&](const QString &db) {
        notJournaled = step(request.id, QStringLiteral("pooler disabling"), {{QStringLiteral("pooler"), at.name}, {QStringLiteral("database"), db}});
        return notJournaled;
    });
    if (summary.error) {
        // Refused (a user only in stats_users, say), or not journaled: nothing is ended on
        // the server, and what was shut out is let in again.
        journalPooler(request.id, QStringLiteral("pooler enabled"), at.name, PoolerCommands(*console, at.name, sink).letIn(shut, false, summary));
        summary.databaseName = request.database;
        summary.error = summary.error.withContext(notJournaled ? tr("The journal could not record the pooler's step; no session of the server was ended")
                                                               : tr("The pooler refused; no session of the server was ended"));
        return summary;
    }
    summary = runKillAll(request, summary);
    // And let the pooler's clients in again, on a fresh connection if the pooler went
    // away meanwhile (a restarted PgBouncer has forgotten the DISABLE anyway). The pooler
    // stays shut only while the server's database does: kept blocked as asked, or gone.
    if (!console->isOpen() || !console->exec(QByteArrayLiteral("SHOW VERSION")).ok())
        console = openConsole();
    const ActionSummary::DatabaseState now = summary.databaseState;
    const bool keep = now == ActionSummary::Dropped
                      || (request.keepBlocked
                          && (now == ActionSummary::ConnectionsBlocked || now == ActionSummary::Renamed || now == ActionSummary::Recreated));
    if (console.ok()) {
        journalPooler(request.id, QStringLiteral("pooler enabled"), at.name, PoolerCommands(*console, at.name, sink).letIn(shut, keep, summary));
        if (keep) // kept on purpose: nothing to offer after a restart
            journalPooler(request.id, QStringLiteral("pooler kept disabled"), at.name, shut.disabled);
    } else {
        summary.notes << tr("Could not reach the pooler %1 again (%2): run RESUME and ENABLE for %3 there.")
                             .arg(at.name, console.error().message(), shut.disabled.join(QStringLiteral(", ")));
    }
    return summary;
}

void ActionExecutor::journalPooler(quint64 action, const QString &name, const QString &pooler, const QStringList &databases, const QString &restores)
{
    if (databases.isEmpty())
        return;
    QJsonObject details{{QStringLiteral("pooler"), pooler}, {QStringLiteral("databases"), QJsonArray::fromStringList(databases)}};
    if (!restores.isEmpty())
        details.insert(QStringLiteral("restores"), restores);
    (void)step(action, name, details);
}

void ActionExecutor::killRounds(const QString &database, const ActionRequest &request, const QElapsedTimer &clock, bool blocked,
                                ActionSummary &summary)
{
    // Rounds: end what is there, wait, and look again for sessions that arrived meanwhile.
    QSet<QPair<int, qint64>> seen;
    std::vector<BackendTarget> stillAlive;
    int lateArrivals = 0;
    bool ownReported = false;
    bool settled = false;
    for (int round = 0;; ++round) {
        std::vector<BackendTarget> others, own;
        if (const Error e = listBackends(database, request.includeBackgroundWorkers, request.includeReplication, others, own)) {
            summary.error = e;
            break;
        }
        if (!ownReported) {
            for (const BackendTarget &t : own)
                emitOutcome(t, Outcome::Skipped, summary, tr("pgsessions' own connection stays."));
            ownReported = true;
        }
        std::vector<BackendTarget> fresh;
        for (const BackendTarget &t : others) {
            if (!seen.contains({t.pid, t.backendStart}))
                fresh.push_back(t);
        }
        if (fresh.empty()) {
            // Clients that reconnect at once (pools) are back within milliseconds: look
            // once more after a short pause before calling the database empty. The pause
            // is already served when the last session seen to end went that long ago and
            // nobody has come back since.
            const bool served = round > 0 && m_lastGone.isValid() && m_lastGone.elapsed() >= kSettleMs;
            if (settled || served || clock.elapsed() >= request.waitMs || m_stop)
                break;
            QThread::msleep(ulong(std::clamp<qint64>(request.waitMs - clock.elapsed(), 0, kSettleMs)));
            settled = true;
            continue;
        }
        settled = false;
        if (round > 0)
            lateArrivals += int(fresh.size());
        for (const BackendTarget &t : fresh)
            seen.insert({t.pid, t.backendStart});
        if (m_onProgress)
            m_onProgress(tr("Terminating %n session(s)", nullptr, int(fresh.size())));
        m_lastGone.invalidate();
        const std::vector<BackendTarget> signalled = signal(fresh, Signal::Terminate, summary);
        const std::vector<BackendTarget> left = waitUntilGone(signalled, std::max<qint64>(0, request.waitMs - clock.elapsed()), summary);
        stillAlive.insert(stillAlive.end(), left.begin(), left.end());
        if (clock.elapsed() >= request.waitMs || m_stop)
            break;
    }
    for (const BackendTarget &t : stillAlive)
        emitOutcome(t, Outcome::StillAlive, summary, stillThere(clock.elapsed()));
    if (lateArrivals > 0)
        summary.notes << (blocked ? tr("%n session(s) connected while the kill was under way and were ended too.", nullptr, lateArrivals)
                                  : tr("%n new session(s) connected during the kill and were ended too. Block new connections to keep "
                                       "clients that reconnect out.",
                                       nullptr, lateArrivals));
}

bool ActionExecutor::createFromTemplate(const ActionRequest &request, const QString &owner, ActionSummary &summary)
{
    const DatabaseChanges changes(m_conn);
    // CREATE DATABASE copies the template only while nobody is connected to it: its
    // sessions are ended first, and again should one come back in between.
    for (int attempt = 0;; ++attempt) {
        if (!request.templateName.isEmpty()) {
            QElapsedTimer clock;
            clock.start();
            ActionRequest templateRound = request;
            templateRound.waitMs = std::min(request.waitMs, 5000);
            killRounds(request.templateName, templateRound, clock, false, summary);
        }
        // Empty: template0, which takes no connections and holds nothing of the site's.
        const QString from = request.templateName.isEmpty() ? QStringLiteral("template0") : request.templateName;
        // Kept blocked: created refusing connections, so that no client comes back to it
        // before the user allows it (a restore first, say).
        const bool allow = !(request.blockNewConnections && request.keepBlocked);
        const Error e = changes.create(request.database, from, owner, allow);
        if (!e)
            return true;
        // 55006: the template is being accessed by other users (one that came back).
        if (e.sqlState() == QLatin1String("55006") && attempt < 2 && !m_stop) {
            QThread::msleep(200);
            continue;
        }
        const QString how = DatabaseChanges::createStatement(request.database, from, owner, allow);
        summary.error = e.withContext(tr("\"%1\" was dropped, but could not be created again (%2 would do it)").arg(request.database, how));
        return false;
    }
}

ActionSummary ActionExecutor::runKillServer(const ActionRequest &request, ActionSummary summary)
{
    QElapsedTimer clock;
    clock.start();
    const DatabaseChanges changes(m_conn);
    // Every database that accepts connections is blocked first (when asked), each step
    // journaled, and every one allowed again at the end, whatever happened in between.
    QStringList blocked;
    if (request.blockNewConnections) {
        const Expected<QStringList> databases = changes.acceptingConnections();
        if (!databases.ok()) {
            summary.error = databases.error();
            return summary;
        }
        // The action's own connection is in one database, which cannot refuse connections
        // while it is there: its sessions are ended like the rest, and that is said.
        const pg::Result own = m_conn.exec(QByteArrayLiteral("SELECT current_database()"));
        if (own.ok() && own.rows() == 1)
            summary.notes << tr("\"%1\" was not blocked: pgsessions' action connection is in it (its sessions were ended all the same).")
                                 .arg(own.text(0, 0));
        for (const QString &db : *databases) {
            if (const Error e = step(request.id, QStringLiteral("blocking"), {{QStringLiteral("database"), db}})) {
                summary.error = e;
                break;
            }
            if (const Error e = changes.setAllowConnections(db, false)) {
                summary.error = e.withContext(tr("Could not block new connections to \"%1\"").arg(db));
                break;
            }
            blocked << db;
            if (const Error e = step(request.id, QStringLiteral("blocked"), {{QStringLiteral("database"), db}})) {
                summary.error = e;
                break;
            }
        }
    }
    if (!summary.error)
        killRounds(QString(), request, clock, request.blockNewConnections, summary);
    QStringList stillBlocked;
    for (const QString &db : std::as_const(blocked)) {
        if (const Error e = changes.setAllowConnections(db, true)) {
            stillBlocked << db;
            summary.restorePending = summary.restorePending || e.kind() == Error::Kind::ConnectionLost || !m_conn.isOpen();
        } else if (const Error j = step(request.id, QStringLiteral("allowed"), {{QStringLiteral("database"), db}})) {
            summary.notes << j.message();
        }
    }
    if (summary.restorePending)
        summary.pendingDatabases = stillBlocked; // allowed again when the server is back
    if (!stillBlocked.isEmpty())
        summary.notes << tr("Could not allow connections again to %1: they still refuse new connections.").arg(stillBlocked.join(QStringLiteral(", ")));
    else if (!blocked.isEmpty())
        summary.notes << tr("%n database(s) were blocked while it ran and accept connections again.", nullptr, int(blocked.size()));
    return summary;
}

ActionSummary ActionExecutor::runKillAll(const ActionRequest &request, ActionSummary summary)
{
    QElapsedTimer clock;
    clock.start();
    const DatabaseChanges changes(m_conn);
    summary.databaseName = request.database;
    summary.databaseState = ActionSummary::Unknown;
    const int version = m_conn.serverVersion();

    const Expected<std::optional<bool>> allowed = changes.allowsConnections(request.database);
    if (!allowed.ok()) {
        summary.error = allowed.error();
        return summary;
    }
    if (!allowed->has_value()) {
        summary.databaseState = ActionSummary::NotApplicable;
        summary.error = Error(tr("There is no database \"%1\".").arg(request.database));
        return summary;
    }
    // "Blocked" means: this action will give the database its connections back at the
    // end (unless kept blocked), also when something else had blocked it before.
    const bool blocked = request.blockNewConnections;
    if (blocked && **allowed) {
        // Journaled before the ALTER too: a crash right after it still leaves a record
        // that the next start offers to restore.
        if (const Error e = step(request.id, QStringLiteral("blocking"), {{QStringLiteral("database"), request.database}})) {
            summary.databaseState = ActionSummary::ConnectionsAllowed;
            summary.error = e;
            return summary;
        }
        if (const Error e = changes.setAllowConnections(request.database, false)) {
            summary.databaseState = ActionSummary::ConnectionsAllowed;
            summary.error = e.withContext(tr("Could not block new connections"));
            return summary;
        }
        // The journal must hold the block before any session is ended: if it cannot,
        // the block is lifted again and nothing is ended.
        if (const Error e = step(request.id, QStringLiteral("blocked"), {{QStringLiteral("database"), request.database}})) {
            if (!changes.setAllowConnections(request.database, true))
                summary.databaseState = ActionSummary::ConnectionsAllowed;
            summary.error = e;
            return summary;
        }
    } else if (blocked) {
        if (const Error e = step(request.id, QStringLiteral("blocked"),
                                 {{QStringLiteral("database"), request.database}, {QStringLiteral("already"), true}})) {
            summary.error = e;
            return summary;
        }
    }

    killRounds(request.database, request, clock, blocked, summary);

    bool dropped = false, renamed = false, recreated = false;
    QString currentName = request.database;
    const bool reset = request.after == ActionRequest::Reset;
    // Reset: the same owner afterwards, read while the database is still there.
    const Expected<QString> owner = reset ? changes.ownerOf(request.database) : Expected<QString>(QString());
    if (!owner.ok() && !summary.error)
        summary.error = owner.error();
    if (!summary.error && (request.after == ActionRequest::Drop || reset)) {
        const bool force = version >= 130000;
        if (!force)
            summary.notes << tr("DROP DATABASE … WITH (FORCE) needs PostgreSQL 13 or later; this server is older, so it was dropped "
                                "without FORCE, which fails if a session is still connected.");
        if (const Error e = changes.drop(request.database, force)) {
            summary.error = e.withContext(tr("Could not drop the database"));
        } else {
            dropped = true;
            if (const Error j = step(request.id, QStringLiteral("dropped"), {{QStringLiteral("database"), request.database}}))
                summary.notes << j.message();
        }
        if (dropped && reset) {
            recreated = createFromTemplate(request, *owner, summary);
            if (recreated) {
                if (const Error j = step(request.id, QStringLiteral("created"),
                                         {{QStringLiteral("database"), request.database}, {QStringLiteral("template"), request.templateName},
                                          {QStringLiteral("owner"), *owner}}))
                    summary.notes << j.message();
            }
        }
    } else if (!summary.error && request.after == ActionRequest::Rename) {
        if (const Error e = changes.rename(request.database, request.newName)) {
            summary.error = e.withContext(tr("Could not rename the database"));
        } else {
            renamed = true;
            currentName = request.newName;
            if (const Error j = step(request.id, QStringLiteral("renamed"),
                                     {{QStringLiteral("database"), request.database}, {QStringLiteral("new_name"), request.newName}}))
                summary.notes << j.message();
        }
    }

    // Whatever happened above, give the database its connections back, unless it is gone
    // or the user asked to keep it closed. A connection lost here is retried when the
    // server is back (restorePending).
    if (blocked && !dropped && !request.keepBlocked) {
        if (const Error e = changes.setAllowConnections(currentName, true)) {
            summary.notes << tr("Could not allow connections again: %1. The database still refuses new connections.").arg(e.message());
            summary.restorePending = e.kind() == Error::Kind::ConnectionLost || !m_conn.isOpen();
        } else if (const Error j = step(request.id, QStringLiteral("allowed"), {{QStringLiteral("database"), currentName}})) {
            summary.notes << j.message();
        }
    }

    summary.databaseName = currentName;
    if (recreated) {
        summary.databaseState = ActionSummary::Recreated;
        if (request.blockNewConnections && request.keepBlocked)
            summary.notes << tr("\"%1\" was created refusing new connections, as asked: allowing connections gives them back.").arg(currentName);
    } else if (dropped) {
        summary.databaseState = ActionSummary::Dropped;
    } else if (const Expected<std::optional<bool>> now = changes.allowsConnections(currentName); now.ok() && now->has_value()) {
        const bool allowsNow = **now;
        summary.databaseState = renamed ? ActionSummary::Renamed : allowsNow ? ActionSummary::ConnectionsAllowed : ActionSummary::ConnectionsBlocked;
        if (renamed && !allowsNow)
            summary.notes << tr("\"%1\" does not accept new connections.").arg(currentName);
    }
    return summary;
}
