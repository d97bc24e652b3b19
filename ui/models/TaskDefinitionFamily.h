#pragma once

#include <QDateTime>
#include <QString>

namespace fd::ui {

/** One row of the families list: a family and a summary of its revisions. */
struct TaskDefinitionFamily
{
    QString family;
    int activeRevisions = 0;
    int latestRevision = 0;       ///< the highest revision, ACTIVE or not
    int latestActiveRevision = 0; ///< 0 when every revision is INACTIVE
    QDateTime lastRegisteredAt;

    friend bool operator==(const TaskDefinitionFamily &, const TaskDefinitionFamily &) = default;
};

} // namespace fd::ui
