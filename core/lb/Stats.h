#pragma once

// Live statistics of the proxy, read as value snapshots (Proxy::stats(), Proxy::targetStats()).
// Counters only grow, except inFlight and activeConnections; rates come from two snapshots.

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace fd::lb {

// Target response times (from the request sent to the response header received) in buckets:
// counts[i] holds the responses at most kUpperBoundsUs[i] µs; the last count the slower ones.
struct LatencyHistogram
{
    static constexpr std::array<std::uint64_t, 12> kUpperBoundsUs = {
        250, 500, 1'000, 2'500, 5'000, 10'000, 25'000, 50'000, 100'000, 250'000, 1'000'000, 5'000'000};
    std::array<std::uint64_t, kUpperBoundsUs.size() + 1> counts{};
};

struct TargetStats
{
    std::string targetGroupId;
    std::string targetId;
    std::uint64_t inFlight = 0;     // requests sent to it whose response has not ended yet
    std::uint64_t requests = 0;     // requests sent to it
    std::uint64_t responses2xx = 0; // by the status the target answered
    std::uint64_t responses3xx = 0;
    std::uint64_t responses4xx = 0;
    std::uint64_t responses5xx = 0;
    std::uint64_t connectionErrors = 0;           // could not connect, reset, garbage or no answer in time
    std::chrono::microseconds responseTimeSum{0}; // over the answered requests
    LatencyHistogram latency;
};

struct ListenerStats
{
    std::string listenerId;
    std::string loadBalancerId;
    std::uint16_t port = 0;
    bool open = false;                   // bound and accepting
    std::uint64_t activeConnections = 0; // client connections open now
    std::uint64_t connections = 0;       // client connections accepted
    std::uint64_t requests = 0;          // requests received (whatever their outcome)
    std::uint64_t elb4xx = 0;            // responses the load balancer generated itself: 400, 408, 431
    std::uint64_t elb5xx = 0;            // 502 + 503 + 504
    std::uint64_t elb502 = 0;
    std::uint64_t elb503 = 0;
    std::uint64_t elb504 = 0;
    std::uint64_t redirects = 0;      // redirect actions answered
    std::uint64_t fixedResponses = 0; // fixed-response actions answered
};

struct ProxyStats
{
    std::vector<ListenerStats> listeners; // those of the current snapshot
    std::vector<TargetStats> targets;     // every target of every group of the current snapshot
};

} // namespace fd::lb
