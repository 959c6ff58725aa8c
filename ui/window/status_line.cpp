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
#include <cmath>
#include <iterator>
#include <string>
#include <utility>
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

/// Whether @p text is an age as format::duration() writes it ("5 s", "1:05", "2 d
/// 03:04:05"): a digit first, then only format::kAgeCharacters, which a font does not join
/// or kern with their neighbours. Such a piece is drawn character by character, each
/// shaped once for the line's life; an age is a new text at every poll, and shaping one,
/// however short, cost as much as laying out the whole line.
bool isCounter(const QString &text)
{
    if (text.isEmpty() || text.size() > 16 || !text.front().isDigit())
        return false;
    const size_t count = std::size(format::kAgeCharacters) - 1;
    return std::all_of(text.cbegin(), text.cend(), [count](QChar c) {
        return std::char_traits<char16_t>::find(format::kAgeCharacters, count, c.unicode()) != nullptr;
    });
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
    /// How far its first and last glyphs' ink may reach past its advance (at least a pixel
    /// or two: a repaint of its place takes in the ink of its edges).
    qreal before = 2, after = 2;
    bool sameAs(const Piece &other) const { return x == other.x && width == other.width && text == other.text; }
};

std::shared_ptr<const StatusLine::Shaped> StatusLine::shape(const QString &text, Qt::LayoutDirection direction) const
{
    auto shaped = std::make_shared<Shaped>();
    shaped->layout.setText(text);
    shaped->layout.setFont(font());
    QTextOption option;
    option.setWrapMode(QTextOption::NoWrap);
    option.setTextDirection(direction);
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
    connect(registry, &ServerRegistry::orderChanged, this, &StatusLine::refresh); // (the servers in the tree's order)
    connect(registry, &ServerRegistry::statusChanged, this, &StatusLine::refresh);
    // A poll changes the line through what it reads: the blocked sessions and their wait
    // once the blocking model has the poll (at the registry's snapshotReady it still had
    // the last one, and the line said the wait of a poll before the tree's), the rows
    // shown once the table's model has it.
    connect(blocking, &BlockingModel::countsChanged, this, &StatusLine::refresh);
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
    // As a label lays out plain text: in the direction of its first strong character,
    // whatever the window's. A line holding right-to-left text is one piece: the order of
    // its runs depends on all of it.
    const bool wasWhole = m_whole;
    m_whole = holdsRightToLeft(text);
    const Qt::LayoutDirection direction = text.isRightToLeft() ? Qt::RightToLeft : Qt::LeftToRight;
    const QStringList texts = m_whole ? QStringList{text} : pieces;
    std::vector<Piece> next;
    next.reserve(size_t(texts.size()));
    qreal x = 0, ascent = 0, descent = 0;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (texts[i].isEmpty())
            continue;
        const size_t at = next.size();
        if (!m_whole && !wasWhole && at < m_pieces.size() && m_pieces[at].text == texts[i]) {
            next.push_back(m_pieces[at]); // measured already
        } else {
            Piece piece;
            piece.text = texts[i];
            if (!m_whole && isCounter(texts[i])) {
                for (const QChar c : texts[i]) {
                    std::shared_ptr<const Shaped> &character = m_characters[c];
                    if (!character)
                        character = shape(QString(c), Qt::LeftToRight);
                    piece.parts.emplace_back(piece.width, character);
                    piece.width += character->width;
                }
            } else {
                piece.parts.emplace_back(0, shape(texts[i], direction));
                piece.width = piece.parts.back().second->width;
            }
            const QFontMetricsF metrics(font());
            piece.before = std::max<qreal>(2, std::ceil(-metrics.leftBearing(texts[i].front())) + 1);
            piece.after = std::max<qreal>(2, std::ceil(-metrics.rightBearing(texts[i].back())) + 1);
            next.push_back(std::move(piece));
        }
        next.back().x = x;
        x += next.back().width;
        for (const auto &part : next.back().parts) {
            const QTextLine line = part.second->layout.lineAt(0);
            ascent = std::max(ascent, line.ascent());
            descent = std::max(descent, line.descent());
        }
    }
    // The line's height is its tallest piece's (a name in a taller script): where the
    // baseline is.
    const bool baselineMoved = ascent != m_ascent || descent != m_descent;
    m_ascent = ascent;
    m_descent = descent;
    // What changed: the places of the pieces not where they were, as they were and as
    // they are. (All of it when the baseline moved, or the line is or was one piece:
    // aligned to the right, it may have been anywhere.)
    QRectF dirty;
    const auto place = [this](const Piece &p) { return QRectF(p.x - p.before, 0, p.width + p.before + p.after, height()); };
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
    update(m_whole || wasWhole || baselineMoved ? rect() : dirty.toAlignedRect());
    setToolTip(text); // what a narrow window cuts off
    if (named && accessibleName().isEmpty()) {
        QAccessibleEvent event(this, QAccessible::NameChanged);
        QAccessible::updateAccessibility(&event);
    }
}

void StatusLine::paintEvent(QPaintEvent *event)
{
    // The pieces on the line's baseline, which it centres as a label centres its line.
    // Each was shaped once, when it came: a change shapes and draws a few characters. (A
    // QStaticText prepares its piece through a painter of its own, which cost more than
    // laying the whole line out.)
    QPainter painter(this);
    painter.setPen(palette().color(QPalette::WindowText));
    const qreal baseline = (height() - (m_ascent + m_descent)) / 2 + m_ascent;
    const auto draw = [&](const Piece &piece, qreal x) {
        for (const auto &[offset, shaped] : piece.parts)
            shaped->layout.draw(&painter, QPointF(x + offset, baseline - shaped->layout.lineAt(0).ascent()));
    };
    if (m_whole && m_text.isRightToLeft()) {
        // One piece, at the right, as a label aligns a text that begins right to left.
        for (const Piece &piece : m_pieces)
            draw(piece, width() - piece.width);
        return;
    }
    const QRect asked = event->rect();
    for (const Piece &piece : m_pieces) {
        if (piece.x - piece.before > asked.right() + 1)
            break;
        if (piece.x + piece.width + piece.after >= asked.left())
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
    if (event->type() == QEvent::FontChange) {
        // Every piece laid out again in the new font (the same text: nothing new to hear).
        m_pieces.clear();
        m_characters.clear();
        const QStringList pieces = std::exchange(m_given, {});
        setPieces(pieces);
        update();
    }
}

