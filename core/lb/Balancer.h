#pragma once

// Pure choices of the proxy: which target group of a forward action, which targets may get a new
// request, and which of them gets it. `ticket` is a per-group counter the caller increments per
// request (round robin and the weighted split are deterministic functions of it).

#include "lb/Rule.h"
#include "lb/Table.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace fd::lb {

// Indexes of the targets that may get a new request: the Healthy ones; when there is none, every
// Initial and Unhealthy one (fail-open); never a Draining one. Empty: no target to send to (503).
std::vector<std::size_t> routableTargets(std::span<const Target> targets);

// The index of the group that gets the request: weight w of a total W gets w out of every W
// consecutive tickets. Groups of weight 0 get nothing unless every weight is 0 (then evenly).
// nullopt only for an empty list.
std::optional<std::size_t> chooseWeighted(std::span<const WeightedGroup> groups, std::uint64_t ticket);

// Round robin: candidates[ticket % n]. Least outstanding requests: the candidate with the fewest
// requests in flight (`inFlight(index)`), ties broken round robin. nullopt for no candidates.
std::optional<std::size_t> pickTarget(Algorithm algorithm, std::span<const std::size_t> candidates,
                                      std::uint64_t ticket, const std::function<std::uint64_t(std::size_t)> &inFlight);

} // namespace fd::lb
