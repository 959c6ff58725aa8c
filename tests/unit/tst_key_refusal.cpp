// SPDX-License-Identifier: GPL-3.0-or-later
// Why a Patroni REST client key was refused, asked of libcrypto in a process where Qt's
// TLS has not set OpenSSL up: a cipher OpenSSL does not offer is named, in both PEM
// encryptions, whatever the passphrase; a cipher it offers leaves the passphrase to blame.
// A key of a type OpenSSL knows no method for is named once it opens.
#include "pkcs8_key.h"
#include "run_openssl.h"
#include "servers/patroni_tls.h"

#include <QLibrary>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

class TestKeyRefusal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aKeyLockedWithACipherOpenSslLacksIsNamed_data();
    void aKeyLockedWithACipherOpenSslLacksIsNamed();
    void aKeyOfATypeOpenSslDoesNotKnowIsNamedOnceItOpens_data();
    void aKeyOfATypeOpenSslDoesNotKnowIsNamedOnceItOpens();

private:
    QTemporaryDir m_dir;
    QString m_key; // an unlocked EC key
};

void TestKeyRefusal::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_key = m_dir.filePath(QStringLiteral("ec.key"));
    QVERIFY(runOpenssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
                     QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-out"), m_key}));
}

void TestKeyRefusal::aKeyLockedWithACipherOpenSslLacksIsNamed_data()
{
    QTest::addColumn<QStringList>("lock"); // openssl's options that lock the key
    QTest::addColumn<QString>("cipher");   // what is named; empty: the passphrase is to blame
    // What OpenSSL 3 keeps in its legacy provider, which the openssl tool loads when told.
    const QStringList legacy{QStringLiteral("-provider"), QStringLiteral("legacy"), QStringLiteral("-provider"), QStringLiteral("default")};
    QTest::newRow("older PEM, DES") << (QStringList{QStringLiteral("-des"), QStringLiteral("-traditional")} + legacy) << QStringLiteral("DES-CBC");
    QTest::newRow("older PEM, Blowfish") << (QStringList{QStringLiteral("-bf"), QStringLiteral("-traditional")} + legacy) << QStringLiteral("BF-CBC");
    QTest::newRow("PKCS#8, DES") << (QStringList{QStringLiteral("-des")} + legacy) << QStringLiteral("DES-CBC");
    QTest::newRow("older PEM, AES") << QStringList{QStringLiteral("-aes256"), QStringLiteral("-traditional")} << QString();
    QTest::newRow("PKCS#8, AES") << QStringList{QStringLiteral("-aes256")} << QString();
}

void TestKeyRefusal::aKeyLockedWithACipherOpenSslLacksIsNamed()
{
    QFETCH(QStringList, lock);
    QFETCH(QString, cipher);
    static int made = 0;
    const QString locked = m_dir.filePath(QStringLiteral("locked-%1.key").arg(++made));
    QVERIFY(runOpenssl(QStringList{QStringLiteral("pkey"), QStringLiteral("-in"), m_key, QStringLiteral("-passout"), QStringLiteral("pass:open sesame"),
                                QStringLiteral("-out"), locked}
                    + lock));
    QFile file(locked);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pem = file.readAll();
    // Each time, an error of someone else's is left on the queue first, as a failed fetch
    // of DES leaves it (Qt's own refusal of the key may leave errors): it is not this key's.
    QLibrary crypto(QStringLiteral("crypto"), 3);
    using FetchCipher = void *(*)(void *, const char *, const char *);
    using PeekError = unsigned long (*)();
    const auto fetchCipher = reinterpret_cast<FetchCipher>(crypto.resolve("EVP_CIPHER_fetch"));
    const auto peekError = reinterpret_cast<PeekError>(crypto.resolve("ERR_peek_error"));
    QVERIFY(fetchCipher && peekError);
    using Reason = patroni::KeyRefusal::Reason;
    for (const QByteArray &passphrase : {QByteArray("open sesame"), QByteArray("open sesame!"), QByteArray()}) {
        QVERIFY(!fetchCipher(nullptr, "DES-CBC", nullptr));
        QVERIFY(peekError() != 0);
        const patroni::KeyRefusal why = patroni::whyKeyRefused(pem, passphrase);
        if (cipher.isEmpty() && passphrase == "open sesame") {
            QCOMPARE(why.reason, Reason::Held); // it opens: Qt's refusal would have had another reason
            continue;
        }
        QCOMPARE(why.reason, cipher.isEmpty() ? Reason::DoesNotOpen : Reason::CipherUnavailable);
        QCOMPARE(why.cipher, cipher);
    }
    QCOMPARE(peekError(), 0ul);
}

void TestKeyRefusal::aKeyOfATypeOpenSslDoesNotKnowIsNamedOnceItOpens_data()
{
    QTest::addColumn<QString>("oid");         // the key's algorithm
    QTest::addColumn<QByteArray>("passphrase"); // what locks it; empty: not locked
    QTest::addColumn<QString>("type");        // what is named
    const QString nobodys = QStringLiteral("1.3.6.1.4.1.99999.1");
    QTest::newRow("an OID of no one's") << nobodys << QByteArray() << nobodys;
    QTest::newRow("an OID of no one's, locked") << nobodys << QByteArray("open sesame") << nobodys;
    // GOST R 34.10-2012: OpenSSL knows its name (its long name in obj_mac.h), not how to
    // use it without the GOST engine.
    QTest::newRow("GOST, locked") << QStringLiteral("1.2.643.7.1.1.1.1") << QByteArray("open sesame")
                                  << QStringLiteral("GOST R 34.10-2012 with 256 bit modulus");
}

void TestKeyRefusal::aKeyOfATypeOpenSslDoesNotKnowIsNamedOnceItOpens()
{
    // Taken for a wrong passphrase, such a key would be asked about again and again.
    QFETCH(QString, oid);
    QFETCH(QByteArray, passphrase);
    QFETCH(QString, type);
    QLibrary crypto(QStringLiteral("crypto"), 3);
    using NewError = void (*)();
    using SetError = void (*)(int, int, const char *, ...);
    using PeekError = unsigned long (*)();
    const auto newError = reinterpret_cast<NewError>(crypto.resolve("ERR_new"));
    const auto setError = reinterpret_cast<SetError>(crypto.resolve("ERR_set_error"));
    const auto peekError = reinterpret_cast<PeekError>(crypto.resolve("ERR_peek_error"));
    QVERIFY(newError && setError && peekError);
    const QString path = m_dir.filePath(QStringLiteral("%1.key").arg(QString::fromLatin1(QTest::currentDataTag()).replace(QRegularExpression(QStringLiteral("\\W+")), QStringLiteral("-"))));
    QVERIFY(writePkcs8Key(m_dir.path(), path, oid, passphrase));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pem = file.readAll();
    QVERIFY(pem.startsWith(passphrase.isEmpty() ? "-----BEGIN PRIVATE KEY-----" : "-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    using Reason = patroni::KeyRefusal::Reason;
    const patroni::KeyRefusal opened = patroni::whyKeyRefused(pem, passphrase);
    QCOMPARE(opened.reason, Reason::Unusable);
    QCOMPARE(opened.type, type);
    if (!passphrase.isEmpty()) {
        // Locked, its type is behind the passphrase: a wrong one, or none, is to blame,
        // even when another caller left the same "unsupported private key algorithm" error
        // on the queue first (raised here as OpenSSL raises it).
        for (const QByteArray &other : {passphrase + '!', QByteArray()}) {
            newError();
            setError(6, 118, "TYPE=%s", "someone else's"); // ERR_LIB_EVP, EVP_R_UNSUPPORTED_PRIVATE_KEY_ALGORITHM
            QCOMPARE(peekError(), (6ul << 23) | 118ul);
            const patroni::KeyRefusal shut = patroni::whyKeyRefused(pem, other);
            QCOMPARE(shut.reason, Reason::DoesNotOpen);
            QCOMPARE(shut.type, QString());
        }
    }
    QCOMPARE(peekError(), 0ul);
}

QTEST_GUILESS_MAIN(TestKeyRefusal)
#include "tst_key_refusal.moc"
