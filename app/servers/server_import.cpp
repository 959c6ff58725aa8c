// SPDX-License-Identifier: GPL-3.0-or-later
#include "servers/server_import.h"

#include "pg/sql_text.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QStringDecoder>

#include <algorithm>

namespace server_import {

QStringList serviceFiles()
{
    // As libpq looks: PGSERVICEFILE set, even to nothing or to a file that is not there, is
    // what it reads first, and its failing to open fails every service; ~/.pg_service.conf
    // and the system's file only when they are there.
    QStringList files;
    if (qEnvironmentVariableIsSet("PGSERVICEFILE"))
        files << qEnvironmentVariable("PGSERVICEFILE");
    else if (const QString home = QDir::homePath() + QStringLiteral("/.pg_service.conf"); QFileInfo::exists(home))
        files << home;
    // libpq's own when PGSYSCONFDIR is not set: Debian builds it with this one.
    const QString system = (qEnvironmentVariableIsSet("PGSYSCONFDIR") ? qEnvironmentVariable("PGSYSCONFDIR") : QStringLiteral("/etc/postgresql-common"))
                           + QStringLiteral("/pg_service.conf");
    if (QFileInfo::exists(system))
        files << system;
    return files;
}

std::vector<Service> services(const QStringList &files, QStringList *notes)
{
    std::vector<Service> out;
    QSet<QString> seen;
    for (qsizetype f = 0; f < files.size(); ++f) {
        const QString &path = files[f];
        QFile file(path);
        if (path.isEmpty() || !file.open(QIODevice::ReadOnly)) {
            // libpq gives up at a service file it cannot open: a service of a later file
            // would not connect.
            if (notes && path.isEmpty()) {
                *notes << QCoreApplication::translate("ServerImport",
                                                      "PGSERVICEFILE is set to nothing, so libpq finds no service at all (it says: "
                                                      "service file \"\" not found).");
            } else if (notes) {
                const QStringList later = files.mid(f + 1);
                *notes << (later.isEmpty()
                               ? QCoreApplication::translate("ServerImport", "%1 could not be read (%2).").arg(path, file.errorString())
                               : QCoreApplication::translate("ServerImport",
                                                             "%1 could not be read (%2). libpq stops at a service file it cannot read, "
                                                             "so the services of %3 are not listed: none of them would connect.")
                                     .arg(path, file.errorString(), later.join(QStringLiteral(", "))));
            }
            break;
        }
        const QByteArray text = file.readAll();
        if (notes && text.startsWith("\xEF\xBB\xBF") && text.mid(3, text.indexOf('\n') - 3).trimmed().startsWith('['))
            *notes << QCoreApplication::translate("ServerImport",
                                                  "%1 begins with a byte-order mark, which libpq reads as part of its first line: the "
                                                  "service there is not listed, as libpq does not see it. Save the file as UTF-8 without "
                                                  "a BOM.")
                          .arg(path);
        for (const QByteArray &raw : text.split('\n')) {
            // As libpq reads a section: what is between '[' and the first ']', spaces and
            // all (" billing " is not "billing"); anything after the ']' is ignored. Bytes,
            // not decoded: a byte-order mark is no blank to libpq, nor to trimmed().
            const QByteArray line = raw.trimmed();
            const qsizetype close = line.indexOf(']');
            if (!line.startsWith('[') || close < 0)
                continue;
            const QByteArray bytes = line.mid(1, close - 1);
            if (bytes.isEmpty())
                continue;
            // libpq compares bytes; a profile holds text, given to libpq as UTF-8.
            // A byte-order mark at a name's start is part of the name to libpq, but text
            // drops it on its way back to UTF-8: such a name cannot be given either.
            QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
            const QString name = utf8.decode(bytes);
            if (utf8.hasError() || name.startsWith(QChar(0xFEFF))) {
                if (notes)
                    *notes << QCoreApplication::translate("ServerImport",
                                                          "%1: the service [%2] is not listed: a profile cannot name it, as its name "
                                                          "is not UTF-8 or begins with a byte-order mark.")
                                  .arg(path, QString::fromLatin1(bytes));
                continue;
            }
            if (!seen.contains(name)) {
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
    // " billing " is another service than "billing": the tree shows its blanks.
    p.name = name.trimmed() == name ? name : QStringLiteral("\u201c%1\u201d").arg(name);
    p.useConnectionString = true;
    // Quoted only when it must be: a name may hold spaces or quotes.
    const bool plain = std::none_of(name.begin(), name.end(), [](QChar c) { return c.isSpace() || c == QLatin1Char('\'') || c == QLatin1Char('\\'); });
    p.connectionString = QStringLiteral("service=") + (plain ? name : sql_text::quoteConninfoValue(name));
    return p;
}

namespace {

// A blank as libpq's isspace() sees one (a no-break space is not).
bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || (c >= QLatin1Char('\t') && c <= QLatin1Char('\r'));
}

bool isUri(const QString &text)
{
    return text.startsWith(QLatin1String("postgresql://")) || text.startsWith(QLatin1String("postgres://"));
}

// A pasted line without its comment: from a '#' after a blank, outside a quoted value.
// libpq's keyword=value reading: a value in quotes ('...'), and a backslash taking the
// character after it as it is, in quotes or not. A URI has neither.
QString withoutComment(const QString &line)
{
    const bool uri = isUri(line);
    bool quoted = false;
    bool valueNext = false; // after '=': a quote here opens a quoted value
    bool blankBefore = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        const bool blank = isBlank(c);
        if (!uri && c == QLatin1Char('\\')) {
            ++i; // what it escapes, blank or not, is part of a value
            valueNext = false;
        } else if (quoted) {
            quoted = c != QLatin1Char('\'');
        } else if (c == QLatin1Char('#') && blankBefore && !valueNext) { // "dbname= #x": libpq's value "#x"
            return line.left(i).trimmed();
        } else if (!uri && c == QLatin1Char('=')) {
            valueNext = true;
        } else if (!blank) {
            quoted = valueNext && c == QLatin1Char('\'');
            valueNext = false;
        }
        blankBefore = blank && !quoted;
    }
    return line;
}

} // namespace

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
        p.connectionString = withoutComment(trimmed);
        const Expected<ConnectionSpec> spec = p.spec();
        if (spec.ok() && isUri(p.connectionString)
            && std::any_of(p.connectionString.cbegin(), p.connectionString.cend(), [](QChar c) { return c.isSpace(); })) {
            // libpq takes it into the host, database or value it falls in; a space in a URI
            // is written %20. Most often it is a note after the address, or a column of a
            // table the list was copied from.
            line.error = QCoreApplication::translate("ServerImport",
                                                     "a URI holds no blank (write a space as %20); to leave a note after it, start "
                                                     "the note with #");
        } else if (spec.ok()) {
            line.key = p.reachKey();
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
