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
    /// Texts per generation of the cache. When the recent generation is full it becomes
    /// the older one and the oldest is dropped: what is on screen survives (emptying the
    /// whole cache would lay out every visible cell again in one paint).
    static constexpr int kGenerationSize = 2048;

private:
    const QStaticText &laidOut(const QString &text) const;

    mutable QHash<QString, QStaticText> m_recent;
    mutable QHash<QString, QStaticText> m_older;
    mutable QFont m_font; ///< the font the cached texts were laid out with
};
