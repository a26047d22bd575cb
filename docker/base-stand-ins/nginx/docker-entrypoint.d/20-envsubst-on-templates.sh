#!/bin/sh
# Renders /etc/nginx/templates/*.template into NGINX_ENVSUBST_OUTPUT_DIR, substituting only the
# variables that are set in the environment (nginx's own $variables stay untouched).
set -eu
template_dir=/etc/nginx/templates
suffix=.template
output_dir="${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}"
[ -d "$template_dir" ] || exit 0
if [ ! -w "$output_dir" ]; then
  echo "$0: $output_dir is not writable, templates not rendered" >&2
  exit 0
fi
defined=$(env | cut -d= -f1 | sed 's/^/${/; s/$/}/' | tr '\n' ' ')
for template in "$template_dir"/*"$suffix"; do
  [ -f "$template" ] || continue
  out="$output_dir/$(basename "$template" "$suffix")"
  envsubst "$defined" <"$template" >"$out"
  echo "$0: rendered $template to $out"
done
