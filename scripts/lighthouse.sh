#!/usr/bin/env bash
# Lighthouse (mobile: simulated slow 4G and a 4x slower CPU) on /register of the release
# build, in Debian's Chromium. Lighthouse comes from the npm registry into a temporary
# folder: it is a measuring tool, not a dependency of the portal.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
source scripts/env.sh
scripts/build.sh --tested >&2
TMP=$(mktemp -d)
PORT=${LIGHTHOUSE_PORT:-3400}
MOYGAZ_SITE__ADDR=127.0.0.1:$PORT MOYGAZ_DATABASE__URL="sqlite://$TMP/lh.db?mode=rwc" \
  LEPTOS_SITE_ROOT=target/site RUST_LOG=error target/release/moygaz serve &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.25; done
(cd "$TMP" && npm install --silent --no-audit --no-fund lighthouse@12 >/dev/null)
CHROME_PATH=/usr/bin/chromium "$TMP/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT/${1:-register}" --quiet \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
  --only-categories=performance,accessibility,best-practices --form-factor=mobile \
  --output=json --output-path="$TMP/report.json"
node -e '
const r = require(process.argv[1]);
for (const [k, v] of Object.entries(r.categories)) console.log(`${k}: ${Math.round(v.score * 100)}`);
for (const a of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"])
  console.log(`${a}: ${r.audits[a].displayValue}`);
' "$TMP/report.json"
