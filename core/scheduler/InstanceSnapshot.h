#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

namespace fd {
struct ContainerInstance;
}

namespace fd::scheduler {

// One container instance as the scheduler sees it at decision time: a plain value the control
// plane fills from its own state. Placement never reads anything else.
struct InstanceSnapshot
{
    QString id; // 32 hex digits, the container instance id
    QString arn;
    QString ec2InstanceId; // i-...
    bool active = true;    // status ACTIVE (DRAINING and INACTIVE take no new tasks)
    bool agentConnected = true;
    QString agentVersion; // "1.90.0"
    QDateTime registeredAt;
    QMap<QString, QString> attributes; // name -> value, the built-in ecs.* ones included
    int remainingCpu = 0;              // CPU units
    int remainingMemory = 0;           // MiB
    QList<int> usedTcpPorts;           // host ports reserved or in use
    QList<int> usedUdpPorts;
    int runningTasksCount = 0;
    QHash<QString, int> groupTaskCounts; // task group ("service:web", "family:api") -> tasks here

    // The snapshot of a model instance: built-in attributes for `region`, ECS's reserved TCP
    // ports plus the ones in use, Fleetdeck's agent version.
    static InstanceSnapshot fromModel(const ContainerInstance &ci, const QString &region,
                                      const QHash<QString, int> &groupTaskCounts = {});
};

} // namespace fd::scheduler
