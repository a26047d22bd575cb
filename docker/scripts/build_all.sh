#!/usr/bin/env bash
# Builds every image of the stack from the repository root with BuildKit.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: docker/scripts/build_all.sh [--only NAME[,NAME...]] [--gpu] [--pip-source index|local]
                                   [--no-cache] [--tag TAG] [--help]

Builds rul/api, rul/dashboard, rul/edge and rul/trainer (CPU) from the repository root.
  --only LIST   build only these (api, dashboard, edge, trainer, trainer-gpu)
  --gpu         also build the CUDA trainer image (rul/trainer:TAG-cuda)
  --pip-source  where that image gets psycopg and onnx: index (default: the package index, hash-checked
                against docker/training/requirements-gpu.txt) or local (docker/training/wheels, no network)
  --no-cache    pass --no-cache to docker build
  --tag TAG     image tag (default: RUL_VERSION from .env / .env.example)
Base images are the exact tags in .env.example; on an air-gapped machine build local stand-ins
first with docker/scripts/build-base-stand-ins.sh. DOCKER selects the docker CLI.
The dashboard is skipped (with a message) while apps/dashboard does not exist.
USAGE
}

only="" gpu=0 tag="" extra=() pip_source=index
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) only="${2:?--only needs a value}"; shift 2 ;;
    --gpu) gpu=1; shift ;;
    --pip-source) pip_source="${2:?--pip-source needs index or local}"; shift 2 ;;
    --no-cache) extra+=(--no-cache); shift ;;
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

[[ "$pip_source" == index || "$pip_source" == local ]] || die "--pip-source must be index or local"
tag="${tag:-$(env_value RUL_VERSION || echo latest)}"
targets=(api dashboard edge trainer)
if [[ $gpu -eq 1 ]]; then targets+=(trainer-gpu); fi
if [[ -n "$only" ]]; then IFS=, read -r -a targets <<<"$only"; fi

arg() { printf '%s=%s' "$1" "$(env_value "$1")"; }

build() {
  local name="$1" image="$2" dockerfile="$3" started
  shift 3
  started=$(date +%s)
  log "building $image ($dockerfile $*)"
  DOCKER_BUILDKIT=1 "$DOCKER" build "${extra[@]}" -f "$dockerfile" -t "$image" "$@" "$REPO_ROOT"
  log "built $image in $(( $(date +%s) - started ))s"
  printf '%s\t%s\n' "$name" "$image"
}

cd "$REPO_ROOT"
for target in "${targets[@]}"; do
  case "$target" in
    api)
      build api "rul/api:$tag" docker/api/Dockerfile --build-arg "$(arg NODE_IMAGE)" --build-arg "$(arg DEBIAN_IMAGE)" ;;
    dashboard)
      if [[ ! -f apps/dashboard/package.json ]]; then
        log "skipping dashboard: apps/dashboard does not exist yet"
        continue
      fi
      build dashboard "rul/dashboard:$tag" docker/dashboard/Dockerfile \
        --build-arg "$(arg NODE_IMAGE)" --build-arg "$(arg NGINX_IMAGE)" ;;
    edge)
      build edge "rul/edge:$tag" docker/nginx/Dockerfile --build-arg "$(arg NGINX_IMAGE)" ;;
    trainer)
      build trainer "rul/trainer:$tag-cpu" docker/training/Dockerfile --target cpu --build-arg "$(arg DEBIAN_IMAGE)" ;;
    trainer-gpu)
      build trainer-gpu "rul/trainer:$tag-cuda" docker/training/Dockerfile --target gpu \
        --build-arg "$(arg DEBIAN_IMAGE)" --build-arg "$(arg PYTORCH_IMAGE)" --build-arg "PIP_SOURCE=$pip_source" ;;
    *) die "unknown image: $target" ;;
  esac
done
