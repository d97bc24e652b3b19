#include "charts/ChartCanvas.h"

#include "Palette.h"

#include <QMouseEvent>
#include <QPainter>
#include <QtCharts/QChart>

#include <algorithm>
#include <cmath>

namespace fd::ui {

ChartCanvas::ChartCanvas(QChart *chart, QWidget *parent) : QChartView(chart, parent)
{
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    setRenderHint(QPainter::Antialiasing);
    // The background is ours (drawBackground): the shading goes under the grid and the lines.
    chart->setBackgroundVisible(false);
    chart->setPlotAreaBackgroundVisible(false);
}

void ChartCanvas::setShades(QList<Shade> shades)
{
    m_shades = std::move(shades);
    viewport()->update();
}

void ChartCanvas::setLabels(QList<Label> labels)
{
    m_labels = std::move(labels);
    viewport()->update();
}

void ChartCanvas::setLines(QList<Line> lines, Ranges ranges, std::optional<Ranges> next)
{
    m_lines = std::move(lines);
    m_ranges = ranges;
    m_next = next;
    viewport()->update();
}

bool ChartCanvas::Layer::fits(const QSize &size_, const QPoint &origin_, const QTransform &device_, const QRectF &plot_,
                              const Ranges &ranges_, const QList<QPen> &pens_, const QList<Line> &lines,
                              bool fromNext) const
{
    if (!valid || image.size() != size_ || origin != origin_ || device != device_ || plot != plot_ ||
        ranges != ranges_ || pens != pens_ || drawn.size() != lines.size())
        return false;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QList<QPointF> &have = drawn[i];
        const QList<QPointF> &want = lines[i].points;
        const qsizetype first = fromNext ? std::clamp<qsizetype>(lines[i].nextFirst, 0, want.size()) : 0;
        if (have.size() > want.size() - first || !std::equal(have.begin(), have.end(), want.begin() + first))
            return false;
    }
    return true;
}

void ChartCanvas::Layer::reset(const QSize &size_, const QPoint &origin_, const QTransform &device_,
                               const QRectF &plot_, const Ranges &ranges_, const QList<QPen> &pens_, qsizetype lines)
{
    if (image.size() != size_)
        image = QImage(size_, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(1);
    image.fill(Qt::transparent);
    drawn = QList<QList<QPointF>>(lines);
    origin = origin_;
    device = device_;
    plot = plot_;
    ranges = ranges_;
    pens = pens_;
    valid = true;
}

void ChartCanvas::setHoverX(std::optional<double> x)
{
    m_hoverX = x;
    viewport()->update();
}

QRectF ChartCanvas::plotInScene() const
{
    return chart()->mapToScene(chart()->plotArea()).boundingRect();
}

double ChartCanvas::sceneX(double x) const
{
    const QPointF p = chart()->mapToPosition(QPointF(x, 0));
    return chart()->mapToScene(p).x();
}

double ChartCanvas::sceneY(double y) const
{
    const QPointF p = chart()->mapToPosition(QPointF(0, y));
    return chart()->mapToScene(p).y();
}

void ChartCanvas::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, palette::Paper);
    const QRectF plot = plotInScene();
    painter->fillRect(plot, palette::ChartBackground);
    // Strong enough to survive a projector's washed-out colours, light enough for the lines on it.
    QColor shade = palette::Error;
    shade.setAlpha(48);
    QFont bold = font();
    bold.setBold(true);
    painter->setFont(bold);
    const QFontMetricsF fm(bold);
    const QString alarm = QStringLiteral("ALARM");
    for (const Shade &s : std::as_const(m_shades)) {
        const double left = std::max(plot.left(), sceneX(s.fromX));
        const double right = std::min(plot.right(), sceneX(s.toX));
        if (right <= left)
            continue;
        painter->fillRect(QRectF(left, plot.top(), right - left, plot.height()), shade);
        painter->fillRect(QRectF(left, plot.top(), right - left, 4), palette::Error);
        // Named where it is wide enough: a red band alone says nothing to a newcomer.
        if (right - left >= fm.horizontalAdvance(alarm) + 8) {
            painter->setPen(palette::Error);
            painter->drawText(QRectF(left, plot.top() + 6, right - left, fm.height()), Qt::AlignHCenter, alarm);
        }
    }
}

QPointF ChartCanvas::toScene(const QPointF &value, const QRectF &plot) const
{
    // Both axes are linear: the same mapping as Qt Charts' (QChart::mapToPosition), without a call
    // through its domain per point.
    const Ranges &r = m_ranges;
    const double fx = r.xMax > r.xMin ? (value.x() - r.xMin) / (r.xMax - r.xMin) : 0;
    const double fy = r.yMax > r.yMin ? (value.y() - r.yMin) / (r.yMax - r.yMin) : 0;
    return {plot.left() + fx * plot.width(), plot.bottom() - fy * plot.height()};
}

void ChartCanvas::strokeSegments(QPainter *painter, const Line &line, const QRectF &plot, qsizetype from,
                                 qsizetype to) const
{
    // The segments ending at points [from, to). Solid: one drawLine per segment, as Qt Charts draws a
    // solid line (one antialiased stroke of a whole long line costs far more in Qt's rasterizer).
    // Dashed: one polyline, its pattern continued from the length before it.
    from = std::max<qsizetype>(from, 1);
    to = std::min(to, line.points.size());
    if (from >= to)
        return;
    if (line.pen.style() == Qt::SolidLine) {
        painter->setPen(line.pen);
        QPointF a = toScene(line.points[from - 1], plot);
        for (qsizetype k = from; k < to; ++k) {
            const QPointF b = toScene(line.points[k], plot);
            painter->drawLine(a, b);
            a = b;
        }
        return;
    }
    QPen pen = line.pen;
    double before = 0;
    for (qsizetype k = 1; k < from; ++k)
        before += QLineF(toScene(line.points[k - 1], plot), toScene(line.points[k], plot)).length();
    pen.setDashOffset(pen.dashOffset() + before / std::max(1.0, pen.widthF()));
    painter->setPen(pen);
    QPolygonF polyline;
    polyline.reserve(to - from + 1);
    for (qsizetype k = from - 1; k < to; ++k)
        polyline.append(toScene(line.points[k], plot));
    painter->drawPolyline(polyline);
}

void ChartCanvas::drawLines(QPainter *painter, const QRectF &plot)
{
    if (m_lines.isEmpty())
        return;
    painter->save();
    painter->setClipRect(plot, Qt::IntersectClip);
    const QTransform device = painter->deviceTransform();
    if (device.type() > QTransform::TxScale || device.m11() != device.m22() || !(device.m11() > 0)) {
        // Rotated or sheared (not done by this console): no layer, every segment drawn.
        for (const Line &line : std::as_const(m_lines))
            strokeSegments(painter, line, plot, 1, line.points.size());
        painter->restore();
        m_layer.valid = false;
        m_ahead.valid = false;
        return;
    }
    // The layer covers the plot in whole device pixels, so that composing it moves no pixel.
    const QRectF deviceRect = device.mapRect(plot);
    const QPoint origin(int(std::floor(deviceRect.left())), int(std::floor(deviceRect.top())));
    const QSize size(int(std::ceil(deviceRect.right())) - origin.x() + 1,
                     int(std::ceil(deviceRect.bottom())) - origin.y() + 1);
    QList<QPen> pens;
    pens.reserve(m_lines.size());
    for (const Line &line : std::as_const(m_lines))
        pens.append(line.pen);
    if (!m_layer.fits(size, origin, device, plot, m_ranges, pens, m_lines, false)) {
        if (m_ahead.fits(size, origin, device, plot, m_ranges, pens, m_lines, false)) {
            // The time axis stepped to where the image drawn ahead is: only the settled pieces it
            // has not got yet are stroked below.
            std::swap(m_layer, m_ahead);
        } else {
            m_layer.reset(size, origin, device, plot, m_ranges, pens, m_lines.size());
            ++m_rebuilds;
        }
        m_ahead.valid = false;
    }
    Layer &layer = m_layer;
    // What settled since the last frame goes into the layer.
    bool grows = false;
    for (qsizetype i = 0; i < m_lines.size(); ++i)
        grows = grows || std::min(m_lines[i].settled, m_lines[i].points.size()) > layer.drawn[i].size();
    if (grows) {
        layer.image.setDevicePixelRatio(1);
        QPainter into(&layer.image);
        into.setRenderHints(painter->renderHints());
        into.setTransform(device * QTransform::fromTranslate(-origin.x(), -origin.y()));
        into.setClipRect(plot);
        for (qsizetype i = 0; i < m_lines.size(); ++i) {
            const Line &line = m_lines[i];
            const qsizetype settled = std::clamp<qsizetype>(line.settled, 0, line.points.size());
            if (settled <= layer.drawn[i].size())
                continue;
            strokeSegments(&into, line, plot, layer.drawn[i].size(), settled);
            layer.drawn[i] = line.points.first(settled);
        }
    }
    // The layer, one image pixel per device pixel, then the tails on it.
    layer.image.setDevicePixelRatio(device.m11());
    painter->drawImage(device.inverted().map(QPointF(origin)), layer.image);
    for (qsizetype i = 0; i < m_lines.size(); ++i)
        strokeSegments(painter, m_lines[i], plot, layer.drawn[i].size(), m_lines[i].points.size());
    drawAhead(*painter);
    painter->restore();
}

void ChartCanvas::drawAhead(const QPainter &painter)
{
    // A slice of the lines' settled parts against the ranges after the time axis' next step, from
    // the points that will still be in the window then, at most kAheadSegmentsPerFrame a frame.
    if (!m_next || !m_layer.valid)
        return;
    const Layer &now = m_layer;
    // The plot in scene coordinates is the same after a step of the time axis (the labels keep
    // their format), so is the layer's place.
    if (!m_ahead.fits(now.image.size(), now.origin, now.device, now.plot, *m_next, now.pens, m_lines, true))
        m_ahead.reset(now.image.size(), now.origin, now.device, now.plot, *m_next, now.pens, m_lines.size());
    Layer &ahead = m_ahead;
    qsizetype budget = kAheadSegmentsPerFrame;
    std::optional<QPainter> into;
    const Ranges ranges = m_ranges;
    m_ranges = *m_next; // strokeSegments maps with m_ranges
    for (qsizetype i = 0; i < m_lines.size() && budget > 0; ++i) {
        const Line &line = m_lines[i];
        const qsizetype first = std::clamp<qsizetype>(line.nextFirst, 0, line.points.size());
        const qsizetype settled = std::clamp<qsizetype>(line.settled, first, line.points.size()) - first;
        const qsizetype have = ahead.drawn[i].size();
        if (settled <= have)
            continue;
        const qsizetype to = std::min(settled, std::max<qsizetype>(have, 1) + budget);
        if (!into) {
            ahead.image.setDevicePixelRatio(1);
            into.emplace(&ahead.image);
            into->setRenderHints(painter.renderHints());
            into->setTransform(ahead.device * QTransform::fromTranslate(-ahead.origin.x(), -ahead.origin.y()));
            into->setClipRect(ahead.plot);
        }
        const Line slice{line.points.sliced(first), settled, line.pen, 0};
        strokeSegments(&*into, slice, ahead.plot, have, to);
        budget -= to - std::max<qsizetype>(have, 1);
        ahead.drawn[i] = slice.points.first(to);
    }
    m_ranges = ranges;
}

void ChartCanvas::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    const QRectF plot = plotInScene();
    drawLines(painter, plot);
    for (const Label &l : std::as_const(m_labels)) {
        const double y = sceneY(l.y);
        if (l.line.style() == Qt::NoPen || y < plot.top() || y > plot.bottom())
            continue;
        painter->setPen(l.line);
        painter->drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }
    QFont bold = font();
    bold.setBold(true);
    painter->setFont(bold);
    const QFontMetricsF fm(bold);
    for (const Label &l : std::as_const(m_labels)) {
        const double y = sceneY(l.y);
        if (y < plot.top() || y > plot.bottom())
            continue;
        const QRectF box(plot.left() + 6, y - fm.height() - 2, fm.horizontalAdvance(l.text) + 8, fm.height());
        painter->fillRect(box, QColor(255, 255, 255, 210));
        painter->setPen(l.colour);
        painter->drawText(box, Qt::AlignCenter, l.text);
    }
    if (m_hoverX && m_readout)
        drawReadout(painter, plot);
}

void ChartCanvas::drawReadout(QPainter *painter, const QRectF &plot)
{
    const double x = sceneX(*m_hoverX);
    if (x < plot.left() || x > plot.right())
        return;
    painter->setPen(QPen(palette::Ink, 1, Qt::DashLine));
    painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    const QString text = m_readout(*m_hoverX);
    if (text.isEmpty())
        return;
    painter->setFont(font());
    const QFontMetricsF fm(font());
    const QRectF textRect = fm.boundingRect(QRectF(0, 0, 600, 400), Qt::AlignLeft, text);
    QRectF box(0, plot.top() + 8, textRect.width() + 16, textRect.height() + 10);
    box.moveLeft(x + 12 + box.width() <= plot.right() ? x + 12 : x - 12 - box.width());
    painter->setPen(palette::PanelBorder);
    painter->setBrush(QColor(255, 255, 255, 235));
    painter->drawRoundedRect(box, 4, 4);
    painter->setPen(palette::Ink);
    painter->drawText(box.adjusted(8, 5, -8, -5), Qt::AlignLeft, text);
}

void ChartCanvas::mouseMoveEvent(QMouseEvent *event)
{
    QChartView::mouseMoveEvent(event);
    const QPointF scene = mapToScene(event->position().toPoint());
    const QRectF plot = plotInScene();
    if (!plot.contains(scene)) {
        if (m_hoverX)
            setHoverX(std::nullopt);
        return;
    }
    setHoverX(chart()->mapToValue(chart()->mapFromScene(scene)).x());
}

void ChartCanvas::leaveEvent(QEvent *event)
{
    QChartView::leaveEvent(event);
    setHoverX(std::nullopt);
}

void ChartCanvas::hideEvent(QHideEvent *event)
{
    QChartView::hideEvent(event);
    // The kept image of the lines is the plot's size in device pixels (2.4 MB at 1280x480): not held
    // while the chart is not shown.
    m_layer.image = QImage();
    m_layer.valid = false;
    m_ahead.image = QImage();
    m_ahead.valid = false;
}

} // namespace fd::ui
