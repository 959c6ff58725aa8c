// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/history_store.h"

#include "history/history_writer.h"

#include <QDateTime>
#include <QPointer>
#include <QThread>
#include <QThreadPool>

HistoryStore::HistoryStore(const QString &path, qint64 retentionSeconds, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_thread(new QThread(this))
    , m_writer(new HistoryWriter(path, retentionSeconds))
{
    m_thread->setObjectName(QStringLiteral("history"));
    m_writer->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_writer, &QObject::deleteLater);
    connect(m_writer, &HistoryWriter::notice, this, &HistoryStore::notice);
    m_thread->start();
    QMetaObject::invokeMethod(m_writer, &HistoryWriter::start, Qt::QueuedConnection);
}

HistoryStore::~HistoryStore()
{
    QMetaObject::invokeMethod(m_writer, &HistoryWriter::stop, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

void HistoryStore::record(const QString &serverKey, const SnapshotPtr &snapshot, qint64 atMs)
{
    if (!snapshot || snapshot->pooler)
        return; // a pooler's console has no sessions of this kind
    m_writer->enqueue({serverKey, snapshot, atMs ? atMs : QDateTime::currentMSecsSinceEpoch()});
}

void HistoryStore::flush()
{
    QMetaObject::invokeMethod(m_writer, &HistoryWriter::write, Qt::BlockingQueuedConnection);
}

void HistoryStore::whenWritten(QObject *context, std::function<void()> then) const
{
    // Called back through the application: the context may be gone by then (checked there).
    m_writer->whenWritten([guard = QPointer<QObject>(context), then = std::move(then)] {
        if (guard)
            then();
    });
}

void HistoryStore::readWhenWritten(QObject *context, std::function<void()> read) const
{
    whenWritten(context, [read = std::move(read)] { QThreadPool::globalInstance()->start(read); });
}
