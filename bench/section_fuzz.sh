#!/usr/bin/env bash
# bench/run fuzz: the long libFuzzer run (issue 10, "Bad input and fuzzing": at least 10 million
# executions in all, none crashing). Runs resources/scripts/fuzz.sh for FLEETDECK_BENCH_FUZZ_SECONDS
# per target (default 1200) in <build-dir>/fuzz-clang, two targets at a time, and rewrites the
# "## Fuzzing" section of RESULTS.md with the executions, time and corpus size of every target. A
# crash is recorded as such (with the reproduction command fuzz.sh prints) and the exit status is 1.
#   bench/section_fuzz.sh [build-dir]      (bench/run fuzz calls it)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
# shellcheck source=section_lib.sh
source "$here/section_lib.sh"

seconds=${FLEETDECK_BENCH_FUZZ_SECONDS:-1200}
parallel=${FUZZ_PARALLEL:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
up_start=$(uptime | sed 's/^ *//')
date_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
rc=0
FUZZ_BUILD_DIR=$build/fuzz-clang FUZZ_PARALLEL=$parallel FUZZ_SUMMARY=$tmp/summary FUZZ_BUILD_LOCK=${FLEETDECK_BUILD_LOCK:-} \
    "$root/resources/scripts/fuzz.sh" "$seconds" 2>&1 | tee "$tmp/log" || rc=$?
[[ -f "$tmp/summary" ]] || { say "fuzz.sh wrote no summary (build failed?)"; exit 1; }
out=$tmp/summary

targets=$(sed -n 's/^\([a-z_0-9]*\)\.executions=.*/\1/p' "$out")
total=0
rows=
for t in $targets; do
    e=$(kv "$out" "$t.executions")
    total=$((total + ${e:-0}))
    rows+=$(printf '| `%s` | %s s | %s | %s | %s | %s | %s |' "$t" "$(kv "$out" "$t.seconds")" \
        "$(printf "%'d" "${e:-0}")" "$(kv "$out" "$t.exec_per_sec")" "$(kv "$out" "$t.corpus")" \
        "$(kv "$out" "$t.corpus_files")" "$(kv "$out" "$t.result")")$'\n'
done
verdict='**met**'
((total >= 10000000)) || verdict='**not met**'
grep -q 'result=FAILED' "$out" && verdict='**not met** (a target failed)'
{
    printf '## Fuzzing (issue 10, "Bad input and fuzzing")\n\n'
    printf 'Written by `bench/run fuzz` (resources/scripts/fuzz.sh, targets in fuzz/); do not edit by hand, run it again.\n\n'
    printf -- '- Date: %s\n' "$date_start"
    machine_line "$up_start"
    printf -- '- Build: %s, `-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all`, RelWithDebInfo (-O2), in `%s`; only the core/ sources each target needs.\n' \
        "$(kv "$out" compiler)" "build/fuzz-clang"
    printf -- '- Command: `FLEETDECK_BENCH_FUZZ_SECONDS=%s bench/run fuzz` = `FUZZ_PARALLEL=%s resources/scripts/fuzz.sh %s`: each target %s s, %s at a time, leak detection on, 30 s limit per input; seeds from fuzz/seeds/<target>/ (and resources/taskdefs/ for task definitions), dictionaries fuzz/<target>.dict. Every input also checks the promises listed at the top of each target (round trips, error shapes, negation, ...).\n' \
        "$seconds" "$parallel" "$seconds" "$seconds" "$parallel"
    printf -- '- "corpus" is libFuzzer'"'"'s corpus at the end of the run, seeds included (units/bytes); "saved" is the number of inputs it saved to the working corpus directory over all runs in that build directory.\n\n'
    printf '| target | time | executions | exec/s | corpus | saved | result |\n|---|---:|---:|---:|---:|---:|---|\n'
    printf '%s' "$rows"
    printf '| **all** | | **%s** | | | | |\n\n' "$(printf "%'d" "$total")"
    printf -- '- At least 10 million executions in all, none crashing: %s\n\n' "$verdict"
    printf '### fuzz.sh output\n\n```\n'
    grep -v '^\[' "$tmp/log" | tail -n 20
    printf '```\n'
} >"$tmp/section.md"
write_section "Fuzzing" "$tmp/section.md"
say "fuzz results in $results: $total executions in all"
exit "$rc"
