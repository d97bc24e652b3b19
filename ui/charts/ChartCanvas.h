#pragma once

#include <QImage>
#include <QPen>
#include <QtCharts/QChartView>

#include <functional>
#include <optional>

namespace fd::ui {

/**
 * The QChartView inside a MetricChart (internal to ui/charts): paints the plot's background with the
 * periods an alarm was in ALARM shaded under the lines, the metric lines themselves, the threshold
 * lines with their labels, and tracks the mouse for the hover readout (a vertical rule and a box with
 * the time and the values under it). What it paints comes from its owner through the setters.
 *
 * The metric lines are painted here rather than by Qt Charts (whose series stay empty, for the
 * legend): a line's settled part, the points before its newest bucket, is kept in an image of the
 * plot (the line layer), so a frame that only moves the lines' tails composes that image and strokes
 * the few segments of each tail. For the time axis' next step a second image is drawn ahead, a
 * slice per frame, and swapped in at the step. The layer is drawn again whole in one frame when the
 * value axis, the plot's geometry, the pens or a settled point change otherwise (a new maximum, a
 * resize, other data).
 */
class ChartCanvas final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartCanvas)

public:
    struct Shade
    {
        double fromX = 0;
        double toX = 0;
    };
    struct Label
    {
        double y = 0;
        QString text;
        QColor colour;
        QPen line = Qt::NoPen; ///< the rule drawn across the plot at y (NoPen: none)
    };
    /// A metric line: points in axis units (x ms since the epoch), oldest first. The first `settled`
    /// points no longer change while the data only grows (the buckets before the newest one).
    struct Line
    {
        QList<QPointF> points;
        qsizetype settled = 0;
        QPen pen;
        qsizetype nextFirst = 0; ///< the first point still in the window after the next step
    };
    /// The axes' ranges the lines are drawn against.
    struct Ranges
    {
        double xMin = 0;
        double xMax = 1;
        double yMin = 0;
        double yMax = 1;
        friend bool operator==(const Ranges &, const Ranges &) = default;
    };

    explicit ChartCanvas(QChart *chart, QWidget *parent = nullptr);

    void setShades(QList<Shade> shades);
    void setLabels(QList<Label> labels);
    /// The lines against `ranges`; `next`: the ranges after the time axis' next step, against which
    /// the canvas draws the lines' settled parts a slice per frame (from each line's nextFirst), so
    /// that the step itself only swaps images.
    void setLines(QList<Line> lines, Ranges ranges, std::optional<Ranges> next = std::nullopt);
    const QList<Line> &lines() const { return m_lines; }
    /// How often the lines were stroked whole in one frame (for tests: a tail-only frame does not,
    /// nor a step of the time axis prepared ahead).
    int layerRebuilds() const { return m_rebuilds; }
    /// Segments drawn per frame into the image prepared for the next step.
    static constexpr qsizetype kAheadSegmentsPerFrame = 300;
    /// The readout for an x value (ms since the epoch); empty: none there.
    void setReadout(std::function<QString(double x)> readout) { m_readout = std::move(readout); }
    /// The x under the cursor while it is over the plot; nullopt otherwise.
    std::optional<double> hoverX() const { return m_hoverX; }
    /// Moves the hover rule to `x` (as the mouse does); nullopt hides it.
    void setHoverX(std::optional<double> x);

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QRectF plotInScene() const;
    double sceneX(double x) const;
    double sceneY(double y) const;
    void drawReadout(QPainter *painter, const QRectF &plot);
    void drawLines(QPainter *painter, const QRectF &plot);
    QPointF toScene(const QPointF &value, const QRectF &plot) const;
    void strokeSegments(QPainter *painter, const Line &line, const QRectF &plot, qsizetype from, qsizetype to) const;
    void drawAhead(const QPainter &painter);

    // The settled parts of the lines, in device pixels; see the class comment.
    struct Layer
    {
        QImage image;
        QPoint origin;     ///< the image's top left in device pixels
        QTransform device; ///< the painter's device transform it was drawn with
        QRectF plot;       ///< in scene coordinates
        Ranges ranges;
        QList<QPen> pens;
        QList<QList<QPointF>> drawn; ///< per line, the points whose segments the image holds
        bool valid = false;
        /// Same place, pens and ranges, and each line's drawn points are where `lines` has them.
        bool fits(const QSize &size, const QPoint &origin, const QTransform &device, const QRectF &plot,
                  const Ranges &ranges, const QList<QPen> &pens, const QList<Line> &lines, bool fromNext) const;
        void reset(const QSize &size, const QPoint &origin, const QTransform &device, const QRectF &plot,
                   const Ranges &ranges, const QList<QPen> &pens, qsizetype lines);
    };

    QList<Shade> m_shades;
    QList<Label> m_labels;
    QList<Line> m_lines;
    Ranges m_ranges;
    std::optional<Ranges> m_next;
    Layer m_layer;
    Layer m_ahead; ///< drawn against m_next
    int m_rebuilds = 0;
    std::function<QString(double)> m_readout;
    std::optional<double> m_hoverX;
};

} // namespace fd::ui
