// SPDX-License-Identifier: GPL-3.0-or-later
// All servers, offscreen, against two real servers: the node on top of the tree with the
// sum of its servers, the table with every server's sessions and a Server column, and a
// selection across servers ended in one confirmation, each server's part on that server.
#include "actions/action_journal.h"
#include "cluster_fixture.h"
#include "dialogs/confirm_dialog.h"
#include "sessions/details_pane.h"
#include "sessions/stale_banner.h"
#include "dialogs/servers_confirm_dialog.h"
#include "history/history_store.h"
#include "history/history_panel.h"
#include "sessions/sessions_panel.h"
#include "models/action_log_model.h"
#include "models/server_tree_model.h"
#include "models/session_filter_model.h"
#include "models/session_model.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "tcp_relay.h"
#include "test_session.h"
#include "window/main_window.h"

#include "servers/server_profile.h"
#include "tree/server_tree_view.h"
#include "dialogs/server_list_dialog.h"

#include <QAccessible>
#include <QDateTime>
#include <QInputDialog>
#include <QSlider>
#include <QMessageBox>
#include <QListWidget>
#include <QMimeData>
#include <QSettings>
#include <QAction>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <algorithm>
#include <set>

namespace {

QString accessibleName(QWidget *w)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    return iface ? iface->text(QAccessible::Name) : QString();
}

} // namespace

class TestAllServers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void theNodeSumsItsServersAndStaysOnTop();
    void theTableShowsEveryServerWithItsName();
    void aSelectionAcrossServersIsConfirmedOnceAndEndedOnEach();
    void serversOfOneNameAreToldApartInTheConfirmationAndTheLog();
    void groupsAreFoldersFilledByDragAndDropAndSaved();
    void allServersHasATimelineAndRewindsEveryServer();
    void aWholeTableSelectionFollowsItsSessions();
    void escapeInOnePartKeepsEverySession();
    void aServerThatStoppedAnsweringIsSaidInItsPart();

private:
    std::unique_ptr<TestSession> open(const TestCluster &cluster, const QString &application);
    int rowOf(int server, int pid) const;
    bool selectInAllServers(const QList<QPair<int, int>> &sessions);

    TestCluster m_alpha, m_beta;
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    int m_a = 0, m_b = 0;
};

void TestAllServers::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("pgsessions-tests"));
    PGSESSIONS_START_CLUSTER(m_alpha);
    PGSESSIONS_START_CLUSTER(m_beta);
}

void TestAllServers::init()
{
    m_window = std::make_unique<MainWindow>(std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal.jsonl"))));
    ServerOptions alpha;
    alpha.name = QStringLiteral("alpha");
    alpha.colour = QStringLiteral("#3366cc");
    alpha.intervalMs = 100;
    m_a = m_window->registry()->addServer(specOf(m_alpha.conninfo()), alpha);
    ServerOptions beta;
    beta.name = QStringLiteral("beta");
    beta.production = true;
    beta.intervalMs = 100;
    m_b = m_window->registry()->addServer(specOf(m_beta.conninfo()), beta);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->serverTreeModel()->databaseIndex(m_a, QStringLiteral("postgres")).isValid() &&
                                 m_window->serverTreeModel()->databaseIndex(m_b, QStringLiteral("postgres")).isValid(),
                             15000);
}

void TestAllServers::cleanup()
{
    m_window.reset();
}

std::unique_ptr<TestSession> TestAllServers::open(const TestCluster &cluster, const QString &application)
{
    QString error;
    auto s = TestSession::open(cluster, {QStringLiteral("postgres"), QStringLiteral("postgres"), application, false}, &error);
    if (!s)
        qFatal("cannot open a session: %s", qPrintable(error));
    return s;
}

int TestAllServers::rowOf(int server, int pid) const
{
    const QAbstractItemModel *shown = m_window->sessionView()->model();
    for (int r = 0; r < shown->rowCount(); ++r) {
        const QModelIndex i = shown->index(r, 0);
        if (i.data(SessionModel::ServerRole).toInt() == server && i.data(SessionModel::PidRole).toInt() == pid)
            return r;
    }
    return -1;
}

// All servers shown, and the rows of @p sessions (server, pid) selected once the table has
// them all; false when it has not within 10 s.
bool TestAllServers::selectInAllServers(const QList<QPair<int, int>> &sessions)
{
    m_window->serverTree()->setCurrentIndex(m_window->serverTreeModel()->allServersIndex());
    const auto shown = [&] {
        return std::all_of(sessions.cbegin(), sessions.cend(), [this](const QPair<int, int> &s) { return rowOf(s.first, s.second) >= 0; });
    };
    if (!QTest::qWaitFor(shown, 10000))
        return false;
    QTableView *view = m_window->sessionView();
    for (const auto &[server, pid] : sessions)
        view->selectionModel()->select(view->model()->index(rowOf(server, pid), 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    return true;
}

void TestAllServers::theNodeSumsItsServersAndStaysOnTop()
{
    ServerTreeModel *tree = m_window->serverTreeModel();
    const QModelIndex all = tree->allServersIndex();
    QVERIFY(all.isValid());
    QCOMPARE(all.row(), 0);
    auto a1 = open(m_alpha, QStringLiteral("one")), a2 = open(m_alpha, QStringLiteral("two")), b1 = open(m_beta, QStringLiteral("three"));
    // The sum of the databases' counts, as each server's node shows them.
    const auto total = [&](int server) { return tree->databaseIndex(server, QStringLiteral("postgres")).data(ServerTreeModel::TotalRole).toInt(); };
    QTRY_VERIFY_WITH_TIMEOUT(total(m_a) == 2 && total(m_b) == 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(tree->allServersIndex().data(ServerTreeModel::TotalRole).toInt(), 3, 5000);
    const QString text = tree->allServersIndex().data().toString();
    QVERIFY2(text.startsWith(QStringLiteral("All servers — 2 server(s) · 3 session(s)")), qPrintable(text));

    // Servers put in another order: All servers stays first.
    tree->setOrder({m_b, m_a});
    QCOMPARE(tree->allServersIndex().row(), 0);
    QCOMPARE(tree->serverIndex(m_b).row(), 1);
    QCOMPARE(tree->serverIndex(m_a).row(), 2);

    // A server that cannot be reached makes the node say so.
    ServerOptions gone;
    gone.name = QStringLiteral("gone");
    gone.intervalMs = 100;
    const int g = m_window->registry()->addServer(specOf(QStringLiteral("host=127.0.0.1 port=1 connect_timeout=2")), gone);
    QTRY_VERIFY_WITH_TIMEOUT(tree->allServersIndex().data().toString().contains(QLatin1String("1 unreachable")), 15000);
    QVERIFY(tree->allServersIndex().data().toString().contains(QLatin1String("3 server(s)")));
    QCOMPARE(tree->allServersIndex().data(ServerTreeModel::IconRole).toInt(), int(ServerTreeModel::ErrorIcon));

    // The banner says so where the server is in view: All servers, not a folder without it.
    m_window->serverTree()->setCurrentIndex(tree->allServersIndex());
    QVERIFY2(m_window->staleBanner()->text().startsWith(QLatin1String("gone cannot be reached")), qPrintable(m_window->staleBanner()->text()));
    m_window->registry()->moveServer(m_a, QStringLiteral("fold"));
    m_window->serverTree()->setCurrentIndex(tree->groupIndex(QStringLiteral("fold")));
    QVERIFY2(m_window->staleBanner()->text().isEmpty(), qPrintable(m_window->staleBanner()->text()));
    QVERIFY(!m_window->staleBanner()->isVisible());
    m_window->registry()->moveServer(m_a, QString());
    QVERIFY(!tree->groupIndex(QStringLiteral("fold")).isValid());

    // The current server removed: All servers becomes current, not a neighbour, whose
    // sessions the table would show (and Terminate would end) under the DBA's eyes.
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(g));
    QCOMPARE(m_window->serverTree()->currentIndex(), tree->serverIndex(g));
    m_window->registry()->removeServer(g);
    QCOMPARE(m_window->serverTree()->currentIndex(), tree->allServersIndex());
    QVERIFY(!m_window->sessionView()->horizontalHeader()->isSectionHidden(SessionModel::Server)); // the table followed

    // Down to one server: the node goes (it would only repeat that server).
    m_window->registry()->removeServer(m_b);
    QVERIFY(!tree->allServersIndex().isValid());
    QCOMPARE(tree->rowCount(), 1);
}

void TestAllServers::theTableShowsEveryServerWithItsName()
{
    // Their names do not hold the servers' names: the filter below finds alpha's session
    // by its Server column only.
    auto a = open(m_alpha, QStringLiteral("first-app")), b = open(m_beta, QStringLiteral("second-app"));
    QTableView *view = m_window->sessionView();
    QHeaderView *header = view->horizontalHeader();
    // One server shown: no Server column.
    m_window->serverTree()->setCurrentIndex(m_window->serverTreeModel()->serverIndex(m_a));
    QVERIFY(header->isSectionHidden(SessionModel::Server));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_a, a->pid()) >= 0, 10000);
    QCOMPARE(rowOf(m_b, b->pid()), -1);

    m_window->serverTree()->setCurrentIndex(m_window->serverTreeModel()->allServersIndex());
    QVERIFY(!header->isSectionHidden(SessionModel::Server));
    QCOMPARE(header->visualIndex(SessionModel::Server), 0); // the first column
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_a, a->pid()) >= 0 && rowOf(m_b, b->pid()) >= 0, 10000);
    const QAbstractItemModel *shown = view->model();
    const QModelIndex alphaCell = shown->index(rowOf(m_a, a->pid()), SessionModel::Server);
    QCOMPARE(alphaCell.data().toString(), QStringLiteral("alpha"));
    QCOMPARE(alphaCell.data(Qt::DecorationRole).value<QColor>(), QColor(QStringLiteral("#3366cc")));
    QCOMPARE(shown->index(rowOf(m_b, b->pid()), SessionModel::Server).data().toString(), QStringLiteral("beta"));
    QCOMPARE(shown->headerData(SessionModel::Server, Qt::Horizontal).toString(), QStringLiteral("Server"));
    // The details say the session's server: pids repeat across servers, and the pane keeps
    // its session while the table shows another server.
    auto *title = m_window->detailsPane()->findChild<QLabel *>(QStringLiteral("sessionTitle"));
    view->setCurrentIndex(shown->index(rowOf(m_a, a->pid()), SessionModel::Pid));
    QCOMPARE(title->text(), QStringLiteral("Session %1 on alpha").arg(a->pid()));
    m_window->serverTree()->setCurrentIndex(m_window->serverTreeModel()->serverIndex(m_b));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_b, b->pid()) >= 0 && rowOf(m_a, a->pid()) < 0, 10000);
    QCOMPARE(m_window->detailsPane()->sessionKey().server, m_a);
    QCOMPARE(title->text(), QStringLiteral("Session %1 on alpha").arg(a->pid()));
    m_window->serverTree()->setCurrentIndex(m_window->serverTreeModel()->allServersIndex());
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_a, a->pid()) >= 0 && rowOf(m_b, b->pid()) >= 0, 10000);

    // What a screen reader reads in that cell and its column header.
    QAccessibleInterface *table = QAccessible::queryAccessibleInterface(view);
    QVERIFY(table && table->tableInterface());
    QAccessibleInterface *cell = table->tableInterface()->cellAt(alphaCell.row(), SessionModel::Server);
    QVERIFY(cell);
    QCOMPARE(cell->text(QAccessible::Name), QStringLiteral("alpha"));
    QCOMPARE(table->tableInterface()->columnDescription(SessionModel::Server), QStringLiteral("Server"));

    // Sorted by server, and filtered by a server's name.
    view->sortByColumn(SessionModel::Server, Qt::DescendingOrder);
    QCOMPARE(shown->index(0, SessionModel::Server).data().toString(), QStringLiteral("beta"));
    QLineEdit *filter = m_window->findChild<QLineEdit *>(QStringLiteral("filter"));
    filter->setText(QStringLiteral("alph"));
    for (int r = 0; r < shown->rowCount(); ++r)
        QCOMPARE(shown->index(r, 0).data(SessionModel::ServerRole).toInt(), m_a);
    QVERIFY(rowOf(m_a, a->pid()) >= 0); // by the Server column: nothing else of it says "alph"
    filter->clear();
}

void TestAllServers::aSelectionAcrossServersIsConfirmedOnceAndEndedOnEach()
{
    auto a = open(m_alpha, QStringLiteral("victim")), b = open(m_beta, QStringLiteral("victim"));
    auto bystander = open(m_beta, QStringLiteral("bystander"));
    QVERIFY(selectInAllServers({{m_a, a->pid()}, {m_b, b->pid()}}));

    QStringList titles, names;
    bool offUntilTyped = false;
    int parts = 0;
    QString heading;
    m_window->setConfirmHook([](ConfirmDialog *) { QFAIL("one confirmation per server: expected one for both"); });
    m_window->setServersConfirmHook([&](ServersConfirmDialog *dialog) {
        heading = dialog->findChild<QLabel *>(QStringLiteral("heading"))->text();
        parts = int(dialog->parts().size());
        for (const auto &part : dialog->parts()) {
            auto *group = qobject_cast<QGroupBox *>(part.dialog->parentWidget());
            titles << group->title();
            names << accessibleName(group);
            QCOMPARE(part.dialog->sessions().size(), size_t(1));
        }
        QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
        // beta is a production server: its part wants the count typed, and OK waits for it.
        offUntilTyped = !ok->isEnabled();
        for (const auto &part : dialog->parts()) {
            if (QLineEdit *typed = part.dialog->confirmationEdit()) {
                names << accessibleName(typed);
                typed->setText(part.dialog->requiredConfirmation());
            }
        }
        QVERIFY(ok->isEnabled());
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    m_window->action(QStringLiteral("terminate"))->trigger();
    QCOMPARE(parts, 2);
    QVERIFY2(heading.startsWith(QLatin1String("Terminate 2 session(s) on 2 server(s)?")), qPrintable(heading));
    QCOMPARE(titles, (QStringList{QStringLiteral("alpha"), QStringLiteral("beta (production)")}));
    QCOMPARE(names, (QStringList{QStringLiteral("Server alpha"), QStringLiteral("Server beta"), QStringLiteral("Confirmation for beta")}));
    QVERIFY(offUntilTyped);

    // Each ended on its own server; the bystander on beta stays; the log keeps the servers.
    const auto alive = [](const TestCluster &c, int pid) {
        return c.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(pid)) == QLatin1String("1");
    };
    QTRY_VERIFY_WITH_TIMEOUT(!alive(m_alpha, a->pid()) && !alive(m_beta, b->pid()), 10000);
    QVERIFY(alive(m_beta, bystander->pid()));
    ActionLogModel *log = m_window->logModel();
    QTRY_COMPARE_WITH_TIMEOUT(log->rowCount(), 2, 10000);
    QStringList servers;
    for (int r = 0; r < 2; ++r) {
        QTRY_VERIFY_WITH_TIMEOUT(log->index(r, ActionLogModel::Result).data().toString().startsWith(QLatin1String("1 terminated")), 10000);
        servers << log->index(r, ActionLogModel::Server).data().toString();
    }
    servers.sort();
    QCOMPARE(servers, (QStringList{QStringLiteral("alpha"), QStringLiteral("beta")}));
}

void TestAllServers::serversOfOneNameAreToldApartInTheConfirmationAndTheLog()
{
    // A second "alpha", in folder "US" (beta's server reached once more): a part titled
    // "alpha" twice, and a log with "alpha" twice, would not say which server is which.
    ServerOptions other;
    other.name = QStringLiteral("alpha");
    other.group = QStringLiteral("US");
    other.intervalMs = 100;
    const int us = m_window->registry()->addServer(specOf(m_beta.conninfo()), other);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->serverTreeModel()->databaseIndex(us, QStringLiteral("postgres")).isValid(), 15000);
    auto a = open(m_alpha, QStringLiteral("victim")), b = open(m_beta, QStringLiteral("victim"));
    QVERIFY(selectInAllServers({{m_a, a->pid()}, {us, b->pid()}}));

    // The first is in no folder: told apart by how it is reached.
    const QString first = QStringLiteral("alpha (%1)").arg(m_window->registry()->monitor(m_a)->displayName());
    QStringList titles, names;
    m_window->setServersConfirmHook([&](ServersConfirmDialog *dialog) {
        for (const auto &part : dialog->parts()) {
            auto *group = qobject_cast<QGroupBox *>(part.dialog->parentWidget());
            titles << group->title();
            names << accessibleName(group);
        }
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    m_window->action(QStringLiteral("terminate"))->trigger();
    QCOMPARE(titles, (QStringList{first, QStringLiteral("alpha in US")}));
    QCOMPARE(names, (QStringList{QStringLiteral("Server ") + first, QStringLiteral("Server alpha in US")}));
    ActionLogModel *log = m_window->logModel();
    QTRY_COMPARE_WITH_TIMEOUT(log->rowCount(), 2, 10000);
    QStringList servers;
    for (int r = 0; r < 2; ++r)
        servers << log->index(r, ActionLogModel::Server).data().toString();
    servers.sort();
    QCOMPARE(servers, (QStringList{first, QStringLiteral("alpha in US")}));
}

void TestAllServers::groupsAreFoldersFilledByDragAndDropAndSaved()
{
    // Saved servers this time: two on alpha (one in group "prod"), one on beta.
    m_window.reset();
    QSettings().remove(QStringLiteral("servers"));
    QSettings().remove(QStringLiteral("tree/collapsedGroups"));
    QList<ServerProfile> profiles;
    const auto profile = [](const QString &name, const QString &conninfo, const QString &group) {
        ServerProfile p = ServerProfile::create();
        p.name = name;
        p.useConnectionString = true;
        p.connectionString = conninfo;
        p.group = group;
        return p;
    };
    profiles << profile(QStringLiteral("one"), m_alpha.conninfo(), QStringLiteral("prod"))
             << profile(QStringLiteral("two"), m_alpha.tcpConninfo(), QString())
             << profile(QStringLiteral("three"), m_beta.conninfo(), QString());
    {
        QSettings settings;
        ServerProfile::save(settings, profiles);
    }
    const auto makeWindow = [&] {
        m_window = std::make_unique<MainWindow>(std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal.jsonl"))));
        {
            QSettings settings;
            m_window->registry()->setProfiles(ServerProfile::load(settings));
        }
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    };
    makeWindow();
    ServerTreeModel *tree = m_window->serverTreeModel();
    auto *view = qobject_cast<ServerTreeView *>(m_window->serverTree());
    QVERIFY(view);
    const int one = m_window->registry()->serverOfProfile(profiles[0].id), two = m_window->registry()->serverOfProfile(profiles[1].id),
              three = m_window->registry()->serverOfProfile(profiles[2].id);
    QModelIndex prod = tree->groupIndex(QStringLiteral("prod"));
    QVERIFY(prod.isValid());
    QCOMPARE(tree->rowCount(prod), 1);
    QCOMPARE(tree->serverIndex(one).parent(), prod);
    QVERIFY(!tree->serverIndex(two).parent().isValid());
    QVERIFY(view->isExpanded(prod));

    // Dragged onto the folder: "three" joins "prod", saved so.
    auto a = open(m_alpha, QStringLiteral("in-prod")), b = open(m_beta, QStringLiteral("in-prod-too"));
    view->setCurrentIndex(tree->serverIndex(three));
    {
        QMimeData *mime = tree->mimeData({tree->serverIndex(three)});
        const QPoint at = view->visualRect(prod).center();
        QDragEnterEvent enter(at, Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(view->viewport(), &enter);
        QDragMoveEvent move(at, Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(view->viewport(), &move);
        QDropEvent drop(QPointF(at), Qt::MoveAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(view->viewport(), &drop);
        delete mime;
    }
    prod = tree->groupIndex(QStringLiteral("prod"));
    QCOMPARE(tree->rowCount(prod), 2);
    QCOMPARE(tree->serverIndex(three).parent(), prod);
    QCOMPARE(view->currentIndex(), tree->serverIndex(three)); // still the node the user had
    // Dropped just above the folder, "two" stays out of it, and its node comes before it.
    QVERIFY(view->dropMove(tree->serverIndex(two), prod, ServerTreeView::Drop::Above));
    QVERIFY(!tree->serverIndex(two).parent().isValid());
    QCOMPARE(tree->serverIndex(two).row() + 1, tree->groupIndex(QStringLiteral("prod")).row());
    prod = tree->groupIndex(QStringLiteral("prod"));
    QCOMPARE(m_window->registry()->options(three).group, QStringLiteral("prod"));
    {
        QSettings settings;
        const QList<ServerProfile> saved = ServerProfile::load(settings);
        QCOMPARE(saved.size(), 3);
        for (const ServerProfile &p : saved)
            QCOMPARE(p.group, p.name == QLatin1String("two") ? QString() : QStringLiteral("prod"));
    }
    // The folder's first server dropped just above it, or just below the server above it:
    // out of the folder, between the two.
    for (const ServerTreeView::Drop where : {ServerTreeView::Drop::Above, ServerTreeView::Drop::Below}) {
        const QModelIndex first = tree->index(0, 0, tree->groupIndex(QStringLiteral("prod")));
        QCOMPARE(first, tree->serverIndex(one));
        QVERIFY(view->dropMove(first, where == ServerTreeView::Drop::Above ? tree->groupIndex(QStringLiteral("prod")) : tree->serverIndex(two), where));
        QVERIFY(!tree->serverIndex(one).parent().isValid());
        QCOMPARE(tree->serverIndex(one).row(), tree->serverIndex(two).row() + 1);
        QCOMPARE(tree->groupIndex(QStringLiteral("prod")).row(), tree->serverIndex(one).row() + 1);
        QCOMPARE(tree->rowCount(tree->groupIndex(QStringLiteral("prod"))), 1);
        QCOMPARE(m_window->registry()->options(one).group, QString());
        {
            QSettings settings;
            const QList<ServerProfile> saved = ServerProfile::load(settings);
            QCOMPARE(saved.size(), 3);
            for (const ServerProfile &p : saved)
                QCOMPARE(p.group, p.name == QLatin1String("three") ? QStringLiteral("prod") : QString());
        }
        // Dropped onto the folder's top edge again (above its first, now "three"): back in.
        QVERIFY(view->dropMove(tree->serverIndex(one), tree->serverIndex(three), ServerTreeView::Drop::Above));
        QCOMPARE(tree->serverIndex(one).parent(), tree->groupIndex(QStringLiteral("prod")));
        QCOMPARE(tree->serverIndex(one).row(), 0);
        QCOMPARE(m_window->registry()->options(one).group, QStringLiteral("prod"));
    }
    prod = tree->groupIndex(QStringLiteral("prod"));

    // The folder sums its servers and shows their sessions (with the Server column).
    QTRY_VERIFY_WITH_TIMEOUT(tree->databaseIndex(one, QStringLiteral("postgres")).data(ServerTreeModel::TotalRole).toInt() >= 1 &&
                                 tree->databaseIndex(three, QStringLiteral("postgres")).data(ServerTreeModel::TotalRole).toInt() >= 1,
                             15000);
    const int sum = tree->databaseIndex(one, QStringLiteral("postgres")).data(ServerTreeModel::TotalRole).toInt() +
                    tree->databaseIndex(three, QStringLiteral("postgres")).data(ServerTreeModel::TotalRole).toInt();
    QTRY_COMPARE_WITH_TIMEOUT(tree->groupIndex(QStringLiteral("prod")).data(ServerTreeModel::TotalRole).toInt(), sum, 5000);
    QVERIFY2(tree->groupIndex(QStringLiteral("prod")).data().toString().startsWith(QStringLiteral("prod — 2 server(s)")),
             qPrintable(tree->groupIndex(QStringLiteral("prod")).data().toString()));
    view->setCurrentIndex(tree->groupIndex(QStringLiteral("prod")));
    QVERIFY(!m_window->sessionView()->horizontalHeader()->isSectionHidden(SessionModel::Server));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(one, a->pid()) >= 0 && rowOf(three, b->pid()) >= 0, 10000);
    const QAbstractItemModel *shown = m_window->sessionView()->model();
    for (int r = 0; r < shown->rowCount(); ++r)
        QVERIFY(shown->index(r, 0).data(SessionModel::ServerRole).toInt() != two);
    QVERIFY(m_window->action(QStringLiteral("renameGroup"))->isEnabled());
    QVERIFY(!m_window->action(QStringLiteral("moveToGroup"))->isEnabled());
    QVERIFY(!m_window->action(QStringLiteral("killServer"))->isEnabled()); // a folder is not a server
    // A server in a folder is a server: its server-wide kill is offered, and asks about it.
    view->setCurrentIndex(tree->serverIndex(one));
    QVERIFY(m_window->action(QStringLiteral("killServer"))->isEnabled());
    QString asked;
    m_window->setConfirmHook([&](ConfirmDialog *dialog) {
        asked = dialog->findChild<QLabel *>(QStringLiteral("heading"))->text();
        QTimer::singleShot(0, dialog, &QDialog::reject);
    });
    m_window->action(QStringLiteral("killServer"))->trigger();
    m_window->setConfirmHook({});
    QVERIFY2(asked.startsWith(QStringLiteral("Kill all connections on server <b>one</b>?")), qPrintable(asked));
    view->setCurrentIndex(tree->groupIndex(QStringLiteral("prod")));

    // Renamed from its node's menu; Move to group (the keyboard's way) takes "two" in too.
    QString label;
    m_window->setInputHook([&](QInputDialog *dialog) {
        label = dialog->labelText();
        dialog->setTextValue(QStringLiteral("production"));
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    m_window->action(QStringLiteral("renameGroup"))->trigger();
    QCOMPARE(label, QStringLiteral("&New name of group prod:"));
    QVERIFY(!tree->groupIndex(QStringLiteral("prod")).isValid());
    QCOMPARE(tree->rowCount(tree->groupIndex(QStringLiteral("production"))), 2);
    view->setCurrentIndex(tree->serverIndex(two));
    QVERIFY(m_window->action(QStringLiteral("moveToGroup"))->isEnabled());
    m_window->action(QStringLiteral("moveToGroup"))->trigger();
    QCOMPARE(tree->rowCount(tree->groupIndex(QStringLiteral("production"))), 3);

    // Renamed to the name of another group (here "staging", holding "two", collapsed): asked
    // first, and nothing changes on Cancel.
    m_window->setInputHook([&](QInputDialog *dialog) {
        dialog->setTextValue(QStringLiteral("staging"));
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    m_window->action(QStringLiteral("moveToGroup"))->trigger();
    QCOMPARE(tree->rowCount(tree->groupIndex(QStringLiteral("staging"))), 1);
    view->collapse(tree->groupIndex(QStringLiteral("staging")));
    view->setCurrentIndex(tree->groupIndex(QStringLiteral("production")));
    m_window->setInputHook([&](QInputDialog *dialog) {
        dialog->setTextValue(QStringLiteral(" staging "));
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    QString question;
    QStringList buttons;
    QString answer = QStringLiteral("Cancel");
    m_window->setQuestionHook([&](QMessageBox *box) {
        question = box->text();
        buttons.clear();
        for (QAbstractButton *button : box->buttons())
            buttons << button->text();
        buttons.sort();
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
        QTimer::singleShot(0, box, [box, &answer] {
            for (QAbstractButton *button : box->buttons()) {
                if (button->text() == answer)
                    button->click();
            }
        });
    });
    m_window->action(QStringLiteral("renameGroup"))->trigger();
    QCOMPARE(question, QStringLiteral("A group named staging exists already. Move the servers of production into it?"));
    QCOMPARE(buttons, (QStringList{QStringLiteral("&Move into staging"), QStringLiteral("Cancel")}));
    QCOMPARE(tree->rowCount(tree->groupIndex(QStringLiteral("production"))), 2);
    QCOMPARE(tree->rowCount(tree->groupIndex(QStringLiteral("staging"))), 1);
    QCOMPARE(m_window->registry()->options(two).group, QStringLiteral("staging"));
    QCOMPARE(m_window->registry()->options(one).group, QStringLiteral("production"));
    // Moved into it when the user says so: one folder, still collapsed as "staging" was.
    question.clear();
    answer = QStringLiteral("&Move into staging");
    m_window->action(QStringLiteral("renameGroup"))->trigger();
    QVERIFY(!question.isEmpty());
    QVERIFY(!tree->groupIndex(QStringLiteral("production")).isValid());
    QCOMPARE(tree->rowCount(tree->groupIndex(QStringLiteral("staging"))), 3);
    QVERIFY(!view->isExpanded(tree->groupIndex(QStringLiteral("staging"))));
    QCOMPARE(view->currentIndex(), tree->groupIndex(QStringLiteral("staging")));
    // Renamed back to a new name: no question; the collapsed state goes with the name, and
    // the old name is forgotten (a later "staging" starts open).
    question.clear();
    m_window->setInputHook([&](QInputDialog *dialog) {
        dialog->setTextValue(QStringLiteral("production"));
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    m_window->action(QStringLiteral("renameGroup"))->trigger();
    QVERIFY(question.isEmpty());
    QCOMPARE(tree->rowCount(tree->groupIndex(QStringLiteral("production"))), 3);
    QVERIFY(!view->isExpanded(tree->groupIndex(QStringLiteral("production"))));
    QCOMPARE(QSettings().value(QStringLiteral("tree/collapsedGroups")).toStringList(), QStringList{QStringLiteral("production")});
    view->expand(tree->groupIndex(QStringLiteral("production")));

    // Collapsed, and so again in a new window.
    view->collapse(tree->groupIndex(QStringLiteral("production")));
    m_window.reset();
    makeWindow();
    QModelIndex production = m_window->serverTreeModel()->groupIndex(QStringLiteral("production"));
    QVERIFY(production.isValid());
    QCOMPARE(m_window->serverTreeModel()->rowCount(production), 3);
    QVERIFY(!m_window->serverTree()->isExpanded(production));
    QCOMPARE(m_window->serverTree()->accessibleName(), QStringLiteral("Servers and databases"));

    // Renamed in the Servers dialog: the folder stays closed under its new name, and the
    // old name is forgotten. It was in view, and stays so under its new name.
    m_window->serverTree()->setCurrentIndex(production);
    // In the Servers dialog, the first server's row, @p button, the group name @p typed, OK.
    const auto inServersDialog = [this](const char *button, const QString &typed) {
        m_window->setServerListHook([button, typed](ServerListDialog *list) {
            list->setInputHook([typed](QInputDialog *dialog) {
                dialog->setTextValue(typed);
                QTimer::singleShot(0, dialog, &QDialog::accept);
            });
            QTimer::singleShot(0, list, [list, button] {
                list->list()->setCurrentRow(0);
                list->button(QLatin1String(button))->click();
                list->accept();
            });
        });
        m_window->manageServers();
    };
    inServersDialog("renameGroup", QStringLiteral("live"));
    const QModelIndex live = m_window->serverTreeModel()->groupIndex(QStringLiteral("live"));
    QVERIFY(live.isValid());
    QVERIFY(!m_window->serverTreeModel()->groupIndex(QStringLiteral("production")).isValid());
    QCOMPARE(m_window->serverTreeModel()->rowCount(live), 3);
    QVERIFY(!m_window->serverTree()->isExpanded(live));
    QCOMPARE(QSettings().value(QStringLiteral("tree/collapsedGroups")).toStringList(), QStringList{QStringLiteral("live")});
    QCOMPARE(m_window->serverTree()->currentIndex(), live);
    // Open, and renamed to the name of a folder closed once and gone since: it stays open.
    m_window->serverTree()->expand(live);
    QSettings().setValue(QStringLiteral("tree/collapsedGroups"), QStringList{QStringLiteral("archive")});
    inServersDialog("renameGroup", QStringLiteral("archive"));
    const QModelIndex archive = m_window->serverTreeModel()->groupIndex(QStringLiteral("archive"));
    QVERIFY(archive.isValid());
    QVERIFY(m_window->serverTree()->isExpanded(archive));
    QCOMPARE(QSettings().value(QStringLiteral("tree/collapsedGroups")).toStringList(), QStringList());
    // Two folders renamed into one new name at once, one of them closed: closed, in
    // whichever order the renames come.
    for (const bool closedFirst : {true, false}) {
        QSettings().setValue(QStringLiteral("tree/collapsedGroups"), QStringList{QStringLiteral("shut")});
        QList<QPair<QString, QString>> renames{{QStringLiteral("shut"), QStringLiteral("joined")},
                                               {QStringLiteral("open"), QStringLiteral("joined")}};
        if (!closedFirst)
            std::reverse(renames.begin(), renames.end());
        ServerTreeView::renameCollapsed(renames);
        QCOMPARE(QSettings().value(QStringLiteral("tree/collapsedGroups")).toStringList(), QStringList{QStringLiteral("joined")});
    }
    QSettings().remove(QStringLiteral("tree/collapsedGroups"));

    // A server in view moved to another group there: still in view, in its new folder.
    const int moved = m_window->serverTreeModel()->serversUnder(archive).first();
    m_window->serverTree()->setCurrentIndex(m_window->serverTreeModel()->serverIndex(moved));
    inServersDialog("setGroup", QStringLiteral("elsewhere"));
    QCOMPARE(m_window->registry()->options(moved).group, QStringLiteral("elsewhere"));
    QCOMPARE(m_window->serverTree()->currentIndex(), m_window->serverTreeModel()->serverIndex(moved));
}

void TestAllServers::allServersHasATimelineAndRewindsEveryServer()
{
    ServerRegistry *registry = m_window->registry();
    QVERIFY(registry->history());
    HistoryPanel *panel = m_window->sessionsPanel()->historyPanel();
    m_window->serverTree()->setCurrentIndex(m_window->serverTreeModel()->allServersIndex());
    QCOMPARE(panel->momentLabel()->text(), QStringLiteral("Live")); // not "pick a server"
    QVERIFY(panel->slider()->isEnabled());

    // A report sleeps on each server at the same time, then both end.
    auto a = open(m_alpha, QStringLiteral("report-a")), b = open(m_beta, QStringLiteral("report-b"));
    QVERIFY(a->makeActive(30) && b->makeActive(30));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_a, a->pid()) >= 0 && rowOf(m_b, b->pid()) >= 0, 10000);
    QTest::qWait(1500);
    const qint64 during = QDateTime::currentMSecsSinceEpoch();
    QTest::qWait(1500);
    // The timeline adds the two servers up: two sessions waiting on a timeout.
    QTRY_VERIFY_WITH_TIMEOUT(panel->describeMoment(during).contains(QLatin1String("Timeout")), 5000);
    QVERIFY2(panel->describeMoment(during).contains(QLatin1String("Timeout:PgSleep (2)")), qPrintable(panel->describeMoment(during)));
    QVERIFY_OK(m_alpha.exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(a->pid())));
    QVERIFY_OK(m_beta.exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(b->pid())));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_a, a->pid()) < 0 && rowOf(m_b, b->pid()) < 0, 10000);

    // Rewound with the slider: both servers' reports are back, each on its server, ended
    // since (read once the last polls are in the file).
    panel->slider()->setValue(int(during / 1000));
    QTRY_VERIFY_WITH_TIMEOUT(!registry->isLive() && rowOf(m_a, a->pid()) >= 0 && rowOf(m_b, b->pid()) >= 0, 10000);
    const QAbstractItemModel *shown = m_window->sessionView()->model();
    for (const auto &[server, pid] : {std::pair<int, int>{m_a, a->pid()}, {m_b, b->pid()}}) {
        const QModelIndex row = shown->index(rowOf(server, pid), SessionModel::State);
        QCOMPARE(row.data().toString(), QStringLiteral("active (ended since)"));
        QCOMPARE(shown->index(row.row(), SessionModel::Server).data().toString(), server == m_a ? QStringLiteral("alpha") : QStringLiteral("beta"));
    }
    QVERIFY(panel->momentLabel()->text().startsWith(QStringLiteral("At ")));
    QVERIFY(!m_window->action(QStringLiteral("terminate"))->isEnabled());
    // Live again: both gone.
    QTest::mouseClick(panel->liveButton(), Qt::LeftButton);
    QTRY_VERIFY(registry->isLive());
    QTRY_VERIFY(rowOf(m_a, a->pid()) < 0 && rowOf(m_b, b->pid()) < 0);
}

void TestAllServers::aWholeTableSelectionFollowsItsSessions()
{
    // Past 1,000 cells, Qt keeps "the whole table" selected as such through a layout
    // change: the sessions selected must stay the ones selected, nothing more.
    std::vector<std::unique_ptr<TestSession>> many;
    for (int i = 0; i < 70; ++i)
        many.push_back(open(m_alpha, QStringLiteral("many")));
    m_window->serverTree()->setCurrentIndex(m_window->serverTreeModel()->allServersIndex());
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_a, many.back()->pid()) >= 0, 10000);
    QTableView *view = m_window->sessionView();
    view->setFocus();
    QTest::keyClick(view, Qt::Key_A, Qt::ControlModifier);
    const auto selected = [&] {
        std::set<std::pair<int, int>> out;
        for (const QModelIndex &i : view->selectionModel()->selectedRows())
            out.insert({i.data(SessionModel::ServerRole).toInt(), i.data(SessionModel::PidRole).toInt()});
        return out;
    };
    std::set<std::pair<int, int>> before = selected();
    QVERIFY(before.size() > 70);
    // One ends, one arrives.
    const std::pair<int, int> ended{m_a, many.front()->pid()};
    many.erase(many.begin());
    auto arrived = open(m_alpha, QStringLiteral("arrived"));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_a, arrived->pid()) >= 0 && rowOf(ended.first, ended.second) < 0, 10000);
    QTest::qWait(300); // a few more polls
    std::set<std::pair<int, int>> after = selected();
    QVERIFY(!after.count({m_a, arrived->pid()}));
    before.erase(ended);
    for (const auto &key : after)
        QVERIFY2(before.count(key), qPrintable(QString::number(key.second)));
    // Every selected session still there is still selected (other connections may end).
    int stillThere = 0;
    for (const auto &[server, pid] : before)
        stillThere += rowOf(server, pid) >= 0;
    QCOMPARE(int(after.size()), stillThere);
}

void TestAllServers::escapeInOnePartKeepsEverySession()
{
    auto a = open(m_alpha, QStringLiteral("kept")), b = open(m_beta, QStringLiteral("kept"));
    QVERIFY(selectInAllServers({{m_a, a->pid()}, {m_b, b->pid()}}));
    bool closed = false;
    m_window->setServersConfirmHook([&](ServersConfirmDialog *dialog) {
        QTimer::singleShot(0, dialog, [&, dialog] {
            // Esc with the keyboard in alpha's part (its list of sessions).
            QWidget *inPart = dialog->parts().front().dialog->findChild<QWidget *>(QStringLiteral("targetList"));
            QVERIFY(inPart);
            inPart->setFocus();
            QTest::keyClick(inPart, Qt::Key_Escape);
            closed = !dialog->isVisible();
            if (!closed)
                dialog->reject();
        });
    });
    m_window->action(QStringLiteral("terminate"))->trigger();
    QVERIFY(closed);
    QTest::qWait(500);
    for (const auto &[cluster, pid] : {std::pair<TestCluster *, int>{&m_alpha, a->pid()}, {&m_beta, b->pid()}})
        QCOMPARE(cluster->value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(pid)), QStringLiteral("1"));
    QCOMPARE(m_window->logModel()->rowCount(), 0);
}

void TestAllServers::aServerThatStoppedAnsweringIsSaidInItsPart()
{
    // beta once more, as "far", through a relay that is then frozen: a network that drops
    // the server. Its sessions stay in the table as last seen.
    TcpRelay relay(m_beta.port());
    QVERIFY(relay.isListening());
    ServerOptions farOptions;
    farOptions.name = QStringLiteral("far");
    farOptions.intervalMs = 100;
    const int far = m_window->registry()->addServer(
        specOf(QStringLiteral("host=127.0.0.1 port=%1 user=postgres dbname=postgres connect_timeout=2").arg(relay.port())), farOptions);
    auto a = open(m_alpha, QStringLiteral("victim")), b = open(m_beta, QStringLiteral("remote"));
    m_window->serverTree()->setCurrentIndex(m_window->serverTreeModel()->allServersIndex());
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(m_a, a->pid()) >= 0 && rowOf(far, b->pid()) >= 0, 15000);
    relay.setFrozen(true);
    relay.cutAll();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->registry()->monitor(far)->status().state, ServerStatus::Error, 15000);
    QVERIFY(rowOf(far, b->pid()) >= 0);
    QTableView *view = m_window->sessionView();
    view->clearSelection();
    for (const int row : {rowOf(m_a, a->pid()), rowOf(far, b->pid())})
        view->selectionModel()->select(view->model()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);

    QHash<QString, QString> warnings; // server -> its part's warnings
    QString atTheTop; // above the parts, which may need scrolling
    m_window->setServersConfirmHook([&](ServersConfirmDialog *dialog) {
        if (auto *label = dialog->findChild<QLabel *>(QStringLiteral("outOfDate"))) {
            const QAccessibleInterface *heard = QAccessible::queryAccessibleInterface(label);
            atTheTop = heard && heard->text(QAccessible::Name) == label->text() ? label->text() : QStringLiteral("(not heard as shown)");
        }
        for (const auto &part : dialog->parts()) {
            const QString server = m_window->registry()->options(part.server).name;
            warnings.insert(server, part.dialog->warnings().join(QLatin1Char('\n')));
            // What a screen reader hears of the part: the same words.
            if (auto *label = part.dialog->findChild<QLabel *>(QStringLiteral("warnings"))) {
                const QAccessibleInterface *a11y = QAccessible::queryAccessibleInterface(label);
                warnings[server + QStringLiteral(" (heard)")] = a11y ? a11y->text(QAccessible::Name) : QString();
            }
        }
        QTimer::singleShot(0, dialog, &QDialog::reject);
    });
    m_window->action(QStringLiteral("terminate"))->trigger();
    QVERIFY2(warnings.value(QStringLiteral("far")).startsWith(QStringLiteral("far cannot be reached since its last poll (")),
             qPrintable(warnings.value(QStringLiteral("far"))));
    QVERIFY2(warnings.value(QStringLiteral("far")).contains(QStringLiteral(
                 "): the sessions are as they were when it was last seen, and ending them fails until it can be reached again. "
                 "A session is ended only if its PID and start time still match.")),
             qPrintable(warnings.value(QStringLiteral("far"))));
    QVERIFY2(warnings.value(QStringLiteral("far (heard)")).contains(QStringLiteral("far cannot be reached since its last poll")),
             qPrintable(warnings.value(QStringLiteral("far (heard)"))));
    QCOMPARE(atTheTop, QStringLiteral("⚠ Not answering since the last poll, sessions as last seen: far. The server's part says why."));
    // alpha answers: its part says nothing of the kind.
    QVERIFY(warnings.contains(QStringLiteral("alpha")));
    QVERIFY2(!warnings.value(QStringLiteral("alpha")).contains(QStringLiteral("has not answered")), qPrintable(warnings.value(QStringLiteral("alpha"))));
    // Cancelled: both sessions go on.
    QCOMPARE(m_alpha.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(a->pid())), QStringLiteral("1"));
    QCOMPARE(m_beta.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(b->pid())), QStringLiteral("1"));
    m_window->registry()->removeServer(far); // before the relay goes

    // A poll that failed on a connection still open says so, not that the server is gone;
    // a kill-all, which ends whatever runs there then, does not promise PIDs are matched.
    ConfirmDialog::Context failed;
    failed.kind = ActionRequest::Terminate;
    failed.serverName = QStringLiteral("busy");
    failed.outOfDate = QStringLiteral("canceling statement due to statement timeout");
    failed.sessions = {m_window->sessionModel()->session(0)};
    QCOMPARE(ConfirmDialog(failed, m_window.get()).warnings().value(0),
             QStringLiteral("The last poll of busy failed (canceling statement due to statement timeout): the sessions are as they were at "
                            "the poll before. A session is ended only if its PID and start time still match."));
    ConfirmDialog::Context killAll = failed;
    killAll.kind = ActionRequest::KillAll;
    killAll.database = QStringLiteral("postgres");
    killAll.unreachable = true;
    QVERIFY2(ConfirmDialog(killAll, m_window.get()).warnings().value(0).endsWith(
                 QStringLiteral("until it can be reached again. Whatever runs there when the action runs is ended, not only the sessions listed.")),
             qPrintable(ConfirmDialog(killAll, m_window.get()).warnings().value(0)));
}

QTEST_MAIN(TestAllServers)
#include "tst_all_servers.moc"
