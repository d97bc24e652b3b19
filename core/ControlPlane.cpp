#include "ControlPlane.h"

#include "metrics/MetricStore.h"
#include "model/Arn.h"
#include "ops/AccountSettings.h"
#include "ops/Alarms.h"
#include "ops/AutoScaling.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/ListenerRules.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "registries/AlarmRegistry.h"
#include "registries/AutoScalingRegistry.h"
#include "registries/ClusterRegistry.h"
#include "registries/InstanceRegistry.h"
#include "registries/LoadBalancingRegistry.h"
#include "registries/ServiceRegistry.h"
#include "registries/TaskDefinitionRegistry.h"
#include "registries/TaskRegistry.h"
#include "state/Transaction.h"
#include "store/Store.h"
#include "tags/TagRegistry.h"

#include <QLoggingCategory>

namespace fd {

Q_LOGGING_CATEGORY(lcControlPlane, "fleetdeck.controlplane")

// What the façade composes: the store and clock, one registry per domain, the operations on them.
struct ControlPlane::Parts
{
    Parts(std::unique_ptr<Store> s, std::shared_ptr<Clock> c) : store(std::move(s)), clock(std::move(c)) {}

    ops::Registries registries()
    {
        return {&clusterRegistry, &taskDefinitionRegistry, &instanceRegistry, &taskRegistry, &serviceRegistry, &tags};
    }

    std::unique_ptr<Store> store;
    std::shared_ptr<Clock> clock;
    QString defaultRegion = QString::fromLatin1(arn::kDefaultRegion);
    registries::ClusterRegistry clusterRegistry;
    registries::TaskDefinitionRegistry taskDefinitionRegistry;
    registries::InstanceRegistry instanceRegistry; // engines and container instances
    registries::TaskRegistry taskRegistry;
    registries::ServiceRegistry serviceRegistry;
    tags::TagRegistry tags;
    registries::LoadBalancingRegistry loadBalancing;
    registries::AlarmRegistry alarmRegistry;
    registries::AutoScalingRegistry autoScalingRegistry;
    std::unique_ptr<ops::Clusters> clusters;
    std::unique_ptr<ops::TaskDefinitions> taskDefinitions;
    std::unique_ptr<ops::Engines> engines;
    std::unique_ptr<ops::Instances> instances;
    std::unique_ptr<ops::Tasks> tasks;
    std::unique_ptr<ops::Services> services;
    std::unique_ptr<ops::LoadBalancers> loadBalancers;
    std::unique_ptr<ops::ListenerRules> listenerRules;
    std::unique_ptr<ops::TargetGroups> targetGroups;
    std::unique_ptr<ops::Alarms> alarms;
    std::unique_ptr<ops::AutoScaling> autoScaling;
    std::unique_ptr<ops::AccountSettings> accountSettings;
    metrics::MetricStore metricStore{*clock};
    metrics::MetricStore taskPerformance{*clock};
    QList<state::Cause> causes; // CauseScope stack, innermost last
    QDateTime lastRecorded;
};

Result<std::unique_ptr<ControlPlane>> ControlPlane::open(const QString &dataDir, std::shared_ptr<Clock> clock)
{
    Result<std::unique_ptr<Store>> store = Store::open(dataDir);
    if (!store)
        return store.error();
    std::unique_ptr<ControlPlane> cp(
        new ControlPlane(dataDir, std::make_unique<Parts>(std::move(store).value(), std::move(clock))));
    if (Status s = cp->load(); !s)
        return s.error();
    return cp;
}

ControlPlane::ControlPlane(QString dataDir, std::unique_ptr<Parts> parts)
    : m_dataDir(std::move(dataDir)), m_parts(std::move(parts))
{
    Parts &p = *m_parts;
    const ops::Registries r = p.registries();
    p.clusters = std::make_unique<ops::Clusters>(*this, r);
    p.taskDefinitions = std::make_unique<ops::TaskDefinitions>(*this, r);
    p.engines = std::make_unique<ops::Engines>(*this, r);
    p.instances = std::make_unique<ops::Instances>(*this, r);
    p.tasks = std::make_unique<ops::Tasks>(*this, r);
    p.services = std::make_unique<ops::Services>(*this, r);
    p.loadBalancers = std::make_unique<ops::LoadBalancers>(*this, r, p.loadBalancing);
    p.listenerRules = std::make_unique<ops::ListenerRules>(*this, r, p.loadBalancing);
    p.targetGroups = std::make_unique<ops::TargetGroups>(*this, r, p.loadBalancing);
    p.alarms = std::make_unique<ops::Alarms>(*this, r, p.alarmRegistry);
    p.autoScaling = std::make_unique<ops::AutoScaling>(*this, r, p.autoScalingRegistry);
    p.accountSettings = std::make_unique<ops::AccountSettings>(*this, r);
}

ControlPlane::~ControlPlane() = default;

Status ControlPlane::load()
{
    Parts &p = *m_parts;
    const Store &store = *p.store;
    if (Status s = p.clusterRegistry.load(store); !s)
        return s;
    if (Status s = p.taskDefinitionRegistry.load(store); !s)
        return s;
    if (Status s = p.taskRegistry.load(store); !s)
        return s;
    if (Status s = p.instanceRegistry.load(store, p.taskRegistry.all()); !s)
        return s;
    if (Status s = p.serviceRegistry.load(store); !s)
        return s;
    if (Status s = p.tags.load(store); !s)
        return s;
    if (Status s = p.loadBalancing.load(store); !s)
        return s;
    if (Status s = p.alarmRegistry.load(store); !s)
        return s;
    if (Status s = p.autoScalingRegistry.load(store); !s)
        return s;
    if (Status s = p.accountSettings->load(store); !s)
        return s;
    // Instance usage follows every task change from now on.
    p.taskRegistry.setObserver(
        [&p](const Task *before, const Task *after) { p.instanceRegistry.accountTask(before, after); });
    // A simulated engine is part of this process: it is there as soon as we are.
    for (const Engine &e : p.instanceRegistry.engines()) {
        if (e.kind == Engine::Kind::Simulated)
            p.instanceRegistry.setEngineConnection(e.id, true, QStringLiteral("simulated"), {}, p.clock->now());
    }
    const auto later = [&p](const QDateTime &t) {
        if (t.isValid() && (!p.lastRecorded.isValid() || t > p.lastRecorded))
            p.lastRecorded = t;
    };
    if (Result<QList<Event>> last = store.loadEvents(1); last && !last.value().isEmpty())
        later(last.value().last().at);
    for (const Task &t : p.taskRegistry.all()) {
        for (const QDateTime &at : {t.createdAt, t.startedAt, t.stoppingAt, t.stoppedAt})
            later(at);
    }
    for (const Service &v : p.serviceRegistry.all()) {
        if (!v.events.isEmpty())
            later(v.events.front().createdAt);
        for (const Deployment &d : v.deployments)
            later(d.updatedAt);
    }
    qCInfo(lcControlPlane) << "loaded" << p.clusterRegistry.all().size() << "clusters and"
                           << p.taskDefinitionRegistry.all().size() << "task definition revisions from"
                           << store.path();
    return Ok{};
}

const Clock &ControlPlane::clock() const { return *m_parts->clock; }
QString ControlPlane::dataDir() const { return m_dataDir; }
QString ControlPlane::defaultRegion() const { return m_parts->defaultRegion; }
QDateTime ControlPlane::lastRecordedTime() const { return m_parts->lastRecorded; }
ops::Clusters &ControlPlane::clusters() const { return *m_parts->clusters; }
ops::TaskDefinitions &ControlPlane::taskDefinitions() const { return *m_parts->taskDefinitions; }
ops::Engines &ControlPlane::engines() const { return *m_parts->engines; }
ops::Instances &ControlPlane::instances() const { return *m_parts->instances; }
ops::Tasks &ControlPlane::tasks() const { return *m_parts->tasks; }
ops::Services &ControlPlane::services() const { return *m_parts->services; }
tags::TagRegistry &ControlPlane::tagRegistry() const { return m_parts->tags; }
ops::LoadBalancers &ControlPlane::loadBalancers() const { return *m_parts->loadBalancers; }
ops::ListenerRules &ControlPlane::listenerRules() const { return *m_parts->listenerRules; }
ops::TargetGroups &ControlPlane::targetGroups() const { return *m_parts->targetGroups; }
metrics::MetricStore &ControlPlane::metricStore() const { return m_parts->metricStore; }
metrics::MetricStore &ControlPlane::taskPerformanceStore() const { return m_parts->taskPerformance; }
ops::Alarms &ControlPlane::alarms() const { return *m_parts->alarms; }
ops::AutoScaling &ControlPlane::autoScaling() const { return *m_parts->autoScaling; }
ops::AccountSettings &ControlPlane::accountSettings() const { return *m_parts->accountSettings; }

state::Transaction ControlPlane::begin() const
{
    return state::Transaction(currentCause());
}

Status ControlPlane::commit(state::Transaction &&tx)
{
    Result<state::ChangeSet> cs = std::move(tx).commit(*m_parts->store, m_parts->clock->now());
    if (!cs)
        return cs.error();
    if (!cs.value().isEmpty())
        emit changed(cs.value());
    return Ok{};
}

ControlPlane::CauseScope::CauseScope(ControlPlane &cp, state::Cause cause) : m_cp(cp)
{
    m_cp.m_parts->causes.append(std::move(cause));
}

ControlPlane::CauseScope::~CauseScope()
{
    m_cp.m_parts->causes.removeLast();
}

state::Cause ControlPlane::currentCause() const
{
    return m_parts->causes.isEmpty() ? state::Cause::console() : m_parts->causes.last();
}

Result<QList<state::ChangeSet>> ControlPlane::journal(qint64 afterId, int limit) const
{
    return m_parts->store->loadTransactions(afterId, limit);
}

bool ControlPlane::isPristine() const
{
    const Parts &p = *m_parts;
    return p.clusterRegistry.all().isEmpty() && p.taskDefinitionRegistry.all().isEmpty() &&
           p.instanceRegistry.engines().isEmpty() && p.instanceRegistry.all().isEmpty();
}

Status ControlPlane::createDefaultLayout(const QString &engineId, const QString &type)
{
    if (Result<Cluster> c = clusters().create(QStringLiteral("default")); !c)
        return c.error();
    ops::InstanceRequest request;
    request.cluster = QStringLiteral("default");
    request.engineId = engineId;
    request.instanceType = type;
    request.count = int(instances().availabilityZones().size());
    if (auto r = instances().registerNew(request); !r)
        return r.error();
    return Ok{};
}

QList<Event> ControlPlane::events(int limit) const
{
    Result<QList<Event>> events = m_parts->store->loadEvents(limit);
    if (!events) {
        qCWarning(lcControlPlane) << events.error().message;
        return {};
    }
    return std::move(events).value();
}

} // namespace fd
