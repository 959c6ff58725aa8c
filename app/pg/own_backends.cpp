// SPDX-License-Identifier: GPL-3.0-or-later
#include "pg/own_backends.h"

#include "pg/sql_text.h"

#include <QHash>

#include <mutex>

namespace {

std::mutex s_mutex;
QHash<QPair<int, qint64>, int> s_entries; // a count: two connections never share one, but be safe

} // namespace

OwnBackends::Registration::Registration(int pid, qint64 backendStart)
    : m_pid(pid)
    , m_backendStart(backendStart)
{
    std::lock_guard<std::mutex> lock(s_mutex);
    ++s_entries[{pid, backendStart}];
}

OwnBackends::Registration::~Registration()
{
    std::lock_guard<std::mutex> lock(s_mutex);
    const auto it = s_entries.find({m_pid, m_backendStart});
    if (it != s_entries.end() && --*it <= 0)
        s_entries.erase(it);
}

OwnBackends::Entries OwnBackends::entries()
{
    Entries out;
    std::lock_guard<std::mutex> lock(s_mutex);
    out.m_entries = s_entries;
    for (auto it = s_entries.cbegin(); it != s_entries.cend(); ++it)
        out.m_pidBits |= quint64(1) << (unsigned(it.key().first) % 64);
    return out;
}

std::pair<QByteArray, QByteArray> OwnBackends::arrays()
{
    std::lock_guard<std::mutex> lock(s_mutex);
    return {sql_text::numberArray(std::as_const(s_entries).asKeyValueRange(), [](const auto &entry) { return entry.first.first; }),
            sql_text::numberArray(std::as_const(s_entries).asKeyValueRange(), [](const auto &entry) { return entry.first.second; })};
}
