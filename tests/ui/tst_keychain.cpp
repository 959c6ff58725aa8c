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
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

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

    // What the keychain holds for the key, read back (it writes and removes in the background).
    const auto stored = [](ServerRegistry *registry, const QString &profileId) {
        bool read = false;
        QString secret;
        registry->passwordStore()->read(ServerRegistry::keyPassphraseEntry(profileId), [&](const QString &found, const QString &error) {
            QVERIFY2(error.isEmpty(), qPrintable(error));
            secret = found;
            read = true;
        });
        return QTest::qWaitFor([&] { return read; }, 10000) ? secret : QStringLiteral("(no answer)");
    };

    // The first start: a mistyped passphrase, Remember ticked, is not kept; the right one is.
    QStringList reasons;
    QString keptAtTheSecondPrompt;
    {
        MainWindow first(journal);
        first.registry()->setIntervalMs(500);
        first.setPasswordHook([&](PasswordDialog *dialog) {
            reasons << (dialog->reasonLabel()->isVisibleTo(dialog) ? dialog->reasonLabel()->text() : QString());
            if (reasons.size() == 2)
                keptAtTheSecondPrompt = stored(first.registry(), p.id);
            const QString answer = reasons.size() == 1 ? QStringLiteral("open says me") : passphrase;
            QTimer::singleShot(0, dialog, [dialog, answer] {
                QVERIFY(dialog->rememberBox()->isEnabled());
                dialog->rememberBox()->setChecked(true);
                QTest::keyClicks(dialog->passwordEdit(), answer);
                QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
            });
        });
        first.registry()->setProfiles({p});
        QTRY_VERIFY_WITH_TIMEOUT(opened(first.registry()), 20000);
        QCOMPARE(reasons, QStringList({QString(), QStringLiteral("REST client key %1: the passphrase given does not open it").arg(key)}));
        QCOMPARE(keptAtTheSecondPrompt, QString());
        // Kept once it opened the key: the profile says so, and the keychain has it.
        QTRY_VERIFY_WITH_TIMEOUT(first.registry()->profiles().first().rememberPassword, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(stored(first.registry(), p.id), passphrase, 10000);
    }

    // The next start: the passphrase from the keychain, no prompt.
    QList<ServerProfile> saved;
    savedRemembering(passphrase, &saved);
    QCOMPARE(saved.size(), 1);
    // A start with the saved profile: a prompt, if one comes, is counted and cancelled.
    const auto startSaved = [&](MainWindow &window) {
        window.registry()->setIntervalMs(500);
        window.setPasswordHook([&](PasswordDialog *dialog) {
            reasons << dialog->reasonLabel()->text();
            QTimer::singleShot(0, dialog, &QDialog::reject);
        });
        window.registry()->setProfiles(saved);
    };
    {
        MainWindow second(journal);
        startSaved(second);
        QTRY_VERIFY_WITH_TIMEOUT(opened(second.registry()), 20000);
        const int polls = second.registry()->clusterTopology(p.id)->polls;
        QTRY_VERIFY_WITH_TIMEOUT(second.registry()->clusterTopology(p.id)->polls >= polls + 2, 10000);
        QVERIFY(opened(second.registry()));
        QCOMPARE(reasons.size(), 2);

        // The key file is given another passphrase: the keychain's no longer opens it. The
        // user is told why they are asked, and the new one, Remember ticked, takes its
        // place once it has opened the key.
        const QString renewed = QStringLiteral("open sesame, again");
        QProcess rekey;
        rekey.setProcessChannelMode(QProcess::MergedChannels);
        rekey.start(QStringLiteral("openssl"), {QStringLiteral("pkey"), QStringLiteral("-in"), key, QStringLiteral("-passin"),
                                                QStringLiteral("pass:") + passphrase, QStringLiteral("-aes256"), QStringLiteral("-passout"),
                                                QStringLiteral("pass:") + renewed, QStringLiteral("-out"), key + QStringLiteral(".new")});
        QVERIFY(rekey.waitForFinished(30000));
        QVERIFY2(rekey.exitCode() == 0, rekey.readAll().constData());
        // Replaced at once, as a renewal tool would: a poll never reads half a file.
        QVERIFY(std::rename(qPrintable(key + QStringLiteral(".new")), qPrintable(key)) == 0);
        QString keptAtTheThirdPrompt;
        second.setPasswordHook([&](PasswordDialog *dialog) {
            reasons << (dialog->reasonLabel()->isVisibleTo(dialog) ? dialog->reasonLabel()->text() : QString());
            keptAtTheThirdPrompt = stored(second.registry(), p.id);
            QTimer::singleShot(0, dialog, [dialog, renewed] {
                dialog->rememberBox()->setChecked(true);
                QTest::keyClicks(dialog->passwordEdit(), renewed);
                QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
            });
        });
        QTRY_COMPARE_WITH_TIMEOUT(reasons.size(), 3, 20000);
        QCOMPARE(reasons.last(), QStringLiteral("The passphrase kept in the system keychain does not open it."));
        QCOMPARE(keptAtTheThirdPrompt, passphrase);
        QTRY_VERIFY_WITH_TIMEOUT(opened(second.registry()), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(stored(second.registry(), p.id), renewed, 10000);
        QCOMPARE(reasons.size(), 3);
    }

    MainWindow third(journal);
    startSaved(third);
    QTRY_VERIFY_WITH_TIMEOUT(opened(third.registry()), 20000);
    QCOMPARE(reasons.size(), 3);
    ServerRegistry *registry = third.registry();

    // The profile no longer remembers its secrets (unticked in the server's dialog): the
    // keychain's entry goes.
    ServerProfile forgetting = registry->profiles().first();
    forgetting.rememberPassword = false;
    registry->applyProfiles({forgetting}, {}, registry->profiles());
    QCOMPARE(stored(registry, p.id), QString());
}

QTEST_MAIN(TestKeychain)
#include "tst_keychain.moc"
