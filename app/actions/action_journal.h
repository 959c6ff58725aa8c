// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "base/error.h"

#include <QFile>
#include <QString>

#include <mutex>

/// The durable record of actions: JSON Lines, one record when an action starts (with
/// what was confirmed), one per outcome and one at the end, each flushed to the file as
/// it is written, so a crash midway leaves the start and the outcomes so far.
/// Thread-safe: the worker that executes an action writes to it.
class ActionJournal
{
public:
    /// @p path: the file to append to; empty for the default under the app's data directory.
    explicit ActionJournal(const QString &path = {});

    static QString defaultPath();
    QString path() const { return m_path; }

    Error recordStart(const ActionRequest &request);
    Error recordOutcome(quint64 action, const Outcome &outcome);
    Error recordFinish(const ActionSummary &summary);

private:
    Error append(QJsonObject record);

    const QString m_path;
    mutable std::mutex m_mutex;
    QFile m_file;
};
