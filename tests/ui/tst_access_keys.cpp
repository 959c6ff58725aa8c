// SPDX-License-Identifier: GPL-3.0-or-later
// Access keys (Alt+letter): within one menu, or one window (its menu bar, buttons, labels'
// buddies, group boxes and tabs), no two share a letter, in English and in German. A shared
// one only moves the focus between them. A label that shows an access key has a buddy to
// take the focus (without one it shows the "&").
#include "actions/action_journal.h"
#include "dialogs/confirm_dialog.h"
#include "dialogs/import_servers_dialog.h"
#include "dialogs/password_dialog.h"
#include "dialogs/pooler_confirm_dialog.h"
#include "dialogs/rule_dialog.h"
#include "dialogs/server_list_dialog.h"
#include "dialogs/server_profile_dialog.h"
#include "dialogs/servers_confirm_dialog.h"
#include "dialogs/watchdog_dialog.h"
#include "servers/server_registry.h"
#include "test_cluster.h"
#include "window/main_window.h"

#include <QAbstractButton>
#include <QAction>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

#include <map>
#include <memory>

class TestAccessKeys : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void noTwoShareAKey_data();
    void noTwoShareAKey();

private:
    QTemporaryDir m_dir;
};

namespace {

/// The access key of @p text ("Re&name" → 'n'), or a null QChar.
QChar accessKey(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&'))
            continue;
        if (text[i + 1] == QLatin1Char('&')) { // "&&" is an ampersand
            ++i;
            continue;
        }
        return text[i + 1].toLower();
    }
    return {};
}

/// The texts among @p texts that share an access key, as "x: one | two" lines.
QStringList clashes(const QString &where, const QStringList &texts)
{
    std::map<QChar, QStringList> byKey;
    for (const QString &text : texts) {
        const QChar key = accessKey(text);
        if (!key.isNull())
            byKey[key] << text;
    }
    QStringList out;
    for (const auto &[key, sharing] : byKey) {
        if (sharing.size() > 1)
            out << QStringLiteral("%1, Alt+%2: %3").arg(where, key, sharing.join(QStringLiteral(" | ")));
    }
    return out;
}

/// Clashes in @p menu and in each menu under it.
QStringList menuClashes(const QString &where, const QMenu *menu)
{
    QStringList texts, out;
    for (const QAction *action : menu->actions()) {
        if (action->isSeparator() || !action->isVisible())
            continue;
        texts << action->text();
        if (action->menu())
            out << menuClashes(where + QStringLiteral(" › ") + action->text(), action->menu());
    }
    return clashes(where, texts) + out;
}

/// Clashes among the access keys of the widgets in @p window: its menu bar's titles, its
/// buttons, its labels' (those with a buddy), its group boxes' and its tabs'. Hidden ones
/// too: most of them show in some state of the window. @p texts, when given, collects the
/// texts looked at. Also a label that shows an access key without a buddy.
QStringList windowClashes(const QString &where, const QWidget *window, QStringList *texts = nullptr)
{
    QStringList own, out;
    if (const auto *main = qobject_cast<const QMainWindow *>(window)) {
        for (const QAction *action : main->menuBar()->actions())
            own << action->text();
    }
    for (const QAbstractButton *button : window->findChildren<QAbstractButton *>()) {
        // A button box hidden for good: an embedded dialog's, whose host has its own buttons.
        const auto *box = qobject_cast<const QDialogButtonBox *>(button->parentWidget());
        if (!box || !box->isHidden())
            own << button->text();
    }
    for (const QLabel *label : window->findChildren<QLabel *>()) {
        if (label->buddy())
            own << label->text();
        else if (label->textFormat() != Qt::RichText && !accessKey(label->text()).isNull() && !Qt::mightBeRichText(label->text()))
            out << QStringLiteral("%1: the label \"%2\" has no buddy").arg(where, label->text());
    }
    for (const QGroupBox *box : window->findChildren<QGroupBox *>())
        own << box->title();
    for (const QTabBar *bar : window->findChildren<QTabBar *>()) {
        for (int i = 0; i < bar->count(); ++i)
            own << bar->tabText(i);
    }
    if (texts)
        *texts << own;
    return clashes(where, own) + out;
}

} // namespace

void TestAccessKeys::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestAccessKeys::noTwoShareAKey_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("English") << QStringLiteral("en");
    QTest::newRow("German") << QStringLiteral("de");
}

void TestAccessKeys::noTwoShareAKey()
{
    QFETCH(QString, language);
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(PGSESSIONS_QM_DIR "/pgsessions_%1.qm").arg(language)));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    const auto removeTranslator = qScopeGuard([&] { QCoreApplication::removeTranslator(&translator); });
    // Qt's own texts (standard buttons), as the app loads them: there is no English file.
    QTranslator qtTranslator;
    if (language != QLatin1String("en")) {
        QVERIFY(qtTranslator.load(QStringLiteral("qtbase_%1").arg(language), QLibraryInfo::path(QLibraryInfo::TranslationsPath)));
        QVERIFY(QCoreApplication::installTranslator(&qtTranslator));
    }
    const auto removeQtTranslator = qScopeGuard([&] { QCoreApplication::removeTranslator(&qtTranslator); });
    if (language == QLatin1String("de")) // the translation is the one loaded
        QCOMPARE(QCoreApplication::translate("ServerListDialog", "&Remove"), QStringLiteral("&Entfernen"));

    MainWindow window(std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal.jsonl"))));
    QStringList found, titles;
    for (const QAction *action : window.menuBar()->actions()) {
        titles << action->text();
        QVERIFY(action->menu());
        found << menuClashes(action->text(), action->menu());
    }
    QCOMPARE(titles.size() >= 3, true);
    found << clashes(QStringLiteral("menu bar"), titles);
    found << menuClashes(QStringLiteral("a session's menu"), window.sessionContextMenu());
    found << menuClashes(QStringLiteral("a node's menu"), window.databaseContextMenu());

    QStringList texts;
    found << windowClashes(QStringLiteral("main window"), &window, &texts);
    QVERIFY(texts.size() >= 12);

    ServerListDialog servers({}, QString());
    texts.clear();
    found << windowClashes(QStringLiteral("Servers dialog"), &servers, &texts);
    QVERIFY(texts.size() >= 9);

    ServerProfile profile;
    profile.name = QStringLiteral("alpha");
    ServerProfileDialog editor(profile, QString());
    texts.clear();
    found << windowClashes(QStringLiteral("server dialog"), &editor, &texts);
    QVERIFY(texts.size() >= 8);

    ImportServersDialog import({}, QStringList());
    found << windowClashes(QStringLiteral("Import dialog"), &import);

    PasswordDialog password(QStringLiteral("alpha"), QStringLiteral("dba"), QString(), true, QString());
    found << windowClashes(QStringLiteral("password dialog"), &password);

    // Kill all on a production server with a pooler: the most options the dialog has; then
    // a reset from a template, and a terminate.
    ConfirmDialog::Context killAll;
    killAll.kind = ActionRequest::KillAll;
    killAll.serverName = QStringLiteral("alpha");
    killAll.serverVersion = 150000;
    killAll.production = true;
    killAll.database = QStringLiteral("shop");
    killAll.allowsConnections = true;
    killAll.poolerName = QStringLiteral("bouncer");
    killAll.poolerDatabases = QStringList{QStringLiteral("shop")};
    ConfirmDialog confirmKillAll(killAll);
    texts.clear();
    found << windowClashes(QStringLiteral("kill-all confirmation"), &confirmKillAll, &texts);
    QVERIFY(texts.size() >= 4);
    ConfirmDialog::Context reset = killAll;
    reset.reset = true;
    reset.templates = QStringList{QStringLiteral("shop_template")};
    ConfirmDialog confirmReset(reset);
    found << windowClashes(QStringLiteral("reset confirmation"), &confirmReset);
    ConfirmDialog::Context terminate;
    terminate.serverName = QStringLiteral("alpha");
    terminate.serverVersion = 150000;
    ConfirmDialog confirmTerminate(terminate);
    found << windowClashes(QStringLiteral("terminate confirmation"), &confirmTerminate);
    ServersConfirmDialog confirmServers(ActionRequest::Terminate, {{1, terminate}, {2, terminate}});
    found << windowClashes(QStringLiteral("confirmation across servers"), &confirmServers);

    PoolerConfirmDialog::Context pooler;
    pooler.serverName = QStringLiteral("bouncer");
    pooler.production = true;
    pooler.database = QStringLiteral("shop");
    PoolerConfirmDialog poolerKillAll(pooler);
    found << windowClashes(QStringLiteral("pooler kill-all confirmation"), &poolerKillAll);

    // The rule dialogs read a server of the registry's: one that is never reached.
    ServerOptions options;
    options.name = QStringLiteral("nowhere");
    const int server = window.registry()->addServer(specOf(QStringLiteral("host=127.0.0.1 port=1 connect_timeout=1")), options);
    RuleDialog rule(window.registry(), server);
    texts.clear();
    found << windowClashes(QStringLiteral("rule dialog"), &rule, &texts);
    QVERIFY(texts.size() >= 4);
    WatchdogDialog watchdog(window.registry(), server, {});
    found << windowClashes(QStringLiteral("watchdog dialog"), &watchdog);

    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
}

QTEST_MAIN(TestAccessKeys)
#include "tst_access_keys.moc"
