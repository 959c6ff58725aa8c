// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli_output.h"

#include "cli/cli_options.h"
#include "monitor/session.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace cli {

void print(std::FILE *f, const QString &text)
{
    std::fputs(text.toUtf8().constData(), f);
    std::fflush(f);
}

void jsonLine(std::FILE *f, const QJsonObject &o)
{
    print(f, QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
}

void table(std::FILE *f, const QStringList &header, const std::vector<QStringList> &rows)
{
    std::vector<int> widths(size_t(header.size()), 0);
    for (int c = 0; c < header.size(); ++c)
        widths[size_t(c)] = int(header[c].size());
    for (const QStringList &row : rows) {
        for (int c = 0; c < row.size() && c < header.size(); ++c)
            widths[size_t(c)] = std::max(widths[size_t(c)], int(row[c].size()));
    }
    const auto line = [&](const QStringList &cells) {
        QString text;
        for (int c = 0; c < cells.size(); ++c)
            text += c + 1 < cells.size() ? cells[c].leftJustified(widths[size_t(c)] + 2) : cells[c];
        print(f, text.trimmed() + QLatin1Char('\n'));
    };
    line(header);
    for (const QStringList &row : rows)
        line(row);
}

QString visibleLine(const QString &query)
{
    QString line = query.simplified();
    for (QChar &c : line) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0) || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069))
            c = QChar(0xfffd);
    }
    return line.size() > 100 ? line.left(99) + QChar(0x2026) : line;
}

QString clientOf(const Session &s)
{
    if (s.clientPort == -1)
        return QStringLiteral("local");
    const QString host = s.clientHostname.isEmpty() ? s.clientAddress : s.clientHostname;
    return host.isEmpty() ? QString() : QStringLiteral("%1:%2").arg(host).arg(s.clientPort);
}

QString micros(qint64 us)
{
    return us == kNoTime ? QString() : QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

namespace {

QStringList sessionRow(const Session &s)
{
    const QString wait = s.waitEventType.isEmpty() ? QString() : s.waitEventType + QLatin1Char(':') + s.waitEvent;
    QStringList blockers;
    for (int pid : s.blockedBy)
        blockers << QString::number(pid);
    return {QString::number(s.key.pid), s.database, s.user, s.application, clientOf(s), s.state, wait, blockers.join(QLatin1Char(',')),
            visibleLine(s.query)};
}

const QStringList kSessionHeader{QStringLiteral("PID"),   QStringLiteral("DATABASE"), QStringLiteral("USER"),
                                 QStringLiteral("APPLICATION"), QStringLiteral("CLIENT"), QStringLiteral("STATE"),
                                 QStringLiteral("WAIT"),  QStringLiteral("BLOCKED BY"), QStringLiteral("QUERY")};

} // namespace

QJsonObject sessionJson(const Session &s)
{
    QJsonArray blockedBy;
    for (int pid : s.blockedBy)
        blockedBy.append(pid);
    return {{QStringLiteral("pid"), s.key.pid},
            {QStringLiteral("backend_start"), micros(s.key.backendStart)},
            {QStringLiteral("database"), s.database},
            {QStringLiteral("user"), s.user},
            {QStringLiteral("application"), s.application},
            {QStringLiteral("client"), clientOf(s)},
            {QStringLiteral("backend_type"), s.backendType},
            {QStringLiteral("state"), s.state},
            {QStringLiteral("wait_event_type"), s.waitEventType},
            {QStringLiteral("wait_event"), s.waitEvent},
            {QStringLiteral("xact_start"), micros(s.xactStart)},
            {QStringLiteral("query_start"), micros(s.queryStart)},
            {QStringLiteral("state_change"), micros(s.stateChange)},
            {QStringLiteral("blocked_by"), blockedBy},
            {QStringLiteral("query"), s.query}};
}

void printSessions(const Io &io, const Options &o, const std::vector<Session> &sessions)
{
    if (o.json) {
        for (const Session &s : sessions)
            jsonLine(io.out, sessionJson(s));
        return;
    }
    std::vector<QStringList> rows;
    for (const Session &s : sessions)
        rows.push_back(sessionRow(s));
    table(io.out, kSessionHeader, rows);
}

} // namespace cli
