// SPDX-License-Identifier: GPL-3.0-or-later
// The blocking tree from snapshots made by hand: chains, shared waiters, cycles, parallel
// groups, and a model that keeps its nodes through polls (under QAbstractItemModelTester).
#include "models/blocking_forest.h"
#include "models/blocking_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <functional>
#include <map>
#include <set>

namespace {

constexpr qint64 kSecond = 1000000;
constexpr qint64 kNow = 1764000000 * kSecond;

Session session(int pid, QVector<int> blockedBy = {}, int leader = 0)
{
    Session s;
    s.key = {1, pid, kNow - 3600 * kSecond + pid};
    s.database = QStringLiteral("games");
    s.user = QStringLiteral("web");
    s.backendType = leader ? QStringLiteral("parallel worker") : QStringLiteral("client backend");
    s.state = blockedBy.isEmpty() ? QStringLiteral("idle in transaction") : QStringLiteral("active");
    s.waitEventType = blockedBy.isEmpty() ? QString() : QStringLiteral("Lock");
    s.blockedBy = blockedBy;
    s.leaderPid = leader;
    s.queryStart = kNow - pid * kSecond; // pid 10 has waited 10 s
    s.xactStart = kNow - 100 * kSecond;
    return s;
}

Snapshot snapshot(std::vector<Session> sessions)
{
    Snapshot s;
    s.server = 1;
    s.serverTime = kNow;
    s.sessions = SessionList(std::move(sessions));
    return s;
}

// "pid(children...)" of a node, for readable comparisons.
QString shape(const BlockingNode &n)
{
    QString out = QString::number(n.key.pid);
    if (n.cycle)
        out += QLatin1Char('^');
    if (n.shared)
        out += QLatin1Char('*');
    if (!n.children.empty()) {
        QStringList children;
        for (const BlockingNode &c : n.children)
            children << shape(c);
        out += QLatin1Char('(') + children.join(QLatin1Char(' ')) + QLatin1Char(')');
    }
    return out;
}

QString shape(const BlockingForest &f)
{
    QStringList roots;
    for (const BlockingNode &r : f.roots)
        roots << shape(r);
    return roots.join(QLatin1String(" | "));
}

// Where a forest says it was cut short: each session with the waiters not shown under it.
std::map<int, std::vector<int>> cuts(const BlockingForest &f)
{
    std::map<int, std::vector<int>> out;
    for (const BlockingForest::Cut &c : f.cutAt) {
        if (out.count(c.pid))
            out[-1].push_back(c.pid); // cut short twice: under -1, which no comparison expects
        std::vector<int> notShown = c.notShown;
        std::sort(notShown.begin(), notShown.end());
        out[c.pid] = notShown;
    }
    return out;
}

// The same worked out from the tree itself and the poll: every node (not a cycle's
// repeat) with fewer children than sessions waiting for it, with those not under it
// (gathered over the places it stands).
std::map<int, std::vector<int>> cutsOfShape(const BlockingForest &f, const Snapshot &poll)
{
    std::map<int, std::set<int>> found;
    const std::function<void(const BlockingNode &)> walk = [&](const BlockingNode &n) {
        if (n.cycle)
            return;
        std::set<int> waiting;
        for (const Session &s : poll.sessions) {
            if (s.blockedBy.contains(n.key.pid))
                waiting.insert(s.key.pid);
        }
        for (const BlockingNode &child : n.children)
            waiting.erase(child.key.pid);
        if (!waiting.empty())
            found[n.key.pid].insert(waiting.begin(), waiting.end());
        for (const BlockingNode &child : n.children)
            walk(child);
    };
    for (const BlockingNode &root : f.roots)
        walk(root);
    std::map<int, std::vector<int>> out;
    for (const auto &[pid, notShown] : found)
        out[pid] = std::vector<int>(notShown.begin(), notShown.end());
    return out;
}

} // namespace

class TestBlocking : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nobodyWaitsNoTree();
    void aSimpleChain();
    void threeLevels();
    void aSessionBlockedByTwoIsUnderBoth();
    void aCycleIsShownOnce();
    void parallelWorkersFoldIntoTheirLeader();
    void rootsByWhatTheyHoldUpThenByWait();
    void aLockAndItsHolderAreShown();
    void theModelKeepsItsNodesThroughPolls();
    void rootsGoAndComeARunAtATime();
    void aRootThatEndsLeavesItsWaitersToTheNextRoot();
    void onlyCellsThatReadDifferentlyAreRepainted();
    void unshownTheTreeCountsAndMergesTheLastPollWhenShown();
    void nestedDiamondsStopAtTheNodeBound();
    void manyHoldersPastTheBoundAreCountedWithinABound();
    void aWorkerWithoutItsLeaderStandsForItself();
};

void TestBlocking::nobodyWaitsNoTree()
{
    const BlockingForest f = BlockingForest::build(snapshot({session(1), session(2)}));
    QVERIFY(f.roots.empty());
    QCOMPARE(f.blockedSessions, 0);
}

void TestBlocking::aSimpleChain()
{
    const BlockingForest f = BlockingForest::build(snapshot({session(1), session(5, {1}), session(7)}));
    QCOMPARE(shape(f), QStringLiteral("1(5)"));
    QCOMPARE(f.roots[0].blockedDirectly, 1);
    QCOMPARE(f.roots[0].blockedInAll, 1);
    QCOMPARE(f.roots[0].longestWaitMicros, 5 * kSecond);
    QCOMPARE(f.blockedSessions, 1);
}

void TestBlocking::threeLevels()
{
    // The demo's chain: a migration holds a row, a worker waits for its transaction, two
    // more wait for the worker's tuple lock.
    const BlockingForest f = BlockingForest::build(snapshot({session(1), session(2, {1}), session(3, {2}), session(4, {2})}));
    QCOMPARE(shape(f), QStringLiteral("1(2(3 4))"));
    QCOMPARE(f.roots[0].blockedDirectly, 1);
    QCOMPARE(f.roots[0].blockedInAll, 3);
    QCOMPARE(f.roots[0].longestWaitMicros, 4 * kSecond);
    QCOMPARE(f.blockedSessions, 3);
}

void TestBlocking::aSessionBlockedByTwoIsUnderBoth()
{
    // Two readers hold a share lock; a writer waits for both.
    const BlockingForest f = BlockingForest::build(snapshot({session(1), session(2), session(9, {1, 2})}));
    QCOMPARE(shape(f), QStringLiteral("1(9*) | 2(9*)"));
    QCOMPARE(f.blockedSessions, 1);
    // A diamond: 1 holds up 2 and 3, and 4 waits for both. 4 counts once under 1.
    const BlockingForest d = BlockingForest::build(snapshot({session(1), session(2, {1}), session(3, {1}), session(4, {2, 3})}));
    QCOMPARE(shape(d), QStringLiteral("1(2(4*) 3(4*))"));
    QCOMPARE(d.roots[0].blockedDirectly, 2);
    QCOMPARE(d.roots[0].blockedInAll, 3);
    QCOMPARE(d.roots[0].children[0].blockedInAll, 1);
    QVERIFY(d.roots[0].children[0].children[0].shared);
    QCOMPARE(d.blockedSessions, 3);
}

void TestBlocking::aCycleIsShownOnce()
{
    // Two sessions waiting for each other (a deadlock not detected yet), and one waiting
    // behind them: no root blocker; the cycle is one entry, never endless.
    const BlockingForest f = BlockingForest::build(snapshot({session(3, {4}), session(4, {3}), session(8, {4})}));
    QCOMPARE(int(f.roots.size()), 1);
    QVERIFY(f.roots[0].cycleTop);
    QCOMPARE(shape(f), QStringLiteral("3(4(3^ 8))"));
    QCOMPARE(f.blockedSessions, 3);
    // Under 3: 4, and 8 behind 4 (3 itself not counted); under 4: 3 and 8.
    QCOMPARE(f.roots[0].blockedDirectly, 1);
    QCOMPARE(f.roots[0].blockedInAll, 2);
    QCOMPARE(f.roots[0].children[0].blockedDirectly, 2);
    QCOMPARE(f.roots[0].children[0].blockedInAll, 2);
}

void TestBlocking::parallelWorkersFoldIntoTheirLeader()
{
    // The blocker runs a parallel query: pg_blocking_pids names its pid once per process
    // of the group holding the lock; its workers are not sessions of their own here.
    std::vector<Session> sessions{session(10), session(11, {}, 10), session(12, {}, 10), session(20, {10, 10, 10})};
    // And a waiting parallel group: its worker waits too, as its leader.
    sessions.push_back(session(30, {10}));
    sessions.push_back(session(31, {10}, 30));
    const BlockingForest f = BlockingForest::build(snapshot(sessions));
    QCOMPARE(shape(f), QStringLiteral("10(20 30)"));
    QCOMPARE(f.roots[0].workers, 2);
    QCOMPARE(f.roots[0].children[1].workers, 1);
    QCOMPARE(f.blockedSessions, 2);
}

void TestBlocking::rootsByWhatTheyHoldUpThenByWait()
{
    const BlockingForest f = BlockingForest::build(
        snapshot({session(1), session(2, {1}), session(50), session(51, {50}), session(52, {50}), session(60), session(69, {60})}));
    // 50 holds up two; 60's one waiter waited longer than 1's.
    QCOMPARE(shape(f), QStringLiteral("50(51 52) | 60(69) | 1(2)"));
}

void TestBlocking::aLockAndItsHolderAreShown()
{
    Snapshot s = snapshot({session(1), session(5, {1})});
    s.databases.push_back({16384, QStringLiteral("games"), true});
    LockWait w;
    w.pid = 5;
    w.lockType = QStringLiteral("tuple");
    w.mode = QStringLiteral("ExclusiveLock");
    w.databaseOid = 16384;
    w.relationOid = 16390;
    w.page = 0;
    w.tuple = 1;
    w.holders.push_back({1, QStringLiteral("ExclusiveLock")});
    s.locks.push_back(w);
    BlockingModel model;
    model.applySnapshot(s);
    const QModelIndex root = model.index(0, 0);
    const QModelIndex waiter = model.index(0, 0, root);
    // No name known for sure: the OID and its database, never a guess.
    QCOMPARE(waiter.siblingAtColumn(BlockingModel::WaitsFor).data().toString(),
             QStringLiteral("ExclusiveLock on tuple (0,1) of relation 16390 in database games"));
    QCOMPARE(waiter.siblingAtColumn(BlockingModel::HolderMode).data().toString(), QStringLiteral("ExclusiveLock"));
    s.locks[0].relationName = QStringLiteral("public.scores");
    model.applySnapshot(s);
    QCOMPARE(waiter.siblingAtColumn(BlockingModel::WaitsFor).data().toString(), QStringLiteral("ExclusiveLock on tuple (0,1) of public.scores"));
    QVERIFY(root.siblingAtColumn(BlockingModel::Blocks).data().toString().startsWith(QLatin1String("1 session")));
    QCOMPARE(model.unblocks(s.sessions[0].key), 1);
}

void TestBlocking::theModelKeepsItsNodesThroughPolls()
{
    BlockingModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applySnapshot(snapshot({session(1), session(2, {1}), session(3, {2}), session(4, {2})}));
    QCOMPARE(model.rowCount(), 1);
    const QPersistentModelIndex root = model.index(0, 0);
    const QPersistentModelIndex middle = model.index(0, 0, root);
    const QPersistentModelIndex leaf = model.index(1, 0, middle);
    QCOMPARE(leaf.data(BlockingModel::PidRole).toInt(), 4);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    // Ten polls, the same chain: nothing moves, nothing goes.
    for (int i = 0; i < 10; ++i)
        model.applySnapshot(snapshot({session(1), session(2, {1}), session(3, {2}), session(4, {2})}));
    QCOMPARE(resets.count(), 0);
    QCOMPARE(removed.count(), 0);
    QVERIFY(leaf.isValid());
    QCOMPARE(leaf.data(BlockingModel::PidRole).toInt(), 4);
    // One waiter goes, another comes: only they change.
    model.applySnapshot(snapshot({session(1), session(2, {1}), session(4, {2}), session(6, {2})}));
    QVERIFY(leaf.isValid());
    QCOMPARE(leaf.data(BlockingModel::PidRole).toInt(), 4);
    QCOMPARE(model.rowCount(middle), 2);
    QCOMPARE(removed.count(), 1);
    // A second server's chains sit beside, and go with it.
    Snapshot other = snapshot({session(1), session(2, {1})});
    other.server = 2;
    for (size_t i = 0; i < other.sessions.size(); ++i)
        other.sessions.edit(i).key.server = 2;
    model.applySnapshot(other);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.blockedSessions(1), 3);
    QCOMPARE(model.blockedSessions(), 4);
    model.removeServer(2);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(leaf.isValid());
}

void TestBlocking::rootsGoAndComeARunAtATime()
{
    // Roots 1 to 6, each holding up one session (100 + its pid, which waits as many
    // seconds): the longest wait first, 6 to 1.
    const auto poll = [](const std::vector<int> &roots) {
        std::vector<Session> sessions;
        for (const int pid : roots) {
            sessions.push_back(session(pid));
            sessions.push_back(session(100 + pid, {pid}));
        }
        return snapshot(sessions);
    };
    BlockingModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applySnapshot(poll({1, 2, 3, 4, 5, 6}));
    const auto roots = [&model] {
        QList<int> out;
        for (int r = 0; r < model.rowCount(); ++r)
            out << model.index(r, 0).data(BlockingModel::PidRole).toInt();
        return out;
    };
    QCOMPARE(roots(), (QList<int>{6, 5, 4, 3, 2, 1}));
    const QPersistentModelIndex last = model.index(5, 0);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // 5, 3 and 2 go; 7 and 8 come: a removal for each run of neighbours (3 and 2 at rows
    // 3 and 4, from the bottom up, then 5 at row 1), one insertion for both new ones
    // (after the others, in the forest's order: 8 waits longer).
    model.applySnapshot(poll({1, 4, 6, 7, 8}));
    QCOMPARE(removed.count(), 2);
    QCOMPARE(removed.at(0).at(1).toInt(), 3);
    QCOMPARE(removed.at(0).at(2).toInt(), 4);
    QCOMPARE(removed.at(1).at(1).toInt(), 1);
    QCOMPARE(removed.at(1).at(2).toInt(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 3);
    QCOMPARE(inserted.at(0).at(2).toInt(), 4);
    QCOMPARE(roots(), (QList<int>{6, 4, 1, 8, 7}));
    QVERIFY(last.isValid());
    QCOMPARE(last.row(), 2);
    QCOMPARE(last.data(BlockingModel::PidRole).toInt(), 1);
    QCOMPARE(model.rowCount(model.index(3, 0)), 1); // 8 with what it holds up
    QCOMPARE(model.index(0, 0, model.index(3, 0)).data(BlockingModel::PidRole).toInt(), 108);
}

void TestBlocking::aRootThatEndsLeavesItsWaitersToTheNextRoot()
{
    BlockingModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applySnapshot(snapshot({session(1), session(2, {1}), session(3, {2})}));
    // The root ended between two polls: its first waiter got the lock, and is the root now.
    model.applySnapshot(snapshot({session(2), session(3, {2})}));
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex root = model.index(0, 0);
    QCOMPARE(root.data(BlockingModel::PidRole).toInt(), 2);
    QCOMPARE(model.rowCount(root), 1);
    QCOMPARE(model.index(0, 0, root).data(BlockingModel::PidRole).toInt(), 3);
    // And nobody waits any more: an empty tree.
    model.applySnapshot(snapshot({session(2), session(3)}));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.blockedSessions(), 0);
}

// Behind the table, a poll updates what the tab, the status line and a confirmation say
// (the counts, the unblock numbers); the tree itself waits, and shows the last poll when
// shown again.
void TestBlocking::unshownTheTreeCountsAndMergesTheLastPollWhenShown()
{
    BlockingModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto poll = [](std::vector<Session> sessions) { return std::make_shared<const Snapshot>(snapshot(std::move(sessions))); };
    model.follow(poll({session(1), session(2, {1})}));
    QCOMPARE(model.rowCount(), 1);
    model.setShown(false);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // Two more wait, behind 1 and behind a new root 7; then 2 gets its lock.
    model.follow(poll({session(1), session(2, {1}), session(3, {1}), session(7), session(8, {7})}));
    QCOMPARE(model.blockedSessions(), 3);
    QCOMPARE(model.unblocks(session(1).key), 2);
    QCOMPARE(model.unblocks(session(7).key), 1);
    QCOMPARE(model.longestWaitMicros(), 8 * kSecond);
    model.follow(poll({session(1), session(2), session(3, {1}), session(7), session(8, {7})}));
    QCOMPARE(model.blockedSessions(), 2);
    QCOMPARE(model.unblocks(session(1).key), 1);
    QCOMPARE(inserted.count() + removed.count() + changed.count(), 0);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowCount(model.index(0, 0)), 1);
    QCOMPARE(model.index(0, 0, model.index(0, 0)).data(BlockingModel::PidRole).toInt(), 2); // as shown last

    model.setShown(true);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, 0).data(BlockingModel::PidRole).toInt(), 1);
    QCOMPARE(model.rowCount(model.index(0, 0)), 1);
    QCOMPARE(model.index(0, 0, model.index(0, 0)).data(BlockingModel::PidRole).toInt(), 3);
    QCOMPARE(model.index(1, 0).data(BlockingModel::PidRole).toInt(), 7);
    QCOMPARE(model.index(0, 0, model.index(1, 0)).data(BlockingModel::PidRole).toInt(), 8);
    QCOMPARE(model.blockedSessions(), 2);

    // A server removed while the tree is not shown leaves nothing to merge later.
    model.setShown(false);
    model.follow(poll({session(1), session(2, {1})}));
    model.removeServer(1);
    QCOMPARE(model.blockedSessions(), 0);
    model.setShown(true);
    QCOMPARE(model.rowCount(), 0);
}

// Layers of two sessions, each waiting for both of the layer above (shared locks held
// and wanted in turn): every path down is a node, 2^16 of them. The tree stops at its
// bound, every waiter counted, and a chain the bound left out (100 blocks 101) is not
// taken for a cycle.
void TestBlocking::nestedDiamondsStopAtTheNodeBound()
{
    std::vector<Session> sessions{session(1), session(100), session(101, {100})};
    std::vector<int> above{1};
    for (int layer = 0, pid = 2; layer < 16; ++layer) {
        const std::vector<int> blockers = above;
        above.clear();
        for (int k = 0; k < 2; ++k, ++pid) {
            sessions.push_back(session(pid, QVector<int>(blockers.begin(), blockers.end())));
            above.push_back(pid);
        }
    }
    const BlockingForest f = BlockingForest::build(snapshot(sessions));
    QCOMPARE(f.blockedSessions, 33);
    QCOMPARE(int(f.roots.size()), 2); // the two roots; nothing taken for a cycle
    QCOMPARE(f.roots[0].key.pid, 1);
    QCOMPARE(f.roots[1].key.pid, 100);
    QVERIFY(!f.roots[0].cycleTop && !f.roots[1].cycleTop);
    const std::function<int(const BlockingNode &)> count = [&](const BlockingNode &n) {
        int c = 1;
        for (const BlockingNode &child : n.children)
            c += count(child);
        return c;
    };
    const int nodes = count(f.roots[0]);
    QVERIFY2(nodes > 10000 && nodes <= BlockingForest::kMaxNodes + 1, qPrintable(QString::number(nodes)));
    // Left out, and counted so: the second root's waiter (101), and the second session of
    // the first two layers (3 and 5), each reached only after the whole subtree of the
    // first one, which is past the bound (2^15 - 1 and 2^16 - 1 nodes). Those of the
    // deeper layers come after subtrees under the bound.
    QCOMPARE(count(f.roots[1]), 1);
    QCOMPARE(f.leftOut, (std::vector<int>{3, 5, 101}));
    // The counts are of every session held up, shown or not: all 32 of the diamonds
    // under 1 (3 and 5 among them), 101 under 100; the longest waits likewise (a
    // session waits as many seconds as its pid).
    QCOMPARE(f.roots[0].blockedInAll, 32);
    QCOMPARE(f.roots[0].longestWaitMicros, 33 * kSecond);
    QCOMPARE(f.roots[1].blockedDirectly, 1);
    QCOMPARE(f.roots[1].blockedInAll, 1);
    QCOMPARE(f.roots[1].longestWaitMicros, 101 * kSecond);
    // Under the first session of the first layer: the 30 of the layers below it.
    QCOMPARE(f.roots[0].children[0].key.pid, 2);
    QCOMPARE(f.roots[0].children[0].blockedInAll, 30);
    QVERIFY(f.countsWhole); // (a few hundred steps of recount)
    QCOMPARE(cuts(f), cutsOfShape(f, snapshot(sessions)));
    QVERIFY(!f.cutAt.empty());
    const BlockingForest whole = BlockingForest::build(snapshot({session(1), session(5, {1}), session(6, {5})}));
    QVERIFY(whole.leftOut.empty());
    QVERIFY(whole.cutAt.empty());
    QVERIFY(whole.countsWhole);
}

// 3,000 sessions share a lock; a request for it alone waits for all of them, and 2,000
// more wait behind that request. Every holder is a root with 2,001 sessions below: the
// tree stops at its bound after ten of them, and counting below each of the 3,000 would
// take 12 million steps. The recount stops at its own bound (half a million): the holders it
// reached count 2,001 (not only the nine grown whole), the others keep the tree's count
// (0 past the node bound).
void TestBlocking::manyHoldersPastTheBoundAreCountedWithinABound()
{
    std::vector<Session> sessions;
    QVector<int> holders;
    for (int pid = 10000; pid < 13000; ++pid) {
        sessions.push_back(session(pid));
        holders.push_back(pid);
    }
    sessions.push_back(session(20000, holders)); // the request for the lock alone
    for (int pid = 30000; pid < 32000; ++pid)
        sessions.push_back(session(pid, {20000}));
    const BlockingForest f = BlockingForest::build(snapshot(sessions));
    QCOMPARE(f.blockedSessions, 2001);
    QCOMPARE(int(f.roots.size()), 3000);
    QVERIFY(f.leftOut.empty()); // (every waiter is under the first holders)
    const auto counted = std::count_if(f.roots.begin(), f.roots.end(), [](const BlockingNode &r) { return r.blockedInAll == 2001; });
    QVERIFY2(counted > 9 && counted < 3000, qPrintable(QString::number(counted)));
    QCOMPARE(f.roots.front().blockedInAll, 2001);
    QCOMPARE(f.roots.front().longestWaitMicros, 31999 * kSecond);
    QVERIFY(!f.countsWhole); // the recount's bound was reached
    // Cut short, though nothing is left out. The holders are grown in pid order, each with
    // 2,002 nodes (itself, 20000, its 2,000 waiters): nine whole make 18,018; the tenth
    // (10009) and 20000 under it make 18,020, and 1,980 of the waiters reach 20,000. So
    // the tree stops under that 20000, and the 2,990 holders after 10009 are shown alone.
    // Not shown: under 20000, the last 20 of its waiters (31980 to 31999); under each
    // holder after 10009, 20000.
    std::map<int, std::vector<int>> cut;
    for (int pid = 31980; pid < 32000; ++pid)
        cut[20000].push_back(pid);
    for (int pid = 10010; pid < 13000; ++pid)
        cut[pid] = {20000};
    QCOMPARE(cuts(f), cut);
    QCOMPARE(cuts(f), cutsOfShape(f, snapshot(sessions)));
}

// A parallel worker whose leader has no row in the poll (it ended a moment before its
// workers): the worker is shown waiting, as itself (looking its leader up crashed).
void TestBlocking::aWorkerWithoutItsLeaderStandsForItself()
{
    const BlockingForest f = BlockingForest::build(snapshot({session(1), session(5, {1}, 99)}));
    QCOMPARE(shape(f), QStringLiteral("1(5)"));
    QCOMPARE(f.blockedSessions, 1);
    QCOMPARE(f.longestWaitMicros, 5 * kSecond);
}

QTEST_GUILESS_MAIN(TestBlocking)
#include "tst_blocking.moc"

// The ages move at every poll; a cell is signalled (and repainted) only when it reads
// differently, and only that cell: a poll a fifth of a second later changes nothing shown.
void TestBlocking::onlyCellsThatReadDifferentlyAreRepainted()
{
    BlockingModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto at = [](qint64 now) {
        Snapshot s = snapshot({session(1), session(2, {1})});
        s.serverTime = now;
        return s;
    };
    model.applySnapshot(at(kNow));
    const QModelIndex root = model.index(0, 0);
    QCOMPARE(root.siblingAtColumn(BlockingModel::LongestWait).data().toString(), QStringLiteral("2 s"));
    QCOMPARE(root.siblingAtColumn(BlockingModel::TransactionAge).data().toString(), QStringLiteral("1:40"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applySnapshot(at(kNow + kSecond / 5));
    QCOMPARE(changed.count(), 0);
    // A second later both ages read differently: their cells, not the query's or the user's.
    model.applySnapshot(at(kNow + kSecond));
    QVERIFY(!changed.isEmpty());
    for (const QList<QVariant> &signal : changed) {
        const QModelIndex first = signal.at(0).toModelIndex(), last = signal.at(1).toModelIndex();
        QVERIFY2(first.column() >= BlockingModel::LongestWait && last.column() <= BlockingModel::TransactionAge,
                 qPrintable(QStringLiteral("columns %1 to %2").arg(first.column()).arg(last.column())));
    }
    QCOMPARE(root.siblingAtColumn(BlockingModel::LongestWait).data().toString(), QStringLiteral("3 s"));
    QCOMPARE(root.siblingAtColumn(BlockingModel::TransactionAge).data().toString(), QStringLiteral("1:41"));
    // A state that changes is signalled, whatever the clock.
    changed.clear();
    Snapshot active = at(kNow + kSecond);
    active.sessions.edit(0).state = QStringLiteral("active");
    model.applySnapshot(active);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(root.siblingAtColumn(BlockingModel::State).data().toString(), QStringLiteral("active"));
}
