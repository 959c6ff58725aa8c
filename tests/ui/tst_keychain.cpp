// SPDX-License-Identifier: GPL-3.0-or-later
// With a system keychain (gnome-keyring on a private session bus, see
// tests/support/with-keyring.sh): a password the user chose to remember is found there
// at the next start, and never lands in the settings file.
#include "actions/action_journal.h"
#include "cluster_fixture.h"
#include "servers/server_registry.h"
#include "window/main_window.h"
#include "dialogs/password_dialog.h"
#include "servers/password_store.h"
#include "servers/server_monitor.h"
#include "models/session_model.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

class TestKeychain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aRememberedPasswordIsFoundAtTheNextStart();

private:
    TestCluster m_cluster{[] {
        TestCluster::Options o;
        o.hbaFirst << QStringLiteral("host all secretive 127.0.0.1/32 md5");
        return o;
    }()};
    QTemporaryDir m_dir;
};

void TestKeychain::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"), "run through dbus-run-session and with-keyring.sh");
    PGSESSIONS_START_CLUSTER(m_cluster);
    QVERIFY_OK(m_cluster.exec(QStringLiteral("CREATE ROLE secretive LOGIN PASSWORD 'open sesame'")));
}

void TestKeychain::aRememberedPasswordIsFoundAtTheNextStart()
{
    ServerProfile p = ServerProfile::create();
    p.name = QStringLiteral("Guarded");
    p.host = QStringLiteral("127.0.0.1");
    p.port = m_cluster.port();
    p.user = QStringLiteral("secretive");
    const auto journal = std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal.jsonl")));

    int prompts = 0;
    {
        MainWindow first(journal);
        first.setPasswordHook([&](PasswordDialog *dialog) {
            ++prompts;
            QTimer::singleShot(0, dialog, [dialog] {
                QVERIFY(dialog->rememberBox()->isEnabled());
                dialog->rememberBox()->setChecked(true);
                QTest::keyClicks(dialog->passwordEdit(), QStringLiteral("open sesame"));
                QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
            });
        });
        first.registry()->setProfiles({p});
        const int id = first.registry()->serverOfProfile(p.id);
        QTRY_VERIFY_WITH_TIMEOUT(first.registry()->monitor(id)->status().state == ServerStatus::Connected, 20000);
        QCOMPARE(prompts, 1);
        // Remembered: the profile says so, and the keychain has it.
        QTRY_VERIFY_WITH_TIMEOUT(first.registry()->profiles().first().rememberPassword, 5000);
        QString stored;
        bool read = false;
        first.registry()->passwordStore()->read(p.id, [&](const QString &password, const QString &error) {
            QVERIFY2(error.isEmpty(), qPrintable(error));
            stored = password;
            read = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(read, 10000);
        QCOMPARE(stored, QStringLiteral("open sesame"));
    }

    // The next start: the saved profile, and the password from the keychain, no prompt.
    QSettings settings;
    const QList<ServerProfile> saved = ServerProfile::load(settings);
    QCOMPARE(saved.size(), 1);
    QVERIFY(saved.first().rememberPassword);
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("open sesame"));

    MainWindow second(journal);
    second.setPasswordHook([&](PasswordDialog *dialog) {
        ++prompts;
        QTimer::singleShot(0, dialog, &QDialog::reject);
    });
    second.registry()->setProfiles(saved);
    const int id = second.registry()->serverOfProfile(p.id);
    QTRY_VERIFY_WITH_TIMEOUT(second.registry()->monitor(id)->status().state == ServerStatus::Connected, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(second.sessionModel()->rowCount() > 0, 10000);
    QCOMPARE(prompts, 1);
}

QTEST_MAIN(TestKeychain)
#include "tst_keychain.moc"
