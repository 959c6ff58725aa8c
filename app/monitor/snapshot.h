// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/session.h"

#include <QMetaType>

#include <memory>
#include <vector>

/// A database of the server (templates left out), as of one poll.
struct DatabaseInfo {
    quint32 oid = 0;
    QString name;
    bool allowConnections = true;
};

/// What one poll of one server saw. Immutable once published: shared between threads.
struct Snapshot {
    int server = 0;
    int serverVersion = 0;    ///< PQserverVersion, e.g. 150018
    qint64 serverTime = kNoTime; ///< statement_timestamp() of the poll, for server-relative ages
    int ownPid = 0;           ///< the monitor connection's backend pid
    bool inRecovery = false;  ///< a standby (pg_is_in_recovery())
    qint64 pollMicros = 0;    ///< wall time of the round trip, measured in the worker
    qint64 pollStartedNs = 0; ///< when the poll statement was sent (steady clock), for latency figures
    std::vector<Session> sessions;
    std::vector<DatabaseInfo> databases;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

Q_DECLARE_METATYPE(SnapshotPtr)
