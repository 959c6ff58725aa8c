// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/action_worker.h"

#include "actions/action_executor.h"
#include "actions/action_journal.h"
#include "pg/pg_connect.h"

#include <QCoreApplication>
#include <QElapsedTimer>

ActionWorker::ActionWorker(ConnectionSpec spec, std::shared_ptr<ActionJournal> journal, std::shared_ptr<SharedPassword> password,
                           QObject *parent)
    : QObject(parent)
    , m_spec(spec.forPgsessions(QStringLiteral("actions"), 10, 60000))
    , m_journal(std::move(journal))
    , m_password(password ? std::move(password) : std::make_shared<SharedPassword>())
{
}

ActionWorker::~ActionWorker() = default;

// A connection to a maintenance database other than @p avoidDatabase: a database being
// dropped or renamed must have no session of ours.
PGconn *ActionWorker::connection(const QString &avoidDatabase, QString *error)
{
    if (m_conn && PQstatus(m_conn.get()) == CONNECTION_OK && m_connDatabase != avoidDatabase)
        return m_conn.get();
    m_conn.reset();
    QStringList candidates;
    if (m_spec.has(QStringLiteral("dbname")))
        candidates << m_spec.value(QStringLiteral("dbname"));
    else if (m_spec.has(QStringLiteral("service")))
        candidates << QString(); // the service's database
    candidates << QStringLiteral("postgres") << QStringLiteral("template1");
    candidates.removeDuplicates();
    if (!avoidDatabase.isEmpty())
        candidates.removeAll(avoidDatabase);
    const QString password = m_password->get();
    const ConnectionSpec spec = password.isEmpty() ? m_spec : m_spec.with(QStringLiteral("password"), password);
    for (const QString &database : std::as_const(candidates)) {
        const ConnectionSpec target = database.isEmpty() ? spec : spec.with(QStringLiteral("dbname"), database);
        // The monitor's stoppable connect: closing the window never waits for a server
        // that does not answer.
        ConnectAttempt attempt = connectWithTimeout(target.toConninfo(), target.value(QStringLiteral("connect_timeout")).toInt(),
                                                    [this] { return m_stop.load(); });
        if (attempt.ok()) {
            const QString connected = QString::fromUtf8(PQdb(attempt.conn.get()));
            if (connected == avoidDatabase)
                continue;
            m_conn = std::move(attempt.conn);
            m_connDatabase = connected;
            return m_conn.get();
        }
        *error = attempt.error;
        if (m_stop)
            break;
    }
    return nullptr;
}

void ActionWorker::execute(const ActionRequest &request)
{
    m_stop = false;
    // The start record goes to disk before anything is signalled.
    m_journal->recordStart(request);
    emit started(request);

    QElapsedTimer clock;
    clock.start();
    QString error;
    const bool dropsOrRenames = request.kind == ActionRequest::KillAll && request.after != ActionRequest::Nothing;
    PGconn *conn = connection(dropsOrRenames ? request.database : QString(), &error);
    ActionSummary summary;
    summary.id = request.id;
    if (!conn) {
        summary.error = QCoreApplication::translate("ActionWorker", "Could not connect to carry out the action: %1").arg(error);
        for (const BackendTarget &t : request.targets) {
            Outcome o{t.pid, t.backendStart, Outcome::Failed, summary.error, {}, t.user, t.database, t.application};
            ++summary.counts[Outcome::Failed];
            m_journal->recordOutcome(request.id, o);
            emit outcome(request.id, o);
        }
    } else {
        ActionExecutor executor(conn, m_stop);
        summary = executor.run(
            request,
            [this, &request](const Outcome &o) {
                m_journal->recordOutcome(request.id, o);
                emit outcome(request.id, o);
            },
            [this, &request](const QString &text) { emit progress(request.id, text); });
        if (!executor.connectionUsable())
            m_conn.reset(); // the next action connects afresh
    }
    summary.durationMs = clock.elapsed();
    if (!m_journal->errorString().isEmpty())
        summary.notes << QCoreApplication::translate("ActionWorker", "The journal %1 could not be written: %2")
                             .arg(m_journal->path(), m_journal->errorString());
    m_journal->recordFinish(summary);
    emit finished(summary);
}
