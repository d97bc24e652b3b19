#include "ControlPlane.h"

#include "model/Arn.h"
#include "model/InstanceType.h"
#include "registries/ClusterRegistry.h"
#include "registries/InstanceRegistry.h"
#include "registries/ServiceRegistry.h"
#include "registries/TaskDefinitionRegistry.h"
#include "registries/TaskRegistry.h"
#include "state/Kinds.h"
#include "tags/TagRegistry.h"
#include "state/Transaction.h"
#include "store/Store.h"

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QUuid>

#include <algorithm>

namespace fd {

using namespace state;

Q_LOGGING_CATEGORY(lcControlPlane, "fleetdeck.controlplane")

namespace {


bool isValidName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-]{1,255}$"));
    return re.match(name).hasMatch();
}

Error clusterNotFound()
{
    return makeError(QStringLiteral("ClusterNotFoundException"), QStringLiteral("Cluster not found."));
}

Error taskDefinitionNotFound()
{
    // The wording ECS uses for an unknown family, revision or ARN.
    return makeError(QStringLiteral("ClientException"), QStringLiteral("Unable to describe task definition."));
}

std::optional<Error> validateAttribute(const QString &name, const QString &value)
{
    static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9_/.-]{1,128}$"));
    if (!nameRe.match(name).hasMatch())
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("attributes: name \"%1\" must be 1 to 128 letters, numbers, hyphens, "
                                        "underscores, slashes and periods")
                             .arg(name),
                         QStringLiteral("attributes"));
    if (name.startsWith(u"ecs."))
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("attributes: %1 is a built-in attribute and cannot be changed").arg(name),
                         QStringLiteral("attributes"));
    if (value.size() > 128 || value.trimmed() != value)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("attributes: the value of %1 must be at most 128 characters with no leading "
                                        "or trailing whitespace")
                             .arg(name),
                         QStringLiteral("attributes"));
    return std::nullopt;
}

} // namespace

Result<std::unique_ptr<ControlPlane>> ControlPlane::open(const QString &dataDir, std::shared_ptr<Clock> clock)
{
    Result<std::unique_ptr<Store>> store = Store::open(dataDir);
    if (!store)
        return store.error();
    std::unique_ptr<ControlPlane> cp(new ControlPlane(dataDir, std::move(store).value(), std::move(clock)));
    if (Status s = cp->load(); !s)
        return s.error();
    return cp;
}

ControlPlane::ControlPlane(QString dataDir, std::unique_ptr<Store> store, std::shared_ptr<Clock> clock)
    : m_dataDir(std::move(dataDir)), m_defaultRegion(QString::fromLatin1(arn::kDefaultRegion)),
      m_store(std::move(store)), m_clock(std::move(clock)),
      m_clusterRegistry(std::make_unique<registries::ClusterRegistry>()),
      m_taskDefinitionRegistry(std::make_unique<registries::TaskDefinitionRegistry>()),
      m_instanceRegistry(std::make_unique<registries::InstanceRegistry>()),
      m_taskRegistry(std::make_unique<registries::TaskRegistry>()),
      m_serviceRegistry(std::make_unique<registries::ServiceRegistry>()), m_tags(std::make_unique<tags::TagRegistry>())
{}

ControlPlane::~ControlPlane() = default;

Status ControlPlane::load()
{
    if (Status s = m_clusterRegistry->load(*m_store); !s)
        return s;
    if (Status s = m_taskDefinitionRegistry->load(*m_store); !s)
        return s;
    if (Status s = m_taskRegistry->load(*m_store); !s)
        return s;
    if (Status s = m_instanceRegistry->load(*m_store, m_taskRegistry->all()); !s)
        return s;
    if (Status s = m_serviceRegistry->load(*m_store); !s)
        return s;
    if (Status s = m_tags->load(*m_store); !s)
        return s;
    // Instance usage follows every task change from now on.
    m_taskRegistry->setObserver(
        [this](const Task *before, const Task *after) { m_instanceRegistry->accountTask(before, after); });
    // A simulated engine is part of this process: it is there as soon as we are.
    for (const Engine &e : m_instanceRegistry->engines()) {
        if (e.kind == Engine::Kind::Simulated)
            m_instanceRegistry->setEngineConnection(e.id, true, QStringLiteral("simulated"), {}, m_clock->now());
    }
    const auto later = [this](const QDateTime &t) {
        if (t.isValid() && (!m_lastRecorded.isValid() || t > m_lastRecorded))
            m_lastRecorded = t;
    };
    if (Result<QList<Event>> last = m_store->loadEvents(1); last && !last.value().isEmpty())
        later(last.value().last().at);
    for (const Task &t : m_taskRegistry->all()) {
        for (const QDateTime &at : {t.createdAt, t.startedAt, t.stoppingAt, t.stoppedAt})
            later(at);
    }
    for (const Service &v : m_serviceRegistry->all()) {
        if (!v.events.isEmpty())
            later(v.events.front().createdAt);
        for (const Deployment &d : v.deployments)
            later(d.updatedAt);
    }
    qCInfo(lcControlPlane) << "loaded" << m_clusterRegistry->all().size() << "clusters and"
                           << m_taskDefinitionRegistry->all().size()
                           << "task definition revisions from" << m_store->path();
    return Ok{};
}

state::Transaction ControlPlane::begin() const
{
    return state::Transaction(currentCause());
}

state::Transaction ControlPlane::observation() const
{
    return state::Transaction(m_causes.isEmpty() ? state::Cause::system(QStringLiteral("engine-monitor")) : m_causes.last());
}

Status ControlPlane::commit(state::Transaction &&tx)
{
    Result<state::ChangeSet> cs = std::move(tx).commit(*m_store, m_clock->now());
    if (!cs)
        return cs.error();
    publish(cs.value());
    return Ok{};
}

void ControlPlane::publish(const state::ChangeSet &changes)
{
    if (changes.changes.isEmpty() && changes.events.isEmpty())
        return;
    emit changed(changes);
    // The per-kind signals, in one fixed order, each at most once per transaction.
    if (changes.touches(kClusterKind))
        emit clustersChanged();
    if (changes.touches(kTaskDefinitionKind))
        emit taskDefinitionsChanged();
    if (changes.touches(kEngineKind))
        emit enginesChanged();
    if (changes.touches(kInstanceKind))
        emit containerInstancesChanged();
    if (changes.touches(kUnmatchedKind))
        emit unmatchedContainersChanged();
    if (changes.touches(kTaskKind))
        emit tasksChanged();
    if (changes.touches(kServiceKind))
        emit servicesChanged();
    for (const Event &e : changes.events)
        emit eventAppended(e);
}

ControlPlane::CauseScope::CauseScope(ControlPlane &cp, state::Cause cause) : m_cp(cp)
{
    m_cp.m_causes.append(std::move(cause));
}

ControlPlane::CauseScope::~CauseScope()
{
    m_cp.m_causes.removeLast();
}

state::Cause ControlPlane::currentCause() const
{
    return m_causes.isEmpty() ? state::Cause::console() : m_causes.last();
}

Result<QList<state::ChangeSet>> ControlPlane::journal(qint64 afterId, int limit) const
{
    return m_store->loadTransactions(afterId, limit);
}

Event ControlPlane::makeEvent(const QString &type, const QString &resource, const QString &message) const
{
    return Event{0, m_clock->now(), type, resource, message};
}

// ---- clusters ---------------------------------------------------------------------------------

Result<Cluster> ControlPlane::createCluster(const QString &name, const tags::TagList &tagList)
{
    const QString n = name.isEmpty() ? QStringLiteral("default") : name;
    if (!isValidName(n))
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("clusterName: must be 1 to 255 letters, numbers, hyphens and underscores "
                                        "(got \"%1\")")
                             .arg(n),
                         QStringLiteral("clusterName"));
    if (std::optional<Error> e = tags::validate(tagList))
        return *e;
    const Cluster *existing = m_clusterRegistry->find(n);
    if (existing && existing->status == u"ACTIVE") {
        // ECS: creating an existing cluster returns it; tags given again are kept rather than dropped.
        const tags::TagList current = m_tags->tags(kClusterKind, n);
        const tags::TagList next = tags::merged(current, tagList);
        if (next != current) {
            Transaction tx = begin();
            m_tags->stage(tx, kClusterKind, n, next, m_clock->now());
            if (Status s = commit(std::move(tx)); !s)
                return s.error();
        }
        return withCounts(*existing);
    }

    Cluster c;
    c.name = n;
    c.status = QStringLiteral("ACTIVE");
    c.createdAt = m_clock->now();
    Transaction tx = begin();
    m_clusterRegistry->stage(tx, c);
    m_tags->stage(tx, kClusterKind, n, tagList, c.createdAt);
    tx.event(makeEvent(kClusterKind, n, QStringLiteral("Cluster %1 created.").arg(n)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return c;
}

QList<Cluster> ControlPlane::clusters() const
{
    QList<Cluster> out;
    for (const Cluster &c : m_clusterRegistry->all()) {
        if (c.status == u"ACTIVE")
            out.append(withCounts(c));
    }
    return out;
}

std::optional<Cluster> ControlPlane::cluster(const QString &nameOrArn) const
{
    const Cluster *c = m_clusterRegistry->find(arn::clusterNameFrom(nameOrArn));
    if (!c)
        return std::nullopt;
    return withCounts(*c);
}

Result<Cluster> ControlPlane::deleteCluster(const QString &nameOrArn)
{
    const QString n = arn::clusterNameFrom(nameOrArn);
    const Cluster *found = m_clusterRegistry->find(n);
    if (!found || found->status != u"ACTIVE")
        return clusterNotFound();
    const Cluster counted = withCounts(*found);
    if (counted.registeredContainerInstancesCount > 0)
        return makeError(QStringLiteral("ClusterContainsContainerInstancesException"),
                         QStringLiteral("The Cluster cannot be deleted while Container Instances are active."));
    if (counted.activeServicesCount > 0)
        return makeError(QStringLiteral("ClusterContainsServicesException"),
                         QStringLiteral("The Cluster cannot be deleted while Services are active."));
    if (counted.runningTasksCount + counted.pendingTasksCount > 0)
        return makeError(QStringLiteral("ClusterContainsTasksException"),
                         QStringLiteral("The Cluster cannot be deleted while Tasks are active."));

    Cluster c = *found;
    c.status = QStringLiteral("INACTIVE");
    Transaction tx = begin();
    m_clusterRegistry->stage(tx, c);
    tx.event(makeEvent(kClusterKind, n, QStringLiteral("Cluster %1 deleted.").arg(n)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return c;
}

// ---- task definitions -------------------------------------------------------------------------

Result<TaskDefinition> ControlPlane::registerTaskDefinition(const TaskDefinitionSpec &spec, const tags::TagList &tagList)
{
    if (std::optional<Error> e = tags::validate(tagList))
        return *e;
    if (!isValidName(spec.family))
        return makeError(QStringLiteral("ClientException"),
                         QStringLiteral("family: must be 1 to 255 letters, numbers, hyphens and underscores"),
                         QStringLiteral("family"));
    if (spec.containerDefinitions.isEmpty())
        return makeError(QStringLiteral("ClientException"),
                         QStringLiteral("containerDefinitions: at least one container definition is required"),
                         QStringLiteral("containerDefinitions"));
    if (spec.document.isEmpty())
        return makeError(QStringLiteral("ServerException"),
                         QStringLiteral("the task definition has no document; build specs with parseTaskDefinition"));

    TaskDefinition td;
    td.spec = spec;
    td.revision = m_taskDefinitionRegistry->lastRevision(spec.family) + 1;
    td.status = TaskDefinitionStatus::Active;
    td.registeredAt = m_clock->now();
    Transaction tx = begin();
    m_taskDefinitionRegistry->stage(tx, td);
    m_tags->stage(tx, kTaskDefinitionKind, td.familyRevision(), tagList, td.registeredAt);
    tx.event(makeEvent(kTaskDefinitionKind, td.familyRevision(),
                       QStringLiteral("Task definition %1 registered.").arg(td.familyRevision())));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return td;
}

Result<TaskDefinition> ControlPlane::taskDefinition(const QString &ref) const
{
    const TaskDefinition *td = m_taskDefinitionRegistry->find(ref);
    if (!td)
        return taskDefinitionNotFound();
    return *td;
}

Result<TaskDefinition> ControlPlane::deregisterTaskDefinition(const QString &ref)
{
    const QString r = arn::taskDefinitionRefFrom(ref);
    if (!r.contains(u':'))
        return makeError(QStringLiteral("ClientException"),
                         QStringLiteral("taskDefinition: a revision is required to deregister (family:revision or "
                                        "full ARN), got \"%1\"")
                             .arg(r),
                         QStringLiteral("taskDefinition"));
    const TaskDefinition *found = m_taskDefinitionRegistry->find(r);
    if (!found)
        return taskDefinitionNotFound();
    TaskDefinition td = *found;
    if (td.status != TaskDefinitionStatus::Active)
        return td; // already INACTIVE: nothing to do
    td.status = TaskDefinitionStatus::Inactive;
    td.deregisteredAt = m_clock->now();
    Transaction tx = begin();
    m_taskDefinitionRegistry->stage(tx, td);
    tx.event(makeEvent(kTaskDefinitionKind, td.familyRevision(),
                       QStringLiteral("Task definition %1 deregistered.").arg(td.familyRevision())));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return td;
}

QList<TaskDefinition> ControlPlane::taskDefinitions(const QString &family,
                                                    std::optional<TaskDefinitionStatus> status) const
{
    QList<TaskDefinition> out;
    for (const TaskDefinition &td : m_taskDefinitionRegistry->all()) {
        if ((family.isEmpty() || td.spec.family == family) && (!status || td.status == *status))
            out.append(td);
    }
    return out;
}

QStringList ControlPlane::taskDefinitionFamilies(std::optional<TaskDefinitionStatus> status) const
{
    return m_taskDefinitionRegistry->families(status);
}

Cluster ControlPlane::withCounts(Cluster c) const
{
    // Kept by the registries as things change; nothing here walks every task.
    const registries::TaskRegistry::Counts tasks = m_taskRegistry->counts(c.name);
    c.registeredContainerInstancesCount = m_instanceRegistry->activeCount(c.name);
    c.runningTasksCount = tasks.running;
    c.pendingTasksCount = tasks.pending;
    c.activeServicesCount = m_serviceRegistry->activeCount(c.name);
    return c;
}

// ---- engines ----------------------------------------------------------------------------------

QList<Engine> ControlPlane::engines() const
{
    return m_instanceRegistry->engines();
}

std::optional<Engine> ControlPlane::engine(const QString &id) const
{
    const Engine *e = m_instanceRegistry->engine(id);
    return e ? std::optional<Engine>(*e) : std::nullopt;
}

Result<Engine> ControlPlane::addEngine(const QString &id, Engine::Kind kind, const QString &endpoint)
{
    if (!isValidName(id))
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("engine: the name must be 1 to 255 letters, numbers, hyphens and underscores"),
                         QStringLiteral("engine"));
    if (kind == Engine::Kind::Docker && !(endpoint.startsWith(u"unix://") || endpoint.startsWith(u"tcp://") ||
                                          endpoint.startsWith(u"tcp+tls://")))
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("endpoint: must be unix:///path, tcp://host:port or tcp+tls://host:port "
                                        "(got \"%1\")")
                             .arg(endpoint),
                         QStringLiteral("endpoint"));
    if (auto existing = engine(id)) {
        if (existing->kind == kind && existing->endpoint == endpoint)
            return *existing;
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("engine: %1 already exists with endpoint %2").arg(id, existing->endpoint),
                         QStringLiteral("engine"));
    }
    Engine e;
    e.id = id;
    e.kind = kind;
    e.endpoint = kind == Engine::Kind::Simulated ? QString() : endpoint;
    e.addedAt = m_clock->now();
    // A simulated engine is always there; a Docker engine is connected once a probe answers.
    e.connected = kind == Engine::Kind::Simulated;
    e.version = kind == Engine::Kind::Simulated ? QStringLiteral("simulated") : QString();
    if (kind == Engine::Kind::Simulated)
        e.connectionChangedAt = e.addedAt;
    const QString where = kind == Engine::Kind::Simulated ? QStringLiteral("the simulated runtime") : endpoint;
    Transaction tx = begin();
    m_instanceRegistry->stageEngine(tx, e);
    tx.event(makeEvent(kEngineKind, id, QStringLiteral("Engine %1 added (%2).").arg(id, where)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return e;
}

void ControlPlane::setEngineConnection(const QString &engineId, bool connected, const QString &version,
                                       const QString &error)
{
    const Engine *e = m_instanceRegistry->engine(engineId);
    if (!e)
        return;
    const bool changed = e->connected != connected || !e->connectionChangedAt.isValid();
    const QStringList affected =
        m_instanceRegistry->setEngineConnection(engineId, connected, version, error, m_clock->now());
    if (!changed)
        return;
    Transaction tx = observation();
    tx.derived(kEngineKind, engineId);
    for (const QString &id : affected)
        tx.derived(kInstanceKind, id);
    const QString message =
        connected ? QStringLiteral("Engine %1 connected (Docker %2): agent connected on %3 container instance(s).")
                        .arg(engineId, version)
                        .arg(affected.size())
                  : QStringLiteral("Engine %1 unreachable (%2): agent disconnected on %3 container instance(s).")
                        .arg(engineId, error)
                        .arg(affected.size());
    tx.event(makeEvent(kEngineKind, engineId, message));
    if (Status s = commit(std::move(tx)); !s)
        qCWarning(lcControlPlane) << s.error().message;
}

// ---- container instances ----------------------------------------------------------------------

QStringList ControlPlane::availabilityZones() const
{
    return {m_defaultRegion + u'a', m_defaultRegion + u'b', m_defaultRegion + u'c'};
}

Result<QList<ContainerInstance>> ControlPlane::registerContainerInstances(const InstanceRequest &request)
{
    const std::optional<Cluster> cluster = this->cluster(request.cluster);
    if (!cluster || cluster->status != u"ACTIVE")
        return clusterNotFound();
    const std::optional<Engine> eng = engine(request.engineId);
    if (!eng)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("engine: no engine named \"%1\"").arg(request.engineId),
                         QStringLiteral("engine"));
    const std::optional<InstanceType> type = instanceType(request.instanceType);
    if (!type)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("instanceType: unknown type \"%1\"").arg(request.instanceType),
                         QStringLiteral("instanceType"));
    if (request.count < 1 || request.count > 10000)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("count: must be between 1 and 10000 (got %1)").arg(request.count),
                         QStringLiteral("count"));
    const bool spread = request.availabilityZones.isEmpty();
    const QStringList zones = spread ? availabilityZones() : request.availabilityZones;
    for (const QString &z : zones) {
        if (!availabilityZones().contains(z))
            return makeError(QStringLiteral("InvalidParameterException"),
                             QStringLiteral("availabilityZone: \"%1\" is not a zone of %2 (%3)")
                                 .arg(z, m_defaultRegion, availabilityZones().join(QStringLiteral(", "))),
                             QStringLiteral("availabilityZone"));
    }
    for (auto it = request.attributes.cbegin(); it != request.attributes.cend(); ++it) {
        if (std::optional<Error> e = validateAttribute(it.key(), it.value()))
            return *e;
    }

    const QDateTime now = m_clock->now();
    QList<ContainerInstance> created;
    QList<Event> events;
    // Spreading fills the zones with the fewest registered instances of the cluster first, so that
    // instances added one at a time still balance across zones.
    QMap<QString, int> perZone;
    for (const QString &z : zones)
        perZone.insert(z, 0);
    for (const ContainerInstance &ci : m_instanceRegistry->all()) {
        if (ci.cluster == cluster->name && ci.status != InstanceStatus::Inactive && perZone.contains(ci.availabilityZone))
            ++perZone[ci.availabilityZone];
    }
    auto nextZone = [&](int i) {
        if (!spread)
            return zones[i % zones.size()];
        QString best = zones.first();
        for (const QString &z : zones) {
            if (perZone.value(z) < perZone.value(best))
                best = z;
        }
        ++perZone[best];
        return best;
    };
    for (int i = 0; i < request.count; ++i) {
        ContainerInstance ci;
        const QString uuid = QUuid::createUuid().toString(QUuid::Id128);
        ci.id = uuid;
        ci.ec2InstanceId = QStringLiteral("i-0") + QUuid::createUuid().toString(QUuid::Id128).left(16);
        ci.cluster = cluster->name;
        ci.engineId = eng->id;
        ci.address = m_instanceRegistry->reserveAddress();
        ci.instanceType = type->name;
        ci.availabilityZone = nextZone(i);
        ci.registeredCpu = type->cpu;
        ci.registeredMemory = type->memoryMiB;
        ci.customAttributes = request.attributes;
        ci.registeredAt = now;
        ci.agentConnected = eng->connected;
        ci.engineVersion = eng->version;
        created.append(ci);
        if (request.count <= 10)
            events.append(makeEvent(kInstanceKind, ci.ec2InstanceId,
                                    QStringLiteral("Container instance %1 (%2, %3, %4) registered in cluster %5 on "
                                                   "engine %6.")
                                        .arg(ci.ec2InstanceId, ci.instanceType, ci.availabilityZone, ci.address,
                                             ci.cluster, ci.engineId)));
    }
    if (request.count > 10)
        events.append(makeEvent(kClusterKind, cluster->name,
                                QStringLiteral("%1 container instances (%2) registered in cluster %3 on engine %4.")
                                    .arg(request.count)
                                    .arg(type->name, cluster->name, eng->id)));
    Transaction tx = begin();
    for (const ContainerInstance &ci : created)
        m_instanceRegistry->stage(tx, ci);
    tx.derived(kClusterKind, cluster->name);
    for (Event &e : events)
        tx.event(std::move(e));
    if (Status s = commit(std::move(tx)); !s) {
        for (const ContainerInstance &ci : created)
            m_instanceRegistry->releaseAddress(ci.address);
        return s.error();
    }
    return created;
}

QList<ContainerInstance> ControlPlane::containerInstances(const QString &cluster,
                                                          std::optional<InstanceStatus> status) const
{
    const QString name = arn::clusterNameFrom(cluster);
    QList<ContainerInstance> out;
    for (const ContainerInstance &ci : m_instanceRegistry->all()) {
        if (!name.isEmpty() && ci.cluster != name)
            continue;
        if (status ? ci.status != *status : ci.status == InstanceStatus::Inactive)
            continue;
        out.append(ci);
    }
    return out;
}

std::optional<ContainerInstance> ControlPlane::containerInstance(const QString &cluster, const QString &idOrArn) const
{
    const ContainerInstance *ci = m_instanceRegistry->find(cluster, idOrArn);
    return ci ? std::optional<ContainerInstance>(*ci) : std::nullopt;
}

Result<ContainerInstance> ControlPlane::updateContainerInstanceState(const QString &cluster, const QString &idOrArn,
                                                                     InstanceStatus status)
{
    if (status == InstanceStatus::Inactive)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("status: must be ACTIVE or DRAINING; deregister to make an instance INACTIVE"),
                         QStringLiteral("status"));
    const ContainerInstance *ci = m_instanceRegistry->find(cluster, idOrArn);
    if (!ci)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("containerInstance: no container instance %1 in cluster %2").arg(idOrArn, cluster),
                         QStringLiteral("containerInstance"));
    if (ci->status == InstanceStatus::Inactive)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("containerInstance: %1 is deregistered (INACTIVE)").arg(ci->ec2InstanceId),
                         QStringLiteral("containerInstance"));
    if (ci->status == status)
        return *ci;
    ContainerInstance updated = *ci;
    updated.status = status;
    const QString message = status == InstanceStatus::Draining
                                ? QStringLiteral("Container instance %1 is DRAINING: no new tasks are placed on it.")
                                : QStringLiteral("Container instance %1 is ACTIVE again.");
    return saveInstance(updated, message.arg(updated.ec2InstanceId));
}

Result<ContainerInstance> ControlPlane::deregisterContainerInstance(const QString &cluster, const QString &idOrArn,
                                                                    bool force)
{
    const ContainerInstance *ci = m_instanceRegistry->find(cluster, idOrArn);
    if (!ci || ci->status == InstanceStatus::Inactive)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("containerInstance: no registered container instance %1 in cluster %2")
                             .arg(idOrArn, cluster),
                         QStringLiteral("containerInstance"));
    if (!force && ci->runningTasksCount + ci->pendingTasksCount > 0)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("containerInstance: %1 still runs %2 task(s); stop them or deregister with "
                                        "force")
                             .arg(ci->ec2InstanceId)
                             .arg(ci->runningTasksCount + ci->pendingTasksCount),
                         QStringLiteral("containerInstance"));
    ContainerInstance updated = *ci;
    updated.status = InstanceStatus::Inactive;
    updated.deregisteredAt = m_clock->now();
    updated.agentConnected = false;
    return saveInstance(updated,
                        QStringLiteral("Container instance %1 deregistered from cluster %2%3.")
                            .arg(updated.ec2InstanceId, updated.cluster, force ? QStringLiteral(" (forced)") : QString()),
                        true);
}

Result<ContainerInstance> ControlPlane::putAttribute(const QString &cluster, const QString &idOrArn,
                                                     const QString &name, const QString &value)
{
    if (std::optional<Error> e = validateAttribute(name, value))
        return *e;
    const ContainerInstance *ci = m_instanceRegistry->find(cluster, idOrArn);
    if (!ci || ci->status == InstanceStatus::Inactive)
        return makeError(QStringLiteral("TargetNotFoundException"),
                         QStringLiteral("Could not find %1 in cluster %2.").arg(idOrArn, cluster),
                         QStringLiteral("targetId"));
    ContainerInstance updated = *ci;
    updated.customAttributes.insert(name, value);
    return saveInstance(updated,
                        QStringLiteral("Attribute %1%2 put on container instance %3.")
                            .arg(name, value.isEmpty() ? QString() : u'=' + value, updated.ec2InstanceId));
}

Result<ContainerInstance> ControlPlane::deleteAttribute(const QString &cluster, const QString &idOrArn,
                                                        const QString &name)
{
    const ContainerInstance *ci = m_instanceRegistry->find(cluster, idOrArn);
    if (!ci || ci->status == InstanceStatus::Inactive)
        return makeError(QStringLiteral("TargetNotFoundException"),
                         QStringLiteral("Could not find %1 in cluster %2.").arg(idOrArn, cluster),
                         QStringLiteral("targetId"));
    if (name.startsWith(u"ecs."))
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("attributes: %1 is a built-in attribute and cannot be deleted").arg(name),
                         QStringLiteral("attributes"));
    if (!ci->customAttributes.contains(name))
        return *ci; // as ECS: deleting an absent attribute is not an error
    ContainerInstance updated = *ci;
    updated.customAttributes.remove(name);
    return saveInstance(updated,
                        QStringLiteral("Attribute %1 deleted from container instance %2.").arg(name, updated.ec2InstanceId));
}

void ControlPlane::reportManagedContainers(const QString &engineId, const QList<ManagedContainer> &containers)
{
    QList<ManagedContainer> unmatched;
    for (ManagedContainer c : containers) {
        const QString taskId = c.labels.value(QStringLiteral("fleetdeck.task"));
        c.matched = !taskId.isEmpty() && m_taskRegistry->find(taskId);
        if (!c.matched)
            unmatched.append(c);
    }
    bool changed = false;
    const QList<ManagedContainer> fresh = m_instanceRegistry->setUnmatched(engineId, unmatched, &changed);
    if (!changed)
        return;
    // Observed, not stored: the journal keeps the events (one per container, once), memory the list.
    Transaction tx = observation();
    tx.derived(kUnmatchedKind, engineId);
    for (const ManagedContainer &c : fresh) {
        const QString task = c.labels.value(QStringLiteral("fleetdeck.task"), QStringLiteral("?"));
        const QString cluster = c.labels.value(QStringLiteral("fleetdeck.cluster"), QStringLiteral("?"));
        tx.event(makeEvent(kEngineKind, engineId,
                           QStringLiteral("Container %1 (%2, %3) on engine %4 carries Fleetdeck labels (cluster %5, "
                                          "task %6) but matches no task Fleetdeck knows; it was left as it is.")
                               .arg(c.name, c.id.left(12), c.state, engineId, cluster, task)));
    }
    if (Status s = commit(std::move(tx)); !s)
        qCWarning(lcControlPlane) << s.error().message;
}

Result<ContainerInstance> ControlPlane::saveInstance(const ContainerInstance &updated, const QString &message,
                                                     bool clusterCountsChange)
{
    Transaction tx = begin();
    m_instanceRegistry->stage(tx, updated);
    if (clusterCountsChange)
        tx.derived(kClusterKind, updated.cluster);
    tx.event(makeEvent(kInstanceKind, updated.ec2InstanceId, message));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return updated;
}

QList<ManagedContainer> ControlPlane::unmatchedContainers() const
{
    return m_instanceRegistry->unmatched();
}

bool ControlPlane::isPristine() const
{
    return m_clusterRegistry->all().isEmpty() && m_taskDefinitionRegistry->all().isEmpty() &&
           m_instanceRegistry->engines().isEmpty() && m_instanceRegistry->all().isEmpty();
}

Status ControlPlane::createDefaultLayout(const QString &engineId, const QString &type)
{
    if (Result<Cluster> c = createCluster(QStringLiteral("default")); !c)
        return c.error();
    InstanceRequest request;
    request.cluster = QStringLiteral("default");
    request.engineId = engineId;
    request.instanceType = type;
    request.count = int(availabilityZones().size());
    if (auto r = registerContainerInstances(request); !r)
        return r.error();
    return Ok{};
}

QList<Event> ControlPlane::events(int limit) const
{
    Result<QList<Event>> events = m_store->loadEvents(limit);
    if (!events) {
        qCWarning(lcControlPlane) << events.error().message;
        return {};
    }
    return std::move(events).value();
}

} // namespace fd
