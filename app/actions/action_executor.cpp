// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/action_executor.h"

#include "actions/action_journal.h"
#include "actions/database_changes.h"
#include "actions/pooler_commands.h"
#include "pg/connection.h"
#include "pg/own_backends.h"
#include "pg/pipeline.h"
#include "pg/sql_text.h"
#include "pg/text_codec.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QThread>


namespace {

// Same expression as the poll's, so identities compare exactly.
const char *const kBackendStartUs = "(extract(epoch FROM a.backend_start) * 1000000)::int8";

// Whether row "a" (of pg_stat_activity, or of pg_stat_get_activity(pid) with the names
// passed in) is the backend named by (pid, start, user, database).
// A role without pg_read_all_stats sees no backend_start for other roles' sessions: then,
// and only then, the pid is checked with the user and the database, which is all it sees.
// @p rowUser and @p rowDatabase: the row's user and database names as expressions.
QString identityMatch(const QString &pid, const QString &start, const QString &user, const QString &database,
                      const QString &rowUser = QStringLiteral("a.usename"), const QString &rowDatabase = QStringLiteral("a.datname"))
{
    return QStringLiteral("a.pid = %1 AND CASE WHEN %2 IS NULL THEN a.backend_start IS NULL AND %6 IS NOT DISTINCT FROM %3"
                          " AND %7 IS NOT DISTINCT FROM %4 ELSE %5 = %2 END")
        .arg(pid, start, user, database, QLatin1String(kBackendStartUs), rowUser, rowDatabase);
}

QByteArray startText(const BackendTarget &t)
{
    return t.backendStart == kNoTime ? QByteArray() : QByteArray::number(t.backendStart);
}

// An array literal of one field of every target; NULL for a null string or kNoTime.
QByteArray element(int v) { return QByteArray::number(v); }
QByteArray element(qint64 v) { return v == kNoTime ? QByteArrayLiteral("NULL") : QByteArray::number(v); }
QByteArray element(const QString &v)
{
    if (v.isNull())
        return QByteArrayLiteral("NULL");
    QByteArray quoted = pg::encodeText(v);
    quoted.replace('\\', "\\\\").replace('"', "\\\"");
    return '"' + quoted + '"';
}

template<typename Field>
QByteArray arrayLiteral(const std::vector<BackendTarget> &targets, Field field)
{
    QByteArray out = "{";
    for (size_t i = 0; i < targets.size(); ++i) {
        if (i)
            out += ',';
        out += element(targets[i].*field);
    }
    return out + '}';
}

// pgsessions' own backends among the rows named "a": the statement's own, and every
// connection this process holds ($own_pids, $own_starts: OwnBackends::arrays()).
QString ownBackend(int pidsParam)
{
    return QStringLiteral("(a.pid = pg_backend_pid() OR (a.pid, %1) IN (SELECT * FROM unnest($%2::int[], $%3::int8[])))")
        .arg(QLatin1String(kBackendStartUs))
        .arg(pidsParam)
        .arg(pidsParam + 1);
}

} // namespace

ActionSummary ActionExecutor::runJournaled(ActionJournal &journal, const pg::Connection *conn, const Error &noConnection,
                                           const ActionRequest &request, const std::atomic<bool> &stop, const OutcomeSink &onOutcome,
                                           const ProgressSink &onProgress, bool *usable)
{
    ActionSummary summary;
    summary.id = request.id;
    summary.endsSessions = request.endsSessions();
    QElapsedTimer clock;
    clock.start();
    Error journalError;
    auto journaled = [&journalError](const Error &e) {
        if (e && !journalError)
            journalError = e;
        return e;
    };
    if (!conn) {
        summary.error = noConnection;
        summary.databaseName = request.database;
        for (const BackendTarget &t : request.targets) {
            Outcome o{t.pid, t.backendStart, Outcome::Failed, summary.error.message(), {}, t.user, t.database, t.application, {}};
            ++summary.counts[Outcome::Failed];
            (void)journaled(journal.recordOutcome(request.id, o));
            if (onOutcome)
                onOutcome(o);
        }
    } else {
        ActionExecutor executor(*conn, stop);
        summary = executor.run(
            request,
            [&](const Outcome &o) {
                (void)journaled(journal.recordOutcome(request.id, o));
                if (onOutcome)
                    onOutcome(o);
            },
            onProgress, [&](quint64 action, const QString &step, const QJsonObject &details) { return journaled(journal.recordStep(action, step, details)); });
        if (usable)
            *usable = executor.connectionUsable();
    }
    summary.durationMs = clock.elapsed();
    if (journalError)
        summary.notes << journalError.message();
    if (const Error e = journal.recordFinish(summary); e && !journalError) {
        summary.notes << e.message();
        journalError = e;
    }
    summary.journalError = journalError;
    return summary;
}

ActionExecutor::ActionExecutor(const pg::Connection &conn, const std::atomic<bool> &stop)
    : m_conn(conn)
    , m_stop(stop)
{
}

void ActionExecutor::emitOutcome(const BackendTarget &t, Outcome::Result r, ActionSummary &summary, const QString &message,
                                 const QString &sqlState)
{
    Outcome o;
    o.pid = t.pid;
    o.backendStart = t.backendStart;
    o.result = r;
    o.message = message;
    o.sqlState = sqlState;
    o.user = t.user;
    o.database = t.database;
    o.application = t.application;
    ++summary.counts[r];
    if (m_onOutcome)
        m_onOutcome(o);
}

void ActionExecutor::signalled(const BackendTarget &t, Signal how, const QString &state, ActionSummary &summary,
                               std::vector<BackendTarget> &signalledOnes)
{
    if (how == Signal::Terminate) {
        signalledOnes.push_back(t);
        return;
    }
    // A role without pg_read_all_stats sees no state: the signal went out.
    if (state.isNull() || state == QLatin1String("active") || state == QLatin1String("fastpath function call"))
        emitOutcome(t, Outcome::Cancelled, summary);
    else if (state.startsWith(QLatin1String("idle in transaction")))
        emitOutcome(t, Outcome::NoQueryToCancel, summary, tr("The session was %1: no query was running, and its transaction stays open.").arg(state));
    else
        emitOutcome(t, Outcome::NoQueryToCancel, summary, tr("The session was %1: no query was running.").arg(state));
}

std::vector<BackendTarget> ActionExecutor::signal(const std::vector<BackendTarget> &targets, Signal how, ActionSummary &summary)
{
    // A superuser is refused by no backend, so nothing can cost the others their outcome:
    // one statement signals them all, as a DBA's own would (a pipeline of 1,000 statements
    // re-reads every backend's status 1,000 times). Anyone else: one statement each.
    if (targets.size() > 1 && !m_conn.isPooled() && m_conn.parameter("is_superuser") == QLatin1String("on"))
        return signalAtOnce(targets, how, summary);
    return signalEach(targets, how, summary);
}

std::vector<BackendTarget> ActionExecutor::signalAtOnce(const std::vector<BackendTarget> &targets, Signal how, ActionSummary &summary)
{
    std::vector<BackendTarget> signalledOnes;
    const QByteArray sql =
        QStringLiteral("SELECT t.i, CASE WHEN %1 THEN NULL ELSE %2(a.pid) END, %1, a.state FROM pg_stat_activity a "
                       "JOIN unnest($1::int[], $2::int8[], $3::text[], $4::text[]) WITH ORDINALITY AS t(pid, start, usename, datname, i) ON %3")
            .arg(ownBackend(5), how == Signal::Terminate ? QStringLiteral("pg_terminate_backend") : QStringLiteral("pg_cancel_backend"),
                 identityMatch(QStringLiteral("t.pid"), QStringLiteral("t.start"), QStringLiteral("t.usename"), QStringLiteral("t.datname")))
            .toUtf8();
    const auto [ownPids, ownStarts] = OwnBackends::arrays();
    const pg::Result r = m_conn.exec(sql, {arrayLiteral(targets, &BackendTarget::pid), arrayLiteral(targets, &BackendTarget::backendStart),
                                           arrayLiteral(targets, &BackendTarget::user), arrayLiteral(targets, &BackendTarget::database),
                                           ownPids, ownStarts});
    if (!r.ok()) {
        // Which of them the statement reached before it failed is not known.
        const Error e = r.valid() ? r.error() : m_conn.lastError();
        for (const BackendTarget &t : targets)
            emitOutcome(t, Outcome::Failed, summary, tr("Not known whether it was signalled: %1").arg(e.message()), e.sqlState());
        m_usable = m_usable && m_conn.isOpen();
        return signalledOnes;
    }
    std::vector<int> row(targets.size(), -1);
    for (int i = 0; i < r.rows(); ++i) {
        const qint64 ordinal = r.integer(i, 0);
        if (ordinal >= 1 && ordinal <= qint64(targets.size()))
            row[size_t(ordinal - 1)] = i;
    }
    std::vector<BackendTarget> refused;
    for (size_t k = 0; k < targets.size(); ++k) {
        const BackendTarget &t = targets[k];
        const int i = row[k];
        if (i < 0)
            emitOutcome(t, Outcome::AlreadyGone, summary);
        else if (r.flag(i, 2))
            emitOutcome(t, Outcome::Skipped, summary);
        else if (!r.flag(i, 1))
            refused.push_back(t); // not signalled: asked again alone, for the server's reason
        else
            signalled(t, how, r.text(i, 3), summary, signalledOnes);
    }
    const std::vector<BackendTarget> again = signalEach(refused, how, summary);
    signalledOnes.insert(signalledOnes.end(), again.begin(), again.end());
    return signalledOnes;
}

std::vector<BackendTarget> ActionExecutor::signalEach(const std::vector<BackendTarget> &targets, Signal how, ActionSummary &summary)
{
    std::vector<BackendTarget> signalledOnes;
    if (targets.empty())
        return signalledOnes;
    // The one backend, from pg_stat_get_activity(pid) rather than the pg_stat_activity
    // view: each statement is a transaction of its own, and the view builds a row for
    // every backend of the server each time (1.3 ms against 0.18 ms a statement at 1,000
    // backends, measured here), which made a kill-all quadratic. The names the view joins
    // in are looked up only where identity needs them.
    const QByteArray sql =
        QStringLiteral("SELECT CASE WHEN %1 THEN NULL ELSE %2(a.pid) END, %1, a.state FROM pg_stat_get_activity($1::int) a WHERE %3")
            .arg(ownBackend(5),
                 how == Signal::Terminate ? QStringLiteral("pg_terminate_backend") : QStringLiteral("pg_cancel_backend"),
                 identityMatch(QStringLiteral("$1::int"), QStringLiteral("$2::int8"), QStringLiteral("$3::text"), QStringLiteral("$4::text"),
                               QStringLiteral("(SELECT r.rolname FROM pg_catalog.pg_roles r WHERE r.oid = a.usesysid)"),
                               QStringLiteral("(SELECT d.datname FROM pg_catalog.pg_database d WHERE d.oid = a.datid)")))
            .toUtf8();

    const auto [ownPids, ownStarts] = OwnBackends::arrays();
    std::vector<QList<QByteArray>> parameters;
    parameters.reserve(targets.size());
    for (const BackendTarget &t : targets)
        parameters.push_back({QByteArray::number(t.pid), startText(t), t.user.isNull() ? QByteArray() : pg::encodeText(t.user),
                              t.database.isNull() ? QByteArray() : pg::encodeText(t.database), ownPids, ownStarts});

    const pg::Pipeline::Report report = pg::Pipeline::run(
        m_conn, sql, parameters, [&](size_t index, const pg::Result &r, const QString &notice) {
            const BackendTarget &t = targets[index];
            if (!r.valid()) {
                emitOutcome(t, Outcome::Failed, summary, tr("The server sent no result."));
            } else if (const Error e = r.error()) {
                emitOutcome(t, e.sqlState() == QLatin1String("42501") ? Outcome::PermissionDenied : Outcome::Failed, summary, e.message(),
                            e.sqlState());
            } else if (r.rows() == 0) {
                emitOutcome(t, Outcome::AlreadyGone, summary);
            } else if (r.flag(0, 1)) {
                emitOutcome(t, Outcome::Skipped, summary);
            } else if (!r.flag(0, 0)) {
                // false comes with a WARNING (in the server's language): the pid is no
                // longer a backend, or the signal could not be sent.
                emitOutcome(t, Outcome::NotABackend, summary, notice);
            } else {
                signalled(t, how, r.text(0, 2), summary, signalledOnes);
            }
        },
        &m_stop);
    // Those the batch never answered: one outcome each, with the reason.
    for (size_t i = report.answered; i < targets.size(); ++i)
        emitOutcome(targets[i], Outcome::Failed, summary, report.broken.message());
    m_usable = m_usable && report.usable;
    return signalledOnes;
}

std::vector<BackendTarget> ActionExecutor::waitUntilGone(std::vector<BackendTarget> pending, qint64 deadlineMs, ActionSummary &summary)
{
    QElapsedTimer clock;
    clock.start();
    const QByteArray sql = QStringLiteral("SELECT a.pid FROM pg_stat_activity a JOIN unnest($1::int[], $2::int8[], $3::text[], $4::text[]) "
                                          "AS t(pid, start, usename, datname) ON %1")
                               .arg(identityMatch(QStringLiteral("t.pid"), QStringLiteral("t.start"), QStringLiteral("t.usename"),
                                                  QStringLiteral("t.datname")))
                               .toUtf8();
    while (!pending.empty()) {
        const QByteArray pids = arrayLiteral(pending, &BackendTarget::pid), starts = arrayLiteral(pending, &BackendTarget::backendStart),
                         users = arrayLiteral(pending, &BackendTarget::user), dbs = arrayLiteral(pending, &BackendTarget::database);
        const pg::Result r = m_conn.exec(sql, {pids, starts, users, dbs});
        if (!r.ok()) {
            summary.notes << tr("Could not check whether the sessions ended: %1").arg((r.valid() ? r.error() : m_conn.lastError()).message());
            return pending;
        }
        QElapsedTimer answered;
        answered.start();
        if (size_t(r.rows()) < pending.size())
            m_lastGone.start();
        QSet<int> alive;
        for (int i = 0; i < r.rows(); ++i)
            alive.insert(int(r.integer(i, 0)));
        std::vector<BackendTarget> left;
        for (const BackendTarget &t : pending) {
            if (alive.contains(t.pid))
                left.push_back(t);
            else
                emitOutcome(t, Outcome::Terminated, summary);
        }

        pending.swap(left);
        if (pending.empty() || clock.elapsed() >= deadlineMs || m_stop)
            break;
        if (m_onProgress)
            m_onProgress(tr("Waiting for %n session(s) to end", nullptr, int(pending.size())));
        // A poll every kPollIntervalMs: the time the outcomes took is part of the wait.
        QThread::msleep(ulong(std::max<qint64>(0, kPollIntervalMs - answered.elapsed())));
    }
    return pending;
}

Error ActionExecutor::listBackends(const QString &database, bool includeBackground, bool includeReplication,
                                   std::vector<BackendTarget> &others, std::vector<BackendTarget> &own)
{
    // One database: its sessions, background workers too when asked. Every database (an
    // empty name): client backends, and when asked background, parallel and autovacuum
    // workers and replication senders; never the server's own processes.
    const QString sql = QStringLiteral("SELECT a.pid, %1, a.usename, a.datname, a.application_name, a.state, a.backend_type, %2 "
                                       "FROM pg_stat_activity a WHERE CASE WHEN $1::text IS NOT NULL THEN a.datname = $1"
                                       // NULL: another role's session, as seen without pg_read_all_stats.
                                       " AND (a.backend_type = 'client backend' OR a.backend_type IS NULL OR $2::bool)"
                                       " ELSE (a.backend_type = 'client backend' OR (a.backend_type IS NULL AND a.datname IS NOT NULL)"
                                       " OR ($2::bool AND a.backend_type IN ('background worker', 'parallel worker', 'autovacuum worker'))"
                                       " OR ($5::bool AND a.backend_type = 'walsender')) END")
                            .arg(QLatin1String(kBackendStartUs), ownBackend(3));
    const auto [ownPids, ownStarts] = OwnBackends::arrays();
    const auto flag = [](bool on) { return on ? QByteArrayLiteral("true") : QByteArrayLiteral("false"); };
    const pg::Result r = m_conn.exec(sql.toUtf8(), {database.isEmpty() ? QByteArray() : pg::encodeText(database), flag(includeBackground), ownPids,
                                                     ownStarts, flag(includeReplication)});
    if (!r.ok())
        return r.valid() ? r.error() : m_conn.lastError();
    others.clear();
    own.clear();
    for (int i = 0; i < r.rows(); ++i) {
        BackendTarget t{int(r.integer(i, 0)), r.integer(i, 1, kNoTime), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5), r.text(i, 6)};
        (r.flag(i, 7) ? own : others).push_back(t);
    }
    return {};
}

ActionSummary ActionExecutor::run(const ActionRequest &request, const OutcomeSink &onOutcome, const ProgressSink &onProgress,
                                  const StepSink &onStep)
{
    m_onOutcome = onOutcome;
    m_onProgress = onProgress;
    m_onStep = onStep;
    QElapsedTimer clock;
    clock.start();
    ActionSummary summary;
    summary.id = request.id;
    summary.endsSessions = request.endsSessions();

    if (request.kind == ActionRequest::PoolerCommand || request.kind == ActionRequest::PoolerKillAll) {
        summary = runPooler(request, summary);
        summary.durationMs = clock.elapsed();
        return summary;
    }
    if (m_conn.isPoolerConsole()) {
        summary.error = Error(tr("This server is PgBouncer's admin console: sessions are ended there with the pooler's own commands."));
        summary.durationMs = clock.elapsed();
        return summary;
    }
    // Every step it asks for must be able to run before any session is ended.
    const DatabaseChanges changes(m_conn);
    if (const Error e = changes.precheck(request)) {
        summary.error = e;
        summary.databaseName = request.database;
    } else if (request.kind == ActionRequest::KillServer) {
        summary = runKillServer(request, summary);
    } else if (request.kind == ActionRequest::KillAll && request.alsoAtPooler) {
        summary = runKillAllAlsoAtPooler(request, summary);
    } else if (request.kind == ActionRequest::KillAll) {
        summary = runKillAll(request, summary);
    } else if (request.kind == ActionRequest::AllowConnections || request.kind == ActionRequest::BlockConnections) {
        summary = runSetAllowConnections(request, summary);
    } else if (request.kind == ActionRequest::Cancel) {
        signal(request.targets, Signal::Cancel, summary);
    } else {
        const std::vector<BackendTarget> signalled = signal(request.targets, Signal::Terminate, summary);
        QElapsedTimer waited;
        waited.start();
        for (const BackendTarget &t : waitUntilGone(signalled, request.waitMs, summary))
            emitOutcome(t, Outcome::StillAlive, summary, stillThere(waited.elapsed()));
    }
    summary.durationMs = clock.elapsed();
    return summary;
}

QString ActionExecutor::stillThere(qint64 waitedMs) const
{
    return m_stop ? tr("Signalled, but still there when pgsessions stopped waiting, after %1 ms.").arg(waitedMs)
                  : tr("Signalled, but still there after %1 ms.").arg(waitedMs);
}

Error ActionExecutor::step(quint64 action, const QString &name, const QJsonObject &details)
{
    return m_onStep ? m_onStep(action, name, details) : Error();
}

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
