// SPDX-License-Identifier: GPL-3.0-or-later
// The minimal main window, offscreen, against a real server.
#include "cluster_fixture.h"
#include "main_window.h"
#include "server_monitor.h"
#include "session_model.h"
#include "test_session.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtTest>

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsLiveSessionsAndKeepsTheSelection();
    void refreshKeyPollsNow();

private:
    int viewRowOf(MainWindow &window, int pid);
    TestCluster m_cluster;
};

void TestMainWindow::initTestCase()
{
    PGSESSIONS_START_CLUSTER(m_cluster);
}

int TestMainWindow::viewRowOf(MainWindow &window, int pid)
{
    QAbstractItemModel *model = window.sessionView()->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data(SessionModel::PidRole).toInt() == pid)
            return r;
    }
    return -1;
}

void TestMainWindow::showsLiveSessionsAndKeepsTheSelection()
{
    MainWindow window;
    QString error;
    const int id = window.addServer(ConnectionSpec::parse(m_cluster.conninfo(), &error));
    window.monitor(id)->setIntervalMs(100);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto kept = TestSession::open(m_cluster, {QStringLiteral("postgres"), QStringLiteral("postgres"), QStringLiteral("kept"), false}, &error);
    QVERIFY2(kept, qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(viewRowOf(window, kept->pid()) >= 0, 10000);
    QTableView *view = window.sessionView();
    view->selectRow(viewRowOf(window, kept->pid()));
    view->setCurrentIndex(view->model()->index(viewRowOf(window, kept->pid()), SessionModel::State));

    // Sessions come and go around the selected one, for several polls.
    std::vector<std::unique_ptr<TestSession>> churn;
    for (int i = 0; i < 6; ++i) {
        auto s = TestSession::open(m_cluster, &error);
        QVERIFY2(s, qPrintable(error));
        churn.push_back(std::move(s));
        if (i % 2)
            churn.erase(churn.begin());
        QTest::qWait(150);
    }
    QTRY_VERIFY_WITH_TIMEOUT(viewRowOf(window, churn.back()->pid()) >= 0, 10000);
    const QModelIndexList selected = view->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(SessionModel::PidRole).toInt(), kept->pid());
    QCOMPARE(view->currentIndex().data(SessionModel::PidRole).toInt(), kept->pid());
}

void TestMainWindow::refreshKeyPollsNow()
{
    MainWindow window;
    QString error;
    const int id = window.addServer(ConnectionSpec::parse(m_cluster.conninfo(), &error));
    ServerMonitor *monitor = window.monitor(id);
    monitor->setIntervalMs(60000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(window.sessionModel()->rowCount() > 0, 10000);
    QSignalSpy snaps(monitor, &ServerMonitor::snapshotReady);
    QTest::keyClick(&window, Qt::Key_F5);
    QVERIFY(snaps.wait(5000));
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
