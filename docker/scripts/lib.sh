#!/usr/bin/env bash
# Shared helpers for docker/scripts/*.sh (sourced, not executed).
# DOCKER picks the docker CLI (default: `docker` from PATH); Compose v2 (`docker compose`) is used
# when present, else Compose v1 (`docker-compose`). Both honour COMPOSE_FILE and
# COMPOSE_PROJECT_NAME, so the scripts act on whatever stack those name (default: docker-compose.yml).

DOCKER="${DOCKER:-docker}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

compose() {
  if "$DOCKER" compose version >/dev/null 2>&1; then
    "$DOCKER" compose "$@"
  elif command -v docker-compose >/dev/null 2>&1; then
    docker-compose "$@"
  else
    die "neither 'docker compose' nor 'docker-compose' is available"
  fi
}

# Reads KEY from .env (or .env.example as the fallback for non-secret defaults) without sourcing it.
env_value() {
  local key="$1" file
  for file in "$REPO_ROOT/.env" "$REPO_ROOT/.env.example"; do
    if [[ -f "$file" ]] && grep -q "^${key}=" "$file"; then
      grep "^${key}=" "$file" | tail -n1 | cut -d= -f2-
      return 0
    fi
  done
  return 1
}
