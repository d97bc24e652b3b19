#include "ControlPlane.h"

#include "model/Arn.h"
#include "model/InstanceType.h"
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
      m_store(std::move(store)), m_clock(std::move(clock)), m_tags(std::make_unique<tags::TagRegistry>())
{}

ControlPlane::~ControlPlane() = default;

Status ControlPlane::load()
{
    Result<QList<Cluster>> clusters = m_store->loadClusters();
    if (!clusters)
        return clusters.error();
    Result<QList<TaskDefinition>> tds = m_store->loadTaskDefinitions();
    if (!tds)
        return tds.error();
    Result<QList<Engine>> engines = m_store->loadEngines();
    if (!engines)
        return engines.error();
    Result<QList<ContainerInstance>> instances = m_store->loadContainerInstances();
    if (!instances)
        return instances.error();
    Result<QList<Task>> tasks = m_store->loadTasks();
    if (!tasks)
        return tasks.error();
    Result<QList<Service>> services = m_store->loadServices();
    if (!services)
        return services.error();
    if (Status t = m_tags->load(*m_store); !t)
        return t;
    m_services = std::move(services).value();
    m_clusters = std::move(clusters).value();
    m_taskDefinitions = std::move(tds).value();
    m_engines = std::move(engines).value();
    m_instances = std::move(instances).value();
    for (qsizetype i = 0; i < m_instances.size(); ++i) {
        m_instanceIndex.insert(m_instances[i].id, i);
        m_usedAddresses.insert(m_instances[i].address);
    }
    // A simulated engine is part of this process: it is there as soon as we are.
    for (Engine &e : m_engines) {
        if (e.kind != Engine::Kind::Simulated)
            continue;
        e.connected = true;
        e.version = QStringLiteral("simulated");
        e.connectionChangedAt = m_clock->now();
        for (ContainerInstance &ci : m_instances) {
            if (ci.engineId == e.id && ci.status != InstanceStatus::Inactive) {
                ci.agentConnected = true;
                ci.engineVersion = e.version;
            }
        }
    }
    m_tasks = std::move(tasks).value();
    for (qsizetype i = 0; i < m_tasks.size(); ++i)
        m_taskIndex.insert(m_tasks[i].id, i);
    refreshInstanceUsage();
    const auto later = [this](const QDateTime &t) {
        if (t.isValid() && (!m_lastRecorded.isValid() || t > m_lastRecorded))
            m_lastRecorded = t;
    };
    if (Result<QList<Event>> last = m_store->loadEvents(1); last && !last.value().isEmpty())
        later(last.value().last().at);
    for (const Task &t : std::as_const(m_tasks)) {
        for (const QDateTime &at : {t.createdAt, t.startedAt, t.stoppingAt, t.stoppedAt})
            later(at);
    }
    for (const Service &v : std::as_const(m_services)) {
        if (!v.events.isEmpty())
            later(v.events.front().createdAt);
        for (const Deployment &d : v.deployments)
            later(d.updatedAt);
    }
    qCInfo(lcControlPlane) << "loaded" << m_clusters.size() << "clusters and" << m_taskDefinitions.size()
                           << "task definition revisions from" << m_store->path();
    return Ok{};
}

state::Transaction ControlPlane::begin() const
{
    return state::Transaction(currentCause());
}

Status ControlPlane::commit(state::Transaction &&tx)
{
    Result<state::ChangeSet> cs = std::move(tx).commit(*m_store, m_clock->now());
    if (!cs)
        return cs.error();
    if (std::exchange(m_usageDirty, false))
        refreshInstanceUsage();
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
    auto it = std::find_if(m_clusters.begin(), m_clusters.end(), [&](const Cluster &c) { return c.name == n; });
    if (it != m_clusters.end() && it->status == u"ACTIVE") {
        // ECS: creating an existing cluster returns it; tags given again are kept rather than dropped.
        const tags::TagList current = m_tags->tags(kClusterKind, n);
        const tags::TagList next = tags::merged(current, tagList);
        if (next != current) {
            Transaction tx = begin();
            m_tags->stage(tx, kClusterKind, n, next, m_clock->now());
            if (Status s = commit(std::move(tx)); !s)
                return s.error();
        }
        return withCounts(*it);
    }

    Cluster c;
    c.name = n;
    c.status = QStringLiteral("ACTIVE");
    c.createdAt = m_clock->now();
    Transaction tx = begin();
    tx.put(kClusterKind, n, [&](Store &store) { return store.putCluster(c); }, [&] {
        if (it != m_clusters.end())
            *it = c;
        else
            m_clusters.insert(std::lower_bound(m_clusters.begin(), m_clusters.end(), n,
                                               [](const Cluster &a, const QString &b) { return a.name < b; }),
                              c);
    });
    m_tags->stage(tx, kClusterKind, n, tagList, c.createdAt);
    tx.event(makeEvent(kClusterKind, n, QStringLiteral("Cluster %1 created.").arg(n)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return c;
}

QList<Cluster> ControlPlane::clusters() const
{
    QList<Cluster> out;
    for (const Cluster &c : m_clusters) {
        if (c.status == u"ACTIVE")
            out.append(withCounts(c));
    }
    return out;
}

std::optional<Cluster> ControlPlane::cluster(const QString &nameOrArn) const
{
    const QString n = arn::clusterNameFrom(nameOrArn);
    for (const Cluster &c : m_clusters) {
        if (c.name == n)
            return withCounts(c);
    }
    return std::nullopt;
}

Result<Cluster> ControlPlane::deleteCluster(const QString &nameOrArn)
{
    const QString n = arn::clusterNameFrom(nameOrArn);
    auto it = std::find_if(m_clusters.begin(), m_clusters.end(),
                           [&](const Cluster &c) { return c.name == n && c.status == u"ACTIVE"; });
    if (it == m_clusters.end())
        return clusterNotFound();
    const Cluster counted = withCounts(*it);
    if (counted.registeredContainerInstancesCount > 0)
        return makeError(QStringLiteral("ClusterContainsContainerInstancesException"),
                         QStringLiteral("The Cluster cannot be deleted while Container Instances are active."));
    if (counted.activeServicesCount > 0)
        return makeError(QStringLiteral("ClusterContainsServicesException"),
                         QStringLiteral("The Cluster cannot be deleted while Services are active."));
    if (counted.runningTasksCount + counted.pendingTasksCount > 0)
        return makeError(QStringLiteral("ClusterContainsTasksException"),
                         QStringLiteral("The Cluster cannot be deleted while Tasks are active."));

    Cluster c = *it;
    c.status = QStringLiteral("INACTIVE");
    Transaction tx = begin();
    tx.put(kClusterKind, n, [&](Store &store) { return store.putCluster(c); }, [&] { *it = c; });
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

    int last = 0;
    for (const TaskDefinition &td : m_taskDefinitions) {
        if (td.spec.family == spec.family)
            last = std::max(last, td.revision);
    }
    TaskDefinition td;
    td.spec = spec;
    td.revision = last + 1;
    td.status = TaskDefinitionStatus::Active;
    td.registeredAt = m_clock->now();
    Transaction tx = begin();
    tx.put(kTaskDefinitionKind, td.familyRevision(), [&](Store &store) { return store.putTaskDefinition(td); }, [&] {
        auto pos = std::upper_bound(m_taskDefinitions.begin(), m_taskDefinitions.end(), td,
                                    [](const TaskDefinition &a, const TaskDefinition &b) {
                                        return std::tie(a.spec.family, a.revision) < std::tie(b.spec.family, b.revision);
                                    });
        m_taskDefinitions.insert(pos, td);
    });
    m_tags->stage(tx, kTaskDefinitionKind, td.familyRevision(), tagList, td.registeredAt);
    tx.event(makeEvent(kTaskDefinitionKind, td.familyRevision(),
                       QStringLiteral("Task definition %1 registered.").arg(td.familyRevision())));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return td;
}

int ControlPlane::findTaskDefinition(const QString &ref) const
{
    const QString r = arn::taskDefinitionRefFrom(ref);
    const qsizetype colon = r.lastIndexOf(u':');
    if (colon < 0) {
        int best = -1;
        for (int i = 0; i < m_taskDefinitions.size(); ++i) {
            const TaskDefinition &td = m_taskDefinitions[i];
            if (td.spec.family == r && td.status == TaskDefinitionStatus::Active)
                best = i; // sorted by revision: the last match is the latest
        }
        return best;
    }
    bool ok = false;
    const int revision = r.mid(colon + 1).toInt(&ok);
    if (!ok)
        return -1;
    const QString family = r.left(colon);
    for (int i = 0; i < m_taskDefinitions.size(); ++i) {
        if (m_taskDefinitions[i].spec.family == family && m_taskDefinitions[i].revision == revision)
            return i;
    }
    return -1;
}

Result<TaskDefinition> ControlPlane::taskDefinition(const QString &ref) const
{
    const int i = findTaskDefinition(ref);
    if (i < 0)
        return taskDefinitionNotFound();
    return m_taskDefinitions[i];
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
    const int i = findTaskDefinition(r);
    if (i < 0)
        return taskDefinitionNotFound();
    TaskDefinition td = m_taskDefinitions[i];
    if (td.status != TaskDefinitionStatus::Active)
        return td; // already INACTIVE: nothing to do
    td.status = TaskDefinitionStatus::Inactive;
    td.deregisteredAt = m_clock->now();
    Transaction tx = begin();
    tx.put(kTaskDefinitionKind, td.familyRevision(), [&](Store &store) { return store.putTaskDefinition(td); },
           [&] { m_taskDefinitions[i] = td; });
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
    for (const TaskDefinition &td : m_taskDefinitions) {
        if ((family.isEmpty() || td.spec.family == family) && (!status || td.status == *status))
            out.append(td);
    }
    return out;
}

QStringList ControlPlane::taskDefinitionFamilies(std::optional<TaskDefinitionStatus> status) const
{
    QStringList all;
    QSet<QString> withActive;
    for (const TaskDefinition &td : m_taskDefinitions) {
        if (all.isEmpty() || all.last() != td.spec.family)
            all.append(td.spec.family);
        if (td.status == TaskDefinitionStatus::Active)
            withActive.insert(td.spec.family);
    }
    if (!status)
        return all;
    QStringList out;
    for (const QString &f : all) {
        if ((*status == TaskDefinitionStatus::Active) == withActive.contains(f))
            out.append(f);
    }
    return out;
}

Cluster ControlPlane::withCounts(Cluster c) const
{
    c.registeredContainerInstancesCount = 0;
    c.runningTasksCount = 0;
    c.pendingTasksCount = 0;
    c.activeServicesCount = 0;
    for (const Service &v : m_services) {
        if (v.cluster == c.name && v.status != ServiceStatus::Inactive)
            ++c.activeServicesCount;
    }
    for (const ContainerInstance &ci : m_instances) {
        if (ci.cluster == c.name && ci.status != InstanceStatus::Inactive)
            ++c.registeredContainerInstancesCount;
    }
    // Tasks waiting for capacity have no instance but count as pending for their cluster.
    for (const Task &t : m_tasks) {
        if (t.cluster != c.name || t.isStopped())
            continue;
        if (t.lastStatus == TaskStatus::Running)
            ++c.runningTasksCount;
        else if (t.lastStatus < TaskStatus::Running)
            ++c.pendingTasksCount;
    }
    return c;
}

// ---- engines ----------------------------------------------------------------------------------

QList<Engine> ControlPlane::engines() const
{
    return m_engines;
}

std::optional<Engine> ControlPlane::engine(const QString &id) const
{
    for (const Engine &e : m_engines) {
        if (e.id == id)
            return e;
    }
    return std::nullopt;
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
    tx.put(kEngineKind, id, [&](Store &store) { return store.putEngine(e); }, [&] { m_engines.append(e); });
    tx.event(makeEvent(kEngineKind, id, QStringLiteral("Engine %1 added (%2).").arg(id, where)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return e;
}

void ControlPlane::setEngineConnection(const QString &engineId, bool connected, const QString &version,
                                       const QString &error)
{
    auto it = std::find_if(m_engines.begin(), m_engines.end(), [&](const Engine &e) { return e.id == engineId; });
    if (it == m_engines.end())
        return;
    const bool changed = it->connected != connected || !it->connectionChangedAt.isValid();
    it->connected = connected;
    if (connected)
        it->version = version;
    it->lastError = connected ? QString() : error;
    int affected = 0;
    Transaction tx = begin();
    tx.derived(kEngineKind, engineId);
    for (ContainerInstance &ci : m_instances) {
        if (ci.engineId != engineId || ci.status == InstanceStatus::Inactive)
            continue;
        ci.agentConnected = connected;
        ci.engineVersion = connected ? version : ci.engineVersion;
        tx.derived(kInstanceKind, ci.id);
        ++affected;
    }
    if (!changed)
        return;
    it->connectionChangedAt = m_clock->now();
    const QString message =
        connected ? QStringLiteral("Engine %1 connected (Docker %2): agent connected on %3 container instance(s).")
                        .arg(engineId, version)
                        .arg(affected)
                  : QStringLiteral("Engine %1 unreachable (%2): agent disconnected on %3 container instance(s).")
                        .arg(engineId, error)
                        .arg(affected);
    tx.event(makeEvent(kEngineKind, engineId, message));
    if (Status s = commit(std::move(tx)); !s)
        qCWarning(lcControlPlane) << s.error().message;
}

// ---- container instances ----------------------------------------------------------------------

QStringList ControlPlane::availabilityZones() const
{
    return {m_defaultRegion + u'a', m_defaultRegion + u'b', m_defaultRegion + u'c'};
}

QString ControlPlane::allocateAddress()
{
    // 127.0.0.0/8 is all loopback: instance k gets 127.(k>>16).(k>>8).(k&255), skipping .0 and .255.
    for (;;) {
        const quint32 k = m_nextAddress++;
        const quint32 last = k & 0xff;
        if (last == 0 || last == 255)
            continue;
        const QString a = QStringLiteral("127.%1.%2.%3").arg((k >> 16) & 0xff).arg((k >> 8) & 0xff).arg(last);
        if (!m_usedAddresses.contains(a))
            return a;
    }
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
    QSet<QString> addresses = m_usedAddresses;
    const quint32 nextAddress = m_nextAddress;
    // Spreading fills the zones with the fewest registered instances of the cluster first, so that
    // instances added one at a time still balance across zones.
    QMap<QString, int> perZone;
    for (const QString &z : zones)
        perZone.insert(z, 0);
    for (const ContainerInstance &ci : m_instances) {
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
        ci.address = allocateAddress();
        m_usedAddresses.insert(ci.address);
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
    for (const ContainerInstance &ci : created) {
        tx.put(kInstanceKind, ci.id, [ci](Store &store) { return store.putContainerInstance(ci); }, [this, ci] {
            m_instanceIndex.insert(ci.id, m_instances.size());
            m_instances.append(ci);
        });
    }
    tx.derived(kClusterKind, cluster->name);
    for (Event &e : events)
        tx.event(std::move(e));
    if (Status s = commit(std::move(tx)); !s) {
        m_usedAddresses = addresses;
        m_nextAddress = nextAddress;
        return s.error();
    }
    return created;
}

QList<ContainerInstance> ControlPlane::containerInstances(const QString &cluster,
                                                          std::optional<InstanceStatus> status) const
{
    const QString name = arn::clusterNameFrom(cluster);
    QList<ContainerInstance> out;
    for (const ContainerInstance &ci : m_instances) {
        if (!name.isEmpty() && ci.cluster != name)
            continue;
        if (status ? ci.status != *status : ci.status == InstanceStatus::Inactive)
            continue;
        out.append(ci);
    }
    return out;
}

qsizetype ControlPlane::findInstance(const QString &cluster, const QString &idOrArn) const
{
    const QString id = arn::containerInstanceIdFrom(idOrArn);
    const QString clusterName = arn::clusterNameFrom(cluster);
    qsizetype i = m_instanceIndex.value(id, -1);
    if (i < 0) {
        // The console and the CLI also know instances by their EC2 instance id.
        for (qsizetype j = 0; j < m_instances.size() && i < 0; ++j) {
            if (m_instances[j].ec2InstanceId == id && (cluster.isEmpty() || m_instances[j].cluster == clusterName))
                i = j;
        }
    }
    if (i < 0 || (!cluster.isEmpty() && m_instances[i].cluster != clusterName))
        return -1;
    return i;
}

std::optional<ContainerInstance> ControlPlane::containerInstance(const QString &cluster, const QString &idOrArn) const
{
    const qsizetype i = findInstance(cluster, idOrArn);
    if (i < 0)
        return std::nullopt;
    return m_instances[i];
}

Result<ContainerInstance> ControlPlane::updateContainerInstanceState(const QString &cluster, const QString &idOrArn,
                                                                     InstanceStatus status)
{
    if (status == InstanceStatus::Inactive)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("status: must be ACTIVE or DRAINING; deregister to make an instance INACTIVE"),
                         QStringLiteral("status"));
    const qsizetype index = findInstance(cluster, idOrArn);
    ContainerInstance *ci = index < 0 ? nullptr : &m_instances[index];
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
    return saveInstance(index, updated, message.arg(updated.ec2InstanceId));
}

Result<ContainerInstance> ControlPlane::deregisterContainerInstance(const QString &cluster, const QString &idOrArn,
                                                                    bool force)
{
    const qsizetype index = findInstance(cluster, idOrArn);
    ContainerInstance *ci = index < 0 ? nullptr : &m_instances[index];
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
    return saveInstance(index, updated,
                        QStringLiteral("Container instance %1 deregistered from cluster %2%3.")
                            .arg(updated.ec2InstanceId, updated.cluster, force ? QStringLiteral(" (forced)") : QString()),
                        true);
}

Result<ContainerInstance> ControlPlane::putAttribute(const QString &cluster, const QString &idOrArn,
                                                     const QString &name, const QString &value)
{
    if (std::optional<Error> e = validateAttribute(name, value))
        return *e;
    const qsizetype index = findInstance(cluster, idOrArn);
    ContainerInstance *ci = index < 0 ? nullptr : &m_instances[index];
    if (!ci || ci->status == InstanceStatus::Inactive)
        return makeError(QStringLiteral("TargetNotFoundException"),
                         QStringLiteral("Could not find %1 in cluster %2.").arg(idOrArn, cluster),
                         QStringLiteral("targetId"));
    ContainerInstance updated = *ci;
    updated.customAttributes.insert(name, value);
    return saveInstance(index, updated,
                        QStringLiteral("Attribute %1%2 put on container instance %3.")
                            .arg(name, value.isEmpty() ? QString() : u'=' + value, updated.ec2InstanceId));
}

Result<ContainerInstance> ControlPlane::deleteAttribute(const QString &cluster, const QString &idOrArn,
                                                        const QString &name)
{
    const qsizetype index = findInstance(cluster, idOrArn);
    ContainerInstance *ci = index < 0 ? nullptr : &m_instances[index];
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
    return saveInstance(index, updated,
                        QStringLiteral("Attribute %1 deleted from container instance %2.").arg(name, updated.ec2InstanceId));
}

void ControlPlane::reportManagedContainers(const QString &engineId, const QList<ManagedContainer> &containers)
{
    QList<ManagedContainer> unmatched;
    QList<Event> events;
    for (ManagedContainer c : containers) {
        const QString taskId = c.labels.value(QStringLiteral("fleetdeck.task"));
        c.matched = !taskId.isEmpty() && m_taskIndex.contains(taskId);
        if (c.matched)
            continue;
        unmatched.append(c);
        if (m_reportedUnmatched.contains(c.id))
            continue;
        m_reportedUnmatched.insert(c.id);
        const QString task = c.labels.value(QStringLiteral("fleetdeck.task"), QStringLiteral("?"));
        const QString cluster = c.labels.value(QStringLiteral("fleetdeck.cluster"), QStringLiteral("?"));
        events.append(makeEvent(kEngineKind, engineId,
                                QStringLiteral("Container %1 (%2, %3) on engine %4 carries Fleetdeck labels (cluster %5, "
                                               "task %6) but matches no task Fleetdeck knows; it was left as it is.")
                                    .arg(c.name, c.id.left(12), c.state, engineId, cluster, task)));
    }
    const bool changed = m_unmatched.value(engineId).size() != unmatched.size() || !events.isEmpty();
    m_unmatched.insert(engineId, unmatched);
    if (!changed)
        return;
    // Observed, not stored: the journal keeps the events, memory the list.
    Transaction tx = begin();
    tx.derived(kUnmatchedKind, engineId);
    for (Event &e : events)
        tx.event(std::move(e));
    if (Status s = commit(std::move(tx)); !s)
        qCWarning(lcControlPlane) << s.error().message;
}

Result<ContainerInstance> ControlPlane::saveInstance(qsizetype index, const ContainerInstance &updated,
                                                     const QString &message, bool clusterCountsChange)
{
    Transaction tx = begin();
    tx.put(kInstanceKind, updated.id, [&](Store &store) { return store.putContainerInstance(updated); },
           [&] { m_instances[index] = updated; });
    if (clusterCountsChange)
        tx.derived(kClusterKind, updated.cluster);
    tx.event(makeEvent(kInstanceKind, updated.ec2InstanceId, message));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return updated;
}

QList<ManagedContainer> ControlPlane::unmatchedContainers() const
{
    QList<ManagedContainer> out;
    for (const QList<ManagedContainer> &list : m_unmatched)
        out.append(list);
    return out;
}

bool ControlPlane::isPristine() const
{
    return m_clusters.isEmpty() && m_taskDefinitions.isEmpty() && m_engines.isEmpty() && m_instances.isEmpty();
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
