// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "base/error.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonObject>

namespace pg {
class Connection;
}
class ActionJournal;

#include <atomic>
#include <functional>

/// Executes one ActionRequest on a libpq connection (to a maintenance database, not one
/// being acted on). Blocking: it runs in a server's action thread, never the GUI's.
///
/// Each backend is signalled by its own statement, all of them in one libpq pipeline with
/// a sync after each: one round trip for the batch, and a refusal (42501) costs that
/// backend's outcome only. A superuser, whom no backend refuses, signals them all with
/// one statement instead. A statement signals a backend only while its pid *and*
/// backend_start still match, and never one of pgsessions' own connections. Terminated
/// backends are then polled until gone (never pg_terminate_backend(pid, timeout), which
/// waits for each backend in turn).
class ActionExecutor
{
    Q_DECLARE_TR_FUNCTIONS(ActionExecutor)
public:
    using OutcomeSink = std::function<void(const Outcome &)>;
    using ProgressSink = std::function<void(const QString &)>;
    /// Journals a step that changed a database ("blocked", "allowed", "dropped",
    /// "renamed") of action @p action, the moment it has happened.
    using StepSink = std::function<Error(quint64 action, const QString &step, const QJsonObject &details)>;

    /// @p stop: when it becomes true, waiting ends early (restores still happen).
    ActionExecutor(const pg::Connection &conn, const std::atomic<bool> &stop);

    /// Runs @p request; every outcome goes to @p onOutcome as soon as it is known, every
    /// step to @p onStep. Before it ends any session it checks that every step it asks for
    /// can run (DatabaseChanges::precheck).
    ActionSummary run(const ActionRequest &request, const OutcomeSink &onOutcome, const ProgressSink &onProgress = {},
                      const StepSink &onStep = {});

    /// Runs @p request with the journal's promise kept: the start record on disk first (or
    /// nothing runs), every outcome and step as it happens, the finish. @p conn: the
    /// connection to run on, or null with @p noConnection saying why there is none (the
    /// targets then fail with it). @p usable: set false when the connection must not be
    /// used again. Used by a server's action thread and by the command line.
    static ActionSummary runJournaled(ActionJournal &journal, const pg::Connection *conn, const Error &noConnection, const ActionRequest &request,
                                      const std::atomic<bool> &stop, const OutcomeSink &onOutcome, const ProgressSink &onProgress = {},
                                      bool *usable = nullptr);

    /// Milliseconds between two checks of whether signalled backends are gone.
    static constexpr int kPollIntervalMs = 10;
    /// Kill all: the pause before the last look for sessions that arrived meanwhile (not
    /// taken when the last session seen to end went at least that long before). A client
    /// that reconnects the moment it is ended was back in 5-20 ms here when 20 of them did
    /// so on an idle server, but in up to 90 ms when 100 backends exited together and
    /// 40-250 ms when 1,000 did: no pause catches every one of them (blocking new
    /// connections is what keeps them out). The pause is for the common case, a few
    /// sessions ended, where without it a pool's reconnection would go unseen; a long round
    /// has already given the sessions ended early that time.
    static constexpr int kSettleMs = 50;
    /// A batch whose server sends nothing for this long is given up.
    static constexpr int kNoAnswerMs = 120000;

    /// False when the connection could not be brought back out of pipeline mode (or
    /// broke): it must not be used again.
    bool connectionUsable() const { return m_usable; }

private:
    enum class Signal { Terminate, Cancel };

    /// Signals @p targets; outcomes known at once go to the sink, the backends signalled
    /// with success are returned (still to be seen gone for Terminate).
    std::vector<BackendTarget> signal(const std::vector<BackendTarget> &targets, Signal how, ActionSummary &summary);
    /// signal() in one statement, for a superuser (whom no backend refuses).
    std::vector<BackendTarget> signalAtOnce(const std::vector<BackendTarget> &targets, Signal how, ActionSummary &summary);
    /// signal() one statement per backend, in one pipeline: a refusal costs that one only.
    std::vector<BackendTarget> signalEach(const std::vector<BackendTarget> &targets, Signal how, ActionSummary &summary);
    /// A backend the server signalled: kept to be seen gone (terminate), or its outcome
    /// from the state it was in (cancel).
    void signalled(const BackendTarget &t, Signal how, const QString &state, ActionSummary &summary, std::vector<BackendTarget> &signalledOnes);
    /// Polls until none of @p pending is left or the deadline passes; returns those left.
    std::vector<BackendTarget> waitUntilGone(std::vector<BackendTarget> pending, qint64 deadlineMs, ActionSummary &summary);
    /// Client backends (and background workers if asked) of @p database, own ones apart.
    Error listBackends(const QString &database, bool includeBackground, bool includeReplication, std::vector<BackendTarget> &others,
                       std::vector<BackendTarget> &own);
    /// Ends the backends of @p database (every database when empty) in rounds until none
    /// is left or the request's wait is over; late arrivals and survivors are reported.
    void killRounds(const QString &database, const ActionRequest &request, const QElapsedTimer &clock, bool blocked, ActionSummary &summary);
    ActionSummary runKillServer(const ActionRequest &request, ActionSummary summary);
    /// Reset: creates the dropped database again from its template (whose sessions are
    /// ended first), owned by @p owner. False, with the error, when it could not.
    bool createFromTemplate(const ActionRequest &request, const QString &owner, ActionSummary &summary);
    void emitOutcome(const BackendTarget &t, Outcome::Result r, ActionSummary &summary, const QString &message = {},
                     const QString &sqlState = {});
    ActionSummary runKillAll(const ActionRequest &request, ActionSummary summary);
    /// Kill all with the linked pooler's part around it (ActionRequest::alsoAtPooler).
    ActionSummary runKillAllAlsoAtPooler(const ActionRequest &request, ActionSummary summary);
    /// A command, or a kill-all, on PgBouncer's admin console (this connection).
    ActionSummary runPooler(const ActionRequest &request, ActionSummary summary);
    ActionSummary runSetAllowConnections(const ActionRequest &request, ActionSummary summary);
    Error step(quint64 action, const QString &name, const QJsonObject &details);
    /// Journals step @p name of the pooler's @p databases, unless there are none: "pooler
    /// enabled" (let in again) or "pooler kept disabled" (on purpose), each of which
    /// settles the offer to let them in; @p restores: the offer a recovery settles.
    void journalPooler(quint64 action, const QString &name, const QString &pooler, const QStringList &databases, const QString &restores = {});
    /// The outcome's words for a backend still there after @p waitedMs.
    QString stillThere(qint64 waitedMs) const;

    const pg::Connection &m_conn;
    const std::atomic<bool> &m_stop;
    OutcomeSink m_onOutcome;
    ProgressSink m_onProgress;
    StepSink m_onStep;
    bool m_usable = true;
    QElapsedTimer m_lastGone; // since a signalled backend of a kill round was last seen gone
};
