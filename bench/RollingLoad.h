#pragma once

// bench-rolling's load-balanced variant (PERFORMANCE.md row 6, "under load through the proxy"): the
// benchmarked service behind a load balancer of the same control plane, and bounded traffic through
// its listener during each update.

#include "Result.h"
#include "traffic/TrafficSnapshot.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace fd {
class ControlPlane;
} // namespace fd

namespace fd::bench {

struct LoadBalancedSetup
{
    QString targetGroupId;
    QString targetGroupArn; // for the service's loadBalancers
    int port = 0;           // the listener, on 127.0.0.1
};

/// A load balancer "<name>" with an HTTP listener on a free loopback port forwarding to a target group
/// "<name>" (port 8080, health check GET /health with the shortest settings ELB allows: interval 5 s,
/// timeout 2 s, healthy and unhealthy thresholds 2; deregistration delay `deregistrationDelayS`).
Result<LoadBalancedSetup> createLoadBalancer(ControlPlane &cp, const QString &name, int deregistrationDelayS);

/// `count` targets healthy in the target group, none initial, draining or unhealthy.
bool targetsSettled(const ControlPlane &cp, const QString &targetGroupId, int count);

/// The targets by state ("healthy=10 draining=1"), for progress and stall reports.
QString describeTargets(const ControlPlane &cp, const QString &targetGroupId);

/// Requests answered outside 2xx, and requests that got no (complete) answer at all.
std::int64_t non2xx(const traffic::TrafficSnapshot &s);
std::int64_t socketErrors(const traffic::TrafficSnapshot &s);

/// The key=value lines for the traffic of all runs under `prefix` ("fleetdeck_lb_"): per run the
/// requests, non-2xx answers and socket errors, their totals, the rate achieved, the latency, and
/// the first failures with their time and cause.
QStringList trafficLines(const QString &prefix, const std::vector<traffic::TrafficSnapshot> &runs);

} // namespace fd::bench
