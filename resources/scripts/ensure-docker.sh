#!/usr/bin/env bash
# ensure-docker.sh: make sure a Docker engine answers on /var/run/docker.sock.
#
# Idempotent. When the engine already answers, this does nothing and exits 0. Otherwise it:
#   1. installs docker.io with apt-get when dockerd is missing (sudo when not root; `apt-get update`
#      only when the install fails without it),
#   2. starts dockerd in the background (nohup + setsid, so it outlives this script),
#      trying the overlay2 storage driver first and falling back to vfs, and retrying with
#      --iptables=false when dockerd dies because iptables is unusable,
#   3. waits up to FLEETDECK_DOCKERD_TIMEOUT seconds (default 60) for the socket to answer.
# It exits non-zero with a message naming the log when the engine does not come up.
#
# The flags that worked are remembered in $STATE_FILE, so a later start uses them directly.
#
# Environment:
#   FLEETDECK_DOCKERD_LOG      log file (default /var/log/fleetdeck-dockerd.log as root,
#                              $XDG_RUNTIME_DIR/fleetdeck-dockerd.log otherwise)
#   FLEETDECK_DOCKERD_TIMEOUT  seconds to wait for the socket (default 60)
#   FLEETDECK_DOCKERD_FLAGS    extra flags for dockerd, used as given (skips the driver probing)
set -u -o pipefail

readonly SOCK=/var/run/docker.sock
readonly TIMEOUT="${FLEETDECK_DOCKERD_TIMEOUT:-60}"

say() { printf 'ensure-docker: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "not root and sudo is missing: cannot install or start dockerd"
    if [[ -t 0 ]]; then SUDO=(sudo); else SUDO=(sudo -n); fi
fi

if [[ -n "${FLEETDECK_DOCKERD_LOG:-}" ]]; then
    LOG="$FLEETDECK_DOCKERD_LOG"
elif [[ $(id -u) -eq 0 ]]; then
    LOG=/var/log/fleetdeck-dockerd.log
else
    LOG="${XDG_RUNTIME_DIR:-/tmp}/fleetdeck-dockerd.log"
fi
if [[ $(id -u) -eq 0 ]]; then
    STATE_FILE=/var/lib/fleetdeck/dockerd-flags
else
    STATE_FILE="${XDG_RUNTIME_DIR:-/tmp}/fleetdeck-dockerd-flags"
fi

# The docker client to probe with: any on PATH (/usr/local/bin/docker may be newer than the engine,
# which is fine: the client negotiates the API version down), else Debian's.
docker_cli() {
    if command -v docker >/dev/null 2>&1; then command -v docker
    elif [[ -x /usr/bin/docker ]]; then echo /usr/bin/docker
    fi
}

# 0 when the engine answers on $SOCK; 1 when nothing answers; 2 when it answers but we may not talk to it.
engine_state() {
    local cli out
    cli=$(docker_cli)
    if [[ -n "$cli" ]]; then
        out=$(timeout 10 "$cli" -H "unix://$SOCK" version --format '{{.Server.Version}}' 2>&1) && return 0
        [[ "$out" == *"permission denied"* ]] && return 2
        return 1
    fi
    if command -v curl >/dev/null 2>&1; then
        out=$(timeout 10 curl -sS --unix-socket "$SOCK" http://docker/_ping 2>&1) && [[ "$out" == OK ]] && return 0
        [[ "$out" == *"ermission denied"* ]] && return 2
    fi
    return 1
}

report_ok() {
    local cli ver
    cli=$(docker_cli)
    ver=$([[ -n "$cli" ]] && timeout 10 "$cli" -H "unix://$SOCK" version --format '{{.Server.Version}}' 2>/dev/null)
    say "Docker engine ${ver:-(version unknown)} answers on $SOCK"
}

check_engine() {
    engine_state
    case $? in
        0) return 0 ;;
        2) die "a Docker engine runs on $SOCK but you may not use it: add yourself to the docker group" \
               "(sudo usermod -aG docker \"$USER\", then log in again)" ;;
        *) return 1 ;;
    esac
}

if check_engine; then
    report_ok
    exit 0
fi

# --- 1. install docker.io when dockerd is missing -------------------------------------------------
find_dockerd() {
    if command -v dockerd >/dev/null 2>&1; then command -v dockerd
    elif [[ -x /usr/sbin/dockerd ]]; then echo /usr/sbin/dockerd
    elif [[ -x /usr/bin/dockerd ]]; then echo /usr/bin/dockerd
    fi
}

DOCKERD=$(find_dockerd)
if [[ -z "$DOCKERD" ]]; then
    command -v apt-get >/dev/null 2>&1 || die "dockerd is missing and apt-get is not available: install Docker yourself"
    say "dockerd is missing: installing docker.io with apt-get"
    apt_install() {
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            -o DPkg::Lock::Timeout=600 docker.io
    }
    if ! apt_install; then
        say "install failed; running apt-get update and trying again"
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=600 \
            || die "apt-get update failed"
        apt_install || die "apt-get install docker.io failed"
    fi
    DOCKERD=$(find_dockerd)
    [[ -n "$DOCKERD" ]] || die "docker.io is installed but dockerd is still not found"
fi

# Debian's containerd, runc and docker-proxy live in /usr/bin and /usr/sbin; make sure dockerd finds them.
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH}"

# --- 2. start dockerd -------------------------------------------------------------------------------
"${SUDO[@]}" mkdir -p "$(dirname "$LOG")" 2>/dev/null
if [[ ${#SUDO[@]} -eq 0 ]]; then
    touch "$LOG" || die "cannot write the log $LOG"
else
    touch "$LOG" 2>/dev/null || "${SUDO[@]}" touch "$LOG" || die "cannot write the log $LOG"
fi

dockerd_pids() { pgrep -x dockerd 2>/dev/null || true; }

# Wait for the socket while dockerd (pid $1, or any dockerd when $1 is empty) lives.
# 0: answers; 1: dockerd died; 3: timed out.
wait_for_engine() {
    local pid="$1" deadline=$((SECONDS + $2))
    while (( SECONDS < deadline )); do
        check_engine && return 0
        if [[ -n "$pid" ]]; then
            kill -0 "$pid" 2>/dev/null || "${SUDO[@]}" kill -0 "$pid" 2>/dev/null || {
                sleep 0.3; check_engine && return 0; return 1; }
        elif [[ -z "$(dockerd_pids)" ]]; then
            return 1
        fi
        sleep 0.5
    done
    return 3
}

# A dockerd that already runs but does not answer yet (another run of this script, or a slow start):
# wait for it rather than start a second one.
if [[ -n "$(dockerd_pids)" ]]; then
    say "dockerd is already running (pid $(dockerd_pids | paste -sd' ')); waiting up to ${TIMEOUT}s for $SOCK"
    if wait_for_engine "" "$TIMEOUT"; then report_ok; exit 0; fi
    if [[ -n "$(dockerd_pids)" ]]; then
        die "dockerd runs but $SOCK does not answer after ${TIMEOUT}s; see $LOG"
    fi
    say "that dockerd exited; starting a new one"
fi

# A pid file left by a dockerd that died stops the next one from starting.
for pidfile in /var/run/docker.pid /run/docker.pid; do
    if [[ -f "$pidfile" ]]; then
        oldpid=$(cat "$pidfile" 2>/dev/null || true)
        if [[ -z "$oldpid" ]] || ! kill -0 "$oldpid" 2>/dev/null; then
            "${SUDO[@]}" rm -f "$pidfile"
        fi
    fi
done

# A configured daemon.json storage-driver or iptables setting must not also be given as a flag.
DAEMON_JSON=/etc/docker/daemon.json
json_sets() { [[ -f "$DAEMON_JSON" ]] && grep -q "\"$1\"" "$DAEMON_JSON"; }

START_PID=""
# Start dockerd with the given flags; sets START_PID.
start_dockerd() {
    {
        printf '\n===== %s ensure-docker: starting %s %s =====\n' "$(date -Is)" "$DOCKERD" "$*"
    } | "${SUDO[@]}" tee -a "$LOG" >/dev/null
    # What this attempt logs starts here (after the header, which names the flags).
    LOG_OFFSET=$(wc -c <"$LOG" 2>/dev/null || "${SUDO[@]}" wc -c <"$LOG" 2>/dev/null || echo 0)
    if [[ ${#SUDO[@]} -eq 0 ]]; then
        setsid -f nohup "$DOCKERD" "$@" >>"$LOG" 2>&1 </dev/null
    else
        # sh -c under sudo so the log append happens as root.
        # shellcheck disable=SC2016
        "${SUDO[@]}" sh -c 'setsid -f nohup "$0" "$@" >>"'"$LOG"'" 2>&1 </dev/null' "$DOCKERD" "$@"
    fi
    # setsid -f forks, so find the dockerd it started (none ran before this point).
    START_PID=""
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        START_PID=$(pgrep -n -x dockerd 2>/dev/null || true)
        [[ -n "$START_PID" ]] && break
        sleep 0.1
    done
    # Empty when it died at once: wait_for_engine then watches for any dockerd and reports it gone.
}

# The log lines written since the last start.
attempt_log() { tail -c +$((LOG_OFFSET + 1)) "$LOG" 2>/dev/null || "${SUDO[@]}" tail -c +$((LOG_OFFSET + 1)) "$LOG"; }

deadline=$((SECONDS + TIMEOUT))
remaining() { local r=$((deadline - SECONDS)); (( r < 1 )) && r=1; echo "$r"; }

# Each attempt: flags; an attempt that dies is diagnosed from its log and the next one adjusted.
try_start() {
    start_dockerd "$@"
    wait_for_engine "$START_PID" "$(remaining)"
}

record_flags() {
    "${SUDO[@]}" mkdir -p "$(dirname "$STATE_FILE")" 2>/dev/null
    printf '%s\n' "$*" | "${SUDO[@]}" tee "$STATE_FILE" >/dev/null 2>&1 || true
}

if [[ -n "${FLEETDECK_DOCKERD_FLAGS:-}" ]]; then
    # shellcheck disable=SC2086
    read -r -a flags <<<"$FLEETDECK_DOCKERD_FLAGS"
    say "starting dockerd with FLEETDECK_DOCKERD_FLAGS: ${flags[*]}"
    try_start "${flags[@]}"
    rc=$?
    if [[ $rc -eq 0 ]]; then report_ok; exit 0; fi
    die "dockerd with flags '${flags[*]}' did not come up; see $LOG"
fi

# Flags remembered from a successful start come first.
if [[ -f "$STATE_FILE" ]]; then
    read -r -a saved <"$STATE_FILE" || saved=()
    say "starting dockerd with the flags that worked last time: ${saved[*]:-(none)}"
    try_start "${saved[@]}"
    rc=$?
    if [[ $rc -eq 0 ]]; then report_ok; exit 0; fi
    if [[ $rc -eq 3 ]]; then die "dockerd did not answer on $SOCK within ${TIMEOUT}s; see $LOG"; fi
    say "dockerd with those flags died; probing again (see $LOG)"
fi

driver_flags=()
json_sets storage-driver || driver_flags=(--storage-driver=overlay2)
iptables_flags=()
tried_vfs=0
tried_noiptables=0
json_sets iptables && tried_noiptables=1

while :; do
    flags=("${driver_flags[@]}" "${iptables_flags[@]}")
    say "starting dockerd ${flags[*]} (log: $LOG)"
    try_start "${flags[@]}"
    rc=$?
    if [[ $rc -eq 0 ]]; then
        record_flags "${flags[@]}"
        say "dockerd started with: ${flags[*]:-(no extra flags)}"
        report_ok
        exit 0
    fi
    if [[ $rc -eq 3 ]]; then
        die "dockerd did not answer on $SOCK within ${TIMEOUT}s; see $LOG"
    fi
    # dockerd died: why? Only its error lines count (its info lines mention drivers and iptables too).
    why=$(attempt_log)
    errors=$(grep -E 'failed to start daemon|level=(error|fatal)' <<<"$why" || true)
    if (( ! tried_noiptables )) && grep -qiE 'iptables|nf_tables|xtables|NAT chain' <<<"$errors"; then
        tried_noiptables=1
        iptables_flags=(--iptables=false)
        say "dockerd failed because of iptables:"
        grep -iE 'iptables|nf_tables|xtables|NAT chain' <<<"$errors" | tail -n 3 | sed 's/^/    /' >&2
        say "retrying with --iptables=false (containers get no NAT; ports published on 127.0.0.1 still work through docker-proxy)"
        continue
    fi
    if (( ! tried_vfs )) && [[ ${#driver_flags[@]} -gt 0 ]] \
        && grep -qiE 'overlay|graphdriver|storage.driver|driver not supported' <<<"$errors"; then
        tried_vfs=1
        driver_flags=(--storage-driver=vfs)
        say "the overlay2 storage driver does not work here:"
        grep -iE 'overlay|graphdriver|storage.driver|driver not supported' <<<"$errors" | tail -n 3 | sed 's/^/    /' >&2
        say "retrying with --storage-driver=vfs (slower, uses more disk)"
        continue
    fi
    say "dockerd exited; last lines of $LOG:"
    tail -n 15 <<<"$why" | sed 's/^/    /' >&2
    die "could not start dockerd; see $LOG"
done
