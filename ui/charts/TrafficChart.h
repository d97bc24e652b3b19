#pragma once

#include <QColor>
#include <QMap>
#include <QtCharts/QChartView>

#include <cstdint>

namespace fd::traffic {
struct TrafficSnapshot;
}

QT_BEGIN_NAMESPACE
class QAreaSeries;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace fd::ui {

/**
 * Requests per second of the traffic generator's run, stacked by revision (X-Revision; the newest
 * in the deployment view's target blue, older ones as it paints them), with failed requests per
 * second as a red line; seconds since the run started across, the axis as long as the run's time
 * bound. Fed whole snapshots: one replace() per series and refresh, no animations. Only complete
 * seconds are drawn, so the last point does not dip while its second fills.
 */
class TrafficChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficChart)

public:
    explicit TrafficChart(QWidget *parent = nullptr);

    void setSnapshot(const fd::traffic::TrafficSnapshot &snapshot);

    /// The series drawn ("revision 2", ..., "failed"), bottom first, for tests.
    QStringList seriesNames() const;
    /// The highest stacked value drawn (answered requests in the busiest second).
    double peak() const { return m_peak; }
    /// A revision's colour by age: 0 the newest (the revision being rolled out), then older ones.
    static QColor revisionColour(int age);

private:
    QAreaSeries *areaFor(const QString &revision, int age);
    void clearSeries();

    QChart *m_chart;
    QValueAxis *m_x;
    QValueAxis *m_y;
    QLineSeries *m_failed;
    QMap<QString, QAreaSeries *> m_areas; ///< by revision
    std::uint64_t m_run = 0;
    double m_peak = 0;
};

} // namespace fd::ui
