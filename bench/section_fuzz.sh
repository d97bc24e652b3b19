#!/usr/bin/env bash
# bench/run fuzz: the long libFuzzer run (issue 10, "Bad input and fuzzing": at least 10 million
# executions in all, none crashing). Runs resources/scripts/fuzz.sh in <build-dir>/fuzz-clang, two
# targets at a time, in rounds of FLEETDECK_BENCH_FUZZ_SECONDS per target (default 600) on the same
# corpus until all rounds reach FLEETDECK_BENCH_FUZZ_EXECUTIONS (default 10,000,000; at most
# FLEETDECK_BENCH_FUZZ_ROUNDS rounds, default 6), and rewrites the "## Fuzzing" section of RESULTS.md
# with the executions, time and corpus size of every target. A crash ends the run, is recorded as
# such (fuzz.sh prints the reproduction command) and the exit status is 1.
#   bench/section_fuzz.sh [build-dir]      (bench/run fuzz calls it)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
# shellcheck source=section_lib.sh
source "$here/section_lib.sh"

seconds=${FLEETDECK_BENCH_FUZZ_SECONDS:-600}
goal=${FLEETDECK_BENCH_FUZZ_EXECUTIONS:-10000000}
max_rounds=${FLEETDECK_BENCH_FUZZ_ROUNDS:-6}
parallel=${FUZZ_PARALLEL:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
up_start=$(uptime | sed 's/^ *//')
date_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# Rounds of fuzz.sh on the same corpus until the executions of all rounds reach the goal; a round
# that fails ends the run.
rc=0
total=0
rounds=0
while ((rounds < max_rounds && total < goal && rc == 0)); do
    rounds=$((rounds + 1))
    no_build=
    ((rounds > 1)) && no_build=1
    say "fuzz round $rounds: $seconds s per target, $total executions so far (goal $goal)"
    FUZZ_BUILD_DIR=$build/fuzz-clang FUZZ_PARALLEL=$parallel FUZZ_SUMMARY=$tmp/round$rounds FUZZ_NO_BUILD=$no_build \
        FUZZ_BUILD_LOCK=${FLEETDECK_BUILD_LOCK:-} "$root/resources/scripts/fuzz.sh" "$seconds" 2>&1 |
        tee "$tmp/log$rounds" || rc=$?
    [[ -f "$tmp/round$rounds" ]] || { say "fuzz.sh wrote no summary (build failed?)"; exit 1; }
    total=$((total + $(sed -n 's/^[a-z_0-9]*\.executions=//p' "$tmp/round$rounds" | awk '{ s += $1 } END { print s + 0 }')))
done
out=$tmp/round$rounds

# Per target: executions and seconds summed over the rounds; exec/s over the whole time; the corpus
# and result of the last round (a failure in any round would have ended the run there).
sum() { cat "$tmp"/round[0-9]* | sed -n "s/^$1=//p" | awk '{ s += $1 } END { print s + 0 }'; }
targets=$(sed -n 's/^\([a-z_0-9]*\)\.executions=.*/\1/p' "$out")
rows=
for t in $targets; do
    e=$(sum "$t.executions")
    s=$(sum "$t.seconds")
    rows+=$(printf '| `%s` | %s s | %s | %s | %s | %s | %s |' "$t" "$s" "$(printf "%'d" "${e:-0}")" \
        "$(awk -v e="$e" -v s="$s" 'BEGIN { printf "%d", (s > 0 ? e / s : 0) }')" "$(kv "$out" "$t.corpus")" \
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
    printf -- '- Command: `bench/run fuzz`: rounds of `FUZZ_PARALLEL=%s resources/scripts/fuzz.sh %s` (every target %s s per round, %s at a time, on the same growing corpus) until all rounds together reach %s executions (at most %s rounds); here %s round(s). Leak detection on, 30 s limit per input; seeds from fuzz/seeds/<target>/ (and resources/taskdefs/ for task definitions), dictionaries fuzz/<target>.dict. Every input also checks the promises listed at the top of each target (round trips, error shapes, negation, ...).\n' \
        "$parallel" "$seconds" "$seconds" "$parallel" "$goal" "$max_rounds" "$rounds"
    printf -- '- "corpus" is libFuzzer'"'"'s corpus at the end of the run, seeds included (units/bytes); "saved" is the number of inputs it saved to the working corpus directory over all runs in that build directory.\n\n'
    printf '| target | time | executions | exec/s | corpus | saved | result |\n|---|---:|---:|---:|---:|---:|---|\n'
    printf '%s' "$rows"
    printf '| **all** | | **%s** | | | | |\n\n' "$(printf "%'d" "$total")"
    printf -- '- At least 10 million executions in all, none crashing: %s\n\n' "$verdict"
    printf '### fuzz.sh output of the last round\n\n```\n'
    grep -v '^\[' "$tmp/log$rounds" | tail -n 12
    printf '```\n'
} >"$tmp/section.md"
write_section "Fuzzing" "$tmp/section.md"
say "fuzz results in $results: $total executions in all"
exit "$rc"
