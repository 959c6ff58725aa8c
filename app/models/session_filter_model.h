// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractProxyModel>
#include <QSet>

#include <memory>
#include <vector>

class SessionModel;
struct SessionKey;

/// What the sessions table shows: one server or one of its databases (from the tree),
/// text over every column, and the toggles hide idle, hide background processes, only
/// blocked or blocking; sorted by one column.
///
/// A poll is taken as one change, not as the hundreds of removals and changes a diff
/// reports: the rows that stay keep their place and their sort key, the ones that changed
/// or are new are sorted among themselves and merged in (linear in the rows, where a
/// QSortFilterProxyModel moves its mapping for every run of removed or changed rows). When
/// the rows shown are the same sessions in the same places, views are told only which
/// cells changed; otherwise they see one layout change whose persistent indexes
/// (selection, current row) follow their sessions. Ties keep the source's order, as a
/// stable sort does.
class SessionFilterModel : public QAbstractProxyModel
{
    Q_OBJECT
public:
    explicit SessionFilterModel(QObject *parent = nullptr);
    ~SessionFilterModel() override;

    /// Must be a SessionModel.
    void setSourceModel(QAbstractItemModel *source) override;

    /// One server, or with @p server 0 several: @p servers (a group's), or every server
    /// when empty.
    void setScope(int server, const QString &database, const QList<int> &servers = {});
    void setText(const QString &text);
    void setHideIdle(bool on);
    void setHideBackground(bool on);
    void setOnlyBlockedOrBlocking(bool on);
    bool onlyBlockedOrBlocking() const { return m_onlyLocks; }
    /// Re-evaluates every filter (those that depend on other rows, blocking, are also
    /// looked at again after each poll).
    void refilter();

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_order; }
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    /// Every role at once from the source (a cell's paint asks for about ten): mapped once.
    void multiData(const QModelIndex &index, QModelRoleDataSpan roleDataSpan) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

    /// Whether the row of @p source passes the filters (a row of the source model).
    bool filterAcceptsRow(int sourceRow) const;

Q_SIGNALS:
    /// Just before layoutAboutToBeChanged(): the last moment to put a selection model in a
    /// form that follows rows one by one (see SessionsPanel).
    void layoutChangeComing();

private:
    struct Entry;
    class Change;

    void begin(bool full);
    void end();
    std::vector<Entry> rebuilt(int sourceRows) const;
    std::vector<Entry> merged(int sourceRows, const Change &change, const std::vector<int> &now) const;
    void indexSourceRows(int sourceRows);
    bool looksAtEveryRow() const;
    Entry entry(int sourceRow) const;
    bool lessThan(const Entry &a, const Entry &b) const;
    bool touchesOrder(int firstColumn, int lastColumn) const;
    /// dataChanged for the proxy rows of source rows @p first..@p last (numbered as before
    /// the change's removals when @p renumber maps them to now).
    void passOnCells(int first, int last, int firstColumn, int lastColumn, const QList<int> &roles, const std::vector<int> *renumber);
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);

    const SessionModel *m_source = nullptr;
    std::vector<Entry> m_entries;  ///< proxy row -> source row and sort key, in the order shown
    std::vector<int> m_proxyRowOf; ///< source row -> proxy row, or -1
    std::unique_ptr<Change> m_change; ///< while the source changes under a layout change
    QList<QMetaObject::Connection> m_connections;

    int m_sortColumn = -1;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    int m_server = 0;
    QSet<int> m_servers;
    QString m_database;
    QString m_text;
    bool m_hideIdle = false;
    bool m_hideBackground = false;
    bool m_onlyLocks = false;
};
