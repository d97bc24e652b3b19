#pragma once

#include "Result.h"
#include "autoscaling/ScalableTarget.h"
#include "state/Forward.h"

#include <QDateTime>
#include <QMap>

namespace fd::registries {

// Application Auto Scaling's scalable targets on the store's documents table (kind
// "scalable-target", id = the ResourceId), each with its policies, scheduled actions and activities,
// ordered by ResourceId. It owns its memory and changes only through a transaction: stage() writes
// at commit and patches memory after.
class AutoScalingRegistry final
{
public:
    Status load(const Store &store);

    const QMap<QString, autoscaling::ScalableTarget> &all() const { return m_targets; }
    const autoscaling::ScalableTarget *find(const QString &resourceId) const;
    // The target that holds the policy with this ARN.
    const autoscaling::ScalableTarget *findByPolicyArn(const QString &policyArn) const;
    const autoscaling::ScalableTarget *findByArn(const QString &targetArn) const;

    void stage(state::Transaction &tx, const autoscaling::ScalableTarget &target);
    void stageRemoval(state::Transaction &tx, const QString &resourceId);

private:
    QMap<QString, autoscaling::ScalableTarget> m_targets; // by ResourceId
};

} // namespace fd::registries
