// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "pg/connection.h"
#include "pg/connection_spec.h"
#include "pg/shared_password.h"

#include <QObject>

#include <atomic>
#include <memory>

class ActionJournal;

/// Executes a server's actions, one after the other, in its own thread and on its own
/// connection (to the maintenance database), so polling goes on while a kill-all waits.
/// Every action is journaled before it starts, each outcome as it comes, and its end.
class ActionWorker : public QObject
{
    Q_OBJECT
public:
    /// @p password: the one given for this run, if any (shared with the monitor).
    ActionWorker(ConnectionSpec spec, std::shared_ptr<ActionJournal> journal, std::shared_ptr<SharedPassword> password = {},
                 QObject *parent = nullptr);
    ~ActionWorker() override;

    /// Thread-safe: stop waiting in the running action (its restores still happen).
    void requestStop() { m_stop = true; }

public Q_SLOTS:
    void execute(const ActionRequest &request);

Q_SIGNALS:
    void started(const ActionRequest &request);
    void outcome(quint64 action, const Outcome &outcome);
    void progress(quint64 action, const QString &text);
    void finished(const ActionSummary &summary);

private:
    /// A connection to a maintenance database other than @p avoidDatabase: a database
    /// being dropped or renamed must have no session of ours.
    Expected<const pg::Connection *> connection(const QString &avoidDatabase);

    const ConnectionSpec m_spec;
    std::shared_ptr<ActionJournal> m_journal;
    const std::shared_ptr<SharedPassword> m_password;
    pg::Connection m_conn;
    std::atomic<bool> m_stop{false};
};
