#pragma once

#include "models/TrafficScoreboard.h"

#include <QColor>
#include <QCoreApplication>
#include <QList>
#include <QRectF>

#include <functional>

class QPainter;

namespace fd::ui {

/**
 * The traffic strip of the deployment canvas, under the chart's time axis and above the task
 * lanes: requests per second stacked by revision in the canvas's revision colours (the oldest at
 * the bottom, as in the chart), each failure a red tick with a marker at its time, "traffic" and
 * the scale in the gutter. A painter helper, not a widget: the canvas gives it its rectangle and
 * its time axis, so it stays under the canvas's size budget and can be tested on its own.
 */
class TrafficBand final
{
    Q_DECLARE_TR_FUNCTIONS(fd::ui::TrafficBand)

public:
    using XOf = std::function<double(const QDateTime &)>;

    void setScoreboard(TrafficScoreboard scoreboard) { m_sb = std::move(scoreboard); }
    const TrafficScoreboard &scoreboard() const { return m_sb; }
    /// Drawn only when the generator ran during the deployment's window.
    bool isShown() const { return m_sb.present; }

    /// The strip's plot area (the chart's x extent) and the canvas's scale.
    void setGeometry(const QRectF &plot, double scale);
    QRectF plotRect() const { return m_plot; }
    /// The strip's height at 1:1 scale, its gap above included.
    static constexpr double kHeight = 74;

    void paint(QPainter &p, const XOf &xOf, const QList<QColor> &groupColours) const;
    /// The failures under `pos` (with their causes), else the second under it; empty elsewhere.
    QString tooltipAt(const QPointF &pos, const XOf &xOf, const DeploymentTimeline &tl) const;
    /// The colour failures are drawn in.
    static QColor failureColour();

private:
    void paintColumns(QPainter &p, const XOf &xOf, const QList<QColor> &groupColours) const;
    void paintFailures(QPainter &p, const XOf &xOf) const;
    void paintGutter(QPainter &p) const;
    double barTop() const;

    TrafficScoreboard m_sb;
    QRectF m_plot;
    double m_scale = 1.0;
};

} // namespace fd::ui
