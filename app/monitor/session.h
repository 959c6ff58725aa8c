// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHashFunctions>
#include <QString>
#include <QVector>

#include <cstdint>
#include <cstring>
#include <limits>

/// Timestamps are microseconds since the Unix epoch, as the server reported them.
constexpr qint64 kNoTime = std::numeric_limits<qint64>::min();

/// A backend is identified by (server, pid, backend_start): PIDs are reused, the pair is not.
struct SessionKey {
    int server = 0;
    int pid = 0;
    qint64 backendStart = kNoTime;

    friend bool operator==(const SessionKey &a, const SessionKey &b) noexcept
    {
        return a.server == b.server && a.pid == b.pid && a.backendStart == b.backendStart;
    }
    friend bool operator!=(const SessionKey &a, const SessionKey &b) noexcept { return !(a == b); }
};

inline size_t qHash(const SessionKey &k, size_t seed = 0) noexcept
{
    return qHashMulti(seed, k.server, k.pid, k.backendStart);
}

/// One row of pg_stat_activity, as of one poll.
///
/// The numbers first, then the strings most polls look at: what each poll's walks over a
/// thousand sessions read (the model's diff, the blocking tree, the counts) sits in the
/// first cache lines of each session, not spread over all six.
struct Session {
    SessionKey key;
    quint32 databaseOid = 0;
    int clientPort = 0;     ///< -1: unix socket; 0: none (background process)
    qint64 xactStart = kNoTime;
    qint64 queryStart = kNoTime;
    qint64 stateChange = kNoTime;
    int leaderPid = 0;      ///< 13+: parallel group leader, 0 when none
    bool hasQueryId = false;
    bool own = false;       ///< a connection of this application
    qint64 queryId = 0;     ///< 14+: 0 when none
    QVector<int> blockedBy; ///< only filled for backends waiting on a lock
    QString state;          ///< "active", "idle", "idle in transaction", ... or empty
    QString backendType;    ///< "client backend", "autovacuum worker", ...
    QString waitEventType;
    QString waitEvent;
    QString query;
    QString database;
    QString user;
    QString application;
    QString clientAddress;  ///< empty for a local socket or a background process
    QString clientHostname;

    /// A client's session. Another role's session, seen without pg_read_all_stats, has no
    /// backend_type: it counts as a client's when it is in a database, as kill-all counts
    /// it (the server's own processes are in none).
    bool isClientBackend() const
    {
        // (Asked of every session several times a poll: the units compared as they are.)
        return equals(backendType, u"client backend") || (backendType.isEmpty() && isHidden() && !database.isEmpty());
    }
    /// Another role's session that the monitor's role may not inspect (it lacks
    /// pg_read_all_stats): the server hides its query, state, times and type.
    bool isHidden() const { return equals(query, u"<insufficient privilege>"); }
    /// In the state "idle" (not "idle in transaction").
    bool isIdle() const { return equals(state, u"idle"); }
    /// Running a statement (the state "active").
    bool isActive() const { return equals(state, u"active"); }
    /// Idle in a transaction, aborted or not.
    bool isIdleInTransaction() const { return startsWith(state, u"idle in transaction"); }
    /// Idle, or idle in a transaction (aborted or not): running no statement.
    bool isIdleOrInTransaction() const { return startsWith(state, u"idle"); }
    /// Waiting for its client to send something.
    bool waitsForClient() const { return equals(waitEvent, u"ClientRead"); }

private:
    template <size_t N>
    static bool startsWith(const QString &text, const char16_t (&literal)[N])
    {
        return text.size() >= qsizetype(N - 1) && std::memcmp(text.constData(), literal, (N - 1) * sizeof(char16_t)) == 0;
    }
    template <size_t N>
    static bool equals(const QString &text, const char16_t (&literal)[N])
    {
        return text.size() == qsizetype(N - 1) && startsWith(text, literal);
    }
};
