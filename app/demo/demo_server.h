// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "demo/local_cluster.h"
#include "demo/local_pooler.h"

#include <QProcess>
#include <QString>

#include <memory>

/// `pgsessions --demo`: a private throwaway cluster with a few databases and roles, and
/// a workload process keeping realistic sessions alive. Both go away with this object,
/// and with the app if it crashes (the cluster's watcher, the workload's parent-death
/// signal): nothing is left running, nothing on disk.
class DemoServer
{
public:
    DemoServer();
    ~DemoServer();
    DemoServer(const DemoServer &) = delete;
    DemoServer &operator=(const DemoServer &) = delete;

    /// Blocking (seconds): run it off the GUI thread. On failure, the error says what to do.
    Error start();
    /// Starts the workload process; call from the thread that owns this object.
    Error startWorkload();
    /// The pgsessions binary that runs the workload (default: this program).
    void setWorkloadProgram(const QString &path) { m_workloadProgram = path; }
    qint64 workloadPid() const { return m_workload ? m_workload->processId() : 0; }
    QString conninfo() const;
    /// PgBouncer's admin console in front of the demo server, when pgbouncer is installed
    /// (empty otherwise): its "shop" database pools the shop web application's clients.
    QString poolerConninfo() const;
    /// Why there is no pooler, when there is none.
    QString poolerProblem() const { return m_poolerProblem; }
    QString version() const { return m_cluster ? m_cluster->serverVersion() : QString(); }
    QString dataDirectory() const;

private:
    std::unique_ptr<LocalCluster> m_cluster;
    std::unique_ptr<LocalPooler> m_pooler;
    QString m_poolerProblem;
    std::unique_ptr<QProcess> m_workload;
    QString m_workloadProgram;
};
