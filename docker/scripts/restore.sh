#!/usr/bin/env bash
# Restores a dump made by backup.sh into the stack's Postgres.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: docker/scripts/restore.sh DUMP_FILE [--into DATABASE] [--yes] [--help]

Restores DUMP_FILE (from backup.sh) with pg_restore inside the postgres container.
  --into DATABASE  restore into this database, created empty first (it must not exist yet);
                   use it to check a backup or to restore next to the live data
  (default)        restore over POSTGRES_DB: objects in the dump are dropped and recreated.
                   Stop the api and trainer first. Requires --yes.
  --yes            confirm overwriting POSTGRES_DB
USAGE
}

file="" into="" yes=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --into) into="${2:?--into needs a database name}"; shift 2 ;;
    --yes) yes=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option: $1" ;;
    *) file="$1"; shift ;;
  esac
done

[[ -n "$file" ]] || { usage >&2; die "missing DUMP_FILE"; }
[[ -s "$file" ]] || die "no such dump: $file"
cd "$REPO_ROOT"

# The scripts below run inside the container: $POSTGRES_* are the container's own variables.
# shellcheck disable=SC2016
if [[ -n "$into" ]]; then
  [[ "$into" =~ ^[a-z_][a-z0-9_]*$ ]] || die "database name must match ^[a-z_][a-z0-9_]*$"
  log "creating empty database $into"
  compose exec -T -e TARGET_DB="$into" postgres sh -c \
    'PGPASSWORD="$(cat "$POSTGRES_PASSWORD_FILE")" createdb -h 127.0.0.1 -U "$POSTGRES_USER" "$TARGET_DB"'
  log "restoring $file into $into"
  compose exec -T -e TARGET_DB="$into" postgres sh -c \
    'PGPASSWORD="$(cat "$POSTGRES_PASSWORD_FILE")" pg_restore -h 127.0.0.1 -U "$POSTGRES_USER" -d "$TARGET_DB" --no-owner --exit-on-error' \
    <"$file"
else
  [[ $yes -eq 1 ]] || die "restoring over the live database needs --yes (or use --into NAME)"
  log "restoring $file over POSTGRES_DB"
  compose exec -T postgres sh -c \
    'PGPASSWORD="$(cat "$POSTGRES_PASSWORD_FILE")" pg_restore -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" --clean --if-exists --no-owner --exit-on-error' \
    <"$file"
fi
log "restore finished"
