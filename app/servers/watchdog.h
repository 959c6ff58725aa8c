// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "actions/session_rule.h"
#include "monitor/snapshot.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <deque>

class ServerRegistry;

/// Armed rules: at every poll of a server with an armed rule, the sessions it matches are
/// terminated (or their queries cancelled), through the server's action thread like any
/// action, logged and journaled with the rule's name. Never pgsessions' own sessions
/// (SessionRule::matches). A limit of sessions a minute stops it: a poll that would take
/// it past the limit ends nothing, disarms the rule and says why. Off until armed; lives
/// in the GUI thread beside the registry.
class Watchdog : public QObject
{
    Q_OBJECT
public:
    struct Armed {
        SessionRule rule;
        ActionRequest::Kind action = ActionRequest::Terminate; ///< Terminate or Cancel
        int limitPerMinute = 10;
        int fired = 0; ///< sessions it has ended (or cancelled) since it was armed
    };

    explicit Watchdog(ServerRegistry *registry);

    /// Arms @p rule on server @p server (replacing one armed there before).
    void arm(int server, const Armed &armed);
    /// Disarms at once: its actions still waiting in the server's queue are cancelled too.
    void disarm(int server, const QString &why = {});
    /// The rule armed on @p server, or null.
    const Armed *armed(int server) const;
    /// What it would end on @p server now, by its last snapshot.
    static std::vector<Session> matching(const SessionRule &rule, const Snapshot &snapshot);

Q_SIGNALS:
    /// Armed, disarmed or fired on @p server.
    void changed(int server);
    /// Something the user should read (the status bar, the log).
    void notice(const QString &text);

private:
    void onSnapshot(const SnapshotPtr &snapshot);

    ServerRegistry *m_registry;
    QHash<int, Armed> m_armed;
    QHash<int, std::deque<qint64>> m_firedAt;        // per server: when each session was ended (ms)
    QHash<int, QSet<SessionKey>> m_submitted;        // per server: sessions already handed over
    QHash<int, QList<quint64>> m_queued;             // per server: its actions, cancelled on disarm if not started
};
