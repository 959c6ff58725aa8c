// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/snapshot.h"

#include <QList>
#include <QObject>
#include <QPair>

#include <atomic>
#include <memory>

class ServerRegistry;
struct HistorySample;

/// Rewind: moves what the views show (table, blocking tree, details, the tree's counts) to
/// a moment of a server's history, and back to live. Reading the moment happens on a
/// thread of the pool, never the GUI's; only the newest request is shown.
class Rewind : public QObject
{
    Q_OBJECT
public:
    explicit Rewind(ServerRegistry *registry, QObject *parent = nullptr);
    ~Rewind() override;

    /// Shows server @p server as history has it at @p atMs (ms since the epoch).
    void showAt(int server, qint64 atMs);
    /// Shows each of @p servers as history has it at @p atMs (All servers, a group);
    /// shown() then names server 0.
    void showAt(const QList<int> &servers, qint64 atMs);
    /// Back to the live polls.
    void showLive();
    bool isLive() const;

    /// The snapshot the views show for @p sample of server @p server: its sessions, the
    /// ones ended since marked, its idle and hidden counts, and the databases the server
    /// has now (@p live) with any the sample names besides.
    static SnapshotPtr pastSnapshot(const HistorySample &sample, int server, const SnapshotPtr &live);

Q_SIGNALS:
    /// A moment is shown: @p found false when history has no sample there (a gap).
    void shown(int server, qint64 atMs, bool found);
    /// History could not be read.
    void failed(const QString &message);

private:
    /// Reads each (server, history key)'s sample at @p atMs off the GUI thread and shows
    /// them; shown() names @p shownAs.
    void read(const QList<QPair<int, QString>> &keys, qint64 atMs, int shownAs);

    ServerRegistry *m_registry;
    std::shared_ptr<std::atomic<quint64>> m_generation;
};
