#pragma once

// Private to the placement engine (scheduler/Placement.h is its public face): one place() call.
// Resolves the request against the engine's state, then per task runs the pipeline (feasibility,
// constraints, strategy keys, the choice) and commits the choice to the state. Two paths choose
// the same instance: the indexed one walks the sorted candidates of PlacementState's indexes
// (spread on an attribute and/or binpack, the common chains), the scan checks every instance and
// is the reference, and the only path when the request asks for an explanation.

#include "PlacementRequest.h"

#include <vector>

namespace fd::scheduler::detail {

class Placer
{
public:
    Placer(PlacementEngine::State &s, const TaskRequest &r) : m_s(s), m_q{r, {}, false, {}, {}, {}, {}, {}, -1} {}

    PlacementPlan run();

private:
    void resolve();
    bool portsFree(int i) const;
    // The indexed path: per bucket (attribute value) in the sorted order, the first instance that
    // passes every check is the best of its bucket; the best bucket has the fewest tasks of the
    // group, ties going to the smaller (remaining, instance) key, exactly as the scan ranks.
    int fastPick() const;
    Check check(int i) const;
    qint64 key(const Rank &k, int t, int i) const;
    // The plain pipeline over every instance; the reference the indexed path must agree with.
    int scan(int t, TaskPlacement &tp) const;
    void commit(int i);

    PlacementEngine::State &m_s;
    Request m_q;
    bool m_fastPath = false;
    const PlacementEngine::State::Index *m_index = nullptr;
    Field m_indexField = Field::None;
    const std::vector<int> *m_spreadCounts = nullptr;
};

} // namespace fd::scheduler::detail
