// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

/// A loopback port in front of a server: every connection made to it is relayed to the
/// server, byte for byte, in a thread of its own. It counts the connections it was
/// asked for, and can cut them all, as a network that drops a server would.
class TcpRelay
{
public:
    /// Relays to 127.0.0.1:@p targetPort. Its sockets are closed on exec: a server started
    /// meanwhile (a restart) must not keep a relayed connection open.
    explicit TcpRelay(int targetPort);
    ~TcpRelay();
    TcpRelay(const TcpRelay &) = delete;
    TcpRelay &operator=(const TcpRelay &) = delete;

    bool isListening() const { return m_listen >= 0; }
    int port() const { return m_port; }
    /// Connections accepted since the start (or the last resetCount()).
    int connections() const { return m_accepted; }
    void resetCount() { m_accepted = 0; }
    /// Closes every relayed connection, both ways.
    void cutAll();
    /// While frozen, nothing goes through either way: a server that stopped answering.
    void setFrozen(bool frozen);

private:
    void run();

    int m_listen = -1;
    int m_port = 0;
    const int m_targetPort;
    int m_wake[2] = {-1, -1};
    std::atomic<int> m_accepted{0};
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_cut{false};
    std::atomic<bool> m_frozen{false};
    std::thread m_thread;
};
