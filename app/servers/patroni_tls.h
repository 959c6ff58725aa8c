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
        Unusable,    ///< a key of a type Qt's TLS keys cannot hold (they hold RSA, DSA and EC)
        Held,        ///< a key of a type Qt holds: its refusal has another reason
    };
    Reason reason = Reason::NotAsked;
    QString type; ///< Unusable: the key's type, as OpenSSL names it (empty when it has no name)
};

/// Opens @p pem (with @p passphrase if it is locked) with the system's libcrypto, loaded
/// at run time as Qt's TLS loads it. Never prompts on a terminal; leaves nothing on this
/// thread's OpenSSL error queue.
KeyRefusal whyKeyRefused(const QByteArray &pem, const QByteArray &passphrase);

} // namespace patroni
