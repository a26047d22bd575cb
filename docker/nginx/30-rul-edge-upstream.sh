#!/bin/sh
# Run by the nginx image's entrypoint before nginx starts: writes the API upstream the edge proxies
# /api/ to. One upstream in shared memory, so every worker and every request share one balancing
# state: least_conn sends each request to the replica with the fewest in flight (a bulk ingest
# request keeps a replica busy for a while) and round-robins between equals.
# The replicas come from a name (Compose's `api`, which resolves to every replica) or from a list
# (API_UPSTREAM="host1:8000 host2:8000"). nginx 1.27.3 and later re-resolve a name by themselves
# (`resolve`, every `valid` of the resolver), so `--scale api=N` is picked up without a reload.
# Older nginx (Debian's 1.22) resolves it when it loads its configuration: after scaling, reload the
# edge (docker/scripts/scale-api.sh scales and reloads).
set -eu

out=/tmp
servers=$(printf '%s' "${API_UPSTREAM:?API_UPSTREAM must name the API (host:port, or a list)}" | tr ',' ' ')

version=$(nginx -v 2>&1 | sed -n 's|^nginx version: [^/]*/\([0-9][0-9.]*\).*|\1|p')
major=$(echo "$version" | cut -d. -f1)
minor=$(echo "$version" | cut -d. -f2)
patch=$(echo "$version" | cut -d. -f3)
resolve=""
if [ "${major:-0}" -gt 1 ] || { [ "${major:-0}" -eq 1 ] && { [ "${minor:-0}" -gt 27 ] ||
  { [ "${minor:-0}" -eq 27 ] && [ "${patch:-0}" -ge 3 ]; }; }; }; then
  resolve=" resolve"
fi

{
  echo "# Written by 30-rul-edge-upstream.sh for nginx ${version:-unknown}."
  echo "upstream rul_api {"
  echo "  zone rul_api_upstream 256k;"
  echo "  least_conn;"
  for server in $servers; do
    case "$server" in
      # An address needs no resolution; only a name is re-resolved.
      [0-9]*.[0-9]*.[0-9]*.[0-9]*:* | \[*) echo "  server $server;" ;;
      *) echo "  server $server$resolve;" ;;
    esac
  done
  echo "}"
} >"$out/rul-edge-upstream.conf"

if [ -n "$resolve" ]; then
  echo "30-rul-edge-upstream: $servers, re-resolved while running (nginx $version)"
else
  echo "30-rul-edge-upstream: $servers, resolved at start and on reload (nginx ${version:-unknown}: reload after scaling)"
fi
