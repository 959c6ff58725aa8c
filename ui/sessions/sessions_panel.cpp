// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/sessions_panel.h"

#include "history/history_panel.h"
#include "models/blocking_forest.h"
#include "models/blocking_model.h"
#include "models/session_model.h"
#include "sessions/blocking_view.h"
#include "models/session_filter_model.h"
#include "sessions/database_banner.h"
#include "sessions/pooler_panel.h"
#include "servers/server_monitor.h"
#include "sessions/session_table_view.h"
#include "sessions/stale_banner.h"
#include "servers/server_registry.h"

#include <QAccessible>
#include <QActionGroup>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

#include <utility>

SessionsPanel::SessionsPanel(SessionModel *model, BlockingModel *blocking, ServerRegistry *registry, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new SessionFilterModel(this))
    , m_filter(new QLineEdit(this))
    , m_hideIdle(new QCheckBox(tr("Hide &idle"), this))
    , m_hideBackground(new QCheckBox(tr("Hide back&ground"), this))
    , m_onlyLocks(new QCheckBox(tr("Only bloc&ked or blocking"), this))
    , m_banner(new StaleBanner(registry, this))
    , m_databaseBanner(new DatabaseBanner(registry, this))
    , m_history(new HistoryPanel(registry, this))
    , m_view(new SessionTableView(this))
    , m_blocking(blocking)
    , m_blockingView(new BlockingView(blocking, this))
    , m_blockingCut(new QLabel(this))
    , m_blockingPage(new QWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_pooler(new PoolerPanel(registry, this))
    , m_stack(new QStackedWidget(this))
    , m_registry(registry)
{
    // Who blocks whom changes with every poll: the proxy looks at that filter again for
    // every row at each poll (inside it, so the current row's moves are not the user's).
    m_proxy->setSourceModel(model);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_databaseBanner);
    layout->addWidget(m_banner);
    layout->addWidget(m_history);
    auto *sessionsPage = new QWidget(m_tabs);
    auto *sessionsLayout = new QVBoxLayout(sessionsPage);
    sessionsLayout->setContentsMargins(0, 4, 0, 0);
    auto *filterBar = new QHBoxLayout;
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter (Ctrl+F): text in any column or the query"));
    m_filter->setAccessibleName(tr("Filter sessions"));
    m_filter->setClearButtonEnabled(true);
    m_hideIdle->setObjectName(QStringLiteral("hideIdle"));
    m_hideBackground->setObjectName(QStringLiteral("hideBackground"));
    m_onlyLocks->setObjectName(QStringLiteral("onlyLocks"));
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) { holdCurrent([&] { m_proxy->setText(text); }); });
    connect(m_hideIdle, &QCheckBox::toggled, this, [this](bool on) { holdCurrent([&] { m_proxy->setHideIdle(on); }); });
    connect(m_hideBackground, &QCheckBox::toggled, this, [this](bool on) { holdCurrent([&] { m_proxy->setHideBackground(on); }); });
    connect(m_onlyLocks, &QCheckBox::toggled, this, [this](bool on) { holdCurrent([&] { m_proxy->setOnlyBlockedOrBlocking(on); }); });
    filterBar->addWidget(m_filter, 1);
    filterBar->addWidget(m_hideIdle);
    filterBar->addWidget(m_hideBackground);
    filterBar->addWidget(m_onlyLocks);
    sessionsLayout->addLayout(filterBar);

    m_view->setObjectName(QStringLiteral("sessionView"));
    m_view->setAccessibleName(tr("Sessions"));
    m_view->setModel(m_proxy);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SessionModel::Pid, Qt::AscendingOrder);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    const int em = m_view->fontMetrics().horizontalAdvance(QLatin1Char('m'));
    const int widths[SessionModel::ColumnCount] = {5, 8, 7, 11, 11, 9, 10, 12, 6, 6, 7, 6, 12, 30, 10};
    for (int c = 0; c < SessionModel::ColumnCount; ++c)
        m_view->setColumnWidth(c, em * widths[c]);
    // The Server column comes first, and is there in All servers only (setScope).
    header->moveSection(header->visualIndex(SessionModel::Server), 0);
    header->setSectionHidden(SessionModel::Server, true);
    // Which columns show, and the sort: from the header (its right-click menu, a click) and
    // from the keyboard (the View menu has both menus).
    m_columnsMenu = new QMenu(tr("&Columns"), this);
    m_columnsMenu->setObjectName(QStringLiteral("columnsMenu"));
    m_sortMenu = new QMenu(tr("S&ort by"), this);
    m_sortMenu->setObjectName(QStringLiteral("sortMenu"));
    auto *sortColumns = new QActionGroup(m_sortMenu);
    for (int c = 0; c < SessionModel::ColumnCount; ++c) {
        const QString name = m_model->headerData(c, Qt::Horizontal).toString();
        QAction *shown = m_columnsMenu->addAction(name);
        shown->setCheckable(true);
        shown->setData(c);
        connect(shown, &QAction::triggered, this, [header, c](bool on) { header->setSectionHidden(c, !on); });
        QAction *by = m_sortMenu->addAction(name);
        by->setCheckable(true);
        by->setData(c);
        sortColumns->addAction(by);
        connect(by, &QAction::triggered, this, [this, header, c] { m_view->sortByColumn(c, header->sortIndicatorOrder()); });
    }
    m_sortMenu->addSeparator();
    QAction *descending = m_sortMenu->addAction(tr("&Descending"));
    descending->setCheckable(true);
    descending->setObjectName(QStringLiteral("sortDescending"));
    connect(descending, &QAction::triggered, this, [this, header](bool on) {
        m_view->sortByColumn(header->sortIndicatorSection(), on ? Qt::DescendingOrder : Qt::AscendingOrder);
    });
    // The column of the current cell moved past its visible neighbour (what dragging its
    // header does).
    QAction *moveSeparator = m_columnsMenu->addSeparator();
    QAction *moveLeft = m_columnsMenu->addAction(tr("Move the current column &left"));
    QAction *moveRight = m_columnsMenu->addAction(tr("Move the current column &right"));
    moveLeft->setObjectName(QStringLiteral("moveColumnLeft"));
    moveRight->setObjectName(QStringLiteral("moveColumnRight"));
    const auto neighbour = [this, header](int step) { // the visual index to move to, or -1
        const QModelIndex current = m_view->currentIndex();
        if (!current.isValid() || header->isSectionHidden(current.column()))
            return -1;
        for (int v = header->visualIndex(current.column()) + step; v >= 0 && v < header->count(); v += step) {
            if (!header->isSectionHidden(header->logicalIndex(v)))
                return v;
        }
        return -1;
    };
    for (const auto &[action, step] : {std::pair{moveLeft, -1}, std::pair{moveRight, 1}}) {
        connect(action, &QAction::triggered, this, [this, header, neighbour, step = step] {
            const int to = neighbour(step);
            if (to >= 0)
                header->moveSection(header->visualIndex(m_view->currentIndex().column()), to);
        });
    }
    // Checked as things are when a menu opens (the header may have changed them).
    // From the header (right-click), the menu shows and hides columns only: the header's
    // sections are moved by dragging them, and "current column" would not be the one clicked.
    connect(m_columnsMenu, &QMenu::aboutToShow, this, [this, header, moveSeparator, moveLeft, moveRight, neighbour] {
        for (QAction *a : m_columnsMenu->actions()) {
            if (a->isCheckable())
                a->setChecked(!header->isSectionHidden(a->data().toInt()));
        }
        for (QAction *a : {moveSeparator, moveLeft, moveRight})
            a->setVisible(!m_columnsFromHeader);
        moveLeft->setEnabled(neighbour(-1) >= 0);
        moveRight->setEnabled(neighbour(1) >= 0);
    });
    connect(m_sortMenu, &QMenu::aboutToShow, this, [this, header, descending] {
        for (QAction *a : m_sortMenu->actions()) {
            if (a == descending || a->isSeparator())
                continue;
            const int c = a->data().toInt();
            a->setVisible(!header->isSectionHidden(c));
            a->setChecked(header->sortIndicatorSection() == c);
        }
        descending->setChecked(header->sortIndicatorOrder() == Qt::DescendingOrder);
    });
    connect(header, &QWidget::customContextMenuRequested, this, [this, header](const QPoint &pos) {
        m_columnsFromHeader = true;
        m_columnsMenu->exec(header->mapToGlobal(pos));
        m_columnsFromHeader = false;
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (m_contextMenu && m_view->indexAt(pos).isValid())
            m_contextMenu->exec(m_view->viewport()->mapToGlobal(pos));
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SessionsPanel::selectionChanged);
    // A poll that adds or removes rows above the visible ones leaves the sessions the user
    // is looking at where they are: the top visible one stays on top (a sort or a filter
    // the user asks for starts from where the scroll bar is, as usual).
    // A selection of the whole table is kept by Qt as "everything" through a layout change
    // (QItemSelectionModel's shortcut past 1,000 cells), which would select sessions that
    // arrive, or come out garbled when the row count changes: merged into ranges before the
    // change, it follows its sessions row by row.
    connect(m_proxy, &SessionFilterModel::layoutChangeComing, this,
            [this] { m_view->selectionModel()->select(QItemSelection(), QItemSelectionModel::Select); });
    connect(m_proxy, &QAbstractItemModel::layoutAboutToBeChanged, this, [this] {
        m_holdCurrent = true;
        // At the very top, new rows that sort first are meant to be seen: no anchor there.
        const bool atTop = m_view->verticalScrollBar()->value() == m_view->verticalScrollBar()->minimum();
        m_topRow = m_model->isApplying() && !atTop ? QPersistentModelIndex(m_view->indexAt(QPoint(1, 1))) : QPersistentModelIndex();
    });
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, [this] {
        m_holdCurrent = false;
        const QModelIndex top = std::exchange(m_topRow, QPersistentModelIndex());
        if (!top.isValid())
            return;
        static_cast<SessionTableView *>(m_view)->layOutNow(); // the rows' places and the scroll bar as they are now
        if (top.row() != m_view->rowAt(1))
            m_view->scrollTo(top, QAbstractItemView::PositionAtTop);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &SessionsPanel::onCurrentChanged);
    sessionsLayout->addWidget(m_view, 1);

    m_tabs->setObjectName(QStringLiteral("sessionTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(sessionsPage, tr("Sessio&ns"));
    // The tree and, over it when it has to, what it leaves out.
    auto *blockingLayout = new QVBoxLayout(m_blockingPage);
    blockingLayout->setContentsMargins(0, 0, 0, 0);
    blockingLayout->setSpacing(0);
    m_blockingCut->setObjectName(QStringLiteral("blockingCutShort"));
    m_blockingCut->setWordWrap(true);
    m_blockingCut->setMargin(4);
    m_blockingCut->hide(); // (its text is what a screen reader hears: its name)
    blockingLayout->addWidget(m_blockingCut);
    blockingLayout->addWidget(m_blockingView, 1);
    m_tabs->addTab(m_blockingPage, tr("&Blocking"));
    m_tabs->setTabToolTip(1, tr("Who blocks whom: root blockers, the sessions waiting on each, the locks"));
    m_stack->addWidget(m_tabs);
    m_stack->addWidget(m_pooler);
    layout->addWidget(m_stack, 1);
    // A server turns out to be a PgBouncer once it answers: its view follows.
    connect(registry, &ServerRegistry::statusChanged, this, [this](int id) {
        if (id == m_scopeServer)
            showPoolerIfPooler();
    });
    connect(m_blockingView, &BlockingView::currentSessionChanged, this, &SessionsPanel::currentSessionChanged);
    connect(m_blockingView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SessionsPanel::selectionChanged);
    connect(m_tabs, &QTabWidget::currentChanged, this, &SessionsPanel::selectionChanged);
    // The tab says how many wait: a chain is seen before the tab is opened.
    connect(m_blocking, &BlockingModel::countsChanged, this, [this] {
        const int blocked = m_blocking->blockedSessions(scopeServers());
        const QString text = blocked ? tr("&Blocking (%1)").arg(blocked) : tr("&Blocking");
        if (m_tabs->tabText(1) != text)
            m_tabs->setTabText(1, text);
        updateBlockingCut();
    });
}

void SessionsPanel::setContextMenu(QMenu *menu)
{
    m_contextMenu = menu;
    m_blockingView->setContextMenu(menu);
}

bool SessionsPanel::blockingShown() const
{
    return m_tabs->currentWidget() == m_blockingPage;
}

QList<int> SessionsPanel::scopeServers() const
{
    return m_scopeServer ? QList<int>{m_scopeServer} : m_scopeServers;
}

void SessionsPanel::updateBlockingCut()
{
    const QList<int> servers = scopeServers();
    const int left = m_blocking->leftOut(servers, m_scopeDatabase);
    // Nothing left out, but sessions cut short: thousands of holders of one lock, every
    // waiter under the first of them, the last ones shown without the sessions they hold up.
    const int cut = left ? 0 : m_blocking->cutShort(servers, m_scopeDatabase);
    QString text;
    if (left || cut) {
        const QString bound = QLocale().toString(BlockingForest::kMaxNodes);
        text = (left ? tr("A server's blocking tree stops at %1 rows: %Ln waiting session(s) not shown in it.", nullptr, left)
                     : tr("A server's blocking tree stops at %1 rows: under %Ln session(s) in it, not every session held up is shown.",
                          nullptr, cut))
                   .arg(bound);
        text += QLatin1Char(' ')
                + (m_blocking->countsWhole(servers) ? tr("Its counts include every session held up.")
                                                    : tr("Some of its counts are short: counting every session held up stopped at a "
                                                         "bound of work."));
        text += QLatin1Char(' ') + tr("The sessions table lists every session, with whom it waits for (Blocked by).");
    }
    if (m_blockingCut->text() != text)
        m_blockingCut->setText(text);
    if (m_blockingCut->isHidden() == text.isEmpty())
        return;
    m_blockingCut->setVisible(!text.isEmpty());
    // Said when it appears, not only when a screen reader comes across it.
    if (!text.isEmpty() && QAccessible::isActive()) {
        QAccessibleEvent alert(m_blockingCut, QAccessible::Alert);
        QAccessible::updateAccessibility(&alert);
    }
}

void SessionsPanel::showBlocking(bool shown)
{
    m_tabs->setCurrentIndex(shown ? 1 : 0);
    (shown ? static_cast<QWidget *>(m_blockingView) : m_view)->setFocus(Qt::OtherFocusReason);
}

void SessionsPanel::setScope(int server, const QString &database, const QList<int> &servers)
{
    holdCurrent([&] { m_proxy->setScope(server, database, servers); });
    m_view->horizontalHeader()->setSectionHidden(SessionModel::Server, server != 0);
    m_blockingView->setScope(server, database, servers);
    m_scopeServer = server;
    m_scopeServers = server ? QList<int>{} : servers;
    m_scopeDatabase = database;
    updateBlockingCut();
    m_pooler->setScope(server, database);
    showPoolerIfPooler();
    m_banner->setScope(server, servers);
    m_databaseBanner->setScope(server, database);
    m_history->setScope(server, database, servers);
}

bool SessionsPanel::poolerShown() const
{
    return m_stack->currentWidget() == m_pooler;
}

void SessionsPanel::showPoolerIfPooler()
{
    const ServerMonitor *m = m_scopeServer ? m_registry->monitor(m_scopeServer) : nullptr;
    const bool pooler = m && m->status().poolerConsole;
    m_stack->setCurrentWidget(pooler ? static_cast<QWidget *>(m_pooler) : m_tabs);
}

void SessionsPanel::onCurrentChanged()
{
    // Only the user moves the details pane: a filter, a sort or a poll that moves or
    // removes the current row leaves it on the session it shows.
    if (m_holdCurrent || m_model->isApplying())
        return;
    const QModelIndex current = m_proxy->mapToSource(m_view->currentIndex());
    emit currentSessionChanged(current.isValid() ? m_model->session(current.row()).key : SessionKey{});
}

bool SessionsPanel::selectPid(int server, int pid)
{
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (i.data(SessionModel::ServerRole).toInt() == server && i.data(SessionModel::PidRole).toInt() == pid) {
            m_view->selectionModel()->setCurrentIndex(i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_view->scrollTo(i);
            return true;
        }
    }
    return false;
}
