// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/action_journal.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

ActionJournal::ActionJournal(const QString &path)
    : m_path(path.isEmpty() ? defaultPath() : path)
{
}

ActionJournal::~ActionJournal()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

QString ActionJournal::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/journal.jsonl");
}

Error ActionJournal::failure(const QString &what, int error) const
{
    return Error(QCoreApplication::translate("ActionJournal", "The journal %1 cannot be written (%2): %3")
                     .arg(m_path, what, QString::fromLocal8Bit(std::strerror(error))));
}

Error ActionJournal::openLocked()
{
    const QByteArray file = QFile::encodeName(m_path);
    if (m_fd >= 0) {
        // Still the file at the path? Deleted, or moved away by a log rotation: the
        // records go to the path again, not into the old file.
        struct stat open {}, named {};
        if (::fstat(m_fd, &open) == 0 && ::stat(file.constData(), &named) == 0 && open.st_dev == named.st_dev
            && open.st_ino == named.st_ino)
            return {};
        ::close(m_fd);
        m_fd = -1;
    }
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QFileInfo(dir).isDir() && !QDir().mkpath(dir))
        return failure(QCoreApplication::translate("ActionJournal", "its folder %1 cannot be made").arg(dir), QFileInfo::exists(dir) ? ENOTDIR : EACCES);
    const bool existed = QFileInfo::exists(m_path);
    m_fd = ::open(file.constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0)
        return failure(QCoreApplication::translate("ActionJournal", "open"), errno);
    if (!existed) {
        // A file just made (first use, after a rotation) is on disk only once its folder's
        // entry is: synced too, or a crash could lose the whole new journal.
        const int folder = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (folder >= 0) {
            ::fsync(folder);
            ::close(folder);
        }
    }
    return {};
}

Error ActionJournal::check()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return openLocked();
}

Error ActionJournal::append(QJsonObject record, bool sync)
{
    record.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    const QByteArray line = QJsonDocument(record).toJson(QJsonDocument::Compact) + '\n';
    std::lock_guard<std::mutex> lock(m_mutex);
    if (const Error e = openLocked())
        return e;
    const ssize_t written = ::write(m_fd, line.constData(), size_t(line.size()));
    if (written != line.size()) {
        const int error = written < 0 ? errno : ENOSPC;
        if (written > 0) {
            // A torn line would make the next record unreadable: end it.
            [[maybe_unused]] const ssize_t n = ::write(m_fd, "\n", 1);
        }
        return failure(QCoreApplication::translate("ActionJournal", "write"), error);
    }
    if (sync && ::fsync(m_fd) != 0 && errno != EINVAL) // EINVAL: a file that cannot be synced (a pipe, /dev/null)
        return failure(QCoreApplication::translate("ActionJournal", "fsync"), errno);
    return {};
}

Error ActionJournal::recordStart(const ActionRequest &request)
{
    QJsonObject o = request.toJson();
    o.insert(QStringLiteral("record"), QStringLiteral("start"));
    return append(o, true);
}

Error ActionJournal::recordStep(quint64 action, const QString &step, const QJsonObject &details)
{
    QJsonObject o = details;
    o.insert(QStringLiteral("record"), QStringLiteral("step"));
    o.insert(QStringLiteral("action"), ActionRequest::journalKey(action));
    o.insert(QStringLiteral("step"), step);
    return append(o, true);
}

Error ActionJournal::recordOutcome(quint64 action, const Outcome &outcome)
{
    QJsonObject o = outcome.toJson();
    o.insert(QStringLiteral("record"), QStringLiteral("outcome"));
    o.insert(QStringLiteral("action"), ActionRequest::journalKey(action));
    return append(o, false);
}

Error ActionJournal::recordFinish(const ActionSummary &summary)
{
    QJsonObject o = summary.toJson();
    o.insert(QStringLiteral("record"), QStringLiteral("finish"));
    return append(o, true);
}

Error ActionJournal::recordDismissed(const QString &action)
{
    return append({{QStringLiteral("record"), QStringLiteral("dismissed")}, {QStringLiteral("action"), action}}, true);
}

Error ActionJournal::recordSeenLetIn(const QString &action, const QString &database)
{
    // Not synced: lost to a crash, the offer is only weighed again at the next start.
    return append({{QStringLiteral("record"), QStringLiteral("seen let in")}, {QStringLiteral("action"), action}, {QStringLiteral("database"), database}},
                  false);
}

std::vector<QJsonObject> ActionJournal::read(const QString &path)
{
    std::vector<QJsonObject> records;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return records;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            records.push_back(doc.object());
    }
    return records;
}
