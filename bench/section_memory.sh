#!/usr/bin/env bash
# bench/run memory: the console's memory with 100 containers and an hour of 1 Hz history
# (PERFORMANCE.md row 13), filled quickly and honestly on the simulated runtime. Rewrites the
# "## Console memory" section of RESULTS.md.
#   bench/section_memory.sh [build-dir]      (bench/run memory calls it)
#
# The console (`fleetdeck --runtime simulated --speed 10`, window offscreen, API on a free loopback
# port) runs a service of 100 tasks created with the real aws CLI. The simulated runtime samples each
# container at most once per second of the control plane's clock, on its own 100 ms (real) tick: at
# x10 that is one sample per control-plane second, so an hour of history (3,600 points per series)
# takes 6 minutes of real time. (At x20 a tick is 2 s of control-plane time: one sample per 2 s,
# half the points an hour should hold; hence x10.) A late tick (a busy machine) skips a sample, so
# the fill runs 1.2 hours of control-plane time before the history counts as full. VmRSS and VmHWM
# are read from /proc/<pid>/status every 10 s of real time through the fill and through further
# hours (the steady state: every series full, each new point overwriting the oldest); the growth
# per hour is the RSS at the end minus the RSS when the history was full, divided by those hours.
# What this does not see: anything that grows with real time rather than with samples (it is 6
# minutes of real time per hour of history).
#
# Environment: FLEETDECK_BENCH_TASKS=n (default 100), FLEETDECK_BENCH_SPEED=n (1-10, default 10),
# FLEETDECK_BENCH_HOURS=h (steady-state hours after the fill, default 1). No Docker.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
# shellcheck source=section_lib.sh
source "$here/section_lib.sh"

tasks=${FLEETDECK_BENCH_TASKS:-100}
speed=${FLEETDECK_BENCH_SPEED:-10}
(( speed >= 1 && speed <= 10 )) || { say "memory: FLEETDECK_BENCH_SPEED must be 1-10 (above 10 the simulated runtime samples less than once a second)"; exit 2; }
hours=${FLEETDECK_BENCH_HOURS:-1}
command -v aws >/dev/null 2>&1 || { say "memory: the aws CLI is needed (pip install awscli)"; exit 2; }
build_targets fleetdeck
tmp=$(mktemp -d)
pid=
cleanup() {
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
up_start=$(uptime | sed 's/^ *//')
date_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)

QT_QPA_PLATFORM=offscreen "$build/app/fleetdeck" --runtime simulated --speed "$speed" --api-port "$port" \
    --data-dir "$tmp/data" >"$tmp/console.log" 2>&1 &
pid=$!
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=
ecs() { aws --endpoint-url "http://127.0.0.1:$port" ecs "$@"; }
for _ in $(seq 100); do ecs list-clusters >/dev/null 2>&1 && break; sleep 0.2; done
rss() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$pid/status"; }
rss_idle=$(rss VmRSS)

ecs register-task-definition --family bench-idle \
    --container-definitions '[{"name":"app","image":"fleetdeck/demo-web:1","cpu":16,"memory":32}]' >/dev/null
ecs create-service --cluster default --service-name bench-idle --task-definition bench-idle \
    --desired-count "$tasks" >/dev/null
say "memory: waiting for $tasks RUNNING tasks"
for _ in $(seq 600); do
    running=$(ecs describe-services --cluster default --services bench-idle --query 'services[0].runningCount' --output text)
    [[ "$running" == "$tasks" ]] && break
    sleep 1
done
[[ "$running" == "$tasks" ]] || { say "memory: only $running of $tasks tasks RUNNING"; exit 1; }
start=$(date +%s)
rss_start=$(rss VmRSS)
fill_s=$(( (4320 + speed - 1) / speed )) # 1.2 h of history: full even if some ticks come late
hour_s=$(( (3600 + speed - 1) / speed ))
total_s=$(( fill_s + hour_s * hours ))
say "memory: $tasks tasks RUNNING at $rss_start kB; sampling for ${total_s} s (history full after ${fill_s} s)"
printf 'real_s,history_min,vmrss_kb,vmhwm_kb\n' >"$tmp/samples.csv"
rss_full=
while :; do
    now=$(( $(date +%s) - start ))
    printf '%s,%s,%s,%s\n' "$now" "$(( now * speed / 60 ))" "$(rss VmRSS)" "$(rss VmHWM)" >>"$tmp/samples.csv"
    if [[ -z "$rss_full" ]] && (( now >= fill_s )); then rss_full=$(rss VmRSS); fi
    (( now >= total_s )) && break
    sleep 10
done
rss_end=$(rss VmRSS)
hwm_end=$(rss VmHWM)
running_end=$(ecs describe-services --cluster default --services bench-idle --query 'services[0].runningCount' --output text)
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
growth=$(awk -v a="$rss_end" -v b="$rss_full" -v h="$hours" 'BEGIN { printf "%.1f", (a - b) / 1024 / h }')
{
    printf '## Console memory (PERFORMANCE.md row 13)\n\n'
    printf 'Written by `bench/run memory` (bench/section_memory.sh); do not edit by hand, run it again.\n\n'
    printf -- '- Date: %s\n' "$date_start"
    machine_line "$up_start"
    printf -- '- The console: `fleetdeck --runtime simulated --speed %s` with its window (offscreen), the API on 127.0.0.1:%s; a service of %s tasks (16 CPU units, 32 MiB) created with the aws CLI; every task a simulated container sampled at 1 Hz of the control plane'"'"'s clock into the stats collector series, 3,600 points each (CPU %%, memory bytes and memory %%: the simulated runtime has no network or block I/O, so its other 4 series stay empty; 100 x 3 x 3,600 points x 8 B = 8.6 MB for 100 tasks), and published to the metric store.\n' "$speed" "$port" "$tasks"
    printf -- '- One sample per container per control-plane second (the simulated runtime ticks every 100 ms of real time: at x%s a tick is %s ms of control-plane time). An hour of history takes %s s of real time; the history counts as full after 1.2 h (%s s, a margin for late ticks). VmRSS/VmHWM from /proc/<pid>/status every 10 s of real time. Growth = RSS after %s more hour(s) of history with every series full, minus RSS when the history was full, per hour of history. It does not see growth that follows real time rather than samples (%s s of real time per hour of history).\n\n' \
        "$speed" "$(( speed * 100 ))" "$hour_s" "$fill_s" "$hours" "$hour_s"
    printf '| point | VmRSS |\n|---|---:|\n'
    printf '| console started, idle (3 instances, no task) | %s MB |\n' "$(mb "$rss_idle")"
    printf '| %s tasks RUNNING, no history | %s MB |\n' "$tasks" "$(mb "$rss_start")"
    printf '| **1 h of history** (every series full) | **%s MB** |\n' "$(mb "$rss_full")"
    printf '| after %s more hour(s) of history | %s MB (VmHWM %s MB) |\n\n' "$hours" "$(mb "$rss_end")" "$(mb "$hwm_end")"
    printf '### Goals of row 13\n\n'
    printf -- '- RSS with %s containers and 1 h of 1 Hz history = **%s MB** (goal ≤ 120 MB): %s\n' "$tasks" "$(mb "$rss_full")" \
        "$(met "$(mb "$rss_full")" 120)"
    printf -- '- Growth once the history is full = **%s MB per hour of history** (goal ≤ 1 MB/h): %s (extrapolated from the bounded window above)\n' \
        "$growth" "$(met "$growth" 1)"
    printf -- '- Tasks RUNNING at the end: %s of %s\n\n' "$running_end" "$tasks"
    printf '### Samples\n\n```\n'
    cat "$tmp/samples.csv"
    printf '```\n'
} >"$tmp/section.md"
write_section "Console memory" "$tmp/section.md"
say "memory results in $results: $(mb "$rss_full") MB with 1 h of history, growth $growth MB/h"
