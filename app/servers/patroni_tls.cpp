// SPDX-License-Identifier: GPL-3.0-or-later
// Patroni's REST API over TLS: the CA, client certificate and key files a poll reads,
// and a locked key's passphrase.
#include "servers/patroni.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibrary>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

#include <limits>
#include <memory>

namespace {

QString tlsText(const char *text)
{
    return QCoreApplication::translate("PatroniWatcher", text);
}

QByteArray readPem(const QString &path, const char *what, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("PatroniWatcher", "%1 %2: %3").arg(tlsText(what), path, file.errorString());
        return {};
    }
    return file.readAll();
}

// The certificates of a PEM file; none is an error too.
Expected<QList<QSslCertificate>> certificatesIn(const QString &path, const char *what)
{
    QString error;
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(readPem(path, what, &error));
    if (!error.isEmpty())
        return Error(error);
    if (certificates.isEmpty())
        return Error(QCoreApplication::translate("PatroniWatcher", "%1 %2: no PEM certificate in it").arg(tlsText(what), path));
    return certificates;
}

/// The type of an unlocked PKCS#8 key that Qt's TLS keys cannot hold (RSA, EC and DSA
/// only), or empty.
QString unusableKeyType(const QByteArray &pem)
{
    const QByteArray begin("-----BEGIN PRIVATE KEY-----"), end("-----END PRIVATE KEY-----");
    const qsizetype from = pem.indexOf(begin);
    const qsizetype to = from < 0 ? -1 : pem.indexOf(end, from);
    if (to < 0)
        return {};
    // Line breaks are skipped; the algorithm's object identifier is in the clear.
    const QByteArray der = QByteArray::fromBase64(pem.mid(from + begin.size(), to - from - begin.size()));
    if (der.contains(QByteArray::fromHex("06032b6570")))
        return QStringLiteral("Ed25519");
    if (der.contains(QByteArray::fromHex("06032b6571")))
        return QStringLiteral("Ed448");
    return {};
}

/// The type of a locked key that opens with @p passphrase but that Qt's TLS keys cannot
/// hold, or empty (it does not open, or the type is not known). A PKCS#8 file keeps the
/// type inside what the passphrase locks, so Qt's refusal does not tell a wrong passphrase
/// from such a key. Read with the system's libcrypto (which Qt's TLS loads as well), at
/// run time: only when Qt refused a locked key; without that library, empty.
QString lockedKeyType(const QByteArray &pem, const QByteArray &passphrase)
{
    QLibrary crypto(QStringLiteral("crypto"), 3);
    using NewBuffer = void *(*)(const void *, int);
    using FreeBuffer = int (*)(void *);
    using ReadKey = void *(*)(void *, void **, void *, void *);
    using KeyType = int (*)(const void *);
    using FreeKey = void (*)(void *);
    using ShortName = const char *(*)(int);
    using ClearErrors = void (*)();
    const auto newBuffer = reinterpret_cast<NewBuffer>(crypto.resolve("BIO_new_mem_buf"));
    const auto freeBuffer = reinterpret_cast<FreeBuffer>(crypto.resolve("BIO_free"));
    const auto readKey = reinterpret_cast<ReadKey>(crypto.resolve("PEM_read_bio_PrivateKey"));
    const auto keyType = reinterpret_cast<KeyType>(crypto.resolve("EVP_PKEY_get_base_id"));
    const auto freeKey = reinterpret_cast<FreeKey>(crypto.resolve("EVP_PKEY_free"));
    const auto shortName = reinterpret_cast<ShortName>(crypto.resolve("OBJ_nid2sn"));
    const auto clearErrors = reinterpret_cast<ClearErrors>(crypto.resolve("ERR_clear_error"));
    if (!newBuffer || !freeBuffer || !readKey || !keyType || !freeKey || !shortName || !clearErrors || pem.size() > std::numeric_limits<int>::max())
        return {};
    // A refusal leaves its errors on this thread's queue, where Qt's TLS, on the same
    // thread, would find them at its next call: emptied on the way out.
    struct ClearOnExit {
        ClearErrors clear;
        ~ClearOnExit() { clear(); }
    } const clearer{clearErrors};
    const std::unique_ptr<void, FreeBuffer> buffer(newBuffer(pem.constData(), int(pem.size())), freeBuffer);
    if (!buffer)
        return {};
    // No callback: the last argument is the passphrase, as a C string.
    QByteArray given = passphrase;
    const std::unique_ptr<void, FreeKey> key(readKey(buffer.get(), nullptr, nullptr, given.data()), freeKey);
    if (!key)
        return {};
    switch (const int nid = keyType(key.get())) {
    case 6: // RSA
    case 116: // DSA
    case 408: // EC
        return {}; // one Qt holds: not the reason
    case 1087:
        return QStringLiteral("Ed25519");
    case 1088:
        return QStringLiteral("Ed448");
    default: {
        const char *name = shortName(nid);
        return name ? QString::fromLatin1(name) : QString();
    }
    }
}

} // namespace

bool patroni::isLockedKey(const QByteArray &pem)
{
    return pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || pem.contains("Proc-Type: 4,ENCRYPTED");
}

// Read at each poll: a renewed certificate is taken without a restart.
Expected<QSslConfiguration> patroni::tlsConfiguration(const PatroniTls &tls, bool *lockedKeyOpened)
{
    if (lockedKeyOpened)
        *lockedKeyOpened = false;
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    QString error;
    if (!tls.caFile.isEmpty()) {
        const Expected<QList<QSslCertificate>> cas = certificatesIn(tls.caFile, QT_TRANSLATE_NOOP("PatroniWatcher", "REST CA certificate"));
        if (!cas.ok())
            return cas.error();
        // Qt loads the system's CAs on demand, until CAs are added: then only those given
        // would be trusted (and a proxy's certificate from a public CA refused).
        c.setCaCertificates(QSslConfiguration::systemCaCertificates() + *cas);
    }
    if (!tls.certFile.isEmpty()) {
        const Expected<QList<QSslCertificate>> chain = certificatesIn(tls.certFile, QT_TRANSLATE_NOOP("PatroniWatcher", "REST client certificate"));
        if (!chain.ok())
            return chain.error();
        c.setLocalCertificateChain(*chain);
    }
    if (!tls.keyFile.isEmpty()) {
        const QByteArray pem = readPem(tls.keyFile, QT_TRANSLATE_NOOP("PatroniWatcher", "REST client key"), &error);
        if (!error.isEmpty())
            return Error(error);
        const bool locked = patroni::isLockedKey(pem);
        if (locked && tls.keyPassphrase.isEmpty())
            return Error(QCoreApplication::translate("PatroniWatcher", "REST client key %1 is locked with a passphrase: none was given").arg(tls.keyFile),
                         {}, Error::Kind::NeedsPassword);
        const QByteArray passphrase = locked ? tls.keyPassphrase.toUtf8() : QByteArray();
        QSslKey key;
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
            if (key.isNull())
                key = QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey, passphrase);
        }
        // Refused: a key of a type Qt cannot hold (found in the clear, or behind the
        // passphrase), else a wrong passphrase, else no key.
        const QString type = !key.isNull() ? QString() : locked ? lockedKeyType(pem, passphrase) : unusableKeyType(pem);
        if (key.isNull() && locked && type.isEmpty())
            return Error(QCoreApplication::translate("PatroniWatcher", "REST client key %1: the passphrase given does not open it").arg(tls.keyFile), {},
                         Error::Kind::NeedsPassword);
        if (!type.isEmpty())
            return Error(QCoreApplication::translate("PatroniWatcher", "REST client key %1 is an %2 key, which pgsessions cannot use: give an RSA or EC key")
                             .arg(tls.keyFile, type));
        if (key.isNull())
            return Error(QCoreApplication::translate("PatroniWatcher", "REST client key %1: not a PEM private key").arg(tls.keyFile));
        c.setPrivateKey(key);
        if (lockedKeyOpened)
            *lockedKeyOpened = locked;
    }
    return c;
}
