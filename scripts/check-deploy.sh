#!/usr/bin/env bash
# Checks the sample nginx configuration (deploy/nginx.conf) with `nginx -t`, with a
# throwaway self-signed certificate in place of the real one. Needs nginx and openssl
# (Debian: apt-get install nginx-light openssl). Not part of CI: the Rust test
# `proxy::limits_follow_the_client_behind_a_trusted_proxy_on_every_instance` covers what the
# portal does with the forwarded address.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nginx >/dev/null || { echo "nginx is not installed" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=lk.example.ru" \
  -keyout "$TMP/privkey.pem" -out "$TMP/fullchain.pem" 2>/dev/null
sed -e "s#/etc/letsencrypt/live/lk.example.ru#$TMP#g" deploy/nginx.conf > "$TMP/moygaz.conf"
cat > "$TMP/nginx.conf" <<CONF
pid $TMP/nginx.pid;
error_log $TMP/error.log;
events {}
http {
    access_log off;
    include $TMP/moygaz.conf;
}
CONF
nginx -t -c "$TMP/nginx.conf" -p "$TMP"
echo "deploy/nginx.conf: nginx -t passed"
