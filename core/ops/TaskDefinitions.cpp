#include "ops/TaskDefinitions.h"

#include "model/Arn.h"
#include "registries/ServiceRegistry.h"
#include "registries/TaskDefinitionRegistry.h"
#include "registries/TaskRegistry.h"
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

Result<TaskDefinition> TaskDefinitions::toLaunch(const QString &ref, bool explicitInactiveAllowed,
                                                 bool deleteInProgressAllowed) const
{
    if (ref.isEmpty())
        return invalidParameter(QStringLiteral("taskDefinition: required"), QStringLiteral("taskDefinition"));
    const TaskDefinition *found = m_taskDefinitionRegistry->find(ref);
    if (!found)
        // ECS's words and code for RunTask, StartTask, CreateService and UpdateService.
        return makeError(QStringLiteral("ClientException"), QStringLiteral("TaskDefinition not found."),
                         QStringLiteral("taskDefinition"));
    if (found->status == TaskDefinitionStatus::DeleteInProgress && !deleteInProgressAllowed)
        return invalidParameter(QStringLiteral("TaskDefinition is being deleted (DELETE_IN_PROGRESS): no new task "
                                               "or service may use it"),
                                QStringLiteral("taskDefinition"));
    const bool inactiveAllowed = explicitInactiveAllowed && ref.contains(u':');
    if (found->status != TaskDefinitionStatus::Active && !inactiveAllowed)
        return invalidParameter(QStringLiteral("TaskDefinition is inactive"), QStringLiteral("taskDefinition"));
    return *found;
}

Result<QList<TaskDefinitions::DeleteOutcome>> TaskDefinitions::requestDeletion(const QStringList &refs)
{
    QList<DeleteOutcome> out;
    Transaction tx = begin();
    QSet<QString> staged;
    for (const QString &ref : refs) {
        DeleteOutcome o;
        o.reference = ref;
        const QString r = arn::taskDefinitionRefFrom(ref);
        const TaskDefinition *found = r.contains(u':') ? m_taskDefinitionRegistry->find(r) : nullptr;
        if (!r.contains(u':')) {
            o.failureReason = QStringLiteral("The specified task definition identifier is invalid. Specify a valid "
                                             "name or a valid ARN and try again.");
        } else if (!found) {
            o.failureReason = QStringLiteral("The specified task definition does not exist. Specify a valid "
                                             "account, family, revision and try again.");
        } else if (found->status == TaskDefinitionStatus::Active) {
            o.failureReason = QStringLiteral("The specified task definition is still in ACTIVE status. Please "
                                             "deregister the target and try again.");
        } else {
            TaskDefinition td = *found;
            if (td.status == TaskDefinitionStatus::Inactive && !staged.contains(td.familyRevision())) {
                td.status = TaskDefinitionStatus::DeleteInProgress;
                td.deleteRequestedAt = now();
                m_taskDefinitionRegistry->stageDeletionRequest(tx, td);
                const QString id = td.familyRevision();
                tx.event(makeEvent(kTaskDefinitionKind, id,
                                   QStringLiteral("Task definition %1 submitted for deletion.").arg(id)));
                staged.insert(td.familyRevision());
            } else if (td.status == TaskDefinitionStatus::Inactive) {
                td.status = TaskDefinitionStatus::DeleteInProgress; // named twice in one call
                td.deleteRequestedAt = now();
            }
            o.deleted = td;
        }
        out.append(o);
    }
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return out;
}

Result<int> TaskDefinitions::finishDeletions()
{
    QList<TaskDefinition> deleting;
    for (const TaskDefinition &td : m_taskDefinitionRegistry->all()) {
        if (td.status == TaskDefinitionStatus::DeleteInProgress)
            deleting.append(td);
    }
    if (deleting.isEmpty())
        return 0;
    QSet<QString> used; // "family:revision" of every task not stopped and every service deployment
    for (const Task &t : m_taskRegistry->all()) {
        if (!t.isStopped())
            used.insert(t.taskDefinition());
    }
    for (const Service &v : m_serviceRegistry->all()) {
        if (v.status == ServiceStatus::Inactive)
            continue;
        for (const Deployment &d : v.deployments)
            used.insert(d.taskDefinition());
    }
    Transaction tx = begin();
    int waiting = 0;
    int removed = 0;
    for (const TaskDefinition &td : std::as_const(deleting)) {
        if (used.contains(td.familyRevision())) {
            ++waiting;
            continue;
        }
        m_taskDefinitionRegistry->stageRemoval(tx, td);
        m_tags->stage(tx, kTaskDefinitionKind, td.familyRevision(), {}, now());
        tx.event(makeEvent(kTaskDefinitionKind, td.familyRevision(),
                           QStringLiteral("Task definition %1 deleted.").arg(td.familyRevision())));
        ++removed;
    }
    if (removed > 0) {
        if (Status s = commit(std::move(tx)); !s)
            return s.error();
    }
    return waiting;
}

QStringList TaskDefinitions::families(std::optional<TaskDefinitionStatus> status) const
{
    return m_taskDefinitionRegistry->families(status);
}

} // namespace fd::ops
