#include "ControlPlane.h"
#include "Elbv2Codec.h"
#include "elb/ElbArn.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"

// The answers' side of Elbv2Codec.h: the control plane's values as the members of ELBv2's shapes.
namespace fd::api::elbv2 {

namespace {

std::string time(const QDateTime &t)
{
    return str(t.toUTC().toString(Qt::ISODateWithMs));
}

json conditionJson(const elb::Condition &c)
{
    json values = json::array();
    for (const QString &v : c.values)
        values.push_back(str(v));
    json out{{"Field", str(c.field)}};
    if (c.givenAsValues) {
        out["Values"] = values;
        return out;
    }
    json config{{"Values", values}};
    if (c.field == u"http-header") {
        config["HttpHeaderName"] = str(c.httpHeaderName);
    } else if (c.field == u"query-string") {
        json pairs = json::array();
        for (const elb::QueryPair &p : c.queryPairs) {
            json pair{{"Value", str(p.value)}};
            if (!p.key.isEmpty())
                pair["Key"] = str(p.key);
            pairs.push_back(pair);
        }
        config["Values"] = pairs;
    }
    out[conditionConfigMember(c.field)] = config;
    return out;
}

} // namespace

json loadBalancerJson(const ApiContext &ctx, const elb::LoadBalancer &lb)
{
    json zones = json::array();
    for (const elb::ZoneMapping &z : lb.zones)
        zones.push_back(
            {{"ZoneName", str(z.zoneName)}, {"SubnetId", str(z.subnetId)}, {"LoadBalancerAddresses", json::array()}});
    json groups = json::array();
    for (const QString &g : lb.securityGroups)
        groups.push_back(str(g));
    // A name the user can use locally: *.localhost resolves to the loopback address.
    const QString dns = QStringLiteral("%1-%2.%3.elb.localhost").arg(lb.name, lb.id, ctx.region).toLower();
    return {{"LoadBalancerArn", str(elb::arn::loadBalancer(ctx.region, lb))},
            {"DNSName", str(dns)},
            {"CanonicalHostedZoneId", "ZFLEETDECKLOCAL"},
            {"CreatedTime", time(lb.createdAt)},
            {"LoadBalancerName", str(lb.name)},
            {"Scheme", str(lb.scheme)},
            {"VpcId", str(lb.vpcId)},
            {"State", {{"Code", str(lb.state)}}},
            {"Type", "application"},
            {"AvailabilityZones", zones},
            {"SecurityGroups", groups},
            {"IpAddressType", str(lb.ipAddressType)}};
}

json targetGroupJson(const ApiContext &ctx, const elb::TargetGroup &tg)
{
    json lbs = json::array();
    for (const QString &id : ctx.cp().targetGroups().loadBalancerIds(tg.id)) {
        if (const auto lb = ctx.cp().loadBalancers().find(id))
            lbs.push_back(str(elb::arn::loadBalancer(ctx.region, *lb)));
    }
    const elb::HealthCheck &h = tg.healthCheck;
    return {{"TargetGroupArn", str(elb::arn::targetGroup(ctx.region, tg))},
            {"TargetGroupName", str(tg.name)},
            {"Protocol", str(tg.protocol)},
            {"Port", tg.port},
            {"VpcId", str(tg.vpcId)},
            {"HealthCheckProtocol", str(h.protocol)},
            {"HealthCheckPort", str(h.port)},
            {"HealthCheckEnabled", h.enabled},
            {"HealthCheckIntervalSeconds", h.intervalSeconds},
            {"HealthCheckTimeoutSeconds", h.timeoutSeconds},
            {"HealthyThresholdCount", h.healthyThreshold},
            {"UnhealthyThresholdCount", h.unhealthyThreshold},
            {"HealthCheckPath", str(h.path)},
            {"Matcher", {{"HttpCode", str(h.matcher)}}},
            {"LoadBalancerArns", lbs},
            {"TargetType", str(tg.targetType)},
            {"ProtocolVersion", str(tg.protocolVersion)},
            {"IpAddressType", str(tg.ipAddressType)}};
}

json actionsJson(const ApiContext &ctx, const QList<elb::Action> &actions)
{
    json out = json::array();
    for (const elb::Action &a : actions) {
        json j{{"Type", str(a.type)}};
        if (a.order)
            j["Order"] = *a.order;
        if (a.type == u"forward") {
            // As AWS answers: ForwardConfig always, TargetGroupArn as well when there is one group.
            json groups = json::array();
            QString only;
            for (const elb::WeightedTargetGroup &g : a.targetGroups) {
                const auto tg = ctx.cp().targetGroups().find(g.targetGroupId);
                const QString arnText = tg ? elb::arn::targetGroup(ctx.region, *tg) : g.targetGroupId;
                groups.push_back({{"TargetGroupArn", str(arnText)}, {"Weight", g.weight.value_or(1)}});
                only = arnText;
            }
            if (a.targetGroups.size() == 1)
                j["TargetGroupArn"] = str(only);
            json stickiness{{"Enabled", a.stickinessEnabled.value_or(false)}};
            if (a.stickinessDurationSeconds)
                stickiness["DurationSeconds"] = *a.stickinessDurationSeconds;
            j["ForwardConfig"] = {{"TargetGroups", groups}, {"TargetGroupStickinessConfig", stickiness}};
        } else if (a.type == u"redirect") {
            j["RedirectConfig"] = {{"Protocol", str(a.redirectProtocol)}, {"Port", str(a.redirectPort)},
                                   {"Host", str(a.redirectHost)},         {"Path", str(a.redirectPath)},
                                   {"Query", str(a.redirectQuery)},       {"StatusCode", str(a.redirectStatusCode)}};
        } else {
            json f{{"StatusCode", str(a.fixedStatusCode)}};
            if (a.fixedContentType)
                f["ContentType"] = str(*a.fixedContentType);
            if (a.fixedMessageBody)
                f["MessageBody"] = str(*a.fixedMessageBody);
            j["FixedResponseConfig"] = f;
        }
        out.push_back(j);
    }
    return out;
}

json listenerJson(const ApiContext &ctx, const elb::Listener &l)
{
    const auto lb = ctx.cp().loadBalancers().find(l.loadBalancerId);
    const elb::LoadBalancer owner = lb.value_or(elb::LoadBalancer{});
    return {{"ListenerArn", str(elb::arn::listener(ctx.region, owner, l.id))},
            {"LoadBalancerArn", str(elb::arn::loadBalancer(ctx.region, owner))},
            {"Port", l.port},
            {"Protocol", str(l.protocol)},
            {"DefaultActions", actionsJson(ctx, l.defaultActions)}};
}

json ruleJson(const ApiContext &ctx, const ops::RuleView &v)
{
    const elb::LoadBalancer owner = ctx.cp().loadBalancers().find(v.loadBalancerId).value_or(elb::LoadBalancer{});
    json conditions = json::array();
    for (const elb::Condition &c : v.rule.conditions)
        conditions.push_back(conditionJson(c));
    return {{"RuleArn", str(elb::arn::rule(ctx.region, owner, v.rule.listenerId, v.rule.id))},
            {"Priority", v.isDefault ? std::string("default") : std::to_string(v.rule.priority)},
            {"Conditions", conditions},
            {"Actions", actionsJson(ctx, v.rule.actions)},
            {"IsDefault", v.isDefault}};
}

json attributesJson(const elb::Attributes &attributes)
{
    json out = json::array();
    for (const elb::Attribute &a : attributes)
        out.push_back({{"Key", str(a.key)}, {"Value", str(a.value)}});
    return out;
}

json tagsJson(const tags::TagList &list)
{
    json out = json::array();
    for (const tags::Tag &t : list)
        out.push_back({{"Key", str(t.key)}, {"Value", str(t.value)}});
    return out;
}

json targetJson(const elb::Target &t)
{
    json j{{"Id", str(t.id)}, {"Port", t.port}};
    if (!t.availabilityZone.isEmpty())
        j["AvailabilityZone"] = str(t.availabilityZone);
    return j;
}

} // namespace fd::api::elbv2
