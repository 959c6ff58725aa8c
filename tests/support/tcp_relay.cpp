// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcp_relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <unistd.h>

#include <utility>

namespace {

int connectTo(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

TcpRelay::TcpRelay(int targetPort)
    : m_targetPort(targetPort)
{
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (m_listen < 0 || ::bind(m_listen, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(m_listen, 64) != 0
        || ::getsockname(m_listen, reinterpret_cast<sockaddr *>(&addr), &len) != 0 || ::pipe2(m_wake, O_CLOEXEC) != 0) {
        if (m_listen >= 0)
            ::close(m_listen);
        m_listen = -1;
        return;
    }
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread(&TcpRelay::run, this);
}

TcpRelay::~TcpRelay()
{
    m_stop = true;
    if (m_thread.joinable()) {
        const char byte = 1;
        [[maybe_unused]] const ssize_t n = ::write(m_wake[1], &byte, 1);
        m_thread.join();
    }
    for (int fd : {m_listen, m_wake[0], m_wake[1]}) {
        if (fd >= 0)
            ::close(fd);
    }
}

void TcpRelay::cutAll()
{
    m_cut = true;
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(m_wake[1], &byte, 1);
}

void TcpRelay::setFrozen(bool frozen)
{
    m_frozen = frozen;
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(m_wake[1], &byte, 1);
}

void TcpRelay::run()
{
    std::vector<std::pair<int, int>> pairs; // client, server
    auto closePair = [](std::pair<int, int> &p) {
        ::close(p.first);
        ::close(p.second);
    };
    while (!m_stop) {
        std::vector<pollfd> fds{{m_listen, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
        const short forward = m_frozen ? 0 : POLLIN; // frozen: bytes wait where they are
        for (const auto &p : pairs) {
            fds.push_back({p.first, forward, 0});
            fds.push_back({p.second, forward, 0});
        }
        if (::poll(fds.data(), fds.size(), 1000) <= 0)
            continue;
        if (fds[1].revents) {
            char buffer[64];
            [[maybe_unused]] const ssize_t n = ::read(m_wake[0], buffer, sizeof buffer);
        }
        if (m_cut.exchange(false)) {
            for (auto &p : pairs)
                closePair(p);
            pairs.clear();
            continue;
        }
        std::vector<std::pair<int, int>> kept;
        for (size_t i = 0; i < pairs.size(); ++i) {
            bool open = true;
            for (int side = 0; side < 2 && open; ++side) {
                const pollfd &f = fds[2 + 2 * i + size_t(side)];
                if (!f.revents || m_frozen)
                    continue;
                const int from = side == 0 ? pairs[i].first : pairs[i].second;
                const int to = side == 0 ? pairs[i].second : pairs[i].first;
                char buffer[16384];
                const ssize_t n = ::read(from, buffer, sizeof buffer);
                open = n > 0 && ::send(to, buffer, size_t(n), MSG_NOSIGNAL) == n;
            }
            if (open)
                kept.push_back(pairs[i]);
            else
                closePair(pairs[i]);
        }
        pairs.swap(kept);
        if (fds[0].revents & POLLIN) {
            const int client = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0)
                continue;
            ++m_accepted;
            const int server = connectTo(m_targetPort);
            if (server < 0)
                ::close(client);
            else
                pairs.emplace_back(client, server);
        }
    }
    for (auto &p : pairs)
        closePair(p);
}
