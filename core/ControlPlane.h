#pragma once

#include "Clock.h"
#include "Result.h"
#include "model/Cluster.h"
#include "model/ContainerInstance.h"
#include "model/Event.h"
#include "model/Service.h"
#include "model/Task.h"
#include "model/TaskDefinition.h"
#include "state/ChangeSet.h"
#include "tags/Tag.h"

#include <QObject>
#include <QHash>
#include <QMap>
#include <QSet>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace fd {

class Store;
namespace state {
class Transaction;
}
namespace tags {
class TagRegistry;
}
namespace registries {
class ClusterRegistry;
class InstanceRegistry;
class ServiceRegistry;
class TaskDefinitionRegistry;
class TaskRegistry;
} // namespace registries

// The one façade every client goes through: the console, the AWS-compatible API and the tests.
// It lives on the GUI thread (or the main thread when headless). Each mutating call validates,
// stages its writes and journal events in one state::Transaction and commits it once (SQLite, with
// the transaction's cause in the journal); only then is memory patched and the change announced,
// once, as a state::ChangeSet through changed() (the per-kind signals follow from it).
class ControlPlane final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControlPlane)

public:
    // Opens (or creates) the state in `dataDir`. Fails with a clear message when the directory is
    // unusable, already in use by another Fleetdeck, or holds a database it cannot read; an
    // existing database is never overwritten.
    static Result<std::unique_ptr<ControlPlane>> open(const QString &dataDir, std::shared_ptr<Clock> clock);
    ~ControlPlane() override;

    const Clock &clock() const { return *m_clock; }
    QString dataDir() const { return m_dataDir; }
    // The region the console shows ARNs in. API requests use the region of their credential scope.
    QString defaultRegion() const { return m_defaultRegion; }

    // Clusters. Creating an existing ACTIVE name returns it unchanged (as ECS does); creating a
    // deleted (INACTIVE) name makes it ACTIVE again. `tags` are validated and kept (merged into an
    // existing cluster's), in the same transaction.
    Result<Cluster> createCluster(const QString &name, const tags::TagList &tags = {});
    QList<Cluster> clusters() const; // ACTIVE clusters, by name
    std::optional<Cluster> cluster(const QString &nameOrArn) const; // ACTIVE or INACTIVE
    // Refuses with ClusterContains{ContainerInstances,Services,Tasks}Exception while the cluster
    // has any; ClusterNotFoundException when there is no such ACTIVE cluster.
    Result<Cluster> deleteCluster(const QString &nameOrArn);

    // Task definitions. `ref` is "family", "family:revision" or a full ARN; "family" alone is the
    // latest ACTIVE revision.
    Result<TaskDefinition> registerTaskDefinition(const TaskDefinitionSpec &spec, const tags::TagList &tags = {});
    Result<TaskDefinition> taskDefinition(const QString &ref) const;
    Result<TaskDefinition> deregisterTaskDefinition(const QString &ref);
    // By family, then revision ascending. Empty `family` means all; no status means any.
    QList<TaskDefinition> taskDefinitions(const QString &family = {},
                                          std::optional<TaskDefinitionStatus> status = {}) const;
    // ACTIVE: families with at least one ACTIVE revision; INACTIVE: families with none; none: all.
    QStringList taskDefinitionFamilies(std::optional<TaskDefinitionStatus> status = {}) const;

    // Engines: where instances run containers. The local Docker engine is "local".
    QList<Engine> engines() const;
    std::optional<Engine> engine(const QString &id) const;
    Result<Engine> addEngine(const QString &id, Engine::Kind kind, const QString &endpoint);
    // Observed: the agent of every instance on the engine follows its connection. Journals an
    // event when the state changes.
    void setEngineConnection(const QString &engineId, bool connected, const QString &version, const QString &error);

    // Container instances.
    struct InstanceRequest
    {
        QString cluster;
        QString engineId;
        QString instanceType = QStringLiteral("t3.medium");
        QStringList availabilityZones; // used in turn; empty: every zone of the region in turn
        int count = 1;
        QMap<QString, QString> attributes;
    };
    Result<QList<ContainerInstance>> registerContainerInstances(const InstanceRequest &request);
    // Of one cluster (empty: all), registration order. No status means ACTIVE and DRAINING.
    QList<ContainerInstance> containerInstances(const QString &cluster = {},
                                                std::optional<InstanceStatus> status = {}) const;
    std::optional<ContainerInstance> containerInstance(const QString &cluster, const QString &idOrArn) const;
    // ACTIVE <-> DRAINING.
    Result<ContainerInstance> updateContainerInstanceState(const QString &cluster, const QString &idOrArn,
                                                           InstanceStatus status);
    // Makes it INACTIVE. Refuses while it runs tasks unless `force`.
    Result<ContainerInstance> deregisterContainerInstance(const QString &cluster, const QString &idOrArn, bool force);
    // Custom attributes. Names are 1-128 of [A-Za-z0-9-_/.], values up to 128 characters with no
    // leading or trailing whitespace; the built-in ecs.* attributes cannot be changed.
    Result<ContainerInstance> putAttribute(const QString &cluster, const QString &idOrArn, const QString &name,
                                           const QString &value);
    Result<ContainerInstance> deleteAttribute(const QString &cluster, const QString &idOrArn, const QString &name);
    // us-east-1a, us-east-1b, us-east-1c for the default region.
    QStringList availabilityZones() const;

    // Adoption: what an engine runs under Fleetdeck's labels. Containers that match no task
    // Fleetdeck knows are kept in unmatchedContainers() and journaled once each; they are never
    // removed by Fleetdeck.
    void reportManagedContainers(const QString &engineId, const QList<ManagedContainer> &containers);
    QList<ManagedContainer> unmatchedContainers() const;

    // Tasks. ECS-SEMANTICS.md §1.2-1.3.
    struct RunTaskRequest
    {
        QString cluster;
        QString taskDefinition; // family, family:revision or ARN
        int count = 1;          // 1-10
        QString group;          // empty: family:<family>
        QString startedBy;
        QList<ContainerOverride> overrides;
        QByteArray placementStrategy;    // JSON array of {type, field}; empty: none
        QByteArray placementConstraints; // JSON array of {type, expression}; empty: none
        // StartTask: exactly these instances (ids or ARNs), one task on each, no strategies.
        QStringList containerInstances;
        // Instead of failing, keep a task no instance can take PENDING (with its reason) and place
        // it as soon as capacity appears. The console's choice; RunTask over the API fails as ECS.
        bool queueWhenUnplaceable = false;
        // A service's launch (the service controller): the "(service S) has started N tasks: ..."
        // event is committed with the tasks, followed by `startedEventSuffix` when not empty. With
        // containerInstances, the placement constraints bind too (DAEMON services).
        QString service;
        QString startedEventSuffix;
        // The tasks' tags: these, plus the task definition's with propagateTags TASK_DEFINITION, plus
        // aws:ecs:clusterName with enableECSManagedTags. A service's tasks follow the service's settings.
        tags::TagList tags;
        tags::Propagate propagateTags = tags::Propagate::None;
        bool enableECSManagedTags = false;
    };
    struct TaskFailure
    {
        QString arn;    // the instance (or cluster) concerned, may be empty
        QString reason; // RESOURCE:CPU, RESOURCE:MEMORY, RESOURCE:PORTS, AGENT, ATTRIBUTE, MISSING, ...
        QString detail; // a sentence naming the closest instance and why it could not take the task
    };
    struct RunTaskResult
    {
        QList<Task> tasks;
        QList<TaskFailure> failures;
    };
    // Places and commits the tasks (state PROVISIONING on their instance) in one transaction; the
    // task controller then starts their containers. Request errors (unknown cluster or task
    // definition, bad count, bad strategy or constraint) fail the call; placement failures are
    // failures[], as ECS.
    Result<RunTaskResult> runTask(const RunTaskRequest &request);
    // desiredStatus STOPPED; the controller stops the containers. Stopping a stopped task returns it.
    // An empty reason is ECS's "Task stopped by user".
    Result<Task> stopTask(const QString &cluster, const QString &idOrArn, const QString &reason = {},
                          StopCode code = StopCode::UserInitiated);
    struct TaskFilter
    {
        QString family;
        QString startedBy;
        QString containerInstance; // id or ARN
        QString group;
        std::optional<TaskStatus> desiredStatus; // RUNNING matches tasks desired RUNNING or PENDING
    };
    // Of one cluster (empty: all), creation order. Stopped tasks stay for at least an hour.
    QList<Task> tasks(const QString &cluster = {}, const TaskFilter &filter = {}) const;
    std::optional<Task> task(const QString &cluster, const QString &idOrArn) const;
    // For the task controller: applies `mutate` to the task, bumps its version, commits it with
    // the events (their messages) in one transaction. Instance usage follows the task.
    Result<Task> updateTask(const QString &id, const std::function<void(Task &)> &mutate,
                            const QStringList &eventMessages = {});
    // Places the PENDING tasks that wait for capacity, oldest first; returns how many were placed.
    int placeWaitingTasks();
    // Forgets tasks STOPPED for longer than `keep` (at least an hour by default, as ECS).
    int purgeStoppedTasks(std::chrono::milliseconds keep = std::chrono::hours(1));

    // Services. ECS-SEMANTICS.md §1.4-1.5. The service controller does the work; these calls
    // validate and commit what is desired.
    struct ServiceRequest
    {
        QString cluster; // empty: "default"
        QString serviceName;
        QString taskDefinition; // create: required; update: empty keeps the current revision
        std::optional<int> desiredCount;
        services::SchedulingStrategy schedulingStrategy = services::SchedulingStrategy::Replica; // create only
        std::optional<int> minimumHealthyPercent;
        std::optional<int> maximumPercent;
        std::optional<CircuitBreaker> circuitBreaker;
        std::optional<QByteArray> placementStrategy;    // JSON array
        std::optional<QByteArray> placementConstraints; // JSON array
        std::optional<int> healthCheckGracePeriodSeconds;
        bool forceNewDeployment = false; // update only
        tags::TagList tags;              // create only
        std::optional<tags::Propagate> propagateTags;
        std::optional<bool> enableECSManagedTags;
    };
    // A new service with its first (PRIMARY, IN_PROGRESS) deployment. "Creation of service was not
    // idempotent." when an ACTIVE service of that name exists.
    Result<Service> createService(const ServiceRequest &request);
    // A new task definition, forceNewDeployment, or new placement starts a new PRIMARY deployment (the
    // previous ones become ACTIVE and drain as the rollout goes); a desired count or deployment
    // configuration alone does not. Resets the start-failure back-off.
    Result<Service> updateService(const ServiceRequest &request);
    // DRAINING (its tasks are stopped), INACTIVE once none is left. A REPLICA service still scaled
    // above 0 needs `force`.
    Result<Service> deleteService(const QString &cluster, const QString &nameOrArn, bool force);
    // ACTIVE and DRAINING services of one cluster (empty: all), creation order.
    QList<Service> services(const QString &cluster = {}) const;
    // Any status, INACTIVE included.
    std::optional<Service> service(const QString &cluster, const QString &nameOrArn) const;
    // For the service controller: commits the service's new state with its events (API form, newest
    // last in `eventMessages`), which go to the service's events and the journal.
    Result<Service> putServiceState(const Service &next, const QStringList &eventMessages = {});
    // For the service controller: stops the tasks (ServiceSchedulerInitiated, with `reason`) and
    // commits them with "(service S) has stopped N running tasks: (task a) ..." in one transaction.
    Result<QList<Task>> stopServiceTasks(const QString &cluster, const QString &serviceName,
                                         const QStringList &taskIds, const QString &reason);
    // The instances a DAEMON service belongs on: ACTIVE, agent connected, meeting the service's and the
    // task definition's constraints.
    QStringList daemonInstances(const Service &service) const;
    // Scale-in: which `count` of `candidates` (task ids of the service) to stop, as the service's
    // placement strategy says (no strategy: from the Availability Zone with the most).
    QStringList chooseServiceTasksToStop(const Service &service, const QStringList &candidates, int count) const;

    // The latest control-plane time found in the stored state when it was opened (journal, tasks,
    // services). A clock that starts behind it (teaching speed after a restart) should catch up.
    QDateTime lastRecordedTime() const { return m_lastRecorded; }

    // True when nothing was ever stored (a first start).
    bool isPristine() const;
    // The first-start layout: cluster "default" with three instances, one per availability zone,
    // on `engineId` (added by the caller).
    Status createDefaultLayout(const QString &engineId, const QString &instanceType = QStringLiteral("t3.medium"));

    // The journal, oldest first; at most `limit` of the newest entries.
    QList<Event> events(int limit = 10000) const;
    // The journal of committed transactions with their causes, changes and events, oldest first:
    // the newest `limit` after transaction `afterId`.
    Result<QList<state::ChangeSet>> journal(qint64 afterId = 0, int limit = 1000) const;

    // Who the mutations made while the returned guard lives are attributed to (the API sets the
    // operation, a controller its name). Without one, changes are the console's.
    class CauseScope
    {
    public:
        CauseScope(ControlPlane &cp, state::Cause cause);
        ~CauseScope();
        CauseScope(const CauseScope &) = delete;
        CauseScope &operator=(const CauseScope &) = delete;

    private:
        ControlPlane &m_cp;
    };
    state::Cause currentCause() const;

    // Transactions for work across registries (tagging, and the kinds still to come): open one, stage
    // writes through the registries, commit it once. commit() patches memory, then announces the change
    // set (changed(), the per-kind signals, eventAppended() per event); on failure nothing is applied.
    state::Transaction begin() const;
    Status commit(state::Transaction &&tx);

    // The tags of every resource (read them here; change them through tags/Tagging.h or at create time).
    const tags::TagRegistry &tagRegistry() const { return *m_tags; }
    tags::TagRegistry &tagRegistry() { return *m_tags; }
    // Read-only state for the controllers' passes, which read every task and service and must not
    // copy them (a pointer from here is valid until the next commit).
    const registries::TaskRegistry &taskRegistry() const { return *m_taskRegistry; }
    const registries::ServiceRegistry &serviceRegistry() const { return *m_serviceRegistry; }
    const registries::InstanceRegistry &instanceRegistry() const { return *m_instanceRegistry; }
    const registries::TaskDefinitionRegistry &taskDefinitionRegistry() const { return *m_taskDefinitionRegistry; }

signals:
    // Once per committed transaction, after memory follows it: what changed and who caused it.
    void changed(const fd::state::ChangeSet &changes);
    // Derived from changed(), for views that only need to know that a kind changed.
    void clustersChanged();
    void taskDefinitionsChanged();
    void enginesChanged();
    void containerInstancesChanged();
    void unmatchedContainersChanged();
    void tasksChanged();
    void servicesChanged();
    void eventAppended(const fd::Event &event);

private:
    ControlPlane(QString dataDir, std::unique_ptr<Store> store, std::shared_ptr<Clock> clock);
    Status load();
    void publish(const state::ChangeSet &changes);
    // A transaction for what the engines report (agent connections, unmatched containers).
    state::Transaction observation() const;
    Event makeEvent(const QString &type, const QString &resource, const QString &message) const;
    // Commits the instance as `updated` with one journal event.
    Result<ContainerInstance> saveInstance(const ContainerInstance &updated, const QString &message,
                                           bool clusterCountsChange = false);
    Cluster withCounts(Cluster c) const;
    QString describeInstance(const QString &instanceId) const; // "i-0abc... (us-east-1a)" for events
    // Stage a write of the task with its instance and cluster as derived changes when its usage moves.
    void stageTask(state::Transaction &tx, const Task &t);
    // The tags a RunTask/StartTask/service launch gives its tasks (request, propagated, managed).
    Result<tags::TagList> tagsForNewTasks(const RunTaskRequest &request, const QString &cluster,
                                          const TaskDefinition &td) const;
    void appendServiceEvents(Service &service, const QStringList &messages, QList<Event> &journal) const;
    Task taskPrototype(const QString &cluster, const TaskDefinition &td) const;
    struct Placement;
    Result<Placement> place(const QString &cluster, const Task &prototype, int count,
                            const QStringList &onInstances, const QList<Task> &alsoPlaced) const;

    QString m_dataDir;
    QString m_defaultRegion;
    std::unique_ptr<Store> m_store;
    std::shared_ptr<Clock> m_clock;
    // The state, one registry per domain; each owns its memory and writes only through a transaction.
    std::unique_ptr<registries::ClusterRegistry> m_clusterRegistry;
    std::unique_ptr<registries::TaskDefinitionRegistry> m_taskDefinitionRegistry;
    std::unique_ptr<registries::InstanceRegistry> m_instanceRegistry; // engines and container instances
    std::unique_ptr<registries::TaskRegistry> m_taskRegistry;
    std::unique_ptr<registries::ServiceRegistry> m_serviceRegistry;
    std::unique_ptr<tags::TagRegistry> m_tags;
    QList<state::Cause> m_causes; // CauseScope stack, innermost last
    QDateTime m_lastRecorded;
};

} // namespace fd
