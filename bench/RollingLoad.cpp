#include "RollingLoad.h"

#include "ControlPlane.h"
#include "elb/ElbArn.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"

#include <QMap>
#include <QTcpServer>

#include <functional>

namespace fd::bench {

namespace {

int freeLoopbackPort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? int(s.serverPort()) : 0;
}

std::int64_t sum(const std::vector<traffic::TrafficSnapshot> &runs, std::int64_t (*f)(const traffic::TrafficSnapshot &))
{
    std::int64_t n = 0;
    for (const traffic::TrafficSnapshot &s : runs)
        n += f(s);
    return n;
}

QString joined(const std::vector<traffic::TrafficSnapshot> &runs, const std::function<QString(const traffic::TrafficSnapshot &)> &f)
{
    QStringList parts;
    for (const traffic::TrafficSnapshot &s : runs)
        parts << f(s);
    return parts.join(u',');
}

} // namespace

Result<LoadBalancedSetup> createLoadBalancer(ControlPlane &cp, const QString &name, int deregistrationDelayS)
{
    ops::LoadBalancerRequest lbr;
    lbr.name = name;
    const auto lb = cp.loadBalancers().create(lbr);
    if (!lb)
        return lb.error();
    ops::TargetGroupRequest tgr;
    tgr.name = name;
    tgr.port = 8080;
    tgr.healthCheck.path = QStringLiteral("/health");
    tgr.healthCheck.intervalSeconds = 5; // ELB's minimum
    tgr.healthCheck.timeoutSeconds = 2;  // its minimum
    tgr.healthCheck.healthyThreshold = 2;
    tgr.healthCheck.unhealthyThreshold = 2;
    const auto tg = cp.targetGroups().create(tgr);
    if (!tg)
        return tg.error();
    const auto attrs = cp.targetGroups().modifyAttributes(
        tg->id, {elb::Attribute{QStringLiteral("deregistration_delay.timeout_seconds"), QString::number(deregistrationDelayS)}});
    if (!attrs)
        return attrs.error();
    ops::ListenerRequest lr;
    lr.loadBalancerId = lb->id;
    lr.port = freeLoopbackPort();
    if (*lr.port == 0)
        return makeError(QStringLiteral("NoPort"), QStringLiteral("no free port on 127.0.0.1 for the listener"));
    elb::Action forward;
    forward.type = QStringLiteral("forward");
    forward.targetGroups.append(elb::WeightedTargetGroup{tg->id, std::nullopt});
    lr.defaultActions = {forward};
    const auto listener = cp.loadBalancers().createListener(lr);
    if (!listener)
        return listener.error();
    return LoadBalancedSetup{tg->id, elb::arn::targetGroup(cp.defaultRegion(), *tg), *lr.port};
}

bool targetsSettled(const ControlPlane &cp, const QString &targetGroupId, int count)
{
    int healthy = 0;
    for (const elb::Target &t : cp.targetGroups().targets(targetGroupId)) {
        if (t.state != elb::TargetHealthState::Healthy)
            return false;
        ++healthy;
    }
    return healthy == count;
}

QString describeTargets(const ControlPlane &cp, const QString &targetGroupId)
{
    QMap<QString, int> states;
    for (const elb::Target &t : cp.targetGroups().targets(targetGroupId))
        states[elb::toString(t.state)]++;
    QStringList parts;
    for (auto it = states.cbegin(); it != states.cend(); ++it)
        parts << it.key() + u'=' + QString::number(it.value());
    return parts.isEmpty() ? QStringLiteral("no targets") : parts.join(u' ');
}

std::int64_t non2xx(const traffic::TrafficSnapshot &s)
{
    return s.causes[std::size_t(traffic::FailureCause::HttpStatus)];
}

std::int64_t socketErrors(const traffic::TrafficSnapshot &s)
{
    return s.failed - non2xx(s);
}

QStringList trafficLines(const QString &prefix, const std::vector<traffic::TrafficSnapshot> &runs)
{
    using traffic::TrafficSnapshot;
    QStringList out;
    const auto num = [](std::int64_t n) { return QString::number(n); };
    out << prefix + QStringLiteral("traffic_runs=%1").arg(runs.size());
    out << prefix + QStringLiteral("requests_runs=") + joined(runs, [&](const TrafficSnapshot &s) { return num(s.completed); });
    out << prefix + QStringLiteral("non2xx_runs=") + joined(runs, [&](const TrafficSnapshot &s) { return num(non2xx(s)); });
    out << prefix + QStringLiteral("socket_errors_runs=") + joined(runs, [&](const TrafficSnapshot &s) { return num(socketErrors(s)); });
    out << prefix + QStringLiteral("rate_runs=") +
               joined(runs, [](const TrafficSnapshot &s) { return QString::number(s.achievedRate(), 'f', 0); });
    out << prefix + QStringLiteral("p99_ms_runs=") +
               joined(runs, [](const TrafficSnapshot &s) { return QString::number(s.latency.p99Ms, 'f', 1); });
    out << prefix + QStringLiteral("max_ms_runs=") +
               joined(runs, [](const TrafficSnapshot &s) { return QString::number(s.latency.maxMs, 'f', 1); });
    out << prefix + QStringLiteral("revisions_runs=") + joined(runs, [](const TrafficSnapshot &s) {
               QStringList r;
               for (const traffic::ServedBy &b : s.revisions)
                   r << QStringLiteral("r%1:%2").arg(b.id).arg(b.requests);
               return r.join(u'/');
           });
    out << prefix + QStringLiteral("requests_total=") + num(sum(runs, [](const TrafficSnapshot &s) { return s.completed; }));
    out << prefix + QStringLiteral("non2xx_total=") + num(sum(runs, &non2xx));
    out << prefix + QStringLiteral("socket_errors_total=") + num(sum(runs, &socketErrors));
    out << prefix + QStringLiteral("stale_retries_total=") +
               num(sum(runs, [](const TrafficSnapshot &s) { return s.staleRetries; }));
    QStringList failures;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        for (const traffic::Failure &f : runs[i].failures) {
            if (failures.size() >= 20)
                break;
            failures << QStringLiteral("run %1 +%2 ms %3 %4 (task %5)")
                            .arg(i + 1)
                            .arg(f.wallMs - runs[i].startedWallMs)
                            .arg(traffic::toString(f.cause), f.detail, f.taskId.left(8));
        }
    }
    out << prefix + QStringLiteral("failures=") + failures.join(QStringLiteral("; "));
    return out;
}

} // namespace fd::bench
