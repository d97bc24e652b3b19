#!/usr/bin/env bash
# bench/rolling_peer.sh: the Docker Swarm peer and the floor of the "rolling" benchmark
# (PERFORMANCE.md row 6): a rolling deployment of N = 10 tasks at minimumHealthy 100 % / maximum 200 %
# with a 1 s health check, timed from the update command to the last old task stopped.
#
#   bench/rolling_peer.sh            (needs the images fleetdeck/demo-web:1 and :2, see below)
#
# Everything goes through the local engine on /var/run/docker.sock (started with
# resources/scripts/ensure-docker.sh when it does not answer); nothing else is contacted.
# The images come from
#   cmake --build <build> --target demo-web && resources/scripts/build-images.sh <build>/resources/demo-app/demo-web
#
# It measures, in one run:
#   1. Floor. (a) one container of demo-web:2, created and started through the Engine API with the
#      1 s exec health check, from the create call to its health_status "healthy" event (the engine's
#      own timestamp); (b) the Engine API stop of one such container (SIGTERM, which the app handles),
#      the call's wall time. Median of FLEETDECK_BENCH_FLOOR_REPS (default 5) each.
#      lower_bound_ms = (a) + (b): at 100/200 all 10 new tasks may start at once and all 10 old ones
#      may stop at once, so with perfect parallelism nothing can finish sooner. For reference it also
#      measures the same with 10 containers at once (floor10_*), which is what this 2-core machine
#      really manages in parallel.
#   2. Swarm. A single-node swarm (`docker swarm init` only when the engine is not in one already, and
#      then `docker swarm leave --force` at exit), a service of 10 replicas of demo-web:1 with the same
#      health check, then `docker service update` to demo-web:2 (then back to :1, and so on,
#      FLEETDECK_BENCH_REPS times, default 3), each timed from just before the update command to the
#      last old task's container stopped (its die/stop event; polled every ~50 ms to see the end).
#
# Output: key=value lines on stdout (times in ms), for another program to combine with Fleetdeck's
# own timing; progress on stderr. Exit status non-zero when anything failed or timed out.
#
# The health check. The images are FROM scratch (no shell), so the check must be exec form:
# ["CMD", "/demo-web", "healthcheck"]. The docker CLI cannot express that: `docker run --health-cmd`
# and `docker service create --health-cmd` always wrap the string as ["CMD-SHELL", "..."] (checked:
# --health-cmd '["/demo-web","healthcheck"]' becomes ["CMD-SHELL","[\"/demo-web\",\"healthcheck\"]"]),
# which needs /bin/sh. So the containers and the service are created through the Engine API with
# curl --unix-socket; `docker service update` (CLI) keeps the service's health check as it is.
# Interval 1 s, timeout 5 s, retries 2, no start period; the engine marks a container healthy after
# its first passing check, which runs one interval after the start. The timeout only matters when the
# machine is so loaded that one exec probe takes over 2 s (seen here at a load average of 26: with a 2 s
# timeout, Swarm killed tasks as unhealthy and paused the update); it never shortens the happy path.
#
# Images by ID. The swarm executor in dockerd tries to pull a task's image from its registry before
# every task start ("we always try to pull"), unless the image is referenced by ID. With no registry
# reachable that pull would leave the machine (DNS, then HTTPS to docker.io) and delay or stall the
# task in "preparing". Referencing the images as sha256:<id> skips the pull entirely; the CLI also gets
# --no-resolve-image so it asks no registry for a digest. The script counts "pulling image failed"
# lines in the dockerd log during the run when that log is readable (swarm_pull_failures).
#
# Environment:
#   FLEETDECK_BENCH_REPS=n        swarm updates, alternating :1 -> :2 and :2 -> :1 (default 3)
#   FLEETDECK_BENCH_FLOOR_REPS=n  floor repetitions (default 5)
#   DOCKER=/path/to/docker        the docker client (default: docker on PATH)
#   FLEETDECK_DOCKERD_LOG         dockerd log to check for pull attempts (default: the one
#                                 ensure-docker.sh writes)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")

readonly SOCK=/var/run/docker.sock
readonly API=http://localhost/v1.41
readonly N=10
readonly SERVICE=fleetdeck-bench-rolling-$$
readonly RUN_LABEL=fleetdeck.bench.rolling
readonly REPS=${FLEETDECK_BENCH_REPS:-3}
readonly FLOOR_REPS=${FLEETDECK_BENCH_FLOOR_REPS:-5}
readonly POLL=0.05
DOCKER=${DOCKER:-$(command -v docker || true)}

# The health check, identical for the floor and for Swarm (durations in ns).
readonly HC='{"Test":["CMD","/demo-web","healthcheck"],"Interval":1000000000,"Timeout":5000000000,"Retries":2,"StartPeriod":0}'

say() { printf 'rolling_peer: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
out() { printf '%s\n' "$*"; }

[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "FLEETDECK_BENCH_REPS must be a positive integer"
[[ "$FLOOR_REPS" =~ ^[1-9][0-9]*$ ]] || die "FLEETDECK_BENCH_FLOOR_REPS must be a positive integer"
[[ -n "$DOCKER" ]] || die "no docker client on PATH"
command -v curl >/dev/null 2>&1 || die "curl is missing"
command -v jq >/dev/null 2>&1 || die "jq is missing"

# Microseconds since the epoch, without forking (EPOCHREALTIME; any decimal separator).
now_us() { local t=${EPOCHREALTIME//[!0-9]/}; printf '%s' "$((10#$t))"; }
# "seconds.nanoseconds" for the events API from microseconds.
since_arg() { printf '%d.%06d000' "$(($1 / 1000000))" "$(($1 % 1000000))"; }
# snooze SECONDS: sleep without forking (read with a timeout on a private fifo nobody writes).
snooze() { read -rt "$1" -u "$snooze_fd" _ || true; }
ms() { awk -v a="$1" 'BEGIN { printf "%.0f", a / 1000 }'; }   # µs -> ms
ms_ns() { awk -v a="$1" 'BEGIN { printf "%.0f", a / 1000000 }'; }   # ns -> ms

# api METHOD PATH [JSON]: one Engine API call on the local socket, bounded; body on stdout.
# Fails (with the engine's message on stderr) on any non-2xx answer.
api() {
    local method=$1 path=$2 body=${3-} resp code
    local args=(-sS --max-time "${API_TIMEOUT:-60}" --unix-socket "$SOCK" -X "$method" -w '\n%{http_code}')
    [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
    resp=$(curl "${args[@]}" "$API$path") || { say "curl $method $path failed"; return 1; }
    code=${resp##*$'\n'}
    resp=${resp%$'\n'*}
    if [[ "$code" != 2?? ]]; then
        say "$method $path: HTTP $code: $resp"
        return 1
    fi
    printf '%s' "$resp"
}

urlenc() { jq -rn --arg s "$1" '$s|@uri'; }
count_ids() { jq 'length'; }

median() {   # median of the arguments
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
join() { local IFS=,; printf '%s' "$*"; }

# ---------------------------------------------------------------------------------------------------
# Engine and images

if ! timeout 15 curl -sS --max-time 10 --unix-socket "$SOCK" "$API/_ping" >/dev/null 2>&1; then
    say "the engine does not answer on $SOCK; starting it"
    "$root/resources/scripts/ensure-docker.sh" || die "could not start the Docker engine"
fi
engine_version=$(api GET /version | jq -r .Version)
load_start=$(cut -d' ' -f1 /proc/loadavg)

image_id() { api GET "/images/$(urlenc "$1")/json" | jq -r .Id; }
V1=$(image_id fleetdeck/demo-web:1) ||
    die "no image fleetdeck/demo-web:1: cmake --build <build> --target demo-web && resources/scripts/build-images.sh <build>/resources/demo-app/demo-web"
V2=$(image_id fleetdeck/demo-web:2) || die "no image fleetdeck/demo-web:2 (see build-images.sh)"
[[ "$V1" == sha256:* && "$V2" == sha256:* && "$V1" != "$V2" ]] || die "unexpected image ids '$V1' '$V2'"
say "engine $engine_version; demo-web:1 = ${V1:7:12}, demo-web:2 = ${V2:7:12}"

dockerd_log=${FLEETDECK_DOCKERD_LOG:-/var/log/fleetdeck-dockerd.log}
[[ -r "$dockerd_log" ]] || dockerd_log=${XDG_RUNTIME_DIR:-/tmp}/fleetdeck-dockerd.log
log_lines0=
[[ -r "$dockerd_log" ]] && log_lines0=$(wc -l <"$dockerd_log")

# ---------------------------------------------------------------------------------------------------
# Cleanup: our floor containers, our service, and the swarm when this script created it.

swarm_inited=0
gwbridge_before=1
service_created=0
tmp=$(mktemp -d)
mkfifo "$tmp/snooze"
exec {snooze_fd}<>"$tmp/snooze"

cleanup() {
    local rc=$? ids i
    trap - EXIT INT TERM
    set +e
    events_stop
    if ((service_created)); then
        say "removing service $SERVICE"
        API_TIMEOUT=30 api DELETE "/services/$SERVICE" >/dev/null
        # Wait (bounded) until its containers are gone, so a swarm leave finds nothing running.
        for ((i = 0; i < 600; i++)); do
            ids=$(API_TIMEOUT=10 api GET "/containers/json?all=1&filters=$(urlenc "{\"label\":[\"com.docker.swarm.service.name=$SERVICE\"]}")" | count_ids)
            [[ "$ids" == 0 ]] && break
            sleep 0.1
        done
    fi
    ids=$(API_TIMEOUT=10 api GET "/containers/json?all=1&filters=$(urlenc "{\"label\":[\"$RUN_LABEL=$$\"]}")" | jq -r '.[].Id' 2>/dev/null)
    for i in $ids; do API_TIMEOUT=30 api DELETE "/containers/$i?force=1" >/dev/null; done
    if ((swarm_inited)); then
        say "leaving the swarm this script created"
        timeout 60 "$DOCKER" swarm leave --force >/dev/null 2>&1 || say "docker swarm leave --force failed"
        if ((!gwbridge_before)); then
            timeout 30 "$DOCKER" network rm docker_gwbridge >/dev/null 2>&1 || true
        fi
    fi
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------
# 1. Floor

create_body() {   # create_body IMAGE: a plain container with the health check, default bridge
    printf '{"Image":"%s","Labels":{"fleetdeck.bench":"1","%s":"%s"},"Healthcheck":%s,"HostConfig":{}}' \
        "$1" "$RUN_LABEL" "$$" "$HC"
}
create_start() {   # create_start IMAGE -> id on stdout
    local id
    id=$(api POST /containers/create "$(create_body "$1")" | jq -r .Id) || return 1
    api POST "/containers/$id/start" >/dev/null || return 1
    printf '%s' "$id"
}
# Events: a live stream of the engine's events (server-side filtered) into a file, from SINCE_US on,
# so every timestamp is the engine's own and none is lost to the engine's 256-event replay buffer
# (each health probe alone makes three exec events per container).
ev_pid=
events_start() {   # events_start SINCE_US FILTER_JSON FILE
    curl -sSN --max-time 600 --unix-socket "$SOCK" \
        "$API/events?since=$(since_arg "$1")&filters=$(urlenc "$2")" >"$3" 2>/dev/null &
    ev_pid=$!
}
events_stop() {
    if [[ -n "$ev_pid" ]]; then
        kill "$ev_pid" 2>/dev/null || true
        wait "$ev_pid" 2>/dev/null || true
        ev_pid=
    fi
}
ev() { jq -Rc 'fromjson? // empty' "$1"; }   # the complete event lines of FILE
# wait_healthy FILE COUNT DEADLINE_S: until COUNT containers have a "healthy" event in FILE; fails when
# one turns unhealthy or dies, or at the deadline. Bash builtins only (no process per poll), so the
# waiting costs the 2-core machine next to nothing while the engine works.
wait_healthy() {
    local deadline=$(($(now_us) + $3 * 1000000)) n line lines=()
    while :; do
        mapfile -t lines <"$1"
        n=0
        for line in "${lines[@]}"; do
            case "$line" in
                *'"status":"health_status: healthy"'*) n=$((n + 1)) ;;   # only sent on a change
                *'"status":"health_status: unhealthy"'* | *'"status":"die"'*)
                    say "a floor container turned unhealthy or died: $line"
                    return 1
                    ;;
            esac
        done
        ((n >= $2)) && return 0
        (($(now_us) < deadline)) || { say "only $n of $2 containers healthy after $3 s"; return 1; }
        snooze 0.025
    done
}
# last_healthy_ns FILE: the engine's timestamp of the last container's (first) healthy event.
last_healthy_ns() {
    ev "$1" | jq -rs '[group_by(.id)[] | map(select(.Action == "health_status: healthy") | .timeNano) | min
                      | select(. != null)] | max // empty'
}
remove() { local id; for id in "$@"; do api DELETE "/containers/$id?force=1" >/dev/null || return 1; done; }

floor_filter="{\"label\":[\"$RUN_LABEL=$$\"],\"event\":[\"health_status\",\"die\"]}"

say "floor: one container of demo-web:2, start to healthy and stop, $FLOOR_REPS times"
floor_start=() floor_stop=()
for ((r = 1; r <= FLOOR_REPS; r++)); do
    t0=$(now_us)
    events_start "$t0" "$floor_filter" "$tmp/ev"
    id=$(create_start "$V2") || die "could not start a floor container"
    wait_healthy "$tmp/ev" 1 60 || { remove "$id"; die "floor container never became healthy"; }
    events_stop
    h=$(last_healthy_ns "$tmp/ev")
    [[ -n "$h" ]] || die "no healthy event for ${id:0:12}"
    sleep 0.3   # let the engine settle before timing the stop
    t1=$(now_us)
    API_TIMEOUT=30 api POST "/containers/$id/stop?t=10" >/dev/null || die "stop failed"
    t2=$(now_us)
    remove "$id" || die "remove failed"
    floor_start+=("$(ms_ns "$((h - t0 * 1000))")")
    floor_stop+=("$(ms "$((t2 - t1))")")
    say "  run $r: start->healthy ${floor_start[-1]} ms, stop ${floor_stop[-1]} ms"
done

say "floor10: $N containers at once, start to all healthy and stop all, $FLOOR_REPS times"
floor10_start=() floor10_stop=()
for ((r = 1; r <= FLOOR_REPS; r++)); do
    rm -f "$tmp"/id.*
    t0=$(now_us)
    events_start "$t0" "$floor_filter" "$tmp/ev"
    pids=()
    for ((i = 0; i < N; i++)); do create_start "$V2" >"$tmp/id.$i" & pids+=($!); done
    ok=1
    for p in "${pids[@]}"; do wait "$p" || ok=0; done
    ids=()
    for ((i = 0; i < N; i++)); do [[ -s "$tmp/id.$i" ]] && ids+=("$(<"$tmp/id.$i")"); done
    ((ok && ${#ids[@]} == N)) || { remove "${ids[@]}"; die "could not start $N floor containers"; }
    wait_healthy "$tmp/ev" "$N" 120 || { remove "${ids[@]}"; die "floor containers never became healthy"; }
    events_stop
    hmax=$(last_healthy_ns "$tmp/ev")
    [[ -n "$hmax" ]] || die "no healthy events"
    sleep 0.3
    t1=$(now_us)
    pids=()
    for id in "${ids[@]}"; do API_TIMEOUT=30 api POST "/containers/$id/stop?t=10" >/dev/null & pids+=($!); done
    ok=1
    for p in "${pids[@]}"; do wait "$p" || ok=0; done
    t2=$(now_us)
    remove "${ids[@]}" || die "remove failed"
    ((ok)) || die "stopping the floor containers failed"
    floor10_start+=("$(ms_ns "$((hmax - t0 * 1000))")")
    floor10_stop+=("$(ms "$((t2 - t1))")")
    say "  run $r: start->all healthy ${floor10_start[-1]} ms, stop all ${floor10_stop[-1]} ms"
done

fs=$(median "${floor_start[@]}")
fp=$(median "${floor_stop[@]}")
lower_bound=$((fs + fp))
f10s=$(median "${floor10_start[@]}")
f10p=$(median "${floor10_stop[@]}")

# ---------------------------------------------------------------------------------------------------
# 2. Swarm

info=$(api GET /info)
state=$(jq -r .Swarm.LocalNodeState <<<"$info")
case "$state" in
    inactive)
        api GET /networks/docker_gwbridge >/dev/null 2>&1 || gwbridge_before=0
        say "docker swarm init --advertise-addr 127.0.0.1 (loopback only)"
        swarm_inited=1
        timeout 60 "$DOCKER" swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377 >/dev/null ||
            die "docker swarm init failed"
        ;;
    active)
        [[ $(jq -r .Swarm.ControlAvailable <<<"$info") == true ]] ||
            die "the engine is a swarm worker, not a manager: cannot create services"
        say "the engine is already a swarm manager; using that swarm (and leaving it in place)"
        ;;
    *) die "the engine's swarm state is '$state'" ;;
esac

svc_filter() {   # running containers of the service, optionally of one image
    local f="{\"label\":[\"com.docker.swarm.service.name=$SERVICE\"]"
    [[ -n "${2-}" ]] && f+=",\"ancestor\":[\"$2\"]"
    [[ "$1" == healthy ]] && f+=",\"health\":[\"healthy\"]"
    f+="}"
    api GET "/containers/json?filters=$(urlenc "$f")"
}
# wait_service IMAGE DEADLINE_S: until N healthy running containers of IMAGE, no other running
# container of the service, N running tasks, and (after an update) the update completed.
wait_service() {
    local img=$1 deadline=$(($(now_us) + $2 * 1000000)) healthy others tasks ustate
    while :; do
        healthy=$(svc_filter healthy "$img" | count_ids)
        others=$(svc_filter any | jq --arg i "$img" '[.[] | select(.ImageID != $i)] | length')
        tasks=$(api GET "/tasks?filters=$(urlenc "{\"service\":[\"$SERVICE\"],\"desired-state\":[\"running\"]}")" |
            jq '[.[] | select(.Status.State == "running")] | length')
        ustate=$(api GET "/services/$SERVICE" | jq -r '.UpdateStatus.State // "none"')
        if [[ "$healthy" == "$N" && "$others" == 0 && "$tasks" == "$N" ]] &&
            [[ "$ustate" == none || "$ustate" == completed ]]; then
            return 0
        fi
        if [[ "$ustate" == paused || "$ustate" == rollback_* ]]; then
            say "update state $ustate: $(api GET "/services/$SERVICE" | jq -c .UpdateStatus)"
            say "failed tasks: $(api GET "/tasks?filters=$(urlenc "{\"service\":[\"$SERVICE\"]}")" |
                jq -c '[.[] | select(.Status.Err != null) | {id: .ID[0:12], state: .Status.State, err: .Status.Err}] | .[0:5]')"
            return 1
        fi
        (($(now_us) < deadline)) || {
            say "service not converged: healthy=$healthy others=$others running tasks=$tasks update=$ustate"
            return 1
        }
        snooze 0.2
    done
}

say "creating service $SERVICE: $N replicas of demo-web:1 (by image id), health check $HC"
svc_body=$(printf '{"Name":"%s","Labels":{"fleetdeck.bench":"1"},"TaskTemplate":{"ContainerSpec":{"Image":"%s","Labels":{"fleetdeck.bench":"1"},"HealthCheck":%s},"RestartPolicy":{"Condition":"any","Delay":0}},"Mode":{"Replicated":{"Replicas":%d}}}' \
    "$SERVICE" "$V1" "$HC" "$N")
api POST /services/create "$svc_body" >/dev/null || die "service create failed"
service_created=1
t0=$(now_us)
wait_service "$V1" 180 || die "the service never reached $N healthy tasks"
say "  $N tasks healthy after $(ms "$(($(now_us) - t0))") ms"

# The update: the fairest Swarm equivalent of ECS minimumHealthyPercent 100 / maximumPercent 200.
#  --update-order start-first   a new task is started (and must be RUNNING, which in Swarm means its
#                               health check passed) before the old task it replaces is stopped: never
#                               fewer than 100 % healthy, as with minimumHealthy 100 %.
#  --update-parallelism 0       all tasks in one batch (0 = all, here the same as 10): up to 10 new
#                               tasks next to the 10 old, i.e. maximum 200 %. Swarm's default (1 at a
#                               time, stop-first) would be far slower and not the same deployment.
#  --update-delay 0s            no pause between batches (there is only one anyway).
#  --update-monitor 1s          how long Swarm watches the updated tasks for failure before calling
#                               the update complete; it does not delay stopping the old tasks, only
#                               the "completed" state we wait for between runs. 1 s = one health
#                               interval, the closest to ECS watching health during the deployment.
#  --update-failure-action pause  Swarm's default; a failure makes the run fail loudly here.
#  --no-resolve-image + an image ID: no registry is asked, no pull is attempted (see the header).
# The health check and everything else in the service spec are kept as created.
update_to() {   # update_to IMAGE; prints the time in ms from the command to the last old task stopped
    local new=$1 old=$2 t0 t_poll pid_cli n deadline rc end last q
    q="/containers/json?filters=$(urlenc "{\"label\":[\"com.docker.swarm.service.name=$SERVICE\"],\"ancestor\":[\"$old\"]}")"
    t0=$(now_us)
    events_start "$t0" "{\"type\":[\"container\"],\"event\":[\"die\",\"stop\"],\"label\":[\"com.docker.swarm.service.name=$SERVICE\"]}" "$tmp/ev"
    timeout 120 "$DOCKER" service update --detach --no-resolve-image --image "$new" \
        --update-parallelism 0 --update-order start-first --update-delay 0s --update-monitor 1s \
        --update-failure-action pause "$SERVICE" >"$tmp/update.out" 2>&1 &
    pid_cli=$!
    deadline=$((t0 + 120 * 1000000))
    # One curl per poll and nothing else: an empty list is "[]".
    while :; do
        n=$(api GET "$q") || n=x
        [[ "$n" == '[]'* ]] && break
        if (($(now_us) > deadline)); then
            say "old tasks still running after 120 s"
            events_stop
            wait "$pid_cli" || true
            return 1
        fi
        snooze "$POLL"
    done
    t_poll=$(now_us)
    rc=0
    wait "$pid_cli" || rc=$?
    ((rc == 0)) || { events_stop; say "docker service update failed ($rc): $(<"$tmp/update.out")"; return 1; }
    # The exact end: the engine's latest die/stop event of an old container of this service.
    sleep 0.2
    events_stop
    last=$(ev "$tmp/ev" | jq -rs --arg old "$old" '[.[] | select(.Actor.Attributes.image == $old) | .timeNano] | max // empty')
    if [[ -n "$last" ]]; then
        end=$(ms_ns "$((last - t0 * 1000))")
    else
        say "no die/stop events seen; using the polled time"
        end=$(ms "$((t_poll - t0))")
    fi
    say "  $(ms "$((t_poll - t0))") ms by polling, $end ms by the engine's events"
    printf '%s' "$end"
}

swarm_runs=()
cur=$V1 next=$V2
for ((r = 1; r <= REPS; r++)); do
    say "swarm run $r/$REPS: ${cur:7:12} -> ${next:7:12}"
    t=$(update_to "$next" "$cur") || die "swarm update $r failed"
    swarm_runs+=("$t")
    wait_service "$next" 180 || die "the service did not converge after update $r"
    # Check once that the update kept the exec health check.
    if ((r == 1)); then
        got=$(svc_filter healthy "$next" | jq -r '.[0].Id' | { read -r id; api GET "/containers/$id/json"; } | jq -c .Config.Healthcheck.Test)
        [[ "$got" == '["CMD","/demo-web","healthcheck"]' ]] || die "updated tasks have health check $got"
    fi
    sleep 1
    tmpi=$cur cur=$next next=$tmpi
done
swarm_median=$(median "${swarm_runs[@]}")

pull_failures=unknown
if [[ -n "$log_lines0" && -r "$dockerd_log" ]]; then
    pull_failures=$(tail -n +"$((log_lines0 + 1))" "$dockerd_log" | grep -c 'pulling image failed' || true)
fi

# ---------------------------------------------------------------------------------------------------
# 3. Output

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
out "engine_version=$engine_version"
out "loadavg_1min_start=$load_start"
out "loadavg_1min_end=$(cut -d' ' -f1 /proc/loadavg)"
out "tasks=$N"
out "health_check=exec [\"CMD\",\"/demo-web\",\"healthcheck\"] interval=1s timeout=5s retries=2"
out "floor_reps=$FLOOR_REPS"
out "floor_start_healthy_ms=$fs"
out "floor_start_healthy_runs_ms=$(join "${floor_start[@]}")"
out "floor_stop_ms=$fp"
out "floor_stop_runs_ms=$(join "${floor_stop[@]}")"
out "lower_bound_ms=$lower_bound"
out "floor10_start_healthy_ms=$f10s"
out "floor10_start_healthy_runs_ms=$(join "${floor10_start[@]}")"
out "floor10_stop_ms=$f10p"
out "floor10_stop_runs_ms=$(join "${floor10_stop[@]}")"
out "floor10_ms=$((f10s + f10p))"
out "swarm_reps=$REPS"
out "swarm_median_ms=$swarm_median"
out "swarm_runs_ms=$(join "${swarm_runs[@]}")"
out "swarm_over_lower_bound=$(ratio "$swarm_median" "$lower_bound")"
out "swarm_over_floor10=$(ratio "$swarm_median" "$((f10s + f10p))")"
out "swarm_pull_failures=$pull_failures"
out "swarm_settings=--update-parallelism 0 --update-order start-first --update-delay 0s --update-monitor 1s"
