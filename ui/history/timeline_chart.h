// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QList>
#include <QPair>
#include <QLineF>
#include <QPointF>
#include <QRectF>
#include <QStaticText>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <vector>

class QPainter;

/// The timeline's drawing: bands stacked as areas (or one drawn as a dashed line along its
/// upper values, which the timeline puts over the stack), over a time axis of seconds
/// before the chart's end and a count axis from 0, with a legend on the right and, while
/// rewound, a marker at the moment shown. Painted with QPainter from the points it is
/// given: a redraw is new points and one paint, where a chart library rebuilt and stroked
/// every series' graphics items at each redraw.
class TimelineChart : public QWidget
{
    Q_OBJECT
public:
    /// Fills the pixels that QPainter::drawLine() lights for @p line (horizontal or
    /// vertical) with a one-pixel pen of @p colour. The raster engine strokes a line pixel
    /// by pixel through the paint's clip; the chart's grid, drawn so, was a twentieth of
    /// the client's instructions at a poll. Filled, it is a few spans. (On a scaled
    /// painter the line is drawn: its edges fall between pixels.)
    static void fillLine(QPainter &painter, const QLineF &line, const QColor &colour);

    /// A stretch of one band without a gap.
    struct Run {
        QString name;        ///< its legend entry, shared by the runs of one band
        QColor colour;
        bool stacked = true; ///< an area between lower and upper; else a dashed line along upper
        QList<QPointF> upper, lower;
    };

    explicit TimelineChart(QWidget *parent = nullptr);

    /// What is drawn: @p runs over counts 0 … @p top, and the moment shown at @p markerX
    /// when @p marked (named @p markerName in the legend).
    void setRuns(std::vector<Run> runs, double top, bool marked, double markerX, const QString &markerName);
    /// The time axis: from @p from to 0, each label at its value.
    void setTimeAxis(double from, const QList<QPair<QString, double>> &labels);

    /// What a screen reader is told of the chart (its accessible description), made when
    /// it asks: @p describe is called then, not at every redraw.
    void setDescriber(std::function<QString()> describe);
    QString description() const;
    /// Tells a screen reader, if one listens, that the description has changed.
    void descriptionChanged();

    QStringList timeLabels() const;
    /// The legend's entries, top to bottom.
    QStringList legend() const;
    /// Where a value (time, count) is drawn, in the widget's coordinates, and back.
    QPointF positionOf(QPointF value) const;
    QPointF valueAt(QPointF position) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    /// The plot's rectangle, from the widget's size, the font, the count labels and the
    /// legend; the frame is drawn again when any of them changed.
    void layOut();
    /// What the bands and the marker may cover: the plot, the pixels its edges touch.
    QRect bandsArea() const;
    /// What stays from redraw to redraw (the grid, the axes' labels and the legend), laid
    /// out once into m_frame: typesetting the labels was most of a paint. (An image of it
    /// was no cheaper: blitting it cost more than drawing its lines and texts.)
    void prepareFrame();

    std::function<QString()> m_describe;
    std::vector<Run> m_runs;
    QList<QPair<QString, double>> m_timeLabels;
    QStringList m_legend;
    QList<QColor> m_legendColours;
    double m_from = -300;
    double m_top = 1;
    bool m_marked = false;
    double m_markerX = 0;
    QRectF m_plot;
    struct Frame {
        bool ready = false; ///< false: to be laid out again
        QList<QLineF> grid;
        std::vector<std::pair<QPointF, QStaticText>> texts; ///< each at its top left
        std::vector<std::pair<QRectF, QColor>> swatches;
    };
    Frame m_frame;
};
