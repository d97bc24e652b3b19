#pragma once

// Scale-in: which running tasks of a group to stop, by the service's placement strategies.
// Part of scheduler/Placement.h, which includes this header.

#include "InstanceSnapshot.h"
#include "PlacementStrategy.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace fd::scheduler {

// A running task of the group being scaled in.
struct StopCandidate
{
    int instance = -1; // index into the instances
    QString taskId;
    int cpu = 0;
    int memory = 0;
};

// Scale-in: which `count` tasks to stop, in order. spread on an attribute takes from the value
// (Availability Zone) with the most tasks of the group, spread instanceId from the instance with
// the most; binpack stops the task whose instance has the most of the field left afterwards;
// random picks at random. Ties, and the choice within a zone, are random by `seed` (ECS: "pick
// randomly within an AZ"). No strategy: the Availability Zone with the most tasks, as ECS does.
QStringList chooseTasksToStop(const QList<InstanceSnapshot> &instances, const QList<StopCandidate> &tasks,
                              const QList<Strategy> &strategies, int count, quint64 seed);

} // namespace fd::scheduler
