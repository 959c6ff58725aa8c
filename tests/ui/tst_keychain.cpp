// SPDX-License-Identifier: GPL-3.0-or-later
// With a system keychain (gnome-keyring on a private session bus, see
// tests/support/with-keyring.sh): a password the user chose to remember is found there
// at the next start, and never lands in the settings file.
#include "actions/action_journal.h"
#include "cluster_fixture.h"
#include "demo/local_cluster.h"
#include "servers/patroni.h"
#include "servers/server_registry.h"
#include "window/main_window.h"
#include "dialogs/password_dialog.h"
#include "servers/password_store.h"
#include "servers/server_monitor.h"
#include "models/session_model.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QProcess>
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
    void aRememberedKeyPassphraseIsFoundAtTheNextStart();

private:
    /// The one profile saved, which remembers its secrets; @p secret is not in the
    /// settings file. (Empty @p saved: a check failed.)
    static void savedRemembering(const QString &secret, QList<ServerProfile> *saved);

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

void TestKeychain::savedRemembering(const QString &secret, QList<ServerProfile> *saved)
{
    QSettings settings;
    const QList<ServerProfile> profiles = ServerProfile::load(settings);
    QCOMPARE(profiles.size(), 1);
    QVERIFY(profiles.first().rememberPassword);
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(secret.toUtf8()));
    *saved = profiles;
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
    QList<ServerProfile> saved;
    savedRemembering(QStringLiteral("open sesame"), &saved);
    QCOMPARE(saved.size(), 1);

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

void TestKeychain::aRememberedKeyPassphraseIsFoundAtTheNextStart()
{
    QSettings().clear();
    // A Patroni cluster's REST client certificate, its key locked with a passphrase. No
    // REST API listens at the address: once the key opens, the poll fails to connect
    // instead, which is enough to tell that it opened.
    const QString passphrase = QStringLiteral("open sesame");
    const QString key = m_dir.filePath(QStringLiteral("client.key")), cert = m_dir.filePath(QStringLiteral("client.crt"));
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"), {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                                              QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-keyout"), key,
                                              QStringLiteral("-passout"), QStringLiteral("pass:") + passphrase, QStringLiteral("-out"), cert,
                                              QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=pgsessions")});
    QVERIFY(openssl.waitForFinished(30000));
    QVERIFY2(openssl.exitCode() == 0, openssl.readAll().constData());
    ServerProfile p = ServerProfile::create();
    p.name = QStringLiteral("pg-ha");
    p.kind = ServerKind::PatroniCluster;
    p.user = QStringLiteral("postgres");
    p.patroniUrl = QStringLiteral("https://127.0.0.1:%1").arg(LocalCluster::freePort());
    p.patroniCert = cert;
    p.patroniKey = key;
    const auto journal = std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal-key.jsonl")));
    const auto opened = [&](ServerRegistry *registry) {
        // A poll after the key opened: an error, but not the key's.
        const PatroniTopology *t = registry->clusterTopology(p.id);
        return t && t->polls > 0 && !t->keyLocked && !t->error.isEmpty();
    };

    int prompts = 0;
    {
        MainWindow first(journal);
        first.registry()->setIntervalMs(500);
        first.setPasswordHook([&](PasswordDialog *dialog) {
            ++prompts;
            QTimer::singleShot(0, dialog, [dialog, passphrase] {
                QVERIFY(dialog->rememberBox()->isEnabled());
                dialog->rememberBox()->setChecked(true);
                QTest::keyClicks(dialog->passwordEdit(), passphrase);
                QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
            });
        });
        first.registry()->setProfiles({p});
        QTRY_VERIFY_WITH_TIMEOUT(opened(first.registry()), 20000);
        QCOMPARE(prompts, 1);
        // Remembered once it opened the key: the profile says so.
        QTRY_VERIFY_WITH_TIMEOUT(first.registry()->profiles().first().rememberPassword, 5000);
    }

    // The next start: the passphrase from the keychain, no prompt.
    QList<ServerProfile> saved;
    savedRemembering(passphrase, &saved);
    QCOMPARE(saved.size(), 1);
    MainWindow second(journal);
    second.registry()->setIntervalMs(500);
    second.setPasswordHook([&](PasswordDialog *dialog) {
        ++prompts;
        QTimer::singleShot(0, dialog, &QDialog::reject);
    });
    second.registry()->setProfiles(saved);
    QTRY_VERIFY_WITH_TIMEOUT(opened(second.registry()), 20000);
    const int polls = second.registry()->clusterTopology(p.id)->polls;
    QTRY_VERIFY_WITH_TIMEOUT(second.registry()->clusterTopology(p.id)->polls >= polls + 2, 10000);
    QVERIFY(opened(second.registry()));
    QCOMPARE(prompts, 1);

    // The profile no longer remembers its secrets (unticked in the server's dialog): the
    // keychain's entry goes, and the start after asks.
    ServerProfile forgetting = second.registry()->profiles().first();
    forgetting.rememberPassword = false;
    second.registry()->applyProfiles({forgetting}, {}, second.registry()->profiles());
    bool read = false;
    QString left;
    second.registry()->passwordStore()->read(ServerRegistry::keyPassphraseEntry(p.id), [&](const QString &stored, const QString &error) {
        QVERIFY2(error.isEmpty(), qPrintable(error));
        left = stored;
        read = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(read, 10000);
    QCOMPARE(left, QString());
}

QTEST_MAIN(TestKeychain)
#include "tst_keychain.moc"
