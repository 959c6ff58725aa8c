// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

/// Which database a server's monitor connection is in, shared between the monitor's
/// thread and the server's action thread. An action that blocks, renames or drops that
/// database has the monitor avoid it, and waits until it has moved, before it ends any
/// session: a database being changed has no session of pgsessions in it.
class MonitorPlace
{
public:
    /// The monitor: connected to @p database (empty: not connected).
    void setDatabase(const QString &database)
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_database = database;
        }
        m_changed.notify_all();
    }
    QString database() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_database;
    }

    /// The action: the monitor must not be in @p database until this is cleared (empty).
    void setAvoid(const QString &database)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_avoid = database;
    }
    QString avoid() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_avoid;
    }

    /// Waits until the monitor is not in @p database, up to @p timeoutMs or until @p stop.
    bool waitUntilOutOf(const QString &database, int timeoutMs, const std::atomic<bool> &stop)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
        while (m_database == database) {
            if (stop || std::chrono::steady_clock::now() >= deadline)
                return false;
            m_changed.wait_for(lock, std::chrono::milliseconds(50));
        }
        return true;
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    QString m_database;
    QString m_avoid;
};
