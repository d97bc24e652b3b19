#!/usr/bin/env bash
# bench/run api: the API round trip of RunTask over HTTP, p50 and p99, beside DescribeClusters as the
# floor (issue 10, "Measured"). Rewrites the "## API round trip" section of RESULTS.md.
#   bench/section_api.sh [build-dir]      (bench/run api calls it)
# Environment: FLEETDECK_BENCH_REPS=n (runs, each with a fresh fleetdeck, default 5),
#              FLEETDECK_BENCH_API_COUNT=n (timed rounds per run, default 1000).
# Only 127.0.0.1 is used; each run's fleetdeck picks a free port and a temporary data directory and is
# stopped at the end of its run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
# shellcheck source=section_lib.sh
source "$here/section_lib.sh"

build_targets fleetdeck bench-api
reps=${FLEETDECK_BENCH_REPS:-5}
count=${FLEETDECK_BENCH_API_COUNT:-1000}
pin=()
pin_text='not pinned (one CPU)'
if (($(nproc) >= 2)); then
    pin=(--server-cpu 0 --client-cpu 1)
    pin_text='fleetdeck (all its threads) pinned to CPU 0, the client to CPU 1'
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
up_start=$(uptime | sed 's/^ *//')
date_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
say "api: $reps runs of $count rounds (DescribeClusters, RunTask, StopTask)"
"$build/bench/bench-api" --fleetdeck "$build/app/fleetdeck" --runs "$reps" --count "$count" "${pin[@]}" >"$tmp/out"
out=$tmp/out

us_ms() { awk -v a="$1" 'BEGIN { if (a == "") print "n/a"; else printf "%.2f ms", a / 1000 }'; }
list_ms() { awk -v a="$1" 'BEGIN { n = split(a, v, ","); for (i = 1; i <= n; i++) printf "%s%.2f", (i > 1 ? ", " : ""), v[i] / 1000 }'; }
{
    printf '## API round trip: RunTask vs DescribeClusters (issue 10, "Measured")\n\n'
    printf 'Written by `bench/run api` (bench/api_roundtrip.cpp); do not edit by hand, run it again.\n\n'
    printf -- '- Date: %s\n' "$date_start"
    machine_line "$up_start"
    printf -- '- Server: `fleetdeck --headless --runtime simulated --api-port 0 --data-dir <fresh temporary dir>`, a new process per run (cluster `default` with three simulated instances; state committed to SQLite with `synchronous=FULL` as always); %s.\n' "$pin_text"
    printf -- '- Client: Boost.Beast, one keep-alive HTTP/1.1 connection to 127.0.0.1 with TCP_NODELAY, one request in flight, the headers the aws CLI sends (`X-Amz-Target`, `application/x-amz-json-1.1`, a SigV4-shaped `Authorization` that Fleetdeck does not check).\n'
    printf -- '- Per run: register a task definition (one container, 16 MiB), then %s warm-up and %s timed rounds of DescribeClusters `{"clusters":["default"]}` (timed), RunTask `count=1` (timed; every answer checked to hold one task and no failure) and StopTask of that task (not timed: it keeps the number of live tasks the same from round to round). Time from writing the request to having read the whole answer.\n' \
        "$(kv "$out" warmup)" "$(kv "$out" count)"
    printf -- '- Data directories under %s (%s: SQLite commits are synced to the disk).\n' "${TMPDIR:-/tmp}" "$(df -T "${TMPDIR:-/tmp}" | awk 'NR == 2 { print $2 }')"
    printf -- '- %s runs; p50 and p99 (nearest rank) per run, median over the runs.\n\n' "$(kv "$out" runs)"
    printf '| | p50 | p99 | max (all runs) | p50 per run | p99 per run |\n|---|---:|---:|---:|---|---|\n'
    printf '| floor: **DescribeClusters** | **%s** | **%s** | %s | %s | %s |\n' "$(us_ms "$(kv "$out" describe_p50_us)")" \
        "$(us_ms "$(kv "$out" describe_p99_us)")" "$(us_ms "$(kv "$out" describe_max_us)")" \
        "$(list_ms "$(kv "$out" describe_p50_runs_us)")" "$(list_ms "$(kv "$out" describe_p99_runs_us)")"
    printf '| **RunTask** (count=1) | **%s** | **%s** | %s | %s | %s |\n\n' "$(us_ms "$(kv "$out" runtask_p50_us)")" \
        "$(us_ms "$(kv "$out" runtask_p99_us)")" "$(us_ms "$(kv "$out" runtask_max_us)")" \
        "$(list_ms "$(kv "$out" runtask_p50_runs_us)")" "$(list_ms "$(kv "$out" runtask_p99_runs_us)")"
    printf -- '- RunTask / DescribeClusters: **%s×** at p50, **%s×** at p99.\n' "$(kv "$out" ratio_p50)" "$(kv "$out" ratio_p99)"
    printf -- '- For scale, PERFORMANCE.md row 3 asks a RunTask(count=10) *decision* (in process, no HTTP) to take at most 1 ms at p99 with 1,000 instances; this is the whole HTTP round trip of count=1 on 3 instances, including the SQLite commit.\n\n'
    printf '### Raw output\n\n```\n'
    cat "$out"
    printf '```\n'
} >"$tmp/section.md"
write_section "API round trip" "$tmp/section.md"
say "api results in $results: RunTask p50 $(kv "$out" runtask_p50_us) us, DescribeClusters p50 $(kv "$out" describe_p50_us) us"
