#pragma once

#include "Clock.h"
#include "Result.h"
#include "controllers/EngineMonitor.h"
#include "controllers/MetricsController.h"
#include "controllers/MetricsPublisher.h"
#include "controllers/TaskController.h"
#include "model/ContainerInstance.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace fd {

class AlarmController;
class AutoScalingController;
class ControlPlane;
class LoadBalancerController;
class Runtimes;
class ServiceController;
class SimulatedSampleFeed;
namespace runtime {
class SimulatedRuntime;
}
namespace api {
class ApiEndpoint;
}

// What one Fleetdeck is made of, from the options: the console's window (app/), the benchmarks and
// the tests all build it here instead of wiring the pieces by hand.
struct SystemOptions
{
    QString dataDir;
    // Every control-plane timer runs on this clock. Null: a ScaledClock at `speed` (teaching speed)
    // that continues from the last recorded control-plane time after a restart.
    std::shared_ptr<Clock> clock;
    double speed = 1.0;

    // A first start (nothing stored) creates cluster "default" with one instance per zone on this
    // engine, unless `emptyFirstStart`.
    bool emptyFirstStart = false;
    Engine::Kind firstStartEngine = Engine::Kind::Docker;
    QString dockerHost = QStringLiteral("unix:///var/run/docker.sock");

    // Where tasks run. Null: a DockerRuntime per Docker engine (through the engine monitor) and the one
    // in-process simulated runtime for simulated engines. Tests give their own runtime.
    TaskController::RuntimeFor runtimeFor;
    // The engine monitor (agent connections, adoption) and live container metrics. Off in tests that
    // have no Docker engine.
    bool engines = true;
    bool metrics = true;
    // The load balancers' data plane (an HTTP proxy on 127.0.0.1, or on `proxyBindAddress`, with
    // `proxyThreads` threads), their health checks, draining and the services' target registrations.
    bool loadBalancers = true;
    QString proxyBindAddress = QStringLiteral("127.0.0.1");
    int proxyThreads = 1;
    // CloudWatch alarms evaluated at their cadence on the control plane's clock, with their actions.
    bool alarms = true;
    // Application Auto Scaling at work: alarm actions on scaling policies, the min/max clamp and the
    // scheduled actions (AutoScalingController). Without alarms only the latter two run.
    bool autoScaling = true;
    // Start the controllers' loops, the engine monitor's probes and the metrics sampling; tests that
    // drive them by hand (reconcileNow(), start() at their own interval) leave them stopped.
    bool startControllers = true;
    // Test seams. The engine monitor's Engine API clients: null makes real ones from each engine's
    // endpoint; tests hand out fakes. The metrics' options and clock: null is real time.
    EngineMonitor::ClientFactory dockerClients;
    MetricsController::Options metricsOptions;
    std::shared_ptr<const Clock> metricsClock;

    // The AWS/ECS and AWS/ApplicationELB metrics, published into the control plane's metric store once a
    // minute of control-plane time (MetricsPublisher). Tests that drive the clock tick it themselves
    // (publisherOptions.tickInterval = 0); it starts with the controllers.
    bool publishMetrics = true;
    MetricsPublisher::Options publisherOptions;

    // The AWS-compatible endpoint; none when empty.
    struct Api
    {
        QString address = QStringLiteral("127.0.0.1");
        quint16 port = 7466; // 0 picks a free port
    };
    std::optional<Api> api;
};

class System final
{
    Q_DISABLE_COPY_MOVE(System)

public:
    // Opens the state (failing with the store's message), lays out a first start, starts the
    // engines, controllers and API as the options say. The API failing to bind is an error naming the
    // address and port.
    static Result<std::unique_ptr<System>> create(SystemOptions options);
    ~System();

    ControlPlane &controlPlane() { return *m_cp; }
    const std::shared_ptr<Clock> &clock() const { return m_clock; }
    // The teaching-speed clock when the system made it; null when the options gave a clock.
    const std::shared_ptr<ScaledClock> &scaledClock() const { return m_scaledClock; }
    EngineMonitor *engineMonitor() { return m_agents.get(); }
    MetricsController *metrics() { return m_metrics.get(); }
    TaskController &taskController() { return *m_tasks; }
    ServiceController &serviceController() { return *m_services; }
    LoadBalancerController *loadBalancerController() { return m_loadBalancers.get(); }
    // Null when the options turned alarms off. Auto scaling registers its action handler here.
    AlarmController *alarmController() { return m_alarms.get(); }
    // Null when the options turned auto scaling off. The console's glass-box panel reads it.
    AutoScalingController *autoScalingController() { return m_autoScaling.get(); }
    api::ApiEndpoint *api() { return m_api.get(); }
    // Null when the options turned publishing off.
    MetricsPublisher *metricsPublisher() { return m_publisher.get(); }

    // The usage of `runtime`'s containers feeds the metrics from now on, and setSimulatedLoad() reaches
    // it. The system does this itself for the simulated runtime it makes; tests that hand in their own
    // runtime (SystemOptions::runtimeFor) call it. The runtime must outlive the system.
    void attachSimulatedRuntime(runtime::SimulatedRuntime &runtime);
    // Makes a service "busy" on the simulated runtime(s), without Docker: each of its tasks uses
    // `cpuPercent` % of its task definition's CPU reservation and `memoryPercent` % of its memory
    // reservation on top of its idle usage (a 512-unit task at 50 % uses 256 more units; 400 % of a
    // 512-unit task is a whole 2,048-unit instance). 0 and 0 end the load. It applies to running tasks
    // from their next sample and to tasks started later; the units are computed from the service's task
    // definition now (set it again after a deployment changes the reservation).
    // Errors: ServiceNotFoundException, InvalidParameterException (negative or not finite; field
    // cpuPercent or memoryPercent), ClientException (no simulated runtime attached).
    Status setSimulatedLoad(const QString &cluster, const QString &service, double cpuPercent, double memoryPercent);
    QString apiUrl() const; // "http://127.0.0.1:7466"; empty without an API

private:
    System() = default;
    Status build(SystemOptions options);

    std::shared_ptr<Clock> m_clock;
    std::shared_ptr<ScaledClock> m_scaledClock;
    std::unique_ptr<ControlPlane> m_cp;
    std::unique_ptr<EngineMonitor> m_agents;
    std::unique_ptr<MetricsController> m_metrics;
    std::unique_ptr<Runtimes> m_runtimes;
    std::unique_ptr<TaskController> m_tasks;
    std::unique_ptr<ServiceController> m_services;
    std::unique_ptr<LoadBalancerController> m_loadBalancers;
    std::unique_ptr<MetricsPublisher> m_publisher;
    std::vector<std::unique_ptr<SimulatedSampleFeed>> m_simulatedFeeds;
    std::unique_ptr<AlarmController> m_alarms;
    std::unique_ptr<AutoScalingController> m_autoScaling;
    std::unique_ptr<api::ApiEndpoint> m_api;
};

} // namespace fd
