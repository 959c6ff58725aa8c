// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QtGlobal>

/// Runs the openssl tool with @p arguments; false, with its output as a warning, when it
/// does not finish with exit code 0 within @p timeoutMs. What it writes on its standard
/// output goes to @p output when given.
inline bool runOpenssl(const QStringList &arguments, int timeoutMs = 30000, QByteArray *output = nullptr)
{
    QProcess openssl;
    openssl.setProcessChannelMode(output ? QProcess::SeparateChannels : QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"), arguments);
    if (openssl.waitForFinished(timeoutMs) && openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0) {
        if (output)
            *output = openssl.readAllStandardOutput();
        return true;
    }
    qWarning("openssl %s: %s%s", qPrintable(arguments.join(QLatin1Char(' '))), openssl.readAllStandardOutput().constData(),
             openssl.readAllStandardError().constData());
    return false;
}
