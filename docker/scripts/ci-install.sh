#!/usr/bin/env bash
# Installs the OS tools the container checks need (Debian/Ubuntu, run as root).
# Idempotent: packages already present are skipped, so calling it on every CI run is cheap.
# Compose v2 is not in bookworm: it comes from trixie's docker-compose package, fetched with a private
# apt configuration (the machine's own sources are left alone), checked against a pinned checksum and
# unpacked into the cache directory, never installed with dpkg.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: docker/scripts/ci-install.sh [--check | --help]

Installs, with apt-get, what packages/deploy-checks needs:
  docker.io docker-compose   real Docker engine (dockerd 20.10) and Compose v1.29
  debootstrap                builds the Debian rootfs for the base-image stand-ins
  shellcheck                 lints docker/scripts
  prometheus                 promtool (config, rules and alert unit tests)
  nginx, openssl             `nginx -t` on the nginx configs (with a throw-away TLS certificate)
Services are not started: a policy-rc.d blocks init scripts during the install.

Compose v2 (Debian trixie's docker-compose 2.26.1-4, sha256-pinned) is unpacked, not installed, to
  $RUL_SMOKE_CACHE/compose-v2/cli-plugins/docker-compose   (default /var/cache/rul-deploy-checks)
a Docker CLI plugin directory that also runs standalone. The .deb is kept next to it, so later runs
need no network. RUL_DEBIAN_MIRROR picks the mirror (default http://deb.debian.org/debian).

--check installs nothing: it exits 0 when everything is present, 1 (naming what is missing) otherwise.
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

# Pinned: a new version is a deliberate change of these three lines (the checksum is the one in the
# trixie Packages index, which apt verifies against the signed Release file).
compose_v2_version=2.26.1-4
compose_v2_arch=amd64
compose_v2_sha256=47681197cb2b1ab88206b42a1a92fc75f50d9530a6322d03494a473eed0408ea
compose_v2_dir="${RUL_SMOKE_CACHE:-/var/cache/rul-deploy-checks}/compose-v2"
compose_v2_bin="$compose_v2_dir/cli-plugins/docker-compose"
mirror="${RUL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

compose_v2_present() {
  [[ -x "$compose_v2_bin" && "$("$compose_v2_bin" version --short 2>/dev/null)" == "$compose_v2_version" ]]
}

install_compose_v2() {
  local arch deb apt_dir tmp listed
  arch=$(dpkg --print-architecture)
  if [[ "$arch" != "$compose_v2_arch" ]]; then
    echo "ci-install: Compose v2 is pinned for $compose_v2_arch only, this machine is $arch" >&2
    return 1
  fi
  deb="$compose_v2_dir/docker-compose_${compose_v2_version}_${arch}.deb"
  mkdir -p "$compose_v2_dir"
  if [[ ! -f "$deb" ]] || ! sha256sum --status -c <<<"$compose_v2_sha256  $deb"; then
    rm -f "$deb"
    apt_dir="$compose_v2_dir/apt"
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
    echo "deb $mirror trixie main" >"$apt_dir/sources.list"
    local apt_opts=(
      -o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=-
      -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
      -o APT::Sandbox::User=root
    )
    echo "ci-install: fetching docker-compose $compose_v2_version (Compose v2) from $mirror trixie"
    if ! apt-get "${apt_opts[@]}" update -qq --error-on=any; then
      echo "ci-install: cannot read the trixie index from $mirror (offline? set RUL_DEBIAN_MIRROR)" >&2
      return 1
    fi
    listed=$(apt-cache "${apt_opts[@]}" show "docker-compose=$compose_v2_version" 2>/dev/null |
      sed -n 's/^SHA256: //p' | head -n1)
    if [[ "$listed" != "$compose_v2_sha256" ]]; then
      echo "ci-install: docker-compose $compose_v2_version is not in $mirror trixie with the pinned" \
        "checksum (index says '${listed:-not listed}'); update the pin in $0 deliberately" >&2
      return 1
    fi
    if ! (cd "$compose_v2_dir" && apt-get "${apt_opts[@]}" download -qq "docker-compose=$compose_v2_version"); then
      echo "ci-install: downloading docker-compose $compose_v2_version failed" >&2
      return 1
    fi
    if ! sha256sum --status -c <<<"$compose_v2_sha256  $deb"; then
      echo "ci-install: $deb does not match the pinned sha256 $compose_v2_sha256" >&2
      rm -f "$deb"
      return 1
    fi
  fi
  tmp=$(mktemp -d "$compose_v2_dir/.unpack.XXXXXX")
  dpkg-deb -x "$deb" "$tmp"
  mkdir -p "$compose_v2_dir/cli-plugins"
  install -m 755 "$tmp/usr/libexec/docker/cli-plugins/docker-compose" "$compose_v2_bin.new"
  mv -f "$compose_v2_bin.new" "$compose_v2_bin"
  rm -rf "$tmp"
  if ! compose_v2_present; then
    echo "ci-install: $compose_v2_bin does not report version $compose_v2_version" >&2
    return 1
  fi
  echo "ci-install: Compose v2 $compose_v2_version at $compose_v2_bin"
}

if [[ ${#missing[@]} -eq 0 ]] && compose_v2_present; then
  echo "ci-install: all packages present; Compose v2 $compose_v2_version at $compose_v2_bin"
  exit 0
fi

if [[ "${1:-}" == "--check" ]]; then
  todo=("${missing[@]}")
  compose_v2_present || todo+=("Compose v2 $compose_v2_version")
  echo "ci-install: missing ${todo[*]}" >&2
  exit 1
fi

if [[ $(id -u) -ne 0 ]]; then
  todo=("${missing[@]}")
  compose_v2_present || todo+=("Compose v2 $compose_v2_version")
  echo "ci-install: missing ${todo[*]} and not root; run it as root first" >&2
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
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "ci-install: installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! compose_v2_present; then
  install_compose_v2 || { echo "ci-install: FAILED to provide Compose v2 $compose_v2_version" >&2; exit 1; }
fi
echo "ci-install: done"
