// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/status_line.h"

#include "models/blocking_model.h"
#include "models/formatter.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "servers/watchdog.h"

#include <QAbstractItemModel>
#include <QEvent>
#include <QHash>
#include <QLabel>
#include <QPainter>
#include <QStaticText>

#include <algorithm>

namespace {

const QString kSeparator = QStringLiteral(" \u00b7 ");

/// The line's label. Its text is drawn part by part, each laid out once while it reads the
/// same: most polls change one number in one part ("oldest wait 44 s"), and the label
/// laid out and shaped the whole line again at each. A line that holds right-to-left
/// text, or a control character, is drawn by the label itself, as are a disabled one
/// and one in a right-to-left window.
class StatusText : public QLabel
{
public:
    using QLabel::QLabel;

    void setParts(const QStringList &parts)
    {
        m_byParts = std::none_of(parts.begin(), parts.end(), [](const QString &part) {
            return std::any_of(part.begin(), part.end(), [](QChar c) {
                switch (c.direction()) {
                case QChar::DirR:
                case QChar::DirAL:
                case QChar::DirRLE:
                case QChar::DirRLO:
                case QChar::DirRLI:
                case QChar::DirFSI:
                    return true;
                default:
                    return c.unicode() < 0x20;
                }
            });
        });
        m_parts = parts;
        m_joined = parts.join(kSeparator);
        setText(m_joined);
    }

protected:
    void paintEvent(QPaintEvent *event) override
    {
        if (!m_byParts || text() != m_joined || !isEnabled() || layoutDirection() != Qt::LeftToRight || margin() != 0 || frameWidth() != 0) {
            QLabel::paintEvent(event);
            return;
        }
        QHash<QString, QStaticText> laidOut;
        QPainter painter(this);
        painter.setPen(palette().color(foregroundRole()));
        const QRect area = contentsRect();
        const double top = area.top() + (area.height() - fontMetrics().height()) / 2.0;
        double x = area.left();
        const auto draw = [&](const QString &text) {
            auto it = m_laidOut.find(text);
            if (it == m_laidOut.end()) {
                QStaticText t(text);
                t.setTextFormat(Qt::PlainText);
                t.prepare(QTransform(), font());
                it = m_laidOut.insert(text, t);
            }
            painter.drawStaticText(QPointF(x, top), *it);
            x += it->size().width();
            laidOut.insert(text, *it);
        };
        for (qsizetype i = 0; i < m_parts.size() && x <= area.right(); ++i) {
            if (i > 0)
                draw(kSeparator);
            draw(m_parts[i]);
        }
        m_laidOut.swap(laidOut); // what this line did not draw is let go
    }

    void changeEvent(QEvent *event) override
    {
        QLabel::changeEvent(event);
        if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
            m_laidOut.clear();
    }

private:
    QStringList m_parts;
    QString m_joined; ///< the text the parts make (another one set whole is drawn whole)
    bool m_byParts = false;
    QHash<QString, QStaticText> m_laidOut; ///< the parts as the last paint laid them out
};

} // namespace

StatusLine::StatusLine(const ServerRegistry *registry, const QAbstractItemModel *shown, const BlockingModel *blocking, QWidget *parent)
    : QWidget(parent)
    , m_text(new StatusText(this))
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
    const QString text = parts.join(kSeparator);
    if (text == m_text->text())
        return;
    static_cast<StatusText *>(m_text)->setParts(parts);
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
