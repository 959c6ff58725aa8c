// SPDX-License-Identifier: GPL-3.0-or-later
// Reading the history file back: a moment (rewind), the load (the timeline), an export.
// Each call opens a connection of its own, in the calling thread (never the GUI's).
#include "base/csv.h"
#include "history/history_file.h"
#include "history/history_load.h"
#include "history/history_store.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QDateTime>
#include <QHash>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QVariant>

#include <functional>

using namespace history_file;

namespace history {

namespace {

/// The id of server @p key in @p file (0: never recorded), or why the file cannot be read.
Expected<qint64> serverOf(const Db &file, const QString &key)
{
    if (!file.ok())
        return Error(file.error());
    QSqlQuery q(file.get());
    q.prepare(QStringLiteral("SELECT id FROM servers WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec())
        return Error(sqlError(q));
    return q.next() ? q.value(0).toLongLong() : qint64(0);
}

/// The file's texts by id (0: none), each looked up once.
class TextCache
{
public:
    explicit TextCache(const QSqlDatabase &db)
        : m_query(db)
    {
        m_query.prepare(QStringLiteral("SELECT text FROM texts WHERE id = ?"));
    }
    QString operator()(qint64 id)
    {
        if (!id)
            return {};
        if (const auto it = m_texts.constFind(id); it != m_texts.cend())
            return *it;
        m_query.addBindValue(id);
        return m_texts[id] = m_query.exec() && m_query.next() ? m_query.value(0).toString() : QString();
    }

private:
    QSqlQuery m_query;
    QHash<qint64, QString> m_texts;
};

} // namespace

Expected<std::vector<qint64>> sampleTimes(const QString &path, const QString &serverKey, qint64 fromMs, qint64 toMs)
{
    Db db(path, true);
    const Expected<qint64> server = serverOf(db, serverKey);
    if (!server.ok())
        return server.error();
    std::vector<qint64> out;
    QSqlQuery q(db.get());
    q.prepare(QStringLiteral("SELECT t FROM samples WHERE server = ? AND t BETWEEN ? AND ? ORDER BY t"));
    q.addBindValue(*server);
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    if (!q.exec())
        return Error(sqlError(q));
    while (q.next())
        out.push_back(q.value(0).toLongLong());
    return out;
}

Expected<std::vector<LoadPoint>> loadSeries(const QString &path, const QString &serverKey, const QString &database, qint64 fromMs, qint64 toMs)
{
    Db db(path, true);
    const Expected<qint64> server = serverOf(db, serverKey);
    if (!server.ok())
        return server.error();
    std::vector<LoadPoint> out;
    QSqlQuery q(db.get());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT t, load FROM samples WHERE server = ? AND t BETWEEN ? AND ? AND load IS NOT NULL ORDER BY t"));
    q.addBindValue(*server);
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    if (!q.exec())
        return Error(sqlError(q));
    TextCache textOf(db.get());
    LoadByDatabase load;
    while (q.next()) {
        load.clear();
        if (!decodeLoad(q.value(1).toByteArray(), load, std::ref(textOf)))
            continue; // a damaged sample: a gap
        out.push_back({q.value(0).toLongLong(), bandsOf(load, database)});
    }
    return out;
}

namespace {

/// Decodes one sample (its time, its data) of @p db; @p text gives the texts it names.
Expected<HistorySample> decodeSample(const QSqlDatabase &db, qint64 atMs, const QByteArray &compressed, TextCache &text,
                                     const QString &what)
{
    HistorySample sample;
    sample.atMs = atMs;
    const QByteArray data = qUncompress(compressed);
    QDataStream in(data);
    in.setVersion(QDataStream::Qt_6_0);
    // Counts read from the data are bounded by the data's size: a damaged sample is an
    // error, never a huge allocation.
    const auto bounded = [&](quint32 n, int perItem) { return n <= quint32(data.size() / perItem) ? n : 0xffffffffu; };
    quint32 count = 0;
    in >> count;
    const Error unreadable(QCoreApplication::translate("HistoryStore", "A sample of %1 cannot be read.").arg(what));
    if (bounded(count, 56) == 0xffffffffu)
        return unreadable;
    std::vector<Row> rows(count);
    for (Row &r : rows) {
        in >> r.session >> r.state >> r.waitType >> r.waitEvent >> r.query >> r.xactStart >> r.queryStart >> r.stateChange;
        quint32 blockers = 0;
        in >> blockers;
        if (in.status() != QDataStream::Ok || bounded(blockers, 4) == 0xffffffffu)
            return unreadable;
        for (quint32 b = 0; b < blockers; ++b) {
            qint32 pid = 0;
            in >> pid;
            r.blockedBy << pid;
        }
    }
    std::vector<std::pair<qint64, qint32>> counted[2];
    for (auto &list : counted) {
        quint32 n = 0;
        in >> n;
        if (in.status() != QDataStream::Ok || bounded(n, 12) == 0xffffffffu)
            return unreadable;
        list.resize(n);
        for (auto &[database, sessions] : list)
            in >> database >> sessions;
    }
    if (in.status() != QDataStream::Ok)
        return unreadable;

    // The sessions the sample refers to.
    QSqlQuery s(db);
    s.prepare(QStringLiteral("SELECT pid, backend_start, user, application, database, client, backend_type, ended_ms FROM sessions WHERE id = ?"));
    for (const Row &r : rows) {
        s.addBindValue(r.session);
        if (!s.exec() || !s.next())
            continue; // pruned meanwhile
        Session session;
        session.key.pid = s.value(0).toInt();
        session.key.backendStart = s.value(1).toLongLong();
        session.user = text(s.value(2).toLongLong());
        session.application = text(s.value(3).toLongLong());
        session.database = text(s.value(4).toLongLong());
        const QString client = text(s.value(5).toLongLong());
        session.clientAddress = client.section(QLatin1Char(':'), 0, -2);
        session.clientPort = client.isEmpty() ? -1 : client.section(QLatin1Char(':'), -1).toInt();
        session.backendType = text(s.value(6).toLongLong());
        session.state = text(r.state);
        session.waitEventType = text(r.waitType);
        session.waitEvent = text(r.waitEvent);
        session.query = text(r.query);
        session.xactStart = r.xactStart;
        session.queryStart = r.queryStart;
        session.stateChange = r.stateChange;
        for (qint32 pid : r.blockedBy)
            session.blockedBy << pid;
        if (!s.value(7).isNull() && s.value(7).toLongLong() > sample.atMs)
            sample.endedSince.push_back(session.key);
        sample.sessions.push_back(std::move(session));
    }
    for (const auto &[database, n] : counted[0])
        sample.idlePerDatabase.emplace_back(text(database), n);
    for (const auto &[database, n] : counted[1])
        sample.hiddenPerDatabase.emplace_back(text(database), n);
    return sample;
}

QString isoTime(qint64 micros)
{
    return micros == kNoTime ? QString() : QDateTime::fromMSecsSinceEpoch(micros / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

Expected<std::optional<HistorySample>> sampleAt(const QString &path, const QString &serverKey, qint64 atMs, qint64 toleranceMs)
{
    Db db(path, true);
    const Expected<qint64> server = serverOf(db, serverKey);
    if (!server.ok())
        return server.error();
    QSqlQuery q(db.get());
    q.prepare(QStringLiteral("SELECT t, data FROM samples WHERE server = ? AND t <= ? ORDER BY t DESC LIMIT 1"));
    q.addBindValue(*server);
    q.addBindValue(atMs);
    if (!q.exec())
        return Error(sqlError(q));
    if (!q.next() || q.value(0).toLongLong() < atMs - toleranceMs)
        return std::optional<HistorySample>();
    TextCache texts(db.get());
    Expected<HistorySample> sample = decodeSample(db.get(), q.value(0).toLongLong(), q.value(1).toByteArray(), texts,
                                                  QStringLiteral("%1 in %2").arg(serverKey, path));
    if (!sample.ok())
        return sample.error();
    return std::optional<HistorySample>(std::move(*sample));
}

Expected<int> exportRange(const QString &path, const QString &serverKey, const QString &database, qint64 fromMs, qint64 toMs, bool jsonLines,
                          QIODevice &out, const std::function<bool(int done, int total)> &progress)
{
    Db db(path, true);
    const Expected<qint64> server = serverOf(db, serverKey);
    if (!server.ok())
        return server.error();
    QSqlQuery count(db.get());
    count.prepare(QStringLiteral("SELECT count(*) FROM samples WHERE server = ? AND t BETWEEN ? AND ?"));
    count.addBindValue(*server);
    count.addBindValue(fromMs);
    count.addBindValue(toMs);
    if (!count.exec() || !count.next())
        return Error(sqlError(count));
    const int total = count.value(0).toInt();
    QSqlQuery q(db.get());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT t, data FROM samples WHERE server = ? AND t BETWEEN ? AND ? ORDER BY t"));
    q.addBindValue(*server);
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    if (!q.exec())
        return Error(sqlError(q));
    const QStringList columns = {QStringLiteral("time"),         QStringLiteral("pid"),           QStringLiteral("backend_start"),
                                 QStringLiteral("database"),     QStringLiteral("user"),          QStringLiteral("application"),
                                 QStringLiteral("client"),       QStringLiteral("backend_type"),  QStringLiteral("state"),
                                 QStringLiteral("wait_event_type"), QStringLiteral("wait_event"), QStringLiteral("xact_start"),
                                 QStringLiteral("query_start"),  QStringLiteral("state_change"),  QStringLiteral("blocked_by"),
                                 QStringLiteral("ended_since"),  QStringLiteral("query")};
    const auto write = [&](const QString &line) { return out.write(line.toUtf8()) >= 0; };
    if (!jsonLines && !write(csv::line(columns) + QLatin1Char('\n')))
        return Error(out.errorString());
    TextCache texts(db.get());
    int done = 0, rows = 0;
    while (q.next()) {
        const Expected<HistorySample> sample =
            decodeSample(db.get(), q.value(0).toLongLong(), q.value(1).toByteArray(), texts, QStringLiteral("%1 in %2").arg(serverKey, path));
        ++done;
        if (sample.ok()) {
            QSet<QPair<int, qint64>> ended;
            for (const SessionKey &k : sample->endedSince)
                ended.insert({k.pid, k.backendStart});
            const QString at = QDateTime::fromMSecsSinceEpoch(sample->atMs, Qt::UTC).toString(Qt::ISODateWithMs);
            for (const Session &s : sample->sessions) {
                if (!database.isEmpty() && s.database != database)
                    continue;
                QStringList blockers;
                for (int pid : s.blockedBy)
                    blockers << QString::number(pid);
                const QString client = s.clientAddress.isEmpty() ? QString() : QStringLiteral("%1:%2").arg(s.clientAddress).arg(s.clientPort);
                const bool endedSince = ended.contains({s.key.pid, s.key.backendStart});
                QString line;
                if (jsonLines) {
                    QJsonArray blockedBy;
                    for (int pid : s.blockedBy)
                        blockedBy.append(pid);
                    const auto orNull = [](const QString &v) { return v.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(v); };
                    const QJsonObject o{{QStringLiteral("time"), at},
                                        {QStringLiteral("pid"), s.key.pid},
                                        {QStringLiteral("backend_start"), orNull(isoTime(s.key.backendStart))},
                                        {QStringLiteral("database"), s.database},
                                        {QStringLiteral("user"), s.user},
                                        {QStringLiteral("application"), s.application},
                                        {QStringLiteral("client"), orNull(client)},
                                        {QStringLiteral("backend_type"), s.backendType},
                                        {QStringLiteral("state"), s.state},
                                        {QStringLiteral("wait_event_type"), orNull(s.waitEventType)},
                                        {QStringLiteral("wait_event"), orNull(s.waitEvent)},
                                        {QStringLiteral("xact_start"), orNull(isoTime(s.xactStart))},
                                        {QStringLiteral("query_start"), orNull(isoTime(s.queryStart))},
                                        {QStringLiteral("state_change"), orNull(isoTime(s.stateChange))},
                                        {QStringLiteral("blocked_by"), blockedBy},
                                        {QStringLiteral("ended_since"), endedSince},
                                        {QStringLiteral("query"), s.query}};
                    line = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) + QLatin1Char('\n');
                } else {
                    const QStringList fields = {at, QString::number(s.key.pid), isoTime(s.key.backendStart), s.database, s.user, s.application,
                                                client, s.backendType, s.state, s.waitEventType, s.waitEvent, isoTime(s.xactStart),
                                                isoTime(s.queryStart), isoTime(s.stateChange), blockers.join(QLatin1Char(' ')),
                                                endedSince ? QStringLiteral("true") : QStringLiteral("false"), s.query};
                    line = csv::line(fields) + QLatin1Char('\n'); // as the table's export writes it
                }
                if (!write(line))
                    return Error(out.errorString());
                ++rows;
            }
        }
        if (progress && (done % 200 == 0 || done == total) && !progress(done, total))
            return Error(QCoreApplication::translate("HistoryStore", "The export was stopped."));
    }
    return rows;
}

} // namespace history
