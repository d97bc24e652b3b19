#pragma once

#include "ops/Domain.h"
#include "model/TaskDefinition.h"
#include "tags/Tag.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace fd::ops {

// Task definitions: RegisterTaskDefinition, DeregisterTaskDefinition and the revisions. `ref` is
// "family", "family:revision" or a full ARN; "family" alone is the latest ACTIVE revision.
class TaskDefinitions final : public Domain
{
public:
    TaskDefinitions(ControlPlane &cp, const Registries &r) : Domain(cp, r) {}

    // The next revision of the spec's family (specs come from json/TaskDefinitionJson).
    Result<TaskDefinition> registerNew(const TaskDefinitionSpec &spec, const tags::TagList &tags = {});
    Result<TaskDefinition> find(const QString &ref) const;
    // Makes a revision INACTIVE; a revision is required.
    Result<TaskDefinition> deregister(const QString &ref);
    // By family, then revision ascending. Empty `family` means all; no status means any.
    QList<TaskDefinition> list(const QString &family = {}, std::optional<TaskDefinitionStatus> status = {}) const;
    // ACTIVE: families with at least one ACTIVE revision; INACTIVE: families with none; none: all.
    QStringList families(std::optional<TaskDefinitionStatus> status = {}) const;
    // The revisions as stored, read in place by the controllers.
    const registries::TaskDefinitionRegistry &registry() const { return *m_taskDefinitionRegistry; }
    // The revision tasks or a service start from, with ECS's errors ("taskDefinition: required",
    // "TaskDefinition not found.", "TaskDefinition is inactive"). RunTask may name an INACTIVE
    // revision explicitly (family:revision or ARN): `explicitInactiveAllowed`. A DELETE_IN_PROGRESS
    // revision only launches for the services already using it (`deleteInProgressAllowed`).
    Result<TaskDefinition> toLaunch(const QString &ref, bool explicitInactiveAllowed = false,
                                    bool deleteInProgressAllowed = false) const;
    // DeleteTaskDefinitions: each INACTIVE (or already deleting) revision goes DELETE_IN_PROGRESS; an
    // ACTIVE or unknown one is a failure with ECS's reason. Results in the order asked.
    struct DeleteOutcome
    {
        QString reference;
        std::optional<TaskDefinition> deleted; // DELETE_IN_PROGRESS
        QString failureReason;
    };
    Result<QList<DeleteOutcome>> requestDeletion(const QStringList &refs);
    // Deletes for good the DELETE_IN_PROGRESS revisions that no task (not STOPPED) and no service
    // deployment uses any more; returns how many remain waiting.
    Result<int> finishDeletions();
};

} // namespace fd::ops
