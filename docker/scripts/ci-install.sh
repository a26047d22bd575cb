#!/usr/bin/env bash
# Installs the OS tools the container checks need (Debian/Ubuntu, run as root).
# Idempotent: packages already present are skipped, so calling it on every CI run is cheap.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: docker/scripts/ci-install.sh [--help]

Installs, with apt-get, what packages/deploy-checks needs:
  docker.io docker-compose   real Docker engine (dockerd 20.10) and Compose v1.29
  debootstrap                builds the Debian rootfs for the base-image stand-ins
  shellcheck                 lints docker/scripts
  prometheus                 promtool (config, rules and alert unit tests)
  nginx, openssl             `nginx -t` on the nginx configs (with a throw-away TLS certificate)
Services are not started: a policy-rc.d blocks init scripts during the install.
USAGE
}

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  usage
  exit 0
fi

packages=(docker.io docker-compose debootstrap shellcheck prometheus nginx openssl ca-certificates xz-utils)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "ci-install: all packages present"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "ci-install: missing ${missing[*]} and not root; install them first" >&2
  exit 1
fi

# Keep the packages' init scripts from starting daemons (nginx on :80, prometheus) on a CI box.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  created_policy=1
fi
cleanup() { if [[ $created_policy -eq 1 ]]; then rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
echo "ci-install: installing ${missing[*]}"
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "ci-install: done"
