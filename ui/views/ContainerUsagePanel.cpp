#include "views/ContainerUsagePanel.h"

#include "Clock.h"
#include "Palette.h"
#include "charts/MetricChart.h"
#include "controllers/MetricsController.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

} // namespace

ContainerUsagePanel::ContainerUsagePanel(QWidget *parent)
    : QWidget(parent), m_hint(new QLabel(this)), m_cpu(new MetricChart(tr("CPU (1 Hz)"), this)),
      m_memory(new MetricChart(tr("Memory (1 Hz)"), this))
{
    setObjectName(QStringLiteral("containerUsage"));
    m_hint->setObjectName(QStringLiteral("containerUsageHint"));
    m_hint->setStyleSheet(palette::themed(QStringLiteral("color: {{hint}};")));
    m_cpu->setObjectName(QStringLiteral("containerCpuChart"));
    m_cpu->setUnit(QStringLiteral("%"));
    m_cpu->setMinimumTop(100);
    m_cpu->addSeries(tr("CPU % of one core"), palette::CpuBar);
    m_cpu->setEmptyText(tr("No samples yet: the container is sampled once a second while it runs."));
    m_memory->setObjectName(QStringLiteral("containerMemoryChart"));
    m_memory->setUnit(QStringLiteral("MiB"));
    m_memory->setMinimumTop(16);
    m_memory->addSeries(tr("Memory used"), palette::MemoryBar);
    m_memory->setEmptyText(tr("No samples yet: the container is sampled once a second while it runs."));
    m_cpu->setCsvSource([this] { return csvOf(int(fd::metrics::Metric::CpuPercent), QStringLiteral("CpuPercent")); });
    m_memory->setCsvSource(
        [this] { return csvOf(int(fd::metrics::Metric::MemoryBytes), QStringLiteral("MemoryBytes")); });
    for (MetricChart *c : {m_cpu, m_memory}) {
        c->setWindow(ChartWindow::FiveMinutes);
        c->setMinimumHeight(220);
    }

    auto *charts = new QHBoxLayout;
    charts->addWidget(m_cpu, 1);
    charts->addWidget(m_memory, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_hint);
    layout->addLayout(charts, 1);
    setContainer({}, {});
}

ContainerUsagePanel::~ContainerUsagePanel() = default;

void ContainerUsagePanel::setMetricsController(fd::MetricsController *metrics)
{
    disconnect(m_connection);
    m_metrics = metrics;
    if (metrics)
        m_connection = connect(metrics, &fd::MetricsController::sampled, this, &ContainerUsagePanel::onSampled);
}

void ContainerUsagePanel::setTeachingClock(std::shared_ptr<fd::ScaledClock> clock)
{
    m_clock = std::move(clock);
}

void ContainerUsagePanel::setContainer(const QString &id, const QString &name)
{
    m_id = id;
    m_hint->setText(id.isEmpty() ? tr("Select a running container to chart its CPU and memory, sampled once a second.")
                                 : tr("<b>%1</b>: raw samples, once a second").arg(name.toHtmlEscaped()));
    for (MetricChart *c : {m_cpu, m_memory})
        c->setSeriesPoints(0, {});
    refresh(m_lastNowMs);
}

void ContainerUsagePanel::setWindow(ChartWindow window)
{
    m_cpu->setWindow(window);
    m_memory->setWindow(window);
    refresh(m_lastNowMs);
}

void ContainerUsagePanel::onSampled(const fd::metrics::SampleBatch &batch)
{
    if (isVisible())
        refresh(batch.timestampMs);
    else
        m_lastNowMs = batch.timestampMs;
}

bool ContainerUsagePanel::refresh(qint64 nowMs)
{
    if (m_clock && m_clock->isPaused())
        return false;
    m_lastNowMs = nowMs;
    const qint64 span = windowSpanMs(m_cpu->window());
    const fd::metrics::TimeSeries *cpu =
        m_metrics && !m_id.isEmpty() ? m_metrics->series(m_id, fd::metrics::Metric::CpuPercent) : nullptr;
    const fd::metrics::TimeSeries *memory =
        m_metrics && !m_id.isEmpty() ? m_metrics->series(m_id, fd::metrics::Metric::MemoryBytes) : nullptr;
    m_cpu->setSeriesPoints(0, cpu ? cpu->points(nowMs - span, nowMs) : std::vector<fd::metrics::Point>{});
    std::vector<fd::metrics::Point> mib =
        memory ? memory->points(nowMs - span, nowMs) : std::vector<fd::metrics::Point>{};
    for (fd::metrics::Point &p : mib)
        p.v /= kMiB;
    m_memory->setSeriesPoints(0, std::move(mib));
    for (MetricChart *c : {m_cpu, m_memory}) {
        c->setNow(nowMs);
        c->redraw();
    }
    return true;
}

QString ContainerUsagePanel::csvOf(int metric, const QString &column) const
{
    // The same shape as MetricCsv: an ISO 8601 UTC timestamp, the value, shortest round-trip text.
    QString out = QStringLiteral("Timestamp,%1\n").arg(column);
    const fd::metrics::TimeSeries *s =
        m_metrics && !m_id.isEmpty() ? m_metrics->series(m_id, fd::metrics::Metric(metric)) : nullptr;
    if (!s)
        return out;
    const qint64 span = windowSpanMs(m_cpu->window());
    for (const fd::metrics::Point &p : s->points(m_lastNowMs - span, m_lastNowMs))
        out += QDateTime::fromMSecsSinceEpoch(p.t, Qt::UTC).toString(Qt::ISODateWithMs) + u',' +
               QString::number(p.v, 'g', QLocale::FloatingPointShortest) + u'\n';
    return out;
}

} // namespace fd::ui
