// SPDX-License-Identifier: GPL-3.0-or-later
// The timeline's grid is filled, not stroked: the pixels filled are those a one-pixel line
// lights, wherever it falls between pixels. (On a scaled painter it is drawn as a line:
// the scaled rows hold that to the same standard, whichever way it is done.)
#include "history/timeline_chart.h"
#include "paint_recorder.h"
#include "screen_pixels.h"

#include <QImage>
#include <QPainter>
#include <QtTest>

#include <cmath>
#include <functional>

class TestTimelineChart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aGridLineIsFilledAsItWouldBeDrawn_data();
    void aGridLineIsFilledAsItWouldBeDrawn();
    void aRedrawRepaintsThePlotAlone();
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

namespace {

std::vector<TimelineChart::Run> bands(double scale)
{
    TimelineChart::Run cpu{QStringLiteral("CPU"), QColor(46, 160, 67), true, {}, {}};
    TimelineChart::Run waits{QStringLiteral("idle in transaction"), QColor(188, 189, 34), false, {}, {}};
    for (int t = -300; t <= 0; t += 10) {
        const double v = scale * (2 + std::abs(t / 10 % 3)); // 2, 3, 4
        cpu.upper << QPointF(t, v);
        cpu.lower << QPointF(t, 0);
        waits.upper << QPointF(t, scale * (t / 10 % 2 ? 1 : 3));
    }
    return {cpu, waits};
}

} // namespace

void TestTimelineChart::aRedrawRepaintsThePlotAlone()
{
    // New points under the same labels and legend repaint the plot, not the axes' labels
    // and the legend around it; the window then shows what a whole repaint shows.
    TimelineChart chart;
    chart.resize(700, 260);
    chart.setTimeAxis(-300, {{QStringLiteral("\u22124 min"), -240}, {QStringLiteral("\u22122 min"), -120}, {QStringLiteral("now"), 0}});
    chart.setRuns(bands(1.0), 4, false, 0, QStringLiteral("shown")); // up to the plot's top
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const QImage before = shownOnScreen(&chart);

    PaintRecorder recorder;
    chart.installEventFilter(&recorder);
    chart.setRuns(bands(0.7), 4, false, 0, QStringLiteral("shown"));
    QCoreApplication::sendPostedEvents(&chart, QEvent::UpdateRequest);
    const QImage pieced = shownOnScreen(&chart);
    QCOMPARE(recorder.paints, 1);
    const QRectF plot(chart.positionOf({-300, 4}), chart.positionOf({0, 0}));
    QVERIFY(plot.width() > 300 && plot.height() > 100);
    QCOMPARE(recorder.painted - plot.adjusted(0, -1, 1, 1).toAlignedRect(), QRegion());
    QVERIFY(!recorder.painted.intersects(QRect(0, 0, int(plot.left()) - 1, chart.height()))); // the counts' labels
    QVERIFY(!recorder.painted.intersects(QRect(int(plot.right()) + 2, 0, chart.width(), chart.height()))); // the legend
    QVERIFY(differentPixels(before, pieced) > 0); // (the bands did move)

    chart.update();
    QCOMPARE(differentPixels(shownOnScreen(&chart), pieced, QStringLiteral("timeline")), 0);
    // (Not a chart without its labels and legend on both sides: drawn whole, its counts'
    // labels are there in the text's colour, and the CPU's swatch in its colour.)
    const QImage whole = chart.grab().toImage();
    const auto anyPixel = [&](const QRect &area, const std::function<bool(QColor)> &is) {
        const qreal ratio = chart.devicePixelRatioF();
        const QRect pixels = QRectF(QRectF(area).topLeft() * ratio, QRectF(area).size() * ratio).toAlignedRect() & whole.rect();
        for (int y = pixels.top(); y <= pixels.bottom(); ++y) {
            for (int x = pixels.left(); x <= pixels.right(); ++x) {
                if (is(whole.pixelColor(x, y)))
                    return true;
            }
        }
        return false;
    };
    const QColor text = chart.palette().color(QPalette::Text);
    QVERIFY(anyPixel(QRect(0, 0, int(plot.left()) - 1, chart.height()), [&](QColor c) { return c == text; }));
    QVERIFY(anyPixel(QRect(int(plot.right()) + 2, 0, chart.width(), chart.height()), [](QColor c) { return c == QColor(46, 160, 67); }));

    // Another count axis: the labels too.
    recorder.painted = QRegion();
    chart.setRuns(bands(3.0), 8, false, 0, QStringLiteral("shown"));
    QCoreApplication::sendPostedEvents(&chart, QEvent::UpdateRequest);
    QVERIFY(recorder.painted.contains(chart.rect()));
}

QTEST_MAIN(TestTimelineChart)
#include "tst_timeline_chart.moc"
