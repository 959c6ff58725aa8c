// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/session_cell_delegate.h"

#include <QApplication>
#include <QImage>
#include <QPaintEngine>
#include <QPainter>
#include <QStyle>
#include <QTextLayout>

#include <cmath>

#include <utility>

bool SessionCellDelegate::glyphsOf(const QString &text, Drawn &out) const
{
    if (!m_digits.ready) {
        // Each character laid out alone, once: its glyph, where a line puts it, its advance.
        // Usable when all come from one font, each as one glyph at the line's start, and
        // when a line of them all, next to each other, is laid out as they add up to (a
        // font that kerns them, or shapes them by their neighbours, is not).
        m_digits = {};
        m_digits.ready = true;
        for (size_t i = 0; i < kDigitCount; ++i) {
            QTextLayout layout(QString(QChar(kDigitChars[i])), m_font);
            layout.beginLayout();
            QTextLine line = layout.createLine();
            layout.endLayout();
            const QList<QGlyphRun> runs = layout.glyphRuns();
            if (runs.size() != 1 || runs.front().glyphIndexes().size() != 1 || runs.front().positions().front().x() != 0
                || (i > 0 && (runs.front().rawFont() != m_digits.font || line.ascent() != m_digits.ascent || line.height() != m_digits.height))) {
                m_digits.font = QRawFont(); // not usable
                break;
            }
            m_digits.font = runs.front().rawFont();
            m_digits.ascent = line.ascent();
            m_digits.height = line.height();
            m_digits.glyphs[i] = runs.front().glyphIndexes().front();
            m_digits.advances[i] = line.horizontalAdvance();
        }
        if (m_digits.font.isValid() && !addsUp(QStringLiteral("10:47:59 2 d 1:23:45 6 s 0:08 34 ds sd 9 d 7:1:ss")))
            m_digits.font = QRawFont();
    }
    if (!m_digits.font.isValid() || text.endsWith(QLatin1Char(' ')))
        return false;
    return compose(text, out);
}

bool SessionCellDelegate::addsUp(const QString &sample) const
{
    Drawn composed;
    if (!compose(sample, composed))
        return false;
    QTextLayout layout(sample, m_font);
    layout.beginLayout();
    QTextLine line = layout.createLine();
    layout.endLayout();
    const QList<QGlyphRun> runs = layout.glyphRuns();
    if (runs.size() != 1 || runs.front().rawFont() != m_digits.font || runs.front().glyphIndexes() != composed.run.glyphIndexes())
        return false;
    const QList<QPointF> laidOut = runs.front().positions(), added = composed.run.positions();
    for (qsizetype i = 0; i < laidOut.size(); ++i) {
        if (std::abs(laidOut[i].x() - added[i].x()) > 0.01 || std::abs(laidOut[i].y() - added[i].y()) > 0.01)
            return false;
    }
    return std::abs(line.horizontalAdvance() - composed.size.width()) <= 0.01;
}

bool SessionCellDelegate::compose(const QString &text, Drawn &out) const
{
    QList<quint32> glyphs(text.size());
    QList<QPointF> positions(text.size());
    qreal x = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        const auto found = std::char_traits<char16_t>::find(kDigitChars, kDigitCount, c);
        if (!found)
            return false;
        const auto k = size_t(found - kDigitChars);
        glyphs[i] = m_digits.glyphs[k];
        positions[i] = QPointF(x, m_digits.ascent);
        x += m_digits.advances[k];
    }
    out.run.setRawFont(m_digits.font);
    out.run.setGlyphIndexes(glyphs);
    out.run.setPositions(positions);
    out.size = QSizeF(x, m_digits.height);
    return true;
}

const SessionCellDelegate::Drawn &SessionCellDelegate::laidOut(const QString &text) const
{
    auto it = m_recent.constFind(text);
    if (it != m_recent.cend())
        return *it;
    if (m_recent.size() >= kGenerationSize) {
        m_older = std::exchange(m_recent, {});
        m_recent.reserve(kGenerationSize);
    }
    auto older = m_older.constFind(text);
    if (older != m_older.cend())
        return *m_recent.insert(text, *older); // shared, not laid out again
    Drawn fresh;
    if (!glyphsOf(text, fresh)) {
        fresh.text.setText(text);
        fresh.text.setTextFormat(Qt::PlainText);
        fresh.text.prepare(QTransform(), m_font);
        fresh.size = fresh.text.size();
    }
    return *m_recent.insert(text, fresh);
}

void SessionCellDelegate::drawPanel(QStyle *style, const QStyleOptionViewItem &opt, const QStyleOptionViewItem &viewOption, QPainter *painter) const
{
    // Most of a poll's cells are not selected, and their panel is nothing or a colour (an
    // age past its threshold). Most styles draw such a panel as that: nothing, or the
    // colour filled in. Asking the style anyway cost a quarter of a cell's paint (Fusion
    // works out its frame colours first, whatever it then draws).
    const Qt::BrushStyle brush = opt.backgroundBrush.style();
    if (!(opt.state & QStyle::State_Selected) && (brush == Qt::NoBrush || brush == Qt::SolidPattern)
        && painter->worldTransform().type() <= QTransform::TxTranslate && panelIsPlain(style, opt, painter)) {
        if (brush != Qt::SolidPattern)
            return;
        // The cells' colours are translucent (they read on light and dark palettes alike):
        // blending one with every pixel beneath was most of a coloured cell's paint. On a
        // ground of one colour it makes one opaque colour, filled in as such.
        const QColor colour = opt.backgroundBrush.color();
        const std::optional<QRgb> opaque = colour.alpha() < 255 ? onGround(style, colour, viewOption, opt.index.column(), painter) : std::nullopt;
        if (opaque)
            ++m_opaqueFills;
        painter->fillRect(opt.rect, opaque ? QColor::fromRgb(*opaque) : colour);
        return;
    }
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, opt.widget);
}

void SessionCellDelegate::forgetOtherStyles(QStyle *style) const
{
    if (style == m_probedStyle)
        return;
    // Answers are the style's: forgotten when it changes or goes (another could come at
    // its address). A style sheet's style draws by rules the option does not show: it is
    // always asked.
    m_panels.clear();
    m_rowPanels.clear();
    m_probedStyle = style;
    m_styleSheeted = style->inherits("QStyleSheetStyle");
    disconnect(m_probedStyleGone); // (one connection, to the style asked last)
    m_probedStyleGone = connect(style, &QObject::destroyed, this, [this] {
        m_panels.clear();
        m_rowPanels.clear();
        m_probedStyle = nullptr;
    });
}

SessionCellDelegate::Panel SessionCellDelegate::panelOf(const QStyleOptionViewItem &opt, const QPainter *painter) const
{
    const QPaintDevice *device = painter->device();
    // What a style draws for a panel comes from its option (state, features, position,
    // direction, size, palette, background), its widget (QCommonStyle: whether it is
    // enabled) and the screen's scale.
    return Panel{int(opt.state),
                 int(opt.features),
                 int(opt.viewItemPosition),
                 opt.direction,
                 opt.rect.size(),
                 !device                                     ? 1.0
                 : m_ground && m_ground->device == device ? m_ground->pixelRatio
                                                          : device->devicePixelRatioF(),
                 opt.backgroundBrush.style(),
                 opt.backgroundBrush.color().rgba64(),
                 opt.palette,
                 opt.widget,
                 opt.widget && opt.widget->isEnabled()};
}

namespace {

// What @p draw paints, at the top left of an image of the cell's size in the painter's
// pixels: transparent, or of @p format filled with @p ground.
template<typename Draw>
QImage drawnAlone(const QStyleOptionViewItem &opt, qreal pixelRatio, Draw draw, QImage::Format format = QImage::Format_ARGB32_Premultiplied,
                  QRgb ground = 0)
{
    QImage image((QSizeF(opt.rect.size()) * pixelRatio).toSize(), format);
    image.setDevicePixelRatio(pixelRatio);
    image.fill(QColor::fromRgba(ground));
    QPainter probe(&image);
    QStyleOptionViewItem at = opt;
    at.rect.moveTo(0, 0);
    draw(at, probe);
    probe.end();
    return image;
}

// The colour of every pixel of @p area in @p image, when they are all one.
std::optional<QRgb> onlyColour(const QImage &image, QRect area = QRect())
{
    area = area.isNull() ? image.rect() : area & image.rect();
    if (area.isEmpty())
        return std::nullopt;
    const QRgb first = image.pixel(area.topLeft());
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            if (image.pixel(x, y) != first)
                return std::nullopt;
        }
    }
    return first;
}

} // namespace

bool SessionCellDelegate::panelIsPlain(QStyle *style, const QStyleOptionViewItem &opt, const QPainter *painter) const
{
    forgetOtherStyles(style);
    if (m_styleSheeted || opt.rect.isEmpty())
        return false;
    // Drawn once for each option on a transparent image, beside the plain panel (nothing,
    // or the colour filled in), it is that or it is not.
    const Panel panel = panelOf(opt, painter);
    const auto drawn = [&](bool byStyle) {
        return drawnAlone(opt, panel.pixelRatio, [&](const QStyleOptionViewItem &at, QPainter &probe) {
            if (byStyle)
                style->drawPrimitive(QStyle::PE_PanelItemViewItem, &at, &probe, opt.widget);
            else if (panel.brush == Qt::SolidPattern)
                probe.fillRect(at.rect, opt.backgroundBrush.color());
        });
    };
    return m_panels.answer(panel, opt.index.column(), [&] { return drawn(true) == drawn(false); });
}

std::optional<QRgb> SessionCellDelegate::onGround(QStyle *style, const QColor &colour, const QStyleOptionViewItem &viewOption, int column,
                                                  const QPainter *painter) const
{
    // Only on the device whose ground the view told, with nothing that blends otherwise:
    // no clip of the painter's own, no other composition or opacity, no antialiased
    // edges (a part of a pixel's coverage of an opaque colour is not that of the
    // translucent one), whole pixels.
    if (!m_ground || m_ground->device != painter->device() || painter->hasClipping()
        || painter->compositionMode() != QPainter::CompositionMode_SourceOver || painter->opacity() != 1.0
        || painter->testRenderHint(QPainter::Antialiasing))
        return std::nullopt;
    const QTransform &moved = painter->worldTransform();
    if (moved.dx() != std::round(moved.dx()) || moved.dy() != std::round(moved.dy()))
        return std::nullopt;
    // Blended by the raster engine on an image of 8-bit colour: the opaque colour is worked
    // out on an image of its format.
    const QPaintEngine *engine = painter->paintEngine();
    const QPaintDevice *target = engine ? engine->paintDevice() : nullptr;
    if (!target || engine->type() != QPaintEngine::Raster || target->devType() != QInternal::Image)
        return std::nullopt;
    const QImage::Format format = static_cast<const QImage *>(target)->format();
    if (format != QImage::Format_RGB32 && format != QImage::Format_ARGB32_Premultiplied && format != QImage::Format_ARGB32)
        return std::nullopt;

    // Under the cell: the ground, and on it what the view drew first, its row's panel,
    // drawn on the ground as the view draws it (one opaque colour, or not).
    const RowPanel row{panelOf(viewOption, painter), m_ground->colour, int(format)};
    const std::optional<QRgb> under = m_rowPanels.answer(row, column, [&] {
        const QImage image = drawnAlone(
            viewOption, row.panel.pixelRatio,
            [&](const QStyleOptionViewItem &at, QPainter &probe) {
                style->drawPrimitive(QStyle::PE_PanelItemViewRow, &at, &probe, viewOption.widget);
            },
            format, m_ground->colour);
        const std::optional<QRgb> only = onlyColour(image);
        return only && qAlpha(*only) == 255 ? only : std::nullopt;
    });
    if (!under)
        return std::nullopt;

    // A row of pixels long enough for the engine's blending of many at a time, starting
    // off its alignment (as a cell's row does) and of an odd length: every one the same
    // opaque colour, or the colour is blended as before.
    return m_blends.answer(Blend{*under, colour.rgba64(), int(format)}, column, [&] {
        QImage image(68, 1, format);
        image.fill(QColor::fromRgb(*under));
        const QRect span(1, 0, 65, 1);
        QPainter blend(&image);
        blend.fillRect(span, colour);
        blend.end();
        const std::optional<QRgb> opaque = onlyColour(image, span);
        return opaque && qAlpha(*opaque) == 255 ? opaque : std::nullopt;
    });
}

void SessionCellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    const QFont &viewFont = widget ? widget->font() : QApplication::font();
    if (!(viewFont == m_font)) {
        m_recent.clear();
        m_older.clear();
        m_font = viewFont;
        m_digits.ready = false;
    }
    constexpr auto kStyleDrawn = QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDecoration | QStyleOptionViewItem::WrapText;
    // An empty cell (no transaction, no wait, a local socket's client) is only its panel.
    if (opt.text.isEmpty() && !(opt.features & kStyleDrawn) && !(opt.state & QStyle::State_HasFocus)) {
        drawPanel(style, opt, option, painter);
        return;
    }
    // (A font with lines under, over or through its text is left to the style: a laid-out
    // text draws them a little otherwise. So is a table laid out right to left: the
    // style orders a cell's runs in that direction, "5 s" as "s 5", the cache left to
    // right.)
    bool cached = !opt.text.isEmpty() && opt.text.size() <= kMaxCachedLength && !(opt.features & kStyleDrawn) && opt.font == m_font
                  && opt.direction == Qt::LeftToRight
                  && !opt.text.contains(QLatin1Char('\n')) && !opt.text.contains(QChar::LineSeparator) && !m_font.underline()
                  && !m_font.overline() && !m_font.strikeOut();
    // The style's own text margin (QCommonStyle: the focus frame's margin plus one).
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect textRect = opt.rect.adjusted(margin, 0, -margin, 0);
    const Drawn *text = nullptr;
    if (cached) {
        text = &laidOut(opt.text);
        cached = text->size.width() <= textRect.width(); // else the style elides it
    }
    if (!cached) {
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        return;
    }

    // Background, selection and focus from the style, the text from the cache, in the
    // colour the style would have used. A cell without focus, check box, icon or text is
    // only its panel to the style: drawn as such, without the three sub-rectangles (and
    // their layout) that drawing the whole item computes first.
    opt.text.clear();
    opt.features &= ~QStyleOptionViewItem::HasDisplay;
    if (opt.state & QStyle::State_HasFocus)
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    else
        drawPanel(style, opt, option, painter);
    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (opt.state & QStyle::State_Active) ? QPalette::Normal
                                                                            : QPalette::Inactive;
    // Placed as the style places a laid-out line: the line spans the text rectangle, and
    // the text is aligned within it at a fractional position.
    const QSizeF size = text->size;
    const QRect line = QStyle::alignedRect(opt.direction, opt.displayAlignment, QSize(textRect.width(), int(size.height())), textRect);
    const Qt::Alignment horizontal = QStyle::visualAlignment(opt.direction, opt.displayAlignment) & Qt::AlignHorizontal_Mask;
    qreal x = line.left();
    if (horizontal & Qt::AlignRight)
        x += line.width() - size.width();
    else if (horizontal & Qt::AlignHCenter)
        x += (line.width() - size.width()) / 2;
    // The painter's pen and font as they were after: not save() and restore(), which copy
    // its whole state, and a font set only when the painter has another (setting one
    // resolves it again, even the same).
    const QPen pen = painter->pen();
    painter->setPen(opt.palette.color(group, (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text));
    if (!text->run.isEmpty()) {
        painter->drawGlyphRun(QPointF(x, line.top()), text->run);
    } else {
        const bool otherFont = !(painter->font() == m_font);
        const QFont font = otherFont ? painter->font() : QFont();
        if (otherFont)
            painter->setFont(m_font);
        painter->drawStaticText(QPointF(x, line.top()), text->text);
        if (otherFont)
            painter->setFont(font);
    }
    painter->setPen(pen);
}
