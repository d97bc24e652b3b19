#pragma once

#include "charts/ChartWindow.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;

namespace fd {
class MetricsController;
class ScaledClock;
namespace metrics {
struct SampleBatch;
}
} // namespace fd

namespace fd::ui {

class MetricChart;

/**
 * The raw 1 Hz usage of one container, as the metrics controller samples it: CPU (% of one core,
 * like `docker stats`) and memory (MiB), the last 5 minutes or hour (what its series keep). Fed
 * by the controller's sampled() batches; the time axis is the samples' clock (real time: CPU %
 * is a rate of what the engine measured). While the teaching clock is paused the charts hold, so
 * a teacher can point at them; they catch up when it runs again.
 */
class ContainerUsagePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContainerUsagePanel)

public:
    explicit ContainerUsagePanel(QWidget *parent = nullptr);
    ~ContainerUsagePanel() override;

    void setMetricsController(fd::MetricsController *metrics);
    /// The teaching clock whose pause holds the charts (null: never held).
    void setTeachingClock(std::shared_ptr<fd::ScaledClock> clock);
    /// The container to chart (empty: none, and a hint).
    void setContainer(const QString &id, const QString &name);
    QString container() const { return m_id; }
    void setWindow(ChartWindow window);

    MetricChart *cpuChart() const { return m_cpu; }
    MetricChart *memoryChart() const { return m_memory; }
    /// Redraws from the controller's series up to `nowMs` (the batch time); false while held.
    bool refresh(qint64 nowMs);

private:
    void onSampled(const fd::metrics::SampleBatch &batch);
    QString csvOf(int metric, const QString &column) const;

    QPointer<fd::MetricsController> m_metrics;
    std::shared_ptr<fd::ScaledClock> m_clock;
    QMetaObject::Connection m_connection;
    QLabel *m_hint;
    MetricChart *m_cpu;
    MetricChart *m_memory;
    QString m_id;
    qint64 m_lastNowMs = 0;
};

} // namespace fd::ui
