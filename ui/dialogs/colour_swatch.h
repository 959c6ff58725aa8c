// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

/// A server's colour as a small rounded square (transparent when it has none).
inline QIcon colourSwatch(const QString &colour)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    if (!colour.isEmpty()) {
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::gray);
        painter.setBrush(QColor(colour));
        painter.drawRoundedRect(QRectF(0.5, 0.5, 15, 15), 3, 3);
    }
    return QIcon(pixmap);
}
