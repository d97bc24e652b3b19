#include "InstanceSnapshot.h"

#include "model/Arn.h"
#include "model/ContainerInstance.h"

namespace fd::scheduler {

InstanceSnapshot InstanceSnapshot::fromModel(const ContainerInstance &ci, const QString &region,
                                             const QHash<QString, int> &groupTaskCounts)
{
    InstanceSnapshot s;
    s.id = ci.id;
    s.arn = arn::containerInstance(region, ci.cluster, ci.id);
    s.ec2InstanceId = ci.ec2InstanceId;
    s.active = ci.status == InstanceStatus::Active;
    s.agentConnected = ci.agentConnected;
    s.agentVersion = QString::fromLatin1(kAgentVersion);
    s.registeredAt = ci.registeredAt;
    s.attributes = ci.attributes(region);
    s.remainingCpu = ci.remainingCpu();
    s.remainingMemory = ci.remainingMemory();
    s.usedTcpPorts = reservedHostPorts() + ci.usedPorts;
    s.runningTasksCount = ci.runningTasksCount;
    s.groupTaskCounts = groupTaskCounts;
    return s;
}

} // namespace fd::scheduler
