// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QStringList>
#include <QtGlobal>

/// Runs the openssl tool with @p arguments; false, with its output as a warning, when it
/// does not finish with exit code 0 within @p timeoutMs.
inline bool runOpenssl(const QStringList &arguments, int timeoutMs = 30000)
{
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"), arguments);
    if (openssl.waitForFinished(timeoutMs) && openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0)
        return true;
    qWarning("openssl %s: %s", qPrintable(arguments.join(QLatin1Char(' '))), openssl.readAll().constData());
    return false;
}
