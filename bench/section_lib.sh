# shellcheck shell=bash
# Helpers shared by the bench/section_*.sh scripts (sourced, not run). They expect $here (bench/),
# $root (the repository) and $build (the build directory) to be set.

results=$here/RESULTS.md

say() { printf 'bench/run: %s\n' "$*" >&2; }

# kv FILE KEY: the value of KEY=... in FILE (empty when missing).
kv() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

# ratio A B: A / B with two decimals, n/a when either is missing or B is 0.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }

# met VALUE GOAL: **met** when VALUE <= GOAL.
met() { awk -v r="$1" -v g="$2" 'BEGIN { if (r == "n/a" || r == "") print "not measured"; else if (r + 0 <= g + 0) print "**met**"; else print "**not met**" }'; }
# An added tail latency below zero means the run-to-run noise of the tail is larger than what the
# proxy adds: say so instead of calling the goal met.
p99_verdict() { awk -v r="$1" 'BEGIN { if (r == "n/a" || r == "") print "not measured"; else if (r + 0 < 0) print "not measurable here (the tails vary more between runs than the proxy adds)"; else if (r + 0 <= 100) print "**met**"; else print "**not met**" }'; }

machine_line() {
    printf -- '- Machine: %s, %s CPUs, shared with other work (builds, tests); `uptime` at the start: `%s`; at the end: `%s`\n' \
        "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" "$(nproc)" "$1" "$(uptime | sed 's/^ *//')"
}

# Configures the build directory when needed and builds the given targets, under the build lock
# $FLEETDECK_BUILD_LOCK when it is set (a machine shared by several builds).
build_targets() {
    local lock=()
    [[ -n "${FLEETDECK_BUILD_LOCK:-}" ]] && lock=(flock "$FLEETDECK_BUILD_LOCK")
    if [[ ! -f "$build/CMakeCache.txt" ]]; then
        local generator=()
        command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
        say "configuring $build"
        "${lock[@]}" cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    fi
    say "building $* in $build"
    "${lock[@]}" cmake --build "$build" --target "$@"
}

# write_section HEADING FILE: replaces the section of RESULTS.md whose heading line starts with
# "## HEADING" (up to the next "## " heading) with FILE, or appends FILE when there is none.
write_section() {
    [[ -f "$results" ]] || printf '# Benchmark results\n' >"$results"
    awk -v head="## $1" -v sect="$2" '
        function emit() { while ((getline line < sect) > 0) print line; close(sect) }
        index($0, head) == 1 { if (!done) { emit(); done = 1 }; skip = 1; next }
        /^## / { skip = 0 }
        !skip { print }
        END { if (!done) { print ""; emit() } }
    ' "$results" >"$results.tmp" && mv "$results.tmp" "$results"
}
