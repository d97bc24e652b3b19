#pragma once

#include "InstanceSnapshot.h"
#include "PlacementStrategy.h"
#include "ScaleIn.h" // chooseTasksToStop(), part of this header's interface

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace fd::scheduler {

// Why an instance cannot take a task, in pipeline order: the order decides which reason a
// failed placement reports (the stage that eliminated the last candidates).
enum class RejectReason {
    None,              // a candidate
    NotActive,         // DRAINING or INACTIVE
    AgentDisconnected, // ECS "AGENT"
    InsufficientCpu,   // "RESOURCE:CPU"
    InsufficientMemory,
    TcpPortInUse,     // "RESOURCE:PORTS"
    UdpPortInUse,     // "RESOURCE:PORTS_UDP"
    DistinctInstance, // "ATTRIBUTE" (constraints)
    MemberOf,
    NoInstances, // the cluster has no container instance at all
};

// The ECS failure reason for RunTask `failures[].reason` and service events: "RESOURCE:MEMORY",
// "AGENT", "ATTRIBUTE", ... Empty for None and NoInstances (the API layer words those).
QString ecsReasonCode(RejectReason reason);

struct TaskRequest
{
    int cpu = 0;         // CPU units
    int memory = 0;      // MiB: memoryReservation when set, else memory (ContainerDefinition::reservedMemory)
    QList<int> tcpPorts; // static host ports; dynamic (0) ports need nothing
    QList<int> udpPorts;
    QString group; // "service:<name>" or "family:<family>" (or a RunTask group)
    int count = 1;
    // Chained, at most 5, the first one deciding. Empty: fewest tasks of the group in the
    // instance's Availability Zone, then instance order (what ECS does without a strategy).
    QList<Strategy> strategies;
    QList<Constraint> constraints; // all binding
    quint64 seed = 0;              // for random: the same seed, the same choices
    bool explain = false;          // fill TaskPlacement::explanation (costs a full ranking)
};

// One strategy's key for one candidate, in words.
struct StrategyKey
{
    QString strategy; // "spread attribute:ecs.availability-zone"
    QString value;    // "us-east-1b had 2 tasks of group service:web"
    qint64 key = 0;   // smaller ranks first
};

struct InstanceVerdict
{
    int instance = -1; // index into the snapshot
    RejectReason reason = RejectReason::None;
    QString sentence;        // "has insufficient memory available (needs 2048 MiB, 1024 MiB left)"
    QList<StrategyKey> keys; // candidates only
    int rank = 0;            // 1-based among the candidates; 0 when rejected
};

struct TaskExplanation
{
    QList<InstanceVerdict> instances; // one per instance, in instance order
    int candidateCount = 0;
    // For the chosen instance: "ranked 1 of 37: spread attribute:ecs.availability-zone → us-east-1b had
    // 2 tasks of group service:web (fewest); binpack memory → 512 MiB left (least)". For a task that
    // could not be placed: why, instance by instance in short.
    QString summary;
};

struct PlacementFailure
{
    RejectReason reason = RejectReason::None;
    QString code;              // ecsReasonCode(reason)
    QString closestInstanceId; // the instance that went furthest through the pipeline
    // "The closest matching (container-instance 5c0f...) has insufficient memory available."
    QString detail;
};

struct TaskPlacement
{
    int instance = -1; // index into the snapshot, -1 when not placed
    QString instanceId;
    PlacementFailure failure;    // when not placed
    TaskExplanation explanation; // when the request asked for it
    bool placed() const { return instance >= 0; }
};

struct PlacementPlan
{
    QList<TaskPlacement> tasks; // request.count of them, in order
    int placedCount() const;
    QList<int> chosenInstances() const; // -1 for tasks not placed
};

// The placement pipeline over one snapshot: feasibility (ACTIVE, agent, CPU, memory, ports), then
// the constraints, then the strategies, then the choice. The engine indexes the snapshot once
// (attribute values and groups interned, remaining resources in dense arrays, instances sorted per
// Availability Zone by remaining CPU or memory for binpack) and keeps its state across calls: each
// place() commits its choices, so the next call sees them. Pure: no I/O, no clock, no signals.
class PlacementEngine
{
public:
    explicit PlacementEngine(QList<InstanceSnapshot> instances);
    ~PlacementEngine();
    PlacementEngine(const PlacementEngine &) = delete;
    PlacementEngine &operator=(const PlacementEngine &) = delete;

    // Places request.count tasks one after another, each seeing the ones before.
    PlacementPlan place(const TaskRequest &request);

    int instanceCount() const;
    const InstanceSnapshot &instance(int index) const;
    int remainingCpu(int index) const;
    int remainingMemory(int index) const;
    int runningTasksCount(int index) const;
    int groupTaskCount(int index, const QString &group) const;

    // Tests and the benchmark compare the indexed path with the plain scan of every instance;
    // both must choose the same instances.
    void setIndexedPathEnabled(bool enabled);

    struct State; // the implementation's, opaque here

private:
    std::unique_ptr<State> d;
};

// One decision on a fresh engine.
PlacementPlan planPlacement(const QList<InstanceSnapshot> &instances, const TaskRequest &request);

} // namespace fd::scheduler
