#pragma once

#include "Result.h"
#include "elb/ListenerRule.h"
#include "lb/Rule.h"
#include "ops/TargetGroups.h"

#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/// A rule's action as the wizard spells it: a type and one argument (a target group's name for
/// forward, the path for redirect, "404 message" for fixed-response).
struct PlannedAction
{
    QString type = QStringLiteral("forward"); ///< forward, redirect, fixed-response
    QString argument;
};

/// One listener rule of a plan: its priority, its conditions (a request must match all of them;
/// ELBv2's limits: one each of host-header, http-request-method, path-pattern and source-ip, up to 3
/// values per condition and 5 in the rule) and its action.
struct PlannedRule
{
    int priority = 10;
    QList<elb::Condition> conditions;
    PlannedAction action;
};

/**
 * What the create-load-balancer wizard (and the Edges + CubeBuster example) sets up: target groups
 * to create, a load balancer with one HTTP listener whose default rule forwards to a target group
 * (by name: a new one or an existing one), and its rules. apply() makes it through the ELBv2 ops
 * in that order, so every refusal is the API's; commands() says the same as `aws elbv2` commands.
 */
struct LoadBalancerPlan
{
    QString name;
    int port = 8080;
    QList<ops::TargetGroupRequest> newTargetGroups;
    QString defaultTargetGroup; ///< a name of newTargetGroups or of an existing group
    QList<PlannedRule> rules;
};

/// Where in the form a problem is, so the wizard shows it next to that field.
struct PlanProblem
{
    enum class Where {
        Name,
        Port,
        TargetGroup, ///< newTargetGroups[index]
        Default,     ///< the default action
        Rule,        ///< rules[index]
    };
    Where where = Where::Name;
    int index = 0;
    fd::Error error;
    int condition = -1; ///< Rule: the condition of rules[index] it is in (-1: the rule as a whole)
};

/// What apply() made.
struct AppliedPlan
{
    QString loadBalancerId;
    QString listenerId;
    QStringList targetGroupIds;
    QStringList ruleIds;
};

class LoadBalancerPlanner final
{
public:
    LoadBalancerPlanner() = delete;

    /// A condition from the form's text: values separated by commas; http-header as
    /// "Name: value, value"; query-string as "key=value, =value-of-any-key, key=".
    static elb::Condition parseCondition(const QString &field, const QString &text);
    /// The form's text of a condition (the inverse of parseCondition()).
    static QString conditionText(const elb::Condition &condition);

    /// The checks ELBv2 makes, in the order apply() meets them, before anything is created:
    /// names, health checks, conditions, actions, priorities, the listener port.
    static std::optional<PlanProblem> check(const fd::ControlPlane &cp, const LoadBalancerPlan &plan);
    /// Creates the target groups, the load balancer, its listener and its rules (each op is
    /// idempotent for the same settings, so a retry after a fix does not duplicate them).
    static fd::Result<AppliedPlan> apply(fd::ControlPlane &cp, const LoadBalancerPlan &plan,
                                         PlanProblem *problem = nullptr);

    /// The rules as the data plane evaluates them (by priority, the default rule last), target
    /// groups named by their names: what the wizard's tester matches requests against.
    static std::vector<lb::Rule> proxyRules(const LoadBalancerPlan &plan);
    /// The elb action of a planned one; target groups are named through `idOf` (name -> id).
    static elb::Action toAction(const PlannedAction &a, const std::function<QString(const QString &)> &idOf);

    /// The same as `aws elbv2` commands (one per line, ARNs kept in shell variables), with
    /// --endpoint-url when `endpoint` is not empty.
    static QString commands(const LoadBalancerPlan &plan, const QString &endpoint);

    /// A free port for a listener: the first of 8080, 8081, ... (then 9000...) that no listener holds
    /// and nothing on 127.0.0.1 listens on.
    static int suggestPort(const fd::ControlPlane &cp, int from = 8080);
    /// The seed's two-app example: target groups "edges" and "cubebuster" (port 8080, health
    /// check /health), a listener on `port` forwarding to edges, and /cubebuster* to cubebuster.
    static LoadBalancerPlan edgesAndCubeBuster(int port);
};

} // namespace fd::ui
