// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"

#include <QAbstractItemModel>
#include <QDateTime>

#include <memory>
#include <vector>

class ServerRegistry;

/// The log pane's model: one top-level row per action (when, where, what was asked, how
/// it ended), with one child row per backend outcome. Rows are only ever appended.
/// Given a registry, it records every action of every watched server itself.
class ActionLogModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { Time, Server, What, Result, ColumnCount };
    enum Role {
        FailureRole = Qt::UserRole + 1, ///< bool: this outcome (or an outcome of this action) failed
        ActionIdRole,                   ///< quint64
        OutcomeRole,                    ///< int (Outcome::Result) for outcome rows
        PidRole,                        ///< int for outcome rows
        QueuedRole,                     ///< bool: an action waiting for another to end (it can still be cancelled)
        ServerRole,                     ///< int: the server id of an action row
    };

    explicit ActionLogModel(const ServerRegistry *registry = nullptr, QObject *parent = nullptr);
    ~ActionLogModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void actionQueued(const ActionRequest &request, quint64 waitingFor);
    void actionCancelled(quint64 action);
    void actionStarted(const ActionRequest &request);
    void actionOutcome(quint64 action, const Outcome &outcome);
    void actionProgress(quint64 action, const QString &text);
    void actionFinished(const ActionSummary &summary);

    /// The log as text, one line per action and per outcome (for copy and export).
    QString toText() const;

private:
    struct Entry;
    int rowOf(quint64 action) const;
    void append(const ActionRequest &request);
    static QString outcomeText(const Outcome &o);

    std::vector<std::unique_ptr<Entry>> m_entries;
};
