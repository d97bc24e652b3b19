#pragma once

#include "Listener.h"
#include "ListenerRule.h"
#include "LoadBalancer.h"
#include "Target.h"
#include "TargetGroup.h"

#include <QList>

namespace fd::elb {

// What the data plane (core/lb) needs to serve every listener, as one value: take it again when a
// change set touches a load-balancing kind (state/Kinds.h).
struct ListenerRoutes
{
    LoadBalancer loadBalancer;
    Listener listener;         // its defaultActions are the default rule: evaluated last
    QList<ListenerRule> rules; // by priority, lowest first
};

// A registered target and where the proxy connects to it.
struct RoutedTarget
{
    Target target;   // with its stored health (draining included)
    QString address; // instance targets: the container instance's loopback address; ip targets: the id
};

struct TargetGroupRoutes
{
    TargetGroup targetGroup;
    QList<RoutedTarget> targets; // every registered target, in registration order
};

struct RoutingTable
{
    QList<ListenerRoutes> listeners;       // by load balancer (creation order), then port
    QList<TargetGroupRoutes> targetGroups; // creation order
};

} // namespace fd::elb
