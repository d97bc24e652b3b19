#pragma once

#include "ops/Domain.h"
#include "model/Service.h"
#include "model/Task.h"
#include "tags/Tag.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace fd::ops {

// CreateService and UpdateService. ECS-SEMANTICS.md §1.4-1.5.
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
    std::optional<QList<scheduler::Strategy>> placementStrategy; // update: absent keeps the current
    std::optional<QList<scheduler::Constraint>> placementConstraints;
    std::optional<int> healthCheckGracePeriodSeconds;
    std::optional<QList<ServiceLoadBalancer>> loadBalancers; // update: absent keeps the current
    // As RunTaskRequest's (create: launchType or strategy, neither: the cluster's default strategy,
    // else EC2; update: absent keeps the current, and a change starts a new deployment).
    std::optional<QString> launchType; // create only (ECS cannot change it on update)
    std::optional<QList<CapacityProviderStrategyItem>> capacityProviderStrategy;
    std::optional<QString> platformVersion;
    std::optional<AwsVpcConfiguration> networkConfiguration;
    bool forceNewDeployment = false; // update only
    tags::TagList tags;              // create only
    std::optional<tags::Propagate> propagateTags;
    std::optional<bool> enableECSManagedTags;
};

// Services: these calls validate and commit what is desired; the service controller does the work
// (controllers/ServiceController), the arithmetic is in services/.
class Services final : public Domain
{
public:
    /// ECS's answer for a service that does not exist (ServiceNotFoundException "Service not found.").
    static Error serviceNotFound();

    Services(ControlPlane &cp, const Registries &r) : Domain(cp, r) {}

    // A new service with its first (PRIMARY, IN_PROGRESS) deployment. "Creation of service was not
    // idempotent." when an ACTIVE service of that name exists.
    Result<Service> create(const ServiceRequest &request);
    // A new task definition, forceNewDeployment, or new placement starts a new PRIMARY deployment
    // (the previous ones become ACTIVE and drain as the rollout goes); a desired count or deployment
    // configuration alone does not. Resets the start-failure back-off.
    Result<Service> update(const ServiceRequest &request);
    // DRAINING (its tasks are stopped), INACTIVE once none is left. A REPLICA service still scaled
    // above 0 needs `force`.
    Result<Service> remove(const QString &cluster, const QString &nameOrArn, bool force);
    // StopServiceDeployment, stopType ROLLBACK: the service's in-progress PRIMARY deployment
    // `deploymentId` is stopped and the service goes back to its last deployment that completed, as
    // the circuit breaker's rollback does. ServiceDeploymentNotFoundException for an unknown one;
    // ConflictException, saying why, when it is not in progress, is itself a rollback, or there is
    // nothing to go back to.
    Result<Service> rollBackDeployment(const QString &cluster, const QString &serviceName, const QString &deploymentId);
    // ACTIVE and DRAINING services of one cluster (empty: all), creation order.
    QList<Service> list(const QString &cluster = {}) const;
    // Any status, INACTIVE included.
    std::optional<Service> find(const QString &cluster, const QString &nameOrArn) const;

    // For the service controller: commits the service's new state with its events (API form, newest
    // last in `eventMessages`), which go to the service's events and the journal.
    Result<Service> putState(const Service &next, const QStringList &eventMessages = {});
    // For the service controller: stops the tasks (ServiceSchedulerInitiated, with `reason`) and
    // commits them with "(service S) has stopped N running tasks: (task a) ..." in one transaction.
    Result<QList<Task>> stopTasks(const QString &cluster, const QString &serviceName, const QStringList &taskIds,
                                  const QString &reason);
    // The instances a DAEMON service belongs on: ACTIVE, agent connected, meeting the service's and
    // the task definition's constraints.
    QStringList daemonInstances(const Service &service) const;
    // Scale-in: which `count` of `candidates` (task ids of the service) to stop, as the service's
    // placement strategy says (no strategy: from the Availability Zone with the most).
    QStringList chooseTasksToStop(const Service &service, const QStringList &candidates, int count) const;

    // The services as stored, read in place by the service controller.
    const registries::ServiceRegistry &registry() const { return *m_serviceRegistry; }
    // For other domains' transactions: adds `messages` to the service's events (newest first, at
    // most Service::kMaxEvents) and to `journal`.
    void appendEvents(Service &service, const QStringList &messages, QList<Event> &journal) const;
};

} // namespace fd::ops
