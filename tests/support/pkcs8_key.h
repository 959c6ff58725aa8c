// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A PKCS#8 private key of any type, made by hand: openssl's own tools write only the
// types it has a method for, and a test needs the others too.

#include "run_openssl.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>

namespace pkcs8key_detail {

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size() && file.flush();
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// DER from an ASN1_generate_nconf description, through openssl asn1parse -genconf.
inline QByteArray der(const QString &dir, const QString &name, const QByteArray &config)
{
    const QString configFile = QDir(dir).filePath(name + QStringLiteral(".cnf"));
    const QString out = QDir(dir).filePath(name + QStringLiteral(".der"));
    if (!writeFile(configFile, config)
        || !runOpenssl({QStringLiteral("asn1parse"), QStringLiteral("-genconf"), configFile, QStringLiteral("-noout"), QStringLiteral("-out"), out}))
        return {};
    return readFile(out);
}

inline QByteArray pem(const char *label, const QByteArray &der)
{
    QByteArray text = QByteArray("-----BEGIN ") + label + "-----\n";
    const QByteArray base64 = der.toBase64();
    for (qsizetype at = 0; at < base64.size(); at += 64)
        text += base64.mid(at, 64) + '\n';
    return text + "-----END " + label + "-----\n";
}

} // namespace pkcs8key_detail

/// Writes to @p path a PEM PKCS#8 private key whose algorithm is the object @p oid (dotted)
/// and whose key is a few bytes of no meaning. Given a @p passphrase, it is locked as
/// openssl locks one by default (PBES2: PBKDF2 with HMAC-SHA256, AES-256-CBC); the derived
/// key and the encryption are openssl's own (openssl kdf, openssl enc). Files beside it in
/// @p dir hold the steps. False when a step fails.
inline bool writePkcs8Key(const QString &dir, const QString &path, const QString &oid, const QByteArray &passphrase = {})
{
    using namespace pkcs8key_detail;
    const QString base = QFileInfo(path).completeBaseName();
    const QByteArray info = der(dir, base + QStringLiteral("-info"),
                                "asn1=SEQUENCE:info\n[info]\nversion=INT:0\nalgorithm=SEQUENCE:algorithm\nkey=FORMAT:HEX,OCTETSTRING:0401020304\n"
                                "[algorithm]\noid=OID:"
                                    + oid.toLatin1() + "\n");
    if (info.isEmpty())
        return false;
    if (passphrase.isEmpty())
        return writeFile(path, pem("PRIVATE KEY", info));

    const QByteArray salt("0011223344556677");
    const QByteArray iv("00112233445566778899aabbccddeeff");
    QByteArray derived;
    if (!runOpenssl({QStringLiteral("kdf"), QStringLiteral("-keylen"), QStringLiteral("32"), QStringLiteral("-kdfopt"), QStringLiteral("digest:SHA256"),
                     QStringLiteral("-kdfopt"), QStringLiteral("pass:") + QString::fromUtf8(passphrase), QStringLiteral("-kdfopt"),
                     QStringLiteral("hexsalt:") + QString::fromLatin1(salt), QStringLiteral("-kdfopt"), QStringLiteral("iter:2048"), QStringLiteral("PBKDF2")},
                    30000, &derived))
        return false;
    derived = derived.trimmed().replace(':', "");
    const QString plain = QDir(dir).filePath(base + QStringLiteral("-info.der"));
    const QString sealed = QDir(dir).filePath(base + QStringLiteral("-sealed.bin"));
    if (!runOpenssl({QStringLiteral("enc"), QStringLiteral("-aes-256-cbc"), QStringLiteral("-K"), QString::fromLatin1(derived), QStringLiteral("-iv"),
                     QString::fromLatin1(iv), QStringLiteral("-in"), plain, QStringLiteral("-out"), sealed}))
        return false;
    const QByteArray encrypted = readFile(sealed);
    if (encrypted.isEmpty())
        return false;
    const QByteArray locked = der(dir, base + QStringLiteral("-locked"),
                                  "asn1=SEQUENCE:epki\n[epki]\nalgorithm=SEQUENCE:pbes2\ndata=FORMAT:HEX,OCTETSTRING:" + encrypted.toHex()
                                      + "\n[pbes2]\noid=OID:1.2.840.113549.1.5.13\nparameters=SEQUENCE:pbes2parameters\n"
                                        "[pbes2parameters]\nkdf=SEQUENCE:kdf\ncipher=SEQUENCE:cipher\n"
                                        "[kdf]\noid=OID:1.2.840.113549.1.5.12\nparameters=SEQUENCE:kdfparameters\n"
                                        "[kdfparameters]\nsalt=FORMAT:HEX,OCTETSTRING:"
                                      + salt + "\niterations=INT:2048\nprf=SEQUENCE:prf\n"
                                               "[prf]\noid=OID:1.2.840.113549.2.9\nparameters=NULL\n"
                                               "[cipher]\noid=OID:2.16.840.1.101.3.4.1.42\niv=FORMAT:HEX,OCTETSTRING:"
                                      + iv + "\n");
    return !locked.isEmpty() && writeFile(path, pem("ENCRYPTED PRIVATE KEY", locked));
}
