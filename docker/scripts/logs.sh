#!/usr/bin/env bash
# Shows the logs of the stack (all services or the named ones).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: docker/scripts/logs.sh [--follow] [--tail N] [--since DURATION] [SERVICE...] [--help]

Prints the logs of the named services (default: all) with timestamps.
  --follow, -f      keep streaming
  --tail N          last N lines per container (default 200)
  --since DURATION  only newer lines, e.g. 10m or 2h (filtered per container with docker logs)
Services: edge api dashboard postgres redis trainer prometheus grafana postgres-exporter redis-exporter
USAGE
}

follow=() tail_n=200 since="" services=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -f|--follow) follow=(--follow); shift ;;
    --tail) tail_n="${2:?--tail needs a number}"; shift 2 ;;
    --since) since="${2:?--since needs a duration}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option: $1" ;;
    *) services+=("$1"); shift ;;
  esac
done

cd "$REPO_ROOT"
if [[ -n "$since" ]]; then
  # Compose v1 has no --since: go through docker logs per container.
  for id in $(compose ps -q "${services[@]}"); do
    name=$("$DOCKER" inspect -f '{{.Name}}' "$id")
    echo "===== ${name#/}"
    "$DOCKER" logs --timestamps --since "$since" --tail "$tail_n" "$id" 2>&1
  done
else
  compose logs --timestamps --tail="$tail_n" "${follow[@]}" "${services[@]}"
fi
