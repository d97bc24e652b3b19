#pragma once

#include "elb/ListenerRule.h"
#include "ops/Domain.h"
#include "tags/Tag.h"

#include <QList>
#include <QPair>

#include <optional>

namespace fd::registries {
class LoadBalancingRegistry;
}

namespace fd::ops {

// A rule as DescribeRules shows it: a stored rule, or a listener's default rule (no conditions, the
// listener's default actions, its id the listener's defaultRuleId, priority 0 = "default", last).
struct RuleView
{
    elb::ListenerRule rule;
    bool isDefault = false;
    QString loadBalancerId;
};

struct RuleRequest
{
    QString listenerId;
    std::optional<int> priority;
    QList<elb::Condition> conditions;
    QList<elb::Action> actions; // target groups by id
    tags::TagList tags;
};

// ModifyRule: what is given replaces what is there (a default rule takes actions only).
struct RuleChange
{
    QString ruleId;
    std::optional<QList<elb::Condition>> conditions;
    std::optional<QList<elb::Action>> actions;
};

// Listener rules (ELBv2): priorities 1-50000 unique per listener (PriorityInUse), the default rule
// neither deleted nor reprioritised (OperationNotPermitted), at most 100 rules per listener.
class ListenerRules final : public Domain
{
public:
    ListenerRules(ControlPlane &cp, const Registries &r, registries::LoadBalancingRegistry &lb)
        : Domain(cp, r), m_lb(lb)
    {}

    Result<elb::ListenerRule> create(const RuleRequest &request);
    Result<RuleView> modify(const RuleChange &change);
    // SetRulePriorities: every pair applied in one transaction; the resulting priorities must be unique
    // per listener. Returns the rules it changed, in the order given.
    Result<QList<RuleView>> setPriorities(const QList<QPair<QString, int>> &priorities);
    Status remove(const QString &ruleId);

    QList<RuleView> rules(const QString &listenerId) const; // by priority, the default rule last
    std::optional<RuleView> find(const QString &ruleId) const;
    Result<RuleView> byArn(const QString &arn) const; // RuleNotFound unless the ARN names it exactly

private:
    std::optional<RuleView> defaultRule(const QString &ruleId) const;
    QString loadBalancerName(const QString &listenerId) const;

    registries::LoadBalancingRegistry &m_lb;
};

} // namespace fd::ops
