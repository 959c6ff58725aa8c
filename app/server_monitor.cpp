// SPDX-License-Identifier: GPL-3.0-or-later
#include "server_monitor.h"

#include <QMetaObject>

ServerMonitor::ServerMonitor(int serverId, ConnectionSpec spec, MonitorOptions options, QObject *parent)
    : QObject(parent)
    , m_serverId(serverId)
    , m_spec(std::move(spec))
    , m_worker(new ServerWorker(serverId, m_spec, options))
{
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<ServerStatus>();
    m_thread.setObjectName(QStringLiteral("server-%1").arg(serverId));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ServerWorker::statusChanged, this, [this](const ServerStatus &status) {
        m_status = status;
        emit statusChanged(status);
    });
    connect(m_worker, &ServerWorker::snapshotReady, this, [this](const SnapshotPtr &snapshot) {
        m_lastSnapshot = snapshot;
        emit snapshotReady(snapshot);
    });
    m_thread.start();
}

ServerMonitor::~ServerMonitor()
{
    m_worker->requestStop();
    m_thread.quit();
    m_thread.wait();
}

void ServerMonitor::start()
{
    QMetaObject::invokeMethod(m_worker, &ServerWorker::start, Qt::QueuedConnection);
}

void ServerMonitor::setIntervalMs(int ms)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, ms] { w->setIntervalMs(ms); }, Qt::QueuedConnection);
}

void ServerMonitor::setPaused(bool paused)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, paused] { w->setPaused(paused); }, Qt::QueuedConnection);
}

void ServerMonitor::refreshNow()
{
    QMetaObject::invokeMethod(m_worker, &ServerWorker::pollNow, Qt::QueuedConnection);
}
