// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/pooler_panel.h"

#include "models/pooler_model.h"
#include "servers/server_registry.h"
#include "sessions/session_cell_delegate.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

PoolerPanel::PoolerPanel(ServerRegistry *registry, QWidget *parent)
    : QWidget(parent)
    , m_registry(registry)
    , m_model(new PoolerModel(registry, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_title(new QLabel(this))
    , m_rows(new QComboBox(this))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("poolerPanel"));
    m_proxy->setSourceModel(m_model);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *bar = new QHBoxLayout;
    m_title->setObjectName(QStringLiteral("poolerTitle"));
    auto *show = new QLabel(tr("Sho&w:"), this);
    m_rows->setObjectName(QStringLiteral("poolerRows"));
    m_rows->addItems({tr("Clients"), tr("Server connections")});
    m_rows->setAccessibleName(tr("Pooler view"));
    show->setBuddy(m_rows);
    bar->addWidget(m_title, 1);
    bar->addWidget(show);
    bar->addWidget(m_rows);
    layout->addLayout(bar);
    m_view->setObjectName(QStringLiteral("poolerView"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new SessionCellDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSortingEnabled(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    layout->addWidget(m_view, 1);
    connect(m_rows, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int i) {
        m_model->setRows(i == 1 ? PoolerModel::Rows::Servers : PoolerModel::Rows::Clients);
        updateTitle();
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (m_menu && m_view->indexAt(pos).isValid())
            m_menu->exec(m_view->viewport()->mapToGlobal(pos));
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_view->resizeColumnsToContents();
        updateTitle();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &PoolerPanel::updateTitle);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &PoolerPanel::updateTitle);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &PoolerPanel::selectionChanged);
    updateTitle();
}

void PoolerPanel::setScope(int server, const QString &database)
{
    m_database = database;
    m_model->setScope(server, database);
    updateTitle();
}

void PoolerPanel::updateTitle()
{
    const bool clients = m_model->rows() == PoolerModel::Rows::Clients;
    const int n = m_model->rowCount();
    const QString name = m_registry && m_model->server() ? m_registry->options(m_model->server()).name : QString();
    QString text = clients ? (m_database.isEmpty() ? tr("%n pooler client(s) of %1", nullptr, n).arg(name)
                                                   : tr("%n pooler client(s) of %1 on %2", nullptr, n).arg(m_database, name))
                           : (m_database.isEmpty() ? tr("%n server connection(s) of %1", nullptr, n).arg(name)
                                                   : tr("%n server connection(s) of %1 on %2", nullptr, n).arg(m_database, name));
    m_title->setText(text);
    m_view->setAccessibleName(clients ? tr("Pooler clients") : tr("Pooler server connections"));
}

QString PoolerPanel::selectedClientId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty() || m_model->rows() != PoolerModel::Rows::Clients)
        return {};
    return rows.first().data(PoolerModel::ClientIdRole).toString();
}

QString PoolerPanel::selectedClientText() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty() || m_model->rows() != PoolerModel::Rows::Clients)
        return {};
    QStringList cells;
    for (int c = 0; c < m_model->columnCount(); ++c)
        cells << m_proxy->index(rows.first().row(), c).data().toString();
    cells.removeAll(QString());
    return cells.join(QStringLiteral(" · "));
}
