#!/usr/bin/env bash
# Reports the health of every container in the Compose stack; exit 1 if any is not healthy.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: docker/scripts/health_check.sh [--wait SECONDS] [--help]

Prints service, container, state and health for every container of the stack (COMPOSE_FILE /
COMPOSE_PROJECT_NAME select it) and exits 0 only when all are running and, where a healthcheck is
defined, healthy. One-shot containers that exited 0 count as fine.
  --wait SECONDS   poll until everything is healthy or SECONDS have passed
USAGE
}

wait_s=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --wait) wait_s="${2:?--wait needs seconds}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

cd "$REPO_ROOT"

check_once() {
  local ids id line bad=0 state health exit_code
  ids=$(compose ps -q)
  if [[ -z "$ids" ]]; then
    log "no containers in the stack"
    return 1
  fi
  printf '%-28s %-10s %-10s\n' CONTAINER STATE HEALTH
  for id in $ids; do
    line=$("$DOCKER" inspect -f '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.State.ExitCode}}' "$id")
    read -r name state health exit_code <<<"$line"
    printf '%-28s %-10s %-10s\n' "${name#/}" "$state" "$health"
    if [[ "$state" == "exited" && "$exit_code" == "0" ]]; then continue; fi
    if [[ "$state" != "running" ]]; then bad=1; fi
    if [[ "$health" != "healthy" && "$health" != "none" ]]; then bad=1; fi
  done
  return "$bad"
}

deadline=$(( $(date +%s) + wait_s ))
until check_once; do
  if (( $(date +%s) >= deadline )); then
    log "not all containers are healthy"
    exit 1
  fi
  sleep 5
done
log "all containers healthy"
