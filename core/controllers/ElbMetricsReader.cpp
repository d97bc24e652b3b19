#include "controllers/ElbMetricsReader.h"

#include "ControlPlane.h"
#include "elb/LoadBalancer.h"
#include "elb/Target.h"
#include "elb/TargetGroup.h"
#include "lb/Proxy.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"

#include <algorithm>

namespace fd {

using metrics::Dimension;
using metrics::MetricId;
using metrics::StandardUnit;

namespace {

const QString kNamespace = QStringLiteral("AWS/ApplicationELB");

MetricId elbMetric(const QString &name, std::vector<Dimension> dims)
{
    return MetricId{kNamespace, name, std::move(dims)}; // callers pass the dimensions sorted by name
}

std::uint64_t delta(std::uint64_t now, std::uint64_t before)
{
    return now >= before ? now - before : now; // a counter that went down started again
}

std::string targetKey(const lb::TargetStats &t)
{
    return t.targetGroupId + '/' + t.targetId;
}

} // namespace

ElbMetricsReader::ElbMetricsReader(const ControlPlane &cp, const lb::Proxy *proxy) : m_cp(cp), m_proxy(proxy)
{}

QString ElbMetricsReader::loadBalancerDimension(const QString &name, const QString &id)
{
    return QStringLiteral("app/%1/%2").arg(name, id);
}

QString ElbMetricsReader::targetGroupDimension(const QString &name, const QString &id)
{
    return QStringLiteral("targetgroup/%1/%2").arg(name, id);
}

void ElbMetricsReader::start()
{
    m_targets.clear();
    m_listeners.clear();
    if (!m_proxy)
        return;
    const lb::ProxyStats stats = m_proxy->stats();
    for (const lb::TargetStats &t : stats.targets)
        m_targets[targetKey(t)] = t;
    for (const lb::ListenerStats &l : stats.listeners)
        m_listeners[l.listenerId] = l;
}

void ElbMetricsReader::sampleHosts(metrics::MinuteAggregator &out) const
{
    for (const elb::TargetGroup &tg : m_cp.targetGroups().list()) {
        const QStringList lbIds = m_cp.targetGroups().loadBalancerIds(tg.id);
        if (lbIds.isEmpty())
            continue; // not in use: AWS reports no host counts for it
        int healthy = 0;
        int unhealthy = 0;
        for (const elb::Target &t : m_cp.targetGroups().targets(tg.id)) {
            healthy += t.state == elb::TargetHealthState::Healthy;
            unhealthy += t.state == elb::TargetHealthState::Unhealthy;
        }
        const QString tgDim = targetGroupDimension(tg.name, tg.id);
        for (const QString &lbId : lbIds) {
            const std::optional<elb::LoadBalancer> lb = m_cp.loadBalancers().find(lbId);
            if (!lb)
                continue;
            const std::vector<Dimension> dims{{QStringLiteral("LoadBalancer"), loadBalancerDimension(lb->name, lb->id)},
                                              {QStringLiteral("TargetGroup"), tgDim}};
            out.add(elbMetric(QStringLiteral("HealthyHostCount"), dims), healthy, StandardUnit::Count);
            out.add(elbMetric(QStringLiteral("UnHealthyHostCount"), dims), unhealthy, StandardUnit::Count);
        }
    }
}

ElbMetricsReader::Counts ElbMetricsReader::difference(const lb::TargetStats &now, const lb::TargetStats *before)
{
    const lb::TargetStats zero;
    const lb::TargetStats &b = before ? *before : zero;
    Counts c;
    c.requests = delta(now.requests, b.requests);
    c.c2xx = delta(now.responses2xx, b.responses2xx);
    c.c3xx = delta(now.responses3xx, b.responses3xx);
    c.c4xx = delta(now.responses4xx, b.responses4xx);
    c.c5xx = delta(now.responses5xx, b.responses5xx);
    const auto us =
        now.responseTimeSum >= b.responseTimeSum ? now.responseTimeSum - b.responseTimeSum : now.responseTimeSum;
    c.responseSeconds = double(us.count()) / 1e6;
    for (std::size_t i = 0; i < c.latency.counts.size(); ++i)
        c.latency.counts[i] = delta(now.latency.counts[i], b.latency.counts[i]);
    return c;
}

void ElbMetricsReader::addCounts(Counts &sum, const Counts &c)
{
    sum.requests += c.requests;
    sum.c2xx += c.c2xx;
    sum.c3xx += c.c3xx;
    sum.c4xx += c.c4xx;
    sum.c5xx += c.c5xx;
    sum.responseSeconds += c.responseSeconds;
    for (std::size_t i = 0; i < sum.latency.counts.size(); ++i)
        sum.latency.counts[i] += c.latency.counts[i];
}

void ElbMetricsReader::addTargetMetrics(metrics::MinuteAggregator &out, const std::vector<Dimension> &dims,
                                        const Counts &c)
{
    const std::pair<const char *, std::uint64_t> codes[] = {{"HTTPCode_Target_2XX_Count", c.c2xx},
                                                            {"HTTPCode_Target_3XX_Count", c.c3xx},
                                                            {"HTTPCode_Target_4XX_Count", c.c4xx},
                                                            {"HTTPCode_Target_5XX_Count", c.c5xx}};
    for (const auto &[name, n] : codes) {
        if (n > 0)
            out.add(elbMetric(QString::fromLatin1(name), dims), double(n), StandardUnit::Count);
    }
    // Answers in the histogram's buckets: the lowest bucket's lower bound and the highest one's upper
    // bound enclose every response time (the last bucket is open: its bound is at least the average).
    std::uint64_t answered = 0;
    int lowest = -1;
    int highest = -1;
    for (std::size_t i = 0; i < c.latency.counts.size(); ++i) {
        if (c.latency.counts[i] == 0)
            continue;
        answered += c.latency.counts[i];
        if (lowest < 0)
            lowest = int(i);
        highest = int(i);
    }
    if (answered == 0)
        return;
    const auto &bounds = lb::LatencyHistogram::kUpperBoundsUs;
    const double average = c.responseSeconds / double(answered);
    const double minimum = lowest == 0 ? 0.0 : double(bounds[std::size_t(lowest - 1)]) / 1e6;
    const double maximum = std::size_t(highest) < bounds.size() ? double(bounds[std::size_t(highest)]) / 1e6
                                                                : std::max(average, double(bounds.back()) / 1e6);
    out.addSet(elbMetric(QStringLiteral("TargetResponseTime"), dims),
               metrics::StatisticValues{double(answered), c.responseSeconds, std::min(minimum, average),
                                        std::max(maximum, average)},
               StandardUnit::Seconds);
}

void ElbMetricsReader::publishMinute(metrics::MinuteAggregator &out)
{
    if (!m_proxy)
        return;
    const lb::ProxyStats stats = m_proxy->stats();
    std::map<std::string, lb::TargetStats> targets;
    std::map<std::string, Counts> perGroup; // by target group id
    for (const lb::TargetStats &t : stats.targets) {
        const std::string key = targetKey(t);
        const auto before = m_targets.find(key);
        addCounts(perGroup[t.targetGroupId], difference(t, before == m_targets.end() ? nullptr : &before->second));
        targets[key] = t;
    }
    m_targets = std::move(targets);

    std::map<QString, Counts> targetsPerLb; // by load balancer id: its target groups' counts summed
    for (const elb::TargetGroup &tg : m_cp.targetGroups().list()) {
        const QStringList lbIds = m_cp.targetGroups().loadBalancerIds(tg.id);
        if (lbIds.isEmpty())
            continue;
        const Counts &c = perGroup[tg.id.toStdString()];
        int healthy = 0;
        int serving = 0;
        for (const elb::Target &t : m_cp.targetGroups().targets(tg.id)) {
            healthy += t.state == elb::TargetHealthState::Healthy;
            serving += !elb::isDraining(t.state);
        }
        const int perTargetDivisor = healthy > 0 ? healthy : serving;
        const QString tgDim = targetGroupDimension(tg.name, tg.id);
        if (perTargetDivisor > 0) {
            out.add(elbMetric(QStringLiteral("RequestCountPerTarget"), {{QStringLiteral("TargetGroup"), tgDim}}),
                    double(c.requests) / perTargetDivisor, StandardUnit::Count);
        }
        for (const QString &lbId : lbIds) {
            const std::optional<elb::LoadBalancer> lb = m_cp.loadBalancers().find(lbId);
            if (!lb)
                continue;
            const std::vector<Dimension> dims{{QStringLiteral("LoadBalancer"), loadBalancerDimension(lb->name, lb->id)},
                                              {QStringLiteral("TargetGroup"), tgDim}};
            out.add(elbMetric(QStringLiteral("RequestCount"), dims), double(c.requests), StandardUnit::Count);
            if (perTargetDivisor > 0) {
                out.add(elbMetric(QStringLiteral("RequestCountPerTarget"), dims), double(c.requests) / perTargetDivisor,
                        StandardUnit::Count);
            }
            addTargetMetrics(out, dims, c);
            addCounts(targetsPerLb[lbId], c);
        }
    }

    struct ListenerSum
    {
        std::uint64_t requests = 0, elb4xx = 0, elb5xx = 0, active = 0;
    };
    std::map<QString, ListenerSum> perLb;
    std::map<std::string, lb::ListenerStats> listeners;
    for (const lb::ListenerStats &l : stats.listeners) {
        const auto before = m_listeners.find(l.listenerId);
        const lb::ListenerStats b = before == m_listeners.end() ? lb::ListenerStats{} : before->second;
        ListenerSum &s = perLb[QString::fromStdString(l.loadBalancerId)];
        s.requests += delta(l.requests, b.requests);
        s.elb4xx += delta(l.elb4xx, b.elb4xx);
        s.elb5xx += delta(l.elb5xx, b.elb5xx);
        s.active += b.activeConnections + delta(l.connections, b.connections);
        listeners[l.listenerId] = l;
    }
    m_listeners = std::move(listeners);

    for (const elb::LoadBalancer &lb : m_cp.loadBalancers().list()) {
        if (m_cp.loadBalancers().listeners(lb.id).isEmpty())
            continue; // nothing to receive requests
        const ListenerSum s = perLb[lb.id];
        const std::vector<Dimension> dims{{QStringLiteral("LoadBalancer"), loadBalancerDimension(lb.name, lb.id)}};
        out.add(elbMetric(QStringLiteral("RequestCount"), dims), double(s.requests), StandardUnit::Count);
        if (s.elb4xx > 0)
            out.add(elbMetric(QStringLiteral("HTTPCode_ELB_4XX_Count"), dims), double(s.elb4xx), StandardUnit::Count);
        if (s.elb5xx > 0)
            out.add(elbMetric(QStringLiteral("HTTPCode_ELB_5XX_Count"), dims), double(s.elb5xx), StandardUnit::Count);
        if (s.active > 0)
            out.add(elbMetric(QStringLiteral("ActiveConnectionCount"), dims), double(s.active), StandardUnit::Count);
        addTargetMetrics(out, dims, targetsPerLb[lb.id]);
    }
}

} // namespace fd
