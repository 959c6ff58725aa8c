// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pg/handles.h"

#include <QString>

#include <memory>

class TestCluster;

/// A client session opened by a test, put into a chosen state: idle, active (a running
/// pg_sleep), idle in transaction, holding a lock, or waiting on one. Statements that
/// must keep running are sent asynchronously, so the test goes on while they wait.
class TestSession
{
public:
    struct Options {
        QString database = QStringLiteral("postgres");
        QString user = QStringLiteral("postgres");
        QString application = QStringLiteral("pgsessions-test");
        bool tcp = false;
    };

    /// Connects; returns null with @p error set on failure.
    static std::unique_ptr<TestSession> open(const TestCluster &cluster, const Options &options, QString *error = nullptr);
    static std::unique_ptr<TestSession> open(const TestCluster &cluster, QString *error = nullptr)
    {
        return open(cluster, Options{}, error);
    }

    int pid() const;
    /// backend_start of this session, as the integer microseconds pgsessions uses.
    qint64 backendStart();
    QString lastError() const { return m_error; }

    /// Runs statements to completion (synchronously).
    bool exec(const QString &sql);
    /// Starts a statement and returns at once; the session is busy until finish().
    bool send(const QString &sql);
    /// Waits for a statement started with send() and reads its results. Returns the
    /// SQLSTATE of an error, or an empty string on success.
    QString finish();

    bool makeActive(double seconds) { return send(QStringLiteral("SELECT pg_sleep(%1)").arg(seconds)); }
    bool makeIdleInTransaction() { return exec(QStringLiteral("BEGIN; SELECT 1")); }
    /// BEGIN and take an ACCESS EXCLUSIVE lock on @p table, holding it.
    bool lockTable(const QString &table);
    /// BEGIN and ask for a lock on @p table held by another session (returns while waiting).
    bool waitForLock(const QString &table);

    PGconn *connection() const { return m_conn.get(); }

private:
    pg::Conn m_conn;
    bool m_busy = false;
    QString m_error;
};

/// A backend stopped with SIGSTOP takes a SIGTERM only once it is continued: the stuck
/// backend every kill-all must be ready for, made to order. Continued when this goes.
struct StoppedBackend {
    explicit StoppedBackend(int backendPid);
    ~StoppedBackend();
    StoppedBackend(const StoppedBackend &) = delete;
    StoppedBackend &operator=(const StoppedBackend &) = delete;
    const int pid;
    const bool stopped; ///< whether the signal was sent (the test may lack the right to)
};
