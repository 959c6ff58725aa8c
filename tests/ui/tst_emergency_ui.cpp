// SPDX-License-Identifier: GPL-3.0-or-later
// Emergencies from the main window, offscreen, against a real server: the server-wide
// kill, reset from a template, selection rules and the watchdog, as a DBA uses them.
#include "actions/action_journal.h"
#include "actions/session_rule.h"
#include "cluster_fixture.h"
#include "dialogs/confirm_dialog.h"
#include "dialogs/rule_dialog.h"
#include "dialogs/watchdog_dialog.h"
#include "models/action_log_model.h"
#include "models/server_tree_model.h"
#include "models/session_model.h"
#include "servers/server_registry.h"
#include "servers/watchdog.h"
#include "test_session.h"
#include "window/main_window.h"
#include "window/rule_actions.h"
#include "window/status_line.h"

#include <QAccessible>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <set>

namespace {

QString accessibleName(QWidget *w)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    return iface ? iface->text(QAccessible::Name) : QString();
}

// What a screen reader says a field is: on Linux a combo box's name is its current text,
// and the label it is given by (the buddy relation) names it.
QString labelOf(QWidget *w)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    if (!iface)
        return {};
    for (const auto &relation : iface->relations(QAccessible::Label))
        return relation.first->text(QAccessible::Name).remove(QLatin1Char('&'));
    return {};
}

} // namespace

class TestEmergencyUi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void killAllOnTheServerNode();
    void aProductionServerNeedsItsNameTypedToKillEverything();
    void resetFromATemplateOnADatabaseNode();
    void aRuleSelectsWhatItMatchesAndIsSaved();
    void anArmedWatchdogShowsWhereItIsAndEndsWhatItMatches();

private:
    std::unique_ptr<TestSession> open(const QString &database, const QString &application);
    bool alive(int pid) const;
    void start(bool production);
    std::set<int> selectedPids() const;

    TestCluster m_cluster;
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    int m_server = 0;
};

void TestEmergencyUi::initTestCase()
{
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8()); // saved rules apart from the user's
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("pgsessions-tests")); // as the app names its settings
    PGSESSIONS_START_CLUSTER(m_cluster);
    for (const char *db : {"one", "two", "tmpl"})
        QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE %1").arg(QLatin1String(db))));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE ROLE owner_role")));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE TABLE seed (id int)"), QStringLiteral("tmpl")));
}

void TestEmergencyUi::init()
{
    start(false);
}

void TestEmergencyUi::start(bool production)
{
    m_window.reset();
    m_window = std::make_unique<MainWindow>(std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal.jsonl"))));
    ServerOptions options;
    options.name = QStringLiteral("test");
    options.intervalMs = 100;
    options.production = production;
    m_server = m_window->registry()->addServer(specOf(m_cluster.conninfo()), options);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->sessionModel()->rowCount() > 0, 15000);
}

void TestEmergencyUi::cleanup()
{
    m_window.reset();
}

std::unique_ptr<TestSession> TestEmergencyUi::open(const QString &database, const QString &application)
{
    QString error;
    auto s = TestSession::open(m_cluster, {database, QStringLiteral("postgres"), application, false}, &error);
    if (!s)
        qFatal("cannot open a session: %s", qPrintable(error));
    return s;
}

bool TestEmergencyUi::alive(int pid) const
{
    return m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = %1").arg(pid)) == QLatin1String("1");
}

std::set<int> TestEmergencyUi::selectedPids() const
{
    std::set<int> pids;
    for (const QModelIndex &i : m_window->sessionView()->selectionModel()->selectedRows())
        pids.insert(i.data(SessionModel::PidRole).toInt());
    return pids;
}

void TestEmergencyUi::killAllOnTheServerNode()
{
    std::vector<std::unique_ptr<TestSession>> victims;
    for (const QString &db : {QStringLiteral("postgres"), QStringLiteral("one"), QStringLiteral("two")})
        victims.push_back(open(db, QStringLiteral("victim")));
    ServerTreeModel *tree = m_window->serverTreeModel();
    QTRY_COMPARE_WITH_TIMEOUT(tree->databaseIndex(m_server, QStringLiteral("two")).data(ServerTreeModel::TotalRole).toInt(), 1, 10000);
    QAction *killServer = m_window->action(QStringLiteral("killServer"));
    // A database node is not the server: the server-wide kill is the server node's.
    m_window->serverTree()->setCurrentIndex(tree->databaseIndex(m_server, QStringLiteral("one")));
    QVERIFY(!killServer->isEnabled());
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(m_server));
    QVERIFY(killServer->isEnabled());
    QVERIFY(m_window->databaseContextMenu()->actions().contains(killServer));

    QString heading;
    int listed = 0;
    QStringList names;
    m_window->setConfirmHook([&](ConfirmDialog *dialog) {
        heading = dialog->findChild<QLabel *>(QStringLiteral("heading"))->text();
        listed = int(dialog->sessions().size());
        QVERIFY(dialog->requiredConfirmation().isEmpty()); // not a production server
        auto *block = dialog->findChild<QCheckBox *>(QStringLiteral("blockEvery"));
        QVERIFY(block && !block->isChecked()); // blocking every database is chosen, not assumed
        block->setChecked(true);
        for (const char *name : {"blockEvery", "includeBackground", "includeReplication"})
            names << accessibleName(dialog->findChild<QCheckBox *>(QLatin1String(name)));
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    killServer->trigger();
    QCOMPARE(listed, 3);
    QVERIFY2(heading.contains(QLatin1String("3 client session(s) now in 3 database(s)")), qPrintable(heading));
    for (const QString &n : std::as_const(names))
        QVERIFY2(!n.isEmpty() && !n.contains(QLatin1Char('&')), qPrintable(names.join(QLatin1Char('|'))));
    // Nothing of the test's connects while it runs: a server-wide kill ends any client.
    ActionLogModel *log = m_window->logModel();
    QTRY_VERIFY_WITH_TIMEOUT(log->index(0, ActionLogModel::Result).data().toString().contains(QLatin1String("terminated")), 15000);
    const QString result = log->index(0, ActionLogModel::Result).data().toString();
    QVERIFY2(result.startsWith(QLatin1String("3 terminated, 2 skipped: pgsessions' own connection")), qPrintable(result));
    QVERIFY2(result.contains(QLatin1String("3 database(s) were blocked while it ran and accept connections again")), qPrintable(result));
    for (const auto &v : victims)
        QVERIFY(!alive(v->pid()));
    QVERIFY(log->index(0, ActionLogModel::What).data().toString().contains(QLatin1String("Kill all connections on server test")));
    // Every database it blocked accepts connections again.
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_database WHERE NOT datallowconn AND NOT datistemplate")), QStringLiteral("0"));
}

void TestEmergencyUi::aProductionServerNeedsItsNameTypedToKillEverything()
{
    start(true);
    auto victim = open(QStringLiteral("one"), QStringLiteral("victim"));
    ServerTreeModel *tree = m_window->serverTreeModel();
    QTRY_COMPARE_WITH_TIMEOUT(tree->databaseIndex(m_server, QStringLiteral("one")).data(ServerTreeModel::TotalRole).toInt(), 1, 10000);
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(m_server));
    bool offBeforeTyping = false, onAfterTyping = false;
    QString typedName;
    m_window->setConfirmHook([&](ConfirmDialog *dialog) {
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        offBeforeTyping = !ok->isEnabled();
        QVERIFY(dialog->confirmationEdit());
        typedName = accessibleName(dialog->confirmationEdit());
        QTest::keyClicks(dialog->confirmationEdit(), QStringLiteral("1")); // the count would not do
        QVERIFY(!ok->isEnabled());
        dialog->confirmationEdit()->setText(QStringLiteral("test"));
        onAfterTyping = ok->isEnabled();
        QTimer::singleShot(0, dialog, &QDialog::reject); // and changing one's mind ends nothing
    });
    m_window->action(QStringLiteral("killServer"))->trigger();
    QVERIFY(offBeforeTyping);
    QVERIFY(onAfterTyping);
    QCOMPARE(typedName, QStringLiteral("Confirmation"));
    // Arming a watchdog there needs the name typed too.
    {
        SessionRule rule;
        rule.name = QStringLiteral("victims");
        rule.application = QStringLiteral("victim");
        QSettings settings;
        SessionRule::save(settings, {rule});
    }
    bool armOffBeforeTyping = false, armOnAfterTyping = false;
    m_window->ruleActions()->setWatchdogDialogHook([&](WatchdogDialog *dialog) {
        QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
        QVERIFY(dialog->confirmationEdit());
        armOffBeforeTyping = !ok->isEnabled();
        dialog->confirmationEdit()->setText(QStringLiteral("test"));
        armOnAfterTyping = ok->isEnabled();
        QTimer::singleShot(0, dialog, &QDialog::reject);
    });
    m_window->action(QStringLiteral("armWatchdog"))->trigger();
    QVERIFY(armOffBeforeTyping);
    QVERIFY(armOnAfterTyping);
    QVERIFY(!m_window->registry()->watchdog()->armed(m_server));
    QTest::qWait(500);
    QVERIFY(alive(victim->pid()));
    QCOMPARE(m_window->logModel()->rowCount(), 0);
}

void TestEmergencyUi::resetFromATemplateOnADatabaseNode()
{
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE DATABASE app OWNER owner_role")));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE TABLE leftover (id int)"), QStringLiteral("app")));
    auto user = open(QStringLiteral("app"), QStringLiteral("user"));
    auto onTemplate = open(QStringLiteral("tmpl"), QStringLiteral("designer"));
    ServerTreeModel *tree = m_window->serverTreeModel();
    QTRY_COMPARE_WITH_TIMEOUT(tree->databaseIndex(m_server, QStringLiteral("app")).data(ServerTreeModel::TotalRole).toInt(), 1, 10000);
    QAction *reset = m_window->action(QStringLiteral("resetFromTemplate"));
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(m_server));
    QVERIFY(!reset->isEnabled()); // a database's, not a server's
    m_window->serverTree()->setCurrentIndex(tree->databaseIndex(m_server, QStringLiteral("app")));
    QVERIFY(reset->isEnabled());
    QVERIFY(m_window->databaseContextMenu()->actions().contains(reset));

    QString note, title, templateName;
    QStringList choices;
    m_window->setConfirmHook([&](ConfirmDialog *dialog) {
        title = dialog->windowTitle();
        QComboBox *box = dialog->templateBox();
        QVERIFY(box);
        for (int i = 0; i < box->count(); ++i)
            choices << box->itemData(i).toString();
        box->setCurrentIndex(box->findData(QStringLiteral("tmpl")));
        note = dialog->findChild<QLabel *>(QStringLiteral("templateNote"))->text();
        templateName = labelOf(box);
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    reset->trigger();
    QCOMPARE(title, QStringLiteral("Reset from template"));
    QVERIFY2(choices.contains(QString()) && choices.contains(QStringLiteral("tmpl")) && !choices.contains(QStringLiteral("template0")),
             qPrintable(choices.join(QLatin1Char(','))));
    QVERIFY(!choices.contains(QStringLiteral("app"))); // not from itself
    QVERIFY2(note.contains(QLatin1String("\"tmpl\" are ended too")), qPrintable(note));
    QCOMPARE(templateName, QStringLiteral("Create it again from"));
    ActionLogModel *log = m_window->logModel();
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() == 1 && log->index(0, ActionLogModel::Result).data().toString().contains(QLatin1String("created again")),
                             20000);
    QVERIFY(!alive(user->pid()));
    QVERIFY(!alive(onTemplate->pid())); // the template had to be unused
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'seed'"), QStringLiteral("app")), QStringLiteral("1"));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'leftover'"), QStringLiteral("app")), QStringLiteral("0"));
    QCOMPARE(m_cluster.value(QStringLiteral("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'app'")), QStringLiteral("owner_role"));
    QVERIFY_OK(m_cluster.exec(QStringLiteral("DROP DATABASE app")));
}

void TestEmergencyUi::aRuleSelectsWhatItMatchesAndIsSaved()
{
    auto stuckA = open(QStringLiteral("one"), QStringLiteral("stuck-job"));
    auto stuckB = open(QStringLiteral("two"), QStringLiteral("stuck-job"));
    auto idle = open(QStringLiteral("one"), QStringLiteral("stuck-job"));         // idle, not in a transaction
    auto otherApp = open(QStringLiteral("one"), QStringLiteral("web"));           // in a transaction, another application
    QVERIFY(stuckA->makeIdleInTransaction() && stuckB->makeIdleInTransaction() && otherApp->makeIdleInTransaction());
    ServerTreeModel *tree = m_window->serverTreeModel();
    QTRY_COMPARE_WITH_TIMEOUT(tree->databaseIndex(m_server, QStringLiteral("two")).data(ServerTreeModel::TotalRole).toInt(), 1, 10000);
    // The poll the dialog counts from must have seen the transactions begin (a busy
    // machine can poll between the connection and its BEGIN).
    QTRY_COMPARE_WITH_TIMEOUT(tree->databaseIndex(m_server, QStringLiteral("one")).data(ServerTreeModel::IdleInTransactionRole).toInt(), 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(tree->databaseIndex(m_server, QStringLiteral("two")).data(ServerTreeModel::IdleInTransactionRole).toInt(), 1, 10000);
    // Shown: one database only, of a server in a folder. The rule's matches span two: the
    // table shows the server (not the folder, which may hold others).
    m_window->registry()->moveServer(m_server, QStringLiteral("ops"));
    const auto outOfTheFolder = qScopeGuard([this] { m_window->registry()->moveServer(m_server, QString()); });
    QCOMPARE(tree->serverIndex(m_server).parent(), tree->groupIndex(QStringLiteral("ops")));
    m_window->serverTree()->setCurrentIndex(tree->databaseIndex(m_server, QStringLiteral("one")));
    QAction *select = m_window->action(QStringLiteral("selectSessions"));
    QVERIFY(select->isEnabled());
    QCOMPARE(select->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));

    QString countBefore, countAfter, countName, describe;
    QStringList names;
    bool saveOffWithoutName = false;
    m_window->ruleActions()->setRuleDialogHook([&](RuleDialog *dialog) {
        countBefore = dialog->countLabel()->text();
        dialog->stateBox(QStringLiteral("idle in transaction"))->setChecked(true);
        QTest::keyClicks(dialog->field(QStringLiteral("application")), QStringLiteral("stuck-*"));
        countAfter = dialog->countLabel()->text();
        countName = accessibleName(dialog->countLabel());
        describe = dialog->findChild<QLabel *>(QStringLiteral("ruleText"))->text();
        for (QWidget *w : std::initializer_list<QWidget *>{dialog->idleInTransactionBox(), dialog->queryRunningBox(), dialog->transactionAgeBox(),
                                                           dialog->field(QStringLiteral("user")), dialog->field(QStringLiteral("wait")),
                                                           dialog->nameEdit(), dialog->savedBox(), dialog->stateBox(QStringLiteral("active"))})
            names << accessibleName(w);
        saveOffWithoutName = !dialog->saveButton()->isEnabled();
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("stuck jobs"));
        QVERIFY(dialog->saveButton()->isEnabled());
        dialog->saveButton()->click();
        QCOMPARE(dialog->savedBox()->currentText(), QStringLiteral("stuck jobs"));
        QVERIFY(dialog->selectButton()->isEnabled());
        QTimer::singleShot(0, dialog->selectButton(), &QPushButton::click);
    });
    select->trigger();
    QVERIFY2(countBefore.contains(QLatin1String("0 session")), qPrintable(countBefore));
    QCOMPARE(countAfter, QStringLiteral("2 session(s) match now."));
    QCOMPARE(countName, countAfter);
    QVERIFY2(describe.contains(QLatin1String("idle in transaction")) && describe.contains(QLatin1String("stuck-*")), qPrintable(describe));
    for (const QString &n : std::as_const(names))
        QVERIFY2(!n.isEmpty(), qPrintable(names.join(QLatin1Char('|'))));
    QVERIFY(saveOffWithoutName);
    QCOMPARE(m_window->serverTree()->currentIndex(), tree->serverIndex(m_server));
    QCOMPARE(selectedPids(), (std::set<int>{stuckA->pid(), stuckB->pid()}));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QLatin1String("2 session(s) selected")));
    // Saved where the command line finds it too.
    QSettings settings;
    const Expected<SessionRule> saved = SessionRule::find(settings, QStringLiteral("stuck jobs"));
    QVERIFY(saved.ok());
    QCOMPARE(saved->application, QStringLiteral("stuck-*"));
    QCOMPARE(saved->states, QStringList{QStringLiteral("idle in transaction")});
    // The usual Terminate follows, on exactly those two.
    m_window->setConfirmHook([](ConfirmDialog *dialog) { QTimer::singleShot(0, dialog, &QDialog::accept); });
    m_window->action(QStringLiteral("terminate"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!alive(stuckA->pid()) && !alive(stuckB->pid()), 10000);
    QVERIFY(alive(idle->pid()) && alive(otherApp->pid()));
}

void TestEmergencyUi::anArmedWatchdogShowsWhereItIsAndEndsWhatItMatches()
{
    SessionRule rule;
    rule.name = QStringLiteral("runaway");
    rule.application = QStringLiteral("runaway-batch");
    rule.states = {QStringLiteral("active")};
    {
        QSettings settings;
        SessionRule::save(settings, {rule});
    }
    auto keep = open(QStringLiteral("one"), QStringLiteral("web"));
    auto batch = open(QStringLiteral("one"), QStringLiteral("runaway-batch"));
    QVERIFY(keep->makeActive(60) && batch->makeActive(60));
    ServerTreeModel *tree = m_window->serverTreeModel();
    QTRY_COMPARE_WITH_TIMEOUT(tree->databaseIndex(m_server, QStringLiteral("one")).data(ServerTreeModel::ActiveRole).toInt(), 2, 10000);
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(m_server));
    QAction *arm = m_window->action(QStringLiteral("armWatchdog"));
    QAction *disarm = m_window->action(QStringLiteral("disarmWatchdog"));
    QVERIFY(arm->isEnabled());
    QVERIFY(!disarm->isEnabled()); // off by default
    QVERIFY(m_window->databaseContextMenu()->actions().contains(disarm));

    QString wouldEnd, wouldEndName;
    m_window->ruleActions()->setWatchdogDialogHook([&](WatchdogDialog *dialog) {
        QCOMPARE(dialog->ruleBox()->currentText(), QStringLiteral("runaway"));
        QCOMPARE(accessibleName(dialog->limitBox()), QStringLiteral("Limit of sessions a minute"));
        wouldEnd = dialog->nowLabel()->text();
        wouldEndName = accessibleName(dialog->nowLabel());
        QVERIFY(!dialog->confirmationEdit()); // not a production server: no name to type
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });
    arm->trigger();
    QVERIFY2(wouldEnd.startsWith(QLatin1String("Armed now, it would terminate 1 session(s) at once.")), qPrintable(wouldEnd));
    QCOMPARE(wouldEndName, wouldEnd);
    QTRY_VERIFY_WITH_TIMEOUT(!alive(batch->pid()), 10000);
    QVERIFY(alive(keep->pid()));
    // Seen on the node and in the status bar, its firing in the log with the rule's name.
    QTRY_VERIFY(tree->serverIndex(m_server).data().toString().contains(QLatin1String("watchdog \"runaway\" armed (1 ended)")));
    QCOMPARE(tree->serverIndex(m_server).data(ServerTreeModel::WatchdogRole).toString(), QStringLiteral("runaway"));
    QVERIFY(m_window->statusBar()->findChild<StatusLine *>(QStringLiteral("statusLine"))->text().contains(QLatin1String("watchdog \"runaway\" armed")));
    ActionLogModel *log = m_window->logModel();
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 1, 10000);
    QVERIFY2(log->index(0, ActionLogModel::What).data().toString().startsWith(QLatin1String("Rule \"runaway\": terminate 1 session(s)")),
             qPrintable(log->index(0, ActionLogModel::What).data().toString()));
    // Disarmed at once from the node: nothing more is ended.
    QVERIFY(disarm->isEnabled());
    QVERIFY(disarm->text().contains(QLatin1String("runaway")));
    disarm->trigger();
    QVERIFY(!m_window->registry()->watchdog()->armed(m_server));
    QVERIFY(!tree->serverIndex(m_server).data().toString().contains(QLatin1String("watchdog")));
    auto again = open(QStringLiteral("one"), QStringLiteral("runaway-batch"));
    QVERIFY(again->makeActive(60));
    QTest::qWait(600);
    QVERIFY(alive(again->pid()));
}

QTEST_MAIN(TestEmergencyUi)
#include "tst_emergency_ui.moc"
