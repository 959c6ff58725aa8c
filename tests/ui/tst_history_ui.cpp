// SPDX-License-Identifier: GPL-3.0-or-later
// The timeline and the History slider in the main window, offscreen, against a real
// server: a session that ran and ended is shown at its moment, marked as ended; actions
// are off while rewound; End and Live come back; a click on the chart rewinds; the
// tree's counts follow; every control reaches a screen reader.
#include "actions/action_journal.h"
#include "client_session.h"
#include "cluster_fixture.h"
#include "history/history_panel.h"
#include "history/history_store.h"
#include "history/timeline_chart.h"
#include "models/server_tree_model.h"
#include "models/session_filter_model.h"
#include "models/session_model.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "sessions/sessions_panel.h"
#include "test_session.h"
#include "window/main_window.h"


#include <QAccessible>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSlider>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>
#include <QtTest>

#include <cmath>

namespace {

QString accessible(QWidget *w, QAccessible::Text what = QAccessible::Name)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    return iface ? iface->text(what) : QString();
}

QString labelOf(QWidget *w)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    if (!iface)
        return {};
    for (const auto &relation : iface->relations(QAccessible::Label))
        return relation.first->text(QAccessible::Name).remove(QLatin1Char('&'));
    return {};
}

/// Whether the chart, as it looks now, has @p colour somewhere in the column of @p atMs.
bool drawnAt(HistoryPanel *panel, qint64 atMs, const QColor &colour)
{
    const QImage image = panel->chart()->grab().toImage();
    const int x = int(panel->chart()->positionOf(QPointF(panel->chartX(atMs), 0)).x());
    for (int y = 0; y < image.height(); ++y) {
        if (image.pixelColor(x, y) == colour)
            return true;
    }
    return false;
}

const QColor kTimeoutColour(188, 189, 34); ///< the chart's colour for waits on a timeout

} // namespace

class TestHistoryUi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theSliderRewindsToASessionThatHasEnded();
    void aPollBetweenTwoSilencesIsDrawn();
    void theChartIsRedrawnByThePolls();
    void withHistoryOffThereIsNothingToRewind();

private:
    int rowOf(int pid) const;
    /// A window with history kept beside @p journal, watching the test's server as
    /// @p name every @p intervalMs, shown, that server picked in the tree; its id.
    int showWindow(const QString &journal, const QString &name, int intervalMs = 200);

    TestCluster m_cluster;
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestHistoryUi::initTestCase()
{
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("pgsessions-tests"));
    QSettings().remove(QStringLiteral("history"));
    PGSESSIONS_START_CLUSTER(m_cluster);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE shop")));
}

int TestHistoryUi::rowOf(int pid) const
{
    const SessionModel *model = m_window->sessionModel();
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data(SessionModel::PidRole).toInt() == pid)
            return r;
    }
    return -1;
}

int TestHistoryUi::showWindow(const QString &journal, const QString &name, int intervalMs)
{
    m_window = std::make_unique<MainWindow>(std::make_shared<ActionJournal>(journal));
    ServerOptions options;
    options.name = name;
    options.intervalMs = intervalMs;
    const int server = m_window->registry()->addServer(specOf(m_cluster.conninfo()), options);
    m_window->resize(1400, 900);
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        return 0;
    m_window->serverTree()->setCurrentIndex(m_window->serverTreeModel()->serverIndex(server));
    return server;
}

void TestHistoryUi::theSliderRewindsToASessionThatHasEnded()
{
    const int server = showWindow(m_dir.filePath(QStringLiteral("journal.jsonl")), QStringLiteral("test"));
    QVERIFY(server);
    ServerRegistry *registry = m_window->registry();
    QVERIFY(registry->history());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->sessionModel()->rowCount() > 0, 15000);

    HistoryPanel *panel = m_window->sessionsPanel()->historyPanel();
    QSlider *slider = panel->slider();
    // What the panel tells the status bar (a moment that could not be read), for the
    // messages of failed checks.
    QStringList said;
    connect(panel, &HistoryPanel::message, this, [&said](const QString &text) { said << text; });
    const auto state = [&] {
        return QStringLiteral("live %1, slider %2 (range %3-%4), moment %5, said: %6")
            .arg(registry->isLive())
            .arg(slider->value())
            .arg(slider->minimum())
            .arg(slider->maximum())
            .arg(panel->momentLabel()->text(), said.join(QStringLiteral(" | ")));
    };
    // What a screen reader says of each control.
    QCOMPARE(accessible(slider), QStringLiteral("History"));
    // A combo box's name is its current text on Linux; its label names it.
    QCOMPARE(accessible(panel->rangeBox()), QStringLiteral("Last 5 minutes"));
    QCOMPARE(labelOf(panel->rangeBox()), QStringLiteral("Timeline:"));
    QCOMPARE(accessible(panel->liveButton()), QStringLiteral("Back to live"));
    QCOMPARE(accessible(panel->chart()), QStringLiteral("Timeline"));
    QCOMPARE(accessible(slider, QAccessible::Description), QStringLiteral("Live"));
    QVERIFY(!panel->liveButton()->isEnabled());
    // The time axis reads back from now, a label a minute over 5 minutes; other ranges
    // label it anew.
    const auto timeLabels = [panel] { return panel->chart()->timeLabels(); };
    const QString minus(QChar(0x2212));
    QCOMPARE(timeLabels(), (QStringList{minus + QStringLiteral("4 min"), minus + QStringLiteral("3 min"), minus + QStringLiteral("2 min"),
                                        minus + QStringLiteral("1 min"), QStringLiteral("now")}));
    panel->rangeBox()->setCurrentIndex(1);
    QCOMPARE(timeLabels().value(0), minus + QStringLiteral("50 min"));
    QCOMPARE(timeLabels().size(), 6);
    panel->rangeBox()->setCurrentIndex(2);
    QCOMPARE(timeLabels().value(0), minus + QStringLiteral("20 h"));
    QCOMPARE(timeLabels().value(timeLabels().size() - 1), QStringLiteral("now"));
    panel->rangeBox()->setCurrentIndex(0);
    QCOMPARE(timeLabels().size(), 5);

    // A report runs in shop for a while, then ends.
    TestSession::Options o;
    o.database = QStringLiteral("shop");
    o.application = QStringLiteral("nightly-report");
    auto report = TestSession::open(m_cluster, o);
    QVERIFY(report);
    const int pid = report->pid();
    QVERIFY(report->makeActive(30));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(pid) >= 0 && m_window->sessionModel()->index(rowOf(pid), SessionModel::State).data().toString() == QLatin1String("active"), 10000);
    // The polls stop and the chart reads its range again (another range, and back): its
    // newest stretch, which a screen reader hears of, holds the report's wait. (The last
    // polls' samples were missing from the file until its next batch, up to 5 s later.)
    registry->setPaused(true);
    QTest::qWait(400); // a poll under way lands
    panel->rangeBox()->setCurrentIndex(1);
    panel->rangeBox()->setCurrentIndex(0);
    const auto chartSays = [panel] { return QAccessible::queryAccessibleInterface(panel->chart())->text(QAccessible::Description); };
    QTRY_VERIFY2_WITH_TIMEOUT(chartSays().contains(QLatin1String("Timeout")), qPrintable(chartSays()), 5000);
    QSignalSpy resumed(registry->monitor(server), &ServerMonitor::snapshotReady);
    registry->setPaused(false);
    QVERIFY(resumed.wait(5000)); // polled again: the moment below, a second on, follows a poll
    QTest::qWait(1000);
    const qint64 during = QDateTime::currentMSecsSinceEpoch();
    // The newest polls are drawn up to the chart's end (a stretch was drawn from its
    // middle on, the newest half-stretch left blank).
    QTRY_VERIFY_WITH_TIMEOUT(panel->chartEndMs() > during && drawnAt(panel, panel->chartEndMs() - 100, kTimeoutColour), 5000);
    QTest::qWait(1000);
    const QModelIndex shop = m_window->serverTreeModel()->databaseIndex(server, QStringLiteral("shop"));
    QCOMPARE(shop.data(ServerTreeModel::ActiveRole).toInt(), 1);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid)));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(pid) < 0, 10000);
    QTRY_COMPARE(shop.data(ServerTreeModel::ActiveRole).toInt(), 0);
    // The chart shows its wait while it ran.
    QTRY_VERIFY_WITH_TIMEOUT(panel->describeMoment(during).contains(QLatin1String("Timeout")), 5000);
    QVERIFY2(panel->describeMoment(during).contains(QLatin1String("Timeout:PgSleep")), qPrintable(panel->describeMoment(during)));
    // It is drawn: the wait's band in the legend, and its colour where that moment is.
    QTRY_VERIFY_WITH_TIMEOUT(panel->chart()->legend().contains(QLatin1String("Timeout")) && drawnAt(panel, during, kTimeoutColour), 10000); // (redrawn every 2 s; slower under load)
    QVERIFY(!panel->chart()->legend().contains(QLatin1String("shown")));
    QVERIFY(!drawnAt(panel, panel->chartEndMs() - 295 * 1000, kTimeoutColour)); // nothing waited five minutes ago
    // A screen reader hears of it: a chart, the newest stretch and the peak (the report).
    {
        QAccessibleInterface *chart = QAccessible::queryAccessibleInterface(panel->chart());
        QVERIFY(chart);
        QCOMPARE(chart->role(), QAccessible::Chart);
        const QString description = chart->text(QAccessible::Description);
        const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("^Now: \\d\\d:\\d\\d:\\d\\d: .*\\. Most at once: (\\d+) sessions$")).match(description);
        QVERIFY2(m.hasMatch(), qPrintable(description));
        QVERIFY2(m.captured(1).toInt() >= 1, qPrintable(description));
    }

    // Back to that moment with the slider, as the keyboard moves it (read from the file,
    // which now holds the last polls too: not written there yet, they read as a gap).
    slider->setFocus();
    slider->setValue(int(during / 1000));
    // A poll that arrives before the moment is read leaves the slider on it (it once put
    // the slider back at its live end while the table went to the moment).
    emit registry->snapshotReady(registry->monitor(server)->lastSnapshot());
    QCOMPARE(slider->value(), int(during / 1000));
    QTRY_VERIFY2_WITH_TIMEOUT(!registry->isLive() && rowOf(pid) >= 0, qPrintable(state()), 5000);
    const int row = rowOf(pid);
    const SessionModel *model = m_window->sessionModel();
    QVERIFY(model->index(row, 0).data(SessionModel::EndedRole).toBool());
    QCOMPARE(model->index(row, SessionModel::State).data().toString(), QStringLiteral("active (ended since)"));
    QCOMPARE(model->index(row, SessionModel::WaitEvent).data().toString(), QStringLiteral("Timeout: PgSleep"));
    QCOMPARE(model->index(row, SessionModel::Application).data().toString(), QStringLiteral("nightly-report"));
    QCOMPARE(shop.data(ServerTreeModel::ActiveRole).toInt(), 1); // the tree's counts follow
    // The slider says the moment and the load there, as hovering the chart would.
    QVERIFY(accessible(slider, QAccessible::Description).startsWith(QDateTime::fromMSecsSinceEpoch(during).toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    QVERIFY2(accessible(slider, QAccessible::Description).contains(QLatin1String("top waits: Timeout:PgSleep")),
             qPrintable(accessible(slider, QAccessible::Description)));
    QVERIFY(accessible(panel->momentLabel()).startsWith(QStringLiteral("At ")));
    QTRY_VERIFY(panel->chart()->legend().contains(QLatin1String("shown"))); // the moment is marked
    // Nothing is ended from the past.
    m_window->sessionView()->selectRow(m_window->proxyModel()->mapFromSource(model->index(row, 0)).row());
    QVERIFY(!m_window->action(QStringLiteral("terminate"))->isEnabled());
    QVERIFY(!m_window->action(QStringLiteral("killServer"))->isEnabled());
    QVERIFY(panel->liveButton()->isEnabled());
    // Polls go on meanwhile without moving the table.
    QTest::qWait(600);
    QVERIFY(!registry->isLive());
    QVERIFY(rowOf(pid) >= 0);

    // End: live again.
    QTest::keyClick(slider, Qt::Key_End);
    QTRY_VERIFY(registry->isLive());
    QTRY_VERIFY(rowOf(pid) < 0);
    QTRY_COMPARE(shop.data(ServerTreeModel::ActiveRole).toInt(), 0);
    QVERIFY(!panel->liveButton()->isEnabled());
    QCOMPARE(accessible(slider, QAccessible::Description), QStringLiteral("Live"));

    // A click on the chart at that moment rewinds too, to the second nearest to the point
    // clicked; the Live button comes back.
    QPoint at;
    qint64 clickedMs = 0;
    {
        // The chart's right end is the clock of its last redraw (at most 30 s ago): the
        // moment is placed against it, as the chart places its points.
        const qreal sinceEnd = panel->chartX(QDateTime::currentMSecsSinceEpoch());
        QVERIFY2(sinceEnd >= 0 && sinceEnd <= 31, qPrintable(QString::number(sinceEnd)));
        at = panel->chart()->positionOf(QPointF(panel->chartX(during), 0)).toPoint() - QPoint(0, 3);
        clickedMs = panel->chartEndMs() + qint64(std::llround(panel->chart()->valueAt(at).x() * 1000));
        QTest::mouseClick(panel->chart(), Qt::LeftButton, {}, at);
    }
    // (Taken as the second the click fell in, the moment lay up to a second and a pixel
    // earlier: now and then before the report's first poll as active, when idle sessions
    // are counted, not listed. The check then failed after its 15 s.)
    QTRY_VERIFY2_WITH_TIMEOUT(!registry->isLive() && rowOf(pid) >= 0, qPrintable(state() + QStringLiteral(", the report at %1").arg(during / 1000)),
                              15000);
    QVERIFY2(qAbs(qint64(slider->value()) * 1000 - clickedMs) <= 500, qPrintable(QStringLiteral("clicked %1 ms, shown %2 s").arg(clickedMs).arg(slider->value())));
    QTest::mouseClick(panel->liveButton(), Qt::LeftButton);
    QTRY_VERIFY(registry->isLive());
    QTRY_VERIFY(rowOf(pid) < 0);
    m_window.reset();
}

void TestHistoryUi::aPollBetweenTwoSilencesIsDrawn()
{
    // pgsessions polled once half a minute ago, and not in the seconds before or after (it was
    // closed, or the server was down): that poll's stretch of the chart is drawn, a stretch
    // wide. (Drawn from the middle of one stretch to the middle of the next, a stretch with
    // a silence on both sides had no width, and a server back after an outage showed
    // nothing until its second stretch: 2 s over 5 minutes, 10 minutes over a day.)
    const QString folder = m_dir.filePath(QStringLiteral("lone"));
    QVERIFY(QDir().mkpath(folder));
    const int server = showWindow(folder + QStringLiteral("/journal.jsonl"), QStringLiteral("lone"));
    QVERIFY(server);
    ServerRegistry *registry = m_window->registry();
    QVERIFY(registry->history());
    HistoryPanel *panel = m_window->sessionsPanel()->historyPanel();

    auto poll = std::make_shared<Snapshot>();
    Session waiting = clientSession(4747, 1, QStringLiteral("active"), QStringLiteral("SELECT pg_sleep(60)"));
    waiting.waitEventType = QStringLiteral("Timeout");
    waiting.waitEvent = QStringLiteral("PgSleep");
    poll->sessions.push_back(waiting);
    // A transaction left open: the dashed line on the stack.
    Session holding = clientSession(4748, 1, QStringLiteral("idle in transaction"), QStringLiteral("UPDATE orders SET paid = true"));
    holding.waitEventType = QStringLiteral("Client");
    holding.waitEvent = QStringLiteral("ClientRead");
    poll->sessions.push_back(holding);
    // (Within the minute the store keeps polls waiting for their batch.)
    const qint64 lone = QDateTime::currentMSecsSinceEpoch() - 30 * 1000;
    registry->history()->record(registry->monitor(server)->serverKey(), poll, lone);
    // The chart reads the file again (another range, and back).
    panel->rangeBox()->setCurrentIndex(1);
    panel->rangeBox()->setCurrentIndex(0);
    QTRY_VERIFY2_WITH_TIMEOUT(panel->describeMoment(lone).contains(QLatin1String("Timeout 1")), qPrintable(panel->describeMoment(lone)), 5000);
    QVERIFY2(panel->describeMoment(lone - 6000).contains(QLatin1String("not polling")), qPrintable(panel->describeMoment(lone - 6000)));
    QVERIFY2(panel->describeMoment(lone + 6000).contains(QLatin1String("not polling")), qPrintable(panel->describeMoment(lone + 6000)));
    // Drawn across its stretch (checked at its middle, clear of the edges' pixels).
    const auto stretch = std::find_if(panel->buckets().begin(), panel->buckets().end(), [lone](const history::LoadBucket &b) { return lone >= b.fromMs && lone < b.toMs; });
    QVERIFY(stretch != panel->buckets().end());
    QVERIFY(drawnAt(panel, (stretch->fromMs + stretch->toMs) / 2, kTimeoutColour));
    // The line of the sessions idle in a transaction stands on the waiting one: the chart
    // reaches up to both (it reached up to the taller of the two alone, and cut the line).
    QVERIFY2(panel->describeMoment(lone).contains(QLatin1String("idle in transaction 1")), qPrintable(panel->describeMoment(lone)));
    const QString says = QAccessible::queryAccessibleInterface(panel->chart())->text(QAccessible::Description);
    QVERIFY2(says.endsWith(QLatin1String("Most at once: 2 sessions")), qPrintable(says));
    QVERIFY(!drawnAt(panel, lone - 6000, kTimeoutColour));
    QVERIFY(!drawnAt(panel, lone + 6000, kTimeoutColour));
    m_window.reset();
}

void TestHistoryUi::theChartIsRedrawnByThePolls()
{
    // Polled every second, the chart is redrawn every 2 s. Its timer fired on its own, a
    // little before the poll that would have drawn it (Qt's timers may come a twentieth
    // early), and woke the GUI thread for it every other second. The poll nearest to the
    // time draws it now; the timer only when no poll comes.
    const QString folder = m_dir.filePath(QStringLiteral("steady"));
    QVERIFY(QDir().mkpath(folder));
    const int server = showWindow(folder + QStringLiteral("/journal.jsonl"), QStringLiteral("steady"), 1000);
    QVERIFY(server);
    ServerRegistry *registry = m_window->registry();
    HistoryPanel *panel = m_window->sessionsPanel()->historyPanel();
    QCOMPARE(panel->redrawPeriodMs(), 2000);
    auto *timer = panel->findChild<QTimer *>(QStringLiteral("redrawTimer"));
    QVERIFY(timer);
    QSignalSpy polls(registry->monitor(server), &ServerMonitor::snapshotReady);
    QVERIFY(polls.wait(10000));
    QSignalSpy fired(timer, SIGNAL(timeout()));
    polls.clear();
    // The chart's right end is the time of its last redraw.
    QSet<qint64> ends;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 9000) {
        QVERIFY(!panel->buckets().empty());
        ends.insert(panel->buckets().back().toMs);
        QTest::qWait(50);
    }
    QVERIFY2(polls.count() >= 7, qPrintable(QString::number(polls.count())));
    QVERIFY2(ends.size() >= 4, qPrintable(QString::number(ends.size()))); // as drawn first, then every 2 s
    // (Once at most: a poll over a second late on a busy machine leaves it to the timer.
    // The timer of old fired every 2 s.)
    QVERIFY2(fired.count() <= 1, qPrintable(QString::number(fired.count())));

    // Paused: no poll comes, and the timer draws the chart on with the time.
    registry->setPaused(true);
    const qint64 end = panel->buckets().back().toMs;
    const int before = fired.count();
    QTRY_COMPARE_WITH_TIMEOUT(fired.count(), before + 1, 5000);
    QVERIFY(panel->buckets().back().toMs > end);
    m_window.reset();
}

void TestHistoryUi::withHistoryOffThereIsNothingToRewind()
{
    QSettings().setValue(QStringLiteral("history/enabled"), false);
    m_window = std::make_unique<MainWindow>(std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal-off.jsonl"))));
    QSettings().remove(QStringLiteral("history"));
    QVERIFY(!m_window->registry()->history());
    HistoryPanel *panel = m_window->sessionsPanel()->historyPanel();
    QVERIFY(!panel->slider()->isEnabled());
    QVERIFY(!panel->findChild<QPushButton *>(QStringLiteral("historyExport"))->isEnabled());
    QVERIFY(accessible(panel->momentLabel()).contains(QLatin1String("turned off")));
    m_window.reset();
}

QTEST_MAIN(TestHistoryUi)
#include "tst_history_ui.moc"
