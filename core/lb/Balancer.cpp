#include "lb/Balancer.h"

#include <algorithm>
#include <limits>

namespace fd::lb {

std::vector<std::size_t> routableTargets(std::span<const Target> targets)
{
    std::vector<std::size_t> healthy;
    std::vector<std::size_t> failOpen;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        switch (targets[i].state) {
        case TargetState::Healthy:
            healthy.push_back(i);
            break;
        case TargetState::Initial:
        case TargetState::Unhealthy:
            failOpen.push_back(i);
            break;
        case TargetState::Draining:
            break;
        }
    }
    return healthy.empty() ? failOpen : healthy;
}

std::optional<std::size_t> chooseWeighted(std::span<const WeightedGroup> groups, std::uint64_t ticket)
{
    if (groups.empty())
        return std::nullopt;
    std::uint64_t total = 0;
    for (const WeightedGroup &g : groups)
        total += std::uint64_t(std::max(0, g.weight));
    if (total == 0)
        return std::size_t(ticket % groups.size());
    std::uint64_t slot = ticket % total;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const auto w = std::uint64_t(std::max(0, groups[i].weight));
        if (slot < w)
            return i;
        slot -= w;
    }
    return groups.size() - 1;
}

std::optional<std::size_t> pickTarget(Algorithm algorithm, std::span<const std::size_t> candidates,
                                      std::uint64_t ticket, const std::function<std::uint64_t(std::size_t)> &inFlight)
{
    if (candidates.empty())
        return std::nullopt;
    const std::size_t n = candidates.size();
    const std::size_t start = std::size_t(ticket % n);
    if (algorithm == Algorithm::RoundRobin)
        return candidates[start];
    std::size_t best = candidates[start];
    std::uint64_t fewest = std::numeric_limits<std::uint64_t>::max();
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t index = candidates[(start + k) % n];
        const std::uint64_t count = inFlight(index);
        if (count < fewest) {
            fewest = count;
            best = index;
        }
    }
    return best;
}

} // namespace fd::lb
