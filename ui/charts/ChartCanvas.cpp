#include "charts/ChartCanvas.h"

#include "Palette.h"

#include <QMouseEvent>
#include <QtCharts/QChart>

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

void ChartCanvas::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    const QRectF plot = plotInScene();
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

} // namespace fd::ui
