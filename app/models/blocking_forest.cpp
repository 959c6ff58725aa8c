// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/blocking_forest.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

namespace {

struct Graph {
    QHash<int, const Session *> byPid;
    QHash<int, int> leaderOf;              // parallel worker → its leader
    QHash<int, int> workers;               // leader → workers
    QHash<int, std::vector<int>> waiters;  // blocker → waiters (sorted, unique)
    QHash<int, std::vector<int>> blockers; // waiter → blockers (sorted, unique)
    QHash<int, int> lockOf;                // waiter → index in Snapshot::locks
    QHash<int, qint64> waitOf;             // waiter → how long it waits (µs)
};

// A parallel worker stands for its leader: where the poll has the leader's row (a
// worker can outlive it by a moment, or be listed without it).
int canonical(const Graph &g, int pid)
{
    const int leader = g.leaderOf.value(pid, pid);
    return leader == pid || g.byPid.contains(leader) ? leader : pid;
}

} // namespace

BlockingForest BlockingForest::build(const Snapshot &snapshot)
{
    BlockingForest forest;
    // Most polls find nobody waiting on a lock: nothing to index.
    if (std::none_of(snapshot.sessions.begin(), snapshot.sessions.end(), [](const Session &s) { return !s.blockedBy.isEmpty(); }))
        return forest;
    Graph g;
    // Only the sessions that take part are indexed (at 1,000 sessions, indexing them all
    // was most of the forest's time): the waiters, whom they wait for, and the leaders of
    // the parallel workers among them.
    QSet<int> involved;
    std::vector<const Session *> waiting;
    for (const Session &s : snapshot.sessions) {
        if (s.leaderPid && s.leaderPid != s.key.pid) {
            g.leaderOf.insert(s.key.pid, s.leaderPid);
            ++g.workers[s.leaderPid];
        }
        if (!s.blockedBy.isEmpty()) {
            waiting.push_back(&s);
            involved.insert(s.key.pid);
            for (int b : s.blockedBy)
                involved.insert(b);
        }
    }
    for (const int pid : QSet<int>(involved)) {
        if (const auto leader = g.leaderOf.constFind(pid); leader != g.leaderOf.cend())
            involved.insert(*leader);
    }
    g.byPid.reserve(involved.size());
    for (const Session &s : snapshot.sessions) {
        if (involved.contains(s.key.pid))
            g.byPid.insert(s.key.pid, &s);
    }
    // Who waits for whom, each pair once: sorted pairs, grouped (a set per session cost
    // more than the rest of the forest).
    std::vector<std::pair<int, int>> edges; // (blocker, waiter)
    for (const Session *w : waiting) {
        const Session &s = *w;
        const int waiter = canonical(g, s.key.pid);
        for (int b : s.blockedBy) {
            const int blocker = canonical(g, b); // a worker of the blocker counts as the blocker
            // (Both must be rows of the poll: a worker's leader may have no row of its own.)
            if (blocker == waiter || !g.byPid.contains(blocker) || !g.byPid.contains(waiter))
                continue;
            edges.emplace_back(blocker, waiter);
        }
    }
    if (edges.empty())
        return forest;
    const auto group = [&edges](QHash<int, std::vector<int>> &out) { // by the pairs' first, their seconds in order
        std::sort(edges.begin(), edges.end());
        edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
        for (size_t i = 0; i < edges.size();) {
            std::vector<int> &to = out[edges[i].first];
            const int from = edges[i].first;
            for (; i < edges.size() && edges[i].first == from; ++i)
                to.push_back(edges[i].second);
        }
    };
    group(g.waiters);
    for (auto &[blocker, waiter] : edges)
        std::swap(blocker, waiter);
    group(g.blockers);
    for (int i = 0; i < int(snapshot.locks.size()); ++i) {
        const int waiter = canonical(g, snapshot.locks[size_t(i)].pid);
        if (!g.lockOf.contains(waiter))
            g.lockOf.insert(waiter, i);
    }
    for (auto it = g.blockers.cbegin(); it != g.blockers.cend(); ++it) {
        const int waiter = it.key();
        qint64 since = kNoTime;
        if (const int lock = g.lockOf.value(waiter, -1); lock >= 0)
            since = snapshot.locks[size_t(lock)].waitStart;
        if (since == kNoTime) // before 14: no wait start; the query's start bounds it
            since = g.byPid.value(waiter)->queryStart;
        const qint64 waited = since == kNoTime || snapshot.serverTime == kNoTime ? 0 : std::max<qint64>(0, snapshot.serverTime - since);
        g.waitOf.insert(waiter, waited);
        forest.longestWaitMicros = std::max(forest.longestWaitMicros, waited);
    }
    forest.blockedSessions = int(g.blockers.size());

    int nodes = 0;
    QSet<int> visited;
    // Where the bound stopped the tree, each session once (a session shown in two places,
    // under two holders, may be cut short at both), with the waiters not shown under it.
    QHash<int, size_t> cutIndex;
    const auto markCut = [&forest, &cutIndex](int pid, const int *from, const int *to) {
        const auto known = cutIndex.constFind(pid);
        BlockingForest::Cut &cut = known != cutIndex.cend() ? forest.cutAt[*known] : forest.cutAt.emplace_back();
        if (known == cutIndex.cend()) {
            cut.pid = pid;
            cutIndex.insert(pid, forest.cutAt.size() - 1);
        }
        cut.notShown.insert(cut.notShown.end(), from, to);
        if (known != cutIndex.cend()) { // (cut short again elsewhere: each waiter once)
            std::sort(cut.notShown.begin(), cut.notShown.end());
            cut.notShown.erase(std::unique(cut.notShown.begin(), cut.notShown.end()), cut.notShown.end());
        }
    };
    std::vector<int> path;
    // Builds the node of @p pid with everything below it; @p below collects the distinct
    // sessions under it for the counts.
    static const std::vector<int> kNobody;
    const auto waitersOf = [&g](int pid) -> const std::vector<int> & {
        const auto it = g.waiters.constFind(pid);
        return it == g.waiters.cend() ? kNobody : *it;
    };
    // (@p below gets them appended, possibly more than once: the caller counts distinct.)
    std::function<BlockingNode(int, std::vector<int> &)> grow = [&](int pid, std::vector<int> &below) {
        BlockingNode node;
        const Session *s = g.byPid.value(pid);
        node.key = s->key;
        node.lock = g.lockOf.value(pid, -1);
        const auto blockers = g.blockers.constFind(pid);
        node.shared = blockers != g.blockers.cend() && blockers->size() > 1;
        node.workers = g.workers.value(pid);
        visited.insert(pid);
        ++nodes;
        if (std::find(path.begin(), path.end(), pid) != path.end()) {
            node.cycle = true; // it is above: not again
            return node;
        }
        path.push_back(pid);
        const std::vector<int> &waiters = waitersOf(pid);
        node.blockedDirectly = int(waiters.size());
        std::vector<int> mine;
        for (auto next = waiters.begin(); next != waiters.end(); ++next) {
            const int w = *next;
            if (nodes >= kMaxNodes) {
                markCut(pid, &*next, waiters.data() + waiters.size());
                break;
            }
            mine.push_back(w);
            node.children.push_back(grow(w, mine));
            node.longestWaitMicros = std::max({node.longestWaitMicros, g.waitOf.value(w), node.children.back().longestWaitMicros});
        }
        path.pop_back();
        std::sort(mine.begin(), mine.end());
        mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
        if (const auto self = std::lower_bound(mine.begin(), mine.end(), pid); self != mine.end() && *self == pid)
            mine.erase(self);
        node.blockedInAll = int(mine.size());
        below.insert(below.end(), mine.begin(), mine.end());
        return node;
    };

    // Root blockers: they block others and wait for nobody.
    std::vector<int> roots;
    for (auto it = g.waiters.cbegin(); it != g.waiters.cend(); ++it) {
        if (!g.blockers.contains(it.key()))
            roots.push_back(it.key());
    }
    std::sort(roots.begin(), roots.end());
    for (int r : roots) {
        std::vector<int> below;
        forest.roots.push_back(grow(r, below));
    }
    // What is left waits in a cycle (or behind one) that no root blocks: one entry per
    // cycle, at its lowest pid, shown once.
    std::vector<int> left;
    for (auto it = g.blockers.cbegin(); it != g.blockers.cend(); ++it) {
        if (!visited.contains(it.key()))
            left.push_back(it.key());
    }
    std::sort(left.begin(), left.end());
    for (int start : left) {
        if (visited.contains(start))
            continue;
        // Up the blockers until a session repeats: it is on the cycle.
        std::vector<int> walk{start};
        int at = start;
        bool onCycle = true;
        while (true) {
            const auto up = g.blockers.constFind(at);
            if (up == g.blockers.cend()) {
                onCycle = false; // up to a root after all: @p start is one the node bound left out
                break;
            }
            at = up->front();
            const auto seen = std::find(walk.begin(), walk.end(), at);
            if (seen != walk.end()) {
                walk.erase(walk.begin(), seen);
                break;
            }
            walk.push_back(at);
        }
        if (!onCycle)
            continue;
        const int top = *std::min_element(walk.begin(), walk.end());
        std::vector<int> below;
        BlockingNode node = grow(top, below);
        node.cycleTop = true;
        forest.roots.push_back(std::move(node));
    }
    // The waiting sessions no node stands for: those the bound left out.
    for (auto it = g.blockers.cbegin(); it != g.blockers.cend(); ++it) {
        if (!visited.contains(it.key()))
            forest.leftOut.push_back(it.key());
    }
    std::sort(forest.leftOut.begin(), forest.leftOut.end());
    // Cut short (even with every session shown, under a root grown before the bound), a
    // node's counts are those of what was grown under it. Every session it holds up is
    // counted instead, and the longest wait among them: what ending it unblocks, said in
    // the confirmation. Once per session, however many nodes it has, and within a bound
    // of steps (about 20 ms), past which the counts stay those of the tree: thousands of
    // holders of one lock with thousands waiting behind would take seconds.
    if (!forest.cutAt.empty()) {
        QHash<int, std::pair<int, qint64>> whole; // pid → sessions below, longest wait below
        long steps = 0;
        constexpr long kMaxSteps = 500000;
        const auto below = [&](int pid) -> std::optional<std::pair<int, qint64>> {
            const auto known = whole.constFind(pid);
            if (known != whole.cend())
                return *known;
            QSet<int> reached{pid};
            std::vector<int> next = waitersOf(pid);
            int count = 0;
            qint64 longest = 0;
            while (!next.empty()) {
                if (++steps > kMaxSteps)
                    return std::nullopt;
                const int at = next.back();
                next.pop_back();
                if (reached.contains(at))
                    continue;
                reached.insert(at);
                ++count;
                longest = std::max(longest, g.waitOf.value(at));
                const std::vector<int> &more = waitersOf(at);
                next.insert(next.end(), more.begin(), more.end());
            }
            return *whole.insert(pid, {count, longest});
        };
        const std::function<void(BlockingNode &)> recount = [&](BlockingNode &n) {
            if (n.cycle)
                return; // (not grown under: its waiters are above it)
            const std::optional<std::pair<int, qint64>> all = below(n.key.pid);
            if (!all) {
                forest.countsWhole = false;
                return;
            }
            n.blockedInAll = all->first;
            n.longestWaitMicros = all->second;
            for (BlockingNode &child : n.children)
                recount(child);
        };
        for (BlockingNode &root : forest.roots)
            recount(root);
    }
    std::stable_sort(forest.roots.begin(), forest.roots.end(), [](const BlockingNode &a, const BlockingNode &b) {
        return std::tie(b.blockedInAll, b.longestWaitMicros) < std::tie(a.blockedInAll, a.longestWaitMicros);
    });
    forest.byPid = std::move(g.byPid);
    forest.leaderOf = std::move(g.leaderOf);
    return forest;
}
