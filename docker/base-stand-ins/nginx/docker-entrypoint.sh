#!/bin/sh
# Same contract as the upstream nginx images: when the command is nginx, run the scripts in
# /docker-entrypoint.d in order (*.envsh are sourced, executable *.sh are run), then exec.
set -eu
if [ "${1:-}" = nginx ] || [ "${1:-}" = nginx-debug ]; then
  for f in $(find /docker-entrypoint.d -mindepth 1 -maxdepth 1 -type f | sort); do
    # shellcheck source=/dev/null
    case "$f" in
      *.envsh) echo "$0: sourcing $f"; . "$f" ;;
      *.sh) if [ -x "$f" ]; then echo "$0: running $f"; "$f"; fi ;;
    esac
  done
fi
exec "$@"
