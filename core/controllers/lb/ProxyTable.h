#pragma once

// The control plane's load-balancing state (elb::RoutingTable) as the data plane's snapshot
// (lb::Table): pure, so the translation is tested without sockets.

#include "elb/RoutingTable.h"
#include "lb/Table.h"

#include <QHash>
#include <QString>

#include <memory>

namespace fd::lbctl {

// The data plane's id of a target within its group: "<id>:<port>" ("i-0abc…:32768").
std::string proxyTargetId(const elb::Target &target);

// How a target's stored health routes: healthy and initial ones take requests (initial and
// unhealthy only when no target of the group is healthy: fail-open), draining ones none; a target of
// a group whose checks are disabled routes as healthy.
lb::TargetState routingState(const elb::Target &target, bool healthChecksEnabled);

// Every listener with its rules in evaluation order (priority, default last), every target group
// with the targets that can be reached at the address the routing table gives (an instance target
// whose instance has no address is left out: the group answers 503 when nothing else is registered).
std::shared_ptr<const lb::Table> toProxyTable(const elb::RoutingTable &routes);

} // namespace fd::lbctl
