// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QScreen>
#include <QTest>
#include <QWidget>

/// What the window shows of @p widget now: its part of the window's backing store, as the
/// screen has it (offscreen platform), after pending repaints are flushed. Unlike
/// QWidget::grab(), which paints the widget anew, this is what partial repaints left. (The
/// whole window is grabbed and cut: a part asked of the screen is not there when scaled.)
inline QImage shownOnScreen(QWidget *widget)
{
    QTest::qWait(50); // (the repaint flushed)
    QWidget *window = widget->window();
    const QImage whole = window->screen()->grabWindow(window->winId()).toImage();
    const qreal ratio = widget->devicePixelRatioF();
    const QRectF place(QPointF(widget->mapTo(window, QPoint(0, 0))) * ratio, QSizeF(widget->size()) * ratio);
    return whole.copy(place.toAlignedRect()).convertToFormat(QImage::Format_RGB32);
}

/// How many pixels of two images of the same size differ.
inline int differentPixels(const QImage &a, const QImage &b)
{
    int different = 0;
    for (int y = 0; y < a.height(); ++y) {
        for (int x = 0; x < a.width(); ++x)
            different += a.pixel(x, y) != b.pixel(x, y);
    }
    return different;
}
