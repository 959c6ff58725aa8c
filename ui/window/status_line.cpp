// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/status_line.h"

#include "models/blocking_model.h"
#include "models/formatter.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "servers/watchdog.h"

#include <QAbstractItemModel>
#include <QAccessible>
#include <QAccessibleWidget>
#include <QEvent>
#include <QFontMetricsF>
#include <QPaintEvent>
#include <QPainter>
#include <QTextLayout>

#include <algorithm>
#include <memory>

namespace {

/// The line to assistive technology: a static text, the whole line.
class StatusLineAccessible : public QAccessibleWidget
{
public:
    explicit StatusLineAccessible(StatusLine *line)
        : QAccessibleWidget(line, QAccessible::StaticText)
    {
    }
    QString text(QAccessible::Text t) const override
    {
        if (t == QAccessible::Name && widget()->accessibleName().isEmpty())
            return static_cast<const StatusLine *>(widget())->text();
        return QAccessibleWidget::text(t);
    }
};

QAccessibleInterface *statusLineAccessible(const QString &className, QObject *object)
{
    if (className == QLatin1String("StatusLine") && object && object->isWidgetType())
        return new StatusLineAccessible(static_cast<StatusLine *>(object)); // owned by Qt's accessibility cache
    return nullptr;
}

/// Whether @p text holds a right-to-left character: then the line is laid out whole, as
/// the order of its runs depends on all of it.
bool holdsRightToLeft(const QString &text)
{
    for (const char32_t c : text.toUcs4()) {
        switch (QChar::direction(c)) {
        case QChar::DirR:
        case QChar::DirAL:
        case QChar::DirRLE:
        case QChar::DirRLO:
        case QChar::DirRLI:
            return true;
        default:
            break;
        }
    }
    return false;
}

constexpr int kOverhang = 2; ///< pixels a glyph may reach past its advance, either side

/// Whether @p text is a count or an age ("42", "5 s", "1:05", "2 d 03:04:05"): digits,
/// colons, spaces and a few ASCII letters, which no font joins or kerns in a way that
/// shows. Such a piece is drawn character by character, each shaped once for the
/// line's life; an age is a new text at every poll, and shaping one, however short,
/// cost as much as laying out the whole line.
bool isCounter(const QString &text)
{
    if (text.isEmpty() || text.size() > 16)
        return false;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= '0' && u <= '9') || u == ':' || u == ' ' || (u >= 'a' && u <= 'z')))
            return false;
    }
    return true;
}

} // namespace

/// A text laid out once, on one line.
struct StatusLine::Shaped {
    QTextLayout layout;
    qreal width = 0; ///< its advance, with its spaces at either end
};

struct StatusLine::Piece {
    QString text;
    /// What draws it, each at its offset in the piece: the piece shaped whole, or (a
    /// counter) its characters.
    std::vector<std::pair<qreal, std::shared_ptr<const Shaped>>> parts;
    qreal x = 0;
    qreal width = 0;
    bool sameAs(const Piece &other) const { return x == other.x && width == other.width && text == other.text; }
};

std::shared_ptr<const StatusLine::Shaped> StatusLine::shape(const QString &text) const
{
    auto shaped = std::make_shared<Shaped>();
    shaped->layout.setText(text);
    shaped->layout.setFont(font());
    QTextOption option;
    option.setWrapMode(QTextOption::NoWrap);
    option.setTextDirection(layoutDirection());
    option.setAlignment(Qt::AlignLeft | Qt::AlignAbsolute); // (where it is drawn)
    shaped->layout.setTextOption(option);
    shaped->layout.setCacheEnabled(true);
    shaped->layout.beginLayout();
    QTextLine line = shaped->layout.createLine();
    line.setLineWidth(1e6); // (one line: no wrapping, whatever its length)
    shaped->layout.endLayout();
    shaped->width = line.horizontalAdvance();
    return shaped;
}

StatusLine::StatusLine(const ServerRegistry *registry, const QAbstractItemModel *shown, const BlockingModel *blocking, QWidget *parent)
    : QWidget(parent)
    , m_registry(registry)
    , m_shown(shown)
    , m_blocking(blocking)
{
    setObjectName(QStringLiteral("statusLine"));
    static const bool installed = [] {
        QAccessible::installFactory(statusLineAccessible);
        return true;
    }();
    Q_UNUSED(installed)
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // Opaque: a new piece repaints its place alone, not the status bar and the window's
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

StatusLine::~StatusLine() = default;

void StatusLine::refresh()
{
    // The pieces: what changes apart (a wait's age, the count shown) is a piece of its
    // own; a separator starts the piece after it.
    QStringList pieces;
    const QString separator = QStringLiteral(" · ");
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
        pieces << (pieces.isEmpty() ? QString() : separator) + QStringLiteral("%1: %2").arg(m_registry->options(id).name, state);
    }
    if (const int blocked = m_blocking->blockedSessions()) {
        // The wait's age, which changes at every poll, apart from the words around it.
        const QString said = tr("%n session(s) blocked, oldest wait %1", nullptr, blocked);
        const qsizetype at = said.indexOf(QLatin1String("%1"));
        const QString before = (pieces.isEmpty() ? QString() : separator) + (at < 0 ? said : said.left(at));
        pieces << before << format::duration(m_blocking->longestWaitMicros());
        if (at >= 0 && at + 2 < said.size())
            pieces << said.mid(at + 2);
    }
    pieces << (pieces.isEmpty() ? QString() : separator) + tr("%n session(s) shown", nullptr, m_shown->rowCount());
    setPieces(pieces);
}

void StatusLine::setPieces(const QStringList &pieces)
{
    const QString text = pieces.join(QString());
    if (text == m_text && pieces == m_given)
        return;
    const bool named = text != m_text;
    m_text = text;
    m_given = pieces;
    // Right to left, the whole line is one piece: the bidirectional order is the line's.
    const bool whole = layoutDirection() == Qt::RightToLeft || holdsRightToLeft(text);
    const QStringList texts = whole ? QStringList{text} : pieces;
    std::vector<Piece> next;
    next.reserve(size_t(texts.size()));
    qreal x = 0;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (texts[i].isEmpty())
            continue;
        const size_t at = next.size();
        if (at < m_pieces.size() && m_pieces[at].text == texts[i]) {
            next.push_back(m_pieces[at]); // measured already
        } else {
            Piece piece;
            piece.text = texts[i];
            if (!whole && isCounter(texts[i])) {
                for (const QChar c : texts[i]) {
                    std::shared_ptr<const Shaped> &character = m_characters[c];
                    if (!character)
                        character = shape(QString(c));
                    piece.parts.emplace_back(piece.width, character);
                    piece.width += character->width;
                }
            } else {
                piece.parts.emplace_back(0, shape(texts[i]));
                piece.width = piece.parts.back().second->width;
            }
            next.push_back(std::move(piece));
        }
        next.back().x = x;
        x += next.back().width;
    }
    // What changed: the places of the pieces not where they were, as they were and as
    // they are.
    QRectF dirty;
    const auto place = [this](const Piece &p) { return QRectF(p.x - kOverhang, 0, p.width + 2 * kOverhang, height()); };
    for (size_t i = 0; i < std::max(next.size(), m_pieces.size()); ++i) {
        const bool kept = i < next.size() && i < m_pieces.size() && next[i].sameAs(m_pieces[i]);
        if (kept)
            continue;
        if (i < m_pieces.size())
            dirty |= place(m_pieces[i]);
        if (i < next.size())
            dirty |= place(next[i]);
    }
    m_pieces = std::move(next);
    update(whole ? rect() : dirty.toAlignedRect());
    setToolTip(text); // what a narrow window cuts off
    if (named && accessibleName().isEmpty()) {
        QAccessibleEvent event(this, QAccessible::NameChanged);
        QAccessible::updateAccessibility(&event);
    }
}

void StatusLine::paintEvent(QPaintEvent *event)
{
    // The pieces on a baseline they share (a piece alone would sit lower if it held a
    // taller script). Each was shaped once, when it came: a change shapes and draws a few
    // characters. (A QStaticText prepares its piece through a painter of its own, which
    // cost more than laying the whole line out.)
    QPainter painter(this);
    painter.setPen(palette().color(QPalette::WindowText));
    const QFontMetricsF metrics(font());
    const qreal baseline = (height() - metrics.height()) / 2 + metrics.ascent();
    const auto draw = [&](const Piece &piece, qreal x) {
        for (const auto &[offset, shaped] : piece.parts)
            shaped->layout.draw(&painter, QPointF(x + offset, baseline - shaped->layout.lineAt(0).ascent()));
    };
    if (m_text.isRightToLeft()) {
        // One piece (see setPieces()), at the right, as a label aligns a text that begins
        // right to left.
        for (const Piece &piece : m_pieces)
            draw(piece, width() - piece.width);
        return;
    }
    const QRect asked = event->rect();
    for (const Piece &piece : m_pieces) {
        if (piece.x - kOverhang > asked.right() + 1)
            break;
        if (piece.x + piece.width + kOverhang >= asked.left())
            draw(piece, piece.x);
    }
}

QSize StatusLine::sizeHint() const
{
    return {fontMetrics().averageCharWidth() * 40, minimumSizeHint().height()};
}

QSize StatusLine::minimumSizeHint() const
{
    // One line of the font, whatever it says: as tall as the tallest text the line may
    // hold (a name in another script is drawn in a taller fallback font).
    const QFontMetrics metrics = fontMetrics();
    return {0, std::max(metrics.height(), metrics.boundingRect(QStringLiteral("Ág\u6f22\u5b57\u0e01\u0e34")).height())};
}

void StatusLine::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateGeometry();
    if (event->type() == QEvent::FontChange || event->type() == QEvent::LayoutDirectionChange) {
        // Every piece laid out again, in the new font or order.
        const QStringList pieces = m_given;
        m_pieces.clear();
        m_characters.clear();
        m_given.clear();
        m_text.clear();
        setPieces(pieces);
        update();
    }
}
