#include "ControlPlane.h"

#include "model/Arn.h"
#include "store/Store.h"

#include <QLoggingCategory>
#include <QRegularExpression>

#include <algorithm>

namespace fd {

Q_LOGGING_CATEGORY(lcControlPlane, "fleetdeck.controlplane")

namespace {

const QString kClusterType = QStringLiteral("cluster");
const QString kTaskDefinitionType = QStringLiteral("task-definition");

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
      m_store(std::move(store)), m_clock(std::move(clock))
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
    m_clusters = std::move(clusters).value();
    m_taskDefinitions = std::move(tds).value();
    qCInfo(lcControlPlane) << "loaded" << m_clusters.size() << "clusters and" << m_taskDefinitions.size()
                           << "task definition revisions from" << m_store->path();
    return Ok{};
}

// Commits `write` and the events in one transaction; emits the events only once committed.
Status ControlPlane::commit(const std::function<Status(Store &)> &write, QList<Event> events)
{
    Status s = m_store->transaction([&](Store &store) -> Status {
        if (Status w = write(store); !w)
            return w;
        for (Event &e : events) {
            Result<qint64> id = store.appendEvent(e);
            if (!id)
                return id.error();
            e.id = id.value();
        }
        return Ok{};
    });
    if (!s)
        return s;
    m_pendingEvents.append(events);
    return Ok{};
}

void ControlPlane::flushEvents()
{
    const QList<Event> events = std::exchange(m_pendingEvents, {});
    for (const Event &e : events)
        emit eventAppended(e);
}

Event ControlPlane::makeEvent(const QString &type, const QString &resource, const QString &message) const
{
    return Event{0, m_clock->now(), type, resource, message};
}

// ---- clusters ---------------------------------------------------------------------------------

Result<Cluster> ControlPlane::createCluster(const QString &name)
{
    const QString n = name.isEmpty() ? QStringLiteral("default") : name;
    if (!isValidName(n))
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("clusterName: must be 1 to 255 letters, numbers, hyphens and underscores "
                                        "(got \"%1\")")
                             .arg(n),
                         QStringLiteral("clusterName"));
    auto it = std::find_if(m_clusters.begin(), m_clusters.end(), [&](const Cluster &c) { return c.name == n; });
    if (it != m_clusters.end() && it->status == u"ACTIVE")
        return *it; // ECS: creating an existing cluster returns it

    Cluster c;
    c.name = n;
    c.status = QStringLiteral("ACTIVE");
    c.createdAt = m_clock->now();
    Status s = commit([&](Store &store) { return store.putCluster(c); },
                      {makeEvent(kClusterType, n, QStringLiteral("Cluster %1 created.").arg(n))});
    if (!s)
        return s.error();
    if (it != m_clusters.end())
        *it = c;
    else
        m_clusters.insert(std::lower_bound(m_clusters.begin(), m_clusters.end(), n,
                                           [](const Cluster &a, const QString &b) { return a.name < b; }),
                          c);
    emit clustersChanged();
    flushEvents();
    return c;
}

QList<Cluster> ControlPlane::clusters() const
{
    QList<Cluster> out;
    std::copy_if(m_clusters.begin(), m_clusters.end(), std::back_inserter(out),
                 [](const Cluster &c) { return c.status == u"ACTIVE"; });
    return out;
}

std::optional<Cluster> ControlPlane::cluster(const QString &nameOrArn) const
{
    const QString n = arn::clusterNameFrom(nameOrArn);
    for (const Cluster &c : m_clusters) {
        if (c.name == n)
            return c;
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
    // Instances, services and tasks arrive with later issues; the checks are in place for them.
    if (it->registeredContainerInstancesCount > 0)
        return makeError(QStringLiteral("ClusterContainsContainerInstancesException"),
                         QStringLiteral("The Cluster cannot be deleted while Container Instances are active."));
    if (it->activeServicesCount > 0)
        return makeError(QStringLiteral("ClusterContainsServicesException"),
                         QStringLiteral("The Cluster cannot be deleted while Services are active."));
    if (it->runningTasksCount + it->pendingTasksCount > 0)
        return makeError(QStringLiteral("ClusterContainsTasksException"),
                         QStringLiteral("The Cluster cannot be deleted while Tasks are active."));

    Cluster c = *it;
    c.status = QStringLiteral("INACTIVE");
    Status s = commit([&](Store &store) { return store.putCluster(c); },
                      {makeEvent(kClusterType, n, QStringLiteral("Cluster %1 deleted.").arg(n))});
    if (!s)
        return s.error();
    *it = c;
    emit clustersChanged();
    flushEvents();
    return c;
}

// ---- task definitions -------------------------------------------------------------------------

Result<TaskDefinition> ControlPlane::registerTaskDefinition(const TaskDefinitionSpec &spec)
{
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
    Status s = commit([&](Store &store) { return store.putTaskDefinition(td); },
                      {makeEvent(kTaskDefinitionType, td.familyRevision(),
                                 QStringLiteral("Task definition %1 registered.").arg(td.familyRevision()))});
    if (!s)
        return s.error();
    auto pos = std::upper_bound(m_taskDefinitions.begin(), m_taskDefinitions.end(), td,
                                [](const TaskDefinition &a, const TaskDefinition &b) {
                                    return std::tie(a.spec.family, a.revision) < std::tie(b.spec.family, b.revision);
                                });
    m_taskDefinitions.insert(pos, td);
    emit taskDefinitionsChanged();
    flushEvents();
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
    Status s = commit([&](Store &store) { return store.putTaskDefinition(td); },
                      {makeEvent(kTaskDefinitionType, td.familyRevision(),
                                 QStringLiteral("Task definition %1 deregistered.").arg(td.familyRevision()))});
    if (!s)
        return s.error();
    m_taskDefinitions[i] = td;
    emit taskDefinitionsChanged();
    flushEvents();
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
