// SPDX-License-Identifier: GPL-3.0-or-later
// The main window, offscreen, against a real server: what a DBA does with it.
#include "actions/action_journal.h"
#include "actions/journal_recovery.h"
#include "models/action_log_model.h"
#include "cluster_fixture.h"
#include "dialogs/confirm_dialog.h"
#include "dialogs/pooler_confirm_dialog.h"
#include "demo/local_pooler.h"
#include "models/pooler_model.h"
#include "sessions/pooler_panel.h"
#include "window/pooler_actions.h"
#include "pg/connection.h"
#include "models/blocking_model.h"
#include "sessions/blocking_view.h"
#include "sessions/database_banner.h"
#include "sessions/sessions_panel.h"
#include "models/blocking_filter_model.h"
#include "sessions/details_pane.h"
#include "servers/server_registry.h"
#include "window/log_pane.h"
#include "window/main_window.h"
#include "servers/server_monitor.h"
#include "window/status_line.h"
#include "models/server_tree_model.h"
#include "models/session_filter_model.h"
#include "models/session_model.h"
#include "test_session.h"

#include <QAction>
#include <QApplication>
#include <QContextMenuEvent>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QAccessible>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMap>
#include <QListWidget>
#include <QRadioButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <set>

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void deleteKeyTerminatesTheSelectedSessions();
    void cancellingTheDialogLeavesTheSessionsAlone();
    void rightClickTerminatesExactlyThatBackend();
    void killAllOnADatabaseNode();
    void pollDuringTheDialogDoesNotChangeTheTargets();
    void detailsFollowTheSessionThroughSortAndFilter();
    void selectionCurrentAndScrollSurvivePolls();
    void productionServerNeedsTheCountTyped();
    void refreshKeyPollsNow();
    void aBlockedDatabaseCanBeAllowedFromItsNodeAndBanner();
    void eachRestoreOfferNamesItsDatabase();
    void aPoolerDatabaseLeftShutIsOfferedWithTheServerBehindIt();
    void aPoolerKillAllAtThePoolerIsOfferedWhereItsDatabaseLeads();
    void columnsAndSortAreInTheViewMenu();
    void theLogIsReachedFromTheKeyboard();
    void aServerAddedWhileTheDialogIsOpenChangesNothing();
    void aJournalThatCannotBeWrittenIsSaidInRedAndNothingRuns();
    void aNameTooLongCannotBeConfirmed();
    void oddNamesAreShownAsTheyAre();
    void theDetailsReachAScreenReader();
    void theStatusLineIsHeardAndANewTextLaysNothingOut();
    void otherRolesHiddenSessionsAreSessions();
    void theBlockingTreeEndsARootAndKeepsItsState();
    void copyRowsCopiesTheViewInFront();
    void aPoolerIsWatchedAndItsClientsShutOut();
    void manyOffersScrollAndEachIsReachedByKeyboard();

private:
    int rowOf(int pid) const;
    void selectPids(const std::set<int> &pids);
    std::set<int> selectedPids() const;
    bool alive(int pid);
    /// Each test function's own journal, so that what one test leaves unfinished is never
    /// offered in the next one's window.
    QString journalPath() const { return m_dir.filePath(QLatin1String(QTest::currentTestFunction()) + QLatin1String(".journal.jsonl")); }
    /// Appends @p records to the journal the next start reads, as a cut-off run left them.
    bool appendToJournal(const std::vector<QJsonObject> &records);
    /// What the banner's rows say.
    static QStringList bannerTexts(const DatabaseBanner *banner);
    /// What a screen reader hears for the banner's buttons (those named @p objectName, if
    /// given), sorted.
    static QStringList bannerButtonNames(const DatabaseBanner *banner, const QString &objectName = {});
    std::vector<std::unique_ptr<TestSession>> open(int n, const QString &database = QStringLiteral("postgres"));

    TestCluster m_cluster;
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    int m_server = 0;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings of the tests, not the user's
    PGSESSIONS_START_CLUSTER(m_cluster);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE games")));
}

void TestMainWindow::init()
{
    m_window = std::make_unique<MainWindow>(std::make_shared<ActionJournal>(journalPath()));
    ServerOptions options;
    options.name = QStringLiteral("test");
    options.intervalMs = 100;
    m_server = m_window->registry()->addServer(specOf(m_cluster.conninfo()), options);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->sessionModel()->rowCount() > 0, 15000);
}

void TestMainWindow::cleanup()
{
    m_window.reset();
}

int TestMainWindow::rowOf(int pid) const
{
    QAbstractItemModel *model = m_window->sessionView()->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data(SessionModel::PidRole).toInt() == pid)
            return r;
    }
    return -1;
}

void TestMainWindow::selectPids(const std::set<int> &pids)
{
    QTableView *view = m_window->sessionView();
    view->clearSelection();
    for (int pid : pids)
        view->selectionModel()->select(view->model()->index(rowOf(pid), 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

std::set<int> TestMainWindow::selectedPids() const
{
    std::set<int> pids;
    for (const QModelIndex &i : m_window->sessionView()->selectionModel()->selectedRows())
        pids.insert(i.data(SessionModel::PidRole).toInt());
    return pids;
}

bool TestMainWindow::alive(int pid)
{
    return m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(pid)) == QLatin1String("1");
}

bool TestMainWindow::appendToJournal(const std::vector<QJsonObject> &records)
{
    QFile journal(journalPath());
    if (!journal.open(QIODevice::Append))
        return false;
    for (const QJsonObject &record : records) {
        if (journal.write(QJsonDocument(record).toJson(QJsonDocument::Compact) + '\n') <= 0)
            return false;
    }
    return journal.flush();
}

QStringList TestMainWindow::bannerTexts(const DatabaseBanner *banner)
{
    QStringList texts;
    for (const QLabel *label : banner->findChildren<QLabel *>())
        texts << label->text();
    return texts;
}

QStringList TestMainWindow::bannerButtonNames(const DatabaseBanner *banner, const QString &objectName)
{
    QStringList names;
    for (QPushButton *b : banner->findChildren<QPushButton *>(objectName))
        names << QAccessible::queryAccessibleInterface(b)->text(QAccessible::Name);
    names.sort();
    return names;
}

std::vector<std::unique_ptr<TestSession>> TestMainWindow::open(int n, const QString &database)
{
    std::vector<std::unique_ptr<TestSession>> sessions;
    for (int i = 0; i < n; ++i) {
        QString error;
        auto s = TestSession::open(m_cluster, {database, QStringLiteral("postgres"), QStringLiteral("app%1").arg(i), false}, &error);
        if (!s)
            qFatal("cannot open a session: %s", qPrintable(error));
        sessions.push_back(std::move(s));
    }
    return sessions;
}

void TestMainWindow::deleteKeyTerminatesTheSelectedSessions()
{
    auto sessions = open(5);
    for (const auto &s : sessions)
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(s->pid()) >= 0, 10000);
    const std::set<int> chosen{sessions[0]->pid(), sessions[2]->pid(), sessions[4]->pid()};
    selectPids(chosen);
    QCOMPARE(selectedPids(), chosen);

    std::set<int> listed;
    m_window->setConfirmHook([&](ConfirmDialog *dialog) {
        for (const Session &s : dialog->sessions())
            listed.insert(s.key.pid);
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    m_window->sessionView()->setFocus();
    QTest::keyClick(m_window->sessionView(), Qt::Key_Delete);
    QCOMPARE(listed, chosen); // the dialog listed exactly those three

    ActionLogModel *log = m_window->logModel();
    QTRY_COMPARE_WITH_TIMEOUT(log->rowCount(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(log->rowCount(log->index(0, 0)), 3, 10000);
    for (int r = 0; r < 3; ++r)
        QCOMPARE(log->index(r, ActionLogModel::Result, log->index(0, 0)).data().toString(), QStringLiteral("terminated"));
    for (int pid : chosen)
        QVERIFY(!alive(pid));
    QVERIFY(alive(sessions[1]->pid()) && alive(sessions[3]->pid()));
    QTRY_VERIFY(rowOf(sessions[0]->pid()) < 0); // and the table follows
}

void TestMainWindow::cancellingTheDialogLeavesTheSessionsAlone()
{
    auto sessions = open(2);
    for (const auto &s : sessions)
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(s->pid()) >= 0, 10000);
    selectPids({sessions[0]->pid(), sessions[1]->pid()});
    bool shown = false;
    m_window->setConfirmHook([&](ConfirmDialog *dialog) {
        shown = true;
        QTimer::singleShot(0, dialog, &QDialog::reject);
    });
    m_window->sessionView()->setFocus();
    QTest::keyClick(m_window->sessionView(), Qt::Key_Delete);
    QVERIFY(shown);
    QTest::qWait(500);
    QCOMPARE(m_window->logModel()->rowCount(), 0);
    QVERIFY(alive(sessions[0]->pid()) && alive(sessions[1]->pid()));
}

void TestMainWindow::rightClickTerminatesExactlyThatBackend()
{
    auto sessions = open(3);
    for (const auto &s : sessions)
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(s->pid()) >= 0, 10000);
    const int victim = sessions[1]->pid();
    QTableView *view = m_window->sessionView();
    m_window->setConfirmHook([](ConfirmDialog *dialog) { QTimer::singleShot(0, dialog, &QDialog::accept); });
    bool menuShown = false;
    // When the menu is up, choose Terminate in it, as the user would.
    QTimer::singleShot(300, this, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        menuShown = true;
        QAction *terminate = m_window->action(QStringLiteral("terminate"));
        QVERIFY(menu->actions().contains(terminate));
        menu->close();
        QMetaObject::invokeMethod(terminate, &QAction::trigger, Qt::QueuedConnection);
    });
    const QRect cell = view->visualRect(view->model()->index(rowOf(victim), SessionModel::User));
    // A right click: the press selects the row, then the window system asks for the menu.
    QTest::mouseClick(view->viewport(), Qt::RightButton, {}, cell.center());
    QContextMenuEvent request(QContextMenuEvent::Mouse, cell.center(), view->viewport()->mapToGlobal(cell.center()));
    QApplication::sendEvent(view->viewport(), &request);
    QTRY_VERIFY(menuShown);
    QCOMPARE(selectedPids(), std::set<int>{victim});
    QTRY_VERIFY_WITH_TIMEOUT(!alive(victim), 10000);
    QVERIFY(alive(sessions[0]->pid()) && alive(sessions[2]->pid()));
}

void TestMainWindow::killAllOnADatabaseNode()
{
    auto sessions = open(5, QStringLiteral("games"));
    ServerTreeModel *tree = m_window->serverTreeModel();
    QTRY_COMPARE_WITH_TIMEOUT(tree->databaseIndex(m_server, QStringLiteral("games")).data(ServerTreeModel::TotalRole).toInt(), 5, 10000);
    m_window->serverTree()->setCurrentIndex(tree->databaseIndex(m_server, QStringLiteral("games")));
    // Selecting the database filters the table to it.
    QTRY_COMPARE(m_window->sessionView()->model()->rowCount(), 5);
    QAction *killAll = m_window->action(QStringLiteral("killAll"));
    QVERIFY(killAll->isEnabled());
    QVERIFY(m_window->databaseContextMenu()->actions().contains(killAll));
    int shownCount = -1;
    m_window->setConfirmHook([&](ConfirmDialog *dialog) {
        shownCount = int(dialog->sessions().size());
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    killAll->trigger();
    QCOMPARE(shownCount, 5);
    QTRY_COMPARE_WITH_TIMEOUT(tree->databaseIndex(m_server, QStringLiteral("games")).data(ServerTreeModel::TotalRole).toInt(), 0, 15000);
    for (const auto &s : sessions)
        QVERIFY(!alive(s->pid()));
    // The block (on by default in the dialog) was lifted afterwards.
    QTRY_COMPARE(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'games'")), QStringLiteral("t"));
    QTRY_VERIFY(m_window->logModel()->index(0, ActionLogModel::Result).data().toString().contains(QLatin1String("5 terminated")));
}

void TestMainWindow::pollDuringTheDialogDoesNotChangeTheTargets()
{
    auto sessions = open(4);
    for (const auto &s : sessions)
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(s->pid()) >= 0, 10000);
    const std::set<int> chosen{sessions[0]->pid(), sessions[1]->pid()};
    selectPids(chosen);
    std::vector<std::unique_ptr<TestSession>> latecomers;
    int pollsWhileOpen = 0;
    QSignalSpy polls(m_window->registry()->monitor(m_server), &ServerMonitor::snapshotReady);
    m_window->setConfirmHook([&](ConfirmDialog *dialog) {
        // While the dialog is up: polls arrive, a session comes, and the user's selection
        // changes under it.
        polls.clear();
        latecomers = open(1);
        QTimer::singleShot(1000, dialog, [&, dialog] {
            pollsWhileOpen = polls.count();
            selectPids({sessions[2]->pid(), latecomers[0]->pid()});
            dialog->accept();
        });
    });
    m_window->action(QStringLiteral("terminate"))->trigger();
    QVERIFY2(pollsWhileOpen >= 3, qPrintable(QString::number(pollsWhileOpen)));
    QTRY_VERIFY_WITH_TIMEOUT(!alive(sessions[0]->pid()) && !alive(sessions[1]->pid()), 10000);
    QTest::qWait(300);
    QVERIFY(alive(sessions[2]->pid()));
    QVERIFY(alive(sessions[3]->pid()));
    QVERIFY(alive(latecomers[0]->pid()));
}

void TestMainWindow::detailsFollowTheSessionThroughSortAndFilter()
{
    auto sessions = open(6);
    for (const auto &s : sessions)
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(s->pid()) >= 0, 10000);
    QVERIFY(sessions[3]->makeActive(30));
    const int pid = sessions[3]->pid();
    QTableView *view = m_window->sessionView();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(view->model()->index(rowOf(pid), SessionModel::User)).center());
    DetailsPane *details = m_window->detailsPane();
    QCOMPARE(details->sessionKey().pid, pid);
    QTRY_VERIFY(details->queryText().contains(QLatin1String("pg_sleep")));

    const int rowBefore = rowOf(pid);
    view->sortByColumn(SessionModel::Application, Qt::DescendingOrder); // app5 … app0: the row moves
    QVERIFY(rowOf(pid) != rowBefore);
    QCOMPARE(details->sessionKey().pid, pid);
    QCOMPARE(view->currentIndex().data(SessionModel::PidRole).toInt(), pid);

    m_window->filterEdit()->setText(QStringLiteral("app3"));
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(details->sessionKey().pid, pid);
    m_window->filterEdit()->setText(QStringLiteral("app1")); // filters it out: the pane stays on it
    QCOMPARE(details->sessionKey().pid, pid);
    QTest::qWait(300); // polls too
    QCOMPARE(details->sessionKey().pid, pid);
    QVERIFY(details->queryText().contains(QLatin1String("pg_sleep")));
    m_window->filterEdit()->clear();
    QCOMPARE(sessions[3]->finish(), QString());
}

void TestMainWindow::selectionCurrentAndScrollSurvivePolls()
{
    auto sessions = open(60);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(sessions.back()->pid()) >= 0, 10000);
    m_window->resize(1200, 600);
    QTableView *view = m_window->sessionView();
    view->sortByColumn(SessionModel::Pid, Qt::AscendingOrder);
    QScrollBar *scroll = view->verticalScrollBar();
    QTRY_VERIFY(scroll->maximum() > 10);
    // Chosen first: making a row current scrolls it into view, which would move the top.
    const int sessionsPid0 = sessions[0]->pid();
    const std::set<int> chosen{sessions[20]->pid(), sessions[25]->pid(), sessions[30]->pid()};
    selectPids(chosen);
    view->selectionModel()->setCurrentIndex(view->model()->index(rowOf(sessions[25]->pid()), SessionModel::State), QItemSelectionModel::NoUpdate);
    // Scrolled to put sessions[10] at the top, however many rows earlier tests left above.
    view->scrollTo(view->model()->index(rowOf(sessions[10]->pid()), 0), QAbstractItemView::PositionAtTop);
    QVERIFY(scroll->value() > 0);
    // What the user keeps an eye on: the session at the top of the table stays there
    // (rows that end above it, such as an earlier test's, take the scroll bar along).
    const int topPid = view->indexAt(QPoint(1, 1)).data(SessionModel::PidRole).toInt();
    QCOMPARE(topPid, sessions[10]->pid());

    // 20 polls with sessions coming and going (new ones sort below, by pid).
    QSignalSpy polls(m_window->registry()->monitor(m_server), &ServerMonitor::snapshotReady);
    std::vector<std::unique_ptr<TestSession>> churn;
    while (polls.count() < 20) {
        auto more = open(1);
        churn.push_back(std::move(more[0]));
        if (churn.size() > 3)
            churn.erase(churn.begin());
        if (polls.count() >= 5) {
            for (int i = 0; i < 3; ++i)
                sessions[size_t(i)].reset(); // three above the visible rows end
        }
        QTest::qWait(60);
    }
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(sessionsPid0) < 0, 5000);
    QCOMPARE(selectedPids(), chosen);
    QCOMPARE(view->currentIndex().data(SessionModel::PidRole).toInt(), sessions[25]->pid());
    QCOMPARE(view->indexAt(QPoint(1, 1)).data(SessionModel::PidRole).toInt(), topPid);
}

void TestMainWindow::productionServerNeedsTheCountTyped()
{
    m_window.reset();
    m_window = std::make_unique<MainWindow>(std::make_shared<ActionJournal>(journalPath()));
    ServerOptions options;
    options.name = QStringLiteral("prod");
    options.production = true;
    options.intervalMs = 100;
    m_server = m_window->registry()->addServer(specOf(m_cluster.conninfo()), options);
    m_window->show();
    auto sessions = open(2);
    for (const auto &s : sessions)
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(s->pid()) >= 0, 10000);
    selectPids({sessions[0]->pid(), sessions[1]->pid()});
    bool okBeforeTyping = true, okAfterTyping = false;
    m_window->setConfirmHook([&](ConfirmDialog *dialog) {
        QTimer::singleShot(0, dialog, [&, dialog] {
            auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            okBeforeTyping = ok->isEnabled();
            QCOMPARE(dialog->requiredConfirmation(), QStringLiteral("2"));
            QTest::keyClicks(dialog->confirmationEdit(), QStringLiteral("2"));
            okAfterTyping = ok->isEnabled();
            ok->click();
        });
    });
    m_window->action(QStringLiteral("terminate"))->trigger();
    QVERIFY(!okBeforeTyping);
    QVERIFY(okAfterTyping);
    QTRY_VERIFY_WITH_TIMEOUT(!alive(sessions[0]->pid()) && !alive(sessions[1]->pid()), 10000);
}

void TestMainWindow::refreshKeyPollsNow()
{
    ServerMonitor *monitor = m_window->registry()->monitor(m_server);
    monitor->setIntervalMs(60000);
    QTest::qWait(300);
    QSignalSpy snaps(monitor, &ServerMonitor::snapshotReady);
    QTest::keyClick(m_window.get(), Qt::Key_F5);
    QVERIFY(snaps.wait(5000));
}

void TestMainWindow::aBlockedDatabaseCanBeAllowedFromItsNodeAndBanner()
{
    // Blocked by someone else (or by a kill-all kept blocked): the node says so, its menu
    // and a banner give the way back.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE games ALLOW_CONNECTIONS false")));
    ServerTreeModel *tree = m_window->serverTreeModel();
    QTRY_VERIFY_WITH_TIMEOUT(!tree->databaseIndex(m_server, QStringLiteral("games")).data(ServerTreeModel::AllowConnectionsRole).toBool(), 10000);
    m_window->serverTree()->setCurrentIndex(tree->databaseIndex(m_server, QStringLiteral("games")));
    QAction *allow = m_window->action(QStringLiteral("allowConnections"));
    QAction *block = m_window->action(QStringLiteral("blockConnections"));
    QTRY_VERIFY(allow->isEnabled());
    QVERIFY(!block->isEnabled());
    QVERIFY(m_window->databaseContextMenu()->actions().contains(allow));
    auto *banner = m_window->findChild<DatabaseBanner *>();
    QVERIFY(banner);
    QTRY_VERIFY(banner->isVisible());
    auto *button = banner->findChild<QPushButton *>(QStringLiteral("allowSelected"));
    QVERIFY(button);
    QCOMPARE(QAccessible::queryAccessibleInterface(button)->text(QAccessible::Name), QStringLiteral("Allow connections to \"games\" on test…"));
    QString heading;
    m_window->setConfirmHook([&](ConfirmDialog *dialog) {
        heading = dialog->findChild<QLabel *>(QStringLiteral("heading"))->text();
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    button->click();
    QVERIFY2(heading.contains(QLatin1String("Allow new connections")) && heading.contains(QLatin1String("games")), qPrintable(heading));
    QTRY_COMPARE_WITH_TIMEOUT(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'games'")), QStringLiteral("t"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(tree->databaseIndex(m_server, QStringLiteral("games")).data(ServerTreeModel::AllowConnectionsRole).toBool(), 10000);
    // The node's actions follow the same poll as the node (they were a poll behind it).
    QVERIFY(block->isEnabled());
    QVERIFY(!allow->isEnabled());
    QTRY_VERIFY(!banner->isVisible());
    QTRY_VERIFY(m_window->logModel()->index(m_window->logModel()->rowCount() - 1, ActionLogModel::Result).data().toString().contains(
        QLatin1String("accepts connections")));
    // And blocked again from the node's menu: connected sessions stay.
    auto sessions = open(1, QStringLiteral("games"));
    block->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'games'")), QStringLiteral("f"), 10000);
    QVERIFY(alive(sessions[0]->pid()));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE games ALLOW_CONNECTIONS true")));
}

void TestMainWindow::aServerAddedWhileTheDialogIsOpenChangesNothing()
{
    auto sessions = open(2);
    for (const auto &s : sessions)
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(s->pid()) >= 0, 10000);
    selectPids({sessions[0]->pid()});
    int added = 0;
    m_window->setConfirmHook([&](ConfirmDialog *dialog) {
        // The demo's start (or the Servers dialog) adds servers while a dialog is open.
        for (int i = 0; i < 20; ++i)
            added = m_window->registry()->addServer(specOf(m_cluster.conninfo()));
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    m_window->action(QStringLiteral("terminate"))->trigger();
    QVERIFY(added > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!alive(sessions[0]->pid()), 10000);
    QVERIFY(alive(sessions[1]->pid()));
    for (int id : m_window->registry()->servers()) {
        if (id != m_server)
            m_window->registry()->removeServer(id);
    }
}

void TestMainWindow::aJournalThatCannotBeWrittenIsSaidInRedAndNothingRuns()
{
    auto window = std::make_unique<MainWindow>(std::make_shared<ActionJournal>(QStringLiteral("/dev/full")));
    const int id = window->registry()->addServer(specOf(m_cluster.conninfo()));
    window->show();
    auto sessions = open(1, QStringLiteral("games"));
    QTRY_VERIFY_WITH_TIMEOUT(window->serverTreeModel()->databaseIndex(id, QStringLiteral("games")).isValid(), 10000);
    window->serverTree()->setCurrentIndex(window->serverTreeModel()->databaseIndex(id, QStringLiteral("games")));
    window->setConfirmHook([](ConfirmDialog *dialog) { QTimer::singleShot(0, dialog, &QDialog::accept); });
    window->action(QStringLiteral("killAll"))->trigger();
    // Nothing ended; the log says why, in red; so does the status bar.
    QTRY_VERIFY_WITH_TIMEOUT(window->logModel()->rowCount() == 1
                                 && window->logModel()->index(0, ActionLogModel::Result).data().toString().contains(QLatin1String("/dev/full")),
                             10000);
    const QModelIndex entry = window->logModel()->index(0, ActionLogModel::Result);
    QVERIFY2(entry.data().toString().contains(QString::fromLocal8Bit(std::strerror(ENOSPC))), qPrintable(entry.data().toString()));
    QVERIFY(entry.data(ActionLogModel::FailureRole).toBool());
    auto *red = window->statusBar()->findChild<QLabel *>(QStringLiteral("journalProblem"));
    QVERIFY(red);
    QTRY_VERIFY(red->isVisible());
    QVERIFY(red->text().contains(QLatin1String("/dev/full")));
    QVERIFY(red->styleSheet().contains(QLatin1String("#c01c28")));
    QVERIFY(alive(sessions[0]->pid()));

    // A journal that cannot even be opened: the dialog says so, in red, and OK is off.
    auto blocked = std::make_unique<MainWindow>(std::make_shared<ActionJournal>(QStringLiteral("/proc/version/journal.jsonl")));
    const int other = blocked->registry()->addServer(specOf(m_cluster.conninfo()));
    QTRY_VERIFY_WITH_TIMEOUT(blocked->serverTreeModel()->databaseIndex(other, QStringLiteral("games")).isValid(), 10000);
    blocked->serverTree()->setCurrentIndex(blocked->serverTreeModel()->databaseIndex(other, QStringLiteral("games")));
    QString problem;
    bool okEnabled = true;
    blocked->setConfirmHook([&](ConfirmDialog *dialog) {
        problem = dialog->problem();
        okEnabled = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled();
        QTimer::singleShot(0, dialog, &QDialog::reject);
    });
    blocked->action(QStringLiteral("killAll"))->trigger();
    QVERIFY2(problem.contains(QLatin1String("/proc/version/journal.jsonl")), qPrintable(problem));
    QVERIFY(!okEnabled);
}

void TestMainWindow::aNameTooLongCannotBeConfirmed()
{
    ServerTreeModel *tree = m_window->serverTreeModel();
    QTRY_VERIFY_WITH_TIMEOUT(tree->databaseIndex(m_server, QStringLiteral("games")).isValid(), 10000);
    m_window->serverTree()->setCurrentIndex(tree->databaseIndex(m_server, QStringLiteral("games")));
    QString problem;
    bool okWhenLong = true, okWhenShort = false;
    m_window->setConfirmHook([&](ConfirmDialog *dialog) {
        auto *rename = dialog->findChild<QRadioButton *>(QString(), Qt::FindChildrenRecursively);
        for (QRadioButton *b : dialog->findChildren<QRadioButton *>()) {
            if (b->text().contains(QLatin1String("rename")))
                rename = b;
        }
        rename->setChecked(true);
        QLineEdit *name = nullptr;
        for (QLineEdit *e : dialog->findChildren<QLineEdit *>()) {
            if (e->accessibleName() == QLatin1String("New database name"))
                name = e;
        }
        name->setText(QString(64, QLatin1Char('x')));
        problem = dialog->problem();
        okWhenLong = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled();
        name->setText(QString(63, QLatin1Char('x')));
        okWhenShort = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled();
        QTimer::singleShot(0, dialog, &QDialog::reject);
    });
    m_window->action(QStringLiteral("killAll"))->trigger();
    QVERIFY2(problem.contains(QLatin1String("64 bytes")), qPrintable(problem));
    QVERIFY(!okWhenLong);
    QVERIFY(okWhenShort);
}

void TestMainWindow::oddNamesAreShownAsTheyAre()
{
    // A "%1" in a name stays a "%1"; a carriage return in a role's name and a right-to-left
    // override in a query are shown, not obeyed.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE \"a%1\"")));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE ROLE \"batch\rjob\" LOGIN")));
    QString error;
    auto odd = TestSession::open(m_cluster, {QStringLiteral("a%1"), QStringLiteral("batch\rjob"), QStringLiteral("x"), false}, &error);
    QVERIFY2(odd, qPrintable(error));
    QVERIFY(odd->exec(QStringLiteral("SELECT 'abc") + QChar(0x202E) + QStringLiteral("fed' AS reversed")));
    ServerTreeModel *tree = m_window->serverTreeModel();
    QTRY_VERIFY_WITH_TIMEOUT(tree->databaseIndex(m_server, QStringLiteral("a%1")).data().toString().startsWith(QStringLiteral("a%1 — 1")), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(odd->pid()) >= 0, 10000);
    const QModelIndex user = m_window->sessionView()->model()->index(rowOf(odd->pid()), SessionModel::User);
    QTRY_COMPARE_WITH_TIMEOUT(user.data().toString(), QStringLiteral("batch␍job"), 10000);
    m_window->sessionView()->setCurrentIndex(m_window->sessionView()->model()->index(rowOf(odd->pid()), 0));
    QTRY_VERIFY(m_window->detailsPane()->queryText().contains(QStringLiteral("⟨U+202E⟩")));
    QVERIFY(!m_window->detailsPane()->queryText().contains(QChar(0x202E)));
    odd.reset();
    Error dropped;
    for (int i = 0; i < 50; ++i) {
        dropped = m_cluster.exec(QStringLiteral("DROP DATABASE \"a%1\""));
        if (!dropped)
            break;
        QTest::qWait(200);
    }
    QVERIFY_OK(dropped);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("DROP ROLE \"batch\rjob\"")));
}

void TestMainWindow::theDetailsReachAScreenReader()
{
    auto sessions = open(1, QStringLiteral("games"));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(sessions[0]->pid()) >= 0, 10000);
    m_window->sessionView()->setCurrentIndex(m_window->sessionView()->model()->index(rowOf(sessions[0]->pid()), 0));
    DetailsPane *details = m_window->detailsPane();
    // Each field says its name and its value: "Database: games", not just "Database".
    QStringList heard;
    for (QLabel *label : details->findChildren<QLabel *>()) {
        if (QAccessibleInterface *a = QAccessible::queryAccessibleInterface(label))
            heard << a->text(QAccessible::Name);
    }
    QVERIFY2(heard.contains(QStringLiteral("PID: %1").arg(sessions[0]->pid())), qPrintable(heard.join(QLatin1Char('|'))));
    QVERIFY2(heard.contains(QStringLiteral("Database: games")), qPrintable(heard.join(QLatin1Char('|'))));
    QVERIFY2(heard.contains(QStringLiteral("User: postgres")), qPrintable(heard.join(QLatin1Char('|'))));
    QVERIFY2(heard.contains(QStringLiteral("Blocked by: none")) && heard.contains(QStringLiteral("Blocking: none")), qPrintable(heard.join(QLatin1Char('|'))));

    // Who blocks whom is heard as PIDs, not as the field's name alone (the links' markup
    // says nothing to a screen reader).
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS heard (id int)"), QStringLiteral("games")));
    auto pair = open(2, QStringLiteral("games"));
    QVERIFY(pair[0]->lockTable(QStringLiteral("heard")));
    QVERIFY(pair[1]->waitForLock(QStringLiteral("heard")));
    const auto says = [details](const QString &name) { // what a screen reader hears of a field
        QLabel *field = details->findChild<QLabel *>(name == QLatin1String("Blocked by") ? QStringLiteral("blockedBy") : QStringLiteral("blocking"));
        QAccessibleInterface *a = field ? QAccessible::queryAccessibleInterface(field) : nullptr;
        return a ? a->text(QAccessible::Name) : QString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(pair[1]->pid()) >= 0, 10000);
    m_window->sessionView()->setCurrentIndex(m_window->sessionView()->model()->index(rowOf(pair[1]->pid()), 0));
    QTRY_COMPARE_WITH_TIMEOUT(says(QStringLiteral("Blocked by")), QStringLiteral("Blocked by: %1").arg(pair[0]->pid()), 10000);
    QCOMPARE(says(QStringLiteral("Blocking")), QStringLiteral("Blocking: none"));
    m_window->sessionView()->setCurrentIndex(m_window->sessionView()->model()->index(rowOf(pair[0]->pid()), 0));
    QTRY_COMPARE(says(QStringLiteral("Blocking")), QStringLiteral("Blocking: %1").arg(pair[1]->pid()));
    QCOMPARE(says(QStringLiteral("Blocked by")), QStringLiteral("Blocked by: none"));
}

void TestMainWindow::theStatusLineIsHeardAndANewTextLaysNothingOut()
{
    StatusLine *line = m_window->statusBar()->findChild<StatusLine *>(QStringLiteral("statusLine"));
    QVERIFY(line);
    // Sessions that come and go change the line ("… sessions shown"), as the ages of a
    // blocked wait do at every poll: the window is not laid out again for a new text.
    struct LayoutCounter : QObject {
        int requests = 0;
        bool eventFilter(QObject *, QEvent *event) override
        {
            requests += event->type() == QEvent::LayoutRequest;
            return false;
        }
    } counter;
    QTest::qWait(300); // what showing the window laid out is done
    // (A new text laid the status bar out, and from there the window; a banner that
    // comes and goes lays out the window too, so the status bar is what is watched.)
    m_window->statusBar()->installEventFilter(&counter);
    // A message of the bar's own (a notice) hides the line and shows it again, which
    // does lay the bar out: one request each, not the line's doing.
    QSignalSpy messages(m_window->statusBar(), &QStatusBar::messageChanged);
    // The line says how many rows the table shows (a background process of the server
    // may come or go meanwhile: the count is the table's, whatever it is).
    QAbstractItemModel *shown = m_window->sessionView()->model();
    const auto saysTheCount = [&] { return line->text().endsWith(QStringLiteral(" %1 session(s) shown").arg(shown->rowCount())); };
    QStringList said{line->text()};
    auto sessions = open(3, QStringLiteral("games"));
    for (const auto &session : sessions)
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(session->pid()) >= 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(saysTheCount(), 10000);
    said << line->text();
    const int gone = sessions.back()->pid();
    sessions.pop_back();
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(gone) < 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(saysTheCount(), 10000);
    said << line->text();
    said.removeDuplicates();
    QVERIFY2(said.size() >= 2, qPrintable(said.join(QLatin1String(" | ")))); // it did change
    QVERIFY2(counter.requests <= messages.count(), qPrintable(QStringLiteral("%1 layout requests, %2 messages").arg(counter.requests).arg(messages.count())));
    // A screen reader hears the line as it reads now; a line too long for the window is
    // whole in its tooltip.
    QVERIFY2(line->text().contains(QLatin1String("shown")), qPrintable(line->text()));
    QAccessibleInterface *heard = QAccessible::queryAccessibleInterface(line);
    QVERIFY(heard);
    QCOMPARE(heard->role(), QAccessible::StaticText);
    QCOMPARE(heard->text(QAccessible::Name), line->text());
    QCOMPARE(line->toolTip(), line->text());
}

void TestMainWindow::otherRolesHiddenSessionsAreSessions()
{
    // Watched as a role without pg_read_all_stats: another role's sessions are sessions
    // (counted, listed, not hidden with the background processes), their details hidden.
    QVERIFY_OK(m_cluster.exec(QStringLiteral("DO $$ BEGIN CREATE ROLE looker LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")));
    auto others = open(3, QStringLiteral("games"));
    auto window = std::make_unique<MainWindow>(std::make_shared<ActionJournal>(journalPath()));
    const int id = window->registry()->addServer(specOf(m_cluster.conninfo(QStringLiteral("postgres"), QStringLiteral("looker"))));
    window->show();
    QTRY_COMPARE_WITH_TIMEOUT(window->serverTreeModel()->databaseIndex(id, QStringLiteral("games")).data(ServerTreeModel::TotalRole).toInt(), 3, 10000);
    window->serverTree()->setCurrentIndex(window->serverTreeModel()->databaseIndex(id, QStringLiteral("games")));
    window->findChild<QCheckBox *>(QStringLiteral("hideBackground"))->setChecked(true);
    QTRY_COMPARE(window->sessionView()->model()->rowCount(), 3);
    int counted = -1;
    QStringList warnings;
    QStringList heard; // what a screen reader hears of each listed session's PID
    window->setConfirmHook([&](ConfirmDialog *dialog) {
        counted = int(dialog->sessions().size());
        warnings = dialog->warnings();
        heard.clear();
        // Read once the dialog is up (its list's rows are laid out when shown).
        QTimer::singleShot(0, dialog, [dialog, &heard] {
            QAccessibleInterface *list = QAccessible::queryAccessibleInterface(dialog->findChild<QWidget *>(QStringLiteral("targetList")));
            for (int row = 0; list && list->tableInterface() && row < list->tableInterface()->rowCount(); ++row) {
                QAccessibleInterface *pid = list->tableInterface()->cellAt(row, 0);
                heard << pid->text(QAccessible::Name) + QStringLiteral(" — ") + pid->text(QAccessible::Description);
            }
            dialog->reject();
        });
    });
    window->action(QStringLiteral("killAll"))->trigger();
    QCOMPARE(counted, 3);
    // The superuser's sessions that this role will likely be refused: each row says why,
    // to a screen reader too (not in a tooltip alone).
    QCOMPARE(heard.size(), 3);
    for (const QString &said : std::as_const(heard))
        QVERIFY2(said.contains(QLatin1String("only superusers may signal it")), qPrintable(heard.join(QLatin1Char('|'))));
    window->sessionView()->selectAll();
    window->action(QStringLiteral("terminate"))->trigger();
    QVERIFY2(!warnings.join(QLatin1Char(' ')).contains(QLatin1String("background")), qPrintable(warnings.join(QLatin1Char(' '))));
}

void TestMainWindow::theBlockingTreeEndsARootAndKeepsItsState()
{
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS queue (id int)"), QStringLiteral("games")));
    auto holders = open(2, QStringLiteral("games"));
    auto waiters = open(3, QStringLiteral("games"));
    QVERIFY(holders[0]->lockTable(QStringLiteral("queue")));
    QVERIFY(waiters[0]->waitForLock(QStringLiteral("queue")));
    QVERIFY(holders[1]->exec(QStringLiteral("SELECT pg_advisory_lock(7)")));
    QVERIFY(waiters[1]->send(QStringLiteral("SELECT pg_advisory_lock(7)")));
    QVERIFY(waiters[2]->send(QStringLiteral("SELECT pg_advisory_lock(7)")));

    // Reached by keyboard, and named for a screen reader.
    QTest::keyClick(m_window.get(), Qt::Key_B, Qt::ControlModifier);
    BlockingView *view = m_window->sessionsPanel()->blockingView();
    QTRY_VERIFY(view->isVisible());
    QCOMPARE(view->accessibleName(), QStringLiteral("Blocking"));
    QVERIFY(m_window->sessionsPanel()->tabs()->tabText(1).contains(QLatin1String("Blocking")));
    QAbstractItemModel *tree = view->model();
    QTRY_COMPARE_WITH_TIMEOUT(tree->rowCount(), 2, 15000);
    // The advisory holder holds up two: it comes first.
    QTRY_COMPARE_WITH_TIMEOUT(tree->index(0, 0).data(BlockingModel::PidRole).toInt(), holders[1]->pid(), 10000);
    QCOMPARE(tree->index(1, 0).data(BlockingModel::PidRole).toInt(), holders[0]->pid());
    // The database's node and the status bar say it.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->serverTreeModel()->databaseIndex(m_server, QStringLiteral("games")).data().toString().contains(QLatin1String("3 blocked")),
                             10000);
    QTRY_VERIFY(m_window->statusBar()->findChild<StatusLine *>(QStringLiteral("statusLine"))->text().contains(QLatin1String("blocked, oldest wait")));

    // Collapse the second root, make the first current: polls leave both so.
    const QModelIndex second = tree->index(1, 0);
    view->collapse(second);
    view->setCurrentIndex(tree->index(0, 0));
    QSignalSpy polls(m_window->registry(), &ServerRegistry::snapshotReady);
    QTRY_VERIFY_WITH_TIMEOUT(polls.count() >= 5, 10000);
    QVERIFY(!view->isExpanded(tree->index(1, 0)));
    QVERIFY(view->isExpanded(tree->index(0, 0)));
    QCOMPARE(view->currentIndex().data(BlockingModel::PidRole).toInt(), holders[1]->pid());

    // Delete on the root: the confirmation says what ending it unblocks.
    QStringList warnings;
    m_window->setConfirmHook([&](ConfirmDialog *dialog) {
        warnings = dialog->warnings();
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    view->setFocus();
    view->selectionModel()->select(view->currentIndex(), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(view, Qt::Key_Delete);
    QVERIFY2(warnings.join(QLatin1Char(' ')).contains(QStringLiteral("Ending PID %1 unblocks 2 session").arg(holders[1]->pid())),
             qPrintable(warnings.join(QLatin1Char(' '))));
    QTRY_VERIFY_WITH_TIMEOUT(!alive(holders[1]->pid()), 10000);
    // One waiter got the lock and holds up the other: a new root, the old one gone.
    QTRY_VERIFY_WITH_TIMEOUT(tree->rowCount() == 2 && tree->index(0, 0).data(BlockingModel::PidRole).toInt() != holders[1]->pid(), 10000);

    // Behind the table, the tree still counts (the tab's number) but follows no poll;
    // shown again, it is the last poll's at once, without waiting for the next one.
    m_window->sessionsPanel()->showBlocking(false);
    QTRY_VERIFY(!view->isVisible());
    QTabWidget *tabs = m_window->sessionsPanel()->tabs();
    QTRY_COMPARE_WITH_TIMEOUT(tabs->tabText(1), QStringLiteral("&Blocking (2)"), 10000);
    const StatusLine *statusLine = m_window->statusBar()->findChild<StatusLine *>(QStringLiteral("statusLine"));
    QVERIFY(holders[0]->exec(QStringLiteral("COMMIT"))); // the table's waiter gets its lock
    QTRY_COMPARE_WITH_TIMEOUT(tabs->tabText(1), QStringLiteral("&Blocking (1)"), 10000);
    // The status line says the same poll as the tab, not the one before.
    QVERIFY2(statusLine->text().contains(QStringLiteral(" · 1 session(s) blocked, oldest wait ")), qPrintable(statusLine->text()));
    QCOMPARE(m_window->blockingModel()->rowCount(), 2); // the table's chain: not merged away behind the table
    const QList<int> advisory{waiters[1]->pid(), waiters[2]->pid()};
    m_window->sessionsPanel()->showBlocking(true);
    QCOMPARE(tree->rowCount(), 1);
    QVERIFY(advisory.contains(tree->index(0, 0).data(BlockingModel::PidRole).toInt()));
    QCOMPARE(tree->rowCount(tree->index(0, 0)), 1);
    QVERIFY(view->isExpanded(tree->index(0, 0)));
    m_window->sessionsPanel()->showBlocking(false);
}

// Copy rows copies what the view in front has selected: the table's rows, or with the
// blocking tree in front its sessions (each once, in the tree's order), never the other's.
void TestMainWindow::copyRowsCopiesTheViewInFront()
{
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS copied (id int)"), QStringLiteral("games")));
    auto sessions = open(3, QStringLiteral("games"));
    for (const auto &s : sessions)
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(s->pid()) >= 0, 10000);
    // 0 and 2 share a lock that 1 waits for: 1 is under both of them in the tree.
    for (const int holder : {0, 2})
        QVERIFY(sessions[size_t(holder)]->exec(QStringLiteral("BEGIN; LOCK TABLE copied IN ACCESS SHARE MODE")));
    QVERIFY(sessions[1]->waitForLock(QStringLiteral("copied")));
    // A line of the clipboard as cells, and who the lines are (pid and application).
    const auto copied = [] { return QApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts); };
    const auto who = [](const QString &line) {
        const QStringList cells = line.split(QLatin1Char('\t'));
        return cells.value(SessionModel::Pid) + QLatin1Char(' ') + cells.value(SessionModel::Application);
    };
    const auto named = [](const TestSession &s, int i) { return QStringLiteral("%1 app%2").arg(s.pid()).arg(i); };
    QAction *copy = m_window->action(QStringLiteral("copy"));

    // The table: two rows, in the table's order, under the columns' names.
    selectPids({sessions[0]->pid(), sessions[2]->pid()});
    QVERIFY(copy->isEnabled());
    QApplication::clipboard()->clear();
    copy->trigger();
    QStringList lines = copied();
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0].split(QLatin1Char('\t')).size(), int(SessionModel::ColumnCount));
    QCOMPARE(lines[0].split(QLatin1Char('\t')).value(SessionModel::Pid), m_window->sessionModel()->headerData(SessionModel::Pid, Qt::Horizontal).toString());
    const bool firstAbove = rowOf(sessions[0]->pid()) < rowOf(sessions[2]->pid());
    QCOMPARE(who(lines[1]), firstAbove ? named(*sessions[0], 0) : named(*sessions[2], 2));
    QCOMPARE(who(lines[2]), firstAbove ? named(*sessions[2], 2) : named(*sessions[0], 0));
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("2 row(s) copied"));

    // The blocking tree in front: its selection, not the table's (still two rows).
    QTest::keyClick(m_window.get(), Qt::Key_B, Qt::ControlModifier);
    BlockingView *view = m_window->sessionsPanel()->blockingView();
    QTRY_VERIFY(view->isVisible());
    QAbstractItemModel *tree = view->model();
    QTRY_VERIFY_WITH_TIMEOUT(tree->rowCount() == 2 && tree->rowCount(tree->index(0, 0)) == 1 && tree->rowCount(tree->index(1, 0)) == 1, 15000);
    const int holderRow = tree->index(0, 0).data(BlockingModel::PidRole).toInt() == sessions[0]->pid() ? 0 : 1;
    QCOMPARE(tree->index(1 - holderRow, 0).data(BlockingModel::PidRole).toInt(), sessions[2]->pid());
    const QModelIndex root = tree->index(holderRow, 0), waiter = tree->index(0, 0, root);
    const QModelIndex otherWaiter = tree->index(0, 0, tree->index(1 - holderRow, 0));
    QCOMPARE(waiter.data(BlockingModel::PidRole).toInt(), sessions[1]->pid());
    QCOMPARE(otherWaiter.data(BlockingModel::PidRole).toInt(), sessions[1]->pid());
    view->selectionModel()->select(waiter, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(selectedPids().size(), size_t(2));
    QVERIFY(copy->isEnabled());
    copy->trigger();
    lines = copied();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(who(lines[1]), named(*sessions[1], 1));
    // The waiter under both holders: copied once.
    view->selectionModel()->select(otherWaiter, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    copy->trigger();
    lines = copied();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(who(lines[1]), named(*sessions[1], 1));
    // A holder and its waiter, selected from the bottom up: copied from the top down.
    view->selectionModel()->select(otherWaiter, QItemSelectionModel::Deselect | QItemSelectionModel::Rows);
    view->selectionModel()->select(root, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    copy->trigger();
    lines = copied();
    QCOMPARE(lines.size(), 3);
    QCOMPARE(who(lines[1]), named(*sessions[0], 0));
    QCOMPARE(who(lines[2]), named(*sessions[1], 1));
    // Nothing selected in front: nothing to copy, whatever the table has.
    view->clearSelection();
    QVERIFY(!copy->isEnabled());
    m_window->sessionsPanel()->showBlocking(false);
    QTRY_VERIFY(copy->isEnabled());
}

// Two databases that a killed pgsessions left blocked, as its journal tells (a kill-all
// that blocked them and never allowed connections again): the banner offers each, and
// each offer's buttons say which database they act on, where their words are the same.
void TestMainWindow::eachRestoreOfferNamesItsDatabase()
{
    const QString key = m_window->registry()->monitor(m_server)->serverKey();
    QVERIFY(!key.isEmpty());
    m_window.reset();
    const QStringList names{QStringLiteral("offer one"), QStringLiteral("offer \"two\"")};
    const auto quoted = [](QString name) -> QString { return QLatin1Char('"') + name.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"'); };
    const auto allows = [&](const QString &name) {
        return m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = '%1'").arg(QString(name).replace(QLatin1Char('\''), QStringLiteral("''"))));
    };
    std::vector<QJsonObject> records;
    for (int i = 0; i < names.size(); ++i) {
        QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE %1").arg(quoted(names[i]))));
        QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS false").arg(quoted(names[i]))));
        const QString action = QStringLiteral("killed-run-%1").arg(i);
        const QJsonObject start{{QStringLiteral("record"), QStringLiteral("start")}, {QStringLiteral("action"), action},
                                {QStringLiteral("kind"), QStringLiteral("kill all")}, {QStringLiteral("server_key"), key},
                                {QStringLiteral("server"), QStringLiteral("test")}, {QStringLiteral("database"), names[i]},
                                {QStringLiteral("process_id"), 0}, {QStringLiteral("block_new_connections"), true},
                                {QStringLiteral("keep_blocked"), false}};
        const QJsonObject blocked{{QStringLiteral("record"), QStringLiteral("step")}, {QStringLiteral("action"), action},
                                  {QStringLiteral("step"), QStringLiteral("blocked")},
                                  {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
        records.insert(records.end(), {start, blocked});
    }
    QVERIFY(appendToJournal(records));
    init(); // the next start reads the journal

    auto *banner = m_window->findChild<DatabaseBanner *>();
    QVERIFY(banner);
    const auto buttons = [banner](const QString &kind) {
        QMap<QString, QPushButton *> byName; // by what a screen reader hears
        for (QPushButton *b : banner->findChildren<QPushButton *>(kind))
            byName.insert(QAccessible::queryAccessibleInterface(b)->text(QAccessible::Name), b);
        return byName;
    };
    QTRY_COMPARE_WITH_TIMEOUT(buttons(QStringLiteral("restore")).size(), 2, 15000);
    QVERIFY(banner->isVisible());
    const QMap<QString, QPushButton *> restore = buttons(QStringLiteral("restore")), dismiss = buttons(QStringLiteral("dismiss"));
    QVERIFY2(restore.contains(QStringLiteral("Allow connections to \"offer one\" on test again")), qPrintable(restore.keys().join(QLatin1Char('|'))));
    QVERIFY2(restore.contains(QStringLiteral("Allow connections to \"offer \"two\"\" on test again")), qPrintable(restore.keys().join(QLatin1Char('|'))));
    QVERIFY2(dismiss.contains(QStringLiteral("Dismiss the offer for \"offer \"two\"\" on test")), qPrintable(dismiss.keys().join(QLatin1Char('|'))));
    QCOMPARE(dismiss.size(), 2);
    // The button named for one database allows that one, and only it.
    restore.value(QStringLiteral("Allow connections to \"offer one\" on test again"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(allows(names[0]), QStringLiteral("t"), 10000);
    QCOMPARE(allows(names[1]), QStringLiteral("f"));
    QTRY_COMPARE_WITH_TIMEOUT(buttons(QStringLiteral("restore")).size(), 1, 10000);
    // Dismissed: the other stays as it is, and is no longer offered.
    buttons(QStringLiteral("dismiss")).value(QStringLiteral("Dismiss the offer for \"offer \"two\"\" on test"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 10000);
    QCOMPARE(allows(names[1]), QStringLiteral("f"));

    m_window.reset();
    QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS true").arg(quoted(names[1]))));
    for (const QString &name : names)
        QVERIFY_OK(m_cluster.exec(QStringLiteral("DROP DATABASE %1").arg(quoted(name))));
}

// Without a mouse: the View menu shows, hides and moves the table's columns and sorts it
// (the header does so by right-click, drag and click only).
void TestMainWindow::columnsAndSortAreInTheViewMenu()
{
    auto sessions = open(3, QStringLiteral("games"));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(sessions[2]->pid()) >= 0, 10000);
    QMenu *view = nullptr;
    for (QAction *a : m_window->menuBar()->actions()) {
        if (a->text() == QLatin1String("&View"))
            view = a->menu();
    }
    QVERIFY(view);
    const auto submenu = [view](const QString &text) -> QMenu * {
        for (QAction *a : view->actions()) {
            if (a->text() == text)
                return a->menu();
        }
        return nullptr;
    };
    const auto entry = [](QMenu *menu, const QString &text) -> QAction * {
        emit menu->aboutToShow(); // (as opening it does: its checks follow the header)
        for (QAction *a : menu->actions()) {
            if (a->text() == text)
                return a;
        }
        return nullptr;
    };
    QMenu *columns = submenu(QStringLiteral("&Columns"));
    QMenu *sort = submenu(QStringLiteral("S&ort by"));
    QVERIFY(columns && sort);
    QHeaderView *header = m_window->sessionView()->horizontalHeader();

    // Columns: checked as shown; unchecking one hides it, and the header's hiding shows.
    QAction *client = entry(columns, QStringLiteral("Client"));
    QVERIFY(client && client->isChecked());
    client->trigger();
    QVERIFY(header->isSectionHidden(SessionModel::Client));
    header->setSectionHidden(SessionModel::Client, false);
    QVERIFY(entry(columns, QStringLiteral("Client"))->isChecked());
    // The current cell's column moves past its visible neighbour, as a drag of its header.
    QTableView *table = m_window->sessionView();
    table->setCurrentIndex(table->model()->index(0, SessionModel::Database));
    QVERIFY(header->visualIndex(SessionModel::Database) < header->visualIndex(SessionModel::User));
    entry(columns, QStringLiteral("Move the current column &right"))->trigger();
    QCOMPARE(header->visualIndex(SessionModel::Database), header->visualIndex(SessionModel::User) + 1);
    entry(columns, QStringLiteral("Move the current column &left"))->trigger();
    QCOMPARE(header->visualIndex(SessionModel::Database) + 1, header->visualIndex(SessionModel::User));
    // PID, the first column shown (the hidden Server column is before it), goes no further left.
    table->setCurrentIndex(table->model()->index(0, SessionModel::Pid));
    QVERIFY(!entry(columns, QStringLiteral("Move the current column &left"))->isEnabled());
    QVERIFY(entry(columns, QStringLiteral("Move the current column &right"))->isEnabled());

    // Sort: by PID at first; by Database, then descending, as a click on its header would.
    QVERIFY(entry(sort, QStringLiteral("PID"))->isChecked());
    entry(sort, QStringLiteral("Database"))->trigger();
    QCOMPARE(header->sortIndicatorSection(), int(SessionModel::Database));
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    QAbstractItemModel *shown = m_window->sessionView()->model();
    const auto databases = [shown] {
        QStringList out;
        for (int row = 0; row < shown->rowCount(); ++row)
            out << shown->index(row, SessionModel::Database).data().toString();
        return out;
    };
    // (pgsessions' own connection is in postgres, the sessions opened here in games.)
    const auto gamesFirst = [&databases] {
        const QStringList d = databases();
        return d.lastIndexOf(QStringLiteral("games")) < d.indexOf(QStringLiteral("postgres"));
    };
    QVERIFY2(databases().contains(QStringLiteral("games")) && databases().contains(QStringLiteral("postgres")), qPrintable(databases().join(QLatin1Char(','))));
    QVERIFY2(gamesFirst(), qPrintable(databases().join(QLatin1Char(','))));
    QAction *descending = entry(sort, QStringLiteral("&Descending"));
    QVERIFY(descending && !descending->isChecked());
    descending->trigger();
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QVERIFY(entry(sort, QStringLiteral("Database"))->isChecked());
    QVERIFY(entry(sort, QStringLiteral("&Descending"))->isChecked());
    QVERIFY2(databases().indexOf(QStringLiteral("postgres")) < databases().indexOf(QStringLiteral("games")), qPrintable(databases().join(QLatin1Char(','))));
    // A hidden column is not offered to sort by.
    header->setSectionHidden(SessionModel::Application, true);
    QVERIFY(!entry(sort, QStringLiteral("Application"))->isVisible());
    header->setSectionHidden(SessionModel::Application, false);
    m_window->sessionView()->sortByColumn(SessionModel::Pid, Qt::AscendingOrder);

    // The header's right-click menu: the columns to show, not the moves (it would move the
    // current cell's column, not the one clicked; a drag moves that).
    QStringList offered;
    QTimer::singleShot(100, this, [&offered] {
        if (auto *popup = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
            for (QAction *a : popup->actions()) {
                if (a->isVisible() && !a->isSeparator())
                    offered << a->text();
            }
            popup->close();
        }
    });
    emit header->customContextMenuRequested(QPoint(10, 5));
    QVERIFY2(offered.contains(QStringLiteral("Client")), qPrintable(offered.join(QLatin1Char('|'))));
    QVERIFY2(!offered.join(QLatin1Char('|')).contains(QLatin1String("Move")), qPrintable(offered.join(QLatin1Char('|'))));
    QVERIFY(entry(columns, QStringLiteral("Move the current column &right"))->isVisible()); // from the View menu, they are

    // While the blocking tree is shown in the table's place, both menus are off.
    m_window->sessionsPanel()->showBlocking(true);
    emit view->aboutToShow();
    QVERIFY(!columns->menuAction()->isEnabled() && !sort->menuAction()->isEnabled());
    m_window->sessionsPanel()->showBlocking(false);
    emit view->aboutToShow();
    QVERIFY(columns->menuAction()->isEnabled() && sort->menuAction()->isEnabled());
}

// The log cannot be closed; View ▸ Log (Ctrl+L) takes the keyboard there, and is not a
// greyed, checked toggle.
void TestMainWindow::theLogIsReachedFromTheKeyboard()
{
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->sessionView()->setFocus();
    QAction *log = m_window->action(QStringLiteral("goToLog"));
    QVERIFY(log && log->isEnabled() && !log->isCheckable());
    QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier);
    auto *pane = m_window->findChild<LogPane *>();
    QVERIFY(pane);
    QTRY_VERIFY(pane->view()->hasFocus());
    QAccessibleInterface *focused = QAccessible::queryAccessibleInterface(QApplication::focusWidget());
    QVERIFY(focused && !focused->text(QAccessible::Name).isEmpty());

    // Floated, the log is a window of its own: the keyboard goes there too.
    auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("logDock"));
    QVERIFY(dock);
    dock->setFloating(true);
    QVERIFY(QTest::qWaitForWindowExposed(dock));
    QApplication::setActiveWindow(m_window.get()); // (the offscreen platform activates the window shown last)
    QTRY_VERIFY(m_window->isActiveWindow() && !dock->isActiveWindow());
    m_window->sessionView()->setFocus();
    QVERIFY(!pane->view()->hasFocus());
    QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier);
    QTRY_VERIFY(dock->isActiveWindow());
    QTRY_VERIFY(pane->view()->hasFocus());
    dock->setFloating(false);
}

// A pooler database that a killed pgsessions left disabled and paused (its journal has the
// DISABLE, not the ENABLE; written as earlier versions wrote it, which named the pooler
// but gave no key for it): the banner of the server behind the pooler offers to let its
// clients in again, with a button named for it; one click does, and the offer goes. An
// offer left by a kill-all on another server behind the same pooler shows on the pooler's
// node only, and goes once the alias is seen letting its clients in.
void TestMainWindow::aPoolerDatabaseLeftShutIsOfferedWithTheServerBehindIt()
{
    LocalPooler::Options options;
    options.databases = {{QStringLiteral("games"), QStringLiteral("games"), QStringLiteral("session")}};
    LocalPooler pooler(m_cluster, options);
    QVERIFY_OK(pooler.start());
    {
        Expected<pg::Connection> console = pg::Connection::connect(pooler.conninfo(), 5);
        QVERIFY2(console.ok(), qPrintable(console.error().message()));
        QVERIFY(console->exec(QByteArrayLiteral("DISABLE games")).ok());
        QVERIFY(console->exec(QByteArrayLiteral("KILL games")).ok());
    }
    const QString key = m_window->registry()->monitor(m_server)->serverKey();
    m_window.reset();
    const QString action = QStringLiteral("killed-pooler-run");
    const QJsonObject start{{QStringLiteral("record"), QStringLiteral("start")}, {QStringLiteral("action"), action},
                            {QStringLiteral("kind"), QStringLiteral("kill all")}, {QStringLiteral("server_key"), key},
                            {QStringLiteral("server"), QStringLiteral("named otherwise then")}, {QStringLiteral("database"), QStringLiteral("games")},
                            {QStringLiteral("process_id"), 0}, {QStringLiteral("block_new_connections"), true},
                            {QStringLiteral("keep_blocked"), false},
                            {QStringLiteral("also_at_pooler"), QJsonObject{{QStringLiteral("pooler"), QStringLiteral("bouncer")},
                                                                           {QStringLiteral("databases"), QJsonArray{QStringLiteral("games")}}}}};
    const QJsonObject disabled{{QStringLiteral("record"), QStringLiteral("step")}, {QStringLiteral("action"), action},
                               {QStringLiteral("step"), QStringLiteral("pooler disabled")}, {QStringLiteral("pooler"), QStringLiteral("bouncer")},
                               {QStringLiteral("databases"), QJsonArray{QStringLiteral("games")}},
                               {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    // The same pooler shut out by a kill-all on another server behind it: offered on the
    // pooler's node, not on this server's.
    QJsonObject elsewhere = start, elsewhereDisabled = disabled;
    elsewhere.insert(QStringLiteral("action"), QStringLiteral("killed-elsewhere"));
    elsewhere.insert(QStringLiteral("server_key"), QStringLiteral("profile:elsewhere"));
    elsewhere.insert(QStringLiteral("server"), QStringLiteral("elsewhere"));
    elsewhereDisabled.insert(QStringLiteral("action"), QStringLiteral("killed-elsewhere"));
    QVERIFY(appendToJournal({start, disabled, elsewhere, elsewhereDisabled}));
    init(); // the next start reads the journal
    ServerOptions poolerOptions;
    poolerOptions.name = QStringLiteral("bouncer");
    poolerOptions.intervalMs = 100;
    const int poolerId = m_window->registry()->addServer(specOf(pooler.conninfo()), poolerOptions);
    m_window->registry()->linkPooler(m_server, poolerId);
    ServerTreeModel *tree = m_window->serverTreeModel();
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(m_server));

    auto *banner = m_window->findChild<DatabaseBanner *>();
    QVERIFY(banner);
    const QString name = QStringLiteral("Let the clients of pooler database \"games\" on bouncer in again (a kill-all on test)");
    QPushButton *restore = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((restore = banner->findChild<QPushButton *>(QStringLiteral("restore"))) != nullptr, 15000);
    QCOMPARE(QAccessible::queryAccessibleInterface(restore)->text(QAccessible::Name), name);
    QCOMPARE(restore->text(), QStringLiteral("Let clients in again"));
    QStringList texts = bannerTexts(banner);
    QVERIFY2(texts.join(QLatin1Char('|')).contains(QLatin1String("Pooler database \"games\" on bouncer shuts its clients out since")),
             qPrintable(texts.join(QLatin1Char('|'))));
    QVERIFY2(texts.join(QLatin1Char('|')).contains(QLatin1String("did not finish (kill all connections of a database)")),
             qPrintable(texts.join(QLatin1Char('|'))));
    const auto restoreButtons = [&] { return banner->findChildren<QPushButton *>(QStringLiteral("restore")).size(); };
    QCOMPARE(restoreButtons(), 1);
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(poolerId)); // the pooler's node shows both
    QTRY_COMPARE(restoreButtons(), 2);
    // Each names the server whose kill-all it was: by its name now if it is watched.
    texts = bannerTexts(banner);
    QCOMPARE(texts.filter(QLatin1String("Pooler database \"games\" on bouncer")).size(), 2);
    QCOMPARE(texts.filter(QLatin1String("a kill-all of pgsessions on test disabled it")).size(), 1);
    QCOMPARE(texts.filter(QLatin1String("a kill-all of pgsessions on elsewhere disabled it")).size(), 1);
    // So do their buttons, for a screen reader.
    QCOMPARE(bannerButtonNames(banner), (QStringList{QStringLiteral("Dismiss the offer for \"games\" on bouncer (a kill-all on elsewhere)"),
                                 QStringLiteral("Dismiss the offer for \"games\" on bouncer (a kill-all on test)"),
                                 QStringLiteral("Let the clients of pooler database \"games\" on bouncer in again (a kill-all on elsewhere)"), name}));
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(m_server));
    QTRY_COMPARE(restoreButtons(), 1);
    restore = banner->findChild<QPushButton *>(QStringLiteral("restore"));
    QVERIFY(!tree->databaseIndex(poolerId, QStringLiteral("games")).data(ServerTreeModel::AllowConnectionsRole).toBool());
    restore->click();
    QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(tree->databaseIndex(poolerId, QStringLiteral("games")).data(ServerTreeModel::AllowConnectionsRole).toBool(), 10000);
    Expected<pg::Connection> client = pg::Connection::connect(pooler.conninfo(QStringLiteral("games")), 5);
    QVERIFY2(client.ok(), qPrintable(client.error().message()));
    QVERIFY(client->exec(QByteArrayLiteral("SELECT 1")).ok());
    // The other kill-all's offer went with it: the alias is seen letting its clients in.
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(poolerId));
    QVERIFY(QTest::qWaitFor([&] { return unfinishedBlocks(ActionJournal::read(journalPath())).empty(); }, 10000));
    QVERIFY(!banner->isVisible());
}

// A kill-all run at the pooler's own console and cut off, for two of its databases: one
// leads to a database of the server behind the pooler, one to a database that server does
// not have. The server's banner offers only the first; the pooler's node offers both, and
// names no server, as none ran them.
void TestMainWindow::aPoolerKillAllAtThePoolerIsOfferedWhereItsDatabaseLeads()
{
    LocalPooler::Options options;
    options.databases = {{QStringLiteral("games"), QStringLiteral("games"), QStringLiteral("session")},
                         {QStringLiteral("lost"), QStringLiteral("nowhere"), QStringLiteral("session")}};
    LocalPooler pooler(m_cluster, options);
    QVERIFY_OK(pooler.start());
    QVERIFY_OK(pooler.command(QStringLiteral("DISABLE games")));
    QVERIFY_OK(pooler.command(QStringLiteral("DISABLE lost")));
    ServerOptions poolerOptions;
    poolerOptions.name = QStringLiteral("bouncer");
    poolerOptions.intervalMs = 100;
    const QString poolerKey = m_window->registry()->monitor(m_window->registry()->addServer(specOf(pooler.conninfo()), poolerOptions))->serverKey();
    m_window.reset();
    std::vector<QJsonObject> records;
    for (const QString &alias : {QStringLiteral("games"), QStringLiteral("lost")}) {
        const QString action = QStringLiteral("at-pooler-") + alias;
        records.push_back({{QStringLiteral("record"), QStringLiteral("start")}, {QStringLiteral("action"), action},
                           {QStringLiteral("kind"), QStringLiteral("pooler kill all")}, {QStringLiteral("server_key"), poolerKey},
                           {QStringLiteral("server"), QStringLiteral("bouncer")}, {QStringLiteral("database"), alias},
                           {QStringLiteral("process_id"), 0}, {QStringLiteral("keep_disabled"), false}});
        records.push_back({{QStringLiteral("record"), QStringLiteral("step")}, {QStringLiteral("action"), action},
                           {QStringLiteral("step"), QStringLiteral("pooler disabling")}, {QStringLiteral("database"), alias},
                           {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}});
    }
    QVERIFY(appendToJournal(records));
    init(); // the next start reads the journal
    const int poolerId = m_window->registry()->addServer(specOf(pooler.conninfo()), poolerOptions);
    m_window->registry()->linkPooler(m_server, poolerId);
    ServerTreeModel *tree = m_window->serverTreeModel();
    auto *banner = m_window->findChild<DatabaseBanner *>();
    QVERIFY(banner);
    const auto buttonNames = [banner] { return bannerButtonNames(banner, QStringLiteral("restore")); };
    const QString games = QStringLiteral("Let the clients of pooler database \"games\" on bouncer in again");
    const QString lost = QStringLiteral("Let the clients of pooler database \"lost\" on bouncer in again");
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(poolerId));
    QTRY_COMPARE_WITH_TIMEOUT(buttonNames(), (QStringList{games, lost}), 15000);
    QCOMPARE(bannerTexts(banner).filter(QLatin1String("a kill-all of pgsessions disabled it and did not finish (kill all clients of a pooler database)")).size(), 2);
    // The server behind it, once both have been polled: "lost" leads to none of its databases.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->registry()->monitor(poolerId)->lastSnapshot(), 10000);
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(m_server));
    QTRY_COMPARE_WITH_TIMEOUT(buttonNames(), QStringList{games}, 10000);
    QTest::qWait(300); // polls of both, and still
    QCOMPARE(buttonNames(), QStringList{games});
    // Dismissed on the pooler's node, one after the other: the journal holds them settled.
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(poolerId));
    QTRY_COMPARE(buttonNames().size(), 2);
    for (const qsizetype left : {1, 0}) {
        banner->findChild<QPushButton *>(QStringLiteral("dismiss"))->click();
        QTRY_COMPARE(buttonNames().size(), left);
    }
    QVERIFY(unfinishedBlocks(ActionJournal::read(journalPath())).empty());
    QVERIFY(!banner->isVisible());
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"

// A PgBouncer watched beside the server behind it: its databases in the tree with their
// pools, its clients and server connections in place of the sessions (columns its version
// lacks absent), who a backend serves in the details, and a kill-all of a pooler database
// from its node, confirmed, with each step in the log.
void TestMainWindow::aPoolerIsWatchedAndItsClientsShutOut()
{
    LocalPooler::Options options;
    options.databases = {{QStringLiteral("games"), QStringLiteral("games"), QStringLiteral("session")}};
    LocalPooler pooler(m_cluster, options);
    QVERIFY_OK(pooler.start());
    std::vector<pg::Connection> clients;
    for (int i = 0; i < 2; ++i) {
        Expected<pg::Connection> c = pg::Connection::connect(pooler.conninfo(QStringLiteral("games")) + QStringLiteral(" application_name=web-%1").arg(i), 5);
        QVERIFY2(c.ok(), qPrintable(c.error().message()));
        QVERIFY(c->exec(QByteArrayLiteral("SELECT 1")).ok());
        clients.push_back(std::move(c).value());
    }
    ServerOptions poolerOptions;
    poolerOptions.name = QStringLiteral("bouncer");
    poolerOptions.intervalMs = 100;
    const int poolerId = m_window->registry()->addServer(specOf(pooler.conninfo()), poolerOptions);
    ServerOptions linkedOptions;
    linkedOptions.name = QStringLiteral("behind");
    linkedOptions.intervalMs = 100;
    linkedOptions.poolerServer = poolerId;
    const int linked = m_window->registry()->addServer(specOf(m_cluster.conninfo()), linkedOptions);

    ServerTreeModel *tree = m_window->serverTreeModel();
    QTRY_VERIFY_WITH_TIMEOUT(tree->serverIndex(poolerId).data().toString().contains(QStringLiteral("PgBouncer ") + pooler.version()), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(tree->databaseIndex(poolerId, QStringLiteral("games")).data().toString().contains(QLatin1String("clients 2 active")), 10000);
    m_window->serverTree()->setCurrentIndex(tree->databaseIndex(poolerId, QStringLiteral("games")));
    SessionsPanel *panel = m_window->sessionsPanel();
    QVERIFY(panel->poolerShown());
    PoolerPanel *poolerPanel = panel->poolerPanel();
    QTRY_COMPARE_WITH_TIMEOUT(poolerPanel->view()->model()->rowCount(), 2, 10000);
    QCOMPARE(poolerPanel->view()->accessibleName(), QStringLiteral("Pooler clients"));
    QCOMPARE(poolerPanel->rowsBox()->accessibleName(), QStringLiteral("Pooler view"));
    const PoolerModel *model = poolerPanel->model();
    const int application = model->columnTitled(QStringLiteral("Application"));
    QVERIFY(application >= 0);
    QStringList apps{model->index(0, application).data().toString(), model->index(1, application).data().toString()};
    apps.sort();
    QCOMPARE(apps, (QStringList{QStringLiteral("web-0"), QStringLiteral("web-1")}));
    if (model->state()->versionNum < 12400) {
        QCOMPARE(model->columnTitled(QStringLiteral("Id")), -1); // 1.18 has no client id: absent, not empty
        QVERIFY(!m_window->poolerActions()->killClient()->isEnabled());
        QVERIFY(m_window->poolerActions()->killClient()->toolTip().contains(QLatin1String("1.24")));
    }
    poolerPanel->rowsBox()->setCurrentIndex(1);
    QCOMPARE(poolerPanel->view()->accessibleName(), QStringLiteral("Pooler server connections"));
    const int backend = model->columnTitled(QStringLiteral("Backend PID"));
    QVERIFY(backend >= 0);
    QTRY_COMPARE(model->rowCount(), 2);
    const int backendPid = model->index(0, backend).data().toInt();
    QVERIFY(backendPid > 0);

    // The server behind it: the backend's details say which pooler client it serves.
    QTRY_VERIFY_WITH_TIMEOUT(tree->serverIndex(linked).data().toString().contains(QLatin1String("PostgreSQL")), 10000);
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(linked));
    QVERIFY(!panel->poolerShown());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->sessionsPanel()->selectPid(linked, backendPid), 10000);
    auto *poolerClient = m_window->detailsPane()->findChild<QLabel *>(QStringLiteral("poolerClient"));
    QVERIFY(poolerClient);
    QTRY_VERIFY_WITH_TIMEOUT(poolerClient->text().contains(QLatin1String(" via bouncer")), 10000);
    QVERIFY(poolerClient->text().contains(QLatin1String("web-")));
    QVERIFY(poolerClient->accessibleName().startsWith(QLatin1String("Pooler client: ")));

    // Kill all on the pooler's database node: the pooler's own steps.
    m_window->serverTree()->setCurrentIndex(tree->databaseIndex(poolerId, QStringLiteral("games")));
    QVERIFY(m_window->poolerActions()->menu()->menuAction()->isVisible());
    QVERIFY(!m_window->action(QStringLiteral("blockConnections"))->isEnabled());
    // Disabled from the console by someone else: Enable is offered at the poll that shows
    // the node disabled, not a poll later.
    {
        QAction *enable = m_window->poolerActions()->action(QStringLiteral("ENABLE"));
        QAction *disable = m_window->poolerActions()->action(QStringLiteral("DISABLE"));
        QVERIFY(enable && disable);
        QVERIFY(!enable->isEnabled() && disable->isEnabled());
        Expected<pg::Connection> console = pg::Connection::connect(pooler.conninfo(), 5);
        QVERIFY2(console.ok(), qPrintable(console.error().message()));
        QVERIFY(console->exec(QByteArrayLiteral("DISABLE games")).ok()); // (the console speaks the simple protocol only)
        QTRY_VERIFY_WITH_TIMEOUT(!tree->databaseIndex(poolerId, QStringLiteral("games")).data(ServerTreeModel::AllowConnectionsRole).toBool(), 10000);
        QVERIFY(enable->isEnabled());
        QVERIFY(!disable->isEnabled());
        QVERIFY(console->exec(QByteArrayLiteral("ENABLE games")).ok());
        QTRY_VERIFY_WITH_TIMEOUT(tree->databaseIndex(poolerId, QStringLiteral("games")).data(ServerTreeModel::AllowConnectionsRole).toBool(), 10000);
        QVERIFY(disable->isEnabled());
    }
    QStringList listed;
    QString heading;
    m_window->poolerActions()->setConfirmHook([&](PoolerConfirmDialog *dialog) {
        heading = dialog->heading();
        for (QListWidget *list : dialog->findChildren<QListWidget *>())
            for (int i = 0; i < list->count(); ++i)
                listed << list->item(i)->text();
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    QTest::keyClick(m_window.get(), Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY2(heading.contains(QLatin1String("games")), qPrintable(heading));
    QCOMPARE(listed.size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->logModel()->index(0, ActionLogModel::Result).data().toString().startsWith(QLatin1String("done")), 15000);
    const QModelIndex entry = m_window->logModel()->index(0, 0);
    QStringList steps;
    for (int r = 0; r < m_window->logModel()->rowCount(entry); ++r)
        steps << m_window->logModel()->index(r, ActionLogModel::What, entry).data().toString() + QLatin1Char(' ')
                     + m_window->logModel()->index(r, ActionLogModel::Result, entry).data().toString();
    QCOMPARE(steps, (QStringList{QStringLiteral("DISABLE games done"), QStringLiteral("KILL games done"), QStringLiteral("RESUME games done"),
                                 QStringLiteral("ENABLE games done")}));
    for (pg::Connection &c : clients)
        QVERIFY(!c.exec(QByteArrayLiteral("SELECT 1")).ok());

    // A server watched through the pooler's port says so, and so does its confirmation.
    ServerOptions throughOptions;
    throughOptions.name = QStringLiteral("through");
    throughOptions.intervalMs = 100;
    const int through = m_window->registry()->addServer(specOf(pooler.conninfo(QStringLiteral("games"))), throughOptions);
    QTRY_VERIFY_WITH_TIMEOUT(tree->serverIndex(through).data().toString().contains(QLatin1String("through a pooler")), 15000);
    ConfirmDialog::Context context;
    context.kind = ActionRequest::Terminate;
    context.serverName = QStringLiteral("through");
    context.pooled = true;
    context.sessions = {m_window->sessionModel()->session(0)};
    ConfirmDialog dialog(context, m_window.get());
    QVERIFY(dialog.warnings().join(QLatin1Char(' ')).contains(QLatin1String("does not end its client")));
}

// A server-wide kill cut off by a crash leaves one offer per database it blocked: the
// banner stays about three offers high and scrolls, no row's words are cut, the sessions
// table keeps its room, and Tab reaches the last offer, which the space bar restores.
void TestMainWindow::manyOffersScrollAndEachIsReachedByKeyboard()
{
    QStringList databases;
    for (int i = 1; i <= 8; ++i) {
        databases << QStringLiteral("left%1").arg(i);
        QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE %1").arg(databases.last())));
        QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS false").arg(databases.last())));
    }
    const QString key = m_window->registry()->monitor(m_server)->serverKey();
    const int tableBefore = m_window->sessionView()->height();
    m_window.reset();
    const QString action = QStringLiteral("killed-server-run");
    std::vector<QJsonObject> records{{{QStringLiteral("record"), QStringLiteral("start")}, {QStringLiteral("action"), action},
                                      {QStringLiteral("kind"), QStringLiteral("kill server")}, {QStringLiteral("server_key"), key},
                                      {QStringLiteral("server"), QStringLiteral("test")}, {QStringLiteral("process_id"), 0},
                                      {QStringLiteral("block_new_connections"), true}, {QStringLiteral("keep_blocked"), false}}};
    for (const QString &database : std::as_const(databases))
        records.push_back({{QStringLiteral("record"), QStringLiteral("step")}, {QStringLiteral("action"), action},
                           {QStringLiteral("step"), QStringLiteral("blocked")}, {QStringLiteral("database"), database},
                           {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}});
    QVERIFY(appendToJournal(records));
    init(); // the next start reads the journal
    m_window->serverTree()->setCurrentIndex(m_window->serverTreeModel()->serverIndex(m_server));

    auto *banner = m_window->findChild<DatabaseBanner *>();
    QVERIFY(banner);
    const auto restoreButtons = [&] { // top to bottom
        QList<QPushButton *> buttons = banner->findChildren<QPushButton *>(QStringLiteral("restore"));
        std::sort(buttons.begin(), buttons.end(), [&](QPushButton *a, QPushButton *b) { return a->mapTo(banner, QPoint()).y() < b->mapTo(banner, QPoint()).y(); });
        return buttons;
    };
    QTRY_COMPARE_WITH_TIMEOUT(restoreButtons().size(), 8, 15000);
    QTRY_VERIFY(banner->isVisible());
    auto *area = banner->findChild<QScrollArea *>();
    QVERIFY(area);
    QCOMPARE(QAccessible::queryAccessibleInterface(area)->text(QAccessible::Name), QStringLiteral("Databases refusing connections"));
    QTRY_VERIFY(area->widget()->height() > area->viewport()->height()); // it scrolls
    QVERIFY2(banner->height() <= banner->fontMetrics().lineSpacing() * 14, qPrintable(QString::number(banner->height())));
    // At least the first offer in full view, and none of its words cut (once laid out).
    const auto laidOut = [&]() -> QString {
        int shownWhole = 0;
        for (const QLabel *label : banner->findChildren<QLabel *>()) {
            if (label->height() < label->heightForWidth(label->width()))
                return QStringLiteral("cut: ") + label->text();
            shownWhole += label->visibleRegion().boundingRect().height() == label->height() ? 1 : 0;
        }
        return shownWhole >= 1 ? QString() : QStringLiteral("no offer in full view");
    };
    QTRY_COMPARE(laidOut(), QString());
    QVERIFY2(m_window->sessionView()->height() >= tableBefore - banner->height() - 20,
             qPrintable(QStringLiteral("%1 of %2").arg(m_window->sessionView()->height()).arg(tableBefore)));

    // The keyboard: Tab from the first offer's button to the last one's, scrolled into view.
    QPushButton *last = restoreButtons().last();
    QCOMPARE(QAccessible::queryAccessibleInterface(last)->text(QAccessible::Name), QStringLiteral("Allow connections to \"left8\" on test again"));
    QVERIFY(last->visibleRegion().isEmpty());
    restoreButtons().first()->setFocus(Qt::TabFocusReason);
    for (int i = 0; i < 2 * 8 && QApplication::focusWidget() != last; ++i)
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), last);
    QTRY_VERIFY(!last->visibleRegion().isEmpty());
    QTest::keyClick(last, Qt::Key_Space);
    QTRY_COMPARE_WITH_TIMEOUT(m_cluster.value(QStringLiteral("SELECT datallowconn FROM pg_database WHERE datname = 'left8'")), QStringLiteral("t"), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(restoreButtons().size(), 7, 15000);

    // Allowed by somebody else: their offers go by themselves.
    for (const QString &database : std::as_const(databases))
        QVERIFY_OK(m_cluster.exec(QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS true").arg(database)));
    QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 15000);
    m_window.reset();
    for (const QString &database : std::as_const(databases))
        QVERIFY_OK(m_cluster.exec(QStringLiteral("DROP DATABASE %1").arg(database)));
}
