#pragma once

#include "Result.h"
#include "model/TaskDefinition.h"
#include "state/Forward.h"

#include <QHash>
#include <QList>
#include <QStringList>

#include <optional>

namespace fd::registries {

// Task definition revisions, sorted by family, then revision.
class TaskDefinitionRegistry final
{
public:
    Status load(const Store &store);
    const QList<TaskDefinition> &all() const { return m_revisions; }
    // "family" (the latest ACTIVE revision), "family:revision" or an ARN; null when none.
    const TaskDefinition *find(const QString &ref) const;
    // One revision, by a binary search of the sorted revisions (no parsing); null when none.
    const TaskDefinition *find(const QString &family, int revision) const;
    int lastRevision(const QString &family) const; // 0 when the family is new
    QStringList families(std::optional<TaskDefinitionStatus> status) const;
    void stage(state::Transaction &tx, const TaskDefinition &td);
    // DELETE_IN_PROGRESS with its deleteRequestedAt (kept beside the revision's row).
    void stageDeletionRequest(state::Transaction &tx, const TaskDefinition &td);
    // Gone for good; the family keeps its last revision number, so the next registration goes on from it.
    void stageRemoval(state::Transaction &tx, const TaskDefinition &td);

private:
    void apply(const TaskDefinition &td);
    QList<TaskDefinition> m_revisions;
    QHash<QString, int> m_deletedUpTo; // family -> the highest revision number deleted
};

} // namespace fd::registries
