// SPDX-License-Identifier: GPL-3.0-or-later
// A Patroni cluster whose REST API answers over https only, with a certificate signed by a
// CA of the test's own and asking for a client certificate (Patroni's restapi cafile and
// verify_client: required), as a company's clusters are often set up. One real member
// (Debian's patroni and etcd-server, PostgreSQL 15), started by the test.
#include "actions/action_journal.h"
#include "demo/local_cluster.h"
#include "dialogs/password_dialog.h"
#include "dialogs/server_list_dialog.h"
#include "dialogs/server_profile_dialog.h"
#include "local_patroni.h"
#include "pkcs8_key.h"
#include "models/server_tree_model.h"
#include "run_openssl.h"
#include "servers/patroni.h"
#include "servers/patroni_tls.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "verify_ok.h"
#include "window/main_window.h"

#include <QAccessible>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLibrary>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

class TestPatroniTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void membersAreWatchedWithTheCaAndClientCertificate();
    void whatTheRestApiRefusesShowsOnTheClusterNode_data();
    void whatTheRestApiRefusesShowsOnTheClusterNode();
    void theSystemsCasStayTrustedBesideTheOneGiven();
    void filesThatDoNotReadShowOnTheClusterNode();
    void theServerDialogTakesTheFiles();
    void editingTheRestFilesKeepsTheMembers();
    void newTlsFilesAndContentsAreUsedAtTheSameAddress();
    void aPollStuckTheOldWayDoesNotHoldTheNewBack();
    void aLockedKeyOpensWithItsPassphraseOnly_data();
    void aLockedKeyOpensWithItsPassphraseOnly();
    void theUserIsAskedForALockedKeysPassphrase();
    void aKeyOfATypeThatCannotBeUsedIsSaidAsSuch();
    void aKeyOfATypeOpenSslDoesNotKnowIsAskedAboutOnce();
    void whyAKeyWasRefusedTellsThePassphraseFromTheKey();
    void aKeyLockedWithACipherOpenSslLacksIsNotAskedAbout_data();
    void aKeyLockedWithACipherOpenSslLacksIsNotAskedAbout();

private:
    ServerProfile profile(const QString &ca, const QString &cert, const QString &key) const;
    /// The client key, locked with @p passphrase by openssl (@p traditional: OpenSSL's
    /// older PEM encryption, else PKCS#8) with @p cipher (an option of openssl pkey, or
    /// PBE-MD5-DES for PKCS#5 v1.5); its path.
    QString lockedKey(const QString &passphrase, bool traditional = false, const QString &cipher = QStringLiteral("-aes256"));
    /// The cluster node's text once a poll has finished.
    static QString polledNodeText(ServerRegistry &registry, const QString &profileId);

    LocalPatroni m_patroni{LocalPatroniOptions{1, true}};
    QTemporaryDir m_dir;
    std::shared_ptr<ActionJournal> m_journal;
};

void TestPatroniTls::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("pgsessions-tests"));
    qunsetenv("DBUS_SESSION_BUS_ADDRESS"); // no keychain
    QVERIFY(m_dir.isValid());
    m_journal = std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal.jsonl")));
    QVERIFY_OK(m_patroni.start());
    // The REST API refuses plain HTTP and a client without a certificate of its CA: the
    // fixture's own reading of it (with the client certificate) works.
    QVERIFY(m_patroni.restUrl(0).startsWith(QLatin1String("https://")));
    QCOMPARE(m_patroni.get(0, QStringLiteral("/cluster")).first, 200);
}

ServerProfile TestPatroniTls::profile(const QString &ca, const QString &cert, const QString &key) const
{
    ServerProfile p = ServerProfile::create();
    p.name = QStringLiteral("pg-tls");
    p.kind = ServerKind::PatroniCluster;
    p.user = QStringLiteral("postgres");
    p.database = QStringLiteral("postgres");
    p.patroniUrl = m_patroni.restUrl(0);
    p.patroniCaCert = ca;
    p.patroniCert = cert;
    p.patroniKey = key;
    return p;
}

QString TestPatroniTls::polledNodeText(ServerRegistry &registry, const QString &profileId)
{
    ServerTreeModel tree(&registry);
    const auto polled = [&] {
        const PatroniTopology *t = registry.clusterTopology(profileId);
        return t && t->polls > 0;
    };
    // A refusal comes at once; the TLS handshake fails within a second on loopback.
    if (!QTest::qWaitFor(polled, PatroniWatcher::kTimeoutMs + 5000))
        return QStringLiteral("(no poll finished)");
    return tree.clusterIndex(profileId).data().toString();
}

void TestPatroniTls::membersAreWatchedWithTheCaAndClientCertificate()
{
    const ServerProfile p = profile(m_patroni.caFile(), m_patroni.clientCertFile(), m_patroni.clientKeyFile());
    ServerRegistry registry(m_journal);
    registry.setIntervalMs(1000);
    registry.setProfiles({p});
    ServerTreeModel tree(&registry);
    QTRY_VERIFY2_WITH_TIMEOUT(registry.clusterServers(p.id).size() == 1, qPrintable(tree.clusterIndex(p.id).data().toString()), 15000);
    const int id = registry.clusterServers(p.id).first();
    QCOMPARE(registry.options(id).member, LocalPatroni::name(0));
    QTRY_COMPARE_WITH_TIMEOUT(registry.monitor(id)->status().state, ServerStatus::Connected, 15000);
    const PatroniTopology *t = registry.clusterTopology(p.id);
    QCOMPARE(t->error, QString());
    QCOMPARE(t->answeredBy, m_patroni.restUrl(0));
    // The member's own REST address, as the cluster gives it, is https too.
    QCOMPARE(t->members.first().apiUrl, m_patroni.restUrl(0) + QStringLiteral("/patroni"));
    const QString node = tree.clusterIndex(p.id).data().toString();
    QVERIFY2(node.startsWith(QStringLiteral("pg-tls — Patroni, 1 member(s) · leader m1")), qPrintable(node));
    QVERIFY2(!node.contains(QLatin1String("REST API:")), qPrintable(node));
    // Polled again and again over the same TLS.
    const int polls = t->polls;
    QTRY_VERIFY_WITH_TIMEOUT(registry.clusterTopology(p.id)->polls >= polls + 2, 10000);
    QCOMPARE(registry.clusterTopology(p.id)->error, QString());
}

void TestPatroniTls::whatTheRestApiRefusesShowsOnTheClusterNode_data()
{
    QTest::addColumn<bool>("ca");
    QTest::addColumn<bool>("client");
    QTest::addColumn<bool>("plainHttp"); // an https address where the REST API answers plain HTTP
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("notExpected");
    // Signed by a CA the system does not know: why (Qt's words), and where to give the CA.
    QTest::newRow("no CA given") << false << true << false
                                 << QStringList{QStringLiteral("its TLS certificate is not trusted: "),
                                                QStringLiteral("(give the CA that signed it as the server's REST CA certificate)")}
                                 << QStringLiteral("client certificate");
    // Trusted, but the REST API wants a client certificate.
    QTest::newRow("no client certificate") << true << false << false
                                           << QStringList{QStringLiteral("(the REST API may ask for a client certificate: give one in the "
                                                                         "server's settings)")}
                                           << QStringLiteral("not trusted");
    // https:// typed for a REST API without TLS (etcd's, here): not a certificate matter.
    QTest::newRow("https to plain HTTP") << true << false << true
                                         << QStringList{QStringLiteral("(the REST API may not use https: try http://)")}
                                         << QStringLiteral("client certificate");
}

void TestPatroniTls::whatTheRestApiRefusesShowsOnTheClusterNode()
{
    QFETCH(bool, ca);
    QFETCH(bool, client);
    QFETCH(bool, plainHttp);
    QFETCH(QStringList, expected);
    QFETCH(QString, notExpected);
    ServerProfile p = profile(ca ? m_patroni.caFile() : QString(), client ? m_patroni.clientCertFile() : QString(),
                              client ? m_patroni.clientKeyFile() : QString());
    if (plainHttp)
        p.patroniUrl = QString(m_patroni.etcdUrl()).replace(QStringLiteral("http://"), QStringLiteral("https://"));
    ServerRegistry registry(m_journal);
    registry.setIntervalMs(1000);
    registry.setProfiles({p});
    const QString node = polledNodeText(registry, p.id);
    QVERIFY2(node.contains(QStringLiteral("REST API: %1: ").arg(p.patroniUrl)), qPrintable(node));
    for (const QString &e : expected)
        QVERIFY2(node.contains(e), qPrintable(node));
    QVERIFY2(!node.contains(notExpected), qPrintable(node));
    QVERIFY(registry.servers().isEmpty());
}

void TestPatroniTls::theSystemsCasStayTrustedBesideTheOneGiven()
{
    // A proxy in front of the REST API may well have a certificate from a public CA.
    const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
    QVERIFY2(!system.isEmpty(), "no system CAs (Debian: ca-certificates)");
    const Expected<QSslConfiguration> tls = patroni::tlsConfiguration({m_patroni.caFile(), m_patroni.clientCertFile(), m_patroni.clientKeyFile(), {}});
    QVERIFY2(tls.ok(), qPrintable(tls.ok() ? QString() : tls.error().message()));
    const QList<QSslCertificate> trusted = tls->caCertificates();
    QVERIFY(trusted.contains(QSslCertificate::fromPath(m_patroni.caFile()).value(0)));
    for (const QSslCertificate &c : system)
        QVERIFY2(trusted.contains(c), qPrintable(c.subjectDisplayName()));
    QVERIFY(!tls->localCertificate().isNull());
    QVERIFY(!tls->privateKey().isNull());
}

void TestPatroniTls::filesThatDoNotReadShowOnTheClusterNode()
{
    const QString missing = m_dir.filePath(QStringLiteral("no-such-ca.crt"));
    // A certificate where the key should be: a common slip between two PEM files.
    const QString notAKey = m_patroni.clientCertFile();
    // A key locked with a passphrase, and none given (no one answers the registry's
    // request for it here).
    const QString locked = lockedKey(QStringLiteral("secret"));
    QVERIFY(!locked.isEmpty());
    const struct {
        ServerProfile profile;
        QString expected;
    } cases[] = {
        {profile(missing, m_patroni.clientCertFile(), m_patroni.clientKeyFile()),
         QStringLiteral("REST API: REST CA certificate %1: No such file or directory").arg(missing)},
        {profile(m_patroni.caFile(), m_patroni.clientKeyFile(), m_patroni.clientKeyFile()),
         QStringLiteral("REST API: REST client certificate %1: no PEM certificate in it").arg(m_patroni.clientKeyFile())},
        {profile(m_patroni.caFile(), m_patroni.clientCertFile(), notAKey),
         QStringLiteral("REST API: REST client key %1: not a PEM private key").arg(notAKey)},
        {profile(m_patroni.caFile(), m_patroni.clientCertFile(), locked),
         QStringLiteral("REST API: REST client key %1 is locked with a passphrase: none was given").arg(locked)},
    };
    for (const auto &c : cases) {
        ServerRegistry registry(m_journal);
        registry.setIntervalMs(1000);
        registry.setProfiles({c.profile});
        const QString node = polledNodeText(registry, c.profile.id);
        QVERIFY2(node.contains(c.expected), qPrintable(node));
        QVERIFY(registry.servers().isEmpty());
    }
    // Given for an http address, or a certificate without its key: said before anything
    // is watched.
    ServerProfile http = profile(m_patroni.caFile(), QString(), QString());
    http.patroniUrl = QStringLiteral("http://127.0.0.1:%1").arg(LocalCluster::freePort());
    ServerProfile halfPair = profile(m_patroni.caFile(), m_patroni.clientCertFile(), QString());
    halfPair.name = QStringLiteral("pg-tls-2");
    ServerRegistry registry(m_journal);
    QSignalSpy notices(&registry, &ServerRegistry::notice);
    registry.setProfiles({http, halfPair});
    QCOMPARE(notices.count(), 2);
    QCOMPARE(notices[0].first().toString(), QStringLiteral("Patroni cluster pg-tls is not watched: The REST address is http: certificate "
                                                          "files are used over https only. Give an https:// address, or leave them out."));
    QCOMPARE(notices[1].first().toString(), QStringLiteral("Patroni cluster pg-tls-2 is not watched: The REST client certificate needs its key."));
    QVERIFY(registry.clusters().isEmpty());
}

void TestPatroniTls::theServerDialogTakesTheFiles()
{
    QSettings().clear();
    MainWindow window(m_journal);
    window.registry()->setIntervalMs(1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStringList hiddenForPostgres, names, errors;
    QString tabAfterAddress;
    window.setServerListHook([&](ServerListDialog *list) {
        list->setEditorHook([&](ServerProfileDialog *editor) {
            QTimer::singleShot(0, editor, [&, editor] {
                const QList<QLineEdit *> tls = editor->patroniTlsEdits();
                for (QLineEdit *edit : tls)
                    hiddenForPostgres << (edit->isVisible() ? QStringLiteral("shown") : QStringLiteral("hidden"));
                editor->kindBox()->setCurrentIndex(editor->kindBox()->findData(int(ServerKind::PatroniCluster)));
                for (QLineEdit *edit : tls) {
                    const QAccessibleInterface *a = QAccessible::queryAccessibleInterface(edit);
                    names << (edit->isVisible() && a ? a->text(QAccessible::Name) : QStringLiteral("(hidden)"));
                }
                QTest::keyClicks(editor->nameEdit(), QStringLiteral("pg-tls"));
                QTest::keyClicks(editor->userEdit(), QStringLiteral("postgres"));
                // An http address with a CA: the dialog says so, and OK waits.
                QTest::keyClicks(editor->patroniEdit(), QStringLiteral("http://127.0.0.1:8008"));
                QTest::keyClicks(tls[0], m_patroni.caFile());
                errors << (editor->okButton()->isEnabled() ? QStringLiteral("(OK enabled)") : editor->errorLabel()->text());
                editor->patroniEdit()->clear();
                QTest::keyClicks(editor->patroniEdit(), m_patroni.restUrl(0));
                // The client certificate typed, its key not yet.
                QTest::keyClicks(tls[1], m_patroni.clientCertFile());
                errors << (editor->okButton()->isEnabled() ? QStringLiteral("(OK enabled)") : editor->errorLabel()->text());
                // Tab goes from the address to the CA (the files follow the address).
                editor->patroniEdit()->setFocus();
                QTest::keyClick(editor->patroniEdit(), Qt::Key_Tab);
                tabAfterAddress = editor->focusWidget() ? editor->focusWidget()->objectName() : QString();
                QTest::keyClicks(tls[2], m_patroni.clientKeyFile());
                errors << (editor->okButton()->isEnabled() ? QStringLiteral("(OK enabled)") : editor->errorLabel()->text());
                editor->okButton()->click();
            });
        });
        QTimer::singleShot(0, list, [list] {
            list->button(QStringLiteral("add"))->click();
            list->accept();
        });
    });
    window.manageServers();
    QCOMPARE(hiddenForPostgres, (QStringList{QStringLiteral("hidden"), QStringLiteral("hidden"), QStringLiteral("hidden")}));
    QCOMPARE(names, (QStringList{QStringLiteral("REST CA certificate"), QStringLiteral("REST client certificate"), QStringLiteral("REST client key")}));
    QCOMPARE(errors, (QStringList{QStringLiteral("The REST address is http: certificate files are used over https only. Give an https:// "
                                                 "address, or leave them out."),
                                  QStringLiteral("The REST client certificate needs its key."), QStringLiteral("(OK enabled)")}));
    QCOMPARE(tabAfterAddress, QStringLiteral("patroniCaCert"));
    // Saved with the files, read back, and watched with them.
    QSettings settings;
    const QList<ServerProfile> saved = ServerProfile::load(settings);
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved[0].patroniUrl, m_patroni.restUrl(0));
    QCOMPARE(saved[0].patroniCaCert, m_patroni.caFile());
    QCOMPARE(saved[0].patroniCert, m_patroni.clientCertFile());
    QCOMPARE(saved[0].patroniKey, m_patroni.clientKeyFile());
    QTRY_COMPARE_WITH_TIMEOUT(window.registry()->clusterServers(saved[0].id).size(), 1, 15000);
    const int id = window.registry()->clusterServers(saved[0].id).first();
    QTRY_COMPARE_WITH_TIMEOUT(window.registry()->monitor(id)->status().state, ServerStatus::Connected, 15000);
}

void TestPatroniTls::editingTheRestFilesKeepsTheMembers()
{
    // A renewed certificate under a new path is a REST matter: the members' connections,
    // and so their sessions on screen and their history, stay.
    const ServerProfile p = profile(m_patroni.caFile(), m_patroni.clientCertFile(), m_patroni.clientKeyFile());
    ServerRegistry registry(m_journal);
    registry.setIntervalMs(1000);
    registry.setProfiles({p});
    ServerTreeModel tree(&registry);
    QTRY_VERIFY_WITH_TIMEOUT(registry.clusterServers(p.id).size() == 1, 15000);
    const QList<int> members = registry.clusterServers(p.id);
    ServerMonitor *monitor = registry.monitor(members.first());
    QTRY_COMPARE_WITH_TIMEOUT(monitor->status().state, ServerStatus::Connected, 15000);
    QSignalSpy removed(&registry, &ServerRegistry::serverRemoved);
    const auto edit = [&](const std::function<void(ServerProfile &)> &change) {
        ServerProfile edited = registry.profiles().first();
        change(edited);
        registry.applyProfiles({edited}, {}, registry.profiles());
        return registry.clusterTopology(p.id) ? registry.clusterTopology(p.id)->polls : -1;
    };
    const auto polledAfter = [&](int polls) {
        return QTest::qWaitFor([&] { return registry.clusterTopology(p.id) && registry.clusterTopology(p.id)->polls > polls; },
                               PatroniWatcher::kTimeoutMs + 5000);
    };

    // The CA copied to a new path: asked with it at once, the same member watched.
    const QString renewed = m_dir.filePath(QStringLiteral("renewed-ca.crt"));
    QVERIFY(QFile::copy(m_patroni.caFile(), renewed));
    int polls = edit([&](ServerProfile &e) { e.patroniCaCert = renewed; });
    QCOMPARE(registry.clusterServers(p.id), members);
    QCOMPARE(registry.monitor(members.first()), monitor);
    QVERIFY(polledAfter(polls));
    QCOMPARE(registry.clusterTopology(p.id)->error, QString());
    QCOMPARE(registry.clusterServers(p.id), members);
    QCOMPARE(monitor->status().state, ServerStatus::Connected);

    // A key that is not there: said on the cluster's node at the next poll; the member
    // stays as last known, still watched.
    const QString missing = m_dir.filePath(QStringLiteral("no-such.key"));
    polls = edit([&](ServerProfile &e) { e.patroniKey = missing; });
    QVERIFY(polledAfter(polls));
    const QString node = tree.clusterIndex(p.id).data().toString();
    QVERIFY2(node.contains(QStringLiteral("REST API: REST client key %1: No such file or directory").arg(missing)), qPrintable(node));
    QCOMPARE(registry.clusterServers(p.id), members);
    QCOMPARE(monitor->status().state, ServerStatus::Connected);

    // Put right: the error goes at the next poll.
    polls = edit([&](ServerProfile &e) { e.patroniKey = m_patroni.clientKeyFile(); });
    QVERIFY(polledAfter(polls));
    QCOMPARE(registry.clusterTopology(p.id)->error, QString());
    QCOMPARE(registry.clusterServers(p.id), members);
    QCOMPARE(removed.count(), 0);

    // An address mistyped (nothing listens there): said on the node at the next poll, not
    // hidden by the member that still answers at its own address; the member kept.
    const QString wrong = QStringLiteral("https://127.0.0.1:%1").arg(LocalCluster::freePort());
    polls = edit([&](ServerProfile &e) { e.patroniUrl = wrong; });
    QVERIFY(polledAfter(polls));
    const QString wrongNode = tree.clusterIndex(p.id).data().toString();
    QVERIFY2(wrongNode.contains(QStringLiteral("REST API: %1: ").arg(wrong)), qPrintable(wrongNode));
    QCOMPARE(registry.clusterServers(p.id), members);
    // Put back: answered there again.
    polls = edit([&](ServerProfile &e) { e.patroniUrl = m_patroni.restUrl(0); });
    QVERIFY(polledAfter(polls));
    QCOMPARE(registry.clusterTopology(p.id)->error, QString());
    QCOMPARE(registry.clusterTopology(p.id)->answeredBy, m_patroni.restUrl(0));
    QCOMPARE(registry.clusterServers(p.id), members);
    QCOMPARE(removed.count(), 0);

    // A certificate left without its key is wrong as given: the cluster is not watched,
    // as when added so, and says why.
    QSignalSpy notices(&registry, &ServerRegistry::notice);
    edit([&](ServerProfile &e) { e.patroniKey.clear(); });
    QVERIFY(registry.clusters().isEmpty());
    QVERIFY(registry.servers().isEmpty());
    QCOMPARE(notices.count(), 1);
    QCOMPARE(notices[0].first().toString(), QStringLiteral("Patroni cluster pg-tls is not watched: The REST client certificate needs its key."));
}

void TestPatroniTls::newTlsFilesAndContentsAreUsedAtTheSameAddress()
{
    // The same REST address polled again and again: a CA file whose contents were
    // replaced, then a client certificate given, are used at the next poll (not the TLS
    // the first connection to that address was made with).
    const QString renewable = m_dir.filePath(QStringLiteral("renewable-ca.crt"));
    QFile::remove(renewable);
    QVERIFY(QFile::copy(m_patroni.clientCertFile(), renewable)); // a certificate, but not the CA's
    ServerProfile p = profile(renewable, QString(), QString());
    ServerRegistry registry(m_journal);
    registry.setIntervalMs(1000);
    registry.setProfiles({p});
    const auto errorAfterNextPoll = [&] {
        const int polls = registry.clusterTopology(p.id)->polls;
        if (!QTest::qWaitFor([&] { return registry.clusterTopology(p.id)->polls > polls; }, PatroniWatcher::kTimeoutMs + 5000))
            return QStringLiteral("(no poll finished)");
        return registry.clusterTopology(p.id)->error;
    };
    QTRY_VERIFY_WITH_TIMEOUT(registry.clusterTopology(p.id) && registry.clusterTopology(p.id)->polls > 0, 15000);
    QString error = registry.clusterTopology(p.id)->error;
    QVERIFY2(error.contains(QLatin1String("not trusted")), qPrintable(error));

    // The CA's contents written over the same file: trusted at the next poll; the REST API
    // now asks for the client certificate not given.
    QFile::remove(renewable);
    QVERIFY(QFile::copy(m_patroni.caFile(), renewable));
    error = errorAfterNextPoll();
    QVERIFY2(!error.contains(QLatin1String("not trusted")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("client certificate")), qPrintable(error));
    QVERIFY(registry.servers().isEmpty());

    // The client certificate and key given in the Servers dialog: the member is watched.
    ServerProfile edited = registry.profiles().first();
    edited.patroniCert = m_patroni.clientCertFile();
    edited.patroniKey = m_patroni.clientKeyFile();
    registry.applyProfiles({edited}, {}, registry.profiles());
    QTRY_VERIFY2_WITH_TIMEOUT(registry.clusterServers(p.id).size() == 1, qPrintable(registry.clusterTopology(p.id)->error), 15000);
    QCOMPARE(registry.clusterTopology(p.id)->error, QString());
}

void TestPatroniTls::aPollStuckTheOldWayDoesNotHoldTheNewBack()
{
    // The address first given takes the connection and never answers (a hung REST API):
    // the address put right in the Servers dialog is asked at once, not after the stuck
    // request's 5 s.
    QTcpServer hung;
    QVERIFY(hung.listen(QHostAddress::LocalHost));
    ServerProfile p = profile(m_patroni.caFile(), m_patroni.clientCertFile(), m_patroni.clientKeyFile());
    p.patroniUrl = QStringLiteral("https://127.0.0.1:%1").arg(hung.serverPort());
    ServerRegistry registry(m_journal);
    registry.setIntervalMs(1000);
    registry.setProfiles({p});
    QTRY_VERIFY_WITH_TIMEOUT(hung.hasPendingConnections(), 15000);
    QCOMPARE(registry.clusterTopology(p.id)->polls, 0); // still waiting for it
    ServerProfile edited = registry.profiles().first();
    edited.patroniUrl = m_patroni.restUrl(0);
    QElapsedTimer sinceEdit;
    sinceEdit.start();
    registry.applyProfiles({edited}, {}, registry.profiles());
    QTRY_VERIFY2_WITH_TIMEOUT(registry.clusterTopology(p.id)->polls > 0, "no poll finished", 15000);
    const qint64 waited = sinceEdit.elapsed();
    QCOMPARE(registry.clusterTopology(p.id)->error, QString());
    QCOMPARE(registry.clusterTopology(p.id)->answeredBy, m_patroni.restUrl(0));
    // Waiting out the stuck request takes kTimeoutMs at the least.
    QVERIFY2(waited < PatroniWatcher::kTimeoutMs, qPrintable(QStringLiteral("answered %1 ms after the edit").arg(waited)));
    QTRY_VERIFY_WITH_TIMEOUT(registry.clusterServers(p.id).size() == 1, 15000);
}

QString TestPatroniTls::lockedKey(const QString &passphrase, bool traditional, const QString &cipher)
{
    static int made = 0;
    const QString path = m_dir.filePath(QStringLiteral("locked-%1.key").arg(++made));
    QStringList arguments{QStringLiteral("pkey"), QStringLiteral("-in"), m_patroni.clientKeyFile(), cipher,
                          QStringLiteral("-passout"), QStringLiteral("pass:") + passphrase, QStringLiteral("-out"), path};
    if (cipher == QLatin1String("PBE-MD5-DES"))
        arguments = QStringList{QStringLiteral("pkcs8"), QStringLiteral("-topk8"), QStringLiteral("-in"), m_patroni.clientKeyFile(), QStringLiteral("-v1"),
                                cipher, QStringLiteral("-passout"), QStringLiteral("pass:") + passphrase, QStringLiteral("-out"), path};
    if (traditional)
        arguments << QStringLiteral("-traditional");
    // The ciphers OpenSSL 3 keeps in its legacy provider, which the openssl tool loads
    // when told to; what Qt's TLS and the poll use loads only the default one.
    if (cipher != QLatin1String("-aes256"))
        arguments << QStringLiteral("-provider") << QStringLiteral("legacy") << QStringLiteral("-provider") << QStringLiteral("default");
    return runOpenssl(arguments) ? path : QString();
}

void TestPatroniTls::aLockedKeyOpensWithItsPassphraseOnly_data()
{
    QTest::addColumn<bool>("traditional");
    QTest::addColumn<QByteArray>("header"); // what marks it as locked in the file
    QTest::newRow("PKCS#8") << false << QByteArray("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    QTest::newRow("OpenSSL's older PEM") << true << QByteArray("Proc-Type: 4,ENCRYPTED");
}

void TestPatroniTls::aLockedKeyOpensWithItsPassphraseOnly()
{
    QFETCH(bool, traditional);
    QFETCH(QByteArray, header);
    // Spaces and letters beyond ASCII, as a passphrase may well have (read as UTF-8, as
    // openssl and Patroni's keyfile_password take them).
    const QString passphrase = QStringLiteral("s\u00e9same, ouvre-toi");
    const QString locked = lockedKey(passphrase, traditional);
    QVERIFY(!locked.isEmpty());
    QFile file(locked);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains(header));
    // Whether the locked key was opened, as the poll tells it (a passphrase is kept only then).
    bool keyOpened = true;
    const auto opened = [&](const QString &given) {
        return patroni::tlsConfiguration({m_patroni.caFile(), m_patroni.clientCertFile(), locked, given}, &keyOpened);
    };

    const Expected<QSslConfiguration> none = opened(QString());
    QVERIFY(!none.ok());
    QCOMPARE(none.error().kind(), Error::Kind::NeedsPassword);
    QCOMPARE(none.error().message(), QStringLiteral("REST client key %1 is locked with a passphrase: none was given").arg(locked));
    QVERIFY(!keyOpened);
    const Expected<QSslConfiguration> wrong = opened(QStringLiteral("sesame, ouvre-toi"));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().kind(), Error::Kind::NeedsPassword);
    QCOMPARE(wrong.error().message(), QStringLiteral("REST client key %1: the passphrase given does not open it").arg(locked));
    QVERIFY(!keyOpened);
    const Expected<QSslConfiguration> right = opened(passphrase);
    QVERIFY2(right.ok(), qPrintable(right.ok() ? QString() : right.error().message()));
    QVERIFY(keyOpened);
    // The key itself, as the unlocked file has it.
    QFile plain(m_patroni.clientKeyFile());
    QVERIFY(plain.open(QIODevice::ReadOnly));
    QCOMPARE(right->privateKey(), QSslKey(plain.readAll(), QSsl::Ec));
    // A passphrase given for a key that has none is not in the way.
    QVERIFY(patroni::tlsConfiguration({m_patroni.caFile(), m_patroni.clientCertFile(), m_patroni.clientKeyFile(), passphrase}, &keyOpened).ok());
    QVERIFY(!keyOpened); // nothing to keep: it opened nothing
}

void TestPatroniTls::theUserIsAskedForALockedKeysPassphrase()
{
    QSettings().clear();
    const QString passphrase = QStringLiteral("open sesame");
    const ServerProfile p = profile(m_patroni.caFile(), m_patroni.clientCertFile(), lockedKey(passphrase));
    QVERIFY(!p.patroniKey.isEmpty());
    MainWindow window(m_journal);
    window.registry()->setIntervalMs(1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // Each prompt as the user sees it (and a screen reader reads it), then the answer.
    struct Prompt {
        QString title, intro, reason, field, ok;
    };
    QList<Prompt> prompts;
    QStringList answers{QString(), QStringLiteral("open says me"), passphrase}; // empty: Cancel
    window.setPasswordHook([&](PasswordDialog *dialog) {
        QTimer::singleShot(0, dialog, [&, dialog] {
            Prompt seen;
            seen.title = dialog->windowTitle();
            const QList<QLabel *> labels = dialog->findChildren<QLabel *>();
            seen.intro = labels.isEmpty() ? QString() : labels.first()->text();
            seen.reason = dialog->reasonLabel()->isVisible() ? dialog->reasonLabel()->text() : QString();
            const QAccessibleInterface *field = QAccessible::queryAccessibleInterface(dialog->passwordEdit());
            seen.field = field ? field->text(QAccessible::Name) : QString();
            const QDialogButtonBox *buttons = dialog->findChild<QDialogButtonBox *>();
            seen.ok = buttons ? buttons->button(QDialogButtonBox::Ok)->text() : QString();
            prompts << seen;
            const QString answer = answers.value(prompts.size() - 1);
            if (answer.isEmpty()) {
                dialog->reject();
                return;
            }
            QTest::keyClicks(dialog->passwordEdit(), answer);
            QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
        });
    });
    ServerTreeModel tree(window.registry());
    window.registry()->setProfiles({p});
    const auto pollsNow = [&] { return window.registry()->clusterTopology(p.id) ? window.registry()->clusterTopology(p.id)->polls : 0; };
    const auto pollsPass = [&](int more) {
        const int from = pollsNow();
        return QTest::qWaitFor([&] { return pollsNow() >= from + more; }, 10000);
    };

    // Asked at the first poll; Cancel: the node says why nothing is followed, and the
    // status bar how to be asked again. No more prompts at the polls after.
    QTRY_COMPARE_WITH_TIMEOUT(prompts.size(), 1, 15000);
    QCOMPARE(prompts[0].title, QStringLiteral("Passphrase for pg-tls"));
    QCOMPARE(prompts[0].intro, QStringLiteral("The REST client key of Patroni cluster pg-tls is locked with a passphrase: %1").arg(p.patroniKey));
    QCOMPARE(prompts[0].reason, QString());
    QCOMPARE(prompts[0].field, QStringLiteral("Passphrase"));
    QCOMPARE(prompts[0].ok, QStringLiteral("&Unlock"));
    QVERIFY(pollsPass(2));
    QCOMPARE(prompts.size(), 1);
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("No passphrase given for the REST client key of Patroni cluster pg-tls: its "
                                                                  "members are not followed. Press F5 to be asked again."));
    const QString locked = tree.clusterIndex(p.id).data().toString();
    QVERIFY2(locked.contains(QStringLiteral("REST API: REST client key %1 is locked with a passphrase: none was given").arg(p.patroniKey)),
             qPrintable(locked));
    QVERIFY(window.registry()->servers().isEmpty());

    // F5: asked again. A wrong passphrase: asked once more, saying so.
    window.activateWindow(); // the prompt had it
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(prompts.size(), 3, 15000);
    QCOMPARE(prompts[1].reason, QString());
    QCOMPARE(prompts[2].title, QStringLiteral("Passphrase for pg-tls"));
    QCOMPARE(prompts[2].reason, QStringLiteral("REST client key %1: the passphrase given does not open it").arg(p.patroniKey));
    // The right one: the member is watched, the node says no more of the key, and no one
    // is asked again.
    QTRY_COMPARE_WITH_TIMEOUT(window.registry()->clusterServers(p.id).size(), 1, 15000);
    const int id = window.registry()->clusterServers(p.id).first();
    QTRY_COMPARE_WITH_TIMEOUT(window.registry()->monitor(id)->status().state, ServerStatus::Connected, 15000);
    QVERIFY(pollsPass(2));
    QCOMPARE(prompts.size(), 3);
    QCOMPARE(window.registry()->clusterTopology(p.id)->error, QString());
    QVERIFY(!window.registry()->clusterTopology(p.id)->keyLocked);
    // The passphrase is not in the settings file.
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(passphrase.toUtf8()));

    // An edit of the cluster's database side (its members watched anew): the key stays
    // open with the passphrase given, and no one is asked again.
    ServerProfile edited = window.registry()->profiles().first();
    edited.connectTimeoutSeconds = 7;
    window.registry()->applyProfiles({edited}, {}, window.registry()->profiles());
    QTRY_COMPARE_WITH_TIMEOUT(window.registry()->clusterServers(p.id).size(), 1, 15000);
    const int again = window.registry()->clusterServers(p.id).first();
    QVERIFY(again != id);
    QTRY_COMPARE_WITH_TIMEOUT(window.registry()->monitor(again)->status().state, ServerStatus::Connected, 15000);
    QVERIFY(pollsPass(2));
    QCOMPARE(prompts.size(), 3);
    QCOMPARE(window.registry()->clusterTopology(p.id)->error, QString());
}

void TestPatroniTls::aKeyOfATypeThatCannotBeUsedIsSaidAsSuch()
{
    // An Ed25519 key is a PEM private key, but not one Qt's TLS can hold: said as such,
    // not as a file that is no key.
    const QString key = m_dir.filePath(QStringLiteral("ed25519.key"));
    QVERIFY(runOpenssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("ed25519"),
                        QStringLiteral("-out"), key}));
    const Expected<QSslConfiguration> ed = patroni::tlsConfiguration({m_patroni.caFile(), m_patroni.clientCertFile(), key, {}});
    QVERIFY(!ed.ok());
    QCOMPARE(ed.error().message(),
             QStringLiteral("REST client key %1 is a key of type Ed25519, which pgsessions cannot use: give an RSA or EC key").arg(key));
    // Locked in PKCS#8, its type is behind the passphrase: with the right one it is said as
    // such too (not asked for again), with a wrong one the passphrase is.
    const QString locked = m_dir.filePath(QStringLiteral("ed25519-locked.key"));
    QVERIFY(runOpenssl({QStringLiteral("pkey"), QStringLiteral("-in"), key, QStringLiteral("-aes256"), QStringLiteral("-passout"),
                        QStringLiteral("pass:open sesame"), QStringLiteral("-out"), locked}));
    QFile lockedFile(locked);
    QVERIFY(lockedFile.open(QIODevice::ReadOnly));
    QVERIFY(lockedFile.readAll().contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    const Expected<QSslConfiguration> right =
        patroni::tlsConfiguration({m_patroni.caFile(), m_patroni.clientCertFile(), locked, QStringLiteral("open sesame")});
    QVERIFY(!right.ok());
    QCOMPARE(right.error().message(),
             QStringLiteral("REST client key %1 is a key of type Ed25519, which pgsessions cannot use: give an RSA or EC key").arg(locked));
    QVERIFY(right.error().kind() != Error::Kind::NeedsPassword);
    const Expected<QSslConfiguration> wrong =
        patroni::tlsConfiguration({m_patroni.caFile(), m_patroni.clientCertFile(), locked, QStringLiteral("open sesame!")});
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().message(), QStringLiteral("REST client key %1: the passphrase given does not open it").arg(locked));
    QCOMPARE(wrong.error().kind(), Error::Kind::NeedsPassword);
    // Nothing of those refusals is left on this thread's OpenSSL error queue, where the
    // poll's TLS (on the same thread) would find it.
    using PeekError = unsigned long (*)();
    const auto peekError = reinterpret_cast<PeekError>(QLibrary(QStringLiteral("crypto"), 3).resolve("ERR_peek_error"));
    QVERIFY(peekError);
    QCOMPARE(peekError(), 0ul);
    // Another type Qt cannot hold, that the file does not name in the clear: by its name.
    const QString x25519 = m_dir.filePath(QStringLiteral("x25519.key"));
    QVERIFY(runOpenssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("x25519"),
                        QStringLiteral("-out"), x25519}));
    const Expected<QSslConfiguration> x = patroni::tlsConfiguration({m_patroni.caFile(), m_patroni.clientCertFile(), x25519, {}});
    QVERIFY(!x.ok());
    QCOMPARE(x.error().message(),
             QStringLiteral("REST client key %1 is a key of type X25519, which pgsessions cannot use: give an RSA or EC key").arg(x25519));
    // A type OpenSSL knows no method for (an OID of no one's): by its OID, not as no key.
    const QString nobodys = m_dir.filePath(QStringLiteral("nobodys.key"));
    QVERIFY(writePkcs8Key(m_dir.path(), nobodys, QStringLiteral("1.3.6.1.4.1.99999.1")));
    const Expected<QSslConfiguration> unknown = patroni::tlsConfiguration({m_patroni.caFile(), m_patroni.clientCertFile(), nobodys, {}});
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().message(),
             QStringLiteral("REST client key %1 is a key of type 1.3.6.1.4.1.99999.1, which pgsessions cannot use: give an RSA or EC key").arg(nobodys));
    // What is no key at all is still said so.
    const Expected<QSslConfiguration> none = patroni::tlsConfiguration({m_patroni.caFile(), m_patroni.clientCertFile(), m_patroni.caFile(), {}});
    QVERIFY(!none.ok());
    QCOMPARE(none.error().message(), QStringLiteral("REST client key %1: not a PEM private key").arg(m_patroni.caFile()));
}

void TestPatroniTls::aKeyOfATypeOpenSslDoesNotKnowIsAskedAboutOnce()
{
    // A GOST key locked with AES: OpenSSL opens it with the right passphrase and then
    // knows no method for its type (no GOST engine), so Qt refuses the right passphrase as
    // it refuses a wrong one. The user is asked once; given the right one, the node says
    // the key's type and no one is asked again.
    QSettings().clear();
    const QString key = m_dir.filePath(QStringLiteral("gost.key"));
    QVERIFY(writePkcs8Key(m_dir.path(), key, QStringLiteral("1.2.643.7.1.1.1.1"), "open sesame"));
    const ServerProfile p = profile(m_patroni.caFile(), m_patroni.clientCertFile(), key);
    MainWindow window(m_journal);
    window.registry()->setIntervalMs(1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStringList reasons; // what each prompt said was wrong
    window.setPasswordHook([&](PasswordDialog *dialog) {
        QTimer::singleShot(0, dialog, [&, dialog] {
            reasons << (dialog->reasonLabel()->isVisible() ? dialog->reasonLabel()->text() : QString());
            QTest::keyClicks(dialog->passwordEdit(), QStringLiteral("open sesame"));
            QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
        });
    });
    ServerTreeModel tree(window.registry());
    window.registry()->setProfiles({p});
    QTRY_COMPARE_WITH_TIMEOUT(reasons.size(), 1, 15000);
    QCOMPARE(reasons[0], QString());
    const QString message =
        QStringLiteral("REST client key %1 is a key of type GOST R 34.10-2012 with 256 bit modulus, which pgsessions cannot use: give an RSA or EC key")
            .arg(key);
    QTRY_VERIFY2_WITH_TIMEOUT(tree.clusterIndex(p.id).data().toString().contains(QStringLiteral("REST API: ") + message),
                              qPrintable(tree.clusterIndex(p.id).data().toString()), 15000);
    const auto pollsNow = [&] { return window.registry()->clusterTopology(p.id)->polls; };
    const int from = pollsNow();
    QVERIFY(QTest::qWaitFor([&] { return pollsNow() >= from + 2; }, PatroniWatcher::kTimeoutMs + 5000));
    QCOMPARE(reasons.size(), 1);
    QVERIFY(window.registry()->servers().isEmpty());
}

void TestPatroniTls::whyAKeyWasRefusedTellsThePassphraseFromTheKey()
{
    // What the poll asks the system's libcrypto when Qt refuses a key, in its three
    // answers: the key does not open (a wrong passphrase, or no key), it opens and is of a
    // type Qt cannot hold (named), it opens and is of a type Qt holds (then neither the
    // passphrase nor the type is the reason, and a prompt would only come back).
    using Reason = patroni::KeyRefusal::Reason;
    const auto read = [](const QString &path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    const QByteArray lockedEc = read(lockedKey(QStringLiteral("open sesame")));
    QVERIFY(lockedEc.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    const patroni::KeyRefusal wrong = patroni::whyKeyRefused(lockedEc, "open sesame!");
    QCOMPARE(wrong.reason, Reason::DoesNotOpen);
    QCOMPARE(wrong.type, QString());
    // No passphrase for a locked key: refused (the callback gives an empty one; OpenSSL
    // would otherwise ask on a terminal, which a test without one cannot show).
    QCOMPARE(patroni::whyKeyRefused(lockedEc, QByteArray()).reason, Reason::DoesNotOpen);
    const patroni::KeyRefusal right = patroni::whyKeyRefused(lockedEc, "open sesame");
    QCOMPARE(right.reason, Reason::Held);
    QCOMPARE(right.type, QString());
    QCOMPARE(patroni::whyKeyRefused(read(m_patroni.clientKeyFile()), QByteArray()).reason, Reason::Held);
    // RSA-PSS is a key Qt holds as RSA.
    const QString pss = m_dir.filePath(QStringLiteral("rsa-pss.key"));
    QVERIFY(runOpenssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA-PSS"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:2048"), QStringLiteral("-out"), pss}, 60000));
    QCOMPARE(patroni::whyKeyRefused(read(pss), QByteArray()).reason, Reason::Held);
    QVERIFY(!QSslKey(read(pss), QSsl::Rsa).isNull());
    // A certificate is no key.
    QCOMPARE(patroni::whyKeyRefused(read(m_patroni.caFile()), QByteArray()).reason, Reason::DoesNotOpen);
    const QString ed448 = m_dir.filePath(QStringLiteral("ed448.key"));
    QVERIFY(runOpenssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("ed448"), QStringLiteral("-out"), ed448}));
    const patroni::KeyRefusal unusable = patroni::whyKeyRefused(read(ed448), QByteArray());
    QCOMPARE(unusable.reason, Reason::Unusable);
    QCOMPARE(unusable.type, QStringLiteral("Ed448"));
}

void TestPatroniTls::aKeyLockedWithACipherOpenSslLacksIsNotAskedAbout_data()
{
    QTest::addColumn<bool>("traditional");
    QTest::addColumn<QString>("cipher");   // how openssl locks it
    QTest::addColumn<QString>("said");     // what the message names
    QTest::addColumn<QByteArray>("header"); // what marks it as locked in the file
    QTest::addColumn<QString>("folder");    // where the key is, in the test's directory: the command must take its path
    QTest::newRow("older PEM, DES") << true << QStringLiteral("-des") << QStringLiteral("DES-CBC") << QByteArray("DEK-Info: DES-CBC,") << QString();
    QTest::newRow("older PEM, Blowfish") << true << QStringLiteral("-bf") << QStringLiteral("BF-CBC") << QByteArray("DEK-Info: BF-CBC,")
                                         << QStringLiteral("keys of the team");
    QTest::newRow("PKCS#8, DES") << false << QStringLiteral("-des") << QStringLiteral("DES-CBC") << QByteArray("-----BEGIN ENCRYPTED PRIVATE KEY-----")
                                 << QStringLiteral("it's $HOME");
    // PKCS#5 v1.5: its key derivation is what OpenSSL 3 keeps aside, and names.
    QTest::newRow("PKCS#8, PBE-MD5-DES") << false << QStringLiteral("PBE-MD5-DES") << QStringLiteral("PBKDF1")
                                         << QByteArray("-----BEGIN ENCRYPTED PRIVATE KEY-----") << QStringLiteral("\"a\" & (b); `c`");
}

void TestPatroniTls::aKeyLockedWithACipherOpenSslLacksIsNotAskedAbout()
{
    // A key locked with DES opens with no passphrase under OpenSSL 3 without its legacy
    // provider: Qt refuses the right one as it refuses a wrong one. Taking that for a
    // wrong passphrase would ask for it again and again; the cipher is said instead, and
    // before anyone is asked.
    QFETCH(bool, traditional);
    QFETCH(QString, cipher);
    QFETCH(QString, said);
    QFETCH(QByteArray, header);
    QFETCH(QString, folder);
    const QString made = lockedKey(QStringLiteral("open sesame"), traditional, cipher);
    QVERIFY(!made.isEmpty());
    QString key = made;
    if (!folder.isEmpty()) {
        QVERIFY(QDir(m_dir.path()).mkpath(folder));
        key = QDir(m_dir.filePath(folder)).filePath(QStringLiteral("client key.pem"));
        QFile::remove(key);
        QVERIFY(QFile::copy(made, key));
    }
    QFile file(key);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pem = file.readAll();
    QVERIFY2(pem.contains(header), pem.constData());
    // Qt's TLS does not open it with the right passphrase.
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa})
        QVERIFY(QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey, "open sesame").isNull());

    // The path in the command is one word for a POSIX shell: as it is when it holds only
    // characters no shell treats specially, else in single quotes (each of its own
    // closed, escaped, reopened). The test's directory may need quoting too (TMPDIR).
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    const QString word = plain.match(key).hasMatch() ? key : QLatin1Char('\'') + QString(key).replace(QLatin1Char('\''), QLatin1String("'\\''")) + QLatin1Char('\'');
    QCOMPARE(word == key, folder.isEmpty() && plain.match(m_dir.path()).hasMatch());
    const QString command = QStringLiteral("openssl pkey -provider legacy -provider default -in %1 -aes256 -out new.key").arg(word);
    const QString message =
        QStringLiteral("REST client key %1 is locked with %2, which the system's OpenSSL does not offer: lock it again with AES (%3)").arg(key, said, command);
    for (const QString &passphrase : {QStringLiteral("open sesame"), QStringLiteral("open sesame!"), QString()}) {
        const Expected<QSslConfiguration> c = patroni::tlsConfiguration({m_patroni.caFile(), m_patroni.clientCertFile(), key, passphrase});
        QVERIFY(!c.ok());
        QCOMPARE(c.error().message(), message);
        QVERIFY2(c.error().kind() != Error::Kind::NeedsPassword, qPrintable(passphrase));
    }
    const patroni::KeyRefusal why = patroni::whyKeyRefused(pem, "open sesame");
    QCOMPARE(why.reason, patroni::KeyRefusal::Reason::CipherUnavailable);
    QCOMPARE(why.cipher, said);
    using PeekError = unsigned long (*)();
    const auto peekError = reinterpret_cast<PeekError>(QLibrary(QStringLiteral("crypto"), 3).resolve("ERR_peek_error"));
    QVERIFY(peekError);
    QCOMPARE(peekError(), 0ul);

    // Watched with that key and no passphrase: the cluster node says so, and no one is
    // asked for a passphrase, at the first poll or at the next.
    const ServerProfile p = profile(m_patroni.caFile(), m_patroni.clientCertFile(), key);
    ServerRegistry registry(m_journal);
    registry.setIntervalMs(1000);
    QList<PasswordRequest> asked;
    connect(&registry, &ServerRegistry::passwordWanted, this, [&](const PasswordRequest &r) { asked << r; });
    registry.setProfiles({p});
    const QString node = polledNodeText(registry, p.id);
    QVERIFY2(node.contains(QStringLiteral("REST API: ") + message), qPrintable(node));
    QVERIFY(QTest::qWaitFor([&] { return registry.clusterTopology(p.id)->polls >= 2; }, PatroniWatcher::kTimeoutMs + 5000));
    QCOMPARE(asked.size(), 0);
    QVERIFY(registry.servers().isEmpty());

    // What the message says to do works, pasted into a shell as it is: the key locked
    // again that way opens with the same passphrase (given here on the command line,
    // where openssl would ask for it).
    QTemporaryDir here;
    QVERIFY(here.isValid());
    QProcess shell;
    shell.setProcessChannelMode(QProcess::MergedChannels);
    shell.setWorkingDirectory(here.path());
    shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command + QStringLiteral(" -passin 'pass:open sesame' -passout 'pass:open sesame'")});
    QVERIFY(shell.waitForFinished(30000));
    QVERIFY2(shell.exitStatus() == QProcess::NormalExit && shell.exitCode() == 0, shell.readAll().constData());
    QVERIFY(patroni::tlsConfiguration({m_patroni.caFile(), m_patroni.clientCertFile(), here.filePath(QStringLiteral("new.key")), QStringLiteral("open sesame")}).ok());

    // The same key locked with AES-256 opens with its passphrase, and a wrong one is
    // still asked for again: only the cipher made the difference.
    const QString aes = lockedKey(QStringLiteral("open sesame"), traditional);
    QVERIFY(patroni::tlsConfiguration({m_patroni.caFile(), m_patroni.clientCertFile(), aes, QStringLiteral("open sesame")}).ok());
    const Expected<QSslConfiguration> wrong = patroni::tlsConfiguration({m_patroni.caFile(), m_patroni.clientCertFile(), aes, QStringLiteral("open sesame!")});
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().kind(), Error::Kind::NeedsPassword);
}

QTEST_MAIN(TestPatroniTls)
#include "tst_patroni_tls.moc"
