// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/action_worker.h"

#include "actions/action_executor.h"
#include "actions/action_journal.h"

#include <QCoreApplication>
#include <QElapsedTimer>

ActionWorker::ActionWorker(ConnectionSpec spec, std::shared_ptr<ActionJournal> journal, std::shared_ptr<SharedPassword> password,
                           QObject *parent)
    : QObject(parent)
    , m_spec(std::move(spec))
    , m_journal(std::move(journal))
    , m_password(password ? std::move(password) : std::make_shared<SharedPassword>())
{
}

ActionWorker::~ActionWorker() = default;

Expected<const pg::Connection *> ActionWorker::connection(const QString &avoidDatabase)
{
    if (m_conn.isOpen() && m_conn.database() != avoidDatabase)
        return &m_conn;
    m_conn = pg::Connection();
    pg::ConnectOptions options;
    options.purpose = QStringLiteral("actions");
    options.statementTimeoutMs = 60000;
    options.password = m_password->get();
    options.avoidDatabase = avoidDatabase;
    // Stoppable: closing the window never waits for a server that does not answer.
    options.stopped = [this] { return m_stop.load(); };
    Expected<pg::Connection> opened = pg::Connection::open(m_spec, options);
    if (!opened.ok())
        return opened.error();
    m_conn = std::move(opened).value();
    return &m_conn;
}

void ActionWorker::execute(const ActionRequest &request)
{
    m_stop = false;
    // The start record goes to disk before anything is signalled.
    Error journalError = m_journal->recordStart(request);
    emit started(request);
    auto journal = [&](const Error &e) {
        if (e && !journalError)
            journalError = e;
    };

    QElapsedTimer clock;
    clock.start();
    const bool dropsOrRenames = request.kind == ActionRequest::KillAll && request.after != ActionRequest::Nothing;
    const Expected<const pg::Connection *> conn = connection(dropsOrRenames ? request.database : QString());
    ActionSummary summary;
    summary.id = request.id;
    if (!conn.ok()) {
        summary.error = conn.error().withContext(QCoreApplication::translate("ActionWorker", "Could not connect to carry out the action"));
        for (const BackendTarget &t : request.targets) {
            Outcome o{t.pid, t.backendStart, Outcome::Failed, summary.error.message(), {}, t.user, t.database, t.application};
            ++summary.counts[Outcome::Failed];
            journal(m_journal->recordOutcome(request.id, o));
            emit outcome(request.id, o);
        }
    } else {
        ActionExecutor executor(**conn, m_stop);
        summary = executor.run(
            request,
            [&](const Outcome &o) {
                journal(m_journal->recordOutcome(request.id, o));
                emit outcome(request.id, o);
            },
            [this, &request](const QString &text) { emit progress(request.id, text); });
        if (!executor.connectionUsable())
            m_conn = pg::Connection(); // the next action connects afresh
    }
    summary.durationMs = clock.elapsed();
    if (journalError)
        summary.notes << QCoreApplication::translate("ActionWorker", "The journal %1 could not be written: %2")
                             .arg(m_journal->path(), journalError.message());
    (void)m_journal->recordFinish(summary);
    emit finished(summary);
}
