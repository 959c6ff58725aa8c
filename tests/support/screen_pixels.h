// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
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

/// The same, and when any differ, both images kept in the temporary directory for a look
/// at what differs: pgsessions-@p name-expected.png and pgsessions-@p name-actual.png.
inline int differentPixels(const QImage &expected, const QImage &actual, const QString &name)
{
    const int different = differentPixels(expected, actual);
    if (different) {
        expected.save(QDir::temp().filePath(QStringLiteral("pgsessions-%1-expected.png").arg(name)));
        actual.save(QDir::temp().filePath(QStringLiteral("pgsessions-%1-actual.png").arg(name)));
    }
    return different;
}
