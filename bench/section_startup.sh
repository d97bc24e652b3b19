#!/usr/bin/env bash
# bench/run startup: cold start to the first painted window (PERFORMANCE.md row 14) against an empty
# Qt window (the floor). Rewrites the "## Cold start to first frame" section of RESULTS.md.
#   bench/section_startup.sh [build-dir]      (bench/run startup calls it)
# Environment: FLEETDECK_BENCH_RUNS=n (runs of each program, default 20).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
# shellcheck source=section_lib.sh
source "$here/section_lib.sh"

build_targets fleetdeck bench-empty-window bench-startup
runs=${FLEETDECK_BENCH_RUNS:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
up_start=$(uptime | sed 's/^ *//')
date_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
say "startup: $runs runs each of the empty window, a cold fleetdeck and a warm fleetdeck"
"$build/bench/bench-startup" --fleetdeck "$build/app/fleetdeck" --floor "$build/bench/bench-empty-window" \
    --runs "$runs" >"$tmp/out"
out=$tmp/out

cold=$(kv "$out" fleetdeck_cold_median_ms)
floor=$(kv "$out" floor_median_ms)
warm=$(kv "$out" fleetdeck_warm_median_ms)
r=$(ratio "$cold" "$floor")
row() { # label key
    printf '| %s | **%s ms** | %s ms | %s ms | %s ms |\n' "$1" "$(kv "$out" "$2_median_ms")" "$(kv "$out" "$2_min_ms")" \
        "$(kv "$out" "$2_max_ms")" "$(kv "$out" "$2_cpu_median_ms")"
}
{
    printf '## Cold start to first frame (PERFORMANCE.md row 14)\n\n'
    printf 'Written by `bench/run startup` (bench/startup.cpp times bench/empty_window.cpp and the console); do not edit by hand, run it again.\n\n'
    printf -- '- Date: %s\n' "$date_start"
    machine_line "$up_start"
    printf -- '- Qt %s, platform `offscreen` (no display server), fonts from Debian; RelWithDebInfo build with g++ as the console ships\n' \
        "$(kv "$out" qt)"
    printf -- '- Each run starts the program and times it from `posix_spawn()` to its exit with `wait4()`; both programs quit right after their first paint has been handled, so these are upper bounds of the time to the first painted frame and include the same kind of teardown. %s runs of each, interleaved (floor, cold, warm), after 2 warm-up runs; median, no pinning (the console uses more than one thread).\n' "$(kv "$out" runs)"
    printf -- '- **floor**: `bench-empty-window`, an empty `QMainWindow` of the console'"'"'s size (1280×800), same compiler, flags and Qt.\n'
    printf -- '- **cold**: `fleetdeck --exit-after-first-frame --runtime simulated --no-api --data-dir <new directory>`: a first start, so it creates the SQLite store, cluster `default` and three simulated instances before the window opens.\n'
    printf -- '- **warm**: the same on a data directory an earlier run created (nothing to create; the store is opened and read).\n'
    printf -- '- Data directories under %s (%s).\n\n' "${TMPDIR:-/tmp}" "$(df -T "${TMPDIR:-/tmp}" | awk 'NR == 2 { print $2 }')"
    printf '| | median | min | max | CPU (user+sys), median |\n|---|---:|---:|---:|---:|\n'
    row 'floor: empty QMainWindow' floor
    row '**Fleetdeck, cold** (fresh data dir)' fleetdeck_cold
    row 'Fleetdeck, warm (existing data dir)' fleetdeck_warm
    printf '\n### Goals of row 14\n\n'
    printf -- '- Fleetdeck cold start to the first painted window = **%s ms** (goal ≤ 500 ms): %s\n' "$cold" "$(met "$cold" 500)"
    printf -- '- Fleetdeck cold / floor = **%s×**; warm / floor = %s×; cold − warm = %s ms (creating the store and the default layout)\n' \
        "$r" "$(ratio "$warm" "$floor")" "$(awk -v a="$cold" -v b="$warm" 'BEGIN { printf "%.1f", a - b }')"
    printf -- '- Not measured here: the second goal of row 14, "≤ 1 s to first data shown".\n\n'
    printf '### Raw output\n\n```\n'
    cat "$out"
    printf '```\n'
} >"$tmp/section.md"
write_section "Cold start to first frame" "$tmp/section.md"
say "startup results in $results: cold ${cold} ms, floor ${floor} ms (${r}x)"
