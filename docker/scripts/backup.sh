#!/usr/bin/env bash
# Logical backup of the stack's Postgres database (pg_dump custom format), plus Redis' RDB on request.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: docker/scripts/backup.sh [--dir DIR] [--retention-days N] [--with-redis] [--help]

Writes DIR/rul-<UTC timestamp>.dump (pg_dump --format=custom of POSTGRES_DB, taken inside the
postgres container with its own credentials) and prints its path on stdout. Dumps older than
N days are deleted afterwards.
  --dir DIR            where to write (default BACKUP_DIR from .env, else ./backups)
  --retention-days N   keep this many days of dumps (default BACKUP_RETENTION_DAYS, else 14; 0 keeps all)
  --with-redis         also save Redis (BGSAVE) and copy dump.rdb next to the dump
Restore with docker/scripts/restore.sh.
USAGE
}

dir="" retention="" with_redis=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="${2:?--dir needs a path}"; shift 2 ;;
    --retention-days) retention="${2:?--retention-days needs a number}"; shift 2 ;;
    --with-redis) with_redis=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

cd "$REPO_ROOT"
dir="${dir:-$(env_value BACKUP_DIR || echo ./backups)}"
retention="${retention:-$(env_value BACKUP_RETENTION_DAYS || echo 14)}"
[[ "$retention" =~ ^[0-9]+$ ]] || die "--retention-days must be a number"
mkdir -p "$dir"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$dir/rul-$stamp.dump"
log "dumping Postgres to $file"
# shellcheck disable=SC2016 # expanded inside the container
# Written to a .partial file first so a failed dump never looks like a good one.
compose exec -T postgres sh -c \
  'PGPASSWORD="$(cat "$POSTGRES_PASSWORD_FILE")" pg_dump -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" --format=custom --no-owner' \
  >"$file.partial"
[[ -s "$file.partial" ]] || die "pg_dump produced an empty file"
mv "$file.partial" "$file"
log "dump: $(du -h "$file" | cut -f1)"

if [[ $with_redis -eq 1 ]]; then
  log "saving Redis"
  # shellcheck disable=SC2016 # expanded inside the container
  compose exec -T redis sh -c 'REDISCLI_AUTH="$(cat "$REDIS_PASSWORD_FILE")" redis-cli -h 127.0.0.1 SAVE' >/dev/null
  compose exec -T redis cat /data/dump.rdb >"$dir/redis-$stamp.rdb"
fi

if [[ "$retention" -gt 0 ]]; then
  find "$dir" -maxdepth 1 \( -name 'rul-*.dump' -o -name 'redis-*.rdb' \) -mtime +"$retention" -print -delete |
    while read -r old; do log "removed $old"; done
fi
echo "$file"
