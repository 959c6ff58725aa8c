// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/formatter.h"
#include "models/server_tree_model.h"
#include "models/session_filter_model.h"
#include "models/session_model.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QtTest>

#include <map>
#include <memory>
#include <set>

namespace {

constexpr qint64 kSecond = 1000000;
constexpr qint64 kT0 = qint64(1764000000) * kSecond;

Session makeSession(int pid, const QString &state = QStringLiteral("idle"), qint64 started = kT0, int server = 1)
{
    Session s;
    s.key = {server, pid, started + pid};
    s.databaseOid = 1; // as the snapshots' databases list it: {1, "app"}
    s.database = QStringLiteral("app");
    s.user = QStringLiteral("web");
    s.application = QStringLiteral("shop");
    s.backendType = QStringLiteral("client backend");
    s.state = state;
    s.stateChange = kT0 + 10 * kSecond;
    s.queryStart = kT0 + 10 * kSecond;
    s.query = QStringLiteral("SELECT %1").arg(pid);
    return s;
}

Snapshot makeSnapshot(std::vector<Session> sessions, qint64 serverTime = kT0 + 60 * kSecond, int server = 1)
{
    Snapshot snap;
    snap.server = server;
    snap.serverTime = serverTime;
    snap.sessions = SessionList(std::move(sessions));
    return snap;
}

std::set<int> selectedPids(const QItemSelectionModel &selection)
{
    std::set<int> pids;
    for (const QModelIndex &i : selection.selectedRows())
        pids.insert(i.data(SessionModel::PidRole).toInt());
    return pids;
}

} // namespace

class TestSessionModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void diffReportsInsertRemoveAndChangedColumnsOnly();
    void pollWithoutChangesEmitsNothingStructural();
    void ageColumnsFollowTheServerClock();
    void agesThatShowTheSameAreNotChanged();
    void agesUnderASecondStayAtASecondsPoll();
    void manyChangedRowsAreFewSignals();
    void reusedPidIsANewRow();
    void selectionAndCurrentSurviveChurnAndResort();
    void serversAreIndependent();
    void manyRandomPollsStayConsistent();
    void theTableShowsWhatAFreshStableSortWould_data();
    void theTableShowsWhatAFreshStableSortWould();
    void aPollThatMovesNoRowReportsOnlyItsCells();
    void theServerColumnIsSearchedOnlyWhereItIsShown();
    void formatsDurationsAndClients();
    void aRewoundMomentMarksEndedSessions();
    void sessionsCopiedFromAPollNotAppliedAreCompared();
    void aSessionThePollSharesShowsOnlyItsAgesMove();
    void theTreeCountsWhatHistoryCountsWhenRewound();
    void aFolderSaysAClusterWhoseRestApiIsSilent();
    void databaseNodesKeepTenMinutesOfSparkline();
    void theTallyCountsEachDatabasesClientSessions();
    void allRolesAtOnceAreEachRoleAlone();
};

void TestSessionModel::diffReportsInsertRemoveAndChangedColumnsOnly()
{
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applySnapshot(makeSnapshot({makeSession(1), makeSession(2), makeSession(3), makeSession(4)}));
    QCOMPARE(model.rowCount(), 4);

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    Session three = makeSession(3, QStringLiteral("active"));
    three.stateChange = kT0 + 10 * kSecond; // same moment: only the state text differs
    model.applySnapshot(makeSnapshot({makeSession(1), three, makeSession(4), makeSession(5)}));

    QCOMPARE(reset.count(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 1); // pid 2 was row 1
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(changed.count(), 1);
    const QModelIndex topLeft = changed.at(0).at(0).value<QModelIndex>();
    const QModelIndex bottomRight = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft.column(), int(SessionModel::State));
    QCOMPARE(bottomRight.column(), int(SessionModel::State));
    QCOMPARE(topLeft.row(), model.rowOf(three.key));
    QCOMPARE(bottomRight.row(), topLeft.row());
    QCOMPARE(model.index(model.rowOf(three.key), SessionModel::State).data().toString(), QStringLiteral("active"));
    QCOMPARE(model.rowOf(makeSession(2).key), -1);
    QVERIFY(model.rowOf(makeSession(5).key) >= 0);
}

void TestSessionModel::pollWithoutChangesEmitsNothingStructural()
{
    SessionModel model;
    model.applySnapshot(makeSnapshot({makeSession(1), makeSession(2)}));
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applySnapshot(makeSnapshot({makeSession(2), makeSession(1)}));
    QCOMPARE(removed.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(changed.count(), 0);
}

void TestSessionModel::ageColumnsFollowTheServerClock()
{
    SessionModel model;
    model.applySnapshot(makeSnapshot({makeSession(1), makeSession(2), makeSession(3)}, kT0 + 70 * kSecond));
    QCOMPARE(model.index(0, SessionModel::StateDuration).data().toString(), QStringLiteral("1:00"));
    QCOMPARE(model.index(0, SessionModel::StateDuration).data(SessionModel::SortRole).toLongLong(), 60 * kSecond);
    QCOMPARE(model.index(0, SessionModel::TransactionAge).data().toString(), QString()); // no transaction

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applySnapshot(makeSnapshot({makeSession(1), makeSession(2), makeSession(3)}, kT0 + 3735 * kSecond));
    // The clock moved: one signal for each age column of the three rows that shows a time;
    // the transaction age, empty before and after, is not said to change.
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model.index(0, SessionModel::StateDuration));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), model.index(2, SessionModel::StateDuration));
    QCOMPARE(changed.at(1).at(0).value<QModelIndex>(), model.index(0, SessionModel::QueryAge));
    QCOMPARE(changed.at(1).at(1).value<QModelIndex>(), model.index(2, SessionModel::QueryAge));
    QCOMPARE(model.index(0, SessionModel::StateDuration).data().toString(), QStringLiteral("1:02:05"));
}

void TestSessionModel::agesThatShowTheSameAreNotChanged()
{
    // Polls under a second apart (a refresh key, a short interval): an age shown in whole
    // seconds that still reads the same is neither repainted nor announced.
    SessionModel model;
    model.setAgeThresholds(60, 600);
    Session young = makeSession(1, QStringLiteral("active"));
    young.stateChange = young.queryStart = young.xactStart = kT0;
    Session old = makeSession(2, QStringLiteral("active"));
    old.stateChange = old.queryStart = old.xactStart = kT0 - 50 * kSecond;
    model.applySnapshot(makeSnapshot({young, old}, kT0 + 9 * kSecond + 100000));
    QCOMPARE(model.index(0, SessionModel::QueryAge).data().toString(), QStringLiteral("9 s"));
    QCOMPARE(model.index(1, SessionModel::QueryAge).data().toString(), QStringLiteral("59 s"));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applySnapshot(makeSnapshot({young, old}, kT0 + 9 * kSecond + 600000));
    QCOMPARE(changed.count(), 0); // 9 s and 59 s still
    QCOMPARE(model.index(1, SessionModel::QueryAge).data(SessionModel::SortRole).toLongLong(), 59 * kSecond + 600000);

    // 0.5 s later both read a second more, and the old one passes the warning threshold.
    model.applySnapshot(makeSnapshot({young, old}, kT0 + 10 * kSecond + 100000));
    QCOMPARE(changed.count(), 1); // both rows, the three age columns
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model.index(0, SessionModel::StateDuration));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), model.index(1, SessionModel::QueryAge));
    QCOMPARE(model.index(0, SessionModel::QueryAge).data().toString(), QStringLiteral("10 s"));
    QCOMPARE(model.index(1, SessionModel::QueryAge).data().toString(), QStringLiteral("1:00"));
    QVERIFY(model.index(1, SessionModel::QueryAge).data(Qt::BackgroundRole).isValid());
    QVERIFY(!model.index(0, SessionModel::QueryAge).data(Qt::BackgroundRole).isValid());
    // The colour in words, for a screen reader and in the tooltip.
    QCOMPARE(model.index(1, SessionModel::QueryAge).data(Qt::AccessibleDescriptionRole).toString(), QStringLiteral("Past the warning threshold (1:00)"));
    QCOMPARE(model.index(1, SessionModel::QueryAge).data(Qt::ToolTipRole).toString(), QStringLiteral("Past the warning threshold (1:00)"));
    QVERIFY(model.index(0, SessionModel::QueryAge).data(Qt::AccessibleDescriptionRole).toString().isEmpty());
    model.setAgeThresholds(30, 55);
    QCOMPARE(model.index(1, SessionModel::QueryAge).data(Qt::AccessibleDescriptionRole).toString(), QStringLiteral("Past the critical threshold (55 s)"));
    model.setAgeThresholds(60, 600);

    // The old one's query ends within the same second: idle now, its query age keeps its
    // text (query_start stays) but loses its colour, and is said to change.
    changed.clear();
    Session ended = old;
    ended.state = QStringLiteral("idle");
    ended.stateChange = kT0 + 10 * kSecond + 200000;
    model.applySnapshot(makeSnapshot({young, ended}, kT0 + 10 * kSecond + 300000));
    QCOMPARE(model.index(1, SessionModel::QueryAge).data().toString(), QStringLiteral("1:00"));
    QVERIFY(!model.index(1, SessionModel::QueryAge).data(Qt::BackgroundRole).isValid());
    QVERIFY(model.index(1, SessionModel::QueryAge).data(Qt::AccessibleDescriptionRole).toString().isEmpty());
    bool queryAgeReported = false;
    for (const QList<QVariant> &args : std::as_const(changed)) {
        const QModelIndex from = args.at(0).value<QModelIndex>(), to = args.at(1).value<QModelIndex>();
        queryAgeReported |= from.row() <= 1 && to.row() >= 1 && from.column() <= SessionModel::QueryAge && to.column() >= SessionModel::QueryAge;
    }
    QVERIFY(queryAgeReported);
}

void TestSessionModel::agesUnderASecondStayAtASecondsPoll()
{
    // Polls a second and more apart: an age of a second or more has moved, one still under
    // a second (begun between the polls, or after the last poll's clock) reads "0 s" at
    // both and is not changed.
    SessionModel model;
    model.setAgeThresholds(60, 600);
    Session begun = makeSession(1, QStringLiteral("active"));
    begun.stateChange = begun.queryStart = begun.xactStart = kT0 + 500000; // after the first poll's clock
    Session older = makeSession(2, QStringLiteral("active"));
    older.stateChange = older.queryStart = older.xactStart = kT0 - 500000;
    model.applySnapshot(makeSnapshot({begun, older}, kT0));
    QCOMPARE(model.index(0, SessionModel::QueryAge).data().toString(), QStringLiteral("0 s"));
    QCOMPARE(model.index(1, SessionModel::QueryAge).data().toString(), QStringLiteral("0 s"));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applySnapshot(makeSnapshot({begun, older}, kT0 + 1200000));
    QCOMPARE(model.index(0, SessionModel::QueryAge).data().toString(), QStringLiteral("0 s"));
    QCOMPARE(model.index(1, SessionModel::QueryAge).data().toString(), QStringLiteral("1 s"));
    QCOMPARE(changed.count(), 1); // the older one's three ages
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model.index(1, SessionModel::StateDuration));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), model.index(1, SessionModel::QueryAge));

    // Five seconds on: both.
    changed.clear();
    model.applySnapshot(makeSnapshot({begun, older}, kT0 + 6200000));
    QCOMPARE(model.index(0, SessionModel::QueryAge).data().toString(), QStringLiteral("5 s"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model.index(0, SessionModel::StateDuration));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), model.index(1, SessionModel::QueryAge));
}

void TestSessionModel::manyChangedRowsAreFewSignals()
{
    // A thousand sessions of different kinds in turn (idle, in a transaction, running), all
    // their ages a second older at the next poll: a few signals that cover every cell that
    // reads otherwise, not one per run of alike rows.
    SessionModel model;
    std::vector<Session> sessions;
    for (int i = 0; i < 1000; ++i) {
        Session s = makeSession(100 + i, i % 3 == 0 ? QStringLiteral("idle") : i % 3 == 1 ? QStringLiteral("idle in transaction") : QStringLiteral("active"));
        s.stateChange = kT0 - i * kSecond;
        s.xactStart = i % 3 == 0 ? kNoTime : kT0 - i * kSecond;
        s.queryStart = kT0 - i * kSecond;
        sessions.push_back(s);
    }
    model.applySnapshot(makeSnapshot(sessions, kT0 + kSecond / 2));
    std::vector<QStringList> before;
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList texts;
        for (int c = 0; c < model.columnCount(); ++c)
            texts << model.index(r, c).data().toString();
        before.push_back(texts);
    }
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    sessions[500].state = QStringLiteral("idle in transaction (aborted)"); // and one row's state
    model.applySnapshot(makeSnapshot(sessions, kT0 + 3 * kSecond / 2));
    QVERIFY2(changed.count() <= 4, qPrintable(QString::number(changed.count())));
    // The ages as a few spans; any other column exactly (the proxy filters and sorts again
    // every row a signal names): the state of that one row.
    for (const QList<QVariant> &args : std::as_const(changed)) {
        const QModelIndex from = args.at(0).value<QModelIndex>(), to = args.at(1).value<QModelIndex>();
        if (from.column() <= SessionModel::State && to.column() >= SessionModel::State)
            QVERIFY2(from.row() == 500 && to.row() == 500, qPrintable(QStringLiteral("rows %1 to %2").arg(from.row()).arg(to.row())));
    }
    int cellsThatReadOtherwise = 0;
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c) {
            if (model.index(r, c).data().toString() == before[size_t(r)][c])
                continue;
            ++cellsThatReadOtherwise;
            bool covered = false;
            for (const QList<QVariant> &args : std::as_const(changed)) {
                const QModelIndex from = args.at(0).value<QModelIndex>(), to = args.at(1).value<QModelIndex>();
                covered |= from.row() <= r && to.row() >= r && from.column() <= c && to.column() >= c;
            }
            QVERIFY2(covered, qPrintable(QStringLiteral("row %1, column %2").arg(r).arg(c)));
        }
    }
    QVERIFY(cellsThatReadOtherwise >= 2001); // every state age and query age, the transactions', a state
    QCOMPARE(model.lastApplyStats().changedRows, 1000);
}

void TestSessionModel::reusedPidIsANewRow()
{
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Session first = makeSession(7);
    model.applySnapshot(makeSnapshot({makeSession(1), first}));
    QPersistentModelIndex oldRow = model.index(model.rowOf(first.key), 0);

    Session reused = makeSession(7);
    reused.key.backendStart = first.key.backendStart + 5 * kSecond; // same pid, another backend
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.applySnapshot(makeSnapshot({makeSession(1), reused}));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QVERIFY(!oldRow.isValid());
    QCOMPARE(model.rowOf(first.key), -1);
    QVERIFY(model.rowOf(reused.key) >= 0);
    QCOMPARE(model.rowCount(), 2);
}

void TestSessionModel::selectionAndCurrentSurviveChurnAndResort()
{
    SessionModel model;
    SessionFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(SessionModel::StateDuration, Qt::DescendingOrder);

    auto withChange = [](int pid, qint64 changedAt) {
        Session s = makeSession(pid);
        s.stateChange = changedAt;
        return s;
    };
    std::vector<Session> first;
    for (int pid = 1; pid <= 10; ++pid)
        first.push_back(withChange(pid, kT0 + pid * kSecond)); // pid 1 longest in state: on top
    model.applySnapshot(makeSnapshot(first));

    QItemSelectionModel selection(&proxy);
    auto proxyRowOf = [&](int pid) {
        return proxy.mapFromSource(model.index(model.rowOf(makeSession(pid).key), 0)).row();
    };
    for (int pid : {3, 5, 8})
        selection.select(proxy.index(proxyRowOf(pid), 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    selection.setCurrentIndex(proxy.index(proxyRowOf(5), SessionModel::State), QItemSelectionModel::NoUpdate);
    QCOMPARE(selectedPids(selection), (std::set<int>{3, 5, 8}));
    const int rowOf5Before = proxyRowOf(5);

    // Rows above and below go, new ones arrive, and the order flips: pid 10 now longest.
    std::vector<Session> second;
    for (int pid : {2, 3, 5, 6, 8, 10, 11, 12, 13})
        second.push_back(withChange(pid, kT0 + (20 - pid) * kSecond));
    QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);
    model.applySnapshot(makeSnapshot(second));
    QVERIFY(layout.count() > 0); // the proxy really re-sorted
    QVERIFY(proxyRowOf(5) != rowOf5Before);

    QCOMPARE(selectedPids(selection), (std::set<int>{3, 5, 8}));
    QCOMPARE(selection.currentIndex().data(SessionModel::PidRole).toInt(), 5);
    QCOMPARE(selection.currentIndex().column(), int(SessionModel::State));
    QCOMPARE(proxy.index(0, 0).data(SessionModel::PidRole).toInt(), 13);

    // The current session ends: no row is current, the others stay selected.
    std::vector<Session> third;
    for (int pid : {2, 3, 6, 8, 10, 11, 12, 13})
        third.push_back(withChange(pid, kT0 + (20 - pid) * kSecond));
    model.applySnapshot(makeSnapshot(third));
    QCOMPARE(selectedPids(selection), (std::set<int>{3, 8}));
    QVERIFY(!selection.currentIndex().isValid());
}

void TestSessionModel::serversAreIndependent()
{
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applySnapshot(makeSnapshot({makeSession(1, QStringLiteral("idle"), kT0, 1), makeSession(2, QStringLiteral("idle"), kT0, 1)}));
    model.applySnapshot(makeSnapshot({makeSession(1, QStringLiteral("active"), kT0, 2)}, kT0 + 60 * kSecond, 2));
    QCOMPARE(model.rowCount(), 3);
    // Same pid and start on two servers: two rows.
    QVERIFY(model.rowOf(makeSession(1, QStringLiteral("idle"), kT0, 1).key) != model.rowOf(makeSession(1, QStringLiteral("idle"), kT0, 2).key));
    model.applySnapshot(makeSnapshot({}, kT0 + 61 * kSecond, 2));
    QCOMPARE(model.rowCount(), 2);
    model.removeServer(1);
    QCOMPARE(model.rowCount(), 0);
}

void TestSessionModel::manyRandomPollsStayConsistent()
{
    SessionModel model;
    SessionFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(SessionModel::State);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QRandomGenerator rng(42);
    const QStringList states = {QStringLiteral("idle"), QStringLiteral("active"), QStringLiteral("idle in transaction")};
    std::set<int> live;
    for (int poll = 0; poll < 30; ++poll) {
        std::vector<Session> sessions;
        for (int pid = 1; pid <= 200; ++pid) {
            if (rng.bounded(10) == 0)
                continue; // about 10 % churn each poll
            sessions.push_back(makeSession(pid, states.at(int(rng.bounded(3)))));
        }
        live.clear();
        for (const Session &s : sessions)
            live.insert(s.key.pid);
        model.applySnapshot(makeSnapshot(sessions, kT0 + poll * kSecond));
        QCOMPARE(model.rowCount(), int(sessions.size()));
        // Each session is found by its key at its own row, after removals moved the rows
        // below them up (and keys that come back get a row again).
        for (const Session &s : sessions) {
            const int row = model.rowOf(s.key);
            QVERIFY(row >= 0);
            QCOMPARE(model.index(row, SessionModel::Pid).data(SessionModel::PidRole).toInt(), s.key.pid);
            QCOMPARE(model.index(row, SessionModel::State).data().toString(), s.state);
        }
        for (int pid = 1; pid <= 200; ++pid) {
            if (!live.count(pid))
                QCOMPARE(model.rowOf(makeSession(pid).key), -1);
        }
    }
}

void TestSessionModel::theTableShowsWhatAFreshStableSortWould_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<QString>("filter"); // "", "hide idle", "text", "blocked"
    QTest::newRow("state") << int(SessionModel::State) << false << QString();
    QTest::newRow("state, hide idle") << int(SessionModel::State) << false << QStringLiteral("hide idle");
    QTest::newRow("user descending (case apart)") << int(SessionModel::User) << true << QString();
    QTest::newRow("time in state (every age moves)") << int(SessionModel::StateDuration) << false << QString();
    QTest::newRow("pid descending, text") << int(SessionModel::Pid) << true << QStringLiteral("text");
    QTest::newRow("blocked by, only locks") << int(SessionModel::BlockedBy) << false << QStringLiteral("blocked");
    QTest::newRow("unsorted") << -1 << false << QString();
}

void TestSessionModel::theTableShowsWhatAFreshStableSortWould()
{
    QFETCH(int, column);
    QFETCH(bool, descending);
    QFETCH(QString, filter);
    SessionModel model;
    SessionFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(column, descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    proxy.setHideIdle(filter == QLatin1String("hide idle"));
    proxy.setText(filter == QLatin1String("text") ? QStringLiteral("ALI") : QString());
    proxy.setOnlyBlockedOrBlocking(filter == QLatin1String("blocked"));

    // What the table should show, worked out from the model alone for each poll: the rows
    // that pass, in the source's order, stable-sorted by the sort role (text without case).
    const auto expected = [&] {
        std::vector<int> rows;
        for (int r = 0; r < model.rowCount(); ++r) {
            const Session &s = model.session(r);
            if (filter == QLatin1String("hide idle") && s.state == QLatin1String("idle"))
                continue;
            if (filter == QLatin1String("blocked") && s.blockedBy.isEmpty() && model.blocking(1, s.key.pid).isEmpty())
                continue;
            if (filter == QLatin1String("text") && !s.user.contains(QLatin1String("ali"), Qt::CaseInsensitive))
                continue;
            rows.push_back(r);
        }
        if (column >= 0) {
            std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
                const QVariant x = model.index(a, column).data(SessionModel::SortRole), y = model.index(b, column).data(SessionModel::SortRole);
                const int c = x.userType() == QMetaType::QString ? x.toString().compare(y.toString(), Qt::CaseInsensitive)
                                                                  : (x.toLongLong() > y.toLongLong()) - (x.toLongLong() < y.toLongLong());
                return descending ? c > 0 : c < 0;
            });
        }
        std::vector<int> pids;
        for (int r : rows)
            pids.push_back(model.session(r).key.pid);
        return pids;
    };
    const auto shown = [&] {
        std::vector<int> pids;
        for (int r = 0; r < proxy.rowCount(); ++r)
            pids.push_back(proxy.index(r, 0).data(SessionModel::PidRole).toInt());
        return pids;
    };

    QRandomGenerator rng(7);
    const QStringList states = {QStringLiteral("idle"), QStringLiteral("active"), QStringLiteral("idle in transaction")};
    const QStringList users = {QStringLiteral("alice"), QStringLiteral("Alice"), QStringLiteral("bob"), QStringLiteral("carol")};
    std::map<int, Session> live;
    int nextPid = 1;
    int checkedNonEmpty = 0;
    for (int poll = 0; poll < 40; ++poll) {
        // About 10 % churn: some end, some arrive, some change state, user or wait.
        for (auto it = live.begin(); it != live.end();) {
            const quint32 roll = rng.bounded(30);
            if (roll == 0) {
                it = live.erase(it);
                continue;
            }
            if (roll == 1) {
                it->second.state = states.at(int(rng.bounded(3)));
                it->second.stateChange = kT0 + poll * kSecond;
            }
            if (roll == 2)
                it->second.blockedBy = it->second.blockedBy.isEmpty() ? QList<int>{int(rng.bounded(quint32(nextPid))) + 1} : QList<int>{};
            ++it;
        }
        while (live.size() < 120 + size_t(rng.bounded(20))) {
            Session s = makeSession(nextPid++, states.at(int(rng.bounded(3))));
            s.user = users.at(int(rng.bounded(4)));
            s.stateChange = kT0 + rng.bounded(40) * kSecond;
            live.emplace(s.key.pid, s);
        }
        std::vector<Session> sessions;
        for (const auto &[pid, session] : live)
            sessions.push_back(session);
        // The poll's order is the server's, not the pids': shuffle it a little.
        for (size_t i = 0; i + 1 < sessions.size(); i += 2) {
            if (rng.bounded(2))
                std::swap(sessions[i], sessions[i + 1]);
        }
        model.applySnapshot(makeSnapshot(sessions, kT0 + (60 + poll) * kSecond));
        const std::vector<int> want = expected();
        QCOMPARE(shown(), want);
        checkedNonEmpty += !want.empty();
    }
    QVERIFY(checkedNonEmpty > 30); // the filters leave rows to compare
}

void TestSessionModel::aPollThatMovesNoRowReportsOnlyItsCells()
{
    SessionModel model;
    SessionFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(SessionModel::Pid);
    std::vector<Session> sessions;
    for (int pid = 1; pid <= 50; ++pid)
        sessions.push_back(makeSession(pid));
    model.applySnapshot(makeSnapshot(sessions));
    QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy cells(&proxy, &QAbstractItemModel::dataChanged);

    // Same sessions, pid 7 active: its state (and every age, the clock moved) changed.
    sessions[6].state = QStringLiteral("active");
    model.applySnapshot(makeSnapshot(sessions, kT0 + 61 * kSecond));
    QCOMPARE(layouts.count(), 0);
    bool stateOf7 = false;
    for (const QList<QVariant> &signal : cells) {
        const auto from = signal.at(0).value<QModelIndex>(), to = signal.at(1).value<QModelIndex>();
        QVERIFY(from.column() > SessionModel::State || to.column() < SessionModel::State || (from.row() == 6 && to.row() == 6));
        stateOf7 = stateOf7 || (from.row() == 6 && from.column() <= SessionModel::State && to.column() >= SessionModel::State);
    }
    QVERIFY(stateOf7);

    // One ends and one arrives: the rows shown change, as one layout change.
    sessions.erase(sessions.begin() + 10);
    sessions.push_back(makeSession(51));
    model.applySnapshot(makeSnapshot(sessions, kT0 + 62 * kSecond));
    QCOMPARE(layouts.count(), 1);
    QCOMPARE(proxy.rowCount(), 50);
    QCOMPARE(proxy.index(10, 0).data(SessionModel::PidRole).toInt(), 12);
    QCOMPARE(proxy.index(49, 0).data(SessionModel::PidRole).toInt(), 51);

    // Only the clock moved: the same rows in the same places, the ages passed on as cells.
    const auto shown = [&] {
        std::vector<int> pids;
        for (int r = 0; r < proxy.rowCount(); ++r)
            pids.push_back(proxy.index(r, 0).data(SessionModel::PidRole).toInt());
        return pids;
    };
    const std::vector<int> before = shown();
    cells.clear();
    model.applySnapshot(makeSnapshot(sessions, kT0 + 63 * kSecond));
    QCOMPARE(layouts.count(), 1);
    QCOMPARE(shown(), before);
    QVERIFY(std::any_of(cells.begin(), cells.end(), [](const QList<QVariant> &signal) {
        return signal.at(0).value<QModelIndex>().column() <= SessionModel::StateDuration
               && signal.at(1).value<QModelIndex>().column() >= SessionModel::StateDuration;
    }));
    // A search reads the ages: when only the clock moves, the rows it finds change.
    const QString inState = proxy.index(0, SessionModel::StateDuration).data().toString();
    model.applySnapshot(makeSnapshot(sessions, kT0 + 64 * kSecond));
    const QString later = proxy.index(0, SessionModel::StateDuration).data().toString();
    QVERIFY2(later != inState, qPrintable(later));
    proxy.setText(inState);
    QCOMPARE(proxy.rowCount(), 0);
    model.applySnapshot(makeSnapshot(sessions, kT0 + 63 * kSecond)); // (the server's clock back a second)
    QCOMPARE(proxy.rowCount(), 50);
    model.applySnapshot(makeSnapshot(sessions, kT0 + 64 * kSecond));
    QCOMPARE(proxy.rowCount(), 0);
}

void TestSessionModel::theServerColumnIsSearchedOnlyWhereItIsShown()
{
    SessionModel model;
    model.applySnapshot(makeSnapshot({makeSession(1), makeSession(2)}));
    model.applySnapshot(makeSnapshot({makeSession(3, QStringLiteral("idle"), kT0, 2)}, kT0 + 60 * kSecond, 2));
    SessionFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.setText(QStringLiteral("server 2"));
    // Every server shown (All servers): the Server column is there and matches.
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data(SessionModel::PidRole).toInt(), 3);
    // One server: no Server column, so its name matches no row of it.
    proxy.setScope(2, QString());
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setText(QStringLiteral("SELECT 3"));
    QCOMPARE(proxy.rowCount(), 1);
}

void TestSessionModel::formatsDurationsAndClients()
{
    QCOMPARE(format::duration(kNoTime), QString());
    QCOMPARE(format::duration(59 * kSecond), QStringLiteral("59 s"));
    QCOMPARE(format::duration(61 * kSecond), QStringLiteral("1:01"));
    QCOMPARE(format::duration((2 * 86400 + 3 * 3600 + 4 * 60 + 5) * kSecond), QStringLiteral("2 d 03:04:05"));
    Session s = makeSession(1);
    s.clientPort = -1;
    QCOMPARE(format::client(s), QStringLiteral("local socket"));
    s.clientPort = 5000;
    s.clientAddress = QStringLiteral("10.1.2.3");
    QCOMPARE(format::client(s), QStringLiteral("10.1.2.3:5000"));
    s.clientAddress = QStringLiteral("::1");
    QCOMPARE(format::client(s), QStringLiteral("[::1]:5000"));
    s.clientHostname = QStringLiteral("web1.example");
    QCOMPARE(format::client(s), QStringLiteral("web1.example:5000"));
    s.clientPort = 0;
    s.clientAddress.clear();
    s.clientHostname.clear();
    QCOMPARE(format::client(s), QString()); // background process
}

void TestSessionModel::aRewoundMomentMarksEndedSessions()
{
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Snapshot past = makeSnapshot({makeSession(1, QStringLiteral("active")), makeSession(2, QStringLiteral("active"))});
    past.historyAtMs = 1000;
    past.endedSince = {makeSession(2).key};
    past.endedSince.front().server = 0; // as history keeps it: the server is the one shown
    model.applySnapshot(past);
    const auto rowOf = [&](int pid) {
        for (int r = 0; r < model.rowCount(); ++r) {
            if (model.index(r, 0).data(SessionModel::PidRole).toInt() == pid)
                return r;
        }
        return -1;
    };
    QVERIFY(!model.index(rowOf(1), 0).data(SessionModel::EndedRole).toBool());
    QVERIFY(model.index(rowOf(2), 0).data(SessionModel::EndedRole).toBool());
    QCOMPARE(model.index(rowOf(2), SessionModel::State).data().toString(), QStringLiteral("active (ended since)"));
    QVERIFY(model.index(rowOf(2), SessionModel::User).data(Qt::ForegroundRole).isValid()); // greyed in every column
    QVERIFY(!model.index(rowOf(1), SessionModel::User).data(Qt::ForegroundRole).isValid());
    // Live again: no mark.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applySnapshot(makeSnapshot({makeSession(1, QStringLiteral("active")), makeSession(2, QStringLiteral("active"))}));
    QVERIFY(!model.index(rowOf(2), 0).data(SessionModel::EndedRole).toBool());
    QCOMPARE(model.index(rowOf(2), SessionModel::State).data().toString(), QStringLiteral("active"));
    QVERIFY(changed.count() > 0);
}

void TestSessionModel::aSessionThePollSharesShowsOnlyItsAgesMove()
{
    // A poll holds the sessions it read the same as the last poll as that poll held them
    // (shared): the row shows the same reading, a second older, and the model still holds
    // it when both polls are gone.
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Session busy = makeSession(1, QStringLiteral("active"));
    busy.query = QStringLiteral("UPDATE stock SET n = n - 1");
    auto one = std::make_unique<Snapshot>(makeSnapshot({busy, makeSession(2)}));
    model.applySnapshot(*one);
    const int row = model.rowOf(busy.key);
    QCOMPARE(model.index(row, SessionModel::QueryAge).data().toString(), QStringLiteral("50 s"));

    auto two = std::make_unique<Snapshot>();
    two->server = 1;
    two->serverTime = one->serverTime + kSecond;
    two->sessions.push_back(one->sessions.shared(0));
    two->sessions.push_back(one->sessions.shared(1));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.applySnapshot(*two);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QVERIFY(!changed.isEmpty());
    for (const QList<QVariant> &signal : std::as_const(changed)) {
        const int from = signal.at(0).toModelIndex().column(), to = signal.at(1).toModelIndex().column();
        QVERIFY2(from >= SessionModel::StateDuration && to <= SessionModel::QueryAge,
                 qPrintable(QStringLiteral("columns %1 to %2 reported changed").arg(from).arg(to)));
    }
    one.reset();
    two.reset();
    QCOMPARE(model.index(row, SessionModel::QueryAge).data().toString(), QStringLiteral("51 s"));
    QCOMPARE(model.index(row, SessionModel::Query).data().toString(), busy.query);
    QCOMPARE(model.index(row, SessionModel::State).data().toString(), QStringLiteral("active"));
    QCOMPARE(model.session(model.rowOf(makeSession(2).key)).query, QStringLiteral("SELECT 2"));
}

// A poll's unchanged sessions are copied from the poll before; the model skips comparing
// them only when it applied that poll last. Here it applied something else in between (a
// moment of history, or nothing: a poll it never saw), and must still show what the poll
// says.
void TestSessionModel::sessionsCopiedFromAPollNotAppliedAreCompared()
{
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto live = [](quint64 sequence, quint64 from, qint64 at) {
        Snapshot s = makeSnapshot({makeSession(1, QStringLiteral("active")), makeSession(2)}, at);
        s.sequence = sequence;
        s.unchangedFrom = from;
        s.unchangedSessions = from ? 1 : 0; // session 2, idle, the last one
        return s;
    };
    const auto rowOf = [&](int pid) {
        for (int r = 0; r < model.rowCount(); ++r) {
            if (model.index(r, 0).data(SessionModel::PidRole).toInt() == pid)
                return r;
        }
        return -1;
    };
    const auto cellOf = [&](int pid, int column) { return model.index(rowOf(pid), column).data().toString(); };
    const auto stateOf = [&](int pid) { return cellOf(pid, SessionModel::State); };
    model.applySnapshot(live(1, 0, kT0 + 60 * kSecond));
    QCOMPARE(cellOf(2, SessionModel::StateDuration), QStringLiteral("50 s"));
    {
        // The poll right after the one applied: its copy of session 2 is taken as the row
        // has it, not compared (a copy that differed, which the reader never makes, is not
        // seen), and its ages move with the server's clock.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        Snapshot two = live(2, 1, kT0 + 61 * kSecond);
        two.sessions.editBack().query = QStringLiteral("SELECT 'not compared'");
        model.applySnapshot(two);
        QCOMPARE(stateOf(2), QStringLiteral("idle"));
        QCOMPARE(cellOf(2, SessionModel::Query), QStringLiteral("SELECT 2"));
        QCOMPARE(cellOf(2, SessionModel::StateDuration), QStringLiteral("51 s"));
        const QModelIndex age = model.index(rowOf(2), SessionModel::StateDuration);
        QVERIFY(std::any_of(changed.cbegin(), changed.cend(), [&](const QList<QVariant> &signal) {
            const auto from = signal.at(0).toModelIndex(), to = signal.at(1).toModelIndex();
            return from.row() <= age.row() && age.row() <= to.row() && from.column() <= age.column() && age.column() <= to.column();
        }));
    }

    // A moment of history in which session 2 was active, then live again.
    Snapshot past = makeSnapshot({makeSession(1, QStringLiteral("active")), makeSession(2, QStringLiteral("active"))});
    past.historyAtMs = 1000;
    model.applySnapshot(past);
    QCOMPARE(stateOf(2), QStringLiteral("active"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applySnapshot(live(3, 2, kT0 + 62 * kSecond));
    QCOMPARE(stateOf(2), QStringLiteral("idle"));
    QVERIFY(!changed.isEmpty());

    // A poll the model never saw (4) between the one it applied (3) and the next (5): what
    // 5 copied from 4 is compared, and 4 had the session changed (its query).
    Snapshot five = live(5, 4, kT0 + 63 * kSecond);
    five.sessions.editBack().query = QStringLiteral("SELECT 'four'");
    model.applySnapshot(five);
    QVERIFY(rowOf(2) >= 0);
    QCOMPARE(cellOf(2, SessionModel::Query), QStringLiteral("SELECT 'four'"));
}

void TestSessionModel::theTreeCountsWhatHistoryCountsWhenRewound()
{
    ServerTreeModel tree;
    tree.addServer(1, QStringLiteral("db1"), false);
    Snapshot past = makeSnapshot({makeSession(1, QStringLiteral("active"))});
    past.databases = {{1, QStringLiteral("app"), true}};
    past.historyAtMs = 1000;
    past.idlePerDatabase = {{QStringLiteral("app"), 7}};
    past.hiddenPerDatabase = {{QStringLiteral("app"), 2}};
    tree.applySnapshot(past);
    const QModelIndex app = tree.databaseIndex(1, QStringLiteral("app"));
    QCOMPARE(app.data(ServerTreeModel::TotalRole).toInt(), 10); // 1 active, 7 idle, 2 hidden
    QCOMPARE(app.data(ServerTreeModel::ActiveRole).toInt(), 1);
    QVERIFY2(app.data().toString().contains(QLatin1String("2 hidden")), qPrintable(app.data().toString()));
}

void TestSessionModel::aFolderSaysAClusterWhoseRestApiIsSilent()
{
    // A folder shows the worst state inside it. A Patroni cluster whose REST API does not
    // answer may have no member known to count; collapsed in its folder, it would be
    // hidden behind a folder that looks well.
    ServerTreeModel tree;
    tree.addServer(1, QStringLiteral("db1"), false, {}, QStringLiteral("prod"));
    tree.addServer(2, QStringLiteral("db2"), false);
    tree.setCluster(QStringLiteral("c1"), QStringLiteral("orders"), QStringLiteral("prod"), QStringLiteral("no answer within 5 s"));
    const auto folder = [&tree] { return tree.groupIndex(QStringLiteral("prod")); };
    QVERIFY(folder().isValid());
    QCOMPARE(folder().data(ServerTreeModel::StateRole).toInt(), int(ServerStatus::Error));
    QCOMPARE(folder().data(ServerTreeModel::IconRole).toInt(), int(ServerTreeModel::ErrorIcon));
    QVERIFY2(folder().data().toString().endsWith(QStringLiteral(" — 1 Patroni cluster(s) not answering")), qPrintable(folder().data().toString()));
    const QModelIndex all = tree.allServersIndex();
    QCOMPARE(all.data(ServerTreeModel::IconRole).toInt(), int(ServerTreeModel::ErrorIcon));
    QVERIFY2(all.data().toString().contains(QLatin1String("1 Patroni cluster(s) not answering")), qPrintable(all.data().toString()));
    QCOMPARE(tree.clusterIndex(QStringLiteral("c1")).data(ServerTreeModel::IconRole).toInt(), int(ServerTreeModel::ErrorIcon));
    // It answers again: the folder and All servers are well again.
    tree.setCluster(QStringLiteral("c1"), QStringLiteral("orders"), QStringLiteral("prod"));
    QCOMPARE(folder().data(ServerTreeModel::StateRole).toInt(), int(ServerStatus::Connected));
    QVERIFY(folder().data(ServerTreeModel::IconRole).toInt() != int(ServerTreeModel::ErrorIcon));
    QVERIFY2(!folder().data().toString().contains(QLatin1String("not answering")), qPrintable(folder().data().toString()));
    QVERIFY(tree.allServersIndex().data(ServerTreeModel::IconRole).toInt() != int(ServerTreeModel::ErrorIcon));
    // Out of the folder, at the top: All servers still says it, the folder no more.
    tree.setCluster(QStringLiteral("c1"), QStringLiteral("orders"), QString(), QStringLiteral("HTTP 503"));
    QVERIFY(!folder().data().toString().contains(QLatin1String("not answering")));
    QVERIFY2(tree.allServersIndex().data().toString().contains(QLatin1String("1 Patroni cluster(s) not answering")),
             qPrintable(tree.allServersIndex().data().toString()));
}

void TestSessionModel::databaseNodesKeepTenMinutesOfSparkline()
{
    ServerTreeModel tree;
    tree.addServer(1, QStringLiteral("db1"), false);
    std::vector<Session> sessions;
    Snapshot snap = makeSnapshot({});
    snap.databases = {{1, QStringLiteral("app"), true}};
    tree.applySnapshot(snap);
    const QModelIndex app = tree.databaseIndex(1, QStringLiteral("app"));
    const qint64 t0 = 1'700'000'000'000;
    // 20 minutes of polls every 10 s, the count rising by one a minute.
    for (int step = 0; step < 120; ++step) {
        std::vector<Session> now;
        for (int i = 0; i < step / 6; ++i)
            now.push_back(makeSession(i + 1));
        snap.sessions = SessionList(now);
        tree.recordSparklines(snap, t0 + step * 10'000);
    }
    const QList<int> line = app.data(ServerTreeModel::SparklineRole).value<QList<int>>();
    QCOMPARE(line.size(), 60);      // one point per 10 s over 10 minutes
    QCOMPARE(line.first(), 10);     // ten minutes ago
    QCOMPARE(line.last(), 19);      // now
    QVERIFY(std::is_sorted(line.begin(), line.end()));
    QCOMPARE(app.data(Qt::AccessibleDescriptionRole).toString(), QStringLiteral("Sessions over the last 10 minutes: 10 to 19, now 19"));
    // A server seen for a moment only: the rest of the line is not watched yet (-1).
    ServerTreeModel fresh;
    fresh.addServer(1, QStringLiteral("db1"), false);
    snap.sessions = {makeSession(1)};
    fresh.applySnapshot(snap);
    fresh.recordSparklines(snap, t0);
    const QList<int> one = fresh.databaseIndex(1, QStringLiteral("app")).data(ServerTreeModel::SparklineRole).value<QList<int>>();
    QCOMPARE(one.last(), 1);
    QCOMPARE(one.first(), -1);
    // Polled again within a step: a new count is the step's point, the same one keeps it.
    const auto lastPoint = [&](ServerTreeModel &model, const QString &database) {
        const QList<int> points = model.databaseIndex(1, database).data(ServerTreeModel::SparklineRole).value<QList<int>>();
        return points.isEmpty() ? -2 : points.last(); // (-2: no line at all)
    };
    for (const int count : {3, 5, 5, 2}) {
        std::vector<Session> now;
        for (int i = 0; i < count; ++i)
            now.push_back(makeSession(i + 1));
        snap.sessions = SessionList(now);
        fresh.recordSparklines(snap, t0 + 1000 * count); // (all within the first 10 s)
        QCOMPARE(lastPoint(fresh, QStringLiteral("app")), count);
        QCOMPARE(fresh.databaseIndex(1, QStringLiteral("app")).data(Qt::AccessibleDescriptionRole).toString().endsWith(QStringLiteral("now %1").arg(count)), true);
    }
    // Polled before its node was there (the tree had not taken the poll yet), then again
    // within the step with the same count: the node gets its line.
    ServerTreeModel late;
    late.addServer(1, QStringLiteral("db1"), false);
    late.recordSparklines(snap, t0);
    late.applySnapshot(snap);
    QVERIFY(!late.databaseIndex(1, QStringLiteral("app")).data(ServerTreeModel::SparklineRole).isValid());
    late.recordSparklines(snap, t0 + 1000);
    QCOMPARE(lastPoint(late, QStringLiteral("app")), 2);
    QCOMPARE(late.databaseIndex(1, QStringLiteral("app")).data(Qt::AccessibleDescriptionRole).toString(), QStringLiteral("Sessions over the last 10 minutes: 2 to 2, now 2"));
    // A server of many databases, their sessions mixed: each counts its own.
    ServerTreeModel many;
    many.addServer(1, QStringLiteral("db1"), false);
    Snapshot big = makeSnapshot({});
    for (int d = 0; d < 40; ++d)
        big.databases.push_back({quint32(100 + d), QStringLiteral("db%1").arg(d), true});
    for (int i = 0; i < 400; ++i) {
        const int d = (i * 7) % 40;
        if (d % 5 == 0)
            continue; // every fifth database without sessions
        Session s = makeSession(i + 1);
        s.databaseOid = quint32(100 + d);
        s.database = QStringLiteral("db%1").arg(d);
        big.sessions.push_back(s);
    }
    many.applySnapshot(big);
    many.recordSparklines(big, t0);
    for (int d = 0; d < 40; ++d)
        QCOMPARE(lastPoint(many, QStringLiteral("db%1").arg(d)), d % 5 == 0 ? 0 : 10);
    // Few now (the sessions of eight databases): the same counts from the short list.
    big.databases.resize(8);
    big.sessions.removeIf([](const Session &s) { return s.databaseOid >= 108; });
    many.recordSparklines(big, t0 + 10'000);
    for (int d = 0; d < 8; ++d)
        QCOMPARE(lastPoint(many, QStringLiteral("db%1").arg(d)), d % 5 == 0 ? 0 : 10);
}

void TestSessionModel::theTallyCountsEachDatabasesClientSessions()
{
    // Sessions of 40 databases mixed (past the tally's short list), some known by name only
    // (as history keeps them), with this application's own, the server's own processes,
    // other roles' hidden ones, waiters: each database's counts as a plain count has them.
    Snapshot snap = makeSnapshot({});
    for (int i = 0; i < 600; ++i) {
        const int d = (i * 7) % 40;
        Session s = makeSession(i + 1, i % 3 == 0 ? QStringLiteral("active") : i % 3 == 1 ? QStringLiteral("idle in transaction (aborted)") : QStringLiteral("idle"));
        s.database = QStringLiteral("db%1").arg(d);
        s.databaseOid = d % 4 == 0 ? 0 : quint32(100 + d);
        s.own = i % 11 == 0;
        if (i % 13 == 0)
            s.backendType = QStringLiteral("autovacuum worker");
        if (i % 17 == 0) {
            s.backendType.clear(); // another role's, hidden
            s.state.clear();
            s.query = QStringLiteral("<insufficient privilege>");
        }
        if (i % 5 == 0)
            s.blockedBy = {1};
        snap.sessions.push_back(s);
    }
    const database_tally::List tally = database_tally::count(snap);
    QCOMPARE(int(tally.size()), 40);
    DatabaseTally all; // each kind counted somewhere
    for (const DatabaseTally &t : tally) {
        DatabaseTally expected;
        for (const Session &s : snap.sessions) {
            if (s.database != t.name || s.own || !s.isClientBackend())
                continue;
            ++expected.total;
            expected.active += s.state == QLatin1String("active");
            expected.idleInTransaction += s.state.startsWith(QLatin1String("idle in transaction"));
            expected.hidden += s.isHidden();
            expected.blocked += !s.blockedBy.isEmpty();
        }
        const int d = t.name.mid(2).toInt();
        QCOMPARE(t.oid, d % 4 == 0 ? 0u : quint32(100 + d));
        all += expected;
        QCOMPARE(t.total, expected.total);
        QCOMPARE(t.active, expected.active);
        QCOMPARE(t.idleInTransaction, expected.idleInTransaction);
        QCOMPARE(t.hidden, expected.hidden);
        QCOMPARE(t.blocked, expected.blocked);
    }
    QVERIFY(all.total > 0 && all.active > 0 && all.idleInTransaction > 0 && all.hidden > 0 && all.blocked > 0);
    QVERIFY(all.total < 600); // some not counted: own, the server's

    // The tree shows the tally the poll's thread counted, when the snapshot has one.
    ServerTreeModel tree;
    tree.addServer(1, QStringLiteral("db1"), false);
    Snapshot counted = makeSnapshot({makeSession(1, QStringLiteral("active"))});
    counted.databases = {{1, QStringLiteral("app"), true}};
    DatabaseTally app;
    app.oid = 1;
    app.name = QStringLiteral("app");
    app.total = 7;
    app.active = 3;
    counted.tally = std::make_shared<const database_tally::List>(database_tally::List{app});
    tree.applySnapshot(counted);
    tree.recordSparklines(counted, 1'700'000'000'000);
    const QModelIndex node = tree.databaseIndex(1, QStringLiteral("app"));
    QCOMPARE(node.data(ServerTreeModel::TotalRole).toInt(), 7);
    QCOMPARE(node.data(ServerTreeModel::ActiveRole).toInt(), 3);
    QCOMPARE(node.data(ServerTreeModel::SparklineRole).value<QList<int>>().last(), 7);
}

void TestSessionModel::allRolesAtOnceAreEachRoleAlone()
{
    // A view asks for a cell's roles together (multiData): the same values as one by one,
    // from the model and through the sorting proxy, for every column.
    SessionModel model;
    SessionFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(SessionModel::Pid, Qt::DescendingOrder);
    Session own = makeSession(1);
    own.own = true;
    Session waiter = makeSession(2, QStringLiteral("active"));
    waiter.waitEventType = QStringLiteral("Lock");
    waiter.blockedBy = {3};
    Session blocker = makeSession(3, QStringLiteral("idle in transaction"));
    blocker.xactStart = kT0;
    blocker.clientAddress = QStringLiteral("10.1.2.3");
    blocker.clientPort = 5555;
    model.applySnapshot(makeSnapshot({own, waiter, blocker}));
    QCOMPARE(proxy.rowCount(), 3);

    std::vector<int> roles{Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole, Qt::BackgroundRole, Qt::DecorationRole, Qt::FontRole,
                           Qt::TextAlignmentRole, Qt::CheckStateRole, Qt::EditRole, Qt::AccessibleDescriptionRole};
    for (int role = SessionModel::SortRole; role <= SessionModel::EndedRole; ++role)
        roles.push_back(role);
    int nonNull = 0;
    for (const QAbstractItemModel *m : {static_cast<const QAbstractItemModel *>(&model), static_cast<const QAbstractItemModel *>(&proxy)}) {
        for (int row = 0; row < m->rowCount(); ++row) {
            for (int column = 0; column < m->columnCount(); ++column) {
                const QModelIndex index = m->index(row, column);
                std::vector<QModelRoleData> together;
                for (int role : roles)
                    together.emplace_back(role);
                m->multiData(index, together);
                for (const QModelRoleData &data : together) {
                    const QVariant alone = m->data(index, data.role());
                    QCOMPARE(data.data(), alone);
                    nonNull += !alone.isNull();
                }
            }
        }
    }
    QVERIFY(nonNull > 100); // (the values compared are mostly there, not all null)
    // An index of neither model: nothing.
    std::vector<QModelRoleData> none{QModelRoleData(Qt::DisplayRole)};
    none[0].setData(QStringLiteral("stale"));
    proxy.multiData(QModelIndex(), none);
    QVERIFY(none[0].data().isNull());
}

QTEST_MAIN(TestSessionModel)
#include "tst_session_model.moc"
