#!/usr/bin/env bash
# bench/run tables: the event log and the task table at 100,000 rows (PERFORMANCE.md row 11), beside
# a minimal model over a vector (the floor) and QStandardItemModel under a QSortFilterProxyModel (the
# peer PERFORMANCE.md names), all in one run of bench-large-tables (offscreen). Rewrites the
# "## Large tables" section of RESULTS.md.
#   bench/section_tables.sh [build-dir]      (bench/run tables calls it)
# Environment: FLEETDECK_BENCH_ROWS=n (default 100000), FLEETDECK_BENCH_REPS=n (samples per
# operation, default 20). No Docker. About 5 minutes, most of it building 100,000 tasks through
# RunTask for the task table.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
# shellcheck source=section_lib.sh
source "$here/section_lib.sh"

build_targets bench-large-tables
rows=${FLEETDECK_BENCH_ROWS:-100000}
reps=${FLEETDECK_BENCH_REPS:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
up_start=$(uptime | sed 's/^ *//')
date_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
pin=()
command -v taskset >/dev/null 2>&1 && pin=(taskset -c 1)
say "tables: $rows rows, $reps samples per operation"
QT_QPA_PLATFORM=offscreen "${pin[@]}" "$build/bench/bench-large-tables" --rows "$rows" --reps "$reps" >"$tmp/out" 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; exit 1; }
out=$tmp/out

cell() { # subject op: "median / p99" or n/a
    local m p
    m=$(kv "$out" "$1_$2_median") p=$(kv "$out" "$1_$2_p99")
    [[ -n "$m" ]] && printf '%s / %s' "$m" "$p" || printf 'n/a'
}
row() { # label op goal
    printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$(cell floor "$2")" "$(cell peer "$2")" "$(cell events "$2")" \
        "$(cell tasks "$2")" "$3"
}
# verdict subject op goal-ms: judged on the p99 (every operation, not the typical one)
verdict() { met "$(kv "$out" "$1_$2_p99")" "$3"; }
{
    printf '## Large tables (PERFORMANCE.md row 11)\n\n'
    printf 'Written by `bench/run tables` (bench/large_tables.cpp); do not edit by hand, run it again.\n\n'
    printf -- '- Date: %s; %s rows; %s samples per operation (filter and sort: fewer, see n in the raw output)\n' \
        "$date_start" "$rows" "$(kv "$out" reps)"
    machine_line "$up_start"
    printf -- '- Qt %s, `QT_QPA_PLATFORM=offscreen`, 1280×800 window, pinned to CPU 1. Each operation is timed on the UI thread with `QElapsedTimer`, the posted work it causes included (`processEvents()` inside the timed span).\n' "$(kv "$out" qt)"
    printf -- '- **floor**: a minimal `QAbstractTableModel` over a `std::vector` of four strings in a `QTableView`, no proxy; its filter is one loop over the strings, its sort an index sorted over the column.\n'
    printf -- '- **peer**: `QStandardItemModel` (4 columns) under a `QSortFilterProxyModel`, the same rows (appended with `appendRow`, its batch API).\n'
    printf -- '- **events**: the console'"'"'s `EventLogView` (EventLogModel + EventLogFilterModel) holding the rows as events (capacity = rows), fed in batches of 1,000 as committed change sets arrive (`ChangeFeed::eventsAppended`); `append_full` is a batch once the log is full (the 1,000 oldest removed with it).\n'
    printf -- '- **tasks**: the console'"'"'s `TasksView` (TaskTableModel + SortKeyProxyModel, sorted by Started) over a control plane holding the rows as tasks on 1,000 simulated instances (built with RunTask, %s s, not timed). `open` is showing the cluster, and `refresh every row` a re-read of every task (after a burst of more than 256 changes): both are loads in steps (the ids listed in place, then at most %s tasks read, compared or removed per step, new rows in the order of the view'"'"'s sort so each batch lands in one piece), timed from the call until every row is loaded and painted, as the longest single event the application delivered (one UI-thread step: a load step, a paint, an idle slice of the proxy), in wall-clock time and in the UI thread'"'"'s CPU time (wall-clock includes preemption by the other work sharing the machine), and the time until fully loaded (the page is usable meanwhile and says "loading N of M"); `refresh` is one task changed in the control plane (not timed; a field no cell shows) and what the model'"'"'s coalescing timer then runs (the keyed update of that row) plus the repaint; `refresh_shown` the same for a task on screen whose health changes (one cell).\n' \
        "$(kv "$out" tasks_setup_s)" "$(kv "$out" tasks_load_batch)"
    printf -- '- Memory of the Tasks page at %s tasks (VmRSS of the process): %s MiB before the first open, %s MiB once loaded, %s MiB after the idle fill of the proxy'"'"'s filter texts and the sort keys of all 10 columns.\n' \
        "$rows" "$(kv "$out" tasks_rss_before_mib)" "$(kv "$out" tasks_rss_open_mib)" "$(kv "$out" tasks_rss_settled_mib)"
    printf -- '- Operations: `append` a batch of 1,000 rows; `paint` a repaint of the visible rows; `scroll` a jump to a random row and its repaint; `refresh` a change of the visible rows (floor and peer: dataChanged / setData over them) and the repaint it schedules (the region the view marked dirty, painted as the next frame paints it, not a forced repaint of the whole viewport; `<who>_refresh_paints` in the raw output counts the paint events); `filter` typing a text that matches 1 %% of the rows (events, floor, peer) or a task id prefix (tasks), and clearing it; `sort` a click on a column header (peer: 2 columns, tasks: Task, Container instance, Started and Last status, both orders).\n\n'
    printf '| operation (ms, median / p99) | floor | peer | **events** | **tasks** | goal |\n|---|---:|---:|---:|---:|---|\n'
    row 'append a batch of 1,000' append '≤ 16 ms'
    row 'append a batch at capacity' append_full '≤ 16 ms'
    row 'paint the visible rows' paint '≤ 16 ms'
    row 'scroll to a random row' scroll '≤ 16 ms'
    row 'refresh the visible rows (1 Hz)' refresh '≤ 2 ms'
    row 'refresh a task on screen (1 Hz)' refresh_shown '≤ 2 ms'
    row 'open the page: longest UI-thread step' open_event '≤ 16 ms'
    row 'open the page: longest step, UI thread CPU time' open_event_cpu '≤ 16 ms'
    row 'open the page: until every row is loaded' open_total 'for reference (usable meanwhile)'
    row 'refresh every row (after a burst): longest UI-thread step' refresh_full_event '≤ 16 ms'
    row 'refresh every row: longest step, UI thread CPU time' refresh_full_event_cpu '≤ 16 ms'
    row 'refresh every row: until every row is read' refresh_full_total 'for reference'
    row 'filter (type / clear)' filter '≤ 100 ms'
    row 'sort (header click)' sort '≤ 100 ms'
    printf '\n### Goals of row 11 (judged on the p99)\n\n'
    for s in events tasks; do
        printf -- '- %s: append %s, paint %s, scroll %s, refresh %s, filter %s, sort %s%s\n' "$s" \
            "$(verdict "$s" append 16)" "$(verdict "$s" paint 16)" "$(verdict "$s" scroll 16)" \
            "$( [[ $s == tasks ]] && printf '%s (on screen: %s)' "$(verdict "$s" refresh 2)" "$(verdict "$s" refresh_shown 2)" || printf 'n/a (events never change)')" \
            "$(verdict "$s" filter 100)" "$( [[ $s == tasks ]] && verdict "$s" sort 100 || printf 'n/a (newest first, not sortable)')" \
            "$( [[ $s == tasks ]] && printf ', open: longest step %s (CPU time %s), refresh every row: longest step %s (CPU time %s)' \
                "$(verdict "$s" open_event 16)" "$(verdict "$s" open_event_cpu 16)" "$(verdict "$s" refresh_full_event 16)" "$(verdict "$s" refresh_full_event_cpu 16)")"
    done
    printf -- '- Ratios to the peer (median): events filter %s×, tasks sort %s×; to the floor: events filter %s×, tasks sort %s×, events append %s×\n' \
        "$(ratio "$(kv "$out" events_filter_median)" "$(kv "$out" peer_filter_median)")" \
        "$(ratio "$(kv "$out" tasks_sort_median)" "$(kv "$out" peer_sort_median)")" \
        "$(ratio "$(kv "$out" events_filter_median)" "$(kv "$out" floor_filter_median)")" \
        "$(ratio "$(kv "$out" tasks_sort_median)" "$(kv "$out" floor_sort_median)")" \
        "$(ratio "$(kv "$out" events_append_median)" "$(kv "$out" floor_append_median)")"
    printf -- '- Structural rules (tests/ui/TestLargeTables, not timing): one insert per committed change set; no reset or layoutChanged while appending; trimming in one removal; a filter change is one reset of the proxy; a task change is a dataChanged of each cell whose shown value changed (none when nothing shown changed); a task load reads, compares or removes at most a batch per step, inserts each batch once, lands it in one piece in the sorted view, and ends (with changes committed meanwhile) as a read from scratch; no column of either table fits its contents.\n\n'
    printf '### Raw output\n\n```\n'
    cat "$out"
    printf '```\n'
} >"$tmp/section.md"
write_section "Large tables" "$tmp/section.md"
say "tables results in $results"
