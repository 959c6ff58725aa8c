// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/snapshot.h"

#include <QHash>

#include <vector>

/// One session in the blocking tree, and what hangs under it.
struct BlockingNode {
    SessionKey key;          ///< the session (a parallel group's leader for its workers)
    int lock = -1;           ///< its entry in Snapshot::locks: the lock it waits for, or -1
    bool shared = false;     ///< blocked by more than one session: it is under each of them
    bool cycle = false;      ///< closes a cycle: what waits for it is above it (not repeated)
    bool cycleTop = false;   ///< a top-level entry that is part of a cycle (no root blocks it)
    int workers = 0;         ///< parallel workers folded into it
    int blockedDirectly = 0; ///< sessions waiting on it (for roots and waiters that block others)
    int blockedInAll = 0;    ///< every session below it, once each
    qint64 longestWaitMicros = 0; ///< the longest wait of any session below it
    std::vector<BlockingNode> children;
};

/// Who blocks whom on one server, from one snapshot: the top level are the root blockers
/// (sessions that block others and wait for nobody), or one member of each cycle nobody
/// outside it blocks; under each, the sessions waiting for it, recursively. Sessions not
/// in any wait are not in it. Built in well under a millisecond at hundreds of waiters.
struct BlockingForest {
    /// The tree stops growing at this many nodes (nested diamonds of shared locks multiply
    /// them): the sessions it has not reached by then are left out.
    static constexpr int kMaxNodes = 20000;
    std::vector<BlockingNode> roots; ///< by sessions blocked in all, then by longest wait
    int blockedSessions = 0;         ///< sessions that wait for another
    std::vector<int> leftOut;        ///< of them, those the node bound left out of the tree (pids)
    /// Where the node bound stopped the tree: a session in it (each once) and those waiting
    /// for it directly that are not shown under it (pids). With every waiter in the tree
    /// (thousands of holders of one lock), nothing is left out, but the tree is cut short
    /// there all the same.
    struct Cut {
        int pid = 0;
        std::vector<int> notShown;
    };
    std::vector<Cut> cutAt;
    /// Past the node bound, each node's counts cover every session it holds up, worked out
    /// within a bound of steps: false when that bound stopped it (some counts are short).
    bool countsWhole = true;
    qint64 longestWaitMicros = 0;
    /// With any root: the sessions that take part (every session in the forest, and the
    /// leaders of parallel workers among them) by pid, and parallel workers' leaders (the
    /// index the forest was built with, for its readers).
    QHash<int, const Session *> byPid;
    QHash<int, int> leaderOf;

    /// @p snapshot's blocking, with pg_blocking_pids' duplicates removed and parallel
    /// workers folded into their leader.
    static BlockingForest build(const Snapshot &snapshot);
};
