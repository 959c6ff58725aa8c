// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/action_journal.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

ActionJournal::ActionJournal(const QString &path)
    : m_path(path.isEmpty() ? defaultPath() : path)
{
}

QString ActionJournal::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/journal.jsonl");
}

Error ActionJournal::append(QJsonObject record)
{
    record.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    const QByteArray line = QJsonDocument(record).toJson(QJsonDocument::Compact) + '\n';
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_file.isOpen()) {
        QDir().mkpath(QFileInfo(m_path).absolutePath());
        m_file.setFileName(m_path);
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append))
            return Error(m_file.errorString());
    }
    if (m_file.write(line) != line.size() || !m_file.flush())
        return Error(m_file.errorString());
    return {};
}

Error ActionJournal::recordStart(const ActionRequest &request)
{
    QJsonObject o = request.toJson();
    o.insert(QStringLiteral("record"), QStringLiteral("start"));
    return append(o);
}

Error ActionJournal::recordOutcome(quint64 action, const Outcome &outcome)
{
    QJsonObject o = outcome.toJson();
    o.insert(QStringLiteral("record"), QStringLiteral("outcome"));
    o.insert(QStringLiteral("action"), ActionRequest::journalKey(action));
    return append(o);
}

Error ActionJournal::recordFinish(const ActionSummary &summary)
{
    QJsonObject o = summary.toJson();
    o.insert(QStringLiteral("record"), QStringLiteral("finish"));
    return append(o);
}
