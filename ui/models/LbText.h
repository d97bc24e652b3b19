#pragma once

#include "elb/Action.h"
#include "elb/ListenerRule.h"
#include "elb/LoadBalancer.h"
#include "elb/Target.h"
#include "elb/TargetGroup.h"

#include <QCoreApplication>
#include <QString>

#include <functional>

namespace fd::ui {

/**
 * How the console says load-balancing things in words: conditions ("path is /cubebuster* or /cb*"),
 * actions ("forward to cubebuster"), a listener's local URL, a health check, the badge key of a
 * target's state. One place, so the page, the wizard and its tester say them the same way.
 */
class LbText final
{
    Q_DECLARE_TR_FUNCTIONS(fd::ui::LbText)

public:
    LbText() = delete;

    /// A target group's name by id (the id itself when unknown).
    using GroupName = std::function<QString(const QString &targetGroupId)>;

    /// "path is /a* or /b*", "host is shop.example", "header X-Env is beta",
    /// "method is GET", "query has v=2", "client in 10.0.0.0/8".
    static QString condition(const elb::Condition &c);
    /// Every condition, joined by " and "; "every request" without any (the default rule).
    static QString conditions(const QList<elb::Condition> &conditions);
    /// "forward to edges", "forward to a (weight 3), b (weight 1)", "redirect (HTTP_301) to /new",
    /// "fixed response 404".
    static QString action(const elb::Action &a, const GroupName &name);
    /// The terminal action of a list (the last by Order), in words; "no action" when empty.
    static QString actions(const QList<elb::Action> &actions, const GroupName &name);
    /// "http://127.0.0.1:8080/": where the listener answers on this machine.
    static QString listenerUrl(int port);
    /// "<name>-<id>.<region>.elb.localhost", the DNSName the ELBv2 API answers (lower case).
    static QString dnsName(const elb::LoadBalancer &lb, const QString &region);
    /// "HTTP /health every 30 s, timeout 5 s, healthy after 5, unhealthy after 2, codes 200".
    static QString healthCheck(const elb::HealthCheck &hc);
    /// The StatusBadgeDelegate key of a target state: "TARGET_HEALTHY", "TARGET_DRAINING", ...
    static QString badgeKey(elb::TargetHealthState state);
};

} // namespace fd::ui
