#pragma once

#include <QDateTime>
#include <QString>

namespace fd {

struct Cluster
{
    QString name;
    QString status = QStringLiteral("ACTIVE"); // ACTIVE, INACTIVE (deleted clusters are INACTIVE)
    QDateTime createdAt;
    // Counts are derived from the other resources; later issues fill them.
    int registeredContainerInstancesCount = 0;
    int runningTasksCount = 0;
    int pendingTasksCount = 0;
    int activeServicesCount = 0;
};

} // namespace fd
