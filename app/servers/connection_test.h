// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"
#include "monitor/privileges.h"
#include "pg/connection_spec.h"

#include <QCoreApplication>
#include <QString>

#include <functional>

/// The answer to "Test connection": the server's version and what the role may do, or
/// why the connection failed.
struct ConnectionTestResult {
    Q_DECLARE_TR_FUNCTIONS(ConnectionTestResult)
public:
    Error error;          ///< why it failed (Kind::NeedsPassword: a password is wanted or was refused)
    int serverVersion = 0;
    QString versionText;  ///< server_version as the server reports it
    QString database;     ///< the database connected to
    PrivilegeHints privileges;
    Error privilegesError; ///< connected, but the role's privileges could not be read
    qint64 elapsedMs = 0;

    bool ok() const { return !error; }
    bool needsPassword() const { return error.kind() == Error::Kind::NeedsPassword; }

    /// One paragraph for the dialog: version, role and privileges, or the error.
    QString summary() const;

    /// Connects as the monitor would (the same code, the same maintenance database rule)
    /// with @p spec (and @p password, if not empty) and reads the version and the role's
    /// privileges. Blocks up to the connect timeout: call it off the GUI thread.
    /// @p stopped: checked while connecting, to give up early.
    static ConnectionTestResult run(const ConnectionSpec &spec, const QString &password, int connectTimeoutSeconds = 10,
                                    const std::function<bool()> &stopped = {});
};
