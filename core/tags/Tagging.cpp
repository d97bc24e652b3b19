#include "Tagging.h"

#include "ControlPlane.h"
#include "ops/Clusters.h"
#include "ops/TaskDefinitions.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "ops/Services.h"
#include "TagRegistry.h"
#include "state/Kinds.h"
#include "state/Transaction.h"

namespace fd::tags {

namespace {

Error notAnArn(const QString &arn)
{
    return makeError(QStringLiteral("InvalidParameterException"),
                     QStringLiteral("resourceArn: \"%1\" is not the ARN of an ECS cluster, task definition, service, "
                                    "task or container instance")
                         .arg(arn),
                     QStringLiteral("resourceArn"));
}

Error notFound(const QString &arn)
{
    return makeError(QStringLiteral("ResourceNotFoundException"),
                     QStringLiteral("The specified resource could not be found: %1").arg(arn),
                     QStringLiteral("resourceArn"));
}

} // namespace

Result<ResourceRef> resolve(const ControlPlane &cp, const QString &arn)
{
    // arn:aws:ecs:<region>:<account>:<type>/<path>
    const QStringList parts = arn.split(u':');
    if (parts.size() < 6 || parts[0] != u"arn" || parts[2] != u"ecs")
        return notAnArn(arn);
    const QString resource = parts.mid(5).join(u':');
    const qsizetype slash = resource.indexOf(u'/');
    if (slash <= 0)
        return notAnArn(arn);
    const QString type = resource.left(slash);
    const QStringList path = resource.mid(slash + 1).split(u'/');
    if (path.contains(QString()))
        return notAnArn(arn);
    // Services, tasks and instances also come in the old form without the cluster.
    const QString cluster = path.size() >= 2 ? path[0] : QStringLiteral("default");
    const QString last = path.last();
    if (type == u"cluster" && path.size() == 1) {
        if (!cp.clusters().find(last))
            return notFound(arn);
        return ResourceRef{state::kClusterKind, last};
    }
    if (type == u"task-definition" && path.size() == 1) {
        if (!last.contains(u':') || !cp.taskDefinitions().find(last))
            return notFound(arn);
        return ResourceRef{state::kTaskDefinitionKind, last};
    }
    if (path.size() > 2)
        return notAnArn(arn);
    if (type == u"service") {
        const std::optional<Service> v = cp.services().find(cluster, last);
        if (!v)
            return notFound(arn);
        return ResourceRef{state::kServiceKind, v->cluster + u'/' + v->name};
    }
    if (type == u"task") {
        const std::optional<Task> t = cp.tasks().find(path.size() == 2 ? cluster : QString(), last);
        if (!t)
            return notFound(arn);
        return ResourceRef{state::kTaskKind, t->id};
    }
    if (type == u"container-instance") {
        const std::optional<ContainerInstance> ci = cp.instances().find(cluster, last);
        if (!ci)
            return notFound(arn);
        return ResourceRef{state::kInstanceKind, ci->id};
    }
    return notAnArn(arn);
}

Status tagResource(ControlPlane &cp, const QString &arn, const TagList &tags)
{
    Result<ResourceRef> ref = resolve(cp, arn);
    if (!ref)
        return ref.error();
    if (tags.isEmpty())
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("tags: at least one tag is required"), QStringLiteral("tags"));
    if (std::optional<Error> e = validate(tags))
        return *e;
    const TagList current = cp.tagRegistry().tags(ref->kind, ref->key);
    const TagList next = merged(current, tags);
    if (userTagCount(next) > kMaxTagsPerResource)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("tags: the resource would have %1 tags; at most %2 are allowed")
                             .arg(userTagCount(next))
                             .arg(kMaxTagsPerResource),
                         QStringLiteral("tags"));
    if (next == current)
        return Ok{};
    state::Transaction tx = cp.begin();
    cp.tagRegistry().stage(tx, ref->kind, ref->key, next, cp.clock().now());
    return cp.commit(std::move(tx));
}

Status untagResource(ControlPlane &cp, const QString &arn, const QStringList &keys)
{
    Result<ResourceRef> ref = resolve(cp, arn);
    if (!ref)
        return ref.error();
    if (keys.isEmpty())
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("tagKeys: at least one key is required"), QStringLiteral("tagKeys"));
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (keys[i].isEmpty() || keys[i].size() > kMaxKeyLength)
            return makeError(QStringLiteral("InvalidParameterException"),
                             QStringLiteral("tagKeys[%1]: must be 1 to %2 characters").arg(i).arg(kMaxKeyLength),
                             QStringLiteral("tagKeys[%1]").arg(i));
        if (isReserved(keys[i]))
            return makeError(QStringLiteral("InvalidParameterException"),
                             QStringLiteral("tagKeys[%1]: \"%2\" is reserved for AWS use and cannot be removed")
                                 .arg(i)
                                 .arg(keys[i]),
                             QStringLiteral("tagKeys[%1]").arg(i));
    }
    const TagList current = cp.tagRegistry().tags(ref->kind, ref->key);
    const TagList next = without(current, keys);
    if (next == current)
        return Ok{};
    state::Transaction tx = cp.begin();
    cp.tagRegistry().stage(tx, ref->kind, ref->key, next, cp.clock().now());
    return cp.commit(std::move(tx));
}

Result<TagList> listTags(const ControlPlane &cp, const QString &arn)
{
    Result<ResourceRef> ref = resolve(cp, arn);
    if (!ref)
        return ref.error();
    return cp.tagRegistry().tags(ref->kind, ref->key);
}

} // namespace fd::tags
