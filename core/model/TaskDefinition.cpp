#include "TaskDefinition.h"

namespace fd {

QString toString(TaskDefinitionStatus s)
{
    switch (s) {
    case TaskDefinitionStatus::Active:
        return QStringLiteral("ACTIVE");
    case TaskDefinitionStatus::Inactive:
        return QStringLiteral("INACTIVE");
    case TaskDefinitionStatus::DeleteInProgress:
        return QStringLiteral("DELETE_IN_PROGRESS");
    }
    return QStringLiteral("ACTIVE");
}

std::optional<TaskDefinitionStatus> taskDefinitionStatusFromString(const QString &s)
{
    if (s == u"ACTIVE")
        return TaskDefinitionStatus::Active;
    if (s == u"INACTIVE")
        return TaskDefinitionStatus::Inactive;
    if (s == u"DELETE_IN_PROGRESS")
        return TaskDefinitionStatus::DeleteInProgress;
    return std::nullopt;
}

} // namespace fd
