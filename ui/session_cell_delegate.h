// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFont>
#include <QHash>
#include <QStaticText>
#include <QStyledItemDelegate>

/// Paints the sessions table's cells as the style does, but draws short single-line texts
/// from a cache of laid-out texts (QStaticText). The style lays out every cell's text
/// twice per paint (once to size it, once to draw it), which was most of the cost of a
/// poll's repaint; the values repeat (states, users, ages) from row to row and poll to
/// poll. Anything else (long, elided, multi-line, decorated) is left to the style.
class SessionCellDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// Texts up to this long are cached.
    static constexpr int kMaxCachedLength = 64;
    /// The cache is emptied when it holds more texts than this.
    static constexpr int kMaxCachedTexts = 4096;

private:
    mutable QHash<QString, QStaticText> m_texts;
    mutable QFont m_font; ///< the font the cached texts were laid out with
};
