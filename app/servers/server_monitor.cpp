// SPDX-License-Identifier: GPL-3.0-or-later
#include "servers/server_monitor.h"

#include "actions/action_journal.h"
#include "actions/action_worker.h"

#include <QMetaObject>

#include <algorithm>
#include <utility>

ServerMonitor::ServerMonitor(int serverId, ConnectionSpec spec, MonitorOptions options, std::shared_ptr<ActionJournal> journal,
                             QObject *parent)
    : QObject(parent)
    , m_serverId(serverId)
    , m_spec(std::move(spec))
    , m_password(std::make_shared<SharedPassword>())
    , m_thread(new QThread)
    , m_worker(new ServerWorker(serverId, m_spec, options, m_password))
    , m_actionThread(new QThread)
    , m_actionWorker(new ActionWorker(m_spec, journal ? std::move(journal) : std::make_shared<ActionJournal>(), m_password))
{
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<ServerStatus>();
    qRegisterMetaType<ActionRequest>();
    qRegisterMetaType<Outcome>();
    qRegisterMetaType<ActionSummary>();
    m_thread->setObjectName(QStringLiteral("server-%1").arg(serverId));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ServerWorker::statusChanged, this, [this](const ServerStatus &status) {
        m_status = status;
        emit statusChanged(status);
    });
    connect(m_worker, &ServerWorker::snapshotReady, this, [this](const SnapshotPtr &snapshot) {
        SnapshotPtr previous = std::exchange(m_lastSnapshot, snapshot);
        emit snapshotReady(snapshot);
        // Freeing a poll's thousands of strings (0.5 ms at 1,000 backends) is left to the
        // worker, idle between its polls: the previous snapshot's last reference goes
        // back to its thread instead of dying here, on the GUI thread.
        if (previous)
            QMetaObject::invokeMethod(m_worker, [done = std::move(previous)] {}, Qt::QueuedConnection);
    });
    m_thread->start();

    m_actionThread->setObjectName(QStringLiteral("actions-%1").arg(serverId));
    m_actionWorker->moveToThread(m_actionThread);
    connect(m_actionThread, &QThread::finished, m_actionWorker, &QObject::deleteLater);
    connect(m_actionWorker, &ActionWorker::started, this, &ServerMonitor::actionStarted);
    connect(m_actionWorker, &ActionWorker::outcome, this, &ServerMonitor::actionOutcome);
    connect(m_actionWorker, &ActionWorker::progress, this, &ServerMonitor::actionProgress);
    connect(m_actionWorker, &ActionWorker::finished, this, [this](const ActionSummary &summary) {
        emit actionFinished(summary);
        refreshNow(); // show the result without waiting for the next poll
    });
    m_actionThread->start();

    // The worker is blocked in libpq while a poll hangs; only another thread can cancel
    // it. cancelIfOverdue() reads two atomics and, at most, starts a cancel thread.
    m_watchdog.setInterval(std::clamp(options.statementTimeoutMs / 10, 20, 500));
    connect(&m_watchdog, &QTimer::timeout, this, [w = m_worker] { w->cancelIfOverdue(); });
    m_watchdog.start();
}

ServerMonitor::~ServerMonitor()
{
    m_worker->requestStop();
    m_actionWorker->requestStop();
    m_thread->quit();
    m_actionThread->quit();
    // A running action is seen through: it gives databases back their connections and
    // journals its end (its waits stop at requestStop()).
    m_actionThread->wait();
    delete m_actionThread;
    // A poll stuck on a server that stopped answering (the cancel request cannot reach
    // it either) would hold this up until TCP gives up: wait briefly, then let the
    // thread finish, and delete itself, on its own.
    if (!m_thread->wait(100)) {
        qWarning("pgsessions: %s is still waiting on its server; it ends on its own", qPrintable(m_thread->objectName()));
        ++s_abandoned;
        connect(m_thread, &QThread::finished, m_thread, [] { --s_abandoned; }, Qt::DirectConnection);
        connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
        if (!m_thread->isFinished())
            return;
        --s_abandoned;
    }
    delete m_thread;
}

std::atomic<int> ServerMonitor::s_abandoned{0};

int ServerMonitor::threadsStillWaiting()
{
    return s_abandoned;
}

quint64 ServerMonitor::submit(ActionRequest request)
{
    if (request.id == 0)
        request.id = ActionRequest::nextId();
    request.server = m_serverId;
    if (request.serverName.isEmpty())
        request.serverName = displayName();
    QMetaObject::invokeMethod(m_actionWorker, [w = m_actionWorker, request] { w->execute(request); }, Qt::QueuedConnection);
    return request.id;
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

void ServerMonitor::setPassword(const QString &password, bool connectNow)
{
    m_password->set(password);
    if (connectNow)
        refreshNow();
}

void ServerMonitor::refreshNow()
{
    QMetaObject::invokeMethod(m_worker, &ServerWorker::pollNow, Qt::QueuedConnection);
}
