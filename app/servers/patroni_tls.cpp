// SPDX-License-Identifier: GPL-3.0-or-later
// Patroni's REST API over TLS: the CA, client certificate and key files a poll reads,
// and a locked key's passphrase.
#include "servers/patroni.h"
#include "servers/patroni_tls.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibrary>
#include <QScopeGuard>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>

#include <string.h> // explicit_bzero

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

// The algorithm an "unsupported" fetch error names: "..., Algorithm (DES-CBC : 8), ...".
QString fetchedAlgorithm(const char *data)
{
    const QByteArray text(data);
    static const QByteArray tag("Algorithm (");
    const qsizetype at = text.indexOf(tag);
    if (at < 0)
        return {};
    const qsizetype from = at + tag.size();
    const qsizetype to = text.indexOf(" :", from);
    return to < 0 ? QString() : QString::fromLatin1(text.mid(from, to - from).trimmed());
}

// @p path as one word of a POSIX shell's command line: quoted when it needs to be.
QString shellWord(const QString &path)
{
    static const QString plain = QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=@%+,-");
    const bool quiet = !path.isEmpty() && std::all_of(path.cbegin(), path.cend(), [](QChar c) { return plain.contains(c); });
    if (quiet)
        return path;
    QString quoted = path;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

// The type an "unsupported private key algorithm" error names: "TYPE=<name or OID>".
QString keyTypeNamed(const char *data)
{
    const QByteArray text(data);
    static const QByteArray tag("TYPE=");
    return text.startsWith(tag) ? QString::fromLatin1(text.mid(tag.size()).trimmed()) : QString();
}

} // namespace

patroni::KeyRefusal patroni::whyKeyRefused(const QByteArray &pem, const QByteArray &passphrase)
{
    QLibrary crypto(QStringLiteral("crypto"), 3);
    using NewBuffer = void *(*)(const void *, int);
    using FreeBuffer = int (*)(void *);
    using PassphraseCallback = int (*)(char *, int, int, void *);
    using ReadKey = void *(*)(void *, void **, PassphraseCallback, void *);
    using KeyType = int (*)(const void *);
    using TypeName = const char *(*)(const void *);
    using FreeKey = void (*)(void *);
    using ShortName = const char *(*)(int);
    using ClearErrors = void (*)();
    using NextError = unsigned long (*)(const char **, int *, const char **, const char **, int *);
    const auto newBuffer = reinterpret_cast<NewBuffer>(crypto.resolve("BIO_new_mem_buf"));
    const auto freeBuffer = reinterpret_cast<FreeBuffer>(crypto.resolve("BIO_free"));
    const auto readKey = reinterpret_cast<ReadKey>(crypto.resolve("PEM_read_bio_PrivateKey"));
    const auto keyType = reinterpret_cast<KeyType>(crypto.resolve("EVP_PKEY_get_base_id"));
    const auto typeName = reinterpret_cast<TypeName>(crypto.resolve("EVP_PKEY_get0_type_name"));
    const auto freeKey = reinterpret_cast<FreeKey>(crypto.resolve("EVP_PKEY_free"));
    const auto shortName = reinterpret_cast<ShortName>(crypto.resolve("OBJ_nid2sn"));
    const auto clearErrors = reinterpret_cast<ClearErrors>(crypto.resolve("ERR_clear_error"));
    const auto nextError = reinterpret_cast<NextError>(crypto.resolve("ERR_get_error_all"));
    KeyRefusal refusal;
    if (!newBuffer || !freeBuffer || !readKey || !keyType || !typeName || !freeKey || !shortName || !clearErrors || !nextError
        || pem.size() > std::numeric_limits<int>::max())
        return refusal;
    // A refusal leaves its errors on this thread's queue, where Qt's TLS, on the same
    // thread, would find them at its next call: emptied on the way out.
    struct ClearOnExit {
        ClearErrors clear;
        ~ClearOnExit() { clear(); }
    } const clearer{clearErrors};
    clearErrors(); // what is on the queue now is not this key's (Qt's own refusal of it)
    const std::unique_ptr<void, FreeBuffer> buffer(newBuffer(pem.constData(), int(pem.size())), freeBuffer);
    if (!buffer)
        return refusal;
    // The passphrase through a callback: without one, OpenSSL would ask for it on the
    // terminal for a locked key given none. Copied straight from the caller's bytes.
    const PassphraseCallback given = [](char *into, int size, int, void *from) -> int {
        const QByteArray &bytes = *static_cast<const QByteArray *>(from);
        if (bytes.size() > size)
            return -1;
        std::memcpy(into, bytes.constData(), size_t(bytes.size()));
        return int(bytes.size());
    };
    const std::unique_ptr<void, FreeKey> key(readKey(buffer.get(), nullptr, given, const_cast<QByteArray *>(&passphrase)), freeKey);
    if (!key) {
        refusal.reason = KeyRefusal::Reason::DoesNotOpen;
        // A cipher (or key derivation) the system's OpenSSL does not offer: it says so when
        // it could not fetch it, in both PEM encryptions (read from memory: from a file,
        // the older one's says only that nothing decoded), and before any passphrase is
        // tried. "Bad decrypt" alone tells nothing: the older one says it then too. A
        // wrong passphrase says "bad decrypt", or nothing of its own when the padding
        // happens to fit.
        //
        // A key it opens (unlocked, or with the right passphrase) but of a type it knows no
        // method for (GOST without its engine, an OID of no one's) is refused with the type:
        // taken for a wrong passphrase, it would be asked for again and again.
        const char *data = nullptr;
        int flags = 0;
        while (const unsigned long error = nextError(nullptr, nullptr, nullptr, &data, &flags)) {
            constexpr unsigned long systemError = 0x80000000UL; // ERR_SYSTEM_FLAG
            constexpr unsigned long evp = 6; // ERR_LIB_EVP
            constexpr unsigned long unsupported = 0x8010C; // ERR_R_UNSUPPORTED
            constexpr unsigned long unknownKeyType = 118; // EVP_R_UNSUPPORTED_PRIVATE_KEY_ALGORITHM
            if ((error & systemError) || ((error >> 23) & 0xFF) != evp)
                continue;
            const char *text = (flags & 0x02) ? data : nullptr; // ERR_TXT_STRING
            if ((error & 0x7FFFFF) == unsupported) {
                refusal.reason = KeyRefusal::Reason::CipherUnavailable;
                refusal.cipher = fetchedAlgorithm(text);
                break;
            }
            if ((error & 0x7FFFFF) == unknownKeyType) {
                refusal.reason = KeyRefusal::Reason::Unusable;
                refusal.type = keyTypeNamed(text);
                break;
            }
        }
        return refusal;
    }
    refusal.reason = KeyRefusal::Reason::Unusable;
    switch (const int nid = keyType(key.get())) {
    case 6: // RSA
    case 912: // RSA-PSS
    case 116: // DSA
    case 408: // EC
        refusal.reason = KeyRefusal::Reason::Held;
        break;
    case 1087:
        refusal.type = QStringLiteral("Ed25519");
        break;
    case 1088:
        refusal.type = QStringLiteral("Ed448");
        break;
    default: {
        // A type only a provider knows has no number of its own, but a name.
        const char *name = typeName(key.get());
        if (!name || !*name)
            name = shortName(nid);
        if (name && *name && qstrcmp(name, "UNDEF") != 0)
            refusal.type = QString::fromLatin1(name);
    }
    }
    return refusal;
}

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
        // A key no passphrase opens here is said before anyone is asked for one.
        const auto cipherUnavailable = [&tls](const KeyRefusal &why) {
            if (why.cipher.isEmpty())
                return Error(QCoreApplication::translate("PatroniWatcher",
                                                         "REST client key %1 is locked in a way the system's OpenSSL cannot open: lock it again with AES "
                                                         "(openssl pkey -provider legacy -provider default -in %2 -aes256 -out new.key)")
                                 .arg(tls.keyFile, shellWord(tls.keyFile)));
            return Error(QCoreApplication::translate("PatroniWatcher",
                                                     "REST client key %1 is locked with %2, which the system's OpenSSL does not offer: lock it again "
                                                     "with AES (openssl pkey -provider legacy -provider default -in %3 -aes256 -out new.key)")
                             .arg(tls.keyFile, why.cipher, shellWord(tls.keyFile)));
        };
        if (locked && tls.keyPassphrase.isEmpty()) {
            if (const KeyRefusal why = whyKeyRefused(pem, {}); why.reason == KeyRefusal::Reason::CipherUnavailable)
                return cipherUnavailable(why);
            return Error(QCoreApplication::translate("PatroniWatcher", "REST client key %1 is locked with a passphrase: none was given").arg(tls.keyFile),
                         {}, Error::Kind::NeedsPassword);
        }
        QByteArray passphrase = locked ? tls.keyPassphrase.toUtf8() : QByteArray();
        const auto wipe = qScopeGuard([&passphrase] {
            if (!passphrase.isEmpty())
                explicit_bzero(passphrase.data(), size_t(passphrase.size()));
        });
        QSslKey key;
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
            if (key.isNull())
                key = QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey, passphrase);
        }
        if (key.isNull()) {
            // A PKCS#8 file keeps the key's type inside what the passphrase locks: Qt's
            // refusal alone does not tell a wrong passphrase from a key it cannot hold.
            const KeyRefusal why = whyKeyRefused(pem, passphrase);
            switch (why.reason) {
            case KeyRefusal::Reason::Unusable:
                if (why.type.isEmpty())
                    return Error(QCoreApplication::translate("PatroniWatcher", "REST client key %1 is of a type pgsessions cannot use: give an RSA or EC key")
                                     .arg(tls.keyFile));
                return Error(QCoreApplication::translate("PatroniWatcher", "REST client key %1 is a key of type %2, which pgsessions cannot use: give an RSA or EC key")
                                 .arg(tls.keyFile, why.type));
            case KeyRefusal::Reason::Held:
                // Not the passphrase (asking again would not help), not the type.
                return Error(locked ? QCoreApplication::translate("PatroniWatcher", "REST client key %1: the passphrase given opens it, but pgsessions could not read the key in it")
                                          .arg(tls.keyFile)
                                    : QCoreApplication::translate("PatroniWatcher", "REST client key %1: pgsessions could not read the key in it").arg(tls.keyFile));
            case KeyRefusal::Reason::CipherUnavailable:
                return cipherUnavailable(why);
            case KeyRefusal::Reason::DoesNotOpen:
            case KeyRefusal::Reason::NotAsked:
                break;
            }
            if (locked)
                return Error(QCoreApplication::translate("PatroniWatcher", "REST client key %1: the passphrase given does not open it").arg(tls.keyFile), {},
                             Error::Kind::NeedsPassword);
            return Error(QCoreApplication::translate("PatroniWatcher", "REST client key %1: not a PEM private key").arg(tls.keyFile));
        }
        c.setPrivateKey(key);
        if (lockedKeyOpened)
            *lockedKeyOpened = locked;
    }
    return c;
}
