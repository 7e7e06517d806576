#!/usr/bin/env bash
# Reproduces the figures in docs/benchmarks.md: what a first visit downloads (raw, gzip,
# brotli, and as the server sends it), and SSR throughput of /register next to the same
# server sending a static copy of that page, measured in one run with wrk on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
source scripts/env.sh
scripts/build.sh --tested >&2

PORT=${BENCH_PORT:-3300}
BASE="http://127.0.0.1:$PORT"
DB=$(mktemp -d)
# The per-IP request limit would measure itself, not the server: lift it for the run.
MOYGAZ_SITE__ADDR=127.0.0.1:$PORT MOYGAZ_DATABASE__URL="sqlite://$DB/bench.db?mode=rwc" \
  MOYGAZ_SITE__DEV_OUTBOX=true MOYGAZ_SECURITY__REQUESTS_PER_SECOND_PER_IP=1000000 \
  MOYGAZ_SECURITY__REQUEST_BURST_PER_IP=1000000 \
  LEPTOS_SITE_ROOT=target/site RUST_LOG=error target/release/moygaz serve &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DB" target/site/bench-static.html target/site/bench-account.html target/site/bench-register-cookie.html' EXIT
for _ in $(seq 1 120); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.25; done

served() { curl -s -H "Accept-Encoding: $2" "$BASE$1" | wc -c; }
headers() { curl -s -D - -o /dev/null -H "Accept-Encoding: br" "$BASE$1" | wc -c; }

echo "## First visit of /register (bytes)"
echo
echo "Every request Chromium makes until the page has hydrated (\`end2end/support/first-visit.mjs\`)."
echo
echo "| resource | raw | gzip -9 | brotli -q 11 | as served (br) | response headers |"
echo "|---|---:|---:|---:|---:|---:|"
total=0
total_headers=0
curl -s "$BASE/register" > "$DB/register.html"
for url in $(cd end2end && node support/first-visit.mjs "$BASE/register"); do
  case "$url" in
    /register) file="$DB/register.html" ;;
    *) file="target/site$url" ;;
  esac
  [ -f "$file" ] || { curl -s "$BASE$url" > "$DB/fetched"; file="$DB/fetched"; }
  raw=$(wc -c < "$file"); gz=$(gzip -9 -c "$file" | wc -c); br=$(brotli -q 11 -c "$file" | wc -c)
  sent=$(served "$url" br)
  head=$(headers "$url")
  total=$((total + sent))
  total_headers=$((total_headers + head))
  echo "| \`$url\` | $raw | $gz | $br | $sent | $head |"
done
echo "| **total as served** | | | | **$total** | $total_headers |"
echo

cp "$DB/register.html" target/site/bench-static.html
rps() { wrk -t2 -c16 -d"${BENCH_SECONDS:-10}"s "$1" | awk '/Requests\/sec/ {print $2}'; }
ssr=$(rps "$BASE/register")
static=$(rps "$BASE/bench-static.html")
echo "## SSR throughput (wrk -t2 -c16, ${BENCH_SECONDS:-10} s each, same server, same bytes)"
echo
echo "| what | requests/s |"
echo "|---|---:|"
echo "| \`GET /register\` (server-rendered) | $ssr |"
echo "| \`GET /bench-static.html\` (static copy of the same page) | $static |"
echo "| ratio SSR / static | $(awk -v a="$ssr" -v b="$static" 'BEGIN {printf "%.2f", a/b}') |"

# A customer to sign in as: register, read the code from the development outbox, confirm.
JAR="$DB/cookies"
post() { curl -s -b "$JAR" -c "$JAR" -H "Origin: $BASE" -H "Accept: application/json" --data "$2" "$BASE/api/$1"; }
post auth/register "login=bench%40mail.ru&password=bench12&password_repeat=bench12" >/dev/null
sleep 1
code=$(curl -s "$BASE/dev/outbox/latest?to=bench@mail.ru" | grep -Eo '[0-9]{6}' | head -1)
post auth/confirm "code=$code" >/dev/null

# Signed-in pages next to static copies of themselves (issue 17): the same customer binds
# the seed's account and unlocks it by its PIN; wrk then sends the session cookie.
post consent/sign "version=$(grep -Eo 'VERSION: &str = "[^"]+"' app/src/consent/mod.rs | cut -d'"' -f2)" >/dev/null
provider=$(post accounts/providers "" | grep -Eo '"id":[0-9]+,"name":"Демонстрационный поставщик"' | grep -Eo '[0-9]+' | head -1)
account=$(post accounts/bind "provider=$provider&number=023-185952" | grep -Eo '"account_id":[0-9]+' | grep -Eo '[0-9]+')
post accounts/answer "account_id=$account&question=pin&answer=4821" >/dev/null
cookie=$(awk '$6 ~ /moygaz_session$/ {print $6 "=" $7}' "$JAR")
page() { curl -s -H "Cookie: $cookie" "$BASE$1"; }
page "/accounts/$account" > target/site/bench-account.html
grep -q "Иванов Иван Иванович" target/site/bench-account.html || { echo "the account page is not the extended view" >&2; exit 1; }
page /register > target/site/bench-register-cookie.html
with_cookie() { wrk -t2 -c16 -d"${BENCH_SECONDS:-10}"s -H "Cookie: $cookie" "$1" | awk '/Requests\/sec/ {print $2}'; }
account_ssr=$(with_cookie "$BASE/accounts/$account")
account_static=$(with_cookie "$BASE/bench-account.html")
register_ssr=$(with_cookie "$BASE/register")
register_static=$(with_cookie "$BASE/bench-register-cookie.html")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
echo
echo "## Signed-in pages (wrk -t2 -c16, ${BENCH_SECONDS:-10} s each, with the customer's session cookie)"
echo
echo "| what | requests/s | static copy, requests/s | ratio |"
echo "|---|---:|---:|---:|"
echo "| \`GET /accounts/{id}\` (extended access) | $account_ssr | $account_static | $(ratio "$account_ssr" "$account_static") |"
echo "| \`GET /register\` with a session cookie | $register_ssr | $register_static | $(ratio "$register_ssr" "$register_static") |"

p99() { awk '/ 99%/ {print $2}'; }
rate() { awk '/Requests\/sec/ {print $2}'; }
S=${BENCH_SECONDS:-10}

# Twelve-month PDF statements of the same account, twelve periods in turn
# (bench-statement.lua), one request at a time (its latency is the customer's wait) and two
# at once (both cores).
statement="$BASE/accounts/$account/statement.pdf"
one=$(wrk -t1 -c1 -d"$S"s --latency -s scripts/bench-statement.lua -H "Cookie: $cookie" "$statement")
two=$(wrk -t2 -c2 -d"$S"s -s scripts/bench-statement.lua -H "Cookie: $cookie" "$statement" | rate)
echo
echo "## PDF statement, twelve months (\`GET /accounts/{id}/statement.pdf\`, $S s each)"
echo
echo "| one at a time: median | p99 | documents/s | two at once: documents/s | size |"
echo "|---:|---:|---:|---:|---:|"
failed=$(echo "$one" | awk '/Non-2xx/ {print $5}')
echo "| $(echo "$one" | awk '/ 50%/ {print $2}') | $(echo "$one" | p99) | $(echo "$one" | rate) | $two | $(curl -s -H "Cookie: $cookie" "$statement" | wc -c) bytes |"
[ -z "$failed" ] || echo "($failed of the statements were not 200: the figures are void)"
alone=$(wrk -t1 -c8 -d"$S"s --latency "$BASE/register" | p99)
signins=$(wrk -t1 -c8 -d"$S"s -s scripts/bench-signin.lua -H "Origin: $BASE" "$BASE/api/auth/login" | rate)
wrk -t1 -c8 -d"$((S + 2))"s -s scripts/bench-signin.lua -H "Origin: $BASE" "$BASE/api/auth/login" >/dev/null &
FLOOD=$!
sleep 1
flooded=$(wrk -t1 -c8 -d"$S"s --latency "$BASE/register" | p99)
wait $FLOOD
echo
echo "## Sign-in (argon2id m=19456 KiB, t=2, p=1) and pages under a sign-in flood (wrk -t1 -c8, $S s)"
echo
echo "| what | figure |"
echo "|---|---:|"
echo "| successful sign-ins per second | $signins |"
echo "| \`GET /register\` p99, alone | $alone |"
echo "| \`GET /register\` p99, during a sign-in flood | $flooded |"
