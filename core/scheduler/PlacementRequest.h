#pragma once

// Private to the placement engine (scheduler/Placement.h is its public face): one request resolved
// against the engine's state (strategies to ranks over interned ids, constraints to cached masks),
// and the outcome of checking one instance against it.

#include "PlacementState.h"

#include <QString>

#include <vector>

namespace fd::scheduler::detail {

// One link of the strategy chain, resolved to interned ids.
struct Rank
{
    enum class Kind { SpreadAttribute, SpreadInstance, BinpackCpu, BinpackMemory, Random } kind = Kind::Random;
    int attr = -1;           // SpreadAttribute
    QString label;           // "spread attribute:ecs.availability-zone"
    bool isDefault = false;  // the no-strategy behaviour
    std::vector<int> counts; // SpreadAttribute: tasks of the group per attribute value (bucket)
};

struct Check
{
    RejectReason reason = RejectReason::None;
    int stage = 0;  // how far through the pipeline the instance got
    int detail = 0; // the port, or the constraint's index
};

// The per-request view: resolved strategies and constraints.
struct Request
{
    const TaskRequest &r;
    std::vector<Rank> ranks;
    bool distinct = false;
    std::vector<const std::vector<quint8> *> masks; // static memberOf, all constraints
    std::vector<int> maskConstraint;                // constraint index of each mask
    std::vector<int> dynamicConstraints;            // memberOf that read placement state
    std::vector<int> tcpPorts, udpPorts;
    int group = -1;
};

} // namespace fd::scheduler::detail
