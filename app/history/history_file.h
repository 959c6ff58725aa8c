// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the history file's writer (history_store.cpp, history_open.cpp) and readers
// (history_reader.cpp) share: a connection of their own, a sample's row of a session and
// its encoding, SQLite's message.
// Internal to app/history.

#include "monitor/session.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QUuid>
#include <QtEndian>
#include <QVector>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace history_file {

inline QString sqlError(const QSqlQuery &q)
{
    return q.lastError().text();
}

/// One session in a sample: ids into the file's sessions and texts tables.
struct Row {
    qint64 session = 0;
    qint32 state = 0, waitType = 0, waitEvent = 0;
    qint64 query = 0;
    qint64 xactStart = kNoTime, queryStart = kNoTime, stateChange = kNoTime;
    QVector<qint32> blockedBy;
};

/// Sessions counted by database: the database's text id, how many.
using Counts = std::vector<std::pair<qint64, qint32>>;

/// A sample's data before compression: its rows, then the idle sessions and the hidden
/// ones counted by database. The bytes QDataStream (Qt_6_0) writes for the same values,
/// which is how they are read; written here directly, where a QDataStream's device
/// call for each number was a tenth of the writer's CPU.
inline QByteArray encodeSample(const std::vector<Row> &rows, const Counts &idle, const Counts &hidden)
{
    qsizetype size = 4 + 4 + 4 + 12 * qsizetype(idle.size() + hidden.size());
    for (const Row &r : rows)
        size += 56 + 4 * r.blockedBy.size();
    QByteArray data(size, Qt::Uninitialized);
    char *at = data.data();
    const auto put = [&at](auto value) {
        qToBigEndian(value, at);
        at += sizeof value;
    };
    put(quint32(rows.size()));
    for (const Row &r : rows) {
        put(r.session);
        put(r.state);
        put(r.waitType);
        put(r.waitEvent);
        put(r.query);
        put(r.xactStart);
        put(r.queryStart);
        put(r.stateChange);
        put(quint32(r.blockedBy.size()));
        for (const qint32 pid : r.blockedBy)
            put(pid);
    }
    for (const Counts *counts : {&idle, &hidden}) {
        put(quint32(counts->size()));
        for (const auto &[database, sessions] : *counts) {
            put(database);
            put(sessions);
        }
    }
    return data;
}

/// A connection of its own, closed and removed when this goes.
class Db
{
public:
    explicit Db(const QString &path, bool readOnly)
        : m_name(QStringLiteral("pgsessions-history-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(readOnly ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000") : QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        m_ok = db.open();
        m_error = db.lastError().text();
    }
    ~Db()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Db(const Db &) = delete;
    Db &operator=(const Db &) = delete;
    QSqlDatabase get() const { return QSqlDatabase::database(m_name, false); }
    bool ok() const { return m_ok; }
    QString error() const { return m_error; }

private:
    QString m_name;
    bool m_ok = false;
    QString m_error;
};

/// The writer's history file, opened (history_open.cpp): checked; moved aside, and begun
/// anew, when the file itself is unusable (not a database, damaged, of another version,
/// tables of another kind); its schema made.
struct OpenedFile {
    std::unique_ptr<Db> db; ///< null: history is not kept (a notice said why)
    /// The sessions an earlier run saw and did not see end (server id, pid, backend
    /// start), with their ids.
    std::vector<std::pair<SessionKey, qint64>> openSessions;
};
/// @p notice is told, as it happens, what the user should know (a file moved aside, why
/// history is not kept).
OpenedFile openForWriting(const QString &path, const std::function<void(const QString &)> &notice);

} // namespace history_file
