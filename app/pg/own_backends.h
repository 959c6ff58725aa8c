// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>

#include <memory>

/// The backends of this process's own connections, on every server, as (pid,
/// backend_start): what "pgsessions' own connection" means. Never an application_name,
/// which anybody can set; a pid alone could be another server's. Thread-safe: every
/// connection registers itself when it is made and goes when it closes.
class OwnBackends
{
public:
    /// One connection's entry, removed when this goes.
    class Registration
    {
    public:
        Registration(int pid, qint64 backendStart);
        ~Registration();
        Registration(const Registration &) = delete;
        Registration &operator=(const Registration &) = delete;
        int pid() const { return m_pid; }
        qint64 backendStart() const { return m_backendStart; }

    private:
        const int m_pid;
        const qint64 m_backendStart;
    };

    /// The entries as they are now, to look up many without locking for each (a copy that
    /// shares its data until the next registration or removal).
    class Entries
    {
    public:
        /// (Inline, and most pids answered by one bit: a poll asks for every session.)
        bool contains(int pid, qint64 backendStart) const
        {
            return (m_pidBits >> (unsigned(pid) % 64) & 1) && m_entries.contains({pid, backendStart});
        }

    private:
        friend class OwnBackends;
        QHash<QPair<int, qint64>, int> m_entries;
        quint64 m_pidBits = 0; ///< bit pid % 64 set for each entry's pid
    };
    static Entries entries();
    /// Every entry as two SQL array literals ("{1,2}", "{…}"), pids and backend starts in
    /// the same order, for a statement that must leave them alone.
    static std::pair<QByteArray, QByteArray> arrays();
};
