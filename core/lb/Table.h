#pragma once

// The load balancer data plane's whole configuration: an immutable snapshot that the owner builds
// from the control plane's registries and hands to Proxy::apply() as
// std::shared_ptr<const Table>. A new snapshot replaces the old one atomically; requests already
// in flight finish on the targets they were sent to.

#include "lb/Rule.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fd::lb {

enum class Algorithm { RoundRobin, LeastOutstandingRequests };

// A target's routing state, as the owner derives it from the target's health:
// - Healthy targets get new requests;
// - when a group has no Healthy target, the Initial and Unhealthy ones get them (fail-open: ELB
//   routes to all targets when none is healthy);
// - Draining targets get no new request; their in-flight requests finish.
// A deregistered target is simply left out of the next snapshot.
enum class TargetState { Healthy, Initial, Unhealthy, Draining };

struct Target
{
    std::string id;   // e.g. "i-0abc:32768" (unique within its group; statistics are keyed by it)
    std::string host; // an IP address, 127.0.0.0/8 in Fleetdeck
    std::uint16_t port = 0;
    TargetState state = TargetState::Healthy;
};

struct TargetGroup
{
    std::string id; // the target group's ARN
    Algorithm algorithm = Algorithm::RoundRobin;
    std::vector<Target> targets;
};

struct Listener
{
    std::string id;             // the listener's ARN
    std::string loadBalancerId; // the load balancer's ARN (statistics are per listener; sum them per LB)
    std::uint16_t port = 0;
    // Ordered as evaluated: by priority, lowest first, the default rule last.
    std::vector<Rule> rules;
    // idle_timeout.timeout_seconds: a client connection with nothing to do for this long is closed,
    // and a target that does not answer within it gets a 504.
    std::chrono::seconds idleTimeout{60};
};

struct Table
{
    std::vector<Listener> listeners;
    std::vector<TargetGroup> targetGroups;

    const TargetGroup *findGroup(std::string_view id) const;
    const Listener *findListener(std::uint16_t port) const;
};

const char *toString(Algorithm algorithm);
const char *toString(TargetState state);

} // namespace fd::lb
