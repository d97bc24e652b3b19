#!/bin/sh
# Renders the console's views to resources/screenshots/*.png (offscreen; no display needed).
#   resources/scripts/screenshots.sh [build-dir]     (default: ./build)
# Look at them after every UI change.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-./build}

if [ ! -f "$build/CMakeCache.txt" ]; then
    if command -v ninja >/dev/null 2>&1; then
        cmake -S "$root" -B "$build" -G Ninja
    else
        cmake -S "$root" -B "$build"
    fi
fi
cmake --build "$build" --target fleetdeck-screenshots fleetdeck-traffic-shot fleetdeck-metrics-shot fleetdeck-alarm-shot

out="$root/resources/screenshots"
mkdir -p "$out"
# Every page; the load balancer scenes end with a target group's Metrics tab after 30 minutes of
# requests really sent through the proxy (target-group-metrics-*.png).
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$build/tests/ui/fleetdeck-screenshots" "$out"
# The Traffic page and the deployment view's scoreboard under real traffic (an in-process backend).
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$build/tests/ui/fleetdeck-traffic-shot" "$out"
# A busy simulated service's Metrics tab: CPU and memory charts, an alarm's threshold and ALARM periods.
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$build/tests/ui/fleetdeck-metrics-shot" "$out"
# Alarms, the alarm wizard and the glass box of a busy simulated service (on a manual clock).
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$build/tests/ui/fleetdeck-alarm-shot" "$out"
echo "screenshots in $out"
