#include "lb/Counters.h"

#include <algorithm>

namespace fd::lb::detail {

void TargetCounters::recordResponse(int status, std::chrono::microseconds elapsed)
{
    const int cls = status / 100;
    if (cls >= 2 && cls <= 5)
        responses[cls - 2].fetch_add(1, std::memory_order_relaxed);
    const auto us = std::uint64_t(std::max<std::int64_t>(0, elapsed.count()));
    responseTimeUs.fetch_add(us, std::memory_order_relaxed);
    std::size_t bucket = 0;
    while (bucket < LatencyHistogram::kUpperBoundsUs.size() && us > LatencyHistogram::kUpperBoundsUs[bucket])
        ++bucket;
    latency[bucket].fetch_add(1, std::memory_order_relaxed);
}

void TargetCounters::snapshotInto(TargetStats &out) const
{
    out.inFlight = inFlight.load();
    out.requests = requests.load();
    out.responses2xx = responses[0].load();
    out.responses3xx = responses[1].load();
    out.responses4xx = responses[2].load();
    out.responses5xx = responses[3].load();
    out.connectionErrors = connectionErrors.load();
    out.responseTimeSum = std::chrono::microseconds(responseTimeUs.load());
    for (std::size_t i = 0; i < latency.size(); ++i)
        out.latency.counts[i] = latency[i].load();
}

void ListenerCounters::recordElbResponse(int status)
{
    switch (status) {
    case 502:
        ++elb502;
        return;
    case 503:
        ++elb503;
        return;
    case 504:
        ++elb504;
        return;
    default:
        if (status >= 500)
            ++elb5xxOther;
        else if (status >= 400)
            ++elb4xx;
    }
}

void ListenerCounters::snapshotInto(ListenerStats &out) const
{
    out.activeConnections = activeConnections.load();
    out.connections = connections.load();
    out.requests = requests.load();
    out.elb4xx = elb4xx.load();
    out.elb502 = elb502.load();
    out.elb503 = elb503.load();
    out.elb504 = elb504.load();
    out.elb5xx = out.elb502 + out.elb503 + out.elb504 + elb5xxOther.load();
    out.redirects = redirects.load();
    out.fixedResponses = fixedResponses.load();
}

} // namespace fd::lb::detail
