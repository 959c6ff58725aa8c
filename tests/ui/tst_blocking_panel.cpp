// SPDX-License-Identifier: GPL-3.0-or-later
// The Blocking tab of the sessions panel on its own (no server): when the tree is cut
// short at its bound, a note over it says how many waiting sessions it leaves out, in
// words a screen reader reads too; for the scope's servers and database only.
#include "actions/action_journal.h"
#include "models/blocking_forest.h"
#include "models/blocking_model.h"
#include "models/session_model.h"
#include "servers/server_profile.h"
#include "servers/server_registry.h"
#include "sessions/blocking_view.h"
#include "sessions/sessions_panel.h"
#include "test_cluster.h"

#include <QAccessible>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace {

Session session(int server, int pid, QVector<int> blockedBy = {})
{
    Session s;
    s.key = {server, pid, pid};
    s.database = QStringLiteral("games");
    s.backendType = QStringLiteral("client backend");
    s.state = QStringLiteral("active");
    s.waitEventType = blockedBy.isEmpty() ? QString() : QStringLiteral("Lock");
    s.blockedBy = blockedBy;
    return s;
}

// On @p server: session 1 holds up 16 layers of two sessions, each waiting for both of
// the layer above (a tree of 2^17 nodes, past the bound), and session 100 holds up 101.
// The bound leaves out 101 and the second session of the first two layers (see
// tst_blocking's nestedDiamondsStopAtTheNodeBound). 100 and 101 are of database "shop",
// the others of "games".
Snapshot diamonds(int server)
{
    Snapshot snap;
    snap.server = server;
    snap.sessions = {session(server, 1), session(server, 100), session(server, 101, {100})};
    snap.sessions.edit(1).database = snap.sessions.edit(2).database = QStringLiteral("shop");
    QVector<int> above{1};
    for (int layer = 0, pid = 2; layer < 16; ++layer) {
        const QVector<int> blockers = above;
        above.clear();
        for (int k = 0; k < 2; ++k, ++pid) {
            snap.sessions.push_back(session(server, pid, blockers));
            above.push_back(pid);
        }
    }
    return snap;
}

// On server 1: 3,000 holders of one lock (10000 to 12999), one session waiting for it,
// and 2,000 behind that one (see tst_blocking's manyHoldersPastTheBoundAreCountedWithinABound):
// every waiter is in the tree, under the first ten holders, and the 2,990 after them are
// shown without it. The holders are of @p holders' database, the waiters of "games".
Snapshot manyHolders(const QString &holdersDatabase = QStringLiteral("games"))
{
    Snapshot snap;
    snap.server = 1;
    QVector<int> holders;
    for (int pid = 10000; pid < 13000; ++pid) {
        Session holder = session(1, pid);
        holder.database = holdersDatabase;
        snap.sessions.push_back(holder);
        holders.push_back(pid);
    }
    snap.sessions.push_back(session(1, 20000, holders));
    for (int pid = 30000; pid < 32000; ++pid)
        snap.sessions.push_back(session(1, pid, {20000}));
    return snap;
}

// A sessions panel on its own, scoped to server 1, shown, with its Blocking tab in front.
struct Shown {
    QTemporaryDir dir;
    ServerRegistry registry{std::make_shared<ActionJournal>(dir.filePath(QStringLiteral("journal.jsonl")))};
    SessionModel model;
    BlockingModel blocking;
    SessionsPanel panel{&model, &blocking, &registry};
    Shown()
    {
        panel.resize(1200, 600);
        panel.setScope(1, QString());
        panel.show();
        panel.showBlocking(true);
    }
};

} // namespace

class TestBlockingPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void aTreeCutShortSaysWhatItLeavesOut();
    void aTreeCutShortWithEveryWaiterInItSaysSo();
    void aBlockerSaysItsServerWithMoreThanOneInView();
    void aRenamedServerIsRenamedInTheTreeAtOnce();
};

void TestBlockingPanel::aTreeCutShortSaysWhatItLeavesOut()
{
    Shown shown;
    SessionsPanel &panel = shown.panel;
    BlockingModel &blocking = shown.blocking;
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.blockingShown());
    QLabel *cut = panel.blockingCutShort();
    QVERIFY(cut);
    QVERIFY(!cut->isVisible());
    const auto said = [](int left) {
        return QStringLiteral("A server's blocking tree stops at %1 rows: %2 waiting session(s) not shown in it")
            .arg(QLocale().toString(BlockingForest::kMaxNodes), QLocale().toString(left));
    };

    blocking.applySnapshot(diamonds(1));
    QVERIFY(cut->isVisible());
    QVERIFY2(cut->text().startsWith(said(3)), qPrintable(cut->text()));
    QVERIFY(cut->text().contains(QLatin1String("Blocked by")));
    QVERIFY2(cut->text().contains(QLatin1String("Its counts include every session held up.")), qPrintable(cut->text()));
    QCOMPARE(panel.tabs()->tabText(1), QStringLiteral("&Blocking (33)"));
    // What ending a root unblocks (said in the confirmation) counts what is not shown.
    QCOMPARE(blocking.unblocks(SessionKey{1, 1, 1}), 32);
    QCOMPARE(blocking.unblocks(SessionKey{1, 100, 100}), 1);
    // Read by a screen reader: its text is its name. (The alert sent when it appears is
    // not seen here: the offscreen platform has no accessibility, and Qt sends nothing.)
    QAccessibleInterface *heard = QAccessible::queryAccessibleInterface(cut);
    QVERIFY(heard);
    QCOMPARE(heard->text(QAccessible::Name), cut->text());
    // Over the tree, above its first row.
    QVERIFY(cut->mapTo(&panel, QPoint(0, cut->height())).y() <= panel.blockingView()->mapTo(&panel, QPoint(0, 0)).y());

    // A database's node: what the bound left out of that database.
    panel.setScope(1, QStringLiteral("games"));
    QVERIFY2(cut->isVisible() && cut->text().startsWith(said(2)), qPrintable(cut->text()));
    panel.setScope(1, QStringLiteral("shop"));
    QVERIFY2(cut->isVisible() && cut->text().startsWith(said(1)), qPrintable(cut->text()));
    panel.setScope(1, QStringLiteral("postgres"));
    QVERIFY(!cut->isVisible());
    // Another server in scope: its tree is whole.
    panel.setScope(2, QString());
    QVERIFY(!cut->isVisible());
    blocking.applySnapshot(diamonds(2));
    QVERIFY(cut->isVisible());
    panel.setScope(0, QString(), {1, 2}); // both: left out of either
    QVERIFY2(cut->text().startsWith(said(6)), qPrintable(cut->text()));

    // The chain behind the bound gone: the tree is whole again, and says nothing.
    Snapshot small;
    small.server = 1;
    small.sessions = {session(1, 1), session(1, 5, {1})};
    blocking.applySnapshot(small);
    small.server = 2;
    small.sessions = {session(2, 1), session(2, 5, {1})};
    blocking.applySnapshot(small);
    QVERIFY(!cut->isVisible());
    QCOMPARE(panel.tabs()->tabText(1), QStringLiteral("&Blocking (2)"));
}

void TestBlockingPanel::aTreeCutShortWithEveryWaiterInItSaysSo()
{
    Shown shown;
    SessionsPanel &panel = shown.panel;
    BlockingModel &blocking = shown.blocking;
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QLabel *cut = panel.blockingCutShort();

    // Nothing is left out, but the last holders are shown without the sessions they hold
    // up, and past the recount's bound their counts are short: the note says both.
    blocking.applySnapshot(manyHolders());
    QVERIFY(cut->isVisible());
    const QString expected = QStringLiteral("A server's blocking tree stops at %1 rows: under %2 session(s) in it, not every session held up "
                                            "is shown. Some of its counts are short")
                                 .arg(QLocale().toString(BlockingForest::kMaxNodes), QLocale().toString(2991));
    QVERIFY2(cut->text().startsWith(expected), qPrintable(cut->text()));
    QVERIFY(cut->text().contains(QLatin1String("Blocked by")));
    QCOMPARE(QAccessible::queryAccessibleInterface(cut)->text(QAccessible::Name), cut->text());
    QCOMPARE(panel.tabs()->tabText(1), QStringLiteral("&Blocking (2001)"));
    // Of another database: nothing to say there.
    panel.setScope(1, QStringLiteral("shop"));
    QVERIFY(!cut->isVisible());
    panel.setScope(1, QStringLiteral("games"));
    QVERIFY(cut->isVisible());

    // The holders of "shop", what they hold up of "games": the tree stops under them in
    // both scopes (a database's scope shows the chains that reach into it). In "shop",
    // under the 2,990 holders; in "games", under them (their waiter is of it) and 20000.
    const auto under = [](int sessions) {
        return QStringLiteral("A server's blocking tree stops at %1 rows: under %2 session(s) in it")
            .arg(QLocale().toString(BlockingForest::kMaxNodes), QLocale().toString(sessions));
    };
    blocking.applySnapshot(manyHolders(QStringLiteral("shop")));
    QVERIFY2(cut->isVisible() && cut->text().startsWith(under(2991)), qPrintable(cut->text()));
    panel.setScope(1, QStringLiteral("shop"));
    QVERIFY2(cut->isVisible() && cut->text().startsWith(under(2990)), qPrintable(cut->text()));
    panel.setScope(1, QStringLiteral("postgres"));
    QVERIFY(!cut->isVisible());
    panel.setScope(1, QString());
    QVERIFY2(cut->isVisible() && cut->text().startsWith(under(2991)), qPrintable(cut->text()));

    // The holders gone but one: the tree is whole again.
    Snapshot small = manyHolders();
    small.sessions.removeIf([](const Session &s) { return s.key.pid > 10000 && s.key.pid < 13000; });
    small.sessions.edit(1).blockedBy = {10000}; // (20000, next after 10000)
    blocking.applySnapshot(small);
    QVERIFY(!cut->isVisible());
    QCOMPARE(panel.tabs()->tabText(1), QStringLiteral("&Blocking (2001)"));
}

void TestBlockingPanel::aBlockerSaysItsServerWithMoreThanOneInView()
{
    QTemporaryDir dir;
    ServerRegistry registry(std::make_shared<ActionJournal>(dir.filePath(QStringLiteral("journal.jsonl"))));
    registry.setPaused(true); // never reached: the polls are the test's own
    ServerOptions alpha, beta;
    alpha.name = QStringLiteral("alpha");
    alpha.colour = QStringLiteral("#3366cc");
    beta.name = QStringLiteral("beta");
    const int a = registry.addServer(specOf(QStringLiteral("host=127.0.0.1 port=1")), alpha);
    const int b = registry.addServer(specOf(QStringLiteral("host=127.0.0.1 port=1")), beta);
    SessionModel model;
    BlockingModel blocking(&registry);
    SessionsPanel panel(&model, &blocking, &registry);
    panel.resize(1200, 600);
    panel.setScope(0, QString()); // All servers
    panel.show();
    panel.showBlocking(true);
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    // On each server, session 7 holds up session 8: the same pids, two blockers.
    for (const int server : {a, b}) {
        Snapshot snap;
        snap.server = server;
        snap.sessions = {session(server, 7), session(server, 8, {7})};
        blocking.applySnapshot(snap);
    }
    BlockingView *view = panel.blockingView();
    QVERIFY(!view->isColumnHidden(BlockingModel::Server));
    QCOMPARE(view->header()->visualIndex(BlockingModel::Server), 1); // beside the PID
    const QAbstractItemModel *shown = view->model();
    QCOMPARE(shown->headerData(BlockingModel::Server, Qt::Horizontal).toString(), QStringLiteral("Server"));
    QCOMPARE(shown->rowCount(), 2);
    view->collapseAll();
    QStringList roots;
    for (int r = 0; r < shown->rowCount(); ++r) {
        const QModelIndex cell = shown->index(r, BlockingModel::Server);
        roots << cell.data().toString() + QLatin1Char(' ') + shown->index(r, BlockingModel::Pid).data().toString();
        if (cell.data().toString() == QLatin1String("alpha"))
            QCOMPARE(cell.data(Qt::DecorationRole).value<QColor>(), QColor(QStringLiteral("#3366cc")));
        // A screen reader hears the server's name in its cell.
        QAccessibleInterface *tree = QAccessible::queryAccessibleInterface(view);
        QVERIFY(tree && tree->tableInterface());
        QAccessibleInterface *heard = tree->tableInterface()->cellAt(r, BlockingModel::Server); // (roots only: collapsed)
        QVERIFY(heard);
        QCOMPARE(heard->text(QAccessible::Name), cell.data().toString());
    }
    roots.sort();
    QCOMPARE(roots, (QStringList{QStringLiteral("alpha 7"), QStringLiteral("beta 7")}));
    // One server in view: the column goes.
    panel.setScope(a, QString());
    QVERIFY(view->isColumnHidden(BlockingModel::Server));
    QCOMPARE(shown->rowCount(), 1);
}

void TestBlockingPanel::aRenamedServerIsRenamedInTheTreeAtOnce()
{
    QTemporaryDir dir;
    ServerRegistry registry(std::make_shared<ActionJournal>(dir.filePath(QStringLiteral("journal.jsonl"))));
    registry.setPaused(true); // never reached: the polls are the test's own
    ServerProfile alpha = ServerProfile::create(), beta = ServerProfile::create();
    alpha.name = QStringLiteral("alpha");
    beta.name = QStringLiteral("beta");
    for (ServerProfile *p : {&alpha, &beta}) {
        p->host = QStringLiteral("127.0.0.1");
        p->port = 1;
    }
    registry.setProfiles({alpha, beta});
    const int a = registry.serverOfProfile(alpha.id), b = registry.serverOfProfile(beta.id);
    BlockingModel blocking(&registry);
    for (const int server : {a, b}) {
        Snapshot snap;
        snap.server = server;
        snap.sessions = {session(server, 7), session(server, 8, {7})};
        blocking.applySnapshot(snap);
    }
    // Each cell the view must repaint, as the model announces it.
    QSignalSpy changed(&blocking, &QAbstractItemModel::dataChanged);
    alpha.name = QStringLiteral("alpha-eu");
    alpha.colour = QStringLiteral("#cc3333");
    registry.applyProfiles({alpha, beta});
    QSet<QPair<int, int>> announced; // (server, pid) of each Server cell announced
    for (const QList<QVariant> &signal : changed) {
        const QModelIndex from = signal[0].toModelIndex(), to = signal[1].toModelIndex();
        for (int r = from.row(); r <= to.row(); ++r) {
            if (from.column() <= BlockingModel::Server && to.column() >= BlockingModel::Server) {
                const QModelIndex cell = blocking.index(r, BlockingModel::Server, from.parent());
                announced.insert({cell.data(BlockingModel::ServerRole).toInt(), cell.data(BlockingModel::PidRole).toInt()});
            }
        }
    }
    QCOMPARE(announced, (QSet<QPair<int, int>>{{a, 7}, {a, 8}}));
    // What the cells now read.
    for (int r = 0; r < blocking.rowCount(); ++r) {
        const QModelIndex cell = blocking.index(r, BlockingModel::Server);
        if (cell.data(BlockingModel::ServerRole).toInt() == a) {
            QCOMPARE(cell.data().toString(), QStringLiteral("alpha-eu"));
            QCOMPARE(cell.data(Qt::DecorationRole).value<QColor>(), QColor(QStringLiteral("#cc3333")));
        }
    }
}

QTEST_MAIN(TestBlockingPanel)
#include "tst_blocking_panel.moc"
