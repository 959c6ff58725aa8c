// SPDX-License-Identifier: GPL-3.0-or-later
#include "pg/pipeline.h"

#include "pg/connection.h"
#include "pg/error_text.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QScopeGuard>

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pg {
namespace {

void noticeReceiver(void *arg, const PGresult *r)
{
    *static_cast<QString *>(arg) = resultError(r).message();
}

} // namespace

Pipeline::Report Pipeline::run(const Connection &connection, const QByteArray &sql, const std::vector<QList<QByteArray>> &parameters,
                               const ResultSink &sink, const std::atomic<bool> *stop, int noAnswerMs)
{
    Report report;
    PGconn *const conn = connection.get();
    if (parameters.empty())
        return report;
    const int nParams = int(parameters.front().size());

    // Prepared once for the batch: parsing and planning the statement for every entry
    // doubles the server's time a statement. The unnamed statement lives until the next
    // one is prepared: there is no name to clash with and nothing to deallocate.
    // Through a pooler, never: after a sync a transaction pool may hand the next statement
    // to another backend, where the unnamed statement is missing or another client's.
    // Each statement then travels whole (parse, bind, execute) before its sync.
    const bool prepareOnce = !connection.isPooled();
    const char *const statement = "";
    if (prepareOnce) {
        Result prepared(PQprepare(conn, statement, sql.constData(), nParams, nullptr));
        if (!prepared.valid()) {
            report.broken = connectionError(conn);
            return report;
        }
        if (const Error e = prepared.error()) {
            report.broken = e;
            return report;
        }
    }

    // The notices of this batch come to `notice`; the connection outlives the batch, so
    // libpq's own receiver is put back on the way out.
    QString notice;
    const PQnoticeReceiver previousReceiver = PQsetNoticeReceiver(conn, noticeReceiver, &notice);
    const auto restoreReceiver = qScopeGuard([conn, previousReceiver] { PQsetNoticeReceiver(conn, previousReceiver, nullptr); });
    if (PQsetnonblocking(conn, 1) != 0 || !PQenterPipelineMode(conn)) {
        report.broken = connectionError(conn);
        PQsetnonblocking(conn, 0);
        return report;
    }
    const auto leave = [conn, &report] {
        report.usable = PQexitPipelineMode(conn) == 1 && PQstatus(conn) == CONNECTION_OK;
        PQsetnonblocking(conn, 0);
        return report;
    };

    // Queue every statement; libpq buffers them, and the loop below sends while it reads,
    // so neither side can block the other with full buffers.
    std::vector<const char *> values(static_cast<size_t>(nParams));
    for (const QList<QByteArray> &params : parameters) {
        for (int i = 0; i < nParams; ++i)
            values[size_t(i)] = params[i].isNull() ? nullptr : params[i].constData();
        const int sent = prepareOnce ? PQsendQueryPrepared(conn, statement, nParams, values.data(), nullptr, nullptr, 0)
                                     : PQsendQueryParams(conn, sql.constData(), nParams, nullptr, values.data(), nullptr, nullptr, 0);
        if (!sent || !PQpipelineSync(conn)) {
            report.broken = connectionError(conn);
            return leave();
        }
    }

    const size_t count = parameters.size();
    size_t index = 0;      // the statement whose results come next
    bool answered = false; // its result reached the sink
    QElapsedTimer lastProgress;
    lastProgress.start();
    while (index < count) {
        const int flush = PQflush(conn);
        if (flush < 0) {
            report.broken = connectionError(conn);
            break;
        }
        pollfd fd{PQsocket(conn), short(POLLIN | (flush == 1 ? POLLOUT : 0)), 0};
        if (::poll(&fd, 1, 200) < 0 && errno != EINTR) {
            report.broken = Error::connectionLost(QString::fromLocal8Bit(std::strerror(errno)));
            break;
        }
        const int patience = stop && *stop ? std::min(noAnswerMs, kStoppedNoAnswerMs) : noAnswerMs;
        if (fd.revents) {
            lastProgress.restart();
        } else if (lastProgress.elapsed() > patience) {
            // (A division inside the translate() call below makes lupdate hang.)
            const int seconds = int(lastProgress.elapsed() / 1000);
            report.broken = Error::connectionLost(QCoreApplication::translate("pg", "No answer from the server for %n second(s).", nullptr, seconds));
            break;
        }
        if ((fd.revents & (POLLIN | POLLERR | POLLHUP)) && !PQconsumeInput(conn)) {
            report.broken = connectionError(conn);
            break;
        }
        while (index < count && !PQisBusy(conn)) {
            Result r(PQgetResult(conn));
            if (!r.valid())
                continue; // the end of one statement's results
            if (PQresultStatus(r.get()) == PGRES_PIPELINE_SYNC) {
                if (!answered) {
                    sink(index, Result(), QString());
                    ++report.answered;
                }
                ++index;
                answered = false;
                continue;
            }
            if (answered)
                continue;
            answered = true;
            ++report.answered;
            sink(index, r, std::exchange(notice, QString()));
        }
    }
    return leave();
}

} // namespace pg
