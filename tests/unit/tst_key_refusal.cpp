// SPDX-License-Identifier: GPL-3.0-or-later
// Why a Patroni REST client key was refused, asked of libcrypto in a process where Qt's
// TLS has not set OpenSSL up: a cipher OpenSSL does not offer is named, in both PEM
// encryptions, whatever the passphrase; a cipher it offers leaves the passphrase to blame.
#include "run_openssl.h"
#include "servers/patroni_tls.h"

#include <QLibrary>
#include <QTemporaryDir>
#include <QtTest>

class TestKeyRefusal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aKeyLockedWithACipherOpenSslLacksIsNamed_data();
    void aKeyLockedWithACipherOpenSslLacksIsNamed();

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

QTEST_GUILESS_MAIN(TestKeyRefusal)
#include "tst_key_refusal.moc"
