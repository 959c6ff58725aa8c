// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/formatter.h"

#include "monitor/server_status.h"
#include "monitor/session.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>

namespace format {

QString duration(qint64 micros)
{
    if (micros == kNoTime)
        return {};
    const qint64 seconds = std::max<qint64>(0, micros / 1000000);
    if (seconds < 60)
        return QCoreApplication::translate("format", "%1 s").arg(seconds);
    const qint64 s = seconds % 60, m = seconds / 60 % 60, h = seconds / 3600 % 24, d = seconds / 86400;
    const QChar zero(QLatin1Char('0'));
    if (d > 0)
        return QCoreApplication::translate("format", "%1 d %2:%3:%4").arg(d).arg(h, 2, 10, zero).arg(m, 2, 10, zero).arg(s, 2, 10, zero);
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, zero).arg(s, 2, 10, zero);
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, zero);
}

QString client(const Session &s)
{
    if (s.clientPort == -1)
        return QCoreApplication::translate("format", "local socket");
    const QString host = s.clientHostname.isEmpty() ? s.clientAddress : s.clientHostname;
    if (host.isEmpty())
        return {};
    return host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(host).arg(s.clientPort)
                                           : QStringLiteral("%1:%2").arg(host).arg(s.clientPort);
}

QString timestamp(qint64 micros, bool millis)
{
    if (micros == kNoTime)
        return {};
    return QDateTime::fromMSecsSinceEpoch(micros / 1000)
        .toString(millis ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz") : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString serverState(const ServerStatus &status)
{
    switch (status.state) {
    case ServerStatus::Disconnected:
        return QCoreApplication::translate("format", "not connected");
    case ServerStatus::Connecting:
        return QCoreApplication::translate("format", "connecting…");
    case ServerStatus::Connected:
        return QCoreApplication::translate("format", "PostgreSQL %1").arg(status.versionText());
    case ServerStatus::Paused:
        return QCoreApplication::translate("format", "paused");
    case ServerStatus::NeedsPassword:
        return QCoreApplication::translate("format", "password needed");
    case ServerStatus::Error:
        return status.reason().isEmpty() ? QCoreApplication::translate("format", "error")
                                         : QCoreApplication::translate("format", "error: %1").arg(status.reason());
    }
    return {};
}

} // namespace format
