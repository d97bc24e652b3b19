#include "ProxyTable.h"

#include <algorithm>

namespace fd::lbctl {

namespace {

std::string str(const QString &s)
{
    return s.toStdString();
}

int intAttribute(const elb::Attributes &attributes, const char *key, int fallback)
{
    bool ok = false;
    const int v = elb::attributeValue(attributes, QString::fromLatin1(key)).value_or(QString()).toInt(&ok);
    return ok ? v : fallback;
}

std::optional<lb::ConditionType> conditionType(const QString &field)
{
    if (field == u"path-pattern")
        return lb::ConditionType::PathPattern;
    if (field == u"host-header")
        return lb::ConditionType::HostHeader;
    if (field == u"http-header")
        return lb::ConditionType::HttpHeader;
    if (field == u"http-request-method")
        return lb::ConditionType::HttpRequestMethod;
    if (field == u"query-string")
        return lb::ConditionType::QueryString;
    if (field == u"source-ip")
        return lb::ConditionType::SourceIp;
    return std::nullopt;
}

lb::Condition toCondition(const elb::Condition &c, lb::ConditionType type)
{
    lb::Condition out;
    out.type = type;
    for (const QString &v : c.values)
        out.values.push_back(str(v));
    out.headerName = str(c.httpHeaderName);
    for (const elb::QueryPair &pair : c.queryPairs) {
        lb::QueryPair p;
        if (!pair.key.isEmpty())
            p.key = str(pair.key);
        if (!pair.value.isEmpty())
            p.value = str(pair.value);
        out.queryPairs.push_back(std::move(p));
    }
    return out;
}

// "HTTP_301" -> 301, "503" -> 503.
int statusNumber(const QString &code, int fallback)
{
    QString digits = code;
    if (digits.startsWith(u"HTTP_"))
        digits = digits.mid(5);
    bool ok = false;
    const int n = digits.toInt(&ok);
    return ok ? n : fallback;
}

// The rule's terminal action (the one without a later order; ELBv2 allows exactly one).
lb::Action toAction(const QList<elb::Action> &actions)
{
    const elb::Action *terminal = nullptr;
    for (const elb::Action &a : actions) {
        if (!terminal || a.order.value_or(0) >= terminal->order.value_or(0))
            terminal = &a;
    }
    if (!terminal)
        return lb::FixedResponseAction{503, "text/plain", "no action\n"};
    const elb::Action &a = *terminal;
    if (a.type == u"forward") {
        lb::ForwardAction f;
        for (const elb::WeightedTargetGroup &g : a.targetGroups)
            f.groups.push_back(lb::WeightedGroup{str(g.targetGroupId), g.weight.value_or(1)});
        if (a.stickinessEnabled.value_or(false))
            f.stickiness = std::chrono::seconds(a.stickinessDurationSeconds.value_or(3600));
        return f;
    }
    if (a.type == u"redirect") {
        lb::RedirectAction r;
        r.protocol = str(a.redirectProtocol);
        r.host = str(a.redirectHost);
        r.port = str(a.redirectPort);
        r.path = str(a.redirectPath);
        r.query = str(a.redirectQuery);
        r.statusCode = statusNumber(a.redirectStatusCode, 301);
        return r;
    }
    lb::FixedResponseAction fixed;
    fixed.statusCode = statusNumber(a.fixedStatusCode, 200);
    fixed.contentType = a.fixedContentType ? str(*a.fixedContentType) : std::string();
    fixed.body = a.fixedMessageBody ? str(*a.fixedMessageBody) : std::string();
    return fixed;
}

lb::Listener toListener(const elb::ListenerRoutes &routes)
{
    lb::Listener l;
    l.id = str(routes.listener.id);
    l.loadBalancerId = str(routes.loadBalancer.id);
    l.port = std::uint16_t(routes.listener.port);
    l.idleTimeout = std::chrono::seconds(intAttribute(routes.loadBalancer.attributes, "idle_timeout.timeout_seconds", 60));
    for (const elb::ListenerRule &r : routes.rules) {
        lb::Rule rule;
        rule.id = str(r.id);
        rule.priority = r.priority;
        for (const elb::Condition &c : r.conditions) {
            if (const auto type = conditionType(c.field))
                rule.conditions.push_back(toCondition(c, *type));
        }
        rule.action = toAction(r.actions);
        l.rules.push_back(std::move(rule));
    }
    lb::Rule fallback;
    fallback.id = str(routes.listener.defaultRuleId);
    fallback.isDefault = true;
    fallback.action = toAction(routes.listener.defaultActions);
    l.rules.push_back(std::move(fallback));
    return l;
}

} // namespace

std::string proxyTargetId(const elb::Target &target)
{
    return str(target.id) + ':' + std::to_string(target.port);
}

lb::TargetState routingState(const elb::Target &target, bool healthChecksEnabled)
{
    using S = elb::TargetHealthState;
    switch (target.state) {
    case S::Healthy:
    case S::Unavailable:
        return lb::TargetState::Healthy;
    case S::Initial:
        return healthChecksEnabled ? lb::TargetState::Initial : lb::TargetState::Healthy;
    case S::Unhealthy:
        return lb::TargetState::Unhealthy;
    case S::Draining:
    case S::UnhealthyDraining:
    case S::Unused:
        return lb::TargetState::Draining;
    }
    return lb::TargetState::Draining;
}

std::shared_ptr<const lb::Table> toProxyTable(const elb::RoutingTable &routes)
{
    auto table = std::make_shared<lb::Table>();
    for (const elb::ListenerRoutes &l : routes.listeners)
        table->listeners.push_back(toListener(l));
    for (const elb::TargetGroupRoutes &g : routes.targetGroups) {
        lb::TargetGroup group;
        group.id = str(g.targetGroup.id);
        group.algorithm = elb::attributeValue(g.targetGroup.attributes, QStringLiteral("load_balancing.algorithm.type"))
                                      .value_or(QString()) == u"least_outstanding_requests"
                              ? lb::Algorithm::LeastOutstandingRequests
                              : lb::Algorithm::RoundRobin;
        for (const elb::RoutedTarget &routed : g.targets) {
            const elb::Target &t = routed.target;
            const QString &host = routed.address;
            if (host.isEmpty())
                continue;
            lb::Target target;
            target.id = proxyTargetId(t);
            target.host = str(host);
            target.port = std::uint16_t(t.port);
            target.state = routingState(t, g.targetGroup.healthCheck.enabled);
            group.targets.push_back(std::move(target));
        }
        table->targetGroups.push_back(std::move(group));
    }
    return table;
}

} // namespace fd::lbctl
