// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/database_banner.h"

#include "models/formatter.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

DatabaseBanner::DatabaseBanner(ServerRegistry *registry, QWidget *parent)
    : QFrame(parent)
    , m_registry(registry)
    , m_scroll(new QScrollArea(this))
{
    setObjectName(QStringLiteral("databaseBanner"));
    setAccessibleName(tr("Databases refusing connections"));
    setStyleSheet(QStringLiteral("#databaseBanner { background: rgba(220, 40, 40, 40); border-radius: 3px; }"));
    // Many offers (a server-wide kill leaves one per database) scroll, rather than push the
    // sessions out of view; the keyboard's focus brings each into view.
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_scroll);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setAccessibleName(accessibleName());
    m_scroll->viewport()->setAutoFillBackground(false);
    auto *content = new QWidget;
    content->setAutoFillBackground(false);
    m_rows = new QVBoxLayout(content);
    m_rows->setContentsMargins(4, 4, 4, 4);
    m_scroll->setWidget(content);
    hide();
    connect(registry, &ServerRegistry::restoreOffered, this, &DatabaseBanner::refresh);
    connect(registry, &ServerRegistry::restoreSettled, this, &DatabaseBanner::refresh);
    connect(registry, &ServerRegistry::snapshotReady, this, &DatabaseBanner::refresh);
    connect(registry, &ServerRegistry::serverRemoved, this, &DatabaseBanner::refresh);
    connect(registry, &ServerRegistry::serverChanged, this, &DatabaseBanner::refresh); // (a new name)
}

void DatabaseBanner::setScope(int server, const QString &database)
{
    m_server = server;
    m_database = database;
    refresh();
}

QString DatabaseBanner::whatRan(const QString &kind)
{
    if (kind == QLatin1String("kill all"))
        return tr("kill all connections of a database");
    if (kind == QLatin1String("kill server"))
        return tr("kill all connections of the server");
    if (kind == QLatin1String("pooler kill all"))
        return tr("kill all clients of a pooler database");
    return kind; // (a kind of a later version, in the journal's words)
}

QString DatabaseBanner::nameOf(const QString &serverKey, const QString &journalName) const
{
    for (int id : m_registry->servers()) {
        if (const ServerMonitor *m = m_registry->monitor(id); m && m->serverKey() == serverKey)
            return m_registry->options(id).name;
    }
    return journalName; // not watched now: as the journal has it
}

bool DatabaseBanner::leadsToSelectedServer(const UnfinishedBlock &offer) const
{
    const ServerMonitor *selected = m_registry->monitor(m_server);
    if (!selected)
        return false;
    if (!offer.serverBehind.isEmpty())
        return offer.serverBehind == selected->serverKey(); // the kill-all ran on that server
    // Run at the pooler itself: shown where the alias leads, as far as both last polls tell.
    const ServerMonitor *pooler = m_registry->monitor(m_registry->linkedPooler(m_server));
    const SnapshotPtr poolerSnap = pooler ? pooler->lastSnapshot() : SnapshotPtr();
    const SnapshotPtr snap = selected->lastSnapshot();
    if (!poolerSnap || !poolerSnap->pooler || !snap)
        return true;
    const QString target = poolerSnap->pooler->databaseOf(offer.database);
    return target.isEmpty() || std::any_of(snap->databases.begin(), snap->databases.end(), [&](const DatabaseInfo &d) { return d.name == target; });
}

void DatabaseBanner::refresh()
{
    struct Row {
        QString text;
        int server = 0;
        QString action; // an offer's journal key; empty: the selected database
        QString database, serverName; // whom its buttons act on (named for a screen reader)
        bool atPooler = false;
        QString ranOn; // a pooler's offer: the server whose kill-all left it (two can look alike)
    };
    std::vector<Row> rows;
    bool offered = false; // the selected database has an offer: no second row for it
    for (int id : m_registry->servers()) {
        // A pooler's offer shows with the server behind it too: one kill-all left both.
        const bool inScope = !m_server || m_server == id;
        if (!inScope && m_registry->linkedPooler(m_server) != id)
            continue;
        const QString serverName = m_registry->options(id).name;
        for (const UnfinishedBlock &b : m_registry->restoreOffers(id)) {
            if (!inScope && (!b.atPooler || !leadsToSelectedServer(b)))
                continue;
            const QString since = QLocale().toString(b.since.toLocalTime(), QLocale::ShortFormat);
            if (b.atPooler) {
                // Which server's kill-all it was: two behind one pooler leave rows alike otherwise.
                const QString ranOn = b.serverBehind.isEmpty() ? QString() : nameOf(b.serverBehind, b.serverBehindName);
                const QString text = ranOn.isEmpty()
                                         ? tr("Pooler database \"%1\" on %2 shuts its clients out since %3: a kill-all of pgsessions "
                                              "disabled it and did not finish (%4). Let its clients in again?")
                                               .arg(format::visible(b.database), serverName, since, whatRan(b.what))
                                         : tr("Pooler database \"%1\" on %2 shuts its clients out since %3: a kill-all of pgsessions "
                                              "on %4 disabled it and did not finish (%5). Let its clients in again?")
                                               .arg(format::visible(b.database), serverName, since, ranOn, whatRan(b.what));
                rows.push_back({text, id, b.action, format::visible(b.database), serverName, true, ranOn});
                continue;
            }
            offered = offered || (id == m_server && b.database == m_database);
            rows.push_back({tr("\"%1\" on %2 refuses new connections since %3: a kill-all of pgsessions blocked it and did not finish "
                               "(%4). Allow connections again?")
                                .arg(format::visible(b.database), serverName, since, whatRan(b.what)),
                            id, b.action, format::visible(b.database), serverName, false, QString()});
        }
    }
    if (const ServerMonitor *monitor = m_registry->monitor(m_server); monitor && !m_database.isEmpty() && !offered) {
        if (const SnapshotPtr &snap = monitor->lastSnapshot()) {
            for (const DatabaseInfo &d : snap->databases) {
                if (d.name == m_database && !d.allowConnections)
                    rows.push_back({tr("\"%1\" does not accept new connections (datallowconn is false).").arg(format::visible(d.name)),
                                    m_server, QString(), format::visible(d.name), m_registry->options(m_server).name, false, QString()});
            }
        }
    }
    QString shown;
    for (const Row &r : rows)
        shown += r.text + QLatin1Char('\t') + r.serverName + QLatin1Char('\n'); // (the buttons' names hold the server's)
    if (shown == m_shown)
        return;
    m_shown = shown;
    while (QLayoutItem *item = m_rows->takeAt(0)) {
        if (QLayout *row = item->layout()) {
            while (QLayoutItem *w = row->takeAt(0)) {
                delete w->widget();
                delete w;
            }
        }
        delete item;
    }
    for (const Row &r : rows) {
        auto *line = new QHBoxLayout;
        auto *label = new QLabel(r.text, this);
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        line->addWidget(label, 1);
        if (r.action.isEmpty()) {
            auto *allow = new QPushButton(tr("Allow connections…"), this);
            allow->setObjectName(QStringLiteral("allowSelected"));
            allow->setAccessibleName(tr("Allow connections to \"%1\" on %2…").arg(r.database, r.serverName));
            connect(allow, &QPushButton::clicked, this, [this] {
                if (m_allow && m_allow->isEnabled())
                    m_allow->trigger();
            });
            line->addWidget(allow);
        } else {
            auto *restore = new QPushButton(r.atPooler ? tr("Let clients in again") : tr("Allow connections again"), this);
            restore->setObjectName(QStringLiteral("restore"));
            auto *dismiss = new QPushButton(tr("Dismiss"), this);
            dismiss->setObjectName(QStringLiteral("dismiss"));
            dismiss->setToolTip(tr("Leave the database as it is and do not offer this again"));
            // Several offers have buttons of the same words: each is named for its database
            // (and a pooler's for the server whose kill-all it was).
            if (!r.ranOn.isEmpty()) {
                restore->setAccessibleName(tr("Let the clients of pooler database \"%1\" on %2 in again (a kill-all on %3)").arg(r.database, r.serverName, r.ranOn));
                dismiss->setAccessibleName(tr("Dismiss the offer for \"%1\" on %2 (a kill-all on %3)").arg(r.database, r.serverName, r.ranOn));
            } else {
                restore->setAccessibleName(r.atPooler ? tr("Let the clients of pooler database \"%1\" on %2 in again").arg(r.database, r.serverName)
                                                      : tr("Allow connections to \"%1\" on %2 again").arg(r.database, r.serverName));
                dismiss->setAccessibleName(tr("Dismiss the offer for \"%1\" on %2").arg(r.database, r.serverName));
            }
            connect(restore, &QPushButton::clicked, this, [this, server = r.server, action = r.action] { m_registry->restore(server, action); });
            connect(dismiss, &QPushButton::clicked, this, [this, action = r.action] { m_registry->dismissRestore(action); });
            line->addWidget(restore);
            line->addWidget(dismiss);
        }
        m_rows->addLayout(line);
    }
    setVisible(!rows.empty());
    fitHeight();
}

void DatabaseBanner::fitHeight()
{
    // A row's widgets count once shown (a layout shows new ones only later, queued).
    for (QWidget *w : m_scroll->widget()->findChildren<QWidget *>(Qt::FindDirectChildrenOnly)) {
        if (w->isHidden())
            w->show();
    }
    // As high as its rows at this width, up to about three offers' worth.
    const int width = m_scroll->viewport()->width();
    const int wanted = m_rows->hasHeightForWidth() ? m_rows->totalHeightForWidth(width) : m_rows->totalSizeHint().height();
    const int most = fontMetrics().lineSpacing() * 12 + 2 * m_rows->contentsMargins().top();
    const int height = std::min(wanted, most);
    m_scroll->setFixedHeight(height); // no change, no new layout
}

void DatabaseBanner::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    if (event->oldSize().width() != event->size().width())
        fitHeight(); // the rows wrap anew
}
