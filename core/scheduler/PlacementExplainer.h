#pragma once

// Private to the placement engine (scheduler/Placement.h is its public face): the words of a
// decision. ECS's failure reason and "closest matching" detail for a task that could not be
// placed, and, when the request asks for it, the explanation instance by instance: why each
// rejected instance was rejected, with the numbers, and how each candidate ranked.

#include "PlacementRequest.h"

#include <QString>

#include <vector>

namespace fd::scheduler::detail {

class PlacementExplainer
{
public:
    PlacementExplainer(const PlacementEngine::State &s, const Request &q) : m_s(s), m_q(q) {}

    // Fills tp.failure: `closest` is the instance that got furthest (-1: there are none), `c` why it stopped.
    void fail(TaskPlacement &tp, int closest, const Check &c) const;
    // Fills tp.explanation. `checks` has one entry per instance, `candidates` the instances that
    // passed, `allKeys` their strategy keys (ranks.size() per candidate); `best` is the choice or -1.
    void explainTask(TaskPlacement &tp, int best, const std::vector<Check> &checks, const std::vector<int> &candidates,
                     const std::vector<qint64> &allKeys) const;

private:
    QString ecsPhrase(int i, const Check &c) const;
    QString sentence(int i, const Check &c) const;
    QString keyWords(const Rank &k, int i, qint64 key, bool winner) const;

    const PlacementEngine::State &m_s;
    const Request &m_q;
};

} // namespace fd::scheduler::detail
