#!/bin/sh
# pack-debian-wheels.sh OUT PACKAGE...: packs the Python files of installed Debian packages as wheels
# (cpXY-linux_x86_64 when they hold extension modules, py3-none-any otherwise). Unlike PyPI's wheels
# they do not bundle their C libraries: they need Debian's libpq5 and libprotobuf32, which the PyTorch
# stand-in has through python3-torch's dependencies.
set -eu
out=$1
shift
site=/usr/lib/python3/dist-packages
py=$(python3 -c 'import sys; print("cp%d%d" % sys.version_info[:2])')
mkdir -p "$out"
for pkg in "$@"; do
  stage=$(mktemp -d)
  dpkg -L "$pkg" | grep "^$site/." | while read -r f; do
    [ -f "$f" ] || continue
    rel=${f#"$site"/}
    mkdir -p "$stage/$(dirname "$rel")"
    cp "$f" "$stage/$rel"
  done
  info=$(find "$stage" -maxdepth 1 \( -name '*.egg-info' -o -name '*.dist-info' \) | head -n1)
  [ -n "$info" ] || { echo "$pkg: no egg-info or dist-info" >&2; exit 1; }
  base=$(basename "$info")
  base=${base%.egg-info}
  base=${base%.dist-info}
  dist="$stage/$base.dist-info"
  if [ "$info" != "$dist" ]; then
    mkdir -p "$dist"
    if [ -d "$info" ]; then cp "$info/PKG-INFO" "$dist/METADATA"; else cp "$info" "$dist/METADATA"; fi
    rm -rf "$info"
  fi
  rm -f "$dist/RECORD" "$dist/INSTALLER" "$dist/direct_url.json"
  if find "$stage" -name '*.so' | grep -q .; then
    tag="$py-$py-linux_x86_64" purelib=false
  else
    tag=py3-none-any purelib=true
  fi
  printf 'Wheel-Version: 1.0\nGenerator: rul-stand-in\nRoot-Is-Purelib: %s\nTag: %s\n' "$purelib" "$tag" >"$dist/WHEEL"
  python3 -m wheel pack "$stage" -d "$out"
  rm -rf "$stage"
done
ls -l "$out"
