// SPDX-License-Identifier: GPL-3.0-or-later
// Runs an action on its server: the targets signalled (in one statement, or one by one) and
// waited for, each outcome said. The actions on a whole database or server are in
// action_executor_database.cpp.
#include "actions/action_executor.h"

#include "actions/action_journal.h"
#include "actions/database_changes.h"
#include "pg/connection.h"
#include "pg/own_backends.h"
#include "pg/pipeline.h"
#include "pg/sql_text.h"
#include "pg/text_codec.h"

#include <QCoreApplication>
#include <QElapsedTimer>
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
