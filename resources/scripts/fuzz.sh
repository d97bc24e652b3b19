#!/usr/bin/env bash
# resources/scripts/fuzz.sh [seconds-per-target]: builds Fleetdeck's libFuzzer targets (fuzz/) with
# clang in a build directory of their own and runs each for the given time (default 60 s). Prints
# executions, executions per second and corpus size per target. Exits non-zero when a target finds
# a crash, a leak, a sanitizer report or a broken promise (fuzz/FuzzCheck.h), when a single input
# runs longer than 30 s, or when the build fails; the failing input is kept and the command that
# reproduces it is printed.
#
# Needs clang and the fuzzer runtime (Debian: clang libclang-rt-14-dev), cmake, ninja, Qt 6 Core and
# nlohmann/json (resources/scripts/quickstart installs them all).
#
# Environment:
#   FUZZ_BUILD_DIR=dir   the clang build directory (default <repo>/build/fuzz-clang)
#   FUZZ_WORK_DIR=dir    where corpora, logs and failing inputs go (default <build dir>/work); the
#                        corpus grows across runs that use the same directory
#   FUZZ_TARGETS="a b"   only these targets (default: every target fuzz/CMakeLists.txt declares)
#   FUZZ_PARALLEL=n      run up to n targets at once (default 1)
#   FUZZ_BUILD_LOCK=f    hold `flock f` while configuring and building (a shared machine's build lock)
#   FUZZ_NO_BUILD=1      run the targets as they are built (bench/run fuzz's later rounds)
#   FUZZ_SUMMARY=file    also write the results as key=value lines (bench/run fuzz reads them)
#   CXX_FUZZ=clang++     the compiler
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-60}
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [seconds-per-target]" >&2; exit 2; }
build=${FUZZ_BUILD_DIR:-$root/build/fuzz-clang}
work=${FUZZ_WORK_DIR:-$build/work}
parallel=${FUZZ_PARALLEL:-1}
cxx=${CXX_FUZZ:-clang++}

say() { printf 'fuzz.sh: %s\n' "$*" >&2; }

# 1. The compiler and its fuzzer runtime.
if ! command -v "$cxx" >/dev/null 2>&1; then
    say "$cxx not found: install clang and libclang-rt-14-dev (resources/scripts/quickstart does)"
    exit 2
fi
runtime_dir=$("$cxx" -print-runtime-dir 2>/dev/null || true)
if ! ls "$runtime_dir"/libclang_rt.fuzzer*.a >/dev/null 2>&1; then
    say "the libFuzzer runtime is missing from ${runtime_dir:-the runtime directory of $cxx}: install libclang-rt-14-dev"
    exit 2
fi

# 2. Configure (once) and build, under the build lock when one is given.
lock=()
[[ -n "${FUZZ_BUILD_LOCK:-}" ]] && lock=(flock "$FUZZ_BUILD_LOCK")
if [[ ! -f "$build/CMakeCache.txt" ]]; then
    generator=()
    command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
    launcher=()
    command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    say "configuring $build with $cxx"
    "${lock[@]}" cmake -S "$root/fuzz" -B "$build" "${generator[@]}" "${launcher[@]}" \
        -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
build_start=$(date +%s)
if [[ -n "${FUZZ_NO_BUILD:-}" && -d "$build/targets" ]]; then
    say "not building (FUZZ_NO_BUILD): running the targets as built in $build"
else
    say "building the fuzz targets in $build"
    "${lock[@]}" cmake --build "$build" --parallel "$(nproc)"
fi
build_seconds=$(($(date +%s) - build_start))

# 3. The targets, from the manifests fleetdeck_add_fuzzer() writes.
targets=()
if [[ -n "${FUZZ_TARGETS:-}" ]]; then
    read -r -a targets <<<"$FUZZ_TARGETS"
else
    for m in "$build"/targets/*.txt; do
        [[ -f "$m" ]] && targets+=("$(basename "$m" .txt)")
    done
fi
((${#targets[@]} > 0)) || { say "no fuzz targets in $build/targets"; exit 2; }

mkdir -p "$work"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# run_target NAME: fuzzes NAME for $seconds; its log goes to $work/NAME.log.
run_target() {
    local name=$1 manifest=$build/targets/$1.txt
    [[ -f "$manifest" ]] || { echo "no target $name" >"$work/$name.log"; return 2; }
    local binary seeds=() args=()
    binary=$(sed -n 's/^binary=//p' "$manifest")
    while IFS= read -r s; do [[ -d "$s" ]] && seeds+=("$s"); done < <(sed -n 's/^seeds=//p' "$manifest")
    while IFS= read -r d; do args+=("-dict=$d"); done < <(sed -n 's/^dict=//p' "$manifest")
    while IFS= read -r o; do args+=("$o"); done < <(sed -n 's/^option=//p' "$manifest")
    mkdir -p "$work/corpus/$name" "$work/artifacts/$name"
    # New inputs go to the first directory (the working corpus); the seeds are only read.
    "$binary" -max_total_time="$seconds" -print_final_stats=1 -timeout=30 -rss_limit_mb=2048 \
        -artifact_prefix="$work/artifacts/$name/" "${args[@]}" "$work/corpus/$name" "${seeds[@]}" \
        >"$work/$name.log" 2>&1
}

# The sanitizers' and the fuzz targets' own reports: any of them fails the run even if the exit
# status were 0.
report_pattern='ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:|==fuzz== broken promise|SUMMARY: '

say "fuzzing ${targets[*]} for ${seconds} s each (${parallel} at a time); logs in $work"
declare -A rc
for name in "${targets[@]}"; do
    rm -f "$work/$name.rc"
    (
        status=0
        run_target "$name" || status=$?
        echo "$status" >"$work/$name.rc"
    ) &
    while (($(jobs -rp | wc -l) >= parallel)); do wait -n || true; done
done
wait
for name in "${targets[@]}"; do
    rc[$name]=$(cat "$work/$name.rc" 2>/dev/null || echo 99)
done

# 4. Results.
fuzz_stat() { sed -n "s/^stat::$2: *//p" "$1" | tail -n 1; }
failed=0
summary=()
printf '\n%-24s %8s %12s %9s %16s %10s  %s\n' target seconds executions exec/s "corpus (units)" "new units" result
for name in "${targets[@]}"; do
    log=$work/$name.log
    execs=$(fuzz_stat "$log" number_of_executed_units)
    took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
    [[ -n "$took" ]] || took=$seconds
    per_s=$(fuzz_stat "$log" average_exec_per_sec)
    # "#123 DONE cov: 456 ft: 789 corp: 321/45Kb ..." : libFuzzer's corpus at the end (seeds included).
    corp=$(grep -Eo 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -n 1 | sed 's/corp: //')
    new_units=$(find "$work/corpus/$name" -type f | wc -l)
    result=ok
    if [[ "${rc[$name]}" != 0 ]] || grep -Eq "$report_pattern" "$log"; then
        result="FAILED (exit ${rc[$name]})"
        failed=1
    fi
    printf '%-24s %8s %12s %9s %16s %10s  %s\n' "$name" "$took" "${execs:-?}" "${per_s:-?}" "${corp:-?}" "$new_units" "$result"
    summary+=("$name.seconds=$took" "$name.executions=${execs:-0}" "$name.exec_per_sec=${per_s:-0}"
        "$name.corpus=${corp:-?}" "$name.corpus_files=$new_units" "$name.result=$result")
done
echo
if [[ -n "${FUZZ_SUMMARY:-}" ]]; then
    {
        printf 'seconds_per_target=%s\nbuild_seconds=%s\ncompiler=%s\n' "$seconds" "$build_seconds" "$("$cxx" --version | head -n 1)"
        printf '%s\n' "${summary[@]}"
    } >"$FUZZ_SUMMARY"
fi

if ((failed)); then
    for name in "${targets[@]}"; do
        log=$work/$name.log
        if [[ "${rc[$name]}" != 0 ]] || grep -Eq "$report_pattern" "$log"; then
            say "$name failed; the end of $log:"
            tail -n 60 "$log" >&2
            for a in "$work/artifacts/$name"/*; do
                [[ -f "$a" ]] && say "reproduce: $(sed -n 's/^binary=//p' "$build/targets/$name.txt") $a"
            done
        fi
    done
    exit 1
fi
say "no crash, leak or sanitizer report in ${targets[*]} (build ${build_seconds} s)"
