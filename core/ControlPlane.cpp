#include "ControlPlane.h"
#include "ControlPlaneDetail.h"

#include "model/Arn.h"
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

#include <algorithm>

namespace fd {

using namespace state;
using detail::clusterNotFound;
using detail::isValidName;

Q_LOGGING_CATEGORY(lcControlPlane, "fleetdeck.controlplane")

bool detail::isValidName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-]{1,255}$"));
    return re.match(name).hasMatch();
}

Error detail::clusterNotFound()
{
    return makeError(QStringLiteral("ClusterNotFoundException"), QStringLiteral("Cluster not found."));
}

namespace {

Error taskDefinitionNotFound()
{
    // The wording ECS uses for an unknown family, revision or ARN.
    return makeError(QStringLiteral("ClientException"), QStringLiteral("Unable to describe task definition."));
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
    if (changes.isEmpty())
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
