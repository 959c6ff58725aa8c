// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "servers/server_monitor.h"

#include <QHash>
#include <QSignalSpy>

/// Submits an action to a ServerMonitor and collects what comes back.
struct ActionResult {
    bool finished = false;
    ActionSummary summary;
    QHash<int, Outcome> byPid;
    std::vector<Outcome> outcomes;

    int count(Outcome::Result r) const { return summary.counts[r]; }
};

inline ActionResult runAction(ServerMonitor &monitor, ActionRequest request, int timeoutMs = 60000)
{
    ActionResult result;
    QSignalSpy outcomes(&monitor, &ServerMonitor::actionOutcome);
    QSignalSpy finished(&monitor, &ServerMonitor::actionFinished);
    const quint64 id = monitor.submit(std::move(request));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        for (const auto &args : std::as_const(finished)) {
            const auto summary = args.at(0).value<ActionSummary>();
            if (summary.id == id) {
                result.finished = true;
                result.summary = summary;
            }
        }
        if (result.finished)
            break;
        finished.wait(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    for (const auto &args : std::as_const(outcomes)) {
        if (args.at(0).value<quint64>() != id)
            continue;
        const auto o = args.at(1).value<Outcome>();
        result.outcomes.push_back(o);
        result.byPid.insert(o.pid, o);
    }
    return result;
}
