#include "DrivenSystem.h"

#include "ControlPlane.h"
#include "controllers/AlarmController.h"
#include "controllers/AutoScalingController.h"
#include "controllers/MetricsPublisher.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "ops/AutoScaling.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "runtime/SimulatedRuntime.h"

#include <QCoreApplication>
#include <QDebug>
#include <QTemporaryDir>

using namespace std::chrono_literals;

namespace fd::test {

namespace {

template<typename T> void require(const Result<T> &r, const char *what)
{
    if (!r)
        qFatal("DrivenSimulation: %s: %s", what, qPrintable(r.error().message));
}

} // namespace

DrivenSimulation::DrivenSimulation(const QString &cluster, int instances)
    : m_dir(std::make_unique<QTemporaryDir>()), m_clock(std::make_shared<ManualClock>()), m_cluster(cluster)
{
    if (!m_dir->isValid())
        qFatal("DrivenSimulation: no temporary directory: %s", qPrintable(m_dir->errorString()));
    runtime::SimulationOptions options;
    options.tickInterval = 0ms;
    options.startJitter = 0ms;
    m_runtime = std::make_unique<runtime::SimulatedRuntime>(*m_clock, options);
    m_runtime->setDefaultProfile(runtime::ImageProfile{0, 0, 0, 0, true, 0});
    m_system = startDrivenSystem(m_dir->path(), m_clock, [this](const Engine &) { return m_runtime.get(); });
    m_system->attachSimulatedRuntime(*m_runtime);
    if (!m_system->metricsPublisher() || !m_system->alarmController() || !m_system->autoScalingController())
        qFatal("DrivenSimulation: the metrics publisher, alarm or auto scaling controller is missing");
    require(cp().engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}), "add the engine sim");
    require(cp().clusters().create(cluster), "create the cluster");
    for (int i = 0; i < instances; ++i) {
        ops::InstanceRequest instance;
        instance.cluster = cluster;
        instance.engineId = QStringLiteral("sim");
        require(cp().instances().registerNew(instance), "register an instance");
    }
}

DrivenSimulation::~DrivenSimulation()
{
    m_system.reset(); // before the runtime its tasks run on
    m_runtime.reset();
}

void DrivenSimulation::step(qint64 ms)
{
    m_clock->advance(ms);
    m_runtime->tick();
    QCoreApplication::processEvents();
    m_system->taskController().reconcileNow();
    m_system->serviceController().reconcileNow();
    m_runtime->tick();
    QCoreApplication::processEvents();
    m_system->metricsPublisher()->tick();
    m_system->alarmController()->evaluateNow();
    m_system->autoScalingController()->reconcileNow();
    QCoreApplication::processEvents();
}

bool DrivenSimulation::runUntil(const std::function<bool()> &done, qint64 limitMs, qint64 stepMs)
{
    for (qint64 t = 0; t < limitMs; t += stepMs) {
        if (done())
            return true;
        step(stepMs);
    }
    return done();
}

Status DrivenSimulation::registerTaskDefinition(const QByteArray &json)
{
    Result<TaskDefinitionSpec> spec = json::parseTaskDefinition(json);
    if (!spec)
        return spec.error();
    Result<TaskDefinition> registered = cp().taskDefinitions().registerNew(spec.value());
    if (!registered)
        return registered.error();
    return Ok{};
}

bool DrivenSimulation::createService(const QString &name, const QString &taskDefinition, int count)
{
    ops::ServiceRequest r;
    r.cluster = m_cluster;
    r.serviceName = name;
    r.taskDefinition = taskDefinition;
    r.desiredCount = count;
    if (Result<Service> s = cp().services().create(r); !s) {
        qWarning().noquote() << "CreateService" << name << "failed:" << s.error().message;
        return false;
    }
    if (!runUntil([&] { return runningTasks(name) == count; }, 120'000)) {
        qWarning().noquote() << name << "runs" << runningTasks(name) << "tasks after two minutes, not" << count;
        return false;
    }
    return true;
}

int DrivenSimulation::runningTasks(const QString &name) const
{
    int running = 0;
    for (const Task &t : m_system->controlPlane().tasks().list(m_cluster))
        running += t.lastStatus == TaskStatus::Running && t.group == QStringLiteral("service:") + name;
    return running;
}

bool DrivenSimulation::registerScalableTarget(const QString &name, int minCapacity, int maxCapacity)
{
    ops::TargetRegistration r;
    r.key = {autoscaling::kEcsNamespace, QStringLiteral("service/%1/%2").arg(m_cluster, name),
             autoscaling::kDesiredCountDimension};
    r.minCapacity = minCapacity;
    r.maxCapacity = maxCapacity;
    if (auto s = cp().autoScaling().registerTarget(r); !s) {
        qWarning().noquote() << "RegisterScalableTarget" << name << "failed:" << s.error().message;
        return false;
    }
    return true;
}

bool DrivenSimulation::putTargetTracking(const QString &name, const QString &policyName,
                                         const QString &predefinedMetric, double targetValue)
{
    ops::PolicyPut p;
    p.key = {autoscaling::kEcsNamespace, QStringLiteral("service/%1/%2").arg(m_cluster, name),
             autoscaling::kDesiredCountDimension};
    p.policyName = policyName;
    p.policyType = QStringLiteral("TargetTrackingScaling");
    autoscaling::TargetTrackingConfiguration c;
    c.targetValue = targetValue;
    c.predefined = autoscaling::PredefinedMetric{predefinedMetric, {}};
    p.targetTracking = c;
    if (Result<autoscaling::ScalingPolicy> put = cp().autoScaling().putPolicy(p); !put) {
        qWarning().noquote() << "PutScalingPolicy" << policyName << "failed:" << put.error().message;
        return false;
    }
    return true;
}

void DrivenSimulation::restart()
{
    m_system.reset();
    m_system = startDrivenSystem(m_dir->path(), m_clock, [this](const Engine &) { return m_runtime.get(); });
    m_system->attachSimulatedRuntime(*m_runtime);
}

} // namespace fd::test
