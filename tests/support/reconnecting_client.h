// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <atomic>
#include <mutex>
#include <thread>

/// A client that behaves like a connection pool: whenever its connection is ended, it
/// connects again at once (retrying every few milliseconds), in a thread of its own.
/// Given @p maxConnections, it stops coming back once it has connected that many times.
class ReconnectingClient
{
public:
    explicit ReconnectingClient(const QString &conninfo, int maxConnections = 0);
    ~ReconnectingClient();
    ReconnectingClient(const ReconnectingClient &) = delete;
    ReconnectingClient &operator=(const ReconnectingClient &) = delete;

    /// Connections that succeeded so far.
    int connections() const { return m_connections; }
    bool isConnected() const { return m_connected; }
    QString lastError() const;

private:
    void run();

    const QByteArray m_conninfo;
    const int m_maxConnections;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_connections{0};
    std::atomic<bool> m_connected{false};
    mutable std::mutex m_mutex;
    QString m_lastError;
    std::thread m_thread;
};
