#include "ops/TaskDefinitions.h"

#include "model/Arn.h"
#include "registries/TaskDefinitionRegistry.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "tags/TagRegistry.h"

namespace fd::ops {

using namespace state;

namespace {

Error taskDefinitionNotFound()
{
    // The wording ECS uses for an unknown family, revision or ARN.
    return makeError(QStringLiteral("ClientException"), QStringLiteral("Unable to describe task definition."));
}

} // namespace

Result<TaskDefinition> TaskDefinitions::registerNew(const TaskDefinitionSpec &spec, const tags::TagList &tagList)
{
    if (std::optional<Error> e = tags::validate(tagList))
        return *e;
    if (!isValidName(spec.family))
        return makeError(QStringLiteral("ClientException"),
                         QStringLiteral("family: must be 1 to 255 letters, numbers, hyphens and underscores"),
                         QStringLiteral("family"));
    if (spec.containerDefinitions.isEmpty())
        return makeError(QStringLiteral("ClientException"),
                         QStringLiteral("containerDefinitions: at least one container definition is required"),
                         QStringLiteral("containerDefinitions"));
    if (spec.document.isEmpty())
        return makeError(QStringLiteral("ServerException"),
                         QStringLiteral("the task definition has no document; build specs with parseTaskDefinition"));

    TaskDefinition td;
    td.spec = spec;
    td.revision = m_taskDefinitionRegistry->lastRevision(spec.family) + 1;
    td.status = TaskDefinitionStatus::Active;
    td.registeredAt = now();
    Transaction tx = begin();
    m_taskDefinitionRegistry->stage(tx, td);
    m_tags->stage(tx, kTaskDefinitionKind, td.familyRevision(), tagList, td.registeredAt);
    tx.event(makeEvent(kTaskDefinitionKind, td.familyRevision(),
                       QStringLiteral("Task definition %1 registered.").arg(td.familyRevision())));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return td;
}

Result<TaskDefinition> TaskDefinitions::find(const QString &ref) const
{
    const TaskDefinition *td = m_taskDefinitionRegistry->find(ref);
    if (!td)
        return taskDefinitionNotFound();
    return *td;
}

Result<TaskDefinition> TaskDefinitions::deregister(const QString &ref)
{
    const QString r = arn::taskDefinitionRefFrom(ref);
    if (!r.contains(u':'))
        return makeError(QStringLiteral("ClientException"),
                         QStringLiteral("taskDefinition: a revision is required to deregister (family:revision or "
                                        "full ARN), got \"%1\"")
                             .arg(r),
                         QStringLiteral("taskDefinition"));
    const TaskDefinition *found = m_taskDefinitionRegistry->find(r);
    if (!found)
        return taskDefinitionNotFound();
    TaskDefinition td = *found;
    if (td.status != TaskDefinitionStatus::Active)
        return td; // already INACTIVE: nothing to do
    td.status = TaskDefinitionStatus::Inactive;
    td.deregisteredAt = now();
    Transaction tx = begin();
    m_taskDefinitionRegistry->stage(tx, td);
    tx.event(makeEvent(kTaskDefinitionKind, td.familyRevision(),
                       QStringLiteral("Task definition %1 deregistered.").arg(td.familyRevision())));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return td;
}

QList<TaskDefinition> TaskDefinitions::list(const QString &family, std::optional<TaskDefinitionStatus> status) const
{
    QList<TaskDefinition> out;
    for (const TaskDefinition &td : m_taskDefinitionRegistry->all()) {
        if ((family.isEmpty() || td.spec.family == family) && (!status || td.status == *status))
            out.append(td);
    }
    return out;
}

Result<TaskDefinition> TaskDefinitions::toLaunch(const QString &ref, bool explicitInactiveAllowed) const
{
    if (ref.isEmpty())
        return invalidParameter(QStringLiteral("taskDefinition: required"), QStringLiteral("taskDefinition"));
    const TaskDefinition *found = m_taskDefinitionRegistry->find(ref);
    if (!found)
        // ECS's words and code for RunTask, StartTask, CreateService and UpdateService.
        return makeError(QStringLiteral("ClientException"), QStringLiteral("TaskDefinition not found."),
                         QStringLiteral("taskDefinition"));
    const bool inactiveAllowed = explicitInactiveAllowed && ref.contains(u':');
    if (found->status != TaskDefinitionStatus::Active && !inactiveAllowed)
        return invalidParameter(QStringLiteral("TaskDefinition is inactive"), QStringLiteral("taskDefinition"));
    return *found;
}

QStringList TaskDefinitions::families(std::optional<TaskDefinitionStatus> status) const
{
    return m_taskDefinitionRegistry->families(status);
}

} // namespace fd::ops
