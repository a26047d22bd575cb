#!/usr/bin/env bash
# Bulk-ingest throughput of the Compose stack through the nginx edge, for 1 and then 3 API replicas
# (or the counts given): each run starts the stack from nothing, streams a simulated fleet into
# /api/fleet/telemetry for a fixed time and counts the cycles PostgreSQL holds at both ends of the
# measured window.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: docker/scripts/bench-compose-scale.sh [--replicas "1 3"] [--engines 10000] [--duration 60]
                                             [--warmup 20] [--rate 0] [--private-engine] [--keep]
                                             [--help] [-- SIMULATOR_OPTIONS...]

For each replica count: `down -v`, `up -d --no-build --scale api=N`, wait until healthy, then
`pnpm simulate stream --engines E --api http://127.0.0.1:PORT/api --rate R` with the stack's
generated API key (run as its build, packages/simulator/dist/cli.js: one process to stop, no tsx). After WARMUP seconds the cycles stored in PostgreSQL are counted, again DURATION
seconds later while the stream still runs; the difference per second is what the stack
acknowledged (the API acknowledges a reading only after its COMMIT). Prints one line per count.
  --replicas LIST    API replica counts, in order (default "1 3")
  --engines N        simulated engines (default 10000)
  --duration S       measured window in seconds (default 60)
  --warmup S         seconds streamed before the window opens: engines created, pools warm (default 20)
  --rate R           the simulator's --rate, cycles/s across the fleet (default 0: as fast as acknowledged)
  --private-engine   start a private dockerd on the smoke test's cached data root (root only), where
                     `packages/deploy-checks/scripts/smoke.sh` built every image; stopped at the end
  --keep             leave the last stack running
  -- OPTIONS         passed on to the simulator's `stream` (e.g. --engines-per-request 500 --batch 5;
                     keep --concurrency under the edge's 50 connections per client)
The images must exist (docker/scripts/build_all.sh, or --private-engine after a smoke run); nothing
is built. The client runs on this machine, as in docs/benchmarks.md. One client address stands for
every gateway here, so the edge's per-client rate limit is lifted for the run (BENCH_EDGE_API_RATE).
Environment:
  DOCKER, DOCKER_HOST       the docker CLI and engine (lib.sh: `docker compose`, else docker-compose)
  COMPOSE_PROJECT_NAME      default rulbench; COMPOSE_FILE default docker-compose.yml
  BENCH_EDGE_PORT           host port of the edge (default 18180; HTTPS and Prometheus take +1, +10)
  BENCH_EDGE_API_RATE       the edge's per-client limit during the run (default 100000r/s)
  RUL_SMOKE_CACHE           the smoke test's cache (default /var/cache/rul-deploy-checks)
USAGE
}

replicas="1 3" engines=10000 duration=60 warmup=20 rate=0 private=0 keep=0 sim_extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --replicas) replicas="${2:?--replicas needs a list}"; shift 2 ;;
    --engines) engines="${2:?--engines needs a number}"; shift 2 ;;
    --duration) duration="${2:?--duration needs seconds}"; shift 2 ;;
    --warmup) warmup="${2:?--warmup needs seconds}"; shift 2 ;;
    --rate) rate="${2:?--rate needs a number}"; shift 2 ;;
    --private-engine) private=1; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; sim_extra=("$@"); break ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
for n in $replicas "$engines" "$duration" "$warmup"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "replica counts, --engines, --duration and --warmup must be positive integers (got $n)"
done
[[ "$rate" =~ ^[0-9]+$ ]] || die "--rate must be a whole number of cycles per second"

export COMPOSE_PROJECT_NAME="${COMPOSE_PROJECT_NAME:-rulbench}" COMPOSE_FILE="${COMPOSE_FILE:-docker-compose.yml}"
edge_port="${BENCH_EDGE_PORT:-18180}"
export EDGE_HTTP_PORT="$edge_port" EDGE_HTTPS_PORT=$((edge_port + 1)) PROMETHEUS_PORT=$((edge_port + 10))
export EDGE_API_RATE="${BENCH_EDGE_API_RATE:-100000r/s}"
api="http://127.0.0.1:$edge_port/api"
cache="${RUL_SMOKE_CACHE:-/var/cache/rul-deploy-checks}"
work=$(mktemp -d /tmp/rul-bench.XXXXXX)
dockerd_pid="" sim_pid=""

cleanup() {
  local rc=$?
  set +e
  if [[ -n "$sim_pid" ]]; then kill -INT "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null; fi
  if [[ $keep -eq 0 ]] && "$DOCKER" info >/dev/null 2>&1; then
    (cd "$REPO_ROOT" && compose down -v --remove-orphans >/dev/null 2>&1)
  fi
  if [[ -n "$dockerd_pid" && $keep -eq 1 ]]; then
    # The engine's socket and exec root live in $work: both stay.
    log "--keep: dockerd $dockerd_pid left running; export DOCKER_HOST=$DOCKER_HOST"
  else
    if [[ -n "$dockerd_pid" ]]; then
      kill "$dockerd_pid" 2>/dev/null
      for _ in $(seq 1 30); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 1; done
      kill -9 "$dockerd_pid" 2>/dev/null
    fi
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT

# --- engine and images ---------------------------------------------------------------------------
if [[ $private -eq 1 ]]; then
  [[ $(id -u) -eq 0 ]] || die "--private-engine needs root (a private dockerd)"
  [[ -d "$cache/docker" ]] || die "no $cache/docker: run packages/deploy-checks/scripts/smoke.sh once first"
  # Debian's CLI (20.10) as in the smoke test; the smoke test's lock keeps the two off one data root.
  export PATH="/usr/bin:$PATH" DOCKER=/usr/bin/docker
  exec 9>"$cache/smoke.lock"
  flock -n 9 || die "a smoke run holds $cache/smoke.lock"
  dockerd --data-root "$cache/docker" --exec-root "$work/exec" --pidfile "$work/dockerd.pid" \
    -H "unix://$work/docker.sock" >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  export DOCKER_HOST="unix://$work/docker.sock"
  for _ in $(seq 1 60); do "$DOCKER" info >/dev/null 2>&1 && break; sleep 1; done
fi
"$DOCKER" info >/dev/null 2>&1 || die "no Docker engine at ${DOCKER_HOST:-the default socket} (or use --private-engine)"
cd "$REPO_ROOT"
tag="$(env_value RUL_VERSION || echo latest)"
for image in "rul/api:$tag" "rul/edge:$tag" "rul/dashboard:$tag" "rul/trainer:$tag-cpu"; do
  "$DOCKER" image inspect "$image" >/dev/null 2>&1 ||
    die "image $image missing: build with docker/scripts/build_all.sh (nothing is built here)"
done
command -v pnpm >/dev/null || die "pnpm missing: the simulator runs on this machine (pnpm install first)"
log "building the simulator"
pnpm --filter "@rul/simulator..." build >"$work/sim-build.log" 2>&1 || { cat "$work/sim-build.log"; die "build failed"; }

# --- helpers -------------------------------------------------------------------------------------
stored_cycles() {
  # shellcheck disable=SC2016 # expanded inside the container
  compose exec -T postgres sh -c \
    'PGPASSWORD="$(cat "$POSTGRES_PASSWORD_FILE")" psql -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -qtA -c "SELECT count(*) FROM telemetry"'
}
now() { date +%s.%N; }
# The cgroup file holding a container's CPU time (cgroup v1 or v2, cgroupfs or systemd driver),
# with its unit: ns (cpuacct.usage) or usec (cpu.stat).
container_cpu_file() {
  local id f
  id=$("$DOCKER" inspect -f '{{.Id}}' "$1")
  for f in "/sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage" "/sys/fs/cgroup/cpu,cpuacct/docker/$id/cpuacct.usage" \
    "/sys/fs/cgroup/cpuacct/system.slice/docker-$id.scope/cpuacct.usage"; do
    if [[ -r "$f" ]]; then echo "$f"; return; fi
  done
  for f in "/sys/fs/cgroup/docker/$id/cpu.stat" "/sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat"; do
    if [[ -r "$f" ]]; then echo "$f"; return; fi
  done
}
# "name file" for the api, edge and postgres containers: looked up once, before the window.
cpu_sources() {
  local id name f
  for id in $(compose ps -q api edge postgres); do
    name=$("$DOCKER" inspect -f '{{.Name}}' "$id" | sed "s|^/||; s|^${COMPOSE_PROJECT_NAME}[-_]||")
    f=$(container_cpu_file "$id")
    [[ -n "$f" ]] && echo "$name $f"
  done
}
# "name cpu_ns time_s" for each source, the client (the simulator and its children) and the whole
# machine (busy time of every core), each read with its own clock so slow reads skew nothing.
cpu_sample() {
  local name f pid ticks total
  ticks=$(getconf CLK_TCK)
  while read -r name f; do
    case "$f" in
      *cpu.stat) echo "$name $(awk '$1 == "usage_usec" { printf "%.0f", $2 * 1000 }' "$f") $(now)" ;;
      *) echo "$name $(cat "$f") $(now)" ;;
    esac
  done <"$work/cpu-sources.txt"
  total=0
  for pid in "$sim_pid" $(pgrep -P "$sim_pid" || true); do
    [[ -r "/proc/$pid/stat" ]] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "client $((total * 1000000000 / ticks)) $(now)"
  echo "box $(awk -v t="$ticks" '$1 == "cpu" { printf "%.0f", ($2 + $3 + $4 + $7 + $8 + $9) * 1e9 / t }' /proc/stat) $(now)"
}

# --- runs ----------------------------------------------------------------------------------------
results=()
for n in $replicas; do
  log "== $n API replica(s): fresh stack"
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  compose up -d --no-build --scale "api=$n" >"$work/up.log" 2>&1 || { cat "$work/up.log"; die "compose up failed"; }
  bash docker/scripts/health_check.sh --wait 300 >/dev/null || { bash docker/scripts/health_check.sh; die "stack not healthy"; }
  running=$(compose ps -q api | wc -l)
  [[ "$running" -eq "$n" ]] || die "expected $n api containers, found $running"
  # As after any scaling (docker/scripts/scale-api.sh): the edge resolves `api` again and balances
  # over every replica, whichever nginx the edge image has.
  compose exec -T edge nginx -s reload >/dev/null 2>&1 || die "edge reload failed"
  sleep 2
  key=$(compose run --rm -T secrets show api-key) || die "secrets show api-key"

  sim_log="$work/simulate-$n.log"
  # timeout is the safety net; the window below normally ends the stream first, by an INT that
  # timeout passes on to the simulator (Ctrl-C for it).
  RUL_API_KEY="$key" timeout -s INT -k 30 $((warmup + duration + 120)) \
    node packages/simulator/dist/cli.js stream --engines "$engines" --api "$api" --rate "$rate" \
    "${sim_extra[@]}" >"$sim_log" 2>&1 &
  sim_pid=$!
  sleep "$warmup"
  kill -0 "$sim_pid" 2>/dev/null || { cat "$sim_log"; die "the simulator stopped during the warm-up"; }
  cpu_sources >"$work/cpu-sources.txt"
  cpu_sample >"$work/cpu0-$n.txt"
  t0=$(now); c0=$(stored_cycles)
  sleep "$duration"
  kill -0 "$sim_pid" 2>/dev/null || { cat "$sim_log"; die "the simulator stopped before the window closed"; }
  t1=$(now); c1=$(stored_cycles)
  cpu_sample >"$work/cpu1-$n.txt"
  mapfile -t ids < <(compose ps -q api edge postgres)
  "$DOCKER" stats --no-stream --format '{{.Name}} {{.CPUPerc}} {{.MemUsage}}' "${ids[@]}" \
    >"$work/stats-$n.txt" 2>/dev/null || true
  # Bulk requests the edge passed to each replica during the window (its access log's upstream).
  edge_id=$(compose ps -q edge)
  "$DOCKER" logs --since "$t0" --until "$t1" "$edge_id" 2>/dev/null | grep '"uri":"/api/fleet/telemetry' \
    >"$work/edge-$n.log" || true
  for id in $(compose ps -q api); do
    name=$("$DOCKER" inspect -f '{{.Name}}' "$id" | sed "s|^/||; s|^${COMPOSE_PROJECT_NAME}[-_]||")
    ips=$("$DOCKER" inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$id")
    hits=0
    for ip in $ips; do hits=$((hits + $(grep -c "\"upstream\":\"[^\"]*$ip:8000" "$work/edge-$n.log" || true))); done
    echo "$name $hits"
  done >"$work/requests-$n.txt"
  kill -INT "$sim_pid" 2>/dev/null || true
  sim_rc=0
  wait "$sim_pid" || sim_rc=$?
  sim_pid=""
  # 0: finished, 130: stopped by the INT above, 124: by timeout. Anything else (1: readings
  # rejected) does not change what PostgreSQL counted, but is shown beside the figure.
  if [[ $sim_rc -ne 0 && $sim_rc -ne 130 && $sim_rc -ne 124 ]]; then
    log "WARNING: the simulator exited $sim_rc; its log:"
    sed 's/^/    /' "$sim_log" >&2
  fi
  per_s=$(awk -v a="$c0" -v b="$c1" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.0f", (b - a) / (e - s) }')
  window=$(awk -v s="$t0" -v e="$t1" 'BEGIN { printf "%.1f", e - s }')
  log "$n replica(s): $((c1 - c0)) cycles stored in ${window}s = $per_s cycles/s"
  # Average CPU over the window, in % of one core (200 % = both cores of a 2-core machine).
  log "CPU over the window (% of one core; box: every process on the machine, of $(nproc) cores):"
  awk 'NR == FNR { used[$1] = $2; at[$1] = $3; next }
    $1 in used { printf "    %-22s %5.0f %%\n", $1, ($2 - used[$1]) / 1e9 / ($3 - at[$1]) * 100 }' \
    "$work/cpu0-$n.txt" "$work/cpu1-$n.txt" >&2
  log "bulk requests per API replica in the window (edge access log):"
  sed 's/^/    /' "$work/requests-$n.txt" >&2
  log "docker stats at the end of the window (one instant):"
  sed 's/^/    /' "$work/stats-$n.txt" >&2
  log "simulator's report:"
  tail -n 5 "$sim_log" | sed 's/^/    /' >&2
  results+=("$(printf '%-8s %12s %10s %12s %9s' "$n" "$per_s" "$window" "$((c1 - c0))" "$sim_rc")")
done

echo "bulk ingest through the edge: $engines engines, simulator --rate $rate ${sim_extra[*]}"
printf '%-8s %12s %10s %12s %9s\n' replicas cycles/s window_s cycles sim_exit
printf '%s\n' "${results[@]}"
if [[ $keep -eq 1 ]]; then
  log "--keep: stack $COMPOSE_PROJECT_NAME left running (DOCKER_HOST=${DOCKER_HOST:-default}); edge on $api"
fi
