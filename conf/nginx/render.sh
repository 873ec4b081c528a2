#!/bin/sh
# Renders nginx.conf.template into RUNTIME_DIR/nginx.conf, the one way both ./run.sh nginx and the
# integration test make nginx's configuration. Settings come from the environment (defaults in brackets):
#
#   NGINX_HTTPS_PORT [9443]       HTTPS (HTTP/2) for clients
#   NGINX_HTTP_PORT  [9080]       plain HTTP, answering 301 to the HTTPS URL
#   SERVICE_PORT     [8443]       the service on 127.0.0.1; several ports (space-separated) for several edges
#   NGINX_CERT       [certs/server.crt]  certificate (chain) nginx presents, PEM
#   NGINX_KEY        [certs/server.key]  its private key
#   SERVICE_CERT     [certs/server.crt]  certificate the service presents: the only one nginx trusts upstream
#   BODY_LIMIT_BYTES [16384]      largest request body, as the service's http.bodyLimitBytes
#
# Relative paths are taken from the current folder; the rendered file holds absolute ones.
#
#   usage: conf/nginx/render.sh RUNTIME_DIR
set -eu

die() { echo "render.sh: $*" >&2; exit 2; }

[ $# -eq 1 ] || die "usage: conf/nginx/render.sh RUNTIME_DIR"
template="$(dirname "$0")/nginx.conf.template"

absolute() {
  case "$1" in
    /*) path="$1" ;;
    *) path="$PWD/$1" ;;
  esac
  # the value goes into a quoted nginx string and a sed replacement: keep to plain path characters
  case "$path" in
    *[!A-Za-z0-9._/@+,:=\ -]*) die "unsupported character in path '$path'" ;;
  esac
  echo "$path"
}

number() {
  case "$2" in
    '' | *[!0-9]*) die "$1 must be a number, not '$2'" ;;
  esac
  echo "$2"
}

mkdir -p "$1"
runtime_dir=$(cd "$1" && pwd)
https_port=$(number NGINX_HTTPS_PORT "${NGINX_HTTPS_PORT:-9443}")
http_port=$(number NGINX_HTTP_PORT "${NGINX_HTTP_PORT:-9080}")
upstream_servers=
for port in ${SERVICE_PORT:-8443}; do
  upstream_servers="$upstream_servers    server 127.0.0.1:$(number SERVICE_PORT "$port") max_fails=1 fail_timeout=5s;\\n"
done
body_limit=$(number BODY_LIMIT_BYTES "${BODY_LIMIT_BYTES:-16384}")
cert=$(absolute "${NGINX_CERT:-certs/server.crt}")
key=$(absolute "${NGINX_KEY:-certs/server.key}")
service_cert=$(absolute "${SERVICE_CERT:-certs/server.crt}")
runtime_dir=$(absolute "$runtime_dir")

sed -e "s|@RUNTIME_DIR@|$runtime_dir|g" \
    -e "s|@HTTPS_PORT@|$https_port|g" \
    -e "s|@HTTP_PORT@|$http_port|g" \
    -e "s|@UPSTREAM_SERVERS@|$upstream_servers|" \
    -e "s|@BODY_LIMIT@|$body_limit|g" \
    -e "s|@CERT@|$cert|g" \
    -e "s|@KEY@|$key|g" \
    -e "s|@SERVICE_CERT@|$service_cert|g" \
    "$template" > "$runtime_dir/nginx.conf"

if grep -q '@[A-Z_]*@' "$runtime_dir/nginx.conf"; then
  die "placeholder left in $runtime_dir/nginx.conf: $(grep -o '@[A-Z_]*@' "$runtime_dir/nginx.conf" | head -1)"
fi
