#pragma once

// Wildcard patterns of ALB rule conditions: `*` matches zero or more characters, `?` exactly one.

#include <string_view>

namespace fd::lb {

enum class Case { Sensitive, Insensitive };
enum class Escapes { None, Backslash }; // Backslash: `\*`, `\?` and `\\` match that character literally

// True when `pattern` matches the whole of `text`. Linear in practice (greedy with one backtrack
// point), so a long text with many `*` costs O(pattern x text) at worst, never exponential.
bool wildcardMatch(std::string_view pattern, std::string_view text, Case sensitivity = Case::Sensitive,
                   Escapes escapes = Escapes::None);

} // namespace fd::lb
