#pragma once

#include "lb/Stats.h"
#include "metrics/MinuteAggregator.h"

#include <map>
#include <string>

namespace fd {

class ControlPlane;

namespace lb {
class Proxy;
}

/**
 * The AWS/ApplicationELB metrics from the proxy's counters (ECS-SEMANTICS 1.7; AWS's "CloudWatch
 * metrics for your Application Load Balancer"). The proxy's counters are cumulative; each minute
 * publishes their differences since the previous minute (a counter that went down, a target
 * registered again, counts from zero).
 *
 * Dimensions: LoadBalancer = "app/<name>/<id>", TargetGroup = "targetgroup/<name>/<id>".
 * Per load balancer (LoadBalancer):
 *   RequestCount (Count, every minute, 0 included): requests its listeners received;
 *   HTTPCode_Target_2XX/3XX/4XX/5XX_Count (Count, when non-zero): answers of its target groups' targets;
 *   HTTPCode_ELB_4XX/5XX_Count (Count, when non-zero): answers the load balancer made itself;
 *   TargetResponseTime (Seconds, when targets answered): a statistic set over the answers (count, sum;
 *     minimum and maximum are the bounds of the latency histogram's buckets that hold answers);
 *   ActiveConnectionCount (Count, when non-zero): client connections open at some time in the minute
 *     (open at its start + accepted during it).
 * Per target group and load balancer (TargetGroup, LoadBalancer), for each load balancer forwarding to it:
 *   RequestCount, RequestCountPerTarget (also with TargetGroup alone), HTTPCode_Target_*_Count,
 *   TargetResponseTime as above; HealthyHostCount and UnHealthyHostCount (Count) sampled with
 *   sampleHosts() over the minute (Average, Minimum, Maximum are meaningful).
 * RequestCountPerTarget = the group's requests / its healthy targets (all targets not draining when
 * none is healthy); not published for a group without targets.
 * Health checks do not count: the proxy probes outside its request counters.
 */
class ElbMetricsReader
{
public:
    /// `proxy` may be null (no data plane): then only host counts are published.
    ElbMetricsReader(const ControlPlane &cp, const lb::Proxy *proxy);

    /// Reads the counters now as the baseline of the first minute.
    void start();
    /// One sample of each target group's HealthyHostCount and UnHealthyHostCount.
    void sampleHosts(metrics::MinuteAggregator &out) const;
    /// The differences since the last call (or start()) as the minute's metrics.
    void publishMinute(metrics::MinuteAggregator &out);

    static QString loadBalancerDimension(const QString &name, const QString &id);
    static QString targetGroupDimension(const QString &name, const QString &id);

private:
    /// The counters of one target, or of one target group summed.
    struct Counts
    {
        std::uint64_t requests = 0;
        std::uint64_t c2xx = 0, c3xx = 0, c4xx = 0, c5xx = 0;
        double responseSeconds = 0;
        lb::LatencyHistogram latency;
    };

    static Counts difference(const lb::TargetStats &now, const lb::TargetStats *before);
    static void addCounts(Counts &sum, const Counts &c);
    static void addTargetMetrics(metrics::MinuteAggregator &out, const std::vector<metrics::Dimension> &dims,
                                 const Counts &c);

    const ControlPlane &m_cp;
    const lb::Proxy *m_proxy;
    std::map<std::string, lb::TargetStats> m_targets;     ///< "<group>/<target>" at the last read
    std::map<std::string, lb::ListenerStats> m_listeners; ///< by listener id at the last read
};

} // namespace fd
