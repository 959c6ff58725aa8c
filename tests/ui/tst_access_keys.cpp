// SPDX-License-Identifier: GPL-3.0-or-later
// Access keys (Alt+letter): within one menu, the menu bar or one dialog's buttons, no two
// share a letter, in English and in German. A shared one only moves the focus between them.
#include "actions/action_journal.h"
#include "dialogs/server_list_dialog.h"
#include "window/main_window.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
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

    ServerListDialog servers({}, QString());
    QStringList buttons;
    for (const QPushButton *button : servers.findChildren<QPushButton *>())
        buttons << button->text();
    QVERIFY(buttons.size() >= 9);
    found << clashes(QStringLiteral("Servers dialog"), buttons);

    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
}

QTEST_MAIN(TestAccessKeys)
#include "tst_access_keys.moc"
