// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The history store's thread (HistoryStore's, not for other callers): what it writes and
// how it keeps up with polls of many servers.

#include "history/history_file.h"
#include "history/sample_compressor.h"
#include "monitor/snapshot.h"

#include <QHash>
#include <QObject>
#include <QSqlQuery>
#include <QString>

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

/// The store's thread: its connection, the queue it drains every 5 s (and when a read
/// asks), pruning. enqueue() and whenWritten() are called from other threads; the rest
/// runs on the writer's own.
class HistoryWriter : public QObject
{
    Q_OBJECT
public:
    static constexpr int kFlushMs = 5000; ///< a batch: what a crash can lose, against a transaction per poll
    static constexpr qint64 kPruneEveryMs = 60000;

    struct Pending {
        QString serverKey;
        SnapshotPtr snapshot;
        qint64 atMs = 0;
    };

    HistoryWriter(QString path, qint64 retentionSeconds);

    /// Any thread: queues one poll; the oldest are dropped (and said) past a minute queued.
    void enqueue(Pending p);
    /// From the GUI thread: @p then is posted to the application after the next write for
    /// reads. Requests that come while one waits share its write.
    void whenWritten(std::function<void()> then);

    // On the writer's thread:
    void writeForReads();
    void start(); ///< opens the file and starts the batches' timer
    void stop();  ///< writes what is queued and closes the file
    void write(); ///< one batch: what is queued, in one transaction

Q_SIGNALS:
    void notice(const QString &text);

private:
    struct KnownText {
        qint64 id = 0;
        qint64 stampedMs = 0;
    };
    struct Tracked {
        qint64 id = 0;
        quint64 seen = 0;
    };
    /// The texts of a session's row as a sample wrote them, with their ids.
    struct RowTexts {
        std::array<QString, 4> texts; ///< state, wait event type, wait event, query
        std::array<qint64, 4> ids{};
        qint64 resolvedMs = 0; ///< when the oldest of the ids was looked up by its text
    };
    /// A session as a server's last sample listed it.
    struct Listed {
        SessionKey key;
        qint64 id = 0;    ///< in the file
        std::optional<RowTexts> texts; ///< its row's (none for an idle session, which has no row: nothing to make and free)
    };
    using Order = std::vector<Listed>; ///< a server's tracked sessions as its last sample listed them, in order
    struct Compressed {
        QByteArray data;       ///< a server's last sample's data
        QByteArray compressed; ///< and as compressed
    };

    void open();
    void closeDb();
    qint64 serverId(const QString &key, QString &failure);
    qint64 textId(const QString &text, QString &failure);
    QString writeSample(const Pending &p);
    /// A session's row of a sample. @p last: its texts in the server's last sample, if it
    /// was there; @p now: its texts in this one.
    ///
    /// A text the session had last time keeps its id without a lookup: most rows repeat
    /// their texts from poll to poll, mostly as the same string (a poll's reading keeps the
    /// text it had), and hashing each of them was a third of the writer's CPU. Each id is
    /// looked up again once a minute, which also stamps its text as used (what pruning
    /// goes by).
    history_file::Row rowOf(const Session &s, qint64 id, const RowTexts *last, RowTexts &now, QString &failure);
    QString prune(qint64 nowMs);
    void forgetTexts();
    /// The texts that would be looked up in the file anyway: out of memory.
    void forgetOldTexts();
    QHash<SessionKey, Tracked>::iterator track(const SessionKey &key, Tracked tracked);
    QSqlQuery &statement(std::optional<QSqlQuery> &kept, const char *sql);
    void forgetStatements();

    // The file.
    QString m_path;
    SampleCompressor m_compressor;
    qint64 m_retentionMs;
    std::unique_ptr<history_file::Db> m_db;
    static constexpr int kBusyMs = 5000, kBusyAfterFailureMs = 100; // how long a write waits for the file's lock
    int m_busyMs = kBusyMs;
    QString m_lastFailure;
    qint64 m_lastPruneMs = 0;
    // The statements every sample runs, prepared once per connection (SQLite parses a
    // statement at each prepare).
    std::optional<QSqlQuery> m_insertSample, m_endSession, m_endSessionByKey, m_findText, m_insertText, m_insertSession,
        m_findSession, m_reopenSession;

    // What other threads hand over, under m_mutex.
    std::mutex m_mutex;
    std::vector<Pending> m_pending;
    std::vector<std::function<void()>> m_readers; // whenWritten()'s, until the next write for reads
    int m_dropped = 0;
    static constexpr qint64 kMaxPendingMs = 60 * 1000;

    // Texts and servers known to be in the file.
    QHash<QString, qint64> m_servers;
    QHash<QString, KnownText> m_texts;
    qsizetype m_textChars = 0; ///< of the texts in m_texts
    /// How long a text known here is used without asking the file. Its id is then used at
    /// most three minutes after its stamp was written (two known here, then one more kept
    /// by a row that looked it up), and a prune, this writer's or another pgsessions' on
    /// the same file, deletes only texts unused for three minutes past its retention (an
    /// hour at least in the app): a known id is not one a prune deleted. (Forgetting every
    /// text at each prune made each row look its texts up in the file again within the
    /// next minute: 200 lookups a minute at 1,000 sessions, a sixth of the writer's
    /// instructions.)
    static constexpr qint64 kTextKnownMs = 2 * kPruneEveryMs;
    static constexpr qsizetype kMaxTextChars = 16 * 1024 * 1024; ///< 32 MiB of texts at most
    std::vector<qint64> m_restamp; // texts used again whose used_ms is to be written
    qint64 m_nowMs = 0;

    // Sessions, as the last samples saw them.
    QHash<SessionKey, Tracked> m_tracked; // the sessions of the last sample, by (server id, pid, backend_start)
    QHash<int, int> m_trackedPerServer;   // how many of them each server has
    QHash<int, Order> m_order; // by server id; emptied when a batch fails
    QHash<int, Compressed> m_lastCompressed; // by server id
    quint64 m_generation = 0;
    std::vector<SessionKey> m_endedInBatch; // sessions the batch being written ended
    std::vector<int> m_untrackAfterCommit;  // servers whose sessions the batch's prune deleted
};
