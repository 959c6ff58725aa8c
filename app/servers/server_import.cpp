// SPDX-License-Identifier: GPL-3.0-or-later
#include "servers/server_import.h"

#include "pg/sql_text.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTextStream>

#include <algorithm>

namespace server_import {

QStringList serviceFiles()
{
    // As libpq looks: a variable set, even to nothing, is what it reads (an empty
    // PGSERVICEFILE names no file, and ~/.pg_service.conf is not read then).
    QStringList candidates;
    candidates << (qEnvironmentVariableIsSet("PGSERVICEFILE") ? qEnvironmentVariable("PGSERVICEFILE")
                                                              : QDir::homePath() + QStringLiteral("/.pg_service.conf"));
    // libpq's own when PGSYSCONFDIR is not set: Debian builds it with this one.
    candidates << (qEnvironmentVariableIsSet("PGSYSCONFDIR") ? qEnvironmentVariable("PGSYSCONFDIR") : QStringLiteral("/etc/postgresql-common"))
                      + QStringLiteral("/pg_service.conf");
    QStringList files;
    for (const QString &f : std::as_const(candidates)) {
        if (QFileInfo(f).isFile())
            files << f;
    }
    return files;
}

std::vector<Service> services(const QStringList &files, QStringList *unreadable)
{
    std::vector<Service> out;
    QSet<QString> seen;
    for (const QString &path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
            if (unreadable)
                *unreadable << QStringLiteral("%1 (%2)").arg(path, file.errorString());
            continue;
        }
        QTextStream in(&file);
        while (!in.atEnd()) {
            // As libpq reads a section: what is between '[' and the first ']', spaces and
            // all (" billing " is not "billing"); anything after the ']' is ignored.
            const QString line = in.readLine().trimmed();
            const qsizetype close = line.indexOf(QLatin1Char(']'));
            if (!line.startsWith(QLatin1Char('[')) || close < 0)
                continue;
            const QString name = line.mid(1, close - 1);
            if (!name.isEmpty() && !seen.contains(name)) {
                seen.insert(name);
                out.push_back({name, path});
            }
        }
    }
    return out;
}

ServerProfile profileOfService(const QString &name)
{
    ServerProfile p = ServerProfile::create();
    p.name = name;
    p.useConnectionString = true;
    // Quoted only when it must be: a name may hold spaces or quotes.
    const bool plain = std::none_of(name.begin(), name.end(), [](QChar c) { return c.isSpace() || c == QLatin1Char('\'') || c == QLatin1Char('\\'); });
    p.connectionString = QStringLiteral("service=") + (plain ? name : sql_text::quoteConninfoValue(name));
    return p;
}

std::vector<Line> parseLines(const QString &text, QHash<QString, Line> *earlier)
{
    std::vector<Line> out;
    QHash<QString, Line> now;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString trimmed = lines[i].trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;
        if (earlier) {
            if (const auto known = earlier->constFind(trimmed); known != earlier->cend()) {
                Line line = *known;
                line.number = i + 1;
                now.insert(trimmed, line);
                out.push_back(std::move(line));
                continue;
            }
        }
        Line line;
        line.number = i + 1;
        line.text = trimmed;
        ServerProfile p = ServerProfile::create();
        p.useConnectionString = true;
        p.connectionString = trimmed;
        const Expected<ConnectionSpec> spec = p.spec();
        if (spec.ok()) {
            line.connectionKey = p.connectionKey();
            line.name = p.displayName();
            line.profile = std::move(p);
        } else
            line.error = spec.error().message();
        if (earlier)
            now.insert(trimmed, line);
        out.push_back(std::move(line));
    }
    if (earlier)
        *earlier = std::move(now);
    return out;
}

} // namespace server_import
