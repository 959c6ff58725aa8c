// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/formatter.h"

#include "monitor/server_status.h"
#include "monitor/session.h"
#include "monitor/snapshot.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>

namespace format {

namespace {

// @p value's decimal digits, at least @p width of them (zeros before), as QString::arg()
// writes a number with the C locale: a table's ages are formatted at every paint, and
// arg()'s general path (locales, fill characters, field widths) was 3 % of the client's
// instructions at a poll.
// Writes them ending at @p end; returns where they begin.
char *writeDigits(char *end, qint64 value, int width = 1)
{
    char *at = end;
    quint64 v = quint64(value);
    do {
        *--at = char('0' + v % 10);
        v /= 10;
    } while (v);
    while (end - at < width)
        *--at = '0';
    return at;
}

QString digits(qint64 value, int width = 1)
{
    char buffer[24];
    char *const end = buffer + sizeof buffer;
    const char *at = writeDigits(end, value, width);
    return QString::fromLatin1(at, end - at);
}

} // namespace

qint64 durationShown(qint64 micros)
{
    return micros == kNoTime ? -1 : std::max<qint64>(0, micros / 1000000);
}

QString duration(qint64 micros)
{
    if (micros == kNoTime)
        return {};
    const qint64 seconds = std::max<qint64>(0, micros / 1000000);
    if (seconds < 60)
        return QCoreApplication::translate("format", "%1 s").arg(digits(seconds));
    const qint64 s = seconds % 60, m = seconds / 60 % 60, h = seconds / 3600 % 24, d = seconds / 86400;
    if (d > 0)
        return QCoreApplication::translate("format", "%1 d %2:%3:%4").arg(digits(d), digits(h, 2), digits(m, 2), digits(s, 2));
    // "1:02:03", "2:03": written from the end into one buffer, one string made of it.
    char buffer[32];
    char *const end = buffer + sizeof buffer;
    char *at = writeDigits(end, s, 2);
    *--at = ':';
    if (h > 0) {
        at = writeDigits(at, m, 2);
        *--at = ':';
        at = writeDigits(at, h);
    } else {
        at = writeDigits(at, m);
    }
    return QString::fromLatin1(at, end - at);
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

QString lock(const LockWait &l, const QString &database)
{
    const QString relation = !l.relationName.isEmpty() ? visible(l.relationName)
                             : database.isEmpty() ? QCoreApplication::translate("format", "relation %1").arg(l.relationOid)
                                                  : QCoreApplication::translate("format", "relation %1 in database %2").arg(QString::number(l.relationOid), visible(database));
    QString what;
    if (l.lockType == QLatin1String("relation"))
        what = relation;
    else if (l.lockType == QLatin1String("tuple"))
        what = QCoreApplication::translate("format", "tuple (%1,%2) of %3").arg(QString::number(l.page), QString::number(l.tuple), relation);
    else if (l.lockType == QLatin1String("page"))
        what = QCoreApplication::translate("format", "page %1 of %2").arg(QString::number(l.page), relation);
    else if (l.lockType == QLatin1String("extend"))
        what = QCoreApplication::translate("format", "the extension of %1").arg(relation);
    else if (l.lockType == QLatin1String("transactionid"))
        what = QCoreApplication::translate("format", "transaction %1").arg(l.transaction);
    else if (l.lockType == QLatin1String("virtualxid"))
        what = QCoreApplication::translate("format", "virtual transaction %1").arg(l.transaction);
    else if (l.lockType == QLatin1String("advisory"))
        // objsubid 1: one bigint key split in two halves; 2: two int4 keys.
        what = l.objSubId == 1 ? QCoreApplication::translate("format", "advisory key %1").arg((qint64(l.classId) << 32) | l.objId)
                               : QCoreApplication::translate("format", "advisory keys (%1, %2)").arg(qint32(l.classId)).arg(qint32(l.objId));
    else if (l.lockType == QLatin1String("object"))
        what = QCoreApplication::translate("format", "object %1 of catalog %2").arg(l.objId).arg(l.classId);
    else
        what = l.lockType;
    return QCoreApplication::translate("format", "%1 on %2").arg(l.mode, what);
}

QString serverState(const ServerStatus &status)
{
    switch (status.state) {
    case ServerStatus::Disconnected:
        return QCoreApplication::translate("format", "not connected");
    case ServerStatus::Connecting:
        return QCoreApplication::translate("format", "connecting…");
    case ServerStatus::Connected:
        if (status.poolerConsole)
            return QCoreApplication::translate("format", "PgBouncer %1").arg(status.versionText());
        if (status.pooled)
            return QCoreApplication::translate("format", "PostgreSQL %1, through a pooler").arg(status.versionText());
        return status.standby ? QCoreApplication::translate("format", "PostgreSQL %1, standby").arg(status.versionText())
                              : QCoreApplication::translate("format", "PostgreSQL %1").arg(status.versionText());
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

namespace {

bool isBidiControl(char16_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
}

bool isEscapedByte(const QString &text, qsizetype i)
{
    const char16_t c = text.at(i).unicode();
    return c >= 0xDC80 && c <= 0xDCFF && !(i > 0 && text.at(i - 1).isHighSurrogate());
}

bool needsShowing(const QString &text, qsizetype i, bool multiline)
{
    const char16_t c = text.at(i).unicode();
    if (c < 0x20 || c == 0x7F)
        return !(multiline && (c == u'\n' || c == u'\t' || (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')));
    return isBidiControl(c) || isEscapedByte(text, i);
}

} // namespace

QString visible(const QString &text, bool multiline)
{
    qsizetype first = 0;
    while (first < text.size() && !needsShowing(text, first, multiline))
        ++first;
    if (first == text.size())
        return text;
    QString out = text.left(first);
    for (qsizetype i = first; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (!needsShowing(text, i, multiline))
            out += text.at(i);
        else if (c < 0x20)
            out += QChar(char16_t(0x2400 + c)); // Control Pictures: ␀ … ␟
        else if (c == 0x7F)
            out += QChar(char16_t(0x2421));
        else if (isBidiControl(c))
            out += QStringLiteral("⟨U+%1⟩").arg(QString::number(uint(c), 16).toUpper().rightJustified(4, QLatin1Char('0')));
        else
            out += QStringLiteral("\\x%1").arg(uint(c - 0xDC00), 2, 16, QLatin1Char('0'));
    }
    return out;
}

} // namespace format
