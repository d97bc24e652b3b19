#pragma once

// A task: the containers of one task definition revision, placed on one container instance.
// ECS-SEMANTICS.md §1.2 for the states, stop codes and reasons.

#include "model/Cluster.h"
#include "model/Network.h"
#include "scheduler/PlacementStrategy.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace fd {

// lastStatus, in lifecycle order: a task only moves forward. desiredStatus uses Pending, Running and
// Stopped only.
enum class TaskStatus {
    Provisioning,
    Pending,
    Activating,
    Running,
    Deactivating,
    Stopping,
    Deprovisioning,
    Stopped,
};

QString toString(TaskStatus s); // "PROVISIONING", ...
std::optional<TaskStatus> taskStatusFromString(const QString &s);

enum class StopCode {
    None,
    TaskFailedToStart,
    EssentialContainerExited,
    UserInitiated,
    ServiceSchedulerInitiated,
};

QString toString(StopCode c); // "" for None
std::optional<StopCode> stopCodeFromString(const QString &s);

enum class Health {
    Unknown,
    Healthy,
    Unhealthy,
};

QString toString(Health h); // "UNKNOWN", "HEALTHY", "UNHEALTHY"
Health healthFromString(const QString &s);

// ECS's container states: PENDING until it runs, RUNNING, STOPPED once it exited (or never ran).
enum class ContainerRunState {
    Pending,
    Running,
    Stopped,
};

QString toString(ContainerRunState s);
std::optional<ContainerRunState> containerRunStateFromString(const QString &s);

struct NetworkBinding
{
    QString bindIP;
    int containerPort = 0;
    int hostPort = 0;
    QString protocol = QStringLiteral("tcp");
    friend bool operator==(const NetworkBinding &, const NetworkBinding &) = default;
};

// One container of a task, as ECS reports it, plus where it lives on the engine.
struct TaskContainer
{
    QString name;  // the container definition's name
    QString image;
    bool essential = true;
    bool hasHealthCheck = false;
    QString runtimeName; // the engine container's name: deterministic, so a retry can never start it twice
    QString runtimeId;   // the engine's id once created
    ContainerRunState lastStatus = ContainerRunState::Pending;
    std::optional<int> exitCode;
    QString reason; // why it stopped or could not start
    Health health = Health::Unknown;
    QList<NetworkBinding> networkBindings;
    QDateTime startedAt;
    QDateTime finishedAt;
    friend bool operator==(const TaskContainer &, const TaskContainer &) = default;
};

// RunTask's overrides of one container.
struct ContainerOverride
{
    QString name;
    std::optional<QStringList> command;
    QList<QPair<QString, QString>> environment; // added to (or replacing) the definition's
    friend bool operator==(const ContainerOverride &, const ContainerOverride &) = default;
};

struct Task
{
    QString id;      // 32 hex digits, as in the ARN
    QString cluster; // name
    QString family;
    int revision = 0;
    QString containerInstanceId; // empty while no instance has been chosen
    QString group;               // "family:<family>" by default, "service:<name>" for service tasks
    QString startedBy;
    // EC2: on a container instance. FARGATE: no container instance; it runs on `engineId` with an
    // address of its own (`eni`), in the zone of the ENI's subnet.
    QString launchType = QStringLiteral("EC2");
    QString capacityProviderName; // FARGATE or FARGATE_SPOT when a strategy chose it; empty otherwise
    QString platformVersion;      // FARGATE: the resolved version ("1.4.0" for LATEST); empty for EC2
    QString engineId;             // FARGATE: the engine its containers run on; empty until launched
    QString availabilityZone;     // FARGATE: its subnet's zone (EC2 tasks take their instance's)
    std::optional<AwsVpcConfiguration> networkConfiguration; // awsvpc: as requested
    std::optional<NetworkInterface> eni;                     // awsvpc: once attached
    TaskStatus lastStatus = TaskStatus::Provisioning;
    TaskStatus desiredStatus = TaskStatus::Running;
    int cpu = 0;    // CPU units reserved on the instance
    int memory = 0; // MiB reserved on the instance (memoryReservation, else memory, summed)
    QList<int> staticTcpPorts;
    QList<int> staticUdpPorts;
    QList<ContainerOverride> overrides;
    // As requested (parsed where the request entered), kept to place a PENDING task later.
    QList<scheduler::Strategy> placementStrategy;
    QList<scheduler::Constraint> placementConstraints;
    QString pendingReason;           // why no instance can take it, while unplaced
    QString placementExplanation;    // why it landed where it did
    QString network;                 // the per-task network's name
    QList<TaskContainer> containers;
    Health healthStatus = Health::Unknown;
    StopCode stopCode = StopCode::None;
    QString stoppedReason;
    QDateTime createdAt;
    QDateTime pullStartedAt;
    QDateTime pullStoppedAt;
    QDateTime startedAt;
    QDateTime connectivityAt;
    QDateTime stoppingAt;
    QDateTime executionStoppedAt;
    QDateTime stoppedAt;
    // Scale-in protection (UpdateTaskProtection): protected until then, on the control plane's clock;
    // invalid when not protected. The service's scale-in and rollouts leave a protected task running.
    QDateTime protectedUntil;
    qint64 version = 1; // bumped on every change, as ECS's task version

    QString taskDefinition() const { return family + u':' + QString::number(revision); }
    bool isFargate() const { return launchType == u"FARGATE"; }
    // Has somewhere to run: an instance (EC2) or an engine (FARGATE).
    bool isPlaced() const { return isFargate() ? !engineId.isEmpty() : !containerInstanceId.isEmpty(); }
    // Holds its reservation on its container instance until it is STOPPED (FARGATE: no instance).
    bool holdsResources() const { return !containerInstanceId.isEmpty() && lastStatus != TaskStatus::Stopped; }
    bool isStopped() const { return lastStatus == TaskStatus::Stopped; }
    bool isProtectedAt(const QDateTime &now) const { return protectedUntil.isValid() && protectedUntil > now; }
    const TaskContainer *container(const QString &name) const;
    TaskContainer *container(const QString &name);
};

// ECS's aggregation: only essential containers with a health check count. None: UNKNOWN. Any of
// them UNHEALTHY: UNHEALTHY. Any still UNKNOWN: UNKNOWN. All HEALTHY: HEALTHY.
Health aggregateHealth(const QList<TaskContainer> &containers);

} // namespace fd
