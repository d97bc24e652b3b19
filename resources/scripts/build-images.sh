#!/usr/bin/env bash
# build-images.sh: build the demo images fleetdeck/demo-web:1 (blue) and :2 (green) on the local engine.
#
#   resources/scripts/build-images.sh <path to the built demo-web binary> [--force]
#
# Idempotent: an image is (re)built only when it is missing, or when the sha256 of the binary differs from
# its label fleetdeck.demo-web.sha256 (or the Dockerfile's from fleetdeck.demo-web.dockerfile-sha256).
# A second run with the same binary builds nothing and changes nothing.
#
# No registry is needed: the images are FROM scratch plus the static binary, built with the classic
# builder (DOCKER_BUILDKIT=0) from a temporary context holding only the binary and the Dockerfile.
#
# Environment: DOCKER  the docker client to use (default: docker on PATH)
set -euo pipefail

say() { printf 'build-images: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

usage() {
    echo "usage: $0 <demo-web binary> [--force]" >&2
    exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || usage
BINARY=$1
FORCE=0
if [[ $# -eq 2 ]]; then
    [[ $2 == --force ]] || usage
    FORCE=1
fi

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DOCKERFILE="$SCRIPT_DIR/../demo-app/Dockerfile"
DOCKER=${DOCKER:-docker}

[[ -f "$BINARY" ]] || die "no binary at '$BINARY' (build the demo-web target first)"
[[ -x "$BINARY" ]] || die "'$BINARY' is not executable"
[[ -f "$DOCKERFILE" ]] || die "no Dockerfile at $DOCKERFILE"
command -v "$DOCKER" >/dev/null 2>&1 || die "no docker client ('$DOCKER')"

# The image runs FROM scratch: a dynamically linked binary would fail only at container start.
if command -v file >/dev/null 2>&1 && ! file -L "$BINARY" | grep -q 'statically linked\|static-pie linked'; then
    die "'$BINARY' is not statically linked; it cannot run in a FROM scratch image"
fi

if ! "$DOCKER" version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    die "the Docker engine does not answer; start it with $SCRIPT_DIR/ensure-docker.sh"
fi

BINARY_SHA=$(sha256sum "$BINARY" | cut -d' ' -f1)
DOCKERFILE_SHA=$(sha256sum "$DOCKERFILE" | cut -d' ' -f1)

CONTEXT=""
cleanup() { if [[ -n "$CONTEXT" ]]; then rm -rf "$CONTEXT"; fi; }
trap cleanup EXIT

# "<binary sha256> <Dockerfile sha256>" from the image's labels; empty when the image is missing.
built_from() {
    "$DOCKER" image inspect --format \
        '{{ index .Config.Labels "fleetdeck.demo-web.sha256" }} {{ index .Config.Labels "fleetdeck.demo-web.dockerfile-sha256" }}' \
        "$1" 2>/dev/null || true
}

built=0
for spec in "1 blue" "2 green"; do
    read -r revision colour <<<"$spec"
    tag="fleetdeck/demo-web:$revision"

    if [[ $FORCE -eq 0 ]]; then
        read -r have_sha have_df <<<"$(built_from "$tag")" || true
        if [[ "$have_sha" == "$BINARY_SHA" && "$have_df" == "$DOCKERFILE_SHA" ]]; then
            say "$tag is up to date (binary sha256 ${BINARY_SHA:0:12})"
            continue
        fi
        if [[ -z "$have_sha" ]]; then
            say "$tag is missing: building it"
        else
            say "$tag was built from another binary or Dockerfile: rebuilding it"
        fi
    fi

    if [[ -z "$CONTEXT" ]]; then
        CONTEXT=$(mktemp -d "${TMPDIR:-/tmp}/fleetdeck-demo-web.XXXXXX")
        # cp -p keeps the mtime, so the COPY layer is identical for both tags and across rebuilds.
        cp -p "$BINARY" "$CONTEXT/demo-web"
        chmod 0755 "$CONTEXT/demo-web"
        cp "$DOCKERFILE" "$CONTEXT/Dockerfile"
    fi

    log="$CONTEXT/build-$revision.log"
    if ! DOCKER_BUILDKIT=0 "$DOCKER" build \
            --build-arg "REVISION=$revision" \
            --build-arg "COLOUR=$colour" \
            --build-arg "BINARY_SHA256=$BINARY_SHA" \
            --build-arg "DOCKERFILE_SHA256=$DOCKERFILE_SHA" \
            --tag "$tag" \
            "$CONTEXT" >"$log" 2>&1; then
        cat "$log" >&2
        die "docker build of $tag failed"
    fi
    id=$("$DOCKER" image inspect --format '{{.Id}}' "$tag")
    size=$("$DOCKER" image inspect --format '{{.Size}}' "$tag")
    say "built $tag (${id:7:12}, $size bytes, revision $revision, colour $colour)"
    built=$((built + 1))
done

# Dangling images left by a rebuild are ours (fleetdeck.demo=1) and useless; remove only those.
if [[ $built -gt 0 ]]; then
    dangling=$("$DOCKER" image ls --quiet --filter dangling=true --filter label=fleetdeck.demo=1)
    if [[ -n "$dangling" ]]; then
        # shellcheck disable=SC2086
        "$DOCKER" image rm $dangling >/dev/null 2>&1 || true
    fi
fi
say "done: $built image(s) built"
