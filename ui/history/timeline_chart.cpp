// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/timeline_chart.h"

#include <QAccessible>
#include <QAccessibleWidget>
#include <QEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPolygonF>

#include <algorithm>
#include <cmath>

namespace {

/// The counts labelled on the vertical axis: 0, the top, and a whole number half-way.
QList<int> countTicks(double top)
{
    const int t = int(std::ceil(top));
    QList<int> ticks{0};
    if (t >= 2)
        ticks << t / 2;
    if (t >= 1)
        ticks << t;
    return ticks;
}

constexpr int kSwatch = 10; ///< a legend entry's colour square

/// The chart to assistive technology: a chart, its description made when asked.
class TimelineAccessible : public QAccessibleWidget
{
public:
    explicit TimelineAccessible(TimelineChart *chart)
        : QAccessibleWidget(chart, QAccessible::Chart)
    {
    }
    QString text(QAccessible::Text t) const override
    {
        if (t == QAccessible::Description)
            return static_cast<const TimelineChart *>(widget())->description();
        return QAccessibleWidget::text(t);
    }
};

QAccessibleInterface *timelineAccessible(const QString &className, QObject *object)
{
    if (className == QLatin1String("TimelineChart") && object && object->isWidgetType())
        return new TimelineAccessible(static_cast<TimelineChart *>(object)); // owned by Qt's accessibility cache
    return nullptr;
}

} // namespace

TimelineChart::TimelineChart(QWidget *parent)
    : QWidget(parent)
{
    setAutoFillBackground(false);
    setAttribute(Qt::WA_OpaquePaintEvent); // every pixel is painted
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus); // a screen reader reaches its description
    static const bool installed = [] {
        QAccessible::installFactory(timelineAccessible);
        return true;
    }();
    Q_UNUSED(installed)
    layOut();
}

void TimelineChart::setDescriber(std::function<QString()> describe)
{
    m_describe = std::move(describe);
}

QString TimelineChart::description() const
{
    return m_describe ? m_describe() : accessibleDescription();
}

void TimelineChart::descriptionChanged()
{
    if (!QAccessible::isActive())
        return;
    QAccessibleEvent event(this, QAccessible::DescriptionChanged);
    QAccessible::updateAccessibility(&event);
}

void TimelineChart::setRuns(std::vector<Run> runs, double top, bool marked, double markerX, const QString &markerName)
{
    m_runs = std::move(runs);
    m_marked = marked;
    m_markerX = markerX;
    QStringList legend;
    QList<QColor> colours;
    for (const Run &run : m_runs) {
        if (!legend.contains(run.name)) {
            legend << run.name;
            colours << run.colour;
        }
    }
    if (marked) {
        legend << markerName;
        colours << palette().color(QPalette::Text);
    }
    const double newTop = std::max(1.0, std::ceil(top));
    if (newTop != m_top || legend != m_legend || colours != m_legendColours) {
        // Other count labels or another legend: measured and drawn again (not at every
        // redraw: measuring them was a third of one).
        m_top = newTop;
        m_legend = legend;
        m_legendColours = colours;
        m_frame.ready = false;
        layOut();
        update();
        return;
    }
    // The same frame: only the bands and the marker are new, drawn within the plot (a
    // redraw every other second repainted the labels and legend around it as well).
    update(bandsArea());
}

QRect TimelineChart::bandsArea() const
{
    return m_plot.adjusted(0, -1, 1, 1).toAlignedRect();
}

void TimelineChart::setTimeAxis(double from, const QList<QPair<QString, double>> &labels)
{
    m_from = std::min(from, -1.0);
    m_timeLabels = labels;
    m_frame.ready = false;
    update();
}

QStringList TimelineChart::timeLabels() const
{
    QStringList out;
    for (const auto &label : m_timeLabels)
        out << label.first;
    return out;
}

QStringList TimelineChart::legend() const
{
    return m_legend;
}

QPointF TimelineChart::positionOf(QPointF value) const
{
    return {m_plot.left() + (value.x() - m_from) / -m_from * m_plot.width(), m_plot.bottom() - value.y() / m_top * m_plot.height()};
}

QPointF TimelineChart::valueAt(QPointF position) const
{
    return {m_from + (position.x() - m_plot.left()) / m_plot.width() * -m_from, (m_plot.bottom() - position.y()) / m_plot.height() * m_top};
}

void TimelineChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layOut();
}

void TimelineChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange || event->type() == QEvent::PaletteChange) {
        m_frame.ready = false;
        layOut();
    }
}

void TimelineChart::layOut()
{
    const QFontMetrics fm = fontMetrics();
    int labels = 0;
    for (const int tick : countTicks(m_top))
        labels = std::max(labels, fm.horizontalAdvance(QString::number(tick)));
    int legend = 0;
    for (const QString &name : std::as_const(m_legend))
        legend = std::max(legend, fm.horizontalAdvance(name));
    const double left = labels + 10, right = legend > 0 ? legend + kSwatch + 6 + 24 : 12;
    const double top = fm.height() / 2.0 + 2, bottom = fm.height() + 8;
    const QRectF plot(left, top, std::max(1.0, width() - left - right), std::max(1.0, height() - top - bottom));
    if (plot != m_plot)
        m_frame.ready = false;
    m_plot = plot;
}

void TimelineChart::prepareFrame()
{
    m_frame = Frame();
    m_frame.ready = true;
    const QFontMetrics fm = fontMetrics();
    const auto place = [&](const QString &text, QPointF baseline) {
        QStaticText laidOut(text);
        laidOut.setTextFormat(Qt::PlainText);
        laidOut.prepare(QTransform(), font());
        m_frame.texts.push_back({baseline - QPointF(0, fm.ascent()), laidOut}); // drawn from its top
    };

    // The axes: a grid line at each label.
    for (const auto &label : std::as_const(m_timeLabels)) {
        const double x = positionOf({label.second, 0}).x();
        m_frame.grid << QLineF(x, m_plot.top(), x, m_plot.bottom());
        place(label.first, QPointF(x - fm.horizontalAdvance(label.first) / 2.0, m_plot.bottom() + 4 + fm.ascent()));
    }
    for (const int tick : countTicks(m_top)) {
        const double y = positionOf({0, double(tick)}).y();
        m_frame.grid << QLineF(m_plot.left(), y, m_plot.right(), y);
        const QString number = QString::number(tick);
        place(number, QPointF(m_plot.left() - 6 - fm.horizontalAdvance(number), y + fm.ascent() / 2.0 - 1));
    }

    // The legend, on the right, centred on the plot.
    const int lineHeight = fm.height() + 4;
    double y = m_plot.center().y() - lineHeight * m_legend.size() / 2.0;
    const double x = m_plot.right() + 18;
    for (qsizetype i = 0; i < m_legend.size(); ++i, y += lineHeight) {
        m_frame.swatches.push_back({QRectF(x, y + (lineHeight - kSwatch) / 2.0, kSwatch, kSwatch), m_legendColours.value(i)});
        place(m_legend[i], QPointF(x + kSwatch + 6, y + (lineHeight - fm.height()) / 2.0 + fm.ascent()));
    }
}

void TimelineChart::fillLine(QPainter &painter, const QLineF &line, const QColor &colour)
{
    if (painter.deviceTransform().type() > QTransform::TxTranslate) {
        // Scaled, a line is a stroked outline whose edges fall between pixels: drawn so.
        const QPen pen = painter.pen();
        painter.setPen(colour);
        painter.drawLine(line);
        painter.setPen(pen);
        return;
    }
    // Unscaled, a one-pixel line lights the pixels its points fall in, both ends included.
    const double left = std::min(line.x1(), line.x2()), right = std::max(line.x1(), line.x2());
    const double top = std::min(line.y1(), line.y2()), bottom = std::max(line.y1(), line.y2());
    painter.fillRect(QRectF(std::floor(left), std::floor(top), std::floor(right) - std::floor(left) + 1, std::floor(bottom) - std::floor(top) + 1),
                     colour);
}

void TimelineChart::paintEvent(QPaintEvent *event)
{
    if (!m_frame.ready)
        prepareFrame();
    // Labels and legend swatches outside the part to paint are left out, with a margin
    // for a glyph's ink beyond its text's box.
    const QRect painted = event->rect();
    const double margin = fontMetrics().height() / 4.0;
    const auto within = [&](const QRectF &box) { return painted.intersects(box.adjusted(-margin, -margin, margin, margin).toAlignedRect()); };
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    // The grid's faint colour mixed here, opaque: lines drawn with alpha are blended pixel
    // by pixel.
    const QColor base = palette().color(QPalette::Base), mid = palette().color(QPalette::Mid);
    const auto mix = [](int a, int b) { return (a * 175 + b * 80) / 255; };
    const QColor grid(mix(base.red(), mid.red()), mix(base.green(), mid.green()), mix(base.blue(), mid.blue()));
    for (const QLineF &line : std::as_const(m_frame.grid))
        fillLine(p, line, grid);
    p.setPen(palette().color(QPalette::Text));
    for (const auto &[at, text] : m_frame.texts) {
        if (within(QRectF(at, text.size())))
            p.drawStaticText(at, text);
    }
    for (const auto &[rect, colour] : m_frame.swatches) {
        if (within(rect))
            p.fillRect(rect, colour);
    }

    // The bands, in the order given (stacked areas first), cut at the plot.
    p.setClipRect(m_plot.adjusted(0, -1, 1, 1));
    for (const Run &run : m_runs) {
        if (run.stacked) {
            QPolygonF area;
            area.reserve(run.upper.size() + run.lower.size());
            for (const QPointF &v : run.upper)
                area << positionOf(v);
            for (auto it = run.lower.crbegin(); it != run.lower.crend(); ++it)
                area << positionOf(*it);
            p.setPen(Qt::NoPen);
            p.setBrush(run.colour);
            p.drawPolygon(area);
        } else {
            QPolygonF line;
            line.reserve(run.upper.size());
            for (const QPointF &v : run.upper)
                line << positionOf(v);
            p.setPen(QPen(run.colour, 2, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawPolyline(line);
        }
    }
    if (m_marked) {
        p.setPen(QPen(palette().color(QPalette::Text), 2));
        p.drawLine(positionOf({m_markerX, 0}), positionOf({m_markerX, m_top}));
    }
}
