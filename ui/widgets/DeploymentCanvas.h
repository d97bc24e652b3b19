#pragma once

#include "models/DeploymentTimeline.h"
#include "widgets/TrafficBand.h"

#include <QColor>
#include <QList>
#include <QPixmap>
#include <QRectF>
#include <QWidget>

namespace fd::ui {

/**
 * The deployment, painted for a projector. Above: running tasks per revision over time, stacked
 * (healthy solid at the bottom, so the top of the solid part is what minimumHealthyPercent guards;
 * then tasks starting or not yet healthy, hatched; then stopping ones, grey), with the minimum healthy
 * and maximum bounds as guard rails and numbered ticks for the service events. Below, on the same
 * time axis: one lane per task, grouped by deployment, coloured by revision and patterned by phase,
 * ending in a marker where it stopped (hover: its stopped reason). Between the two, when the
 * console's traffic generator ran during the deployment, a strip of the requests each revision
 * served per second and a marker for every failed request (TrafficBand).
 *
 * Hue tells the revision (FleetCanvas's family colour; older revisions lighter), pattern tells the
 * phase, so nothing depends on telling red from green. It paints from a DeploymentTimeline only and
 * keeps no domain logic; the geometry is recomputed on resize and on new data, never per frame.
 */
class DeploymentCanvas final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeploymentCanvas)

public:
    explicit DeploymentCanvas(QWidget *parent = nullptr);

    void setTimeline(const DeploymentTimeline &timeline);
    const DeploymentTimeline &timeline() const { return m_tl; }
    /// The traffic strip's data (built on the same timeline); not present: no strip.
    void setTraffic(const TrafficScoreboard &scoreboard);
    const TrafficBand &trafficBand() const { return m_traffic; }

    /// The colour of a group's revision: the family's colour, older revisions lighter.
    QColor groupColour(int group) const;
    /// Where things are, in widget coordinates (for tests and tooltips).
    QRectF chartRect() const { return m_chart; }
    QRectF laneRect(int lane) const;
    double xOf(const QDateTime &t) const;
    /// The lane under `pos`, or -1.
    int laneAt(const QPointF &pos) const;
    /// Text of the tooltip at `pos` (empty: none).
    QString tooltipAt(const QPointF &pos) const;
    /// True when the canvas is too short for the lanes and the legend and draws the chart alone.
    bool isCompact() const { return m_compact; }

    QSize sizeHint() const override { return {1200, 760}; }
    QSize minimumSizeHint() const override { return {640, 420}; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;

private:
    void relayout();
    double scale() const { return m_scale; }
    double yOf(double count) const;
    void paintEmpty(QPainter &p) const;
    void paintAxis(QPainter &p) const;
    void paintChart(QPainter &p) const;
    void paintRails(QPainter &p) const;
    void paintEventTicks(QPainter &p) const;
    void paintLanes(QPainter &p) const;
    void paintLegend(QPainter &p) const;
    void paintNow(QPainter &p) const;
    QBrush hatch(const QColor &colour, bool back = false) const;
    static QStringList phaseLegendLabels();

    DeploymentTimeline m_tl;
    double m_scale = 1.0;
    QRectF m_chart; ///< the chart's plot area
    QRectF m_axis;  ///< the time labels under it
    QRectF m_lanes; ///< the lanes' plot area (labels to its left)
    QRectF m_legend;
    int m_legendRows = 1;
    bool m_compact = false;
    static constexpr double kMinLanesHeight = 80; ///< below this (at 1:1), lanes and legend are left out
    double m_laneHeight = 20;
    double m_laneGap = 4;
    double m_groupHeader = 28;
    QList<double> m_laneTop;  ///< per lane
    QList<double> m_groupTop; ///< per group: where its header sits
    int m_yMax = 4;
    QList<QColor> m_colours; ///< per group
    struct Badge
    {
        QRectF rect;
        double tickX = 0;
        QList<int> events; ///< indexes into m_tl.events
    };
    QList<Badge> m_badges;
    mutable QHash<quint64, QBrush> m_hatches;
    TrafficBand m_traffic;
};

} // namespace fd::ui
