#pragma once

#include "elb/Target.h"
#include "elb/TargetGroup.h"
#include "ops/Domain.h"
#include "tags/Tag.h"

#include <QList>

#include <functional>
#include <optional>

namespace fd::registries {
class LoadBalancingRegistry;
}

namespace fd::ops {

struct TargetGroupRequest
{
    QString name;
    QString protocol = QStringLiteral("HTTP");
    QString protocolVersion = QStringLiteral("HTTP1");
    std::optional<int> port;
    QString vpcId; // empty: the one VPC (ElbCommon.h kDefaultVpcId); any vpc id is kept as given
    QString targetType = QStringLiteral("instance");
    QString ipAddressType = QStringLiteral("ipv4");
    elb::HealthCheck healthCheck; // defaults of §1.7 for what is not given
    tags::TagList tags;
};

// ModifyTargetGroup: the health check settings given replace the current ones.
struct HealthCheckChange
{
    std::optional<bool> enabled;
    std::optional<QString> protocol;
    std::optional<QString> port;
    std::optional<QString> path;
    std::optional<int> intervalSeconds;
    std::optional<int> timeoutSeconds;
    std::optional<int> healthyThreshold;
    std::optional<int> unhealthyThreshold;
    std::optional<QString> matcher;
};

// A target to register or deregister, as a request names it.
struct TargetSpec
{
    QString id;
    std::optional<int> port;  // absent: the target group's port
    QString availabilityZone; // optional
};

// For the health checker: the new health of one target.
struct TargetHealthUpdate
{
    QString targetGroupId;
    elb::TargetKey target;
    elb::TargetHealthState state = elb::TargetHealthState::Healthy;
    QString reason;      // "" for healthy, else a TargetHealthReasonEnum ("Target.Timeout", ...)
    QString description; // "Health checks failed with these codes: [502]", ...
};

// A target's health as DescribeTargetHealth answers it: its stored health, except that a target of a
// group no listener or rule forwards to reads unused / Target.NotInUse, and one whose group has health
// checks disabled reads unavailable / Target.HealthCheckDisabled (draining targets read draining).
struct TargetHealthView
{
    elb::Target target;
    elb::TargetHealthState state = elb::TargetHealthState::Initial;
    QString reason;
    QString description;
    QString healthCheckPort; // the port checked: the target's for "traffic-port"
};

// Target groups and their registered targets (ELBv2), and the interface of the controllers that check
// health and end draining. Each write is one transaction; a target's change-set entry is
// (state::kTargetKind, "<target group id>/<target id>/<port>").
class TargetGroups final : public Domain
{
public:
    TargetGroups(ControlPlane &cp, const Registries &r, registries::LoadBalancingRegistry &lb) : Domain(cp, r), m_lb(lb)
    {}

    // CreateTargetGroup: HTTP, HTTP1, instance or ip targets; port 1-65535 required. Idempotent: the
    // same name and settings return the existing group, other settings are DuplicateTargetGroupName.
    Result<elb::TargetGroup> create(const TargetGroupRequest &request);
    Result<elb::TargetGroup> modifyHealthCheck(const QString &targetGroupId, const HealthCheckChange &change);
    Result<elb::TargetGroup> modifyAttributes(const QString &targetGroupId, const elb::Attributes &changes);
    // ResourceInUse while a listener or rule forwards to it; removes its targets and tags. A group
    // that does not exist is not an error (AWS's DeleteTargetGroup has no not-found error).
    Status remove(const QString &targetGroupId);

    QList<elb::TargetGroup> list() const; // creation order
    std::optional<elb::TargetGroup> find(const QString &id) const;
    std::optional<elb::TargetGroup> findNamed(const QString &name) const;
    Result<elb::TargetGroup> byArn(const QString &arn) const; // TargetGroupNotFound unless exact
    // The load balancers that forward to it (ids, creation order).
    QStringList loadBalancerIds(const QString &targetGroupId) const;

    // RegisterTargets: instance targets by a container instance's EC2 id (i-...), ip targets by an
    // address in 127.0.0.0/8; InvalidTarget names the ones that are not. A new target is initial /
    // Elb.RegistrationInProgress; a draining one is registered again (initial); others are unchanged.
    Status registerTargets(const QString &targetGroupId, const QList<TargetSpec> &targets);
    // DeregisterTargets: each must be registered (InvalidTarget). With a deregistration delay of 0 the
    // target is removed at once; otherwise it is draining / Target.DeregistrationInProgress until
    // finishDeregistrations() removes it (at the deadline, or earlier when nothing is in flight).
    Status deregisterTargets(const QString &targetGroupId, const QList<TargetSpec> &targets);

    // The registered targets of a group with their stored health, in registration order.
    QList<elb::Target> targets(const QString &targetGroupId) const;
    // One registered target, read in place: valid until the next commit. Null when not registered.
    const elb::Target *target(const QString &targetGroupId, const elb::TargetKey &key) const;
    // DescribeTargetHealth: every registered target, or the given ones (a given target that is not
    // registered reads unused / Target.NotRegistered; a port-less one matches every port).
    Result<QList<TargetHealthView>> health(const QString &targetGroupId, const QList<TargetSpec> &only = {}) const;

    // For the health checker: sets the health of many targets in one transaction and one change set.
    // Targets no longer registered are skipped (a deregistration may race a check); a draining target
    // stays draining (Draining <-> UnhealthyDraining follows the check). Returns how many changed.
    Result<int> setTargetHealth(const QList<TargetHealthUpdate> &updates);
    // Other users of a target group that keep it from being deleted (the services that register
    // tasks in it): a check answers who uses the group ("service default/web"), or "" for nobody.
    // remove() answers ResourceInUse naming the first user any check reports.
    using UsageCheck = std::function<QString(const QString &targetGroupId)>;
    void addUsageCheck(UsageCheck check);

    // For draining: removes draining targets (one transaction); others are skipped. Returns how many.
    // §1.7: a target with nothing in flight stops receiving at once, but its status still reads
    // draining until the delay ends; so call this for deregistrationsDue() to keep that status, and
    // earlier only to end the delay on purpose. Nothing calls it yet: the draining controller will.
    Result<int> finishDeregistrations(const QList<QPair<QString, elb::TargetKey>> &targets);
    // Draining targets whose deadline is at or before `now`, oldest deadline first.
    QList<elb::Target> deregistrationsDue(const QDateTime &now) const;

private:
    std::optional<Error> checkTarget(const elb::TargetGroup &tg, const TargetSpec &spec, QString &zone) const;
    TargetHealthView view(const elb::TargetGroup &tg, const elb::Target &t, bool inUse) const;

    registries::LoadBalancingRegistry &m_lb;
    QList<UsageCheck> m_usageChecks;
};

} // namespace fd::ops
