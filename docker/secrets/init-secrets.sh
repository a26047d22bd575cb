#!/bin/sh
# One-shot `secrets` service of docker-compose.yml: writes the stack's secrets into the rul-secrets
# volume, one directory per consumer, owned by that consumer's uid and unreadable by the others. The
# services read them through *_FILE variables, so no secret sits in an environment or a Compose file.
#   SECRETS_MODE=generate (default, the local stack): keeps what exists, generates what is missing
#     with random values (never a fixed default) and prints the local API key the first time.
#   SECRETS_MODE=provided (docker-compose.prod.yml): takes POSTGRES_PASSWORD, REDIS_PASSWORD, API_KEYS
#     and GRAFANA_ADMIN_PASSWORD from the environment, refuses to start without them, generates nothing.
# `show NAME` prints one secret for the operator (api-key, postgres-password, redis-password,
# grafana-admin-password): docker compose run --rm secrets show api-key
set -eu

root=${SECRETS_DIR:-/secrets}
master="$root/.master"
mode=${SECRETS_MODE:-generate}
pg_user=${POSTGRES_USER:-rul}
pg_db=${POSTGRES_DB:-rul}

fail() {
  echo "secrets: $*" >&2
  exit 1
}

if [ "${1:-init}" = show ]; then
  name=${2:-}
  case "$name" in
    api-key | postgres-password | redis-password | grafana-admin-password) ;;
    *) fail "show: name one of api-key, postgres-password, redis-password, grafana-admin-password" ;;
  esac
  [ -s "$master/$name" ] || fail "show: no $name yet (SECRETS_MODE=provided keeps no API key; start the stack once otherwise)"
  cat "$master/$name"
  echo
  exit 0
fi
[ "${1:-init}" = init ] || fail "unknown command '$1' (init or show NAME)"

# Hex and base64url only: the values end up in connection URLs.
random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
random_key() { printf 'rul_%s' "$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"; }
sha256() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

umask 077
mkdir -p "$master"
chmod 700 "$master"

# Keeps an existing master value, or generates one (generate mode) / takes the given one (provided).
ensure() { # ensure NAME GENERATOR [VARIABLE]
  name=$1 generator=$2 variable=${3:-}
  if [ "$mode" = provided ]; then
    value=$(eval "printf '%s' \"\${$variable:-}\"")
    [ -n "$value" ] || fail "$variable is not set. Production takes its secrets from .env (see .env.production.example) and never generates them."
    [ "$value" != CHANGE_ME ] || fail "$variable is still CHANGE_ME: replace it in .env (openssl rand -hex 24)"
    printf '%s' "$value" >"$master/$name.new"
    mv -f "$master/$name.new" "$master/$name"
  elif [ ! -s "$master/$name" ]; then
    # shellcheck disable=SC2086 # "random_hex 24": the generator and its argument
    $generator >"$master/$name.new"
    mv -f "$master/$name.new" "$master/$name"
    generated="$generated $name"
  fi
}

generated=""
case "$mode" in
  generate)
    ensure postgres-password "random_hex 24"
    ensure redis-password "random_hex 24"
    ensure grafana-admin-password "random_hex 16"
    ensure api-key random_key
    printf 'local:admin:%s' "$(sha256 "$(cat "$master/api-key")")" >"$master/api-keys"
    ;;
  provided)
    ensure postgres-password "" POSTGRES_PASSWORD
    ensure redis-password "" REDIS_PASSWORD
    ensure grafana-admin-password "" GRAFANA_ADMIN_PASSWORD
    ensure api-keys "" API_KEYS
    # The operator made the keys; only their hashes are here.
    rm -f "$master/api-key"
    ;;
  *) fail "SECRETS_MODE must be generate or provided (got '$mode')" ;;
esac
for name in postgres-password redis-password; do
  grep -Eq '^[A-Za-z0-9._~-]+$' "$master/$name" || fail "$name: use URL-safe characters only (A-Z a-z 0-9 . _ ~ -)"
done

pg_password=$(cat "$master/postgres-password")
redis_password=$(cat "$master/redis-password")
database_url="postgres://$pg_user:$pg_password@postgres:5432/$pg_db"

# Rewrites one consumer's directory from the master values: DIR owned by UID, mode 0500, files 0400.
publish() { # publish DIR UID FILE=VALUE...
  dir="$root/$1" uid=$2
  shift 2
  rm -rf "$dir.new"
  mkdir -p "$dir.new"
  for pair in "$@"; do
    printf '%s' "${pair#*=}" >"$dir.new/${pair%%=*}"
  done
  chmod 400 "$dir.new"/*
  chmod 500 "$dir.new"
  chown -R "$uid:$uid" "$dir.new"
  rm -rf "$dir"
  mv "$dir.new" "$dir"
}

publish postgres 999 "password=$pg_password"
publish redis 999 "password=$redis_password"
publish api 1000 "database-url=$database_url" "redis-url=redis://:$redis_password@redis:6379/0" \
  "api-keys=$(cat "$master/api-keys")"
publish trainer 10001 "database-url=$database_url"
publish postgres-exporter 65534 "password=$pg_password"
publish redis-exporter 59000 "password=$redis_password"
publish grafana 472 "admin-password=$(cat "$master/grafana-admin-password")"
if [ -s "$master/api-key" ]; then
  # For the test layer's end-to-end runner (uid 0 in the build image) and docker/scripts.
  publish client 0 "api-key=$(cat "$master/api-key")"
else
  rm -rf "$root/client"
fi

case "$generated" in
  *api-key*)
    echo "secrets: generated the local stack's secrets (${generated# })."
    echo "secrets: admin API key for the dashboard and curl: $(cat "$master/api-key")"
    echo "secrets: show it again with: docker compose run --rm secrets show api-key"
    ;;
  "") echo "secrets: $mode mode, secrets in place" ;;
  *) echo "secrets: generated${generated}" ;;
esac
