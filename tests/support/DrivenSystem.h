#pragma once

#include "Clock.h"
#include "System.h"

#include <QString>

#include <functional>
#include <memory>

class QTemporaryDir;

namespace fd::runtime {
class SimulatedRuntime;
}

namespace fd::test {

// Fleetdeck on the state in `dataDir` (a restart when it ran there before) for tests that drive the
// controllers themselves with reconcileNow(): tasks on `runtime`, no engine monitor, metrics or API,
// nothing first-started and no loop running. A failure to start ends the test run with its message.
inline std::unique_ptr<System> startDrivenSystem(const QString &dataDir, std::shared_ptr<Clock> clock,
                                                 TaskController::RuntimeFor runtime)
{
    SystemOptions options;
    options.dataDir = dataDir;
    options.clock = std::move(clock);
    options.emptyFirstStart = true;
    options.runtimeFor = std::move(runtime);
    options.engines = false;
    options.startControllers = false;
    auto system = System::create(std::move(options));
    if (!system)
        qFatal("Fleetdeck did not start: %s", qPrintable(system.error().message));
    return std::move(system).value();
}

// A busy simulated service's world, driven by hand: Fleetdeck (startDrivenSystem) in a temporary
// directory on a manual clock that starts at 2026-01-01 00:00 UTC (a minute boundary), its tasks on
// a simulated runtime with no idle usage and no noise (a service uses exactly what
// System::setSimulatedLoad gives it), the engine "sim" and `cluster` with `instances` t3.medium
// instances (2,048 CPU units and 4,096 MiB each). A failure to set it up ends the test run.
class DrivenSimulation
{
public:
    DrivenSimulation(const QString &cluster, int instances);
    ~DrivenSimulation();
    DrivenSimulation(const DrivenSimulation &) = delete;
    DrivenSimulation &operator=(const DrivenSimulation &) = delete;

    System &system() { return *m_system; }
    ControlPlane &cp() { return m_system->controlPlane(); }
    ManualClock &clock() { return *m_clock; }
    runtime::SimulatedRuntime &runtime() { return *m_runtime; }
    const QString &cluster() const { return m_cluster; }

    // One step of the whole system, in the order the application's loops run: the clock moves `ms`,
    // the runtime samples, the task and service controllers reconcile, the runtime again, the metrics
    // publisher, the alarm and auto scaling controllers (when there are), then the posted events.
    void step(qint64 ms);
    // Steps of `stepMs` until `done` holds (true) or `limitMs` of clock time went by (then: whether it holds).
    bool runUntil(const std::function<bool()> &done, qint64 limitMs, qint64 stepMs = 5000);

    // Registers a task definition given as RegisterTaskDefinition JSON; the error says what was wrong.
    Status registerTaskDefinition(const QByteArray &json);
    // Creates service `name` in the cluster with `count` tasks of `taskDefinition` and steps until that
    // many of its tasks run (at most two minutes of clock time); false, with a warning, if they do not.
    bool createService(const QString &name, const QString &taskDefinition, int count);
    // The RUNNING tasks of service `name`.
    int runningTasks(const QString &name) const;
    // RegisterScalableTarget for service `name`'s desired count (ecs:service:DesiredCount).
    bool registerScalableTarget(const QString &name, int minCapacity, int maxCapacity);
    // PutScalingPolicy: target tracking of `predefinedMetric` (ECSServiceAverageCPUUtilization, ...)
    // at `targetValue` on service `name`'s scalable target; the other settings AWS's defaults.
    bool putTargetTracking(const QString &name, const QString &policyName, const QString &predefinedMetric,
                           double targetValue);

    // Stops Fleetdeck and starts it again on the same state, runtime and clock.
    void restart();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<runtime::SimulatedRuntime> m_runtime;
    std::unique_ptr<System> m_system;
    QString m_cluster;
};

} // namespace fd::test
