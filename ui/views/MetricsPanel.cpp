#include "views/MetricsPanel.h"

#include "Clock.h"
#include "ControlPlane.h"
#include "Palette.h"
#include "charts/MetricChart.h"
#include "metrics/EcsMetrics.h"
#include "metrics/InsightsMetrics.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMetaObject>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

using fd::metrics::Statistic;

QString ecsEmpty()
{
    return MetricsPanel::tr("No datapoints in this window yet: the AWS/ECS metrics are published once a minute of "
                            "control-plane time, from the tasks' usage.");
}

QString elbEmpty()
{
    return MetricsPanel::tr("No datapoints in this window yet: the load balancer's metrics are published once a "
                            "minute while it has a listener.");
}

QString insightsEmpty()
{
    return MetricsPanel::tr("No datapoints in this window: task counts are Container Insights metrics. Set the "
                            "cluster's containerInsights setting to enabled to publish them (once a minute).");
}

QString taskEmpty()
{
    return MetricsPanel::tr("No datapoints in this window yet: Container Insights records the task's usage once a "
                            "minute of control-plane time while it runs, and keeps an hour of it.");
}

MetricLine line(fd::metrics::MetricId id, Statistic statistic, const QString &label, const QColor &colour,
                Qt::PenStyle style = Qt::SolidLine)
{
    return MetricLine{std::move(id), statistic, label, colour, style};
}

MetricChartSpec percentChart(const QString &title, const fd::metrics::MetricId &id, const QColor &colour)
{
    return MetricChartSpec{title,
                           QStringLiteral("%"),
                           100,
                           ecsEmpty(),
                           {line(id, Statistic::Average, QObject::tr("Average"), colour),
                            line(id, Statistic::Maximum, QObject::tr("Maximum"), colour.lighter(140), Qt::DashLine)}};
}

fd::metrics::MetricId elbMetric(const QString &name, std::vector<fd::metrics::Dimension> dimensions)
{
    return fd::metrics::MetricId{QStringLiteral("AWS/ApplicationELB"), name, std::move(dimensions)};
}

// The AWS/ApplicationELB charts a load balancer and a target group share, over `dims` (sorted by
// name): requests (with the requests per target for a target group), the targets' response time,
// and the targets' HTTP codes (with the load balancer's own 5XX, which no target group has).
MetricChartSpec requestsChart(const QString &title, const std::vector<fd::metrics::Dimension> &dims, bool perTarget)
{
    MetricChartSpec spec{title,
                         MetricsPanel::tr("count"),
                         10,
                         elbEmpty(),
                         {line(elbMetric(QStringLiteral("RequestCount"), dims), Statistic::Sum,
                               MetricsPanel::tr("RequestCount"), palette::TargetRevision)}};
    if (perTarget)
        spec.lines.push_back(line(elbMetric(QStringLiteral("RequestCountPerTarget"), dims), Statistic::Sum,
                                  MetricsPanel::tr("per target"), palette::TargetRevision.lighter(140), Qt::DashLine));
    return spec;
}

MetricChartSpec responseTimeChart(const QString &title, const std::vector<fd::metrics::Dimension> &dims)
{
    const fd::metrics::MetricId rt = elbMetric(QStringLiteral("TargetResponseTime"), dims);
    return {title,
            MetricsPanel::tr("s"),
            0.01,
            elbEmpty(),
            {line(rt, Statistic::Average, MetricsPanel::tr("Average"), palette::Deploying),
             line(rt, Statistic::Maximum, MetricsPanel::tr("Maximum"), palette::Deploying.lighter(140), Qt::DashLine)}};
}

MetricChartSpec httpCodesChart(const QString &title, const std::vector<fd::metrics::Dimension> &dims, bool elb5xx)
{
    MetricChartSpec spec{title,
                         MetricsPanel::tr("count"),
                         10,
                         elbEmpty(),
                         {line(elbMetric(QStringLiteral("HTTPCode_Target_2XX_Count"), dims), Statistic::Sum,
                               MetricsPanel::tr("Target 2XX"), palette::Ok),
                          line(elbMetric(QStringLiteral("HTTPCode_Target_4XX_Count"), dims), Statistic::Sum,
                               MetricsPanel::tr("Target 4XX"), palette::Amber),
                          line(elbMetric(QStringLiteral("HTTPCode_Target_5XX_Count"), dims), Statistic::Sum,
                               MetricsPanel::tr("Target 5XX"), palette::Error)}};
    if (elb5xx)
        spec.lines.push_back(line(elbMetric(QStringLiteral("HTTPCode_ELB_5XX_Count"), dims), Statistic::Sum,
                                  MetricsPanel::tr("ELB 5XX"), palette::Transition));
    return spec;
}

MetricChartSpec taskCountChart(const QString &title, const fd::metrics::MetricId &running,
                               const fd::metrics::MetricId &pending)
{
    return MetricChartSpec{
        title,
        MetricsPanel::tr("tasks"),
        2,
        insightsEmpty(),
        {line(running, Statistic::Average, MetricsPanel::tr("Running"), palette::Ok),
         line(pending, Statistic::Average, MetricsPanel::tr("Pending"), palette::Waiting, Qt::DashLine)}};
}

bool clockPaused(const fd::Clock &clock)
{
    const auto *scaled = dynamic_cast<const fd::ScaledClock *>(&clock);
    return scaled && scaled->isPaused();
}

} // namespace

MetricsPanel::MetricsPanel(fd::ControlPlane &cp, QWidget *parent)
    : QWidget(parent), m_cp(cp), m_windowButtons(new QButtonGroup(this)), m_heldNote(new QLabel(this)),
      m_top(new QHBoxLayout), m_grid(new QGridLayout)
{
    setObjectName(QStringLiteral("metricsPanel"));
    m_heldNote->setObjectName(QStringLiteral("metricsHeldNote"));
    m_heldNote->setText(palette::themed(
        QStringLiteral("<b style='color:{{warn}}'>⏸ Paused with the teaching clock: the charts hold.</b>")));
    m_heldNote->hide();

    // The window row is read from the back of a room too.
    QFont large = font();
    large.setPointSizeF(font().pointSizeF() * 1.2);
    QHBoxLayout *top = m_top;
    top->setContentsMargins(4, 4, 4, 0);
    auto *windowCaption = new QLabel(tr("Window:"), this);
    windowCaption->setFont(large);
    top->addWidget(windowCaption);
    buildWindowButtons();
    for (QAbstractButton *b : m_windowButtons->buttons()) {
        b->setFont(large);
        top->addWidget(b);
    }
    m_heldNote->setFont(large);
    top->addSpacing(16);
    top->addWidget(m_heldNote);
    top->addStretch(1);

    auto *charts = new QWidget(this);
    charts->setLayout(m_grid);
    m_grid->setContentsMargins(4, 4, 4, 4);
    m_grid->setSpacing(10);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("metricsScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(charts);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(scroll, 1);

    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &MetricsPanel::refresh);
    // Pause, resume and speed changes arrive on the thread that made them: handled on ours.
    m_clockListener = m_cp.clock().subscribe(
        [this] { QMetaObject::invokeMethod(this, &MetricsPanel::clockChanged, Qt::QueuedConnection); });
}

MetricsPanel::~MetricsPanel()
{
    m_cp.clock().unsubscribe(m_clockListener);
}

void MetricsPanel::buildWindowButtons()
{
    m_windowButtons->setExclusive(true);
    for (ChartWindow w : kChartWindows) {
        auto *b = new QToolButton(this);
        b->setText(windowLabel(w));
        b->setCheckable(true);
        b->setChecked(w == m_window);
        b->setAutoRaise(false);
        b->setMinimumWidth(52);
        b->setObjectName(QStringLiteral("metricsWindow") + windowLabel(w).remove(u' '));
        m_windowButtons->addButton(b, int(w));
    }
    connect(m_windowButtons, &QButtonGroup::idClicked, this, [this](int id) { setWindow(ChartWindow(id)); });
}

void MetricsPanel::setCharts(const QList<MetricChartSpec> &specs)
{
    if (specs == m_specs)
        return;
    m_feeds.clear();
    for (MetricChart *c : m_charts)
        delete c;
    m_charts.clear();
    m_specs = specs;
    for (qsizetype i = 0; i < specs.size(); ++i) {
        const MetricChartSpec &spec = specs[i];
        auto *chart = new MetricChart(spec.title, this);
        chart->setUnit(spec.unit);
        chart->setMinimumTop(spec.minimumTop);
        chart->setEmptyText(spec.emptyText);
        chart->setWindow(m_window);
        chart->setMinimumHeight(260);
        auto feed = std::make_unique<StoreChartFeed>(m_store ? *m_store : m_cp.metricStore(), &m_cp.alarms(), *chart);
        for (const MetricLine &l : spec.lines)
            feed->addLine(l);
        m_grid->addWidget(chart, int(i / 2), int(i % 2));
        m_charts.push_back(chart);
        m_feeds.push_back(std::move(feed));
    }
    for (std::size_t i = 0; i < m_feeds.size(); ++i)
        m_feeds[i]->refresh(m_cp.clock().now().toMSecsSinceEpoch());
}

void MetricsPanel::addHeaderWidget(QWidget *widget)
{
    m_top->insertSpacing(0, 16);
    m_top->insertWidget(0, widget);
}

MetricChart *MetricsPanel::chart(int index) const
{
    return index >= 0 && std::size_t(index) < m_charts.size() ? m_charts[std::size_t(index)] : nullptr;
}

MetricChart *MetricsPanel::chart(const QString &title) const
{
    for (MetricChart *c : m_charts)
        if (c->title() == title)
            return c;
    return nullptr;
}

void MetricsPanel::setWindow(ChartWindow window)
{
    m_window = window;
    if (QAbstractButton *b = m_windowButtons->button(int(window)))
        b->setChecked(true);
    for (MetricChart *c : m_charts)
        c->setWindow(window);
    // A new window is drawn even while paused: the reader asked for it.
    const qint64 now = m_cp.clock().now().toMSecsSinceEpoch();
    for (const auto &feed : m_feeds)
        feed->refresh(now);
}

bool MetricsPanel::isHeld() const
{
    return clockPaused(m_cp.clock());
}

bool MetricsPanel::refresh()
{
    updateHeldNote();
    if (isHeld())
        return false;
    const qint64 now = m_cp.clock().now().toMSecsSinceEpoch();
    for (const auto &feed : m_feeds)
        feed->refresh(now);
    return true;
}

void MetricsPanel::clockChanged()
{
    if (isVisible() || !isHeld())
        refresh();
}

void MetricsPanel::updateHeldNote()
{
    m_heldNote->setVisible(isHeld());
}

void MetricsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    m_timer.start();
}

void MetricsPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}

QList<MetricChartSpec> MetricsPanel::serviceCharts(const QString &cluster, const QString &service)
{
    return {percentChart(tr("CPU utilization"),
                         fd::metrics::serviceMetricId(cluster, service, QStringLiteral("CPUUtilization")),
                         palette::CpuBar),
            percentChart(tr("Memory utilization"),
                         fd::metrics::serviceMetricId(cluster, service, QStringLiteral("MemoryUtilization")),
                         palette::MemoryBar),
            taskCountChart(tr("Running tasks (Container Insights)"),
                           fd::metrics::insightsServiceId(cluster, service, QStringLiteral("RunningTaskCount")),
                           fd::metrics::insightsServiceId(cluster, service, QStringLiteral("PendingTaskCount")))};
}

QList<MetricChartSpec> MetricsPanel::clusterCharts(const QString &cluster)
{
    using fd::metrics::clusterMetricId;
    return {percentChart(tr("CPU utilization"), clusterMetricId(cluster, QStringLiteral("CPUUtilization")),
                         palette::CpuBar),
            percentChart(tr("Memory utilization"), clusterMetricId(cluster, QStringLiteral("MemoryUtilization")),
                         palette::MemoryBar),
            percentChart(tr("CPU reservation"), clusterMetricId(cluster, QStringLiteral("CPUReservation")),
                         palette::TargetRevision),
            percentChart(tr("Memory reservation"), clusterMetricId(cluster, QStringLiteral("MemoryReservation")),
                         palette::Transition),
            taskCountChart(tr("Running tasks (Container Insights)"),
                           fd::metrics::insightsClusterId(cluster, QStringLiteral("RunningTaskCount")),
                           fd::metrics::insightsClusterId(cluster, QStringLiteral("PendingTaskCount")))};
}

QList<MetricChartSpec> MetricsPanel::taskCharts(const QString &cluster, const QString &family, const QString &taskId)
{
    const auto id = [&](const QString &name) { return fd::metrics::insightsTaskId(cluster, family, taskId, name); };
    return {MetricChartSpec{tr("CPU units: used and reserved"),
                            tr("units"),
                            256,
                            taskEmpty(),
                            {line(id(QStringLiteral("CpuUtilized")), Statistic::Average, tr("Used"), palette::CpuBar),
                             line(id(QStringLiteral("CpuReserved")), Statistic::Average, tr("Reserved"),
                                  palette::Muted, Qt::DashLine)}},
            MetricChartSpec{tr("Memory (MiB): used and reserved"),
                            tr("MiB"),
                            128,
                            taskEmpty(),
                            {line(id(QStringLiteral("MemoryUtilized")), Statistic::Average, tr("Used"),
                                  palette::MemoryBar),
                             line(id(QStringLiteral("MemoryReserved")), Statistic::Average, tr("Reserved"),
                                  palette::Muted, Qt::DashLine)}},
            [&] {
                MetricChartSpec spec = percentChart(tr("CPU utilization of the reservation"),
                                                    id(QStringLiteral("TaskCpuUtilization")), palette::CpuBar);
                spec.emptyText = taskEmpty();
                return spec;
            }(),
            MetricChartSpec{tr("Network (bytes per second)"),
                            tr("B/s"),
                            1024,
                            taskEmpty(),
                            {line(id(QStringLiteral("NetworkRxBytes")), Statistic::Average, tr("Received"),
                                  palette::TargetRevision),
                             line(id(QStringLiteral("NetworkTxBytes")), Statistic::Average, tr("Sent"),
                                  palette::Amber, Qt::DashLine)}}};
}

QList<MetricChartSpec> MetricsPanel::loadBalancerCharts(const QString &loadBalancerDimension,
                                                        const QStringList &targetGroupDimensions)
{
    const fd::metrics::Dimension lb{QStringLiteral("LoadBalancer"), loadBalancerDimension};
    const std::vector<fd::metrics::Dimension> dims{lb};
    QList<MetricChartSpec> out{requestsChart(tr("Requests (per minute)"), dims, false),
                               responseTimeChart(tr("Target response time"), dims),
                               httpCodesChart(tr("HTTP codes (per minute)"), dims, true)};
    MetricChartSpec hosts{tr("Healthy and unhealthy hosts"), tr("count"), 2, elbEmpty(), {}};
    for (const QString &tg : targetGroupDimensions) {
        const QString name = tg.section(u'/', 1, 1);
        const std::vector<fd::metrics::Dimension> tgDims{lb, {QStringLiteral("TargetGroup"), tg}};
        hosts.lines.push_back(line(elbMetric(QStringLiteral("HealthyHostCount"), tgDims), Statistic::Average,
                                   tr("%1 healthy").arg(name), palette::Ok));
        hosts.lines.push_back(line(elbMetric(QStringLiteral("UnHealthyHostCount"), tgDims), Statistic::Average,
                                   tr("%1 unhealthy").arg(name), palette::Error));
    }
    if (!hosts.lines.empty())
        out.append(hosts);
    return out;
}

QList<MetricChartSpec> MetricsPanel::targetGroupCharts(const QString &loadBalancerDimension,
                                                       const QString &targetGroupDimension)
{
    // The dimensions sorted by name, as the publisher writes them.
    const std::vector<fd::metrics::Dimension> dims{{QStringLiteral("LoadBalancer"), loadBalancerDimension},
                                                   {QStringLiteral("TargetGroup"), targetGroupDimension}};
    const QString name = targetGroupDimension.section(u'/', 1, 1);
    auto titled = [&name](const QString &title) { return tr("%1 · %2").arg(name, title); };
    MetricChartSpec hosts{titled(tr("Healthy and unhealthy hosts")), tr("count"), 2, elbEmpty(), {}};
    hosts.lines.push_back(line(elbMetric(QStringLiteral("HealthyHostCount"), dims), Statistic::Average,
                               tr("Healthy"), palette::Ok));
    hosts.lines.push_back(line(elbMetric(QStringLiteral("UnHealthyHostCount"), dims), Statistic::Average,
                               tr("Unhealthy"), palette::Error));
    return {requestsChart(titled(tr("Requests (per minute)")), dims, true),
            responseTimeChart(titled(tr("Target response time")), dims),
            httpCodesChart(titled(tr("HTTP codes (per minute)")), dims, false), hosts};
}

} // namespace fd::ui
