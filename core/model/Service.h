#pragma once

// A service: keeps desiredCount tasks of one task definition revision running and rolls out new
// revisions through deployments. ECS-SEMANTICS.md §1.4 (semantics) and §1.5 (event wording).

#include "model/Cluster.h"
#include "model/Network.h"
#include "scheduler/PlacementStrategy.h"
#include "tags/Tag.h"
#include "services/DeploymentMath.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace fd {

enum class ServiceStatus {
    Active,
    Draining, // deleted: its tasks are being stopped
    Inactive, // deleted and every task stopped
};
QString toString(ServiceStatus s); // "ACTIVE", "DRAINING", "INACTIVE"
std::optional<ServiceStatus> serviceStatusFromString(const QString &s);

enum class DeploymentStatus {
    Primary,  // the newest: the revision the service converges to
    Active,   // older, with tasks still running
    Inactive, // done: no task left
};
QString toString(DeploymentStatus s);
std::optional<DeploymentStatus> deploymentStatusFromString(const QString &s);

enum class RolloutState {
    InProgress,
    Completed,
    Failed,
};
QString toString(RolloutState s); // "IN_PROGRESS", "COMPLETED", "FAILED"
std::optional<RolloutState> rolloutStateFromString(const QString &s);

QString toString(services::SchedulingStrategy s); // "REPLICA", "DAEMON"
std::optional<services::SchedulingStrategy> schedulingStrategyFromString(const QString &s);

struct CircuitBreaker
{
    bool enable = false;
    bool rollback = false;
    friend bool operator==(const CircuitBreaker &, const CircuitBreaker &) = default;
};

// One rollout of one revision. Tasks belong to a deployment through their startedBy (its id), as on ECS.
struct Deployment
{
    QString id; // "ecs-svc/" + 19 digits
    DeploymentStatus status = DeploymentStatus::Primary;
    QString family;
    int revision = 0;
    int desiredCount = 0;
    // Observed, refreshed by the service controller: tasks of this deployment.
    int pendingCount = 0;
    int runningCount = 0;
    int failedTasks = 0; // tasks that failed to start or failed health checks (the circuit breaker's count)
    RolloutState rolloutState = RolloutState::InProgress;
    QString rolloutStateReason;
    QString rolledBackFrom; // when this deployment was reinstated by a rollback: the failed deployment
    QStringList sourceIds;  // the deployments that had tasks when this one started (its source revisions)
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime completedAt;

    QString taskDefinition() const { return family + u':' + QString::number(revision); }
    friend bool operator==(const Deployment &, const Deployment &) = default;
};

// One entry of a service's loadBalancers: the tasks' `containerName`:`containerPort` is registered in
// the Application Load Balancer target group `targetGroupArn` (ECS-SEMANTICS.md §1.7, ECS integration).
// `loadBalancerName` is for Classic Load Balancers, which Fleetdeck does not run: always empty here.
struct ServiceLoadBalancer
{
    static constexpr int kMaxPerService = 5;
    QString targetGroupArn;
    QString containerName;
    int containerPort = 0;
    friend bool operator==(const ServiceLoadBalancer &, const ServiceLoadBalancer &) = default;
};

struct ServiceEvent
{
    QString id; // UUID
    QDateTime createdAt;
    QString message; // API form: "(service web) has reached a steady state."
    friend bool operator==(const ServiceEvent &, const ServiceEvent &) = default;
};

struct Service
{
    static constexpr int kMaxEvents = 100;     // DescribeServices keeps the latest 100
    static constexpr int kMaxDeploymentHistory = 20;

    QString name;
    QString cluster;
    ServiceStatus status = ServiceStatus::Active;
    services::SchedulingStrategy schedulingStrategy = services::SchedulingStrategy::Replica;
    QString family; // the task definition revision of the PRIMARY deployment
    int revision = 0;
    int desiredCount = 0;
    services::DeploymentPercents percents;
    CircuitBreaker circuitBreaker;
    QList<scheduler::Strategy> placementStrategy; // empty: spread across zones, then instances
    QList<scheduler::Constraint> placementConstraints;
    int healthCheckGracePeriodSeconds = 0;
    // How its tasks launch: a launch type (EC2 or FARGATE), or a capacity provider strategy (then
    // launchType is empty); FARGATE and awsvpc tasks take the platform version and network
    // configuration (ECS keeps these per deployment too).
    QString launchType = QStringLiteral("EC2");
    QList<CapacityProviderStrategyItem> capacityProviderStrategy;
    QString platformVersion; // FARGATE: as given ("LATEST" when not); empty for EC2
    std::optional<AwsVpcConfiguration> networkConfiguration;
    QList<ServiceLoadBalancer> loadBalancers; // the target groups its tasks are registered in
    tags::Propagate propagateTags = tags::Propagate::None; // what the service's tasks are tagged with
    bool enableECSManagedTags = false;                      // aws:ecs:clusterName / serviceName on its tasks
    QDateTime createdAt;
    QString createdBy = QStringLiteral("fleetdeck");

    QList<Deployment> deployments;       // PRIMARY first, then ACTIVE ones, newest first
    QList<Deployment> deploymentHistory; // finished (INACTIVE) deployments, newest first, bounded
    QList<ServiceEvent> events;          // newest first, at most kMaxEvents

    // The controller's memory, kept with the service so a restart resumes where it was.
    services::StartThrottle throttle;
    QStringList countedFailures;       // ids of stopped tasks already counted (breaker, throttle)
    QDateTime lastSteadyStateAt;       // when "has reached a steady state" was last emitted
    QString lastPlacementFailure;      // the last "unable to place" message, and when
    QDateTime lastPlacementFailureAt;
    bool stuckReported = false;        // the min/max deadlock event was emitted for this deployment
    qint64 version = 1;

    QString taskDefinition() const { return family + u':' + QString::number(revision); }
    QString group() const { return QStringLiteral("service:") + name; }
    const Deployment *primary() const { return deployments.isEmpty() ? nullptr : &deployments.first(); }
    Deployment *primary() { return deployments.isEmpty() ? nullptr : &deployments.first(); }
    const Deployment *deployment(const QString &id) const;
    // Every deployment: the current ones (PRIMARY first), then the history, newest first.
    QList<const Deployment *> allDeployments() const;
    // A current deployment or one in the history; null when unknown (or gone from the history).
    const Deployment *anyDeployment(const QString &id) const;
    // The deployment that rolled back `failed` (its rolledBackFrom names it); null when none did.
    const Deployment *rollbackOf(const Deployment &failed) const;
    // Running and pending over every deployment.
    int runningCount() const;
    int pendingCount() const;
    // The services-stable waiter's definition: one deployment, running == desired.
    bool isStable() const;
    friend bool operator==(const Service &, const Service &) = default;
};

// Rolls the service back to its last deployment that COMPLETED (still ACTIVE when its tasks run, else
// from the history): the PRIMARY is marked FAILED with `reason` and becomes ACTIVE, the target
// becomes the PRIMARY again, IN_PROGRESS, with rolledBackFrom set. Returns the target's id, or
// nothing (the service unchanged) when no deployment ever completed. The circuit breaker's rollback
// and StopServiceDeployment share it.
std::optional<QString> rollBackToLastCompleted(Service &v, const QString &reason, const QDateTime &now);

// A deployment as ECS's service deployment (ListServiceDeployments, the console's history): what
// became of it. A FAILED one that was rolled back is ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL or
// ROLLBACK_FAILED as its rollback goes; FAILED without a rollback, or superseded before it completed,
// STOPPED; COMPLETED (or reinstated by a rollback) SUCCESSFUL; the PRIMARY rolling out IN_PROGRESS.
struct DeploymentOutcome
{
    QString status;       // SUCCESSFUL, IN_PROGRESS, STOPPED, ROLLBACK_IN_PROGRESS, ...
    QString reason;       // the statusReason
    QDateTime finishedAt; // invalid while not finished
    bool stopped = false; // STOPPED: finishedAt is when it stopped
};
DeploymentOutcome deploymentOutcome(const Service &v, const Deployment &d);

} // namespace fd
