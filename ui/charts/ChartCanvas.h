#pragma once

#include <QtCharts/QChartView>

#include <functional>
#include <optional>

namespace fd::ui {

/**
 * The QChartView inside a MetricChart (internal to ui/charts): paints the plot's background with the
 * periods an alarm was in ALARM shaded under the lines, labels the threshold lines, and tracks the
 * mouse for the hover readout (a vertical rule and a box with the time and the values under it).
 * What it paints comes from its owner through the callbacks.
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
    };

    explicit ChartCanvas(QChart *chart, QWidget *parent = nullptr);

    void setShades(QList<Shade> shades);
    void setLabels(QList<Label> labels);
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

private:
    QRectF plotInScene() const;
    double sceneX(double x) const;
    double sceneY(double y) const;
    void drawReadout(QPainter *painter, const QRectF &plot);

    QList<Shade> m_shades;
    QList<Label> m_labels;
    std::function<QString(double)> m_readout;
    std::optional<double> m_hoverX;
};

} // namespace fd::ui
