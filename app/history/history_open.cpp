// SPDX-License-Identifier: GPL-3.0-or-later
// The history writer's file: opened, checked, moved aside and begun anew when the file
// itself is unusable, its schema made. (The writing is history_store.cpp's.)
#include "history/history_file.h"
#include "history/history_store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace history_file {
namespace {

const char *const kSchema[] = {
    "CREATE TABLE IF NOT EXISTS servers (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS texts (id INTEGER PRIMARY KEY, hash INTEGER NOT NULL, text TEXT NOT NULL, used_ms INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS texts_hash ON texts (hash)",
    "CREATE TABLE IF NOT EXISTS sessions (id INTEGER PRIMARY KEY, server INTEGER NOT NULL, pid INTEGER NOT NULL,"
    " backend_start INTEGER NOT NULL, user INTEGER, application INTEGER, database INTEGER, client INTEGER, backend_type INTEGER,"
    " first_ms INTEGER NOT NULL, ended_ms INTEGER)",
    "CREATE UNIQUE INDEX IF NOT EXISTS sessions_key ON sessions (server, pid, backend_start)",
    "CREATE TABLE IF NOT EXISTS samples (id INTEGER PRIMARY KEY, server INTEGER NOT NULL, t INTEGER NOT NULL, server_time INTEGER,"
    " data BLOB NOT NULL, load BLOB)",
    "CREATE INDEX IF NOT EXISTS samples_time ON samples (server, t)",
    "CREATE INDEX IF NOT EXISTS samples_age ON samples (t)",
    "CREATE INDEX IF NOT EXISTS texts_age ON texts (used_ms)",
    "CREATE INDEX IF NOT EXISTS sessions_end ON sessions (ended_ms)",
};

/// Moves the file (with its WAL) aside because of @p why and opens a new one; false,
/// having said why, when that fails.
bool moveAside(const QString &path, const QString &why, OpenedFile &out, const std::function<void(const QString &)> &notice)
{
    out.db.reset();
    const QString aside = path + QStringLiteral(".unusable-") + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
    // The file with its WAL: what it held stays together, to be looked at.
    bool moved = QFile::rename(path, aside);
    for (const char *suffix : {"-wal", "-shm"}) {
        const QString part = path + QLatin1String(suffix);
        if (QFile::exists(part))
            moved = QFile::rename(part, aside + QLatin1String(suffix)) && moved;
    }
    if (!moved) {
        notice(QCoreApplication::translate("HistoryStore", "History cannot be kept: the history file %1 could not be used (%2) and "
                                                           "could not be moved aside.")
                   .arg(path, why));
        return false;
    }
    notice(QCoreApplication::translate("HistoryStore", "The history file %1 could not be used: %2. It was moved to %3 and a new "
                                                       "one started.")
               .arg(path, why, aside));
    out.db = std::make_unique<Db>(path, false);
    if (!out.db->ok()) {
        notice(QCoreApplication::translate("HistoryStore", "History cannot be kept in %1: %2").arg(path, out.db->error()));
        out.db.reset();
        return false;
    }
    return true;
}

} // namespace

OpenedFile openForWriting(const QString &path, const std::function<void(const QString &)> &notice)
{
    OpenedFile out;
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        notice(QCoreApplication::translate("HistoryStore", "History is not kept: Qt's SQLite driver is not installed (Debian: libqt6sql6-sqlite)."));
        return out;
    }
    const QString dir = QFileInfo(path).absolutePath();
    QDir().mkpath(dir);
    out.db = std::make_unique<Db>(path, false);
    QString why;
    if (!out.db->ok()) {
        // Not the file's fault (a folder that cannot be written): left where it is.
        notice(QCoreApplication::translate("HistoryStore", "History cannot be kept in %1: %2").arg(path, out.db->error()));
        out.db.reset();
        return out;
    }
    {
        // Moved aside only when the file itself is at fault: not a database (26),
        // corrupt (11), failing its check, or of another version. Busy, locked, I/O
        // or read-only: left alone, and said.
        QSqlQuery q(out.db->get());
        const auto fileFault = [](const QSqlQuery &query) {
            const QString code = query.lastError().nativeErrorCode();
            return code == QLatin1String("26") || code == QLatin1String("11");
        };
        QString notKept;
        if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
            if (fileFault(q))
                why = QCoreApplication::translate("HistoryStore", "it is not a history file (%1)").arg(sqlError(q));
            else
                notKept = sqlError(q);
        } else if (const int version = q.value(0).toInt(); version == 1) {
            // Version 1 had no load per sample: its samples stay, as gaps in the chart.
            // Until the column is there the file stays version 1 (tried again next time).
            if (!q.exec(QStringLiteral("ALTER TABLE samples ADD COLUMN load BLOB"))
                && !q.lastError().text().contains(QLatin1String("duplicate column"))) {
                if (fileFault(q))
                    why = QCoreApplication::translate("HistoryStore", "it is damaged (%1)").arg(sqlError(q));
                else
                    notKept = sqlError(q);
            }
        } else if (version != 0 && version != HistoryStore::kSchemaVersion) {
            why = version > HistoryStore::kSchemaVersion
                      ? QCoreApplication::translate("HistoryStore", "it was written by a newer pgsessions (version %1)").arg(version)
                      : QCoreApplication::translate("HistoryStore", "it was written by an older pgsessions (version %1)").arg(version);
        } else if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next()) {
            if (fileFault(q))
                why = QCoreApplication::translate("HistoryStore", "it is damaged (%1)").arg(sqlError(q));
            else
                notKept = sqlError(q);
        } else if (q.value(0).toString() != QLatin1String("ok")) {
            why = QCoreApplication::translate("HistoryStore", "it is damaged (%1)").arg(q.value(0).toString());
        }
        if (!notKept.isEmpty()) {
            q = QSqlQuery();
            out.db.reset();
            notice(QCoreApplication::translate("HistoryStore", "History cannot be kept in %1: %2").arg(path, notKept));
            return out;
        }
    }
    if (!why.isEmpty() && !moveAside(path, why, out, notice))
        return out;
    QString failed;
    {
        QSqlQuery q(out.db->get());
        q.exec(QStringLiteral("PRAGMA busy_timeout = 5000")); // another pgsessions on the same file waits its turn
        q.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        q.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
        const auto createSchema = [&] {
            for (const char *sql : kSchema) {
                if (!q.exec(QString::fromLatin1(sql)))
                    return false;
            }
            return true;
        };
        if (!createSchema()) {
            failed = sqlError(q);
            // 1, an SQL error: its tables are not the ones this version makes (a column
            // missing). The file goes aside like a damaged one, and a new one is begun.
            if (q.lastError().nativeErrorCode() == QLatin1String("1")) {
                q = QSqlQuery();
                if (!moveAside(path, QCoreApplication::translate("HistoryStore", "its tables are not those of this version (%1)").arg(failed), out, notice))
                    return out;
                q = QSqlQuery(out.db->get());
                q.exec(QStringLiteral("PRAGMA busy_timeout = 5000"));
                q.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
                q.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
                failed = createSchema() ? QString() : sqlError(q);
            }
        }
        if (failed.isEmpty())
            q.exec(QStringLiteral("PRAGMA user_version = %1").arg(HistoryStore::kSchemaVersion));
        // Sessions an earlier run saw and did not see end: many, when many runs quit with
        // sessions open (the rows read one by one, not all kept by the query as well).
        q.setForwardOnly(true);
        if (failed.isEmpty() && q.exec(QStringLiteral("SELECT id, server, pid, backend_start FROM sessions WHERE ended_ms IS NULL"))) {
            while (q.next())
                out.openSessions.push_back({{q.value(1).toInt(), q.value(2).toInt(), q.value(3).toLongLong()}, q.value(0).toLongLong()});
        }
    }
    if (!failed.isEmpty()) {
        notice(QCoreApplication::translate("HistoryStore", "History cannot be kept in %1: %2").arg(path, failed));
        out.db.reset();
    }
    return out;
}

} // namespace history_file
