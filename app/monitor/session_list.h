// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/session.h"

#include <atomic>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

/// A poll's sessions, in order, read as a vector of `const Session`. Each session is
/// shared, not copied, with the polls that saw it the same: most sessions of a busy
/// server are idle from poll to poll, and a copy of one is ten strings' and a list's
/// reference counts taken (and dropped again when the older poll goes), where sharing it
/// is one. A session is changed only through edit(), which first makes it this list's
/// own; a list is changed only by the thread that makes it, before it is handed on (a
/// Snapshot is immutable once published).
class SessionList
{
    struct Node {
        Session session;
    };

public:
    /// A session as a list holds it, to be held by another list as well.
    using Shared = std::shared_ptr<const Node>;

    class const_iterator
    {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = Session;
        using difference_type = std::ptrdiff_t;
        using pointer = const Session *;
        using reference = const Session &;

        const_iterator() = default;
        reference operator*() const { return (*m_at)->session; }
        pointer operator->() const { return &(*m_at)->session; }
        reference operator[](difference_type n) const { return m_at[n]->session; }
        const_iterator &operator++() { ++m_at; return *this; }
        const_iterator operator++(int) { return const_iterator(m_at++); }
        const_iterator &operator--() { --m_at; return *this; }
        const_iterator operator--(int) { return const_iterator(m_at--); }
        const_iterator &operator+=(difference_type n) { m_at += n; return *this; }
        const_iterator &operator-=(difference_type n) { m_at -= n; return *this; }
        friend const_iterator operator+(const_iterator i, difference_type n) { return i += n; }
        friend const_iterator operator+(difference_type n, const_iterator i) { return i += n; }
        friend const_iterator operator-(const_iterator i, difference_type n) { return i -= n; }
        friend difference_type operator-(const const_iterator &a, const const_iterator &b) { return a.m_at - b.m_at; }
        friend bool operator==(const const_iterator &a, const const_iterator &b) { return a.m_at == b.m_at; }
        friend bool operator!=(const const_iterator &a, const const_iterator &b) { return a.m_at != b.m_at; }
        friend bool operator<(const const_iterator &a, const const_iterator &b) { return a.m_at < b.m_at; }
        friend bool operator>(const const_iterator &a, const const_iterator &b) { return a.m_at > b.m_at; }
        friend bool operator<=(const const_iterator &a, const const_iterator &b) { return a.m_at <= b.m_at; }
        friend bool operator>=(const const_iterator &a, const const_iterator &b) { return a.m_at >= b.m_at; }

    private:
        friend class SessionList;
        explicit const_iterator(std::vector<Shared>::const_iterator at)
            : m_at(at)
        {
        }
        std::vector<Shared>::const_iterator m_at;
    };
    using iterator = const_iterator;
    using value_type = Session;
    using size_type = std::size_t;

    SessionList() = default;
    SessionList(std::initializer_list<Session> sessions)
    {
        m_nodes.reserve(sessions.size());
        for (const Session &s : sessions)
            push_back(s);
    }

    /// Each of @p sessions as a session of its own (nothing shared).
    explicit SessionList(std::vector<Session> sessions)
    {
        m_nodes.reserve(sessions.size());
        for (Session &s : sessions)
            push_back(std::move(s));
    }
    /// Copies of the sessions.
    std::vector<Session> toVector() const { return std::vector<Session>(begin(), end()); }

    std::size_t size() const { return m_nodes.size(); }
    bool empty() const { return m_nodes.empty(); }
    const Session &operator[](std::size_t i) const { return m_nodes[i]->session; }
    const Session &front() const { return m_nodes.front()->session; }
    const Session &back() const { return m_nodes.back()->session; }
    const_iterator begin() const { return const_iterator(m_nodes.cbegin()); }
    const_iterator end() const { return const_iterator(m_nodes.cend()); }

    void reserve(std::size_t n) { m_nodes.reserve(n); }
    void clear() { m_nodes.clear(); }
    void push_back(Session s) { m_nodes.push_back(std::make_shared<Node>(Node{std::move(s)})); }
    /// Holds @p session as another list holds it (shared()): the same, not a copy.
    void push_back(Shared session) { m_nodes.push_back(std::move(session)); }
    /// The @p i-th session, to be held by another list too.
    const Shared &shared(std::size_t i) const { return m_nodes[i]; }
    /// The session a list holds as @p node.
    static const Session &sessionOf(const Shared &node) { return node->session; }
    /// The @p i-th session, to change: copied first if another list holds it too.
    Session &edit(std::size_t i)
    {
        Shared &node = m_nodes[i];
        if (node.use_count() != 1)
            node = std::make_shared<Node>(*node);
        else
            std::atomic_thread_fence(std::memory_order_acquire); // (after another holder's last release)
        return const_cast<Node &>(*node).session; // (made by make_shared<Node>, not const; this list's alone)
    }
    Session &editBack() { return edit(m_nodes.size() - 1); }
    /// Removes the sessions @p drop says to, keeping the others' order.
    template <typename Predicate>
    void removeIf(Predicate drop)
    {
        std::size_t kept = 0;
        for (std::size_t i = 0; i < m_nodes.size(); ++i) {
            if (drop(m_nodes[i]->session))
                continue;
            if (kept != i)
                m_nodes[kept] = std::move(m_nodes[i]);
            ++kept;
        }
        m_nodes.resize(kept);
    }

private:
    std::vector<Shared> m_nodes;
};
