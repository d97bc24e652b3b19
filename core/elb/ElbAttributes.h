#pragma once

#include "Attribute.h"
#include "Result.h"

#include <optional>

// The attributes of load balancers, target groups and listeners: every key Fleetdeck knows with
// AWS's default (DescribeXAttributes answers all of them, in this order), and the rule for its value.
// A key outside the list, or a value outside its rule, is a ValidationError naming both.
namespace fd::elb {

Attributes defaultLoadBalancerAttributes();
Attributes defaultTargetGroupAttributes();
Attributes defaultListenerAttributes();

// Checks `changes` (ModifyLoadBalancerAttributes: at most 20 keys) against the keys and rules.
std::optional<Error> checkLoadBalancerAttributes(const Attributes &changes);
// Checks `changes`, then the combination `result` (current with changes applied): slow start cannot
// be combined with least outstanding requests.
std::optional<Error> checkTargetGroupAttributes(const Attributes &changes, const Attributes &result);

} // namespace fd::elb
