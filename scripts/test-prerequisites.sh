#!/usr/bin/env bash
# What `pnpm test` needs beyond Node and pnpm, checked before any test runs. On Debian or Ubuntu the
# missing system packages are installed with apt-get (as root, or through passwordless sudo), each
# named with the reason it is needed; anywhere else, or without the rights, it stops and says what to
# install. The PostgreSQL and Redis the integration tests talk to must already be running.
#
#   scripts/test-prerequisites.sh          everything `pnpm test` runs
#   scripts/test-prerequisites.sh quick    what `pnpm test:quick` runs: the same without the container
#                                          tooling (the API's training test still runs the Python trainer)
set -euo pipefail
cd "$(dirname "$0")/.."

scope=${1:-all}
case "$scope" in
  all | quick) ;;
  -h | --help)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "test-prerequisites: unknown scope '$scope' (all or quick)" >&2
    exit 2
    ;;
esac

say() { printf 'test-prerequisites: %s\n' "$*"; }
fail() {
  printf 'test-prerequisites: %s\n' "$*" >&2
  exit 1
}

# Node: the version the workspace declares.
node_min=$(node -p "require('./package.json').engines.node.replace(/^>=/, '')")
if ! node -e "
  const [a, b] = process.versions.node.split('.').map(Number);
  const [x, y] = '$node_min'.split('.').map(Number);
  process.exit(a > x || (a === x && b >= y) ? 0 : 1);"; then
  fail "Node $(node --version) is too old: the workspace needs Node >= $node_min"
fi

# package  reason (one line each; the reason is printed when the package is installed)
wanted=(
  "chromium|the dashboard's end-to-end tests drive a real browser"
  "python3-torch|the trainer's tests train and export small models with PyTorch"
  "libopenblas0-openmp|PyTorch's matrix products run about ten times slower on the reference BLAS"
  "python3-threadpoolctl|the trainer pins OpenBLAS's own thread pool to the threads it is given"
  "python3-numpy|the trainer's data handling"
  "python3-onnx|the trainer checks every exported graph with the ONNX checker"
  "python3-psycopg|the training worker's tests use the real PostgreSQL queue"
  "python3-pytest|runs the trainer's tests"
  "python3-flake8|lints the trainer's Python code"
)

missing=()
reasons=()
for entry in "${wanted[@]}"; do
  pkg=${entry%%|*}
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
    reasons+=("  $pkg: ${entry#*|}")
  fi
done

as_root=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root=(sudo -n); fi
fi
can_install() { command -v apt-get >/dev/null && { [[ $(id -u) -eq 0 ]] || ((${#as_root[@]})); }; }

if ((${#missing[@]})); then
  printf 'test-prerequisites: missing system packages:\n%s\n' "$(printf '%s\n' "${reasons[@]}")"
  if ! command -v apt-get >/dev/null; then
    fail "this is not a Debian/Ubuntu system: install the equivalents of the packages above, then run the tests again"
  fi
  if ! can_install; then
    fail "installing them needs root: run  sudo apt-get install -y --no-install-recommends ${missing[*]}  then run the tests again"
  fi
  say "installing with apt-get: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    fail "apt-get could not install ${missing[*]}; install them by hand and run the tests again"
fi

if [[ $scope == all ]]; then
  # The container checks need a Docker engine, Compose v1 and v2, promtool, shellcheck and nginx.
  if ! bash docker/scripts/ci-install.sh --check >/dev/null 2>&1; then
    say "the container checks need a Docker engine, Compose v1 and v2, promtool, shellcheck and nginx"
    if ! can_install; then
      fail "installing them needs root: run  sudo bash docker/scripts/ci-install.sh  then run the tests again"
    fi
    "${as_root[@]}" bash docker/scripts/ci-install.sh || fail "docker/scripts/ci-install.sh failed (see above)"
  fi
fi

# Services the integration tests use for real; they are not started here.
reachable() {
  local url=$1 default_port=$2 rest host port
  rest=${url#*://}
  rest=${rest#*@}
  rest=${rest%%/*}
  host=${rest%:*}
  port=${rest##*:}
  [[ $port == "$rest" ]] && port=$default_port
  timeout 3 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}
db_url=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
redis_url=${TEST_REDIS_URL:-redis://127.0.0.1:6379}
reachable "$db_url" 5432 ||
  fail "PostgreSQL is not reachable at $db_url: start a server that accepts that URL (on Debian: apt-get install postgresql, then create the database 'test' for user postgres), or point TEST_DATABASE_URL at one"
reachable "$redis_url" 6379 ||
  fail "Redis is not reachable at $redis_url: start one (on Debian: apt-get install redis-server), or point TEST_REDIS_URL at one"

say "all present ($scope)"
