#!/usr/bin/env bash
# Real-container smoke test: starts a private Docker engine, builds the base-image stand-ins and every
# image, runs the Compose stack (api scaled out) and proves it works end to end, first with Compose
# v1 (`docker-compose`), then again from nothing with Compose v2 (`docker compose`, the same built
# images), then tears it all down. Run by `pnpm --filter @rul/deploy-checks test` after the static
# checks.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: packages/deploy-checks/scripts/smoke.sh [--keep] [--fresh] [--help]

Needs root, dockerd/containerd (docker.io), docker-compose v1.29, Compose v2 and debootstrap
(docker/scripts/ci-install.sh installs them), a Debian mirror and the npm registry.
  --keep    leave the (Compose v2) stack and the engine running at the end (prints how to reach them)
  --fresh   forget the cache first (rootfs, npm tarballs, the engine's images and build cache)
Environment:
  RUL_SMOKE_CACHE     cache directory kept between runs (default /var/cache/rul-deploy-checks)
  RUL_SMOKE=0         skip the whole run (reported as skipped)
  SMOKE_API_REPLICAS  api replicas to run with Compose v1 (default 2)
  SMOKE_V2_API_REPLICAS  api replicas to run with Compose v2 (default 3)
  RUL_COMPOSE_V2      the Compose v2 binary (default: where ci-install.sh unpacks it in the cache)
  SMOKE_EDGE_PORT, SMOKE_PROMETHEUS_PORT  host ports (default 18080, 19090)
USAGE
}

keep=0 fresh=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep) keep=1; shift ;;
    --fresh) fresh=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

if [[ "${RUL_SMOKE:-1}" == 0 ]]; then
  echo "smoke: SKIPPED (RUL_SMOKE=0)"
  exit 0
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cache="${RUL_SMOKE_CACHE:-/var/cache/rul-deploy-checks}"
replicas="${SMOKE_API_REPLICAS:-2}"
v2_replicas="${SMOKE_V2_API_REPLICAS:-3}"
compose_v2="${RUL_COMPOSE_V2:-$cache/compose-v2/cli-plugins/docker-compose}"
edge_port="${SMOKE_EDGE_PORT:-18080}"
prom_port="${SMOKE_PROMETHEUS_PORT:-19090}"
# Debian's docker CLI (20.10) builds with BuildKit by itself; a newer CLI earlier in PATH would want
# the buildx plugin, and docker-compose calls whichever `docker` comes first.
export PATH="/usr/bin:$PATH"
export DOCKER=/usr/bin/docker DOCKER_BUILDKIT=1 COMPOSE_PROJECT_NAME=rulsmoke COMPOSE_FILE=docker-compose.yml
export RUL_STAND_IN_CACHE="$cache/stand-ins"

log() { printf '[smoke %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() { log "FAILED: $*"; exit 1; }

# --- timing --------------------------------------------------------------------------------------
timings=() skips=() stage_name="" stage_start=0 run_start=$(date +%s)
stage() {
  local now
  now=$(date +%s)
  if [[ -n "$stage_name" ]]; then timings+=("$(printf '%-34s %4ss' "$stage_name" $((now - stage_start)))"); fi
  stage_name="$1" stage_start=$now
  if [[ -n "$1" ]]; then log "== $1"; fi
}
skip() { skips+=("$1"); log "SKIP: $1"; }
summary() {
  stage ""
  echo
  echo "smoke: stage timings"
  printf '  %s\n' "${timings[@]}"
  printf '  %-34s %4ss\n' total $(( $(date +%s) - run_start ))
  if [[ ${#skips[@]} -gt 0 ]]; then
    echo "smoke: skipped"
    printf '  - %s\n' "${skips[@]}"
  fi
}

# --- preflight -----------------------------------------------------------------------------------
stage "preflight"
[[ $(id -u) -eq 0 ]] || fail "needs root (a private dockerd); run as root or set RUL_SMOKE=0"
for bin in dockerd containerd /usr/bin/docker docker-compose debootstrap npm "$compose_v2"; do
  command -v "$bin" >/dev/null || fail "$bin missing: run bash docker/scripts/ci-install.sh"
done
mkdir -p "$cache"
exec 9>"$cache/smoke.lock"
flock -n 9 || fail "another smoke run holds $cache/smoke.lock"
if [[ $fresh -eq 1 ]]; then
  log "--fresh: removing $cache/docker and $cache/stand-ins"
  rm -rf "$cache/docker" "$cache/stand-ins"
fi

work=$(mktemp -d /tmp/rul-smoke.XXXXXX)
dockerd_pid=""
stand_in_wheels=""
remove_stand_in_wheels() {
  local w
  for w in $stand_in_wheels; do rm -f "$repo/docker/training/wheels/$w"; done
  stand_in_wheels=""
}
# Compose v2 as what it is, a plugin of the docker CLI: a private config dir holds it, so only commands
# given DOCKER_CONFIG see `docker compose`; everything else (and lib.sh's compose()) keeps using v1.
v2_config="$work/docker-config"
mkdir -p "$v2_config/cli-plugins"
ln -s "$compose_v2" "$v2_config/cli-plugins/docker-compose"
compose2() { DOCKER_CONFIG="$v2_config" "$DOCKER" compose "$@"; }
cleanup() {
  local rc=$?
  set +e
  if [[ $keep -eq 1 && $rc -eq 0 ]]; then
    log "--keep: stack left running; export DOCKER_HOST=unix://$work/docker.sock COMPOSE_PROJECT_NAME=$COMPOSE_PROJECT_NAME DOCKER_CONFIG=$v2_config"
    summary
    return
  fi
  if [[ -n "$dockerd_pid" ]]; then
    stage "teardown"
    if [[ $rc -ne 0 ]]; then
      log "failure: last logs of unhealthy or exited containers"
      for id in $("$DOCKER" ps -aq --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME"); do
        state=$("$DOCKER" inspect -f '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id")
        case "$state" in
          *healthy*unhealthy*|*exited*|*restarting*|*starting*|*unhealthy*) echo "--- $state"; "$DOCKER" logs --tail 30 "$id" 2>&1 ;;
        esac
      done
    fi
    (cd "$repo" && compose2 down -v --remove-orphans >/dev/null 2>&1)
    (cd "$repo" && docker-compose -f docker-compose.yml -f docker-compose.test.yml down -v --remove-orphans >/dev/null 2>&1)
    "$DOCKER" image prune -f >/dev/null 2>&1
    "$DOCKER" builder prune -f --keep-storage 4GB >/dev/null 2>&1
    kill "$dockerd_pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$dockerd_pid" 2>/dev/null
  fi
  remove_stand_in_wheels
  rm -rf "$work"
  summary
  if [[ $rc -eq 0 ]]; then echo "smoke: PASSED"; else echo "smoke: FAILED (exit $rc)"; fi
}
trap cleanup EXIT

# --- engine --------------------------------------------------------------------------------------
stage "start dockerd"
mkdir -p "$cache/docker"
dockerd --data-root "$cache/docker" --exec-root "$work/exec" --pidfile "$work/dockerd.pid" \
  -H "unix://$work/docker.sock" >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
export DOCKER_HOST="unix://$work/docker.sock"
for _ in $(seq 1 60); do
  "$DOCKER" info >/dev/null 2>&1 && break
  kill -0 "$dockerd_pid" 2>/dev/null || { tail -20 "$work/dockerd.log"; fail "dockerd exited"; }
  sleep 1
done
"$DOCKER" info >/dev/null 2>&1 || fail "dockerd did not come up"
log "dockerd $("$DOCKER" version -f '{{.Server.Version}}') on $DOCKER_HOST, data root $cache/docker"
log "$(docker-compose version --short | sed 's/^/Compose v1 /'), $(compose2 version | sed 's/^Docker Compose version /Compose v2 /')"
compose2 version --short | grep -q '^2\.' || fail "$compose_v2 is not Compose v2"
# Leftovers from an interrupted run (the data root is cached).
(cd "$repo" && docker-compose -f docker-compose.yml -f docker-compose.test.yml down -v --remove-orphans >/dev/null 2>&1) || true

# --- images --------------------------------------------------------------------------------------
stage "base-image stand-ins"
bash "$repo/docker/scripts/build-base-stand-ins.sh"

stage "build images"
cd "$repo"
# The GPU trainer through its air-gapped path (PIP_SOURCE=local): Debian's builds stand in for the
# wheels an operator would `pip download` into docker/training/wheels; they leave again at the end.
if compgen -G 'docker/training/wheels/*.whl' >/dev/null; then
  fail "docker/training/wheels already holds wheels: move them away for the smoke test"
fi
"$DOCKER" run --rm rul-local/trainer-wheels:bookworm tar -C /wheels -c . | tar -C docker/training/wheels -x
stand_in_wheels=$(cd docker/training/wheels && echo ./*.whl)
log "stand-in wheels for the GPU trainer: $stand_in_wheels"
built=$(bash docker/scripts/build_all.sh --gpu --pip-source local)
remove_stand_in_wheels
echo "$built"
tag=$(grep -m1 '^RUL_VERSION=' .env.example | cut -d= -f2)
api_bytes=$("$DOCKER" image inspect -f '{{.Size}}' "rul/api:$tag")
api_mb=$((api_bytes / 1000 / 1000))
log "image sizes:"
"$DOCKER" images --filter 'reference=rul/*' --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | sort | sed 's/^/  /'
(( api_mb <= 300 )) || fail "rul/api:$tag is ${api_mb} MB, over the 300 MB budget"
log "api image ${api_mb} MB (budget 300 MB)"
has_dashboard=0
if grep -q '^dashboard' <<<"$built"; then has_dashboard=1; else skip "dashboard: apps/dashboard does not exist yet, so no dashboard image and no dashboard check"; fi

# $@: the Compose command. The secrets were generated (not defaulted): each consumer's directory
# belongs to its uid alone, and the postgres password is a long random one.
check_generated_secrets() {
  local listing pw
  listing=$("$@" exec -T postgres ls -ln /run/rul-secrets) || fail "cannot list the secrets volume"
  printf '  %s\n' "${listing//$'\n'/$'\n'  }"
  grep -Eq '^dr-x------ .* 999 +999 .* postgres$' <<<"$listing" || fail "postgres secrets are not 0500 uid 999"
  grep -Eq '^dr-x------ .* 1000 +1000 .* api$' <<<"$listing" || fail "api secrets are not 0500 uid 1000"
  if "$@" exec -T redis cat /run/rul-secrets/api/api-keys >/dev/null 2>&1; then fail "redis can read the api's secrets"; fi
  pw=$("$@" exec -T postgres cat /run/rul-secrets/postgres/password)
  [[ "$pw" =~ ^[0-9a-f]{48}$ ]] || fail "the generated postgres password is not 48 random hex digits"
}

# --- stack ---------------------------------------------------------------------------------------
# What a fresh clone gets: a plain `up` with no .env and no secret anywhere in the environment (the
# `secrets` service generates them). Only the host ports move, since a CI box may have 8080/9090 taken.
stage "compose up (plain, no .env)"
[[ ! -e .env ]] || fail "$repo/.env exists: the smoke test runs the stack as a fresh clone has it"
[[ $has_dashboard -eq 1 ]] || fail "no dashboard image: a plain \`up\` needs every service's image"
"$DOCKER" run --rm "rul/trainer:$tag-cpu" --help 2>/dev/null | grep -qw worker ||
  fail "rul/trainer:$tag-cpu has no \`worker\` command"
for v in POSTGRES_PASSWORD REDIS_PASSWORD API_KEYS GRAFANA_ADMIN_PASSWORD E2E_API_KEY; do unset "$v"; done
export EDGE_HTTP_PORT=$edge_port EDGE_HTTPS_PORT=$((edge_port + 1)) PROMETHEUS_PORT=$prom_port
export E2E_EXPECT_API_REPLICAS=$replicas RUN_UNIT_TESTS=0
pg_db=rul
skip "grafana: opt-in profile, and no image offline (no Debian package, no stand-in); provisioning and dashboards are checked statically"
up_start=$(date +%s)
docker-compose up -d
bash docker/scripts/health_check.sh --wait 300 || fail "stack not healthy after a plain \`docker-compose up -d\`"
log "plain up: every service healthy $(( $(date +%s) - up_start ))s after \`docker-compose up -d\`"
check_generated_secrets docker-compose
E2E_API_KEY=$(docker-compose run --rm -T secrets show api-key) || fail "secrets show api-key"
export E2E_API_KEY

stage "compose up --scale api=$replicas"
# The documented way to scale: up --scale, then the edge reloaded once the replicas are healthy.
bash docker/scripts/scale-api.sh "$replicas" || fail "scale-api.sh $replicas"
scaled_at=$(date +%s)

stage "wait for healthy"
bash docker/scripts/health_check.sh --wait 300 || fail "stack not healthy"

# $1: unix time from which to read the edge's access log, then the Compose command. Every api
# replica must have answered /api/ requests passed on by the edge since then (the end-to-end
# checks' and four more per replica).
check_edge_reaches_every_replica() {
  local since=$1 edge lines id name addr hits missing=0 i
  shift
  for i in $(seq 1 $(( 4 * $("$@" ps -q api | wc -l) ))); do
    curl -fsS -o /dev/null "http://127.0.0.1:$edge_port/api/health/live" || fail "GET /api/health/live through the edge ($i)"
  done
  edge=$("$@" ps -q edge)
  lines=$("$DOCKER" logs --since "$since" "$edge" 2>/dev/null | grep '"uri":"/api/' || true)
  for id in $("$@" ps -q api); do
    name=$("$DOCKER" inspect -f '{{.Name}}' "$id")
    hits=0
    for addr in $("$DOCKER" inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$id"); do
      hits=$((hits + $(grep -c "\"upstream\":\"[^\"]*$addr:8000" <<<"$lines" || true)))
    done
    log "  ${name#/}: $hits /api/ requests from the edge"
    [[ $hits -gt 0 ]] || missing=1
  done
  [[ $missing -eq 0 ]] || fail "the edge did not send requests to every api replica"
}

# --- proofs --------------------------------------------------------------------------------------
bash docker/scripts/logs.sh --tail 3 edge >/dev/null || fail "logs.sh"
bash docker/scripts/logs.sh --since 5m --tail 3 api >/dev/null || fail "logs.sh --since"

stage "end-to-end through the edge"
E2E_BASE_URL="http://127.0.0.1:$edge_port" E2E_PROMETHEUS_URL="http://127.0.0.1:$prom_port" \
  E2E_EXPECT_DASHBOARD=$has_dashboard node packages/deploy-checks/e2e/stack-e2e.mjs || fail "end-to-end checks"
check_edge_reaches_every_replica "$scaled_at" docker-compose

stage "GPU trainer image on this CPU-only host"
# The CUDA image built through the air-gapped path runs the worker against the stack's Postgres (as the
# trainer-gpu service would, minus the device reservation a CPU host cannot grant) and must turn healthy.
gpu_id=$("$DOCKER" run -d --network "${COMPOSE_PROJECT_NAME}_backend" \
  -v "${COMPOSE_PROJECT_NAME}_rul-secrets:/run/rul-secrets:ro" \
  -e DATABASE_URL_FILE=/run/rul-secrets/trainer/database-url \
  --health-interval 5s --health-start-period 5s "rul/trainer:$tag-cuda")
gpu_state=""
for _ in $(seq 1 36); do
  gpu_state=$("$DOCKER" inspect -f '{{.State.Status}} {{.State.Health.Status}}' "$gpu_id")
  [[ "$gpu_state" == "running healthy" || "$gpu_state" == exited* ]] && break
  sleep 5
done
log "rul/trainer:$tag-cuda (PIP_SOURCE=local): $gpu_state"
[[ "$gpu_state" == "running healthy" ]] || { "$DOCKER" logs --tail 30 "$gpu_id"; "$DOCKER" rm -f "$gpu_id" >/dev/null; fail "the GPU trainer image is not healthy on a CPU-only host"; }
"$DOCKER" rm -f "$gpu_id" >/dev/null

stage "non-root, read-only root filesystems"
# $@: the Compose command whose stack to inspect; $want_api: the api replicas it must run.
check_hardening() {
  local want_api="$1" id name ro uid n_api
  shift
  for id in $("$@" ps -q); do
    name=$("$DOCKER" inspect -f '{{.Name}}' "$id")
    # The one-shot `secrets` service has done its work and exited; its policy is checked statically.
    if [[ "$("$DOCKER" inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$id")" == "exited 0" ]]; then
      printf '  %-40s exited 0 (one-shot)\n' "${name#/}"
      continue
    fi
    ro=$("$DOCKER" inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$id")
    uid=$("$DOCKER" exec "$id" id -u)
    printf '  %-40s uid=%-6s read_only=%s\n' "${name#/}" "$uid" "$ro"
    [[ "$uid" != 0 ]] || fail "$name runs as root"
    [[ "$ro" == true ]] || fail "$name has a writable root filesystem"
    if "$DOCKER" exec "$id" sh -c 'touch /rul-write-probe' 2>/dev/null; then fail "$name could write to /"; fi
  done
  n_api=$("$@" ps -q api | wc -l)
  [[ "$n_api" -eq "$want_api" ]] || fail "expected $want_api api containers, found $n_api"
}
check_hardening "$replicas" docker-compose
state=$("$DOCKER" inspect -f '{{.State.Status}} restarts={{.RestartCount}}' "$(docker-compose ps -q trainer)")
log "trainer worker: $state"
[[ "$state" == "running restarts=0" ]] || fail "trainer worker is not running steadily"

stage "backup and restore"
psql_in() { docker-compose exec -T postgres sh -c "PGPASSWORD=\"\$(cat \"\$POSTGRES_PASSWORD_FILE\")\" psql -h 127.0.0.1 -U \"\$POSTGRES_USER\" -v ON_ERROR_STOP=1 -qtA -d $1"; }
psql_in "$pg_db" <<'SQL'
CREATE TABLE IF NOT EXISTS smoke_backup_check (id integer PRIMARY KEY, payload text NOT NULL, at timestamptz DEFAULT now());
INSERT INTO smoke_backup_check (id, payload) SELECT g, md5(g::text) FROM generate_series(1, 5000) g ON CONFLICT DO NOTHING;
SQL
count_rows() {
  psql_in "$1" <<'SQL'
DO $$ DECLARE r record; n bigint; BEGIN
  CREATE TEMP TABLE counts (t text, n bigint);
  FOR r IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname NOT LIKE 'pg_temp%' LOOP
    EXECUTE format('SELECT count(*) FROM %I.%I', r.schemaname, r.tablename) INTO n;
    INSERT INTO counts VALUES (r.schemaname || '.' || r.tablename, n);
  END LOOP; END $$;
SELECT t || '=' || n FROM counts ORDER BY t;
SQL
}
dump=$(bash docker/scripts/backup.sh --dir "$work/backups" --retention-days 0)
log "backup: $dump ($(du -h "$dump" | cut -f1))"
bash docker/scripts/restore.sh "$dump" --into rul_restore_check
before=$(count_rows "$pg_db")
after=$(count_rows rul_restore_check)
# shellcheck disable=SC2086 # one table per word
printf '  live:     %s\n' $before
# shellcheck disable=SC2086
printf '  restored: %s\n' $after
[[ -n "$before" && "$before" == "$after" ]] || fail "row counts differ after restore"
grep -q '^public.smoke_backup_check=5000$' <<<"$after" || fail "the check table did not come back"

stage "compose test layer (e2e container)"
docker-compose -f docker-compose.yml -f docker-compose.test.yml build e2e
# No E2E_API_KEY: the runner takes the generated key from the secrets volume.
E2E_API_KEY='' docker-compose -f docker-compose.yml -f docker-compose.test.yml up --scale "api=$replicas" \
  --abort-on-container-exit --exit-code-from e2e e2e || fail "docker-compose.test.yml run"

# --- Compose v2 ----------------------------------------------------------------------------------
# The same production stack from nothing (v1's containers, networks and volumes removed first), run
# by `docker compose` from the images built above: no build (v2 would want buildx for BuildKit).
stage "compose v2: plain up (no .env), then api x$v2_replicas"
out=$(docker-compose -f docker-compose.yml -f docker-compose.test.yml down -v --remove-orphans 2>&1) ||
  { echo "$out"; fail "docker-compose down -v"; }
[[ -z "$("$DOCKER" ps -aq --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME")" ]] ||
  fail "Compose v1 left containers behind"
# From here on the docker CLI has the plugin, so the ops scripts (lib.sh's compose()) use v2 as well.
export DOCKER_CONFIG="$v2_config"
log "$("$DOCKER" compose version) is what \`$DOCKER compose\` and docker/scripts/*.sh run now"
up_start=$(date +%s)
"$DOCKER" compose up -d --no-build
bash docker/scripts/health_check.sh --wait 300 || fail "stack not healthy after a plain \`docker compose up -d\`"
log "plain up (v2): every service healthy $(( $(date +%s) - up_start ))s after \`docker compose up -d\`"
check_generated_secrets "$DOCKER" compose
E2E_API_KEY=$("$DOCKER" compose run --rm -T secrets show api-key) || fail "secrets show api-key (v2)"
"$DOCKER" compose up -d --no-build --scale "api=$v2_replicas"
# A plain `up --scale` as an operator may type it, then scale-api.sh (same count) for the reload that
# nginx before 1.27.3 needs to see the new replicas.
bash docker/scripts/scale-api.sh "$v2_replicas" || fail "scale-api.sh $v2_replicas (v2)"
scaled_at=$(date +%s)

stage "compose v2: wait for healthy"
bash docker/scripts/health_check.sh --wait 300 || fail "stack not healthy under Compose v2"
bash docker/scripts/logs.sh --tail 3 edge >/dev/null || fail "logs.sh under Compose v2"

stage "compose v2: end-to-end, hardening"
E2E_BASE_URL="http://127.0.0.1:$edge_port" E2E_PROMETHEUS_URL="http://127.0.0.1:$prom_port" \
  E2E_EXPECT_API_REPLICAS=$v2_replicas E2E_EXPECT_DASHBOARD=$has_dashboard \
  node packages/deploy-checks/e2e/stack-e2e.mjs || fail "end-to-end checks under Compose v2"
check_edge_reaches_every_replica "$scaled_at" "$DOCKER" compose
check_hardening "$v2_replicas" "$DOCKER" compose
dump=$(bash docker/scripts/backup.sh --dir "$work/backups-v2" --retention-days 0)
[[ -s "$dump" ]] || fail "backup.sh under Compose v2 wrote no dump"
log "backup under Compose v2: $dump ($(du -h "$dump" | cut -f1))"

if [[ $keep -eq 1 ]]; then exit 0; fi
stage "compose v2: down -v"
out=$("$DOCKER" compose down -v --remove-orphans 2>&1) || { echo "$out"; fail "docker compose down -v"; }
label="label=com.docker.compose.project=$COMPOSE_PROJECT_NAME"
left="$("$DOCKER" ps -aq --filter "$label")$("$DOCKER" volume ls -q --filter "$label")$("$DOCKER" network ls -q --filter "$label")"
[[ -z "$left" ]] || fail "docker compose down -v left containers, volumes or networks behind"
unset DOCKER_CONFIG
