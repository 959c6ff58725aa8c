// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"
#include "pg/result.h"

#include <QByteArray>
#include <QList>

#include <atomic>
#include <functional>
#include <vector>

namespace pg {

class Connection;

/// One statement run for many sets of parameters in a single libpq pipeline, with a sync
/// after each: one round trip for the batch, and a statement that fails (a 42501, say)
/// aborts only itself, not the others.
class Pipeline
{
public:
    /// Called once per statement, in order: its result (invalid when the server sent none
    /// before the sync) and the last notice (WARNING) the server sent with it.
    using ResultSink = std::function<void(size_t index, const Result &result, const QString &notice)>;

    struct Report {
        size_t answered = 0;  ///< statements whose result reached the sink
        Error broken;         ///< why the batch stopped before every statement was answered
        bool usable = true;   ///< false: the connection could not leave pipeline mode; close it
    };

    /// Prepares @p sql once (the unnamed statement; through a pooler each statement is
    /// sent whole instead, see Connection::isPooled) and runs it for each entry of
    /// @p parameters. Once sent, the batch is read to its end: the server runs the
    /// statements anyway. A server that sends nothing for @p noAnswerMs breaks the batch;
    /// once @p stop is set, for kStoppedNoAnswerMs.
    static Report run(const Connection &conn, const QByteArray &sql, const std::vector<QList<QByteArray>> &parameters,
                      const ResultSink &sink, const std::atomic<bool> *stop = nullptr, int noAnswerMs = 120000);

    static constexpr int kStoppedNoAnswerMs = 2000;
};

} // namespace pg
