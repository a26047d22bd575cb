#!/bin/sh
# Run by the nginx image's entrypoint before nginx starts. With tls.crt and tls.key in
# /etc/nginx/certs the edge serves HTTPS on 8443 and plain HTTP only redirects (except /healthz);
# without them it serves plain HTTP on 8080.
set -eu

certs=/etc/nginx/certs
out=/tmp

if [ -r "$certs/tls.crt" ] && [ -r "$certs/tls.key" ]; then
  echo "40-rul-edge-tls: certificates found, enabling HTTPS on 8443"
  # shellcheck disable=SC2016 # nginx variables, not shell ones
  printf '%s\n' 'location / { return 301 https://$host$request_uri; }' >"$out/edge-http-mode.inc"
  cat >"$out/rul-edge-tls.conf" <<CONF
server {
  # listen ... http2 (rather than http2 on) so the file also loads on nginx older than 1.25.
  listen 8443 ssl http2;
  server_name ${EDGE_SERVER_NAME:-_};
  ssl_certificate $certs/tls.crt;
  ssl_certificate_key $certs/tls.key;
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_prefer_server_ciphers off;
  ssl_session_cache shared:rul_tls:10m;
  ssl_session_timeout 1d;
  add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;

  location = /healthz {
    access_log off;
    default_type text/plain;
    return 200 "ok\n";
  }

  include /etc/nginx/snippets/edge-routes.conf;
}
CONF
else
  echo "40-rul-edge-tls: no certificates in $certs, serving plain HTTP on 8080"
  printf '%s\n' 'include /etc/nginx/snippets/edge-routes.conf;' >"$out/edge-http-mode.inc"
  rm -f "$out/rul-edge-tls.conf"
fi
