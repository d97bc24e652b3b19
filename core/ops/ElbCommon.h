#pragma once

// What the load-balancing domains (LoadBalancers, ListenerRules, TargetGroups) share: their errors
// with ELBv2's codes, new ids, tag checks with ELBv2's codes, and the check of the target groups an
// action forwards to.

#include "Result.h"
#include "elb/Action.h"
#include "tags/Tag.h"

#include <QList>
#include <QString>

#include <optional>

namespace fd::registries {
class LoadBalancingRegistry;
}

namespace fd::ops {

// The VPC every load balancer and target group is in unless told otherwise (Fleetdeck has one network).
inline constexpr char kDefaultVpcId[] = "vpc-00f1ee7dec0c0ffee";

Error loadBalancerNotFound(const QString &what = {});
Error targetGroupNotFound(const QString &what = {});
Error listenerNotFound(const QString &what = {});
Error ruleNotFound(const QString &what = {});

// 16 lowercase hex digits, as the ids at the end of ELBv2 ARNs.
QString newElbId();

// ELBv2's tag rules: DuplicateTagKeys for a key given twice, TooManyTags above 50, ValidationError
// for the rest (lengths, characters, the aws: prefix), naming the member ("Tags[2].Key").
std::optional<Error> checkElbTags(const tags::TagList &tags);

// Every target group the actions forward to exists (TargetGroupNotFound naming it), is HTTP, and is
// not of target type lambda/alb (none is here).
std::optional<Error> checkForwardTargets(const registries::LoadBalancingRegistry &registry,
                                         const QList<elb::Action> &actions);

} // namespace fd::ops
