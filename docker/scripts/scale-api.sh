#!/usr/bin/env bash
# Scales the API to N replicas and makes the edge send requests to all of them.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: docker/scripts/scale-api.sh N [--wait SECONDS] [--help]

`up -d --no-recreate --scale api=N` (nothing else is recreated), waits until every container of the
stack is healthy, then reloads the edge's nginx so it resolves `api` again and balances over all N
replicas. nginx 1.27.3 and later (the pinned nginx-unprivileged image) re-resolve `api` by
themselves within ~10 s and the reload only makes it immediate; older nginx (Debian's, as in the
air-gapped stand-in images) keep the replicas they resolved at start until this reload.
  --wait SECONDS   how long to wait for the new replicas to become healthy (default 180)
COMPOSE_FILE / COMPOSE_PROJECT_NAME select the stack, as for the other scripts.
USAGE
}

replicas="" wait_s=180
while [[ $# -gt 0 ]]; do
  case "$1" in
    --wait) wait_s="${2:?--wait needs seconds}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die "unknown argument: $1" ;;
    *) [[ -z "$replicas" ]] || die "one replica count only (got $replicas and $1)"; replicas="$1"; shift ;;
  esac
done
[[ "$replicas" =~ ^[1-9][0-9]*$ ]] || { usage >&2; die "N must be a positive whole number of replicas (got '${replicas}')"; }
[[ "$wait_s" =~ ^[0-9]+$ ]] || die "--wait needs whole seconds (got $wait_s)"

cd "$REPO_ROOT"
log "scaling api to $replicas"
compose up -d --no-recreate --scale "api=$replicas" api
bash docker/scripts/health_check.sh --wait "$wait_s" >/dev/null || {
  bash docker/scripts/health_check.sh || true
  die "the stack is not healthy after ${wait_s}s; the edge was not reloaded"
}
running=$(compose ps -q api | wc -l)
[[ "$running" -eq "$replicas" ]] || die "expected $replicas api containers, found $running"
# The edge is read-only and runs nginx as uid 101: the reload is a signal to its own master.
compose exec -T edge nginx -s reload
log "edge reloaded: /api/ now goes to $running replica(s)"
