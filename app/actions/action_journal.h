// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "base/error.h"

#include <QJsonObject>
#include <QString>

#include <mutex>
#include <vector>

/// The durable record of actions, JSON Lines: one record when an action starts (what was
/// confirmed), one per step that changes a database (connections blocked, allowed again,
/// dropped, renamed), one per outcome and one at the end.
///
/// A promise: the start record and every step are on disk (fsync) before the call returns,
/// so nothing is signalled that the journal does not hold; outcomes are written as they
/// come (to the kernel, not synced one by one). Every write reports its own error: a
/// later good write hides nothing. A journal deleted or moved away (logrotate) while the
/// app runs is noticed at the next write and the path opened again.
/// Thread-safe: the workers that execute actions write to it.
class ActionJournal
{
public:
    /// @p path: the file to append to; empty for the default under the app's data directory.
    explicit ActionJournal(const QString &path = {});
    ~ActionJournal();
    ActionJournal(const ActionJournal &) = delete;
    ActionJournal &operator=(const ActionJournal &) = delete;

    static QString defaultPath();
    QString path() const { return m_path; }

    /// Whether a record can be written now (the file opens for appending); for the
    /// confirmation, before anything is asked of the server.
    Error check();

    Error recordStart(const ActionRequest &request);
    /// A step that changed a database: "blocked", "allowed", "dropped", "renamed", with
    /// @p details (the database, the new name, ...).
    Error recordStep(quint64 action, const QString &step, const QJsonObject &details = {});
    Error recordOutcome(quint64 action, const Outcome &outcome);
    Error recordFinish(const ActionSummary &summary);
    /// The user chose not to restore what an earlier action left blocked (@p action: its
    /// journal key): it is not offered again.
    Error recordDismissed(const QString &action);
    /// What an earlier action left blocked (@p action: its offer's key) was seen letting
    /// clients into @p database again: somebody allowed it, or a restarted pooler forgot
    /// its DISABLE. The offer is settled, so a block made later for another reason is not
    /// offered for undoing.
    Error recordSeenLetIn(const QString &action, const QString &database);

    /// Every record of the file at @p path, in order (lines that are not JSON skipped).
    static std::vector<QJsonObject> read(const QString &path);

private:
    Error append(QJsonObject record, bool sync);
    Error openLocked();
    Error failure(const QString &what, int error) const;

    const QString m_path;
    mutable std::mutex m_mutex;
    int m_fd = -1;
};
