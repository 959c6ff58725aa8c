// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the history file's writer (history_store.cpp) and readers (history_reader.cpp)
// share: a connection of their own, a sample's row of a session, SQLite's message.
// Internal to app/history.

#include "monitor/session.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QUuid>
#include <QVector>

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

} // namespace history_file
