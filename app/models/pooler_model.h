// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "monitor/pooler_state.h"
#include "monitor/snapshot.h"

#include <QAbstractTableModel>
#include <QHash>

class ServerRegistry;

/// A PgBouncer's clients (SHOW CLIENTS) or its server connections (SHOW SERVERS), of one
/// watched pooler, optionally of one of its databases. A column is shown only when the
/// pooler's version has what it is made of: absent, never empty. Each poll is applied as a
/// diff keyed by the connection's identity, so selection and the current row stay.
class PoolerModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Rows { Clients, Servers };
    enum Role {
        KeyRole = Qt::UserRole + 1, ///< QString: the row's identity
        ClientIdRole,               ///< QString: SHOW CLIENTS' id (1.24+), for KILL_CLIENT
        DatabaseRole,               ///< QString: the pooler database (alias)
        BackendPidRole,             ///< int: the PostgreSQL backend serving it, or 0
    };

    explicit PoolerModel(const ServerRegistry *registry = nullptr, QObject *parent = nullptr);

    void setRows(Rows rows);
    Rows rows() const { return m_rows; }
    /// The pooler server shown (0: none), and one of its databases (empty: all).
    void setScope(int server, const QString &database);
    int server() const { return m_server; }
    /// The last poll of the pooler shown, or null.
    const PoolerStatePtr &state() const { return m_state; }
    void applySnapshot(const Snapshot &snapshot);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The column titled @p title now, or -1 (for tests).
    int columnTitled(const QString &title) const;

    /// Describes pooler client @p row of @p state: "user@addr:port · application".
    static QString describeClient(const PoolerState &state, size_t row);

    /// A column: its title, the SHOW columns it is made of, how its text is made.
    struct Column;
    struct Lookup;

private:
    struct Row {
        QString key;
        QStringList cells;
        QString clientId;
        QString database;
        int backendPid = 0;
    };
    /// A row as last made, and what it was made from.
    struct Cached {
        QStringList source;
        QString other;
        Row row;
        bool inScope;
    };
    void rebuild(bool reset);
    std::vector<Row> rowsOf(const PoolerState &state);

    const ServerRegistry *m_registry;
    Rows m_rows = Rows::Clients;
    int m_server = 0;
    QString m_database;
    PoolerStatePtr m_state;
    std::vector<const Column *> m_columns; // those this version has
    std::vector<Row> m_data;
    std::vector<Cached> m_byRow; // the last poll's rows, in the pooler's order (in scope or not)
};
