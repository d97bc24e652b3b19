#!/usr/bin/env bash
# bench/run charts: the frame time of a live chart (PERFORMANCE.md row 10), Fleetdeck's MetricChart
# against plain Qt Charts (QLineSeries::replace of every point) in the same run. Rewrites the
# "## Chart frame time" section of RESULTS.md.
#   bench/section_charts.sh [build-dir]      (bench/run charts calls it)
# bench-chart-update: 8 series x 3,600 points (an hour at 1 Hz), each frame one new point per series
# and a render of the whole chart into an image (offscreen), both charts 1280x480 with the same pens,
# axes and antialiasing; interleaved rounds, median and p99 of every frame. No Docker. About 1 minute.
# Environment: FLEETDECK_BENCH_FRAMES=n (frames per round, default 200), FLEETDECK_BENCH_REPS=n
# (rounds, default 5), FLEETDECK_BUILD_LOCK=file.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
# shellcheck source=section_lib.sh
source "$here/section_lib.sh"

build_targets bench-chart-update
frames=${FLEETDECK_BENCH_FRAMES:-200}
rounds=${FLEETDECK_BENCH_REPS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pin=()
command -v taskset >/dev/null 2>&1 && (($(nproc) >= 2)) && pin=(taskset -c 1)
up_start=$(uptime | sed 's/^ *//')
date_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
say "charts: $rounds rounds of $frames frames, plain Qt Charts and MetricChart interleaved"
QT_QPA_PLATFORM=offscreen "${pin[@]}" "$build/bench/bench-chart-update" --frames "$frames" --rounds "$rounds" >"$tmp/out"
out=$tmp/out

om=$(kv "$out" ours_median_ms) op=$(kv "$out" ours_p99_ms)
pm=$(kv "$out" plain_median_ms) pp=$(kv "$out" plain_p99_ms)
speed=$(ratio "$pm" "$om")
row() { # label key
    printf '| %s | **%s ms** | **%s ms** | %s ms | %s ms | %s ms | %s ms | %s ms |\n' "$1" "$(kv "$out" "$2_median_ms")" "$(kv "$out" "$2_p99_ms")" \
        "$(kv "$out" "$2_max_ms")" "$(kv "$out" "$2_update_median_ms")" "$(kv "$out" "$2_render_median_ms")" \
        "$(kv "$out" "$2_cpu_median_ms")" "$(kv "$out" "$2_cpu_p99_ms")"
}
{
    printf '## Chart frame time (PERFORMANCE.md row 10)\n\n'
    printf 'Written by `bench/run charts` (bench/section_charts.sh, bench/chart_update.cpp); do not edit by hand, run it again.\n\n'
    printf -- '- Date: %s\n' "$date_start"
    machine_line "$up_start"
    printf -- '- Qt %s, platform `%s`, RelWithDebInfo; pinned to CPU 1: %s\n' "$(kv "$out" qt)" "$(kv "$out" platform)" \
        "$([[ ${#pin[@]} -gt 0 ]] && echo yes || echo 'no (no taskset or one CPU)')"
    printf -- '- Data: %s series x %s points (an hour at 1 Hz), each frame one new point per series and the oldest leaves the hour. A frame = the update plus a render of the whole chart (axes, legend, lines) into a %sx%s image with `QWidget::render`, after the posted events (Qt Charts'"'"' layout) are delivered. %s rounds x %s frames of each chart, interleaved, after 20 warm-up frames each; median and p99 over all frames.\n' \
        "$(kv "$out" series)" "$(kv "$out" points)" "$(kv "$out" width)" "$(kv "$out" height)" "$(kv "$out" rounds)" "$(kv "$out" frames)"
    printf -- '- **plain**: a `QChartView` with 8 `QLineSeries`, each given all 3,600 points with `QXYSeries::replace()` every frame (what a chart without decimation does). Same pens (width 2.5 there, 2 here), axes and antialiasing.\n'
    printf -- '- **Fleetdeck**: `fd::ui::MetricChart` (ui/charts): min/max decimation on time-aligned buckets (one bucket per %s ms here, %s points per series drawn), the time axis moving in 40ths of the window; the chart'"'"'s canvas draws the lines itself and keeps their settled part (all but the newest bucket) in an image of the plot, so a frame composes that image and strokes only the tails; the image for the time axis'"'"' next step is drawn ahead (at most 300 segments a frame, in the frames measured) and swapped in at the step; the lines stroked whole in one frame %s times in this run (set-up and warm-up included).\n\n' \
        "$(kv "$out" ours_bucket_ms)" "$(kv "$out" ours_drawn_points_per_series)" "$(kv "$out" ours_layer_rebuilds)"
    printf -- '- Wall time per frame, and the CPU time of the UI thread per frame (`CLOCK_THREAD_CPUTIME_ID`), which leaves out the time other processes on this shared machine held the CPU.\n\n'
    printf '| | median | p99 | max | update, median | render, median | CPU, median | CPU, p99 |\n|---|---:|---:|---:|---:|---:|---:|---:|\n'
    row 'plain `QLineSeries::replace`' plain
    row '**Fleetdeck MetricChart**' ours
    printf '\n### Goals of row 10\n\n'
    printf -- '- Median frame **%s ms** (goal ≤ 8 ms): %s\n' "$om" "$(met "$om" 8)"
    printf -- '- p99 frame **%s ms** (goal ≤ 16 ms): %s\n' "$op" "$(met "$op" 16)"
    oc=$(kv "$out" ours_cpu_median_ms) ocp=$(kv "$out" ours_cpu_p99_ms)
    printf -- '- CPU time per frame (the same goals, without the other processes'"'"' share): median **%s ms**: %s; p99 **%s ms**: %s; plain / Fleetdeck: %s×\n' \
        "$oc" "$(met "$oc" 8)" "$ocp" "$(met "$ocp" 16)" "$(ratio "$(kv "$out" plain_cpu_median_ms)" "$oc")"
    printf -- '- Plain / Fleetdeck, median: **%s×** (goal ≥ 4×): %s; p99: %s×\n' "$speed" \
        "$(awk -v r="$speed" 'BEGIN { if (r == "n/a") print "not measured"; else if (r + 0 >= 4) print "**met**"; else print "**not met**" }')" \
        "$(ratio "$pp" "$op")"
    printf -- '- Not measured here: on-screen frames under `xvfb-run` (the render is the same raster painting offscreen).\n\n'
    printf '### Raw output\n\n```\n'
    cat "$out"
    printf '```\n'
} >"$tmp/section.md"
write_section "Chart frame time" "$tmp/section.md"
say "charts results in $results: Fleetdeck median ${om} ms p99 ${op} ms, plain median ${pm} ms (${speed}x)"
