// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/formatter.h"

#include <QFont>
#include <QGlyphRun>
#include <QHash>
#include <QPalette>
#include <QRgba64>
#include <QStaticText>
#include <QStyledItemDelegate>

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

/// Paints the sessions table's cells as the style does, but draws short single-line texts
/// from a cache of laid-out texts (QStaticText). The style lays out every cell's text
/// twice per paint (once to size it, once to draw it), which was most of the cost of a
/// poll's repaint; the values repeat (states, users, ages) from row to row and poll to
/// poll. Ages, pids and other texts of digits, colons, spaces, "s" and "d" (new ones at
/// every poll) are put together from their characters' glyphs, laid out once per font,
/// without a layout of their own, when a line of them laid out as a whole gives the same
/// glyphs at the same places (a font that kerns them or shapes them by their neighbours
/// does not). Anything else (long, elided, multi-line, decorated, in a font with lines
/// under, over or through its text) is left to the style.
class SessionCellDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// Texts up to this long are cached.
    static constexpr int kMaxCachedLength = 64;
    /// Texts per generation of the cache. When the recent generation is full it becomes
    /// the older one and the oldest is dropped: what is on screen survives (emptying the
    /// whole cache would lay out every visible cell again in one paint).
    static constexpr int kGenerationSize = 2048;

    /// The characters drawn from their glyphs alone (see above).
    static constexpr const char16_t *kDigitChars = format::kAgeCharacters;
    static constexpr size_t kDigitCount = std::size(format::kAgeCharacters) - 1;
    /// Whether the cells painted since the font was last set drew such texts from their
    /// glyphs (false: none did, or the font did not allow it).
    bool drawsFromGlyphs() const { return m_digits.ready && m_digits.font.isValid(); }

    /// Told by a view while it paints its cells on @p device (its viewport): the device is
    /// filled with @p ground there first (an opaque colour), and nothing but each cell's
    /// row panel is drawn on it before the cell. A translucent cell colour is then filled
    /// as the one opaque colour it makes on that ground (see drawPanel()).
    /// (The device's pixel ratio is read here, once a paint that knows its ground: asked
    /// of a widget for every cell, it cost about 5 % of a cell's paint.)
    void setGround(const QPaintDevice *device, QRgb ground) { m_ground = Ground{device, ground, device->devicePixelRatioF()}; }
    /// Painting on the device has ended: nothing is known of what lies under a cell.
    void clearGround() { m_ground.reset(); }
    /// How many cells' translucent colours were filled as the opaque colour they make on
    /// their ground.
    quint64 opaqueFills() const { return m_opaqueFills; }

private:
    /// A text as drawn: a laid-out text, or for digits a glyph run at the line's top left.
    struct Drawn {
        QStaticText text;
        QGlyphRun run; ///< used when it has glyphs
        QSizeF size;
    };
    const Drawn &laidOut(const QString &text) const;
    bool glyphsOf(const QString &text, Drawn &out) const;
    bool compose(const QString &text, Drawn &out) const;
    bool addsUp(const QString &sample) const;
    void drawPanel(QStyle *style, const QStyleOptionViewItem &opt, const QStyleOptionViewItem &viewOption, QPainter *painter) const;
    bool panelIsPlain(QStyle *style, const QStyleOptionViewItem &opt, const QPainter *painter) const;
    std::optional<QRgb> onGround(QStyle *style, const QColor &colour, const QStyleOptionViewItem &viewOption, int column,
                                 const QPainter *painter) const;
    void forgetOtherStyles(QStyle *style) const;

    mutable QHash<QString, Drawn> m_recent;
    mutable QHash<QString, Drawn> m_older;
    mutable QFont m_font; ///< the font the cached texts were laid out with
    /// kDigitChars' glyphs and advances in m_font (none: laid out as any other text)
    struct Digits {
        bool ready = false;
        QRawFont font;
        std::array<quint32, kDigitCount> glyphs{};
        std::array<qreal, kDigitCount> advances{};
        qreal ascent = 0, height = 0;
    };
    mutable Digits m_digits;
    /// Whether the style draws an unselected cell's panel as nothing (no background) or as
    /// its colour filled in, by what it is drawn from: probed once each (see drawPanel()).
    struct Panel {
        int state;
        int features;
        int position;
        Qt::LayoutDirection direction;
        QSize size;
        qreal pixelRatio;
        Qt::BrushStyle brush;
        QRgba64 colour;
        /// (A cell whose text has a colour of its own gets a palette of its own each time:
        /// the same colours are the same palette.)
        QPalette palette;
        const QWidget *widget;
        bool widgetEnabled;
        bool operator==(const Panel &other) const
        {
            return state == other.state && features == other.features && position == other.position && direction == other.direction
                   && size == other.size && pixelRatio == other.pixelRatio && brush == other.brush && colour == other.colour
                   && widget == other.widget && widgetEnabled == other.widgetEnabled
                   && (palette.isCopyOf(other.palette) || palette == other.palette);
        }
    };
    /// Answers probed once per key (most styles and tables: a few dozen keys), in the order
    /// first asked; past 256 the oldest half goes. The entry a column's last cell found is
    /// tried first (by the model's column, modulo 32; -1 for none): checked, not trusted.
    template <typename Key, typename Answer>
    class Probed
    {
    public:
        template <typename Probe>
        const Answer &answer(const Key &key, int column, Probe probe)
        {
            size_t &last = m_lastFound[size_t(std::max(0, column)) % m_lastFound.size()];
            if (last < m_entries.size() && m_entries[last].first == key)
                return m_entries[last].second;
            for (size_t i = 0; i < m_entries.size(); ++i) {
                if (m_entries[i].first == key) {
                    last = i;
                    return m_entries[i].second;
                }
            }
            Answer fresh = probe();
            if (m_entries.size() >= 256)
                m_entries.erase(m_entries.begin(), m_entries.begin() + 128);
            m_entries.emplace_back(key, std::move(fresh));
            last = m_entries.size() - 1;
            return m_entries.back().second;
        }
        void clear() { m_entries.clear(); }

    private:
        std::vector<std::pair<Key, Answer>> m_entries;
        std::array<size_t, 32> m_lastFound{};
    };
    mutable const QStyle *m_probedStyle = nullptr; ///< the style m_panels and m_rowPanels are answers of
    mutable bool m_styleSheeted = false;
    mutable QMetaObject::Connection m_probedStyleGone;
    mutable Probed<Panel, bool> m_panels;
    Panel panelOf(const QStyleOptionViewItem &opt, const QPainter *painter) const;
    /// What lies under a cell as a view draws it: the ground, and on it the row's panel
    /// (PE_PanelItemViewRow), by what that is drawn from: one opaque colour, or not
    /// (probed on an image of the device's format).
    struct RowPanel {
        Panel panel;
        QRgb ground;
        int format;
        bool operator==(const RowPanel &other) const { return ground == other.ground && format == other.format && panel == other.panel; }
    };
    mutable Probed<RowPanel, std::optional<QRgb>> m_rowPanels;
    /// A translucent colour on a ground, as the raster engine blends it on an image of
    /// that format: one opaque colour, or not (then it is blended as before).
    struct Blend {
        QRgb ground;
        QRgba64 colour;
        int format;
        bool operator==(const Blend &other) const { return ground == other.ground && colour == other.colour && format == other.format; }
    };
    mutable Probed<Blend, std::optional<QRgb>> m_blends;
    struct Ground {
        const QPaintDevice *device;
        QRgb colour;
        qreal pixelRatio; ///< the device's
    };
    std::optional<Ground> m_ground;
    mutable quint64 m_opaqueFills = 0;
};
