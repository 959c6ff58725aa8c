// SPDX-License-Identifier: GPL-3.0-or-later
#include "reconnecting_client.h"

#include "pg/handles.h"

#include <chrono>

ReconnectingClient::ReconnectingClient(const QString &conninfo, int maxConnections)
    : m_conninfo(conninfo.toUtf8())
    , m_maxConnections(maxConnections)
    , m_thread([this] { run(); })
{
}

ReconnectingClient::~ReconnectingClient()
{
    m_stop = true;
    m_thread.join();
}

QString ReconnectingClient::lastError() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_lastError;
}

void ReconnectingClient::run()
{
    using namespace std::chrono_literals;
    while (!m_stop && (m_maxConnections == 0 || m_connections < m_maxConnections)) {
        pg::Conn conn(PQconnectdb(m_conninfo.constData()));
        if (PQstatus(conn.get()) != CONNECTION_OK) {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_lastError = QString::fromUtf8(PQerrorMessage(conn.get())).trimmed();
            std::this_thread::sleep_for(5ms);
            continue;
        }
        ++m_connections;
        m_connected = true;
        while (!m_stop) {
            pg::Result r(PQexec(conn.get(), "SELECT 1"));
            if (PQresultStatus(r.get()) != PGRES_TUPLES_OK)
                break;
            std::this_thread::sleep_for(5ms);
        }
        m_connected = false;
    }
}
