// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Why Qt's TLS refused a Patroni REST client key (for the poll's message, and its tests).

#include <QString>

class QByteArray;

namespace patroni {

/// What the system's libcrypto makes of a PEM private key that Qt's TLS keys refused.
struct KeyRefusal {
    enum class Reason {
        NotAsked,    ///< no libcrypto 3 to ask
        DoesNotOpen, ///< no private key in it, or (locked) not one the passphrase given opens
        /// a key of a type Qt's TLS keys cannot hold (they hold RSA, DSA and EC), or one
        /// the system's OpenSSL knows no method for (GOST without its engine, say)
        Unusable,
        Held,        ///< a key of a type Qt holds: its refusal has another reason
        /// locked with a cipher (or key derivation) the system's OpenSSL does not offer,
        /// such as DES without OpenSSL's legacy provider: no passphrase opens it here
        CipherUnavailable,
    };
    Reason reason = Reason::NotAsked;
    QString type;   ///< Unusable: the key's type, as OpenSSL names it (its OID when it has no name; may be empty)
    QString cipher; ///< CipherUnavailable: what OpenSSL does not offer, as it names it (may be empty)
};

/// Opens @p pem (with @p passphrase if it is locked) with the system's libcrypto, loaded
/// at run time as Qt's TLS loads it. Never prompts on a terminal; leaves nothing on this
/// thread's OpenSSL error queue. Without libcrypto 3 (a Qt built for OpenSSL 1.1) the
/// answer is NotAsked, and the poll says what it said before it asked: a key that does not
/// open, or is not a PEM private key.
KeyRefusal whyKeyRefused(const QByteArray &pem, const QByteArray &passphrase);

} // namespace patroni
