// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/log_pane.h"

#include "models/action_log_model.h"
#include "servers/server_registry.h"

#include <QAction>
#include <QMenu>

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

LogPane::LogPane(ActionLogModel *log, ServerRegistry *registry, QWidget *parent)
    : QWidget(parent)
    , m_log(log)
    , m_registry(registry)
    , m_view(new QTreeView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setAccessibleName(tr("Action log"));
    m_view->setModel(log);
    m_view->setUniformRowHeights(true);
    m_view->header()->setStretchLastSection(true);
    const int em = m_view->fontMetrics().horizontalAdvance(QLatin1Char('m'));
    m_view->setColumnWidth(ActionLogModel::Time, em * 14);
    m_view->setColumnWidth(ActionLogModel::Server, em * 12);
    m_view->setColumnWidth(ActionLogModel::What, em * 30);
    connect(log, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &under, int, int last) {
        if (!under.isValid()) {
            m_view->scrollTo(m_log->index(last, 0));
            m_view->expand(m_log->index(last, 0));
        }
    });
    auto *buttons = new QHBoxLayout;
    auto *copy = new QPushButton(tr("Cop&y log"), this);
    auto *save = new QPushButton(tr("Export l&og…"), this);
    auto *cancel = new QAction(tr("Cancel this queued action"), this);
    cancel->setObjectName(QStringLiteral("cancelQueued"));
    cancel->setShortcut(QKeySequence(Qt::Key_Delete));
    cancel->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(cancel);
    connect(cancel, &QAction::triggered, this, &LogPane::cancelCurrent);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this, cancel](const QPoint &pos) {
        const QModelIndex index = m_view->indexAt(pos);
        if (!index.isValid() || !index.siblingAtColumn(0).data(ActionLogModel::QueuedRole).toBool())
            return;
        m_view->setCurrentIndex(index);
        QMenu menu(this);
        menu.addAction(cancel);
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });
    auto *journal = new QLabel(tr("Journal: %1").arg(registry->journalPath()), this);
    journal->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_log->toText()); });
    connect(save, &QPushButton::clicked, this, &LogPane::exportLog);
    buttons->addWidget(journal, 1);
    buttons->addWidget(copy);
    buttons->addWidget(save);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
}

void LogPane::cancelCurrent()
{
    const QModelIndex row = m_view->currentIndex().siblingAtColumn(0);
    if (row.data(ActionLogModel::QueuedRole).toBool())
        m_registry->cancelQueued(row.data(ActionLogModel::ServerRole).toInt(), row.data(ActionLogModel::ActionIdRole).toULongLong());
}

void LogPane::exportLog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export log"), QStringLiteral("pgsessions-log.txt"), tr("Text files (*.txt)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(m_log->toText().toUtf8()) < 0)
        QMessageBox::warning(this, tr("Export log"), tr("Cannot write %1: %2").arg(path, file.errorString()));
}
