#pragma once

#include "Result.h"
#include "elb/Listener.h"
#include "elb/ListenerRule.h"
#include "elb/LoadBalancer.h"
#include "elb/Target.h"
#include "elb/TargetGroup.h"
#include "state/Forward.h"

#include <QList>

namespace fd::registries {

// Load balancers, target groups, listeners, listener rules and registered targets (ELBv2), each
// kind on the store's documents table (kinds in state/Kinds.h), in creation order. It owns its
// memory and changes only through a transaction: stage*() writes at commit and patches memory after.
// The counts are small (tens to hundreds), so lookups scan.
class LoadBalancingRegistry final
{
public:
    Status load(const Store &store);

    const QList<elb::LoadBalancer> &loadBalancers() const { return m_loadBalancers; }
    const QList<elb::TargetGroup> &targetGroups() const { return m_targetGroups; }
    const QList<elb::Listener> &listeners() const { return m_listeners; }
    const QList<elb::ListenerRule> &rules() const { return m_rules; }
    const QList<elb::Target> &targets() const { return m_targets; }

    const elb::LoadBalancer *loadBalancer(const QString &id) const;
    const elb::LoadBalancer *loadBalancerNamed(const QString &name) const;
    const elb::TargetGroup *targetGroup(const QString &id) const;
    const elb::TargetGroup *targetGroupNamed(const QString &name) const;
    const elb::Listener *listener(const QString &id) const;
    const elb::ListenerRule *rule(const QString &id) const;
    const elb::Target *target(const QString &targetGroupId, const elb::TargetKey &key) const;

    QList<elb::Listener> listenersOf(const QString &loadBalancerId) const; // by port
    QList<elb::ListenerRule> rulesOf(const QString &listenerId) const;     // by priority
    QList<elb::Target> targetsOf(const QString &targetGroupId) const;      // in registration order
    // The load balancers whose listeners (default actions) or rules forward to the target group,
    // each once, in creation order: a target group with none is not in use.
    QStringList loadBalancersUsing(const QString &targetGroupId) const;

    void stage(state::Transaction &tx, const elb::LoadBalancer &lb);
    void stage(state::Transaction &tx, const elb::TargetGroup &tg);
    void stage(state::Transaction &tx, const elb::Listener &l);
    void stage(state::Transaction &tx, const elb::ListenerRule &r);
    void stage(state::Transaction &tx, const elb::Target &t);
    void stageRemoval(state::Transaction &tx, const elb::LoadBalancer &lb);
    void stageRemoval(state::Transaction &tx, const elb::TargetGroup &tg);
    void stageRemoval(state::Transaction &tx, const elb::Listener &l);
    void stageRemoval(state::Transaction &tx, const elb::ListenerRule &r);
    void stageRemoval(state::Transaction &tx, const elb::Target &t);

private:
    QList<elb::LoadBalancer> m_loadBalancers;
    QList<elb::TargetGroup> m_targetGroups;
    QList<elb::Listener> m_listeners;
    QList<elb::ListenerRule> m_rules;
    QList<elb::Target> m_targets;
};

} // namespace fd::registries
