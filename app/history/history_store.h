// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"
#include "monitor/snapshot.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

#include <memory>
#include <mutex>
#include <vector>

class QIODevice;
class QThread;
class HistoryWriter;

/// What the monitor saw, kept: every poll of every server as a sample of the sessions that
/// were not idle (state, wait event, query, who, blocked by, times) and the idle ones
/// counted per database; each session once, with when it was first and last seen. An
/// SQLite file (QSQLITE, WAL) written in batches (every 5 s) by a thread of its own; samples older
/// than the retention are pruned as it goes. A file that is not a history of this version
/// (corrupt, or from a newer pgsessions) is moved aside and a new one started, with a
/// notice. record() is all the GUI thread does: it queues the shared snapshot.
class HistoryStore : public QObject
{
    Q_OBJECT
public:
    static constexpr int kSchemaVersion = 2; ///< 2: a load per sample (history_load.h)

    /// @p retentionSeconds: samples older than this are pruned (24 h by default).
    explicit HistoryStore(const QString &path, qint64 retentionSeconds = 24 * 3600, QObject *parent = nullptr);
    ~HistoryStore() override;

    QString path() const { return m_path; }
    /// Queues one poll of the server known as @p serverKey across runs, taken at @p atMs
    /// (ms since the epoch; now when 0).
    void record(const QString &serverKey, const SnapshotPtr &snapshot, qint64 atMs = 0);
    /// Writes what is queued now and waits for it (tests, closing).
    void flush();
    /// Writes what is queued now, on the writer's thread, then calls @p then on the GUI
    /// thread unless @p context is gone by then; does not wait. A read of the file started
    /// from @p then sees every poll recorded before this call (otherwise the last ones wait
    /// for their batch, up to 5 s), unless that write fails (the file held by another
    /// program: after a failed write it is tried for 100 ms, not 5 s, and @p then called
    /// without the polls). Calls that come while one waits share its write.
    void whenWritten(QObject *context, std::function<void()> then) const;
    /// A read of the file: @p read runs on Qt's global thread pool once whenWritten() calls
    /// back (off the GUI thread; not when @p context is gone by then).
    void readWhenWritten(QObject *context, std::function<void()> read) const;

Q_SIGNALS:
    /// Something the user should read: a file moved aside, a write that failed.
    void notice(const QString &text);

private:
    QString m_path;
    QThread *m_thread;
    HistoryWriter *m_writer;
};

/// One sample read back: the sessions that were not idle at that moment (Session values
/// with the fields history keeps) and the idle sessions per database.
struct HistorySample {
    qint64 atMs = 0;
    std::vector<Session> sessions;
    std::vector<std::pair<QString, int>> idlePerDatabase;
    /// Other roles' sessions whose details the monitor's role may not see, per database.
    std::vector<std::pair<QString, int>> hiddenPerDatabase;
    /// Sessions of this sample that had ended by the newest sample (pid, backend_start).
    std::vector<SessionKey> endedSince;
};

/// Reads a history file (its own connection, in the calling thread: not the GUI's).
namespace history {
/// The sample of @p serverKey at @p atMs: the newest one not after it, if one is within
/// @p toleranceMs before it (a missed poll is a gap, not the last sample again).
Expected<std::optional<HistorySample>> sampleAt(const QString &path, const QString &serverKey, qint64 atMs, qint64 toleranceMs = 5000);
/// Writes the sessions of @p serverKey's samples between @p fromMs and @p toMs (of
/// @p database only when given) to @p out, a row per session and sample, as CSV with a
/// header or as JSON Lines. @p progress (samples done, of total) returns false to stop.
/// Returns the rows written.
Expected<int> exportRange(const QString &path, const QString &serverKey, const QString &database, qint64 fromMs, qint64 toMs, bool jsonLines,
                          QIODevice &out, const std::function<bool(int done, int total)> &progress = {});
/// The times of the samples of @p serverKey between @p fromMs and @p toMs.
Expected<std::vector<qint64>> sampleTimes(const QString &path, const QString &serverKey, qint64 fromMs, qint64 toMs);
} // namespace history
