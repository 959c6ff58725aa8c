// SPDX-License-Identifier: GPL-3.0-or-later
// Access keys (Alt+letter): within one menu, or one window (its menu bar, buttons, labels'
// buddies, group boxes and tabs), no two share a letter, in English and in German. A shared
// one only moves the focus between them. A label that shows an access key has a buddy to
// take the focus (without one it shows the "&"). And every control Tab reaches, in every
// window and dialog, has a name a screen reader says (its own or its label's).
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
#include <QAccessible>
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
    void everyControlHasAName_data() { noTwoShareAKey_data(); }
    void everyControlHasAName();

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
        // Hidden ones too: they show in some state (a pooler's entries, for a pooler).
        if (action->isSeparator())
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

namespace {

/// The translations of @p language loaded for as long as it lives: the app's and Qt's own
/// (standard buttons), as the app loads them (there is no English file of Qt's).
class Language
{
public:
    explicit Language(const QString &language)
    {
        m_ok = m_app.load(QStringLiteral(PGSESSIONS_QM_DIR "/pgsessions_%1.qm").arg(language)) && QCoreApplication::installTranslator(&m_app);
        if (language != QLatin1String("en"))
            m_ok = m_ok && m_qt.load(QStringLiteral("qtbase_%1").arg(language), QLibraryInfo::path(QLibraryInfo::TranslationsPath)) &&
                   QCoreApplication::installTranslator(&m_qt);
    }
    ~Language()
    {
        QCoreApplication::removeTranslator(&m_qt);
        QCoreApplication::removeTranslator(&m_app);
    }
    Language(const Language &) = delete;
    Language &operator=(const Language &) = delete;
    bool ok() const { return m_ok; }

private:
    QTranslator m_app, m_qt;
    bool m_ok = false;
};

/// Every dialog of the app, built as a user meets it, beside @p window; those with options
/// in the states that show the most of them.
std::vector<std::pair<QString, std::unique_ptr<QWidget>>> dialogs(MainWindow &window)
{
    std::vector<std::pair<QString, std::unique_ptr<QWidget>>> out;
    const auto add = [&out](const char *name, QWidget *dialog) { out.emplace_back(QString::fromLatin1(name), std::unique_ptr<QWidget>(dialog)); };
    add("Servers dialog", new ServerListDialog({}, QString()));
    ServerProfile profile;
    profile.name = QStringLiteral("alpha");
    add("server dialog", new ServerProfileDialog(profile, QString()));
    add("Import dialog", new ImportServersDialog({}, QStringList()));
    PasswordRequest password;
    password.server = 1;
    password.serverName = QStringLiteral("alpha");
    password.user = QStringLiteral("dba");
    password.saved = true;
    add("password dialog", new PasswordDialog(password));
    PasswordRequest passphrase;
    passphrase.cluster = QStringLiteral("cluster-id");
    passphrase.keyFile = QStringLiteral("/etc/patroni/client.key");
    passphrase.serverName = QStringLiteral("pg-ha");
    passphrase.saved = true;
    add("key passphrase dialog", new PasswordDialog(passphrase));

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
    add("kill-all confirmation", new ConfirmDialog(killAll));
    ConfirmDialog::Context reset = killAll;
    reset.reset = true;
    reset.templates = QStringList{QStringLiteral("shop_template")};
    add("reset confirmation", new ConfirmDialog(reset));
    ConfirmDialog::Context terminate;
    terminate.serverName = QStringLiteral("alpha");
    terminate.serverVersion = 150000;
    add("terminate confirmation", new ConfirmDialog(terminate));
    add("confirmation across servers", new ServersConfirmDialog(ActionRequest::Terminate, {{1, terminate}, {2, terminate}}));

    PoolerConfirmDialog::Context pooler;
    pooler.serverName = QStringLiteral("bouncer");
    pooler.production = true;
    pooler.database = QStringLiteral("shop");
    add("pooler kill-all confirmation", new PoolerConfirmDialog(pooler));

    // The rule dialogs read a server of the registry's: one that is never reached.
    ServerOptions options;
    options.name = QStringLiteral("nowhere");
    const int server = window.registry()->addServer(specOf(QStringLiteral("host=127.0.0.1 port=1 connect_timeout=1")), options);
    add("rule dialog", new RuleDialog(window.registry(), server));
    add("watchdog dialog", new WatchdogDialog(window.registry(), server, {}));
    return out;
}

} // namespace

void TestAccessKeys::noTwoShareAKey()
{
    QFETCH(QString, language);
    const Language loaded(language);
    QVERIFY(loaded.ok());
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
    // Paused, Pause reads Resume: the View menu again.
    window.action(QStringLiteral("pause"))->setChecked(true);
    QCOMPARE(window.action(QStringLiteral("pause"))->text(), QCoreApplication::translate("MainWindow", "Res&ume"));
    for (const QAction *action : window.menuBar()->actions())
        found << menuClashes(action->text() + QStringLiteral(" (paused)"), action->menu());
    window.action(QStringLiteral("pause"))->setChecked(false);

    QStringList texts;
    found << windowClashes(QStringLiteral("main window"), &window, &texts);
    QVERIFY(texts.size() >= 12);
    // The dialogs, and how many texts with a key each has at least (one that lost its
    // controls would pass with none).
    const std::map<QString, int> least = {{QStringLiteral("Servers dialog"), 9}, {QStringLiteral("server dialog"), 20},
                                          {QStringLiteral("kill-all confirmation"), 8}, {QStringLiteral("rule dialog"), 12}};
    for (const auto &[name, dialog] : dialogs(window)) {
        texts.clear();
        found << windowClashes(name, dialog.get(), &texts);
        texts.removeIf([](const QString &text) { return accessKey(text).isNull(); });
        if (const auto it = least.find(name); it != least.end())
            QVERIFY2(texts.size() >= it->second, qPrintable(name));
        else
            QVERIFY2(!texts.isEmpty(), qPrintable(name));
    }

    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
}

namespace {

/// What a screen reader says a control is: its accessible name, else its label's.
QString heardName(QWidget *w)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    if (!iface)
        return {};
    QString name = iface->text(QAccessible::Name);
    if (name.trimmed().isEmpty()) {
        for (const auto &relation : iface->relations(QAccessible::Label)) {
            name = relation.first->text(QAccessible::Name);
            break;
        }
    }
    return name.trimmed();
}

/// The controls in @p window that a user reaches with Tab and that a screen reader could
/// not name, as "where: class objectName (in parent class)" lines. @p controls counts them all.
QStringList unnamed(const QString &where, QWidget *window, int *controls)
{
    QStringList out;
    for (QWidget *w : window->findChildren<QWidget *>()) {
        // Not reached by Tab; or its focus goes on to another widget (a spin box's edit); or
        // it is a popup's (a combo box's list, named when it opens).
        if (!(w->focusPolicy() & Qt::TabFocus) || w->focusProxy() || w->window() != window)
            continue;
        const auto *box = qobject_cast<const QDialogButtonBox *>(w->parentWidget());
        if (box && box->isHidden())
            continue;
        ++*controls;
        if (heardName(w).isEmpty()) {
            const QWidget *parent = w->parentWidget();
            out << QStringLiteral("%1: %2 \"%3\" in %4 \"%5\"")
                       .arg(where, QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                            QString::fromLatin1(parent->metaObject()->className()), parent->objectName());
        }
    }
    return out;
}

} // namespace

void TestAccessKeys::everyControlHasAName()
{
    QFETCH(QString, language);
    const Language loaded(language);
    QVERIFY(loaded.ok());
    MainWindow window(std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal.jsonl"))));
    int controls = 0;
    QStringList found = unnamed(QStringLiteral("main window"), &window, &controls);
    QVERIFY(controls >= 10);
    for (const auto &[name, dialog] : dialogs(window)) {
        controls = 0;
        found << unnamed(name, dialog.get(), &controls);
        QVERIFY2(controls >= 2, qPrintable(name));
    }
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
}

QTEST_MAIN(TestAccessKeys)
#include "tst_access_keys.moc"
