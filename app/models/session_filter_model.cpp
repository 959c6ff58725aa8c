// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/session_filter_model.h"

#include "models/session_model.h"

SessionFilterModel::SessionFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SessionModel::SortRole);
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void SessionFilterModel::setScope(int server, const QString &database)
{
    m_server = server;
    m_database = database;
    invalidateFilter();
}

void SessionFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

void SessionFilterModel::setHideIdle(bool on)
{
    m_hideIdle = on;
    invalidateFilter();
}

void SessionFilterModel::setHideBackground(bool on)
{
    m_hideBackground = on;
    invalidateFilter();
}

void SessionFilterModel::setOnlyBlockedOrBlocking(bool on)
{
    m_onlyLocks = on;
    invalidateFilter();
}

bool SessionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = static_cast<const SessionModel *>(sourceModel());
    if (sourceParent.isValid() || sourceRow >= model->rowCount())
        return false;
    const Session &s = model->session(sourceRow);
    if (m_server && s.key.server != m_server)
        return false;
    if (!m_database.isEmpty() && s.database != m_database)
        return false;
    if (m_hideIdle && s.state == QLatin1String("idle"))
        return false;
    if (m_hideBackground && !s.isClientBackend())
        return false;
    if (m_onlyLocks && s.blockedBy.isEmpty() && model->blocking(s.key.server, s.key.pid).isEmpty())
        return false;
    if (!m_text.isEmpty()) {
        for (int c = 0; c < SessionModel::ColumnCount; ++c) {
            if (model->index(sourceRow, c).data().toString().contains(m_text, Qt::CaseInsensitive))
                return true;
        }
        return s.query.contains(m_text, Qt::CaseInsensitive);
    }
    return true;
}
