#include "registries/AutoScalingRegistry.h"

#include "autoscaling/ScalableTargetDocument.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "store/Store.h"

namespace fd::registries {

using autoscaling::ScalableTarget;

Status AutoScalingRegistry::load(const Store &store)
{
    Result<QList<Store::Document>> docs = store.loadDocuments(state::kScalableTargetKind);
    if (!docs)
        return docs.error();
    m_targets.clear();
    for (const Store::Document &d : docs.value()) {
        Result<ScalableTarget> target = autoscaling::scalableTargetFrom(d.document);
        if (!target)
            return makeError(QStringLiteral("ServerException"),
                             QStringLiteral("%1 holds an unreadable scalable target %2 (%3)")
                                 .arg(store.path(), d.id, target.error().message));
        m_targets.insert(target->resourceId, std::move(target).value());
    }
    return Ok{};
}

const ScalableTarget *AutoScalingRegistry::find(const QString &resourceId) const
{
    auto it = m_targets.constFind(resourceId);
    return it == m_targets.cend() ? nullptr : &*it;
}

const ScalableTarget *AutoScalingRegistry::findByPolicyArn(const QString &policyArn) const
{
    for (const ScalableTarget &t : m_targets) {
        if (t.policyByArn(policyArn))
            return &t;
    }
    return nullptr;
}

const ScalableTarget *AutoScalingRegistry::findByArn(const QString &targetArn) const
{
    for (const ScalableTarget &t : m_targets) {
        if (t.arn == targetArn)
            return &t;
    }
    return nullptr;
}

void AutoScalingRegistry::stage(state::Transaction &tx, const ScalableTarget &target)
{
    const QString kind = state::kScalableTargetKind;
    const QString id = target.resourceId;
    const QDateTime createdAt = target.createdAt;
    const QByteArray doc = autoscaling::toDocument(target);
    tx.put(
        kind, id, [kind, id, createdAt, doc](Store &st) { return st.putDocument(kind, id, createdAt, doc); },
        [this, target] { m_targets.insert(target.resourceId, target); });
}

void AutoScalingRegistry::stageRemoval(state::Transaction &tx, const QString &resourceId)
{
    const QString kind = state::kScalableTargetKind;
    tx.remove(
        kind, resourceId, [kind, resourceId](Store &st) { return st.deleteDocument(kind, resourceId); },
        [this, resourceId] { m_targets.remove(resourceId); });
}

} // namespace fd::registries
