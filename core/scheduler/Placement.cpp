#include "Placement.h"

// The engine's public face: reason codes, the plan's accessors, the engine's accessors, and
// place(), which hands one request to detail::Placer (Placer.h) over the state in PlacementState.h.

#include "PlacementState.h"
#include "Placer.h"

#include <algorithm>

namespace fd::scheduler {

QString ecsReasonCode(RejectReason reason)
{
    switch (reason) {
    case RejectReason::AgentDisconnected:
        return QStringLiteral("AGENT");
    case RejectReason::InsufficientCpu:
        return QStringLiteral("RESOURCE:CPU");
    case RejectReason::InsufficientMemory:
        return QStringLiteral("RESOURCE:MEMORY");
    case RejectReason::TcpPortInUse:
        return QStringLiteral("RESOURCE:PORTS");
    case RejectReason::UdpPortInUse:
        return QStringLiteral("RESOURCE:PORTS_UDP");
    case RejectReason::DistinctInstance:
    case RejectReason::MemberOf:
        return QStringLiteral("ATTRIBUTE");
    case RejectReason::None:
    case RejectReason::NotActive:
    case RejectReason::NoInstances:
        break;
    }
    return {};
}

int PlacementPlan::placedCount() const
{
    return int(std::count_if(tasks.cbegin(), tasks.cend(), [](const TaskPlacement &t) { return t.placed(); }));
}

QList<int> PlacementPlan::chosenInstances() const
{
    QList<int> out;
    out.reserve(tasks.size());
    for (const TaskPlacement &t : tasks)
        out << t.instance;
    return out;
}

PlacementEngine::PlacementEngine(QList<InstanceSnapshot> instances) : d(std::make_unique<State>(std::move(instances)))
{}

PlacementEngine::~PlacementEngine() = default;

int PlacementEngine::instanceCount() const
{
    return d->n;
}

const InstanceSnapshot &PlacementEngine::instance(int index) const
{
    return d->snap.at(index);
}

int PlacementEngine::remainingCpu(int index) const
{
    return d->remCpu.at(std::size_t(index));
}

int PlacementEngine::remainingMemory(int index) const
{
    return d->remMem.at(std::size_t(index));
}

int PlacementEngine::runningTasksCount(int index) const
{
    return d->running.at(std::size_t(index));
}

int PlacementEngine::groupTaskCount(int index, const QString &group) const
{
    const auto it = d->groupIds.constFind(group);
    return it == d->groupIds.cend() ? d->snap.at(index).groupTaskCounts.value(group) : d->groupCount(index, it.value());
}

void PlacementEngine::setIndexedPathEnabled(bool enabled)
{
    d->indexed = enabled;
}

PlacementPlan PlacementEngine::place(const TaskRequest &request)
{
    return detail::Placer(*d, request).run();
}

PlacementPlan planPlacement(const QList<InstanceSnapshot> &instances, const TaskRequest &request)
{
    PlacementEngine engine(instances);
    return engine.place(request);
}

} // namespace fd::scheduler
