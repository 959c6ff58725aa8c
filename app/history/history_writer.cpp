// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/history_writer.h"

#include "base/thread_priority.h"
#include "history/history_load.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QTimer>
#include <QVariant>

#include <algorithm>

namespace {

using namespace history_file;

// FNV-1a of the UTF-8 bytes: the same in every build, unlike qHash (which may change with
// Qt, and then would find no text the file already holds). A version 1 file was written
// with qHash: each of its texts is stored once more when next used.
qint64 textHash(const QString &text)
{
    quint64 h = 14695981039346656037ull;
    for (const char c : text.toUtf8()) {
        h ^= quint8(c);
        h *= 1099511628211ull;
    }
    return qint64(h);
}

/// Sessions counted per database, in the order first seen. Found by the database's oid
/// (a number to hash, where hashing the name for each of a thousand idle sessions was a
/// fifteenth of the writer's CPU); by name when there is no oid.
class PerDatabase
{
public:
    void add(const Session &s)
    {
        // Sessions come in runs of the same database: the last one's count, unhashed.
        if (m_last > 0 && s.databaseOid && s.databaseOid == m_lastOid) {
            ++m_counts[size_t(m_last - 1)].second;
            return;
        }
        const qsizetype before = m_counts.size();
        int &slot = s.databaseOid ? m_byOid[s.databaseOid] : m_byName[s.database];
        if (slot == 0) {
            m_counts.push_back({s.database, 0});
            slot = int(before) + 1; // 1-based: 0 is "not yet"
        }
        ++m_counts[size_t(slot - 1)].second;
        m_last = s.databaseOid ? slot : 0;
        m_lastOid = s.databaseOid;
    }
    const std::vector<std::pair<QString, qint32>> &counts() const { return m_counts; }

private:
    QHash<quint32, int> m_byOid;
    QHash<QString, int> m_byName;
    std::vector<std::pair<QString, qint32>> m_counts;
    int m_last = 0; ///< the slot of the last session's database, if it had an oid
    quint32 m_lastOid = 0;
};

} // namespace

HistoryWriter::HistoryWriter(QString path, qint64 retentionSeconds)
    : m_path(std::move(path))
    , m_retentionMs(retentionSeconds * 1000)
{
}

void HistoryWriter::enqueue(Pending p)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    // A file that cannot keep up (a slow disk, another pgsessions holding it) costs
    // samples, oldest first, not memory without bound: each holds a whole poll. What
    // waits is bounded in time, so that many servers polled often lose nothing.
    const qint64 oldest = p.atMs - kMaxPendingMs;
    m_pending.push_back(std::move(p));
    const auto keep = std::find_if(m_pending.begin(), m_pending.end(), [oldest](const Pending &q) { return q.atMs >= oldest; });
    m_dropped += int(keep - m_pending.begin());
    m_pending.erase(m_pending.begin(), keep);
}

void HistoryWriter::whenWritten(std::function<void()> then)
{
    bool first = false;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        first = m_readers.empty();
        m_readers.push_back(std::move(then));
    }
    if (first)
        QMetaObject::invokeMethod(this, &HistoryWriter::writeForReads, Qt::QueuedConnection);
}

void HistoryWriter::writeForReads()
{
    std::vector<std::function<void()>> readers;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        readers.swap(m_readers);
    }
    write();
    for (std::function<void()> &then : readers)
        QMetaObject::invokeMethod(qApp, std::move(then), Qt::QueuedConnection);
}

void HistoryWriter::start()
{
    yieldToTheGuiThread(10); // the file can wait; the window cannot
    open();
    auto *timer = new QTimer(this);
    timer->setInterval(kFlushMs);
    connect(timer, &QTimer::timeout, this, &HistoryWriter::write);
    timer->start();
}

void HistoryWriter::stop()
{
    write();
    closeDb();
}

void HistoryWriter::write()
{
    std::vector<Pending> batch;
    int dropped = 0;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        batch.swap(m_pending);
        std::swap(dropped, m_dropped);
    }
    if (dropped)
        emit notice(QCoreApplication::translate("HistoryStore", "History fell behind: %n poll(s) were not kept.", nullptr, dropped));
    if (batch.empty() || !m_db)
        return;
    QSqlDatabase db = m_db->get();
    // After a failed write the file is tried briefly (another program has held it past
    // the busy timeout): neither the batches nor the reads that wait on one
    // (whenWritten()) stand the whole timeout again each time.
    const int busyMs = m_lastFailure.isEmpty() ? kBusyMs : kBusyAfterFailureMs;
    if (busyMs != m_busyMs && QSqlQuery(db).exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(busyMs)))
        m_busyMs = busyMs;
    // IMMEDIATE: the write lock from the start. A deferred transaction that reads first
    // cannot become a writer once another pgsessions has written the file meanwhile.
    QSqlQuery begin(db);
    if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        // Still locked after the busy timeout: the batch waits for the next write.
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            batch.insert(batch.end(), std::make_move_iterator(m_pending.begin()), std::make_move_iterator(m_pending.end()));
            m_pending.swap(batch);
        }
        const QString why = sqlError(begin);
        if (why != m_lastFailure)
            emit notice(QCoreApplication::translate("HistoryStore", "History could not be written to %1: %2").arg(m_path, why));
        m_lastFailure = why;
        return;
    }
    QString failure;
    m_endedInBatch.clear();
    for (const Pending &p : batch) {
        failure = writeSample(p);
        if (!failure.isEmpty())
            break;
    }
    if (failure.isEmpty() && !m_restamp.empty()) {
        QSqlQuery q(db);
        // (Never back: another pgsessions may have stamped it later.)
        q.prepare(QStringLiteral("UPDATE texts SET used_ms = max(used_ms, ?) WHERE id = ?"));
        for (const qint64 id : m_restamp) {
            q.addBindValue(m_nowMs);
            q.addBindValue(id);
            if (!q.exec()) {
                failure = sqlError(q);
                break;
            }
        }
    }
    m_restamp.clear();
    if (failure.isEmpty() && batch.back().atMs - m_lastPruneMs >= kPruneEveryMs)
        failure = prune(batch.back().atMs);
    QSqlQuery end(db);
    if (!failure.isEmpty() || !end.exec(QStringLiteral("COMMIT"))) {
        const QString why = failure.isEmpty() ? sqlError(end) : failure;
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        forgetStatements(); // prepared again, in case the failure was theirs
        // What the caches say may not be in the file now: read again from it.
        forgetTexts();
        m_servers.clear();
        for (auto it = m_tracked.begin(); it != m_tracked.end(); ++it)
            it->id = -1; // looked up again (INSERT OR IGNORE) the next time it is seen
        // The sessions the batch ended are open in the file again: tracked again, so
        // that the next sample without them ends them (by identity).
        for (const SessionKey &key : std::as_const(m_endedInBatch))
            track(key, {-1, 0});
        m_order.clear();
        if (why != m_lastFailure) // once, not every second
            emit notice(QCoreApplication::translate("HistoryStore", "History could not be written to %1: %2").arg(m_path, why));
        m_lastFailure = why;
        m_untrackAfterCommit.clear(); // their sessions are in the file again
    } else {
        // The sessions the prune deleted (of servers no longer watched): tracked no more.
        // (What is kept of their last samples goes too, whether or not they had sessions.)
        for (const int server : std::exchange(m_untrackAfterCommit, {})) {
            if (m_trackedPerServer.remove(server) > 0) {
                for (auto it = m_tracked.begin(); it != m_tracked.end();)
                    it = it.key().server == server ? m_tracked.erase(it) : std::next(it);
            }
            m_order.remove(server);
            m_lastCompressed.remove(server);
        }
        if (!m_lastFailure.isEmpty()) {
            m_lastFailure.clear();
            emit notice(QCoreApplication::translate("HistoryStore", "History is written to %1 again.").arg(m_path));
        }
    }
}

void HistoryWriter::open()
{
    OpenedFile file = openForWriting(m_path, [this](const QString &text) { emit notice(text); });
    m_db = std::move(file.db);
    m_busyMs = kBusyMs; // as opened
    // Sessions an earlier run saw and did not see end: ended at this run's first
    // sample of their server that lacks them.
    for (const auto &[key, id] : file.openSessions)
        track(key, {id, 0});
}

qint64 HistoryWriter::serverId(const QString &key, QString &failure)
{
    if (const auto it = m_servers.constFind(key); it != m_servers.cend())
        return *it;
    QSqlQuery q(m_db->get());
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO servers (key) VALUES (?)"));
    q.addBindValue(key);
    if (!q.exec())
        failure = sqlError(q);
    q.prepare(QStringLiteral("SELECT id FROM servers WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec() || !q.next()) {
        failure = sqlError(q);
        return 0;
    }
    return m_servers[key] = q.value(0).toLongLong();
}

qint64 HistoryWriter::textId(const QString &text, QString &failure)
{
    if (text.isEmpty())
        return 0;
    if (const auto it = m_texts.find(text); it != m_texts.end()) {
        // Known, and stamped in the file within two minutes: no prune can have deleted
        // it since (see kTextKnownMs). When it was last used, written at most once
        // a minute: what pruning goes by.
        if (m_nowMs - it->stampedMs < kTextKnownMs) {
            if (m_nowMs - it->stampedMs >= kPruneEveryMs) {
                m_restamp.push_back(it->id);
                it->stampedMs = m_nowMs;
            }
            return it->id;
        }
        m_textChars -= it.key().size(); // (looked up in the file again)
        m_texts.erase(it);
    }
    // Prepared once: a query with literals is a new text at every poll, and parsing
    // these two statements again each time was an eighth of the writer's CPU.
    QSqlQuery &find = statement(m_findText, "SELECT id FROM texts WHERE hash = ? AND text = ?");
    const qint64 hash = textHash(text);
    find.addBindValue(hash);
    find.addBindValue(text);
    qint64 id = 0;
    const bool known = find.exec() && find.next();
    if (known)
        id = find.value(0).toLongLong();
    find.finish(); // not left open across the commit
    if (known) {
        m_restamp.push_back(id);
    } else {
        QSqlQuery &insert = statement(m_insertText, "INSERT INTO texts (hash, text, used_ms) VALUES (?, ?, ?)");
        insert.addBindValue(hash);
        insert.addBindValue(text);
        insert.addBindValue(m_nowMs);
        if (!insert.exec()) {
            failure = sqlError(insert);
            return 0;
        }
        id = insert.lastInsertId().toLongLong();
    }
    if (m_texts.size() >= 100000 || m_textChars + text.size() > kMaxTextChars)
        forgetTexts();
    m_texts.insert(text, {id, m_nowMs});
    m_textChars += text.size();
    return id;
}

QString HistoryWriter::writeSample(const Pending &p)
{
    m_nowMs = p.atMs;
    QString failure;
    const qint64 server = serverId(p.serverKey, failure);
    if (!failure.isEmpty())
        return failure;
    // Each session once, by its identity; seen in this sample or ended at it.
    const quint64 generation = ++m_generation;
    int seen = 0; // tracked sessions of this server seen in this sample
    // Most samples list the sessions of the server's last sample, in the same order:
    // each is found at its place there, without a lookup, until one is not.
    const Order &last = m_order[int(server)];
    Order next;
    next.reserve(last.size());
    bool inOrder = true;
    const auto markLastSeen = [&](size_t count) { // the ones found in order, now seen
        for (size_t i = 0; i < count; ++i) {
            const auto it = m_tracked.find(last[i].key);
            if (it != m_tracked.end() && it->seen != generation) {
                it->seen = generation;
                ++seen;
            }
        }
    };
    std::vector<Row> rows;
    rows.reserve(64);
    PerDatabase idle, hidden;
    for (const Session &s : p.snapshot->sessions) {
        if (s.own || (!s.isClientBackend() && s.state.isEmpty()))
            continue; // the server's own processes: not sessions anybody ends
        if (s.isHidden()) {
            hidden.add(s); // another role's, its details hidden from ours: counted
            continue;
        }
        const SessionKey key{int(server), s.key.pid, s.key.backendStart};
        const size_t at = next.size();
        if (inOrder && at < last.size() && last[at].key == key) {
            next.push_back({key, last[at].id, {}});
            if (s.isIdle())
                idle.add(s);
            else
                rows.push_back(rowOf(s, last[at].id, last[at].texts ? &*last[at].texts : nullptr, next.back().texts.emplace(), failure));
            continue;
        }
        if (inOrder) {
            inOrder = false;
            markLastSeen(at);
        }
        auto tracked = m_tracked.find(key);
        if (tracked == m_tracked.end() || tracked->id < 0) {
            const QString client = s.clientAddress.isEmpty() ? QString() : QStringLiteral("%1:%2").arg(s.clientAddress).arg(s.clientPort);
            const QVariantList values{QVariant(server),
                                      QVariant(s.key.pid),
                                      QVariant(s.key.backendStart),
                                      QVariant(textId(s.user, failure)),
                                      QVariant(textId(s.application, failure)),
                                      QVariant(textId(s.database, failure)),
                                      QVariant(textId(client, failure)),
                                      QVariant(textId(s.backendType, failure)),
                                      QVariant(p.atMs)};
            QSqlQuery &insert = statement(m_insertSession, "INSERT OR IGNORE INTO sessions (server, pid, backend_start, user, application, database,"
                                                           " client, backend_type, first_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            for (const QVariant &v : values)
                insert.addBindValue(v);
            if (!insert.exec())
                return sqlError(insert);
            QSqlQuery &find = statement(m_findSession, "SELECT id FROM sessions WHERE server = ? AND pid = ? AND backend_start = ?");
            find.addBindValue(server);
            find.addBindValue(s.key.pid);
            find.addBindValue(s.key.backendStart);
            if (!find.exec() || !find.next())
                return sqlError(find);
            // The same identity seen again after it ended (a pid and start the server
            // hides): a session again, from now.
            const qint64 id = find.value(0).toLongLong();
            find.finish();
            QSqlQuery &reopen = statement(m_reopenSession, "UPDATE sessions SET ended_ms = NULL WHERE id = ? AND ended_ms IS NOT NULL");
            reopen.addBindValue(id);
            if (!reopen.exec())
                return sqlError(reopen);
            tracked = track(key, {id, generation});
            ++seen; // (tracked anew, or again after a failed batch: seen now either way)
        } else if (tracked->seen != generation) {
            ++seen;
        }
        tracked->seen = generation;
        next.push_back({key, tracked->id, {}});
        if (s.isIdle()) {
            idle.add(s);
            continue;
        }
        rows.push_back(rowOf(s, tracked->id, nullptr, next.back().texts.emplace(), failure));
    }
    if (!failure.isEmpty())
        return failure;
    // All found in order, as many as last time, and last time's were all the server's
    // tracked ones (not so after a start, or a failed batch): the same, none ended.
    const bool sameSessions = inOrder && next.size() == last.size() && qsizetype(last.size()) == m_trackedPerServer.value(int(server));
    if (inOrder && !sameSessions)
        markLastSeen(next.size());
    m_order[int(server)] = std::move(next);
    // Sessions of this server not seen in this sample ended at it. Most samples end
    // none: then every session tracked for the server was seen, and nothing is walked.
    if (!sameSessions && seen != m_trackedPerServer.value(int(server))) {
        QSqlQuery &ended = statement(m_endSession, "UPDATE sessions SET ended_ms = ? WHERE id = ? AND ended_ms IS NULL");
        for (auto it = m_tracked.begin(); it != m_tracked.end();) {
            if (it.key().server != int(server) || it->seen == generation) {
                ++it;
                continue;
            }
            if (it->id < 0) {
                // Its id is not known since a batch failed: ended by its identity.
                QSqlQuery &byKey = statement(m_endSessionByKey, "UPDATE sessions SET ended_ms = ? WHERE server = ? AND pid = ? AND backend_start = ?"
                                                                " AND ended_ms IS NULL");
                byKey.addBindValue(p.atMs);
                byKey.addBindValue(it.key().server);
                byKey.addBindValue(it.key().pid);
                byKey.addBindValue(it.key().backendStart);
                if (!byKey.exec())
                    return sqlError(byKey);
            } else {
                ended.addBindValue(p.atMs);
                ended.addBindValue(it->id);
                if (!ended.exec())
                    return sqlError(ended);
            }
            m_endedInBatch.push_back(it.key()); // tracked again if the batch fails
            --m_trackedPerServer[it.key().server];
            it = m_tracked.erase(it);
        }
    }
    const auto byTextId = [&](const PerDatabase &counted) {
        Counts out;
        for (const auto &[database, count] : counted.counts())
            out.push_back({textId(database, failure), count});
        return out;
    };
    const Counts idleIds = byTextId(idle), hiddenIds = byTextId(hidden); // (in this order)
    QByteArray data = encodeSample(rows, idleIds, hiddenIds);
    QSqlQuery &q = statement(m_insertSample, "INSERT INTO samples (server, t, server_time, data, load) VALUES (?, ?, ?, ?, ?)");
    q.addBindValue(server);
    q.addBindValue(p.atMs);
    q.addBindValue(p.snapshot->serverTime);
    // Level 3: measured (bench_history) 14 % less of the writer's CPU than the default 6
    // for the same file (172 against 171 MiB a day); level 1 made it 233 MiB.
    // A sample the same as the server's last one (a quiet server: its busy sessions
    // still at what they did, the idle ones as many) is not compressed again.
    Compressed &previous = m_lastCompressed[int(server)];
    if (data != previous.data) {
        previous.compressed = m_compressor.compress(data);
        previous.data = std::move(data);
    }
    q.addBindValue(previous.compressed);
    q.addBindValue(history::encodeLoad(history::loadOf(*p.snapshot), [&](const QString &text) { return textId(text, failure); }));
    if (!q.exec())
        return sqlError(q);
    return failure;
}

QString HistoryWriter::prune(qint64 nowMs)
{
    m_lastPruneMs = nowMs;
    const qint64 cutoff = nowMs - m_retentionMs;
    QSqlQuery q(m_db->get());
    q.prepare(QStringLiteral("DELETE FROM samples WHERE t < ?"));
    q.addBindValue(cutoff);
    if (!q.exec())
        return sqlError(q);
    q.prepare(QStringLiteral("DELETE FROM sessions WHERE ended_ms < ?"));
    q.addBindValue(cutoff);
    if (!q.exec())
        return sqlError(q);
    // Open sessions of a server no longer watched (no sample kept): nothing refers to
    // them, and they are no longer tracked. Found by server (its key's index), not among
    // every open session: a file holds the open sessions of every run that quit, which
    // are many (a scan of 180,000 of them took 32 ms a minute).
    std::vector<int> gone;
    if (!q.exec(QStringLiteral("SELECT id FROM servers AS s WHERE NOT EXISTS (SELECT 1 FROM samples WHERE server = s.id)")))
        return sqlError(q);
    while (q.next())
        gone.push_back(q.value(0).toInt());
    q.prepare(QStringLiteral("DELETE FROM sessions WHERE server = ? AND +ended_ms IS NULL AND first_ms < ?")); // + : not by ended_ms's index
    for (const int server : gone) {
        q.addBindValue(server);
        q.addBindValue(cutoff);
        if (!q.exec())
            return sqlError(q);
    }
    m_untrackAfterCommit = std::move(gone); // (a batch rolled back keeps them tracked)
    // Texts no sample of the kept range uses (a query with literals is a text of its
    // own): their last use is older than the retention. A text in use is stamped at
    // least every two minutes (a row keeps its ids for a minute, then looks them up,
    // which stamps a text stamped a minute or more before): a third minute spare.
    q.prepare(QStringLiteral("DELETE FROM texts WHERE used_ms < ? AND id NOT IN (SELECT user FROM sessions UNION SELECT application FROM sessions"
                             " UNION SELECT database FROM sessions UNION SELECT client FROM sessions UNION SELECT backend_type FROM sessions)"));
    q.addBindValue(cutoff - 3 * kPruneEveryMs);
    if (!q.exec())
        return sqlError(q);
    forgetOldTexts();
    // Sessions still tracked are present now, so not pruned (only ended ones are).
    return {};
}

void HistoryWriter::forgetTexts()
{
    m_texts.clear();
    m_textChars = 0;
}

void HistoryWriter::forgetOldTexts()
{
    for (auto it = m_texts.begin(); it != m_texts.end();) {
        if (m_nowMs - it->stampedMs >= kTextKnownMs) {
            m_textChars -= it.key().size();
            it = m_texts.erase(it);
        } else {
            ++it;
        }
    }
}

Row HistoryWriter::rowOf(const Session &s, qint64 id, const RowTexts *last, RowTexts &now, QString &failure)
{
    const std::array<const QString *, 4> texts{&s.state, &s.waitEventType, &s.waitEvent, &s.query};
    const bool recent = last && m_nowMs - last->resolvedMs < kPruneEveryMs;
    now.resolvedMs = recent ? last->resolvedMs : m_nowMs;
    for (size_t i = 0; i < texts.size(); ++i) {
        const QString &text = *texts[i];
        const bool same = recent && text.size() == last->texts[i].size() && (text.constData() == last->texts[i].constData() || text == last->texts[i]);
        now.ids[i] = same ? last->ids[i] : textId(text, failure);
        now.texts[i] = text;
    }
    Row r;
    r.session = id;
    r.state = qint32(now.ids[0]);
    r.waitType = qint32(now.ids[1]);
    r.waitEvent = qint32(now.ids[2]);
    r.query = now.ids[3];
    r.xactStart = s.xactStart;
    r.queryStart = s.queryStart;
    r.stateChange = s.stateChange;
    for (int pid : s.blockedBy)
        r.blockedBy << pid;
    return r;
}

QHash<SessionKey, HistoryWriter::Tracked>::iterator HistoryWriter::track(const SessionKey &key, Tracked tracked)
{
    const qsizetype before = m_tracked.size();
    const auto it = m_tracked.insert(key, tracked);
    if (m_tracked.size() != before)
        ++m_trackedPerServer[key.server];
    return it;
}

void HistoryWriter::forgetStatements()
{
    m_insertSession.reset();
    m_findSession.reset();
    m_reopenSession.reset();
    m_findText.reset();
    m_insertText.reset();
    m_insertSample.reset();
    m_endSession.reset();
    m_endSessionByKey.reset();
}

void HistoryWriter::closeDb()
{
    forgetStatements(); // before the connection they belong to
    m_db.reset();
}

QSqlQuery &HistoryWriter::statement(std::optional<QSqlQuery> &kept, const char *sql)
{
    if (!kept) {
        kept.emplace(m_db->get());
        kept->prepare(QString::fromLatin1(sql));
    }
    return *kept;
}
