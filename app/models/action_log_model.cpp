// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/action_log_model.h"

#include "servers/server_registry.h"

#include <QBrush>
#include <QColor>
#include <QHash>

struct ActionLogModel::Entry {
    ActionRequest request;
    QDateTime started;
    QString progress;
    bool queued = false;      ///< waiting for waitingFor to end
    quint64 waitingFor = 0;
    bool cancelled = false;   ///< taken out of the queue before it started
    bool finished = false;
    ActionSummary summary;
    std::vector<Outcome> outcomes;
    QHash<int, BackendTarget> targets; // what was confirmed, by pid

    bool anyFailure() const
    {
        if ((finished && summary.error) || cancelled)
            return true;
        for (const Outcome &o : outcomes) {
            if (o.isFailure())
                return true;
        }
        return false;
    }
};

// Internal ids: 0 for action rows, action row + 1 for their outcome rows.
ActionLogModel::ActionLogModel(const ServerRegistry *registry, QObject *parent)
    : QAbstractItemModel(parent)
{
    if (!registry)
        return;
    connect(registry, &ServerRegistry::actionQueued, this, &ActionLogModel::actionQueued);
    connect(registry, &ServerRegistry::actionCancelled, this, &ActionLogModel::actionCancelled);
    connect(registry, &ServerRegistry::actionStarted, this, &ActionLogModel::actionStarted);
    connect(registry, &ServerRegistry::actionOutcome, this, &ActionLogModel::actionOutcome);
    connect(registry, &ServerRegistry::actionProgress, this, &ActionLogModel::actionProgress);
    connect(registry, &ServerRegistry::actionFinished, this, &ActionLogModel::actionFinished);
}

ActionLogModel::~ActionLogModel() = default;

QModelIndex ActionLogModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < int(m_entries.size()) ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.row() >= int(m_entries.size()))
        return {};
    const Entry &e = *m_entries[size_t(parent.row())];
    return row < int(e.outcomes.size()) ? createIndex(row, column, quintptr(parent.row() + 1)) : QModelIndex();
}

QModelIndex ActionLogModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int ActionLogModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_entries.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(m_entries[size_t(parent.row())]->outcomes.size());
}

int ActionLogModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString ActionLogModel::outcomeText(const Outcome &o)
{
    QString text = Outcome::resultText(o.result);
    if (!o.sqlState.isEmpty())
        text += QStringLiteral(" [%1]").arg(o.sqlState);
    if (!o.message.isEmpty())
        text += QStringLiteral(": ") + o.message;
    return text;
}

QVariant ActionLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool isOutcome = index.internalId() != 0;
    const Entry &e = *m_entries[size_t(isOutcome ? index.internalId() - 1 : quintptr(index.row()))];
    if (role == ActionIdRole)
        return e.request.id;
    if (isOutcome) {
        const Outcome &o = e.outcomes[size_t(index.row())];
        switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
            switch (index.column()) {
            case Time: return QString();
            case Server: return o.step.isEmpty() ? QStringLiteral("PID %1").arg(o.pid) : tr("step");
            case What: {
                if (!o.step.isEmpty())
                    return o.step;
                // What the outcome says of the backend, else what was confirmed.
                const BackendTarget t = e.targets.value(o.pid);
                QStringList parts;
                for (const QString &p : {o.user.isEmpty() ? t.user : o.user, o.database.isEmpty() ? t.database : o.database,
                                         o.application.isEmpty() ? t.application : o.application}) {
                    if (!p.isEmpty())
                        parts << p;
                }
                return parts.join(QStringLiteral(" · "));
            }
            case Result: return outcomeText(o);
            }
            return {};
        case Qt::ForegroundRole:
            return o.isFailure() ? QVariant(QBrush(QColor(0xc6, 0x28, 0x28))) : QVariant();
        case FailureRole: return o.isFailure();
        case OutcomeRole: return int(o.result);
        case PidRole: return o.pid;
        default: return {};
        }
    }
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Time: return e.started.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case Server: return e.request.serverName;
        case What: return e.request.describe();
        case Result: {
            if (e.cancelled)
                return tr("cancelled before it started: nothing was done");
            if (e.queued) {
                const int before = rowOf(e.waitingFor);
                return tr("queued: waits for \"%1\" to end (it can be cancelled until then)")
                    .arg(before >= 0 ? m_entries[size_t(before)]->request.describe() : tr("the action before it"));
            }
            if (!e.finished)
                return e.progress.isEmpty() ? tr("running…") : e.progress + QStringLiteral("…");
            return e.summary.describe();
        }
        }
        return {};
    case Qt::ForegroundRole:
        return e.anyFailure() ? QVariant(QBrush(QColor(0xc6, 0x28, 0x28))) : QVariant();
    case FailureRole: return e.anyFailure();
    case QueuedRole: return e.queued && !e.cancelled;
    case ServerRole: return e.request.server;
    default: return {};
    }
}

QVariant ActionLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time: return tr("Time");
    case Server: return tr("Server / PID");
    case What: return tr("Action / session");
    case Result: return tr("Result");
    }
    return {};
}

int ActionLogModel::rowOf(quint64 action) const
{
    for (int r = int(m_entries.size()) - 1; r >= 0; --r) {
        if (m_entries[size_t(r)]->request.id == action)
            return r;
    }
    return -1;
}

void ActionLogModel::actionQueued(const ActionRequest &request, quint64 waitingFor)
{
    append(request);
    Entry &e = *m_entries.back();
    e.queued = true;
    e.waitingFor = waitingFor;
}

void ActionLogModel::actionCancelled(quint64 action)
{
    const int row = rowOf(action);
    if (row < 0)
        return;
    m_entries[size_t(row)]->queued = false;
    m_entries[size_t(row)]->cancelled = true;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ActionLogModel::actionStarted(const ActionRequest &request)
{
    // Queued before: the same row, now running.
    if (const int row = rowOf(request.id); row >= 0) {
        m_entries[size_t(row)]->queued = false;
        m_entries[size_t(row)]->started = QDateTime::currentDateTime();
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    append(request);
}

void ActionLogModel::append(const ActionRequest &request)
{
    auto e = std::make_unique<Entry>();
    e->request = request;
    e->started = QDateTime::currentDateTime();
    for (const BackendTarget &t : request.targets)
        e->targets.insert(t.pid, t);
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.push_back(std::move(e));
    endInsertRows();
}

void ActionLogModel::actionOutcome(quint64 action, const Outcome &outcome)
{
    const int parentRow = rowOf(action);
    if (parentRow < 0)
        return;
    Entry *e = m_entries[size_t(parentRow)].get();
    const QModelIndex parent = index(parentRow, 0);
    const int row = int(e->outcomes.size());
    beginInsertRows(parent, row, row);
    e->outcomes.push_back(outcome);
    endInsertRows();
    if (outcome.isFailure())
        emit dataChanged(index(parentRow, 0), index(parentRow, ColumnCount - 1));
}

void ActionLogModel::actionProgress(quint64 action, const QString &text)
{
    const int row = rowOf(action);
    if (row < 0 || m_entries[size_t(row)]->finished)
        return;
    m_entries[size_t(row)]->progress = text;
    emit dataChanged(index(row, Result), index(row, Result));
}

void ActionLogModel::actionFinished(const ActionSummary &summary)
{
    const int row = rowOf(summary.id);
    if (row < 0)
        return;
    m_entries[size_t(row)]->finished = true;
    m_entries[size_t(row)]->summary = summary;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QString ActionLogModel::toText() const
{
    QString out;
    for (int r = 0; r < rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < ColumnCount; ++c)
            cells << index(r, c).data().toString();
        out += cells.join(QLatin1Char('\t')) + QLatin1Char('\n');
        const QModelIndex parent = index(r, 0);
        for (int o = 0; o < rowCount(parent); ++o) {
            QStringList sub{QString()};
            for (int c = 1; c < ColumnCount; ++c)
                sub << index(o, c, parent).data().toString();
            out += sub.join(QLatin1Char('\t')) + QLatin1Char('\n');
        }
    }
    return out;
}
