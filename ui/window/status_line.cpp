// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/status_line.h"

#include "models/blocking_model.h"
#include "models/formatter.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "servers/watchdog.h"

#include <QAbstractItemModel>
#include <QEvent>
#include <QLabel>

#include <algorithm>

StatusLine::StatusLine(const ServerRegistry *registry, const QAbstractItemModel *shown, const BlockingModel *blocking, QWidget *parent)
    : QWidget(parent)
    , m_text(new QLabel(this))
    , m_registry(registry)
    , m_shown(shown)
    , m_blocking(blocking)
{
    m_text->setObjectName(QStringLiteral("statusLine"));
    m_text->setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // Opaque: a new text repaints this line alone, not the status bar and the window's
    // background under it as well.
    setAutoFillBackground(true);
    for (auto signal : {&ServerRegistry::serverAdded, &ServerRegistry::serverRemoved, &ServerRegistry::serverChanged})
        connect(registry, signal, this, &StatusLine::refresh);
    connect(registry, &ServerRegistry::statusChanged, this, &StatusLine::refresh);
    connect(registry, &ServerRegistry::snapshotReady, this, &StatusLine::refresh);
    connect(registry->watchdog(), &Watchdog::changed, this, &StatusLine::refresh);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(shown, signal, this, &StatusLine::refresh);
    connect(shown, &QAbstractItemModel::modelReset, this, &StatusLine::refresh);
    connect(shown, &QAbstractItemModel::layoutChanged, this, &StatusLine::refresh);
    refresh();
}

void StatusLine::refresh()
{
    QStringList parts;
    for (int id : m_registry->servers()) {
        const ServerStatus &s = m_registry->monitor(id)->status();
        QString state = format::serverState(s);
        // One line here; the banner and the node's tooltip have the whole message.
        if (s.state == ServerStatus::Error && s.retryInSeconds > 0)
            state = tr("%1 (retrying in %n s)", nullptr, s.retryInSeconds).arg(state);
        else if (s.state == ServerStatus::NeedsPassword)
            state = tr("%1 (F5 asks again)").arg(state);
        if (s.state == ServerStatus::Connected && s.privileges.known && !s.privileges.superuser && !s.privileges.readAllStats)
            state += tr(" — role %1 cannot see other roles' queries (needs pg_read_all_stats)").arg(s.privileges.role);
        if (const Watchdog::Armed *armed = m_registry->watchdog()->armed(id))
            state += tr(", watchdog \"%1\" armed").arg(armed->rule.name);
        parts << QStringLiteral("%1: %2").arg(m_registry->options(id).name, state);
    }
    if (const int blocked = m_blocking->blockedSessions())
        parts << tr("%n session(s) blocked, oldest wait %1", nullptr, blocked).arg(format::duration(m_blocking->longestWaitMicros()));
    parts << tr("%n session(s) shown", nullptr, m_shown->rowCount());
    const QString text = parts.join(QStringLiteral(" · "));
    if (text == m_text->text())
        return;
    m_text->setText(text);
    m_text->setToolTip(text); // what a narrow window cuts off
}

QString StatusLine::text() const
{
    return m_text->text();
}

QSize StatusLine::sizeHint() const
{
    return {m_text->fontMetrics().averageCharWidth() * 40, minimumSizeHint().height()};
}

QSize StatusLine::minimumSizeHint() const
{
    // One line of the label's font, whatever it says: as tall as the tallest text the
    // line may hold (a name in another script is drawn in a taller fallback font).
    const QFontMetrics metrics = m_text->fontMetrics();
    const int line = std::max(metrics.height(), metrics.boundingRect(QStringLiteral("Ág\u6f22\u5b57\u0e01\u0e34")).height());
    return {0, line + 2 * m_text->margin()};
}

void StatusLine::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_text->setGeometry(rect());
}

void StatusLine::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateGeometry();
}
