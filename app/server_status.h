// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "privileges.h"

#include <QMetaType>
#include <QString>

/// Where a server's monitor stands, for the server's node and the status bar.
struct ServerStatus {
    enum State { Disconnected, Connecting, Connected, Error, Paused, NeedsPassword };

    State state = Disconnected;
    QString message;       ///< the error, for Error (and why, for NeedsPassword)
    QString sqlState;      ///< the error's SQLSTATE when the server sent one
    int serverVersion = 0; ///< PQserverVersion once connected
    int retryInSeconds = 0; ///< for Error: when the next attempt is due
    PrivilegeHints privileges; ///< of the monitor's role, read on connecting

    QString versionText() const
    {
        if (serverVersion <= 0)
            return {};
        const int major = serverVersion / 10000;
        return major >= 10 ? QStringLiteral("%1.%2").arg(major).arg(serverVersion % 10000)
                           : QStringLiteral("%1.%2.%3").arg(major).arg(serverVersion / 100 % 100).arg(serverVersion % 100);
    }
};

Q_DECLARE_METATYPE(ServerStatus)
