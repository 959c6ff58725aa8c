// SPDX-License-Identifier: GPL-3.0-or-later
// Saved servers, passwords, many servers and servers that stop answering, driven through
// the real window and dialogs, offscreen, against real servers.
#include "actions/action_journal.h"
#include "cluster_fixture.h"
#include "event_wait.h"
#include "servers/server_registry.h"
#include "sessions/stale_banner.h"
#include "window/main_window.h"
#include "window/status_line.h"
#include "dialogs/password_dialog.h"
#include "servers/password_store.h"
#include "dialogs/import_servers_dialog.h"
#include "dialogs/server_list_dialog.h"
#include "servers/server_monitor.h"
#include "dialogs/server_profile_dialog.h"
#include "models/server_tree_model.h"
#include "models/session_model.h"
#include "silent_listener.h"
#include "stall_probe.h"
#include "test_session.h"

#include <QAccessible>
#include <QCheckBox>
#include <QPlainTextEdit>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTreeView>
#include <QtTest>

#include <libpq-fe.h>

class TestServers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void malformedInputShowsLibpqsMessageAndConnectsNothing();
    void profilesAreAddedTestedDuplicatedReorderedAndRemoved();
    void aPasswordIsAskedForAndNeverSaved();
    void servicesAndPastedListsAreImported();
    void aLongPastedListKeepsItsPlaceAsItIsEdited();
    void aServerSavedAlreadyIsKnownHoweverItIsWritten();
    void groupsAreSetAndRenamedInTheServersDialog();
    void hiddenQueriesAreExplained();
    void anUnreachableServersRowsStayGreyedWithTheirAge();
    void tenServersPolledAtOnce();
    void aServerThatNeverAnswersDelaysNoOtherAndClosesPromptly();

private:
    std::unique_ptr<MainWindow> makeWindow();
    QString settingsText() const;

    TestCluster m_cluster{[] {
        TestCluster::Options o;
        o.hbaFirst << QStringLiteral("host all secretive 127.0.0.1/32 md5");
        return o;
    }()};
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestServers::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings of the tests, not the user's
    // No session bus: the system keychain is unavailable, as on many servers and in CI.
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    PGSESSIONS_START_CLUSTER(m_cluster);
    for (const char *sql : {"CREATE ROLE secretive LOGIN PASSWORD 'open sesame'", "CREATE ROLE watcher LOGIN", "CREATE DATABASE alpha"})
        QVERIFY_OK(m_cluster.exec(QString::fromLatin1(sql)));
}

void TestServers::init()
{
    QSettings().clear();
}

void TestServers::cleanup()
{
    m_window.reset();
    QSettings().clear();
}

std::unique_ptr<MainWindow> TestServers::makeWindow()
{
    auto window = std::make_unique<MainWindow>(std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal.jsonl"))));
    window->show();
    return window;
}

QString TestServers::settingsText() const
{
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

void TestServers::malformedInputShowsLibpqsMessageAndConnectsNothing()
{
    m_window = makeWindow();
    QString shownError, okEnabled, testEnabled;
    bool editorShown = false;
    m_window->setServerListHook([&](ServerListDialog *list) {
        list->setEditorHook([&](ServerProfileDialog *editor) {
            editorShown = true;
            QTimer::singleShot(0, editor, [&, editor] {
                editor->stringMode()->click();
                QTest::keyClicks(editor->connectionStringEdit(), QStringLiteral("host=db1 port"));
                shownError = editor->errorLabel()->isVisible() ? editor->errorLabel()->text() : QString();
                okEnabled = editor->okButton()->isEnabled() ? QStringLiteral("yes") : QStringLiteral("no");
                testEnabled = editor->testButton()->isEnabled() ? QStringLiteral("yes") : QStringLiteral("no");
                QTest::keyClick(editor, Qt::Key_Return); // OK is disabled: Return does not accept
                QTimer::singleShot(0, editor, &QDialog::reject);
            });
        });
        QTimer::singleShot(0, list, [list] {
            list->button(QStringLiteral("add"))->click();
            list->accept();
        });
    });
    m_window->manageServers();
    QVERIFY(editorShown);
    QCOMPARE(shownError, QStringLiteral("missing \"=\" after \"port\" in connection info string"));
    QCOMPARE(okEnabled, QStringLiteral("no"));
    QCOMPARE(testEnabled, QStringLiteral("no"));
    // Nothing was added, nothing is watched, nothing saved.
    QCOMPARE(m_window->registry()->profiles().size(), 0);
    QCOMPARE(m_window->serverTreeModel()->rowCount(), 0);
    QSettings settings;
    QCOMPARE(ServerProfile::load(settings).size(), 0);
}

void TestServers::profilesAreAddedTestedDuplicatedReorderedAndRemoved()
{
    m_window = makeWindow();
    QString testResult;
    m_window->setServerListHook([&](ServerListDialog *list) {
        list->setEditorHook([&](ServerProfileDialog *editor) {
            QTimer::singleShot(0, editor, [&, editor] {
                editor->nameEdit()->setText(QStringLiteral("Alpha"));
                editor->hostEdit()->setText(m_cluster.socketDir());
                editor->portEdit()->setValue(m_cluster.port());
                editor->userEdit()->setText(QStringLiteral("postgres"));
                editor->colourBox()->setCurrentIndex(editor->colourBox()->findText(QStringLiteral("Red")));
                editor->productionBox()->setChecked(true);
                QSignalSpy tested(editor, &ServerProfileDialog::testFinished);
                editor->testButton()->click();
                if (tested.wait(20000))
                    testResult = editor->testResultLabel()->text();
                editor->accept();
            });
        });
        QTimer::singleShot(0, list, [list] {
            list->button(QStringLiteral("add"))->click();
            list->button(QStringLiteral("duplicate"))->click(); // "Alpha (copy)", after Alpha
            list->button(QStringLiteral("up"))->click();        // now first
            list->accept();
        });
    });
    m_window->manageServers();

    // The test said what the dialog promised: version and privileges.
    QVERIFY2(testResult.contains(QStringLiteral("PostgreSQL %1").arg(m_cluster.serverVersion().section(QLatin1Char(' '), 0, 0))),
             qPrintable(testResult));
    QVERIFY2(testResult.contains(QLatin1String("superuser: yes")), qPrintable(testResult));

    const QList<ServerProfile> profiles = m_window->registry()->profiles();
    QCOMPARE(profiles.size(), 2);
    QCOMPARE(profiles[0].name, QStringLiteral("Alpha (copy)"));
    QCOMPARE(profiles[1].name, QStringLiteral("Alpha"));
    QVERIFY(profiles[0].id != profiles[1].id);
    QCOMPARE(profiles[1].colour, QStringLiteral("#e01b24"));
    QVERIFY(profiles[1].production);

    // Both are watched, in the list's order, and both reach the server.
    ServerTreeModel *tree = m_window->serverTreeModel();
    // (Under All servers, the node that two servers or more bring.)
    QCOMPARE(tree->rowCount(), 3);
    QVERIFY(tree->index(0, 0).data(ServerTreeModel::AllServersRole).toBool());
    QVERIFY(tree->index(1, 0).data().toString().startsWith(QLatin1String("Alpha (copy) [production]")));
    QVERIFY(tree->index(2, 0).data().toString().startsWith(QLatin1String("Alpha [production]")));
    QCOMPARE(tree->index(2, 0).data(ServerTreeModel::ColourRole).toString(), QStringLiteral("#e01b24"));
    for (int r = 1; r < 3; ++r) {
        const QModelIndex node = tree->index(r, 0);
        QTRY_VERIFY_WITH_TIMEOUT(node.data(ServerTreeModel::StateRole).toInt() == ServerStatus::Connected, 15000);
    }

    // Saved, without a password, and read back the same.
    {
        QSettings settings;
        const QList<ServerProfile> saved = ServerProfile::load(settings);
        QCOMPARE(saved.size(), 2);
        QVERIFY(saved[0] == profiles[0] && saved[1] == profiles[1]);
    }

    // Remove the first: its node and its rows go, the other stays. (Both shown first: the
    // rows kept are compared below.)
    const int removedServer = m_window->registry()->serverOfProfile(profiles[0].id);
    const auto rowsOf = [this](int server) {
        const SessionModel *sessions = m_window->sessionModel();
        int rows = 0;
        for (int r = 0; r < sessions->rowCount(); ++r)
            rows += sessions->index(r, 0).data(SessionModel::ServerRole).toInt() == server;
        return rows;
    };
    QTRY_VERIFY_WITH_TIMEOUT(rowsOf(removedServer) > 0, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(rowsOf(m_window->registry()->serverOfProfile(profiles[1].id)) > 0, 15000);
    m_window->setServerListHook([](ServerListDialog *list) {
        QTimer::singleShot(0, list, [list] {
            list->list()->setCurrentRow(0);
            list->button(QStringLiteral("remove"))->click();
            list->accept();
        });
    });
    m_window->manageServers();
    QCOMPARE(m_window->registry()->profiles().size(), 1);
    QCOMPARE(tree->rowCount(), 1);
    QVERIFY(tree->index(0, 0).data().toString().startsWith(QLatin1String("Alpha [production]")));
    QVERIFY(!m_window->registry()->monitor(removedServer));
    SessionModel *model = m_window->sessionModel();
    for (int r = 0; r < model->rowCount(); ++r)
        QVERIFY(model->index(r, 0).data(SessionModel::ServerRole).toInt() != removedServer);
    QSettings settings;
    QCOMPARE(ServerProfile::load(settings).size(), 1);

    // A new name and colour are shown without reconnecting: same server, same rows.
    const int kept = m_window->registry()->serverOfProfile(profiles[1].id);
    const int rowsBefore = m_window->sessionModel()->rowCount();
    m_window->setServerListHook([](ServerListDialog *list) {
        list->setEditorHook([](ServerProfileDialog *editor) {
            QTimer::singleShot(0, editor, [editor] {
                editor->nameEdit()->setText(QStringLiteral("Alpha renamed"));
                editor->colourBox()->setCurrentIndex(editor->colourBox()->findText(QStringLiteral("Blue")));
                editor->accept();
            });
        });
        QTimer::singleShot(0, list, [list] {
            list->list()->setCurrentRow(0);
            list->button(QStringLiteral("edit"))->click();
            list->accept();
        });
    });
    m_window->manageServers();
    QCOMPARE(m_window->registry()->serverOfProfile(profiles[1].id), kept);
    QVERIFY(tree->index(0, 0).data().toString().startsWith(QLatin1String("Alpha renamed [production]")));
    QCOMPARE(tree->index(0, 0).data(ServerTreeModel::ColourRole).toString(), QStringLiteral("#3584e4"));
    QCOMPARE(m_window->registry()->monitor(kept)->status().state, ServerStatus::Connected);
    QCOMPARE(m_window->sessionModel()->rowCount(), rowsBefore);

    // Cancel changes nothing.
    m_window->setServerListHook([](ServerListDialog *list) {
        QTimer::singleShot(0, list, [list] {
            list->button(QStringLiteral("remove"))->click();
            list->reject();
        });
    });
    m_window->manageServers();
    QCOMPARE(m_window->registry()->profiles().size(), 1);
    QCOMPARE(tree->rowCount(), 1);
}

void TestServers::aPasswordIsAskedForAndNeverSaved()
{
    ServerProfile p = ServerProfile::create();
    p.name = QStringLiteral("Guarded");
    p.host = QStringLiteral("127.0.0.1");
    p.port = m_cluster.port();
    p.user = QStringLiteral("secretive");
    p.rememberPassword = true; // but there is no keychain here
    m_window = makeWindow();
    QStringList reasons;
    QStringList rememberTexts;
    m_window->setPasswordHook([&](PasswordDialog *dialog) {
        reasons << dialog->reasonLabel()->text();
        rememberTexts << (dialog->rememberBox()->isEnabled() ? QStringLiteral("enabled") : dialog->rememberBox()->text());
        const QString typed = reasons.size() == 1 ? QStringLiteral("wrong guess") : QStringLiteral("open sesame");
        QTimer::singleShot(0, dialog, [dialog, typed] {
            QTest::keyClicks(dialog->passwordEdit(), typed);
            QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
        });
    });
    m_window->registry()->setProfiles({p});
    const int id = m_window->registry()->serverOfProfile(p.id);
    QVERIFY(id);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->registry()->monitor(id)->status().state == ServerStatus::Connected, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->sessionModel()->rowCount() > 0, 10000);

    // Asked twice: first because the server wants a password, then because it refused one.
    QCOMPARE(reasons.size(), 2);
    QVERIFY2(reasons[1].contains(QLatin1String("secretive")), qPrintable(reasons[1]));
    // The keychain was tried, found missing, and the dialog says so instead of offering it.
    QVERIFY(!m_window->registry()->passwordStore()->available());
    for (const QString &text : std::as_const(rememberTexts))
        QVERIFY2(text.contains(QLatin1String("No system keychain")), qPrintable(text));
    QVERIFY(!settingsText().contains(QLatin1String("open sesame")));
    QVERIFY(!settingsText().contains(QLatin1String("wrong guess")));
}

void TestServers::servicesAndPastedListsAreImported()
{
    // A service file as a DBA keeps one: this server, and one that is not up.
    const QString services = m_dir.filePath(QStringLiteral("pg_service.conf"));
    {
        QFile f(services);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("[testsvc]\nhost=%1\nport=%2\ndbname=postgres\nuser=postgres\n\n[nowhere]\nhost=127.0.0.1\nport=1\n")
                    .arg(m_cluster.socketDir())
                    .arg(m_cluster.port())
                    .toUtf8());
    }
    qputenv("PGSERVICEFILE", services.toUtf8());
    qputenv("PGSYSCONFDIR", m_dir.filePath(QStringLiteral("no-such-dir")).toUtf8());
    char *raw = nullptr;
    QVERIFY(!PQconninfoParse("host=db2 port", &raw));
    const QString libpqSays = QString::fromUtf8(raw).trimmed();
    PQfreemem(raw);
    const QString pasted = m_cluster.conninfo(QStringLiteral("postgres"), QStringLiteral("postgres")) + QStringLiteral(" application_name=pasted");

    const auto name = [](QWidget *w) {
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
        return iface ? iface->text(QAccessible::Name) : QString();
    };
    m_window = makeWindow();
    bool checked = false;
    m_window->setServerListHook([&](ServerListDialog *list) {
        list->setImportHook([&](ImportServersDialog *import) {
            QTimer::singleShot(0, import, [&, import] {
                QListWidget *found = import->servicesList();
                QCOMPARE(found->count(), 2);
                QVERIFY(found->item(0)->text().startsWith(QLatin1String("testsvc")));
                QCOMPARE(found->item(0)->checkState(), Qt::Checked);
                QCOMPARE(name(found), QStringLiteral("Services found"));
                QCOMPARE(name(import->pasteEdit()), QStringLiteral("Connection strings, one per line"));
                QCOMPARE(name(import->linesList()), QStringLiteral("What each line gives"));
                found->item(1)->setCheckState(Qt::Unchecked); // not the one that is down
                import->pasteEdit()->setPlainText(pasted + QStringLiteral("\nhost=db2 port\n# a comment\nservice=testsvc\n  ") + pasted +
                                                  QStringLiteral("\r\n"));
                QCOMPARE(import->linesList()->count(), 4);
                QVERIFY2(import->linesList()->item(1)->text().startsWith(QLatin1String("Line 2: not imported: ")), qPrintable(import->linesList()->item(1)->text()));
                QVERIFY2(import->linesList()->item(1)->text().contains(libpqSays), qPrintable(import->linesList()->item(1)->text()));
                // The service, the pasted server; "service=testsvc" again is the same one,
                // and the pasted line twice is one server: both lines say so.
                QVERIFY2(import->linesList()->item(2)->text().startsWith(QLatin1String("Line 4: ")), qPrintable(import->linesList()->item(2)->text()));
                QVERIFY2(import->linesList()->item(2)->text().endsWith(QLatin1String(", the same as a service ticked above")),
                         qPrintable(import->linesList()->item(2)->text()));
                QVERIFY2(import->linesList()->item(3)->text().startsWith(QLatin1String("Line 5: ")), qPrintable(import->linesList()->item(3)->text()));
                QVERIFY2(import->linesList()->item(3)->text().endsWith(QLatin1String(", the same as line 1")), qPrintable(import->linesList()->item(3)->text()));
                QVERIFY(!import->linesList()->item(0)->text().contains(QLatin1String("the same")));
                QCOMPARE(import->profiles().size(), 2);
                QCOMPARE(import->importButton()->text(), QStringLiteral("&Import 2 server(s)"));
                checked = true;
                import->accept();
            });
        });
        QTimer::singleShot(0, list, [list] {
            list->button(QStringLiteral("import"))->click();
            list->accept();
        });
    });
    m_window->manageServers();
    QVERIFY(checked);
    const QList<ServerProfile> saved = m_window->registry()->profiles();
    QCOMPARE(saved.size(), 2);
    QCOMPARE(saved[0].name, QStringLiteral("testsvc"));
    QCOMPARE(saved[0].connectionString, QStringLiteral("service=testsvc")); // the service, not a copy of its fields
    QVERIFY(saved[0].host.isEmpty());
    QCOMPARE(saved[1].connectionString, pasted);
    // Both are watched, and the service connects through libpq's service file.
    const int viaService = m_window->registry()->serverOfProfile(saved[0].id);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->registry()->monitor(viaService)->status().state, ServerStatus::Connected, 15000);

    // The same again: everything is saved already, nothing to import.
    bool again = false;
    m_window->setServerListHook([&](ServerListDialog *list) {
        list->setImportHook([&](ImportServersDialog *import) {
            QTimer::singleShot(0, import, [&, import] {
                QVERIFY(import->servicesList()->item(0)->text().contains(QLatin1String("saved already")));
                QCOMPARE(import->servicesList()->item(1)->checkState(), Qt::Checked); // "nowhere", not saved
                import->servicesList()->item(1)->setCheckState(Qt::Unchecked);
                import->pasteEdit()->setPlainText(pasted);
                QVERIFY(import->linesList()->item(0)->text().contains(QLatin1String("saved already")));
                QVERIFY(import->profiles().isEmpty());
                QVERIFY(!import->importButton()->isEnabled());
                again = true;
                import->reject();
            });
        });
        QTimer::singleShot(0, list, [list] {
            list->button(QStringLiteral("import"))->click();
            list->reject();
        });
    });
    m_window->manageServers();
    QVERIFY(again);
    QCOMPARE(m_window->registry()->profiles().size(), 2);
    qunsetenv("PGSERVICEFILE");
    qunsetenv("PGSYSCONFDIR");
}

void TestServers::aServerSavedAlreadyIsKnownHoweverItIsWritten()
{
    // Saved by its fields; pasted as a URI, as keyword=value pairs in another order, with a
    // note after it: the same server, not a second one watched twice. The service file
    // was saved by an editor with a byte-order mark, which hides its first service from
    // libpq: the dialog says so, and offers the second only.
    ServerProfile saved = ServerProfile::create();
    saved.host = QStringLiteral("db1");
    saved.user = QStringLiteral("dba");
    saved.database = QStringLiteral("postgres");
    const QString services = m_dir.filePath(QStringLiteral("bom_services.conf"));
    {
        QFile f(services);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\xEF\xBB\xBF[hidden]\nhost=db2\n[shown]\nhost=db3\n");
    }
    ImportServersDialog dialog({saved}, QStringList{services});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.servicesList()->count(), 1);
    QVERIFY2(dialog.servicesList()->item(0)->text().startsWith(QLatin1String("shown")), qPrintable(dialog.servicesList()->item(0)->text()));
    const QLabel *note = dialog.findChild<QLabel *>(QStringLiteral("servicesNote"));
    QVERIFY(note && note->isVisible());
    QVERIFY2(note->text().contains(QLatin1String("byte-order mark")), qPrintable(note->text()));
    QAccessibleInterface *noteIface = QAccessible::queryAccessibleInterface(const_cast<QLabel *>(note));
    QVERIFY(noteIface && noteIface->text(QAccessible::Name).contains(QLatin1String("byte-order mark")));

    dialog.servicesList()->item(0)->setCheckState(Qt::Unchecked);
    dialog.pasteEdit()->setPlainText(QStringLiteral("postgresql://dba@db1/postgres\n"
                                                    "user=dba dbname=postgres host = db1   # the primary\n"
                                                    "postgresql://dba@db1/app # another database\n"));
    QListWidget *results = dialog.linesList();
    QCOMPARE(results->count(), 3);
    QVERIFY2(results->item(0)->text() == QLatin1String("Line 1: dba@db1 is saved already"), qPrintable(results->item(0)->text()));
    QVERIFY2(results->item(1)->text() == QLatin1String("Line 2: dba@db1 is saved already"), qPrintable(results->item(1)->text()));
    QVERIFY2(!results->item(2)->text().contains(QLatin1String("saved already")), qPrintable(results->item(2)->text()));
    const QList<ServerProfile> imported = dialog.profiles();
    QCOMPARE(imported.size(), 1);
    QCOMPARE(imported[0].connectionString, QStringLiteral("postgresql://dba@db1/app")); // the note left out
    QCOMPARE(dialog.importButton()->text(), QStringLiteral("&Import 1 server(s)"));
    // Alt+W goes to what each line gives, as Alt+C to the lines.
    dialog.activateWindow();
    QTest::keyClick(&dialog, Qt::Key_W, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(results));
}

void TestServers::aLongPastedListKeepsItsPlaceAsItIsEdited()
{
    // 300 servers pasted, one line of them wrong; the DBA scrolls the results to it, goes
    // to it and mends it there.
    QStringList lines;
    for (int i = 1; i <= 300; ++i)
        lines << (i == 212 ? QStringLiteral("host=db212 port") : QStringLiteral("host=db%1 dbname=postgres").arg(i));
    ImportServersDialog dialog({}, QStringList{});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.pasteEdit()->setPlainText(lines.join(QLatin1Char('\n')));
    QListWidget *results = dialog.linesList();
    QCOMPARE(results->count(), 300);
    QCOMPARE(dialog.importButton()->text(), QStringLiteral("&Import 299 server(s)"));
    QListWidgetItem *wrong = results->item(211);
    QVERIFY2(wrong->text().startsWith(QLatin1String("Line 212: not imported: ")), qPrintable(wrong->text()));
    results->setCurrentItem(wrong);
    results->scrollToItem(wrong, QAbstractItemView::PositionAtTop);
    const int scrolled = results->verticalScrollBar()->value();
    QVERIFY(scrolled > 0);

    // Typed at the end of the text: the results stay where they were.
    QTextCursor end = dialog.pasteEdit()->textCursor();
    end.movePosition(QTextCursor::End);
    dialog.pasteEdit()->setTextCursor(end);
    QTest::keyClicks(dialog.pasteEdit(), QStringLiteral(" user=dba"));
    QCOMPARE(results->count(), 300);
    QVERIFY2(results->item(299)->text().startsWith(QLatin1String("Line 300: ")), qPrintable(results->item(299)->text()));
    QCOMPARE(results->currentRow(), 211);
    QCOMPARE(results->verticalScrollBar()->value(), scrolled);

    // Enter on the wrong line's result: the editor's cursor is on that line; mended there.
    results->setFocus();
    QTest::keyClick(results, Qt::Key_Return);
    QCOMPARE(dialog.pasteEdit()->textCursor().blockNumber(), 211);
    QVERIFY(dialog.isVisible()); // Enter went to the line, not to Import too
    QCOMPARE(dialog.result(), 0);
    QTest::keyClicks(dialog.pasteEdit(), QStringLiteral("=5432"));
    QCOMPARE(dialog.pasteEdit()->document()->findBlockByNumber(211).text(), QStringLiteral("host=db212 port=5432"));
    QVERIFY2(results->item(211)->text().startsWith(QLatin1String("Line 212: db212")), qPrintable(results->item(211)->text()));
    QVERIFY2(!results->item(211)->text().contains(QLatin1String("not imported")), qPrintable(results->item(211)->text()));
    QCOMPARE(dialog.importButton()->text(), QStringLiteral("&Import 300 server(s)"));
    QCOMPARE(results->currentRow(), 211);
    QCOMPARE(results->verticalScrollBar()->value(), scrolled);

    // Lines taken away: their results go too.
    dialog.pasteEdit()->setPlainText(lines.mid(0, 3).join(QLatin1Char('\n')));
    QCOMPARE(results->count(), 3);
    QCOMPARE(dialog.importButton()->text(), QStringLiteral("&Import 3 server(s)"));
}

void TestServers::groupsAreSetAndRenamedInTheServersDialog()
{
    // Four servers, as an import leaves them: none in a group yet, but "d" in "old".
    QList<ServerProfile> profiles;
    for (const char *name : {"a", "b", "c", "d"}) {
        ServerProfile p = ServerProfile::create();
        p.name = QString::fromLatin1(name);
        p.useConnectionString = true;
        p.connectionString = QStringLiteral("host=%1").arg(p.name);
        profiles << p;
    }
    profiles[3].group = QStringLiteral("old");
    ServerListDialog dialog(profiles, QString());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QListWidget *list = dialog.list();
    QPushButton *setGroup = dialog.button(QStringLiteral("setGroup")), *renameGroup = dialog.button(QStringLiteral("renameGroup"));
    QVERIFY(setGroup && renameGroup);
    QCOMPARE(setGroup->text(), QStringLiteral("Set &group…"));
    QVERIFY(setGroup->isEnabled());
    QVERIFY(!renameGroup->isEnabled()); // "a", current, is in no group

    // "a" and "b" chosen with the keyboard (Shift+Down adds the next), put in "staging".
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Home);
    QTest::keyClick(list, Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(list->selectedItems().size(), 2);
    QString label;
    QStringList offered;
    QString typed = QStringLiteral(" staging ");
    dialog.setInputHook([&](QInputDialog *input) {
        label = input->labelText();
        offered = input->comboBoxItems();
        input->setTextValue(typed);
        QTimer::singleShot(0, input, &QDialog::accept);
    });
    setGroup->click();
    QCOMPARE(label, QStringLiteral("&Group of the 2 selected server(s) (empty: none):"));
    QCOMPARE(offered, (QStringList{QString(), QStringLiteral("old")}));
    QStringList groups;
    for (const ServerProfile &p : dialog.profiles())
        groups << p.group;
    QCOMPARE(groups, (QStringList{QStringLiteral("staging"), QStringLiteral("staging"), QString(), QStringLiteral("old")}));
    QCOMPARE(list->item(0)->text(), QStringLiteral("a — group staging"));
    QCOMPARE(list->item(2)->text(), QStringLiteral("c"));
    QCOMPARE(list->selectedItems().size(), 2); // still chosen
    QVERIFY(renameGroup->isEnabled()); // "b", current, is in "staging" now

    // Staging renamed to "old", the other group's name: asked first; Cancel changes nothing,
    // Move into makes them one group.
    QString question;
    bool into = false;
    dialog.setQuestionHook([&](QMessageBox *box) {
        question = box->text();
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
        QTimer::singleShot(0, box, [box, &into] {
            for (QAbstractButton *button : box->buttons()) {
                if ((button == box->button(QMessageBox::Cancel)) != into)
                    button->click();
            }
        });
    });
    typed = QStringLiteral("old");
    renameGroup->click();
    QCOMPARE(label, QStringLiteral("&New name of group staging:"));
    QCOMPARE(question, QStringLiteral("A group named old exists already. Move the servers of staging into it?"));
    QCOMPARE(dialog.profiles()[0].group, QStringLiteral("staging"));
    QVERIFY(dialog.renamedGroups().isEmpty());
    into = true;
    renameGroup->click();
    groups.clear();
    for (const ServerProfile &p : dialog.profiles())
        groups << p.group;
    QCOMPARE(groups, (QStringList{QStringLiteral("old"), QStringLiteral("old"), QString(), QStringLiteral("old")}));
    // The renames the tree hears of after OK are of the groups it had: "staging" is new.
    QVERIFY(dialog.renamedGroups().isEmpty());
    // "old" renamed, and back again: not renamed after all (its folder keeps its state).
    typed = QStringLiteral("new");
    renameGroup->click();
    QCOMPARE(dialog.renamedGroups(), (QHash<QString, QString>{{QStringLiteral("old"), QStringLiteral("new")}}));
    typed = QStringLiteral("old");
    renameGroup->click();
    QVERIFY(dialog.renamedGroups().isEmpty());
    QCOMPARE(dialog.profiles()[3].group, QStringLiteral("old"));

    // Enter on a server opens its editor, and does not press OK too.
    int edited = 0;
    dialog.setEditorHook([&](ServerProfileDialog *editor) {
        ++edited;
        QTimer::singleShot(0, editor, &QDialog::reject);
    });
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(edited, 1);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), 0);

    // A, b and c chosen, then c taken out again (Ctrl+click): Set group leaves c out of the
    // group and out of the choice.
    QTest::keyClick(list, Qt::Key_Home);
    QTest::keyClick(list, Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(list, Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(list->selectedItems().size(), 3);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::ControlModifier, list->visualItemRect(list->item(2)).center());
    QCOMPARE(list->selectedItems().size(), 2);
    QCOMPARE(list->currentRow(), 2);
    typed = QStringLiteral("old");
    setGroup->click();
    QCOMPARE(dialog.profiles()[2].group, QString());
    QVERIFY(!list->item(2)->isSelected());
    QCOMPARE(list->selectedItems().size(), 2);

    // Out of any group: the empty name; then the two chosen are removed at once.
    typed.clear();
    setGroup->click();
    QCOMPARE(dialog.profiles()[0].group, QString());
    QCOMPARE(dialog.profiles()[1].group, QString());
    QCOMPARE(dialog.profiles()[3].group, QStringLiteral("old"));
    dialog.button(QStringLiteral("remove"))->click();
    QCOMPARE(dialog.profiles().size(), 2);
    QCOMPARE(dialog.profiles()[0].name, QStringLiteral("c"));
    QCOMPARE(dialog.profiles()[1].name, QStringLiteral("d"));
    QCOMPARE(list->count(), 2);
}

void TestServers::hiddenQueriesAreExplained()
{
    QString error;
    auto other = TestSession::open(m_cluster, &error);
    QVERIFY2(other, qPrintable(error));
    QVERIFY(other->makeActive(60));
    m_window = makeWindow();
    ServerOptions options;
    options.intervalMs = 200;
    m_window->registry()->addServer(specOf(m_cluster.conninfo(QStringLiteral("postgres"), QStringLiteral("watcher"))), options);
    SessionModel *model = m_window->sessionModel();
    int row = -1;
    QTRY_VERIFY_WITH_TIMEOUT((row = [&] {
        for (int r = 0; r < model->rowCount(); ++r) {
            if (model->index(r, 0).data(SessionModel::PidRole).toInt() == other->pid())
                return r;
        }
        return -1;
    }()) >= 0, 15000);
    const QModelIndex query = model->index(row, SessionModel::Query);
    QVERIFY2(query.data().toString().contains(QLatin1String("pg_read_all_stats")), qPrintable(query.data().toString()));
    QVERIFY(query.data(Qt::ToolTipRole).toString().contains(QLatin1String("pg_read_all_stats")));
    QCOMPARE(model->index(row, SessionModel::State).data().toString(), QStringLiteral("hidden"));
    const StatusLine *line = m_window->statusBar()->findChild<StatusLine *>(QStringLiteral("statusLine"));
    QVERIFY(line);
    QTRY_VERIFY2(line->text().contains(QLatin1String("cannot see other roles' queries (needs pg_read_all_stats)")), qPrintable(line->text()));
}

void TestServers::anUnreachableServersRowsStayGreyedWithTheirAge()
{
    TestCluster cluster;
    QVERIFY_OK(cluster.start());
    m_window = makeWindow();
    ServerOptions options;
    options.name = QStringLiteral("flaky");
    options.intervalMs = 200;
    const int id = m_window->registry()->addServer(specOf(cluster.conninfo()), options);
    SessionModel *model = m_window->sessionModel();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0, 15000);
    const int rows = model->rowCount();
    QVERIFY(!m_window->staleBanner()->isVisible());
    QVERIFY(!model->index(0, 0).data(Qt::ForegroundRole).isValid());

    QVERIFY_OK(cluster.stop(QStringLiteral("immediate")));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->staleBanner()->isVisible(), 15000);
    // The last snapshot stays, every row of it greyed, and the banner says how old it is.
    QCOMPARE(model->rowCount(), rows);
    const QBrush disabled = QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
    for (int r = 0; r < model->rowCount(); ++r)
        QCOMPARE(model->index(r, SessionModel::Query).data(Qt::ForegroundRole).value<QBrush>(), disabled);
    const QString first = m_window->staleBanner()->text();
    QVERIFY2(first.contains(QLatin1String("flaky")) && first.contains(QLatin1String("ago")), qPrintable(first));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->staleBanner()->text() != first, 5000); // the age counts up
    QCOMPARE(m_window->serverTreeModel()->serverIndex(id).data(ServerTreeModel::StateRole).toInt(), int(ServerStatus::Error));

    // Back: fresh rows, in their normal colour, without anyone touching anything.
    QVERIFY_OK(cluster.restart());
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->staleBanner()->isVisible(), 40000);
    QVERIFY(!model->isServerStale(id));
    QVERIFY(model->rowCount() > 0);
    QVERIFY(!model->index(0, SessionModel::Query).data(Qt::ForegroundRole).isValid());
}

void TestServers::tenServersPolledAtOnce()
{
    // Two servers, each with a database of its own and a known number of sessions; ten
    // saved servers, five pointing at each.
    TestCluster second;
    QVERIFY_OK(second.start());
    QVERIFY_OK(second.exec(QStringLiteral("CREATE DATABASE beta")));
    std::vector<std::unique_ptr<TestSession>> sessions;
    QString error;
    for (int i = 0; i < 4; ++i) {
        TestSession::Options o;
        o.database = QStringLiteral("alpha");
        sessions.push_back(TestSession::open(m_cluster, o, &error));
        QVERIFY2(sessions.back(), qPrintable(error));
    }
    for (int i = 0; i < 2; ++i) {
        TestSession::Options o;
        o.database = QStringLiteral("beta");
        sessions.push_back(TestSession::open(second, o, &error));
        QVERIFY2(sessions.back(), qPrintable(error));
    }
    QList<ServerProfile> profiles;
    for (int i = 0; i < 10; ++i) {
        const TestCluster &target = i % 2 ? second : m_cluster;
        ServerProfile p = ServerProfile::create();
        p.name = QStringLiteral("%1%2").arg(i % 2 ? QLatin1Char('B') : QLatin1Char('A')).arg(i / 2 + 1);
        p.host = target.socketDir();
        p.port = target.port();
        p.user = QStringLiteral("postgres");
        profiles << p;
    }
    m_window = makeWindow();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->findChild<QDoubleSpinBox *>(QStringLiteral("interval"))->setValue(0.5);
    StallProbe probe;
    probe.start();
    m_window->registry()->setProfiles(profiles);
    ServerTreeModel *tree = m_window->serverTreeModel();
    QCOMPARE(tree->rowCount(), 11); // and All servers on top
    QVERIFY(tree->index(0, 0).data(ServerTreeModel::AllServersRole).toBool());
    // Each node shows its own server's databases and counts, not another's.
    const auto correct = [&] {
        for (int r = 1; r < 11; ++r) {
            const QModelIndex node = tree->index(r, 0);
            const bool isB = node.data().toString().startsWith(QLatin1Char('B'));
            const QModelIndex mine = tree->databaseIndex(node.data(ServerTreeModel::ServerIdRole).toInt(), isB ? QStringLiteral("beta") : QStringLiteral("alpha"));
            const QModelIndex theirs = tree->databaseIndex(node.data(ServerTreeModel::ServerIdRole).toInt(), isB ? QStringLiteral("alpha") : QStringLiteral("beta"));
            if (!mine.isValid() || theirs.isValid() || mine.data(ServerTreeModel::TotalRole).toInt() != (isB ? 2 : 4))
                return false;
        }
        return true;
    };
    QVERIFY(runEventsUntil(correct, 30000));
    probe.stop();
    // Ten connections opening at once, and the window's first rows: reported, not judged.
    qInfo("ten servers connecting: longest GUI-thread stall %lld ms over %lld ms", probe.longestStallMs(), probe.sinceStartMs());

    // Then ten servers polling every 0.5 s: the window keeps answering.
    probe.start();
    runEventsFor(4000);
    probe.stop();
    QVERIFY(correct());
    qInfo("ten servers polling: longest GUI-thread stall %lld ms, %lld ms of it not waiting for a core, over %lld ms (%lld ticks)",
          probe.longestStallMs(), probe.longestOwnStallMs(), probe.sinceStartMs(), probe.ticks());
    // The thread's own stalls: a wait for a core that another test's process has, in a
    // parallel run on two cores, is the machine's (128 ms was seen here once).
    QVERIFY2(probe.longestOwnStallMs() <= 100, qPrintable(QString::number(probe.longestOwnStallMs())));
    for (int r = 1; r < 11; ++r)
        QCOMPARE(tree->index(r, 0).data(ServerTreeModel::StateRole).toInt(), int(ServerStatus::Connected));
}

void TestServers::aServerThatNeverAnswersDelaysNoOtherAndClosesPromptly()
{
    // One server accepts the connection and never says a word; it is listed first, so
    // its worker is the first to start. Each attempt on it takes the whole 2 s
    // connect_timeout: if it held anything up, the real server's polls, every 0.3 s,
    // would show gaps of 2 s.
    SilentListener silent;
    QVERIFY(silent.isListening());
    m_window = makeWindow();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QString error;
    ServerOptions silentOptions;
    silentOptions.name = QStringLiteral("silent");
    const int silentId = m_window->registry()->addServer(
        specOf(QStringLiteral("host=127.0.0.1 port=%1 user=postgres connect_timeout=2").arg(silent.port())), silentOptions);
    QVERIFY2(silentId, qPrintable(error));
    ServerOptions realOptions;
    realOptions.name = QStringLiteral("real");
    realOptions.intervalMs = 300;
    const int realId = m_window->registry()->addServer(specOf(m_cluster.conninfo()), realOptions);
    QVERIFY2(realId, qPrintable(error));

    QElapsedTimer clock;
    clock.start();
    std::vector<qint64> polls; // when each of the real server's snapshots arrived
    connect(m_window->registry()->monitor(realId), &ServerMonitor::snapshotReady, this, [&] { polls.push_back(clock.elapsed()); });
    ServerTreeModel *tree = m_window->serverTreeModel();
    const auto state = [&](int id) { return tree->serverIndex(id).data(ServerTreeModel::StateRole).toInt(); };
    StallProbe probe;
    probe.start();
    // Two failed attempts on the silent server (2 s each, then a backoff) while the real
    // one polls.
    QVERIFY(runEventsUntil([&] { return state(silentId) == int(ServerStatus::Error); }, 10000));
    // The node says why, and so does the banner over its (empty) table once selected.
    const QString node = tree->serverIndex(silentId).data().toString();
    QVERIFY2(node.startsWith(QStringLiteral("silent — error: No answer")) && node.contains(QLatin1String("connect_timeout")), qPrintable(node));
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(silentId));
    QVERIFY(m_window->staleBanner()->isVisible());
    const QString banner = m_window->staleBanner()->text();
    QVERIFY2(banner.startsWith(QLatin1String("silent cannot be reached: No answer")), qPrintable(banner));
    m_window->serverTree()->setCurrentIndex(tree->serverIndex(realId));
    QVERIFY(!m_window->staleBanner()->isVisible());
    QVERIFY(runEventsUntil([&] { return clock.elapsed() > 6000; }, 10000));
    probe.stop();
    QCOMPARE(state(realId), int(ServerStatus::Connected));
    QCOMPARE(state(silentId) == int(ServerStatus::Error) || state(silentId) == int(ServerStatus::Connecting), true);

    QVERIFY2(polls.size() >= 10, qPrintable(QString::number(polls.size())));
    qint64 longestGap = 0;
    for (size_t i = 1; i < polls.size(); ++i)
        longestGap = std::max(longestGap, polls[i] - polls[i - 1]);
    qInfo("real server: %zu polls in %lld ms while the silent one was tried, longest gap %lld ms; longest GUI-thread stall %lld ms, "
          "%lld ms of it not waiting for a core",
          polls.size(), clock.elapsed(), longestGap, probe.longestStallMs(), probe.longestOwnStallMs());
    // A poll held up by an attempt on the silent server leaves a gap of at least its 2 s;
    // under a parallel test run on two cores, one gap of 1.5 s was seen without any.
    QVERIFY2(longestGap < 1900, qPrintable(QString::number(longestGap)));
    // Nor did the window wait on it: each attempt takes 2 s, a wait on one would stall
    // the GUI thread that long. (How short its stalls are is bench_fleet's figure, not
    // this test's: under a parallel test run a stall of 105 ms was seen here.)
    QVERIFY2(probe.longestOwnStallMs() < 1000, qPrintable(QString::number(probe.longestOwnStallMs())));

    // Closing the window while an attempt on the silent server is under way.
    QVERIFY(runEventsUntil([&] { return state(silentId) == int(ServerStatus::Connecting); }, 10000));
    clock.restart();
    m_window->close();
    m_window.reset();
    const qint64 closeMs = clock.elapsed();
    qInfo("window closed in %lld ms while connecting to the silent server", closeMs);
    QVERIFY2(closeMs < 1000, qPrintable(QString::number(closeMs)));
}

QTEST_MAIN(TestServers)
#include "tst_servers.moc"
