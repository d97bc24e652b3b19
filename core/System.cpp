#include "System.h"

#include "ControlPlane.h"
#include "ops/Engines.h"
#include "api/ApiEndpoint.h"
#include "controllers/AlarmController.h"
#include "controllers/AutoScalingController.h"
#include "controllers/EngineMonitor.h"
#include "controllers/LoadBalancerController.h"
#include "ops/TargetGroups.h"
#include "registries/ServiceRegistry.h"
#include "ops/Services.h"
#include "controllers/MetricsController.h"
#include "controllers/Runtimes.h"
#include "controllers/ServiceController.h"
#include "controllers/SimulatedSampleFeed.h"
#include "metrics/EcsMetrics.h"
#include "ops/TaskDefinitions.h"
#include "runtime/SimulatedRuntime.h"

#include <cmath>

namespace fd {

Result<std::unique_ptr<System>> System::create(SystemOptions options)
{
    std::unique_ptr<System> system(new System());
    if (Status s = system->build(std::move(options)); !s)
        return s.error();
    return system;
}

System::~System()
{
    // The API hands requests to the control plane: it goes first, the control plane last.
    if (m_api)
        m_api->stop();
    m_api.reset();
    m_publisher.reset();
    m_simulatedFeeds.clear();
    m_autoScaling.reset();
    m_alarms.reset();
    m_loadBalancers.reset();
    m_services.reset();
    m_tasks.reset();
    m_runtimes.reset();
    m_metrics.reset();
    m_agents.reset();
    m_cp.reset();
}

Status System::build(SystemOptions options)
{
    if (options.clock) {
        m_clock = options.clock;
    } else {
        m_scaledClock = std::make_shared<ScaledClock>(options.speed);
        m_clock = m_scaledClock;
    }
    Result<std::unique_ptr<ControlPlane>> cp = ControlPlane::open(options.dataDir, m_clock);
    if (!cp)
        return cp.error();
    m_cp = std::move(cp).value();
    // At teaching speed the control plane's time ran ahead of the wall clock before a restart: it
    // continues from where it was, never backwards.
    if (m_scaledClock)
        m_scaledClock->advanceTo(m_cp->lastRecordedTime());

    if (m_cp->isPristine() && !options.emptyFirstStart) {
        const bool simulated = options.firstStartEngine == Engine::Kind::Simulated;
        Result<Engine> engine = simulated
                                    ? m_cp->engines().add(QStringLiteral("simulated"), Engine::Kind::Simulated, {})
                                    : m_cp->engines().add(QStringLiteral("local"), Engine::Kind::Docker, options.dockerHost);
        if (!engine)
            return engine.error();
        if (Status s = m_cp->createDefaultLayout(engine->id); !s)
            return s;
    }

    if (options.engines) {
        m_agents = std::make_unique<EngineMonitor>(*m_cp, std::move(options.dockerClients));
        if (options.startControllers)
            m_agents->start();
        if (options.metrics) {
            // Real time, not teaching speed: CPU% and bytes/s are rates of what Docker measured.
            std::shared_ptr<const Clock> clock = options.metricsClock;
            if (!clock)
                clock = std::make_shared<SystemClock>();
            m_metrics = std::make_unique<MetricsController>(*m_cp, *m_agents, std::move(clock),
                                                            std::move(options.metricsOptions));
            if (options.startControllers)
                m_metrics->start();
        }
    }
    TaskController::RuntimeFor runtimeFor = options.runtimeFor;
    if (!runtimeFor) {
        m_runtimes = std::make_unique<Runtimes>(m_agents.get(), m_cp->clock());
        runtimeFor = [runtimes = m_runtimes.get()](const Engine &e) { return runtimes->runtimeFor(e); };
    }
    m_tasks = std::make_unique<TaskController>(*m_cp, std::move(runtimeFor));
    m_services = std::make_unique<ServiceController>(*m_cp);
    // A target group a service registers its tasks in cannot be deleted (ResourceInUse).
    m_cp->targetGroups().addUsageCheck([cp = m_cp.get()](const QString &targetGroupId) {
        for (const Service &s : cp->services().registry().all()) {
            if (s.status == ServiceStatus::Inactive)
                continue;
            for (const ServiceLoadBalancer &lb : s.loadBalancers) {
                if (lb.targetGroupArn.endsWith(u'/' + targetGroupId))
                    return QStringLiteral("service %1/%2").arg(s.cluster, s.name);
            }
        }
        return QString();
    });
    if (options.loadBalancers) {
        lb::ProxyOptions proxy;
        proxy.threads = std::max(1, options.proxyThreads);
        proxy.bindAddress = options.proxyBindAddress.toStdString();
        m_loadBalancers = std::make_unique<LoadBalancerController>(*m_cp, std::move(proxy));
        m_tasks->setDeactivationHold(
            [lbs = m_loadBalancers.get()](const Task &t) { return lbs->deactivationHold(t); });
        m_loadBalancers->setOnReleased([tasks = m_tasks.get()](const QString &taskId) { tasks->wake(taskId); });
    }
    if (options.publishMetrics) {
        m_publisher = std::make_unique<MetricsPublisher>(*m_cp, m_loadBalancers ? &m_loadBalancers->proxy() : nullptr,
                                                         options.publisherOptions);
        if (m_metrics)
            m_publisher->addSource(m_metrics->collector());
        if (m_runtimes)
            m_runtimes->setOnSimulatedCreated([this](runtime::SimulatedRuntime &rt) { attachSimulatedRuntime(rt); });
    }
    if (options.alarms) {
        m_alarms = std::make_unique<AlarmController>(*m_cp);
        if (m_publisher) {
            m_alarms->waitForPublisher(MetricsPublisher::namespaces());
            QObject::connect(m_publisher.get(), &MetricsPublisher::published, m_alarms.get(),
                             [alarms = m_alarms.get()](qint64 minuteStartMs) {
                                 alarms->publishedThrough(minuteStartMs + 60'000);
                             });
        }
    }
    if (options.autoScaling)
        m_autoScaling = std::make_unique<AutoScalingController>(*m_cp, m_alarms.get());
    if (options.startControllers) {
        if (m_publisher)
            m_publisher->start();
        m_tasks->start();
        m_services->start();
        if (m_loadBalancers)
            m_loadBalancers->start();
        if (m_alarms)
            m_alarms->start();
        if (m_autoScaling)
            m_autoScaling->start();
    }

    if (options.api) {
        m_api = std::make_unique<api::ApiEndpoint>(*m_cp);
        if (Status s = m_api->listen(options.api->address, options.api->port); !s) {
            Error e = s.error();
            e.field = QStringLiteral("api"); // the caller may say how to choose another port
            return e;
        }
    }
    return Ok{};
}

void System::attachSimulatedRuntime(runtime::SimulatedRuntime &runtime)
{
    for (const auto &feed : m_simulatedFeeds) {
        if (&feed->runtime() == &runtime)
            return;
    }
    auto feed = std::make_unique<SimulatedSampleFeed>(runtime, m_clock);
    if (m_publisher)
        m_publisher->addSource(feed->collector());
    m_simulatedFeeds.push_back(std::move(feed));
}

Status System::setSimulatedLoad(const QString &cluster, const QString &service, double cpuPercent, double memoryPercent)
{
    const std::pair<const char *, double> values[] = {{"cpuPercent", cpuPercent}, {"memoryPercent", memoryPercent}};
    for (const auto &[field, v] : values) {
        if (!std::isfinite(v) || v < 0) {
            return makeError(
                QStringLiteral("InvalidParameterException"),
                QStringLiteral("%1: must be a finite number of at least 0 (got %2)").arg(QLatin1String(field)).arg(v),
                QLatin1String(field));
        }
    }
    if (m_simulatedFeeds.empty()) {
        return makeError(QStringLiteral("ClientException"),
                         QStringLiteral("No simulated runtime: a simulated load needs tasks on a simulated engine."));
    }
    const std::optional<Service> s = m_cp->services().find(cluster, service);
    if (!s)
        return makeError(QStringLiteral("ServiceNotFoundException"),
                         QStringLiteral("Service not found: %1/%2.").arg(cluster, service));
    Result<TaskDefinition> td = m_cp->taskDefinitions().find(s->taskDefinition());
    if (!td)
        return td.error();
    const metrics::Units perTask = metrics::taskReservation(td->spec);
    const runtime::SimulatedLoad load{perTask.cpu * cpuPercent / 100.0, perTask.memoryMiB * memoryPercent / 100.0};
    for (const auto &feed : m_simulatedFeeds)
        feed->runtime().setServiceLoad(s->cluster, s->name, load);
    return Ok{};
}

QString System::apiUrl() const
{
    return m_api ? m_api->url() : QString();
}

} // namespace fd
