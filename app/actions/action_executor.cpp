// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/action_executor.h"

#include "base/app_identity.h"
#include "pg/pg_handles.h"
#include "pg/sql_text.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QScopeGuard>
#include <QThread>

#include <poll.h>

namespace {

// The server's own words: primary message, and the detail when there is one.
QString serverMessage(const PGresult *r)
{
    QString text = QString::fromUtf8(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
    const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
    if (detail)
        text += QLatin1Char(' ') + QString::fromUtf8(detail);
    if (text.isEmpty())
        text = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
    return text;
}

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

void noticeReceiver(void *arg, const PGresult *r)
{
    *static_cast<QString *>(arg) = serverMessage(r);
}

// An array literal of one field of every target; NULL for a null string or kNoTime.
QByteArray element(int v) { return QByteArray::number(v); }
QByteArray element(qint64 v) { return v == kNoTime ? QByteArrayLiteral("NULL") : QByteArray::number(v); }
QByteArray element(const QString &v)
{
    if (v.isNull())
        return QByteArrayLiteral("NULL");
    QByteArray quoted = v.toUtf8();
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

} // namespace

ActionExecutor::ActionExecutor(PGconn *conn, const std::atomic<bool> &stop)
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

bool ActionExecutor::exec(const QString &sql, const QStringList &params, QString *error, QString *value)
{
    std::vector<QByteArray> storage;
    std::vector<const char *> values;
    for (const QString &p : params) {
        storage.push_back(p.toUtf8());
    }
    for (const QByteArray &b : storage)
        values.push_back(b.constData());
    pg::Result r(PQexecParams(m_conn, sql.toUtf8().constData(), int(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
    const ExecStatusType status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        if (error)
            *error = r ? serverMessage(r.get()) : QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
        return false;
    }
    if (value)
        *value = PQntuples(r.get()) > 0 ? QString::fromUtf8(PQgetvalue(r.get(), 0, 0)) : QString();
    return true;
}

std::vector<BackendTarget> ActionExecutor::signal(const std::vector<BackendTarget> &targets, Signal how, ActionSummary &summary)
{
    std::vector<BackendTarget> signalled;
    if (targets.empty())
        return signalled;
    // The one backend, from pg_stat_get_activity(pid) rather than the pg_stat_activity
    // view: each statement is a transaction of its own, and the view builds a row for
    // every backend of the server each time (1.3 ms against 0.18 ms a statement at 1,000
    // backends, measured here), which made a kill-all quadratic. The names the view joins
    // in are looked up only where identity needs them.
    const QByteArray sql =
        QStringLiteral("SELECT CASE WHEN %1 THEN NULL ELSE %2(a.pid) END, %1, a.state FROM pg_stat_get_activity($1::int) a WHERE %3")
            .arg(app_identity::ownConnectionPredicate(QStringLiteral("a")),
                 how == Signal::Terminate ? QStringLiteral("pg_terminate_backend") : QStringLiteral("pg_cancel_backend"),
                 identityMatch(QStringLiteral("$1::int"), QStringLiteral("$2::int8"), QStringLiteral("$3::text"), QStringLiteral("$4::text"),
                               QStringLiteral("(SELECT r.rolname FROM pg_catalog.pg_roles r WHERE r.oid = a.usesysid)"),
                               QStringLiteral("(SELECT d.datname FROM pg_catalog.pg_database d WHERE d.oid = a.datid)")))
            .toUtf8();

    auto failAll = [&](const QString &message) {
        for (const BackendTarget &t : targets)
            emitOutcome(t, Outcome::Failed, summary, message);
        return std::vector<BackendTarget>{};
    };

    // Prepared once for the batch: parsing and planning it for every backend doubled the
    // server's time a statement (0.36 ms against 0.18 ms, measured here), time the
    // backends that are ending need too. The unnamed statement: it lives until the next
    // one is prepared, so there is no name to clash with and nothing to deallocate.
    const char *const statement = "";
    {
        pg::Result prepared(PQprepare(m_conn, statement, sql.constData(), 4, nullptr));
        if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK)
            return failAll(prepared ? serverMessage(prepared.get()) : QString::fromUtf8(PQerrorMessage(m_conn)).trimmed());
    }

    // The notices of this batch come to m_lastNotice; the connection outlives this
    // executor, so libpq's own receiver is put back on the way out.
    m_lastNotice.clear();
    const PQnoticeReceiver previousReceiver = PQsetNoticeReceiver(m_conn, noticeReceiver, &m_lastNotice);
    const auto restoreReceiver = qScopeGuard([this, previousReceiver] { PQsetNoticeReceiver(m_conn, previousReceiver, nullptr); });
    if (PQsetnonblocking(m_conn, 1) != 0 || !PQenterPipelineMode(m_conn)) {
        const QString message = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
        PQsetnonblocking(m_conn, 0);
        return failAll(message);
    }

    // Queue every statement; libpq buffers them, and the loop below sends while it reads,
    // so neither side can block the other with full buffers.
    for (const BackendTarget &t : targets) {
        const QByteArray pid = QByteArray::number(t.pid), start = startText(t), user = t.user.toUtf8(), db = t.database.toUtf8();
        const char *values[4] = {pid.constData(), start.isNull() ? nullptr : start.constData(), t.user.isNull() ? nullptr : user.constData(),
                                 t.database.isNull() ? nullptr : db.constData()};
        if (!PQsendQueryPrepared(m_conn, statement, 4, values, nullptr, nullptr, 0) || !PQpipelineSync(m_conn)) {
            const QString message = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
            m_usable = PQexitPipelineMode(m_conn) == 1;
            PQsetnonblocking(m_conn, 0);
            return failAll(message);
        }
    }

    size_t index = 0;      // the target whose results come next
    bool answered = false; // its statement's result was seen
    QString broken;
    // Once sent, the batch is read to its end even when asked to stop: the server runs
    // the statements anyway, their outcomes belong in the log, and the connection must
    // leave pipeline mode clean for what follows (the restore of ALLOW_CONNECTIONS).
    QElapsedTimer lastProgress;
    lastProgress.start();
    while (index < targets.size()) {
        const int flush = PQflush(m_conn);
        if (flush < 0) {
            broken = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
            break;
        }
        pollfd fd{PQsocket(m_conn), short(POLLIN | (flush == 1 ? POLLOUT : 0)), 0};
        if (::poll(&fd, 1, 1000) < 0 && errno != EINTR) {
            broken = QString::fromLocal8Bit(strerror(errno));
            break;
        }
        if (fd.revents)
            lastProgress.restart();
        else if (lastProgress.elapsed() > kNoAnswerMs) {
            broken = tr("No answer from the server for %n second(s).", nullptr, kNoAnswerMs / 1000);
            break;
        }
        if ((fd.revents & (POLLIN | POLLERR | POLLHUP)) && !PQconsumeInput(m_conn)) {
            broken = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
            break;
        }
        while (index < targets.size() && !PQisBusy(m_conn)) {
            pg::Result r(PQgetResult(m_conn));
            if (!r)
                continue; // the end of one statement's results
            const ExecStatusType status = PQresultStatus(r.get());
            const BackendTarget &t = targets[index];
            if (status == PGRES_PIPELINE_SYNC) {
                if (!answered)
                    emitOutcome(t, Outcome::Failed, summary, tr("The server sent no result."));
                ++index;
                answered = false;
                continue;
            }
            if (answered)
                continue;
            answered = true;
            const QString notice = std::exchange(m_lastNotice, QString());
            if (status == PGRES_FATAL_ERROR) {
                const QString state = QString::fromLatin1(PQresultErrorField(r.get(), PG_DIAG_SQLSTATE));
                emitOutcome(t, state == QLatin1String("42501") ? Outcome::PermissionDenied : Outcome::Failed, summary, serverMessage(r.get()),
                            state);
            } else if (status != PGRES_TUPLES_OK) {
                emitOutcome(t, Outcome::Failed, summary, serverMessage(r.get()));
            } else if (PQntuples(r.get()) == 0) {
                emitOutcome(t, Outcome::AlreadyGone, summary);
            } else if (*PQgetvalue(r.get(), 0, 1) == 't') {
                emitOutcome(t, Outcome::Skipped, summary);
            } else if (*PQgetvalue(r.get(), 0, 0) != 't') {
                // false comes with a WARNING (in the server's language): the pid is no
                // longer a backend, or the signal could not be sent.
                emitOutcome(t, Outcome::NotABackend, summary, notice);
            } else if (how == Signal::Cancel) {
                const QString state = QString::fromUtf8(PQgetvalue(r.get(), 0, 2));
                // A role without pg_read_all_stats sees no state: the signal went out.
                if (PQgetisnull(r.get(), 0, 2) || state == QLatin1String("active") || state == QLatin1String("fastpath function call"))
                    emitOutcome(t, Outcome::Cancelled, summary);
                else if (state.startsWith(QLatin1String("idle in transaction")))
                    emitOutcome(t, Outcome::NoQueryToCancel, summary,
                                tr("The session was %1: no query was running, and its transaction stays open.").arg(state));
                else
                    emitOutcome(t, Outcome::NoQueryToCancel, summary, tr("The session was %1: no query was running.").arg(state));
            } else {
                signalled.push_back(t);
            }
        }
    }
    if (!broken.isEmpty()) {
        // The target whose result was already seen has its outcome; the rest have none.
        for (size_t i = index + (answered ? 1 : 0); i < targets.size(); ++i)
            emitOutcome(targets[i], Outcome::Failed, summary, broken);
    }
    m_usable = PQexitPipelineMode(m_conn) == 1 && PQstatus(m_conn) == CONNECTION_OK;
    PQsetnonblocking(m_conn, 0);
    return signalled;
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
        const char *values[4] = {pids.constData(), starts.constData(), users.constData(), dbs.constData()};
        pg::Result r(PQexecParams(m_conn, sql.constData(), 4, nullptr, values, nullptr, nullptr, 0));
        if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
            summary.notes << tr("Could not check whether the sessions ended: %1").arg(serverMessage(r.get()));
            return pending;
        }
        QSet<int> alive;
        for (int i = 0; i < PQntuples(r.get()); ++i)
            alive.insert(QByteArray(PQgetvalue(r.get(), i, 0)).toInt());
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
        QThread::msleep(kPollIntervalMs);
    }
    return pending;
}

bool ActionExecutor::listBackends(const QString &database, bool includeBackground, std::vector<BackendTarget> &others,
                                  std::vector<BackendTarget> &own, QString *error)
{
    const QString sql = QStringLiteral("SELECT a.pid, %1, a.usename, a.datname, a.application_name, a.state, a.backend_type, %2 "
                                       "FROM pg_stat_activity a WHERE a.datname = $1"
                                       // NULL: another role's session, as seen without pg_read_all_stats.
                                       " AND (a.backend_type = 'client backend' OR a.backend_type IS NULL OR $2::bool)")
                            .arg(QLatin1String(kBackendStartUs), app_identity::ownConnectionPredicate(QStringLiteral("a")));
    const QByteArray db = database.toUtf8();
    const char *values[2] = {db.constData(), includeBackground ? "true" : "false"};
    pg::Result r(PQexecParams(m_conn, sql.toUtf8().constData(), 2, nullptr, values, nullptr, nullptr, 0));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
        *error = serverMessage(r.get());
        return false;
    }
    others.clear();
    own.clear();
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        auto text = [&](int c) { return PQgetisnull(r.get(), i, c) ? QString() : QString::fromUtf8(PQgetvalue(r.get(), i, c)); };
        BackendTarget t{QByteArray(PQgetvalue(r.get(), i, 0)).toInt(),
                        PQgetisnull(r.get(), i, 1) ? kNoTime : QByteArray(PQgetvalue(r.get(), i, 1)).toLongLong(),
                        text(2), text(3), text(4), text(5), text(6)};
        (*PQgetvalue(r.get(), i, 7) == 't' ? own : others).push_back(t);
    }
    return true;
}

ActionSummary ActionExecutor::run(const ActionRequest &request, const OutcomeSink &onOutcome, const ProgressSink &onProgress)
{
    m_onOutcome = onOutcome;
    m_onProgress = onProgress;
    QElapsedTimer clock;
    clock.start();
    ActionSummary summary;
    summary.id = request.id;

    if (request.kind == ActionRequest::KillAll) {
        summary = runKillAll(request, summary);
    } else if (request.kind == ActionRequest::Cancel) {
        signal(request.targets, Signal::Cancel, summary);
    } else {
        const std::vector<BackendTarget> signalled = signal(request.targets, Signal::Terminate, summary);
        for (const BackendTarget &t : waitUntilGone(signalled, request.waitMs, summary))
            emitOutcome(t, Outcome::StillAlive, summary, tr("Signalled, but still there after %1 ms.").arg(request.waitMs));
    }
    summary.durationMs = clock.elapsed();
    return summary;
}

ActionSummary ActionExecutor::runKillAll(const ActionRequest &request, ActionSummary summary)
{
    QElapsedTimer clock;
    clock.start();
    const QString ident = sql_text::quoteIdent(request.database);
    summary.databaseName = request.database;
    summary.databaseState = ActionSummary::Unknown;
    const int version = PQserverVersion(m_conn);

    QString error, allowed;
    if (!exec(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = $1"), {request.database}, &error, &allowed)) {
        summary.error = error;
        return summary;
    }
    if (allowed.isEmpty()) {
        summary.databaseState = ActionSummary::NotApplicable;
        summary.error = tr("There is no database \"%1\".").arg(request.database);
        return summary;
    }
    const bool allowedBefore = allowed == QLatin1String("t");
    bool blocked = false;
    if (request.blockNewConnections && allowedBefore) {
        if (!exec(QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS false").arg(ident), {}, &error)) {
            summary.databaseState = ActionSummary::ConnectionsAllowed;
            summary.error = tr("Could not block new connections: %1").arg(error);
            return summary;
        }
        blocked = true;
    }

    // Rounds: end what is there, wait, and look again for sessions that arrived meanwhile.
    QSet<QPair<int, qint64>> seen;
    std::vector<BackendTarget> stillAlive;
    int lateArrivals = 0;
    bool ownReported = false;
    bool settled = false;
    for (int round = 0;; ++round) {
        std::vector<BackendTarget> others, own;
        if (!listBackends(request.database, request.includeBackgroundWorkers, others, own, &error)) {
            summary.error = error;
            break;
        }
        if (!ownReported) {
            for (const BackendTarget &t : own)
                emitOutcome(t, Outcome::Skipped, summary, tr("pgsessions' own connection to this database stays."));
            ownReported = true;
        }
        std::vector<BackendTarget> fresh;
        for (const BackendTarget &t : others) {
            if (!seen.contains({t.pid, t.backendStart}))
                fresh.push_back(t);
        }
        if (fresh.empty()) {
            // Clients that reconnect at once (pools) are back within milliseconds: look
            // once more after a short pause before calling the database empty.
            if (settled || clock.elapsed() >= request.waitMs || m_stop)
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
        const std::vector<BackendTarget> signalled = signal(fresh, Signal::Terminate, summary);
        const std::vector<BackendTarget> left = waitUntilGone(signalled, std::max<qint64>(0, request.waitMs - clock.elapsed()), summary);
        stillAlive.insert(stillAlive.end(), left.begin(), left.end());
        if (clock.elapsed() >= request.waitMs || m_stop)
            break;
    }
    for (const BackendTarget &t : stillAlive)
        emitOutcome(t, Outcome::StillAlive, summary, tr("Signalled, but still there after %1 ms.").arg(request.waitMs));
    if (lateArrivals > 0)
        summary.notes << (blocked ? tr("%n session(s) connected while the kill was under way and were ended too.", nullptr, lateArrivals)
                                  : tr("%n new session(s) connected during the kill and were ended too. Block new connections to keep "
                                       "clients that reconnect out.",
                                       nullptr, lateArrivals));

    bool dropped = false, renamed = false;
    QString currentName = request.database;
    if (summary.error.isEmpty() && request.after == ActionRequest::Drop) {
        const bool force = version >= 130000;
        if (!force)
            summary.notes << tr("DROP DATABASE … WITH (FORCE) needs PostgreSQL 13 or later; this server is older, so it was dropped "
                                "without FORCE, which fails if a session is still connected.");
        if (exec(QStringLiteral("DROP DATABASE %1%2").arg(ident, force ? QStringLiteral(" WITH (FORCE)") : QString()), {}, &error))
            dropped = true;
        else
            summary.error = tr("Could not drop the database: %1").arg(error);
    } else if (summary.error.isEmpty() && request.after == ActionRequest::Rename) {
        if (exec(QStringLiteral("ALTER DATABASE %1 RENAME TO %2").arg(ident, sql_text::quoteIdent(request.newName)), {}, &error)) {
            renamed = true;
            currentName = request.newName;
        } else {
            summary.error = tr("Could not rename the database: %1").arg(error);
        }
    }

    // Whatever happened above, give the database back the connections it allowed before,
    // unless it is gone or the user asked to keep it closed.
    if (blocked && !dropped && !request.keepBlocked) {
        if (!exec(QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS true").arg(sql_text::quoteIdent(currentName)), {}, &error))
            summary.notes << tr("Could not allow connections again: %1. The database still refuses new connections.").arg(error);
    }

    summary.databaseName = currentName;
    if (dropped) {
        summary.databaseState = ActionSummary::Dropped;
    } else if (exec(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = $1"), {currentName}, &error, &allowed)
               && !allowed.isEmpty()) {
        const bool allowsNow = allowed == QLatin1String("t");
        summary.databaseState = renamed ? ActionSummary::Renamed : allowsNow ? ActionSummary::ConnectionsAllowed : ActionSummary::ConnectionsBlocked;
        if (renamed && !allowsNow)
            summary.notes << tr("\"%1\" does not accept new connections.").arg(currentName);
    }
    return summary;
}
