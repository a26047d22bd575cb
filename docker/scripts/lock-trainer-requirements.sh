#!/usr/bin/env bash
# Writes the sha256 of every file pip picks for the pins in docker/training/requirements-gpu.txt, as
# seen from inside the pinned PyTorch base (its Python, its platform). Needs the package index.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: docker/scripts/lock-trainer-requirements.sh [--help]

Downloads the pinned versions of docker/training/requirements-gpu.txt and
requirements-gpu-unhashed.txt (psycopg as its source distribution, the rest as wheels) inside
PYTORCH_IMAGE (.env / .env.example) and writes every pin with its sha256 hashes into
requirements-gpu.txt; requirements-gpu-unhashed.txt keeps only its comments. Review the diff before committing it.
Needs the package index and the base image. DOCKER selects the docker CLI.
USAGE
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; die "unknown argument: $1" ;;
esac

req="$REPO_ROOT/docker/training/requirements-gpu.txt"
unhashed="$REPO_ROOT/docker/training/requirements-gpu-unhashed.txt"
image=$(env_value PYTORCH_IMAGE) || die "PYTORCH_IMAGE is not set in .env or .env.example"
mapfile -t pins < <(grep -Eho '^[A-Za-z0-9_.-]+==[^ \\]+' "$req" "$unhashed")
[[ ${#pins[@]} -gt 0 ]] || die "no name==version lines in $req"

log "downloading ${pins[*]} inside $image"
# shellcheck disable=SC2016 # expanded inside the container
sums=$("$DOCKER" run --rm --entrypoint sh "$image" -c '
  set -e
  d=$(mktemp -d)
  python -m pip download --quiet --no-deps --no-binary psycopg --only-binary onnx,protobuf -d "$d" "$@" >&2
  cd "$d" && sha256sum -- *' sh "${pins[@]}")

tmp=$(mktemp)
grep '^#' "$req" >"$tmp"
for pin in "${pins[@]}"; do
  name=${pin%%==*} version=${pin#*==}
  # Distribution file names use the name with - or _ and any case.
  pattern="^[0-9a-f]{64}  ${name//[-_.]/[-_.]}-${version//./\\.}[-.]"
  hashes=$(grep -Ei "$pattern" <<<"$sums" | cut -d' ' -f1) || die "no file downloaded for $pin"
  printf '%s' "$pin" >>"$tmp"
  for h in $hashes; do printf ' \\\n    --hash=sha256:%s' "$h" >>"$tmp"; done
  printf '\n' >>"$tmp"
done
mv "$tmp" "$req"
grep '^#' "$unhashed" >"$unhashed.tmp" && mv "$unhashed.tmp" "$unhashed"
log "wrote $req; $unhashed now pins nothing"
