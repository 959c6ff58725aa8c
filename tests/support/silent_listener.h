// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// A loopback TCP port that accepts connections (the kernel completes the handshake)
/// and never says a word: a server that does not answer. Closed when destroyed.
class SilentListener
{
public:
    SilentListener();
    ~SilentListener();
    SilentListener(const SilentListener &) = delete;
    SilentListener &operator=(const SilentListener &) = delete;

    bool isListening() const { return m_fd >= 0; }
    int port() const { return m_port; }
    /// A client connected and waits for a greeting that never comes (the connection
    /// sits in the accept queue): true once someone is trying this "server".
    bool connectionWaiting() const;

private:
    int m_fd = -1;
    int m_port = 0;
};
