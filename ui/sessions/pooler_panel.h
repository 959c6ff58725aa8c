// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class PoolerModel;
class QComboBox;
class QLabel;
class QMenu;
class QSortFilterProxyModel;
class QTableView;
class ServerRegistry;

/// What the window shows for a PgBouncer admin console: its clients (SHOW CLIENTS) or its
/// server connections (SHOW SERVERS, with the backend pid of each), of the whole pooler
/// or of the pooler database selected in the tree.
class PoolerPanel : public QWidget
{
    Q_OBJECT
public:
    PoolerPanel(ServerRegistry *registry, QWidget *parent = nullptr);

    PoolerModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QComboBox *rowsBox() const { return m_rows; }
    void setScope(int server, const QString &database);
    void setContextMenu(QMenu *menu) { m_menu = menu; }
    /// The client selected (clients shown): its id (1.24+) and description; empty if none.
    QString selectedClientId() const;
    QString selectedClientText() const;

Q_SIGNALS:
    void selectionChanged();

private:
    void updateTitle();

    ServerRegistry *m_registry;
    PoolerModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLabel *m_title;
    QComboBox *m_rows;
    QTableView *m_view;
    QMenu *m_menu = nullptr;
    QString m_database;
};
