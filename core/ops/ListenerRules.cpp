#include "ops/ListenerRules.h"

#include "elb/ElbArn.h"
#include "elb/ElbRules.h"
#include "ops/ElbCommon.h"
#include "registries/LoadBalancingRegistry.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "tags/TagRegistry.h"

#include <QHash>
#include <QSet>

namespace fd::ops {

using namespace elb;
using state::Transaction;

namespace {

Error priorityInUse(int priority)
{
    return makeError(QStringLiteral("PriorityInUse"), QStringLiteral("Priority '%1' is currently in use").arg(priority),
                     QStringLiteral("Priority"));
}

std::optional<Error> checkPriority(int priority)
{
    if (priority < kMinPriority || priority > kMaxPriority)
        return validationError(QStringLiteral("Priority: must be from %1 to %2 (got %3)")
                                   .arg(kMinPriority)
                                   .arg(kMaxPriority)
                                   .arg(priority),
                               QStringLiteral("Priority"));
    return std::nullopt;
}

Error defaultRuleRefused(const QString &what)
{
    return makeError(QStringLiteral("OperationNotPermitted"), QStringLiteral("The default rule %1").arg(what));
}

} // namespace

QString ListenerRules::loadBalancerName(const QString &listenerId) const
{
    const Listener *l = m_lb.listener(listenerId);
    const LoadBalancer *lb = l ? m_lb.loadBalancer(l->loadBalancerId) : nullptr;
    return lb ? lb->name : listenerId;
}

std::optional<RuleView> ListenerRules::defaultRule(const QString &ruleId) const
{
    for (const Listener &l : m_lb.listeners()) {
        if (l.defaultRuleId != ruleId)
            continue;
        RuleView v;
        v.isDefault = true;
        v.loadBalancerId = l.loadBalancerId;
        v.rule.id = l.defaultRuleId;
        v.rule.listenerId = l.id;
        v.rule.priority = 0;
        v.rule.actions = l.defaultActions;
        v.rule.createdAt = l.createdAt;
        return v;
    }
    return std::nullopt;
}

Result<ListenerRule> ListenerRules::create(const RuleRequest &r)
{
    const Listener *l = m_lb.listener(r.listenerId);
    if (!l)
        return listenerNotFound(r.listenerId);
    if (!r.priority)
        return validationError(QStringLiteral("Priority: is required"), QStringLiteral("Priority"));
    if (auto e = checkPriority(*r.priority))
        return *e;
    if (r.conditions.isEmpty())
        return validationError(QStringLiteral("Conditions: a rule needs at least one condition"),
                               QStringLiteral("Conditions"));
    if (auto e = checkConditions(r.conditions))
        return *e;
    if (auto e = checkActions(r.actions, QStringLiteral("Actions")))
        return *e;
    if (auto e = checkForwardTargets(m_lb, r.actions))
        return *e;
    if (auto e = checkElbTags(r.tags))
        return *e;
    const QList<ListenerRule> existing = m_lb.rulesOf(l->id);
    for (const ListenerRule &other : existing) {
        if (other.priority == *r.priority)
            return priorityInUse(*r.priority);
    }
    if (existing.size() >= kMaxRulesPerListener)
        return makeError(
            QStringLiteral("TooManyRules"),
            QStringLiteral("A listener can have at most %1 rules besides the default rule").arg(kMaxRulesPerListener));
    ListenerRule rule;
    rule.id = newElbId();
    rule.listenerId = l->id;
    rule.priority = *r.priority;
    rule.conditions = r.conditions;
    rule.actions = r.actions;
    rule.createdAt = now();
    Transaction tx = begin();
    m_lb.stage(tx, rule);
    m_tags->stage(tx, state::kListenerRuleKind, rule.id, r.tags, rule.createdAt);
    tx.derived(state::kListenerKind, l->id);
    const QString lbName = loadBalancerName(l->id);
    tx.event(makeEvent(state::kListenerRuleKind, lbName,
                       QStringLiteral("Load balancer %1: rule at priority %2 created on port %3.")
                           .arg(lbName)
                           .arg(rule.priority)
                           .arg(l->port)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return rule;
}

Result<RuleView> ListenerRules::modify(const RuleChange &c)
{
    if (std::optional<RuleView> d = defaultRule(c.ruleId)) {
        if (c.conditions)
            return defaultRuleRefused(QStringLiteral("has no conditions: only its actions can be modified"));
        if (!c.actions)
            return *d;
        if (auto e = checkActions(*c.actions, QStringLiteral("Actions")))
            return *e;
        if (auto e = checkForwardTargets(m_lb, *c.actions))
            return *e;
        Listener l = *m_lb.listener(d->rule.listenerId);
        l.defaultActions = *c.actions;
        d->rule.actions = *c.actions;
        Transaction tx = begin();
        m_lb.stage(tx, l);
        const QString lbName = loadBalancerName(l.id);
        tx.event(
            makeEvent(state::kListenerRuleKind, lbName,
                      QStringLiteral("Load balancer %1: default rule on port %2 modified.").arg(lbName).arg(l.port)));
        if (Status s = commit(std::move(tx)); !s)
            return s.error();
        return *d;
    }
    const ListenerRule *found = m_lb.rule(c.ruleId);
    if (!found)
        return ruleNotFound(c.ruleId);
    ListenerRule rule = *found;
    if (c.conditions) {
        if (c.conditions->isEmpty())
            return validationError(QStringLiteral("Conditions: a rule needs at least one condition"),
                                   QStringLiteral("Conditions"));
        if (auto e = checkConditions(*c.conditions))
            return *e;
        rule.conditions = *c.conditions;
    }
    if (c.actions) {
        if (auto e = checkActions(*c.actions, QStringLiteral("Actions")))
            return *e;
        if (auto e = checkForwardTargets(m_lb, *c.actions))
            return *e;
        rule.actions = *c.actions;
    }
    const Listener *l = m_lb.listener(rule.listenerId);
    RuleView view{rule, false, l ? l->loadBalancerId : QString()};
    if (rule == *found)
        return view;
    Transaction tx = begin();
    m_lb.stage(tx, rule);
    const QString lbName = loadBalancerName(rule.listenerId);
    tx.event(
        makeEvent(state::kListenerRuleKind, lbName,
                  QStringLiteral("Load balancer %1: rule at priority %2 modified.").arg(lbName).arg(rule.priority)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return view;
}

Result<QList<RuleView>> ListenerRules::setPriorities(const QList<QPair<QString, int>> &priorities)
{
    if (priorities.isEmpty())
        return validationError(QStringLiteral("RulePriorities: at least one rule is required"),
                               QStringLiteral("RulePriorities"));
    QHash<QString, int> next; // rule id -> its new priority
    QList<ListenerRule> changed;
    for (const auto &[id, priority] : priorities) {
        if (defaultRule(id))
            return defaultRuleRefused(QStringLiteral("always comes last: its priority cannot be set"));
        const ListenerRule *rule = m_lb.rule(id);
        if (!rule)
            return ruleNotFound(id);
        if (auto e = checkPriority(priority))
            return *e;
        if (next.contains(id))
            return validationError(QStringLiteral("RulePriorities: rule %1 is given twice").arg(id),
                                   QStringLiteral("RulePriorities"));
        next.insert(id, priority);
        ListenerRule r = *rule;
        r.priority = priority;
        changed.append(r);
    }
    // The listeners' rules as they would be: each priority once.
    for (const ListenerRule &r : changed) {
        QSet<int> taken;
        for (const ListenerRule &other : m_lb.rulesOf(r.listenerId)) {
            const int p = next.value(other.id, other.priority);
            if (taken.contains(p))
                return priorityInUse(p);
            taken.insert(p);
        }
    }
    Transaction tx = begin();
    QList<RuleView> out;
    for (const ListenerRule &r : changed) {
        m_lb.stage(tx, r);
        const Listener *l = m_lb.listener(r.listenerId);
        out.append({r, false, l ? l->loadBalancerId : QString()});
    }
    const QString lbName = loadBalancerName(changed.first().listenerId);
    tx.event(
        makeEvent(state::kListenerRuleKind, lbName,
                  QStringLiteral("Load balancer %1: priorities of %2 rules set.").arg(lbName).arg(changed.size())));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return out;
}

Status ListenerRules::remove(const QString &ruleId)
{
    if (defaultRule(ruleId))
        return defaultRuleRefused(QStringLiteral("cannot be deleted: delete the listener instead"));
    const ListenerRule *found = m_lb.rule(ruleId);
    if (!found)
        return ruleNotFound(ruleId);
    const ListenerRule rule = *found;
    Transaction tx = begin();
    m_lb.stageRemoval(tx, rule);
    m_tags->stage(tx, state::kListenerRuleKind, rule.id, {}, now());
    tx.derived(state::kListenerKind, rule.listenerId);
    const QString lbName = loadBalancerName(rule.listenerId);
    tx.event(
        makeEvent(state::kListenerRuleKind, lbName,
                  QStringLiteral("Load balancer %1: rule at priority %2 deleted.").arg(lbName).arg(rule.priority)));
    return commit(std::move(tx));
}

QList<RuleView> ListenerRules::rules(const QString &listenerId) const
{
    QList<RuleView> out;
    const Listener *l = m_lb.listener(listenerId);
    if (!l)
        return out;
    for (const ListenerRule &r : m_lb.rulesOf(listenerId))
        out.append({r, false, l->loadBalancerId});
    if (std::optional<RuleView> d = defaultRule(l->defaultRuleId))
        out.append(*d);
    return out;
}

std::optional<RuleView> ListenerRules::find(const QString &ruleId) const
{
    if (std::optional<RuleView> d = defaultRule(ruleId))
        return d;
    const ListenerRule *r = m_lb.rule(ruleId);
    if (!r)
        return std::nullopt;
    const Listener *l = m_lb.listener(r->listenerId);
    return RuleView{*r, false, l ? l->loadBalancerId : QString()};
}

Result<RuleView> ListenerRules::byArn(const QString &text) const
{
    const std::optional<arn::Parsed> p = arn::parse(text);
    if (!p || p->type != u"listener-rule")
        return validationError(QStringLiteral("'%1' is not a valid listener rule ARN").arg(text),
                               QStringLiteral("RuleArn"));
    const std::optional<RuleView> v = find(p->path[4]);
    const LoadBalancer *lb = v ? m_lb.loadBalancer(v->loadBalancerId) : nullptr;
    if (!v || !lb || v->rule.listenerId != p->path[3] || lb->id != p->path[2] || lb->name != p->path[1])
        return ruleNotFound(text);
    return *v;
}

} // namespace fd::ops
