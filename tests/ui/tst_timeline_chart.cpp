// SPDX-License-Identifier: GPL-3.0-or-later
// The timeline's grid is filled, not stroked: the pixels filled are those a one-pixel line
// lights, wherever it falls between pixels. (On a scaled painter it is drawn as a line:
// the scaled rows hold that to the same standard, whichever way it is done.)
#include "history/timeline_chart.h"

#include <QImage>
#include <QPainter>
#include <QtTest>

class TestTimelineChart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aGridLineIsFilledAsItWouldBeDrawn_data();
    void aGridLineIsFilledAsItWouldBeDrawn();
};

void TestTimelineChart::aGridLineIsFilledAsItWouldBeDrawn_data()
{
    QTest::addColumn<qreal>("scale");
    for (const qreal scale : {1.0, 1.25, 1.5, 2.0})
        QTest::addRow("scale %.2f", scale) << scale;
}

void TestTimelineChart::aGridLineIsFilledAsItWouldBeDrawn()
{
    QFETCH(qreal, scale);
    const QColor colour(200, 201, 202);
    int compared = 0;
    // Positions on pixels, between them, and a hair either side of a pixel's edge; a
    // painter moved by a whole number of pixels, as a widget's is within its window.
    for (const double at : {10.0, 10.25, 10.5, 10.75, 10.999, 11.001, 17.3}) {
        for (const double from : {3.0, 3.4, 3.5, 3.6}) {
            for (const QPoint moved : {QPoint(0, 0), QPoint(3, 7)}) {
                const QLineF lines[] = {QLineF(at, from, at, from + 30.7), QLineF(from, at, from + 30.7, at)};
                for (const QLineF &line : lines) {
                    QImage drawn(QSize(60, 60) * scale, QImage::Format_ARGB32_Premultiplied);
                    drawn.setDevicePixelRatio(scale);
                    drawn.fill(Qt::white);
                    QImage filled = drawn;
                    {
                        QPainter p(&drawn);
                        p.translate(moved);
                        p.setPen(colour);
                        p.drawLine(line);
                    }
                    {
                        QPainter p(&filled);
                        p.translate(moved);
                        TimelineChart::fillLine(p, line, colour);
                    }
                    QVERIFY2(drawn == filled, qPrintable(QStringLiteral("(%1, %2)-(%3, %4) moved by (%5, %6)")
                                                             .arg(line.x1())
                                                             .arg(line.y1())
                                                             .arg(line.x2())
                                                             .arg(line.y2())
                                                             .arg(moved.x())
                                                             .arg(moved.y())));
                    // (Not an empty picture on both sides: the line is there, a pixel or two wide.)
                    int lit = 0;
                    for (int y = 0; y < drawn.height(); ++y) {
                        for (int x = 0; x < drawn.width(); ++x)
                            lit += drawn.pixelColor(x, y) == colour;
                    }
                    QVERIFY2(lit >= 30 * scale && lit <= 33 * 2 * scale, qPrintable(QString::number(lit)));
                    ++compared;
                }
            }
        }
    }
    QCOMPARE(compared, 7 * 4 * 2 * 2);
}

QTEST_MAIN(TestTimelineChart)
#include "tst_timeline_chart.moc"
