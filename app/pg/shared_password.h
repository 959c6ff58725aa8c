// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <mutex>

/// A server's password for this run, shared by its monitor and action connections (each
/// in its own thread). Held in memory only; empty when libpq finds the password itself
/// (.pgpass, PGPASSWORD, a service file) or the server asks for none.
class SharedPassword
{
public:
    void set(const QString &password)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_password = password;
    }
    QString get() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_password;
    }

private:
    mutable std::mutex m_mutex;
    QString m_password;
};
