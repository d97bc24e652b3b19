#pragma once

// The pure rule matcher: which of a listener's rules a request matches. Used by the proxy for every
// request and by the console's "which rule would match this request?" tester. No I/O, no state.
// The matching rules of each condition type are listed in lb/Rule.h.

#include "lb/RequestView.h"
#include "lb/Rule.h"

#include <span>

namespace fd::lb {

bool conditionMatches(const Condition &condition, const RequestView &request);
bool ruleMatches(const Rule &rule, const RequestView &request);

// The first rule of `rules` (ordered by priority, the default rule last) that matches, or nullptr
// when none does (a listener always has a default rule, so only a list without one gives nullptr).
const Rule *matchRule(std::span<const Rule> rules, const RequestView &request);

} // namespace fd::lb
