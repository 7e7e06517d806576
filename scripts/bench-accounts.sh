#!/usr/bin/env bash
# Accounts at scale (docs/benchmarks.md: "Binding with 1 000 000 accounts", "Meter readings",
# "Payment creation"). With the release binary, no build:
#   1. imports 1 000 000 accounts (scripts/gen-billing-csv.py) into a fresh PostgreSQL
#      database and a fresh SQLite file, and measures POST /api/accounts/bind with wrk over
#      numbers that exist and numbers that do not (on PostgreSQL also once more with
#      synchronous_commit = off for that database, to show what the commits cost);
#   2. on PostgreSQL, measures POST /api/readings/submit (20 bound accounts with a meter each,
#      readings window open: the portal's clock is set to 20 Nov 2026);
#   3. on PostgreSQL, measures POST /api/payments/create against a YooKassa v3 stand-in
#      (scripts/yookassa-standin.mjs), then the signed-in account page with extended access
#      against a static copy of itself.
# Everything it starts or creates is removed on exit. About 3 minutes on 2 cores.
#
#   scripts/bench-accounts.sh                     # BENCH_SECONDS=8 per wrk run
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432 BENCH_PORT=3310 scripts/bench-accounts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/target/release/moygaz
if [ ! -x "$BIN" ]; then
  echo "нет $BIN: сначала соберите релиз (cargo leptos build --release --split)" >&2
  exit 1
fi

ROWS=${BENCH_ACCOUNTS_ROWS:-1000000}
PG=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
S=${BENCH_SECONDS:-8}
PORT=${BENCH_PORT:-3310}
YK_PORT=$((PORT + 1))
BASE="http://127.0.0.1:$PORT"
CONSENT=$(sed -n 's/^pub const VERSION: &str = "\(.*\)";/\1/p' app/src/consent/mod.rs)
# 20 Nov 2026 09:00 MSK: inside every provider's readings window.
CLOCK=$((1794895200 + 3 * 86400))

TMP=$(mktemp -d)
DB=moygaz_bench_accounts_$$
SERVER=""
STANDIN=""
stop_server() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  SERVER=""
}
cleanup() {
  stop_server
  if [ -n "$STANDIN" ]; then kill "$STANDIN" 2>/dev/null || true; wait "$STANDIN" 2>/dev/null || true; fi
  psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The CLI without Leptos.toml from the working directory and without demo data.
import() {
  (cd "$TMP" && env -u DATABASE_URL MOYGAZ_SITE__DEMO_DATA=false RUST_LOG=warn MOYGAZ_DATABASE__URL="$1" \
    "$BIN" "${@:2}")
}

# The server on $1, with every limit that would measure itself lifted, the development
# outbox on (codes at /dev/outbox/latest), the clock in a readings window, and YooKassa
# pointed at the stand-in. Demo data is loaded (the payments use its seed account). The shop
# id is quoted: figment reads an unquoted `1` from the environment as a number and refuses it.
start_server() {
  MOYGAZ_DATABASE__URL="$1" MOYGAZ_SITE__ADDR=127.0.0.1:$PORT MOYGAZ_SITE__PUBLIC_URL=$BASE \
    MOYGAZ_SITE__DEV_OUTBOX=true MOYGAZ_SITE__CLOCK_START_UNIX=$CLOCK \
    MOYGAZ_SECURITY__BIND_ATTEMPTS_PER_HOUR=100000000 MOYGAZ_SECURITY__REQUESTS_PER_SECOND_PER_IP=1000000 \
    MOYGAZ_SECURITY__REQUEST_BURST_PER_IP=1000000 MOYGAZ_SECURITY__CODES_PER_IP_PER_HOUR=100000 \
    MOYGAZ_READINGS__MAX_JUMP_M3=100000000 \
    MOYGAZ_PAYMENTS__PROVIDER=yookassa MOYGAZ_PAYMENTS__API_URL=http://127.0.0.1:$YK_PORT \
    MOYGAZ_PAYMENTS__SHOP_ID='"1"' MOYGAZ_PAYMENTS__SECRET_KEY=x \
    LEPTOS_SITE_ROOT=$ROOT/target/site RUST_LOG=error "$BIN" serve &
  SERVER=$!
  for _ in $(seq 1 240); do
    curl -fs "$BASE/healthz" >/dev/null && return
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.25
  done
  echo "сервер не ответил на $BASE/healthz" >&2
  exit 1
}

# POST a form to /api/$2 as the customer whose cookies are in $1; prints the body, fails
# unless the status is $4 (200 by default).
post() {
  local out status
  out=$(curl -s -w '\n%{http_code}' -b "$1" -c "$1" -H "Origin: $BASE" -H "Accept: application/json" \
    --data "$3" "$BASE/api/$2")
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if [ "$status" != "${4:-200}" ]; then
    echo "POST /api/$2 ($3): $status $out" >&2
    exit 1
  fi
  printf '%s' "$out"
}

# A customer as the API tests make one: register, the code from the outbox, confirm, consent.
# Prints the session cookie (moygaz_session=…); the cookie jar is $TMP/LOGIN.jar.
customer() {
  local login=$1 jar=$TMP/$1.jar code=""
  post "$jar" auth/register "login=${login/@/%40}&password=bench12&password_repeat=bench12" >/dev/null
  for _ in $(seq 1 100); do
    code=$(curl -fs "$BASE/dev/outbox/latest?to=$login" | jq -r .text | grep -Eo '[0-9]{6}' | head -1) && \
      [ -n "$code" ] && break
    sleep 0.1
  done
  post "$jar" auth/confirm "code=$code" >/dev/null
  post "$jar" consent/sign "version=$CONSENT" >/dev/null
  awk '$6 == "moygaz_session" { print $6 "=" $7 }' "$jar"
}

# wrk with latency percentiles; prints one table row: what | connections | requests/s | p50 |
# p99 | non-2xx of all. The full output is kept in $TMP/wrk-*.txt.
RUN=0
measure() {
  local what=$1 conns=$2 threads=1 out
  shift 2
  [ "$conns" -gt 1 ] && threads=2
  RUN=$((RUN + 1))
  out=$TMP/wrk-$RUN.txt
  wrk -t"$threads" -c"$conns" -d"${S}s" --latency "$@" > "$out"
  awk -v what="$what" -v c="$conns" '
    / 50%/ { p50 = $2 } / 99%/ { p99 = $2 } /Requests\/sec/ { rps = $2 }
    / requests in / { total = $1 } /Non-2xx/ { bad = $NF }
    END { printf "| %s | %d | %s | %s | %s | %d of %d |\n", what, c, rps, p50, p99, bad, total }' "$out"
}
header() {
  echo "| what | connections | requests/s | p50 | p99 | non-2xx of all |"
  echo "|---|---:|---:|---:|---:|---:|"
}

# One bind with the body printed: what the requests of a run answer.
sample_bind() {
  curl -s -w ' (HTTP %{http_code})' -H "Cookie: $1" -H "Origin: $BASE" -H "Accept: application/json" \
    --data "provider=$2&number=$3" "$BASE/api/accounts/bind" | cut -c1-160
  echo
}

# Binding: $1 names the database, $2 is the command that runs SQL on it.
bench_bind() {
  local name=$1 sql=$2 providers cookie known_cookie="" n=0 heavy
  providers=$($sql "SELECT id FROM providers WHERE code LIKE 'bench%' ORDER BY code" | paste -sd, -)
  echo
  echo "### $name: POST /api/accounts/bind, $ROWS accounts, wrk $S s each, a fresh customer per run"
  echo
  header
  for mode in known unknown; do
    for conns in 1 8; do
      n=$((n + 1))
      cookie=$(customer "bind$n-$$@mail.ru")
      [ "$mode" = known ] && known_cookie=$cookie
      BENCH_COOKIE=$cookie BENCH_ORIGIN=$BASE BENCH_PROVIDERS=$providers BENCH_ROWS=$ROWS BENCH_MODE=$mode \
        measure "bind, $mode numbers" "$conns" -s scripts/bench-bind.lua "$BASE/api/accounts/bind"
    done
  done
  echo
  echo "What the runs answered after their first 20 binds:"
  echo "  known:   $(sample_bind "$known_cookie" "${providers%%,*}" 10000123)"
  echo "  unknown: $(sample_bind "$cookie" "${providers%%,*}" 30000123)"
  heavy=$($sql "SELECT subject FROM rate_events WHERE kind = 'bind' GROUP BY subject ORDER BY count(*) DESC LIMIT 1")
  echo "  binding attempts recorded in rate_events for one customer (the most): \
$($sql "SELECT count(*) FROM rate_events WHERE kind = 'bind' AND subject = '$heavy'")"
  HEAVY=$heavy
  BENCH3=$($sql "SELECT id FROM providers WHERE code = 'bench3'")
}

echo "Генерация $ROWS лицевых счетов …"
python3 scripts/gen-billing-csv.py "$ROWS" "$TMP"
# A meter for each of the 20 accounts the readings customer binds: bench0's first numbers.
{
  echo "provider,account,serial,title,digits,verification_due,reading_period,reading_value"
  for k in $(seq 0 19); do echo "bench0,$((10000000 + k)),BENCH-$k,Счётчик газа,9,2030-01-01,2026-10,1000"; done
} > "$TMP/meters.csv"

# ---------------------------------------------------------------- PostgreSQL
psql -q "$PG/postgres" -c "CREATE DATABASE $DB" >/dev/null
PGURL=$PG/$DB
echo "== PostgreSQL $(psql -tA "$PG/postgres" -c 'SHOW server_version'): импорт"
import "$PGURL" migrate >/dev/null
import "$PGURL" import providers "$TMP/providers.csv"
import "$PGURL" import accounts "$TMP/accounts.csv"
import "$PGURL" import meters "$TMP/meters.csv"
psql -q "$PGURL" -c "VACUUM ANALYZE" >/dev/null
pgsql() { psql -tA "$PGURL" -c "$1"; }

node scripts/yookassa-standin.mjs "$YK_PORT" >/dev/null &
STANDIN=$!
start_server "$PGURL"
bench_bind "PostgreSQL" pgsql
echo
echo "EXPLAIN ANALYZE of the binding's two lookups that grow, after the runs (that customer):"
pgsql "EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*), MIN(at) FROM rate_events WHERE kind = 'bind' AND subject = '$HEAVY' AND at > $((CLOCK - 3600))" | sed 's/^/    /'
pgsql "EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM accounts WHERE provider_id = $BENCH3 AND number = '10054321'" | sed 's/^/    /'

# What one commit costs on this PostgreSQL (a binding attempt commits twice: its rate_events
# row and the session's new expiry): pgbench, one client, a one-row INSERT per transaction.
echo
echo "Commit latency of a one-row INSERT (pgbench -c1, 3 s):"
pgsql "CREATE TABLE bench_commit (at bigint)" >/dev/null
echo "INSERT INTO bench_commit VALUES (1);" > "$TMP/commit.sql"
for sync in on off; do
  PGOPTIONS="-c synchronous_commit=$sync" /usr/lib/postgresql/*/bin/pgbench -n -c1 -T3 -f "$TMP/commit.sql" "$PGURL" 2>/dev/null |
    awk -v s="$sync" '/latency average/ { print "  synchronous_commit=" s ": " $4 " ms a transaction" }'
done

# The same binding runs with commits that do not wait for the disk (this database only, a
# diagnosis, not a setting to run with): how much of the latency is the two commits.
stop_server
psql -q "$PG/postgres" -c "ALTER DATABASE $DB SET synchronous_commit = off" >/dev/null
start_server "$PGURL"
echo
echo "Diagnosis: the same, with synchronous_commit = off for this database:"
echo
header
providers=$(pgsql "SELECT id FROM providers WHERE code LIKE 'bench%' ORDER BY code" | paste -sd, -)
for mode in known unknown; do
  cookie=$(customer "nosync-$mode-$$@mail.ru")
  BENCH_COOKIE=$cookie BENCH_ORIGIN=$BASE BENCH_PROVIDERS=$providers BENCH_ROWS=$ROWS BENCH_MODE=$mode \
    measure "bind, $mode numbers, synchronous_commit=off" 1 -s scripts/bench-bind.lua "$BASE/api/accounts/bind"
done
stop_server
psql -q "$PG/postgres" -c "ALTER DATABASE $DB RESET synchronous_commit" >/dev/null
start_server "$PGURL"

# Readings: a customer binds the 20 accounts with meters.
echo
echo "### PostgreSQL: POST /api/readings/submit, 20 accounts with a meter each, wrk $S s"
echo
cookie=$(customer "readings-$$@mail.ru")
jar=$TMP/readings-$$@mail.ru.jar
bench0=$(pgsql "SELECT id FROM providers WHERE code = 'bench0'")
meters=""
for k in $(seq 0 19); do
  account=$(post "$jar" accounts/bind "provider=$bench0&number=$((10000000 + k))" | jq -r .account_id)
  meter=$(post "$jar" readings/form "account_id=$account" | jq -r '.meters[0].meter_id')
  meters="$meters$account:$meter,"
done
header
for conns in 1 8; do
  BENCH_COOKIE=$cookie BENCH_ORIGIN=$BASE BENCH_METERS=$meters BENCH_START=1000 \
    measure "readings, 20 meters" "$conns" -s scripts/bench-readings.lua "$BASE/api/readings/submit"
done
echo
echo "Portal readings stored (one a meter a month, replaced): $(pgsql "SELECT count(*) FROM meter_readings WHERE source = 'portal'")"

# Payments: a customer with the seed account bound pays its debt.
echo
echo "### PostgreSQL: POST /api/payments/create against the YooKassa stand-in, wrk $S s"
echo
cookie=$(customer "pay-$$@mail.ru")
jar=$TMP/pay-$$@mail.ru.jar
demo=$(pgsql "SELECT id FROM providers WHERE code = 'demo'")
account=$(post "$jar" accounts/bind "provider=$demo&number=23185952" | jq -r .account_id)
echo "One creation answers: $(post "$jar" payments/create "account_id=$account&purpose=debt&amount=")"
echo
header
for conns in 1 8; do
  BENCH_COOKIE=$cookie BENCH_ORIGIN=$BASE BENCH_ACCOUNT=$account \
    measure "payment creation" "$conns" -s scripts/bench-pay.lua "$BASE/api/payments/create"
done
echo
echo "Payments written: $(pgsql "SELECT status, count(*), count(acquirer_id) FROM payments GROUP BY status" | tr '\n' ' ')"

# The signed-in account page with extended access on this database of 1 000 000 accounts,
# next to a static copy of itself (issue 17; scripts/bench.sh measures the same on SQLite).
post "$jar" accounts/answer "account_id=$account&question=pin&answer=4821" >/dev/null
curl -s -H "Cookie: $cookie" "$BASE/accounts/$account" > "$ROOT/target/site/bench-account-pg.html"
trap 'rm -f "$ROOT/target/site/bench-account-pg.html"; cleanup' EXIT
grep -q "Иванов Иван Иванович" "$ROOT/target/site/bench-account-pg.html" || { echo "not the extended view" >&2; exit 1; }
rps() { wrk -t2 -c16 -d"${S}s" -H "Cookie: $cookie" "$1" | awk '/Requests\/sec/ {print $2}'; }
page_ssr=$(rps "$BASE/accounts/$account")
page_static=$(rps "$BASE/bench-account-pg.html")
echo
echo "### PostgreSQL, $ROWS accounts: GET /accounts/{id} (extended access), wrk -t2 -c16, $S s"
echo
echo "| what | requests/s | static copy, requests/s | ratio |"
echo "|---|---:|---:|---:|"
echo "| account page | $page_ssr | $page_static | $(awk -v a="$page_ssr" -v b="$page_static" 'BEGIN {printf "%.2f", a/b}') |"
stop_server
kill "$STANDIN" && wait "$STANDIN" || true
STANDIN=""
psql -q "$PG/postgres" -c "DROP DATABASE $DB" >/dev/null

# ---------------------------------------------------------------- SQLite
echo
echo "== SQLite (sqlx's bundled library, file, WAL): импорт"
SQLITE=$TMP/bench.db
import "sqlite://$SQLITE?mode=rwc" migrate >/dev/null
import "sqlite://$SQLITE?mode=rwc" import providers "$TMP/providers.csv"
import "sqlite://$SQLITE?mode=rwc" import accounts "$TMP/accounts.csv"
sqlite3 "$SQLITE" "ANALYZE" >/dev/null
lite() { sqlite3 "$SQLITE" "$1"; }
start_server "sqlite://$SQLITE?mode=rwc"
bench_bind "SQLite" lite
echo
echo "Query plans (EXPLAIN QUERY PLAN):"
lite "EXPLAIN QUERY PLAN SELECT COUNT(*), MIN(at) FROM rate_events WHERE kind = 'bind' AND subject = '$HEAVY' AND at > 0" | sed 's/^/    /'
lite "EXPLAIN QUERY PLAN SELECT id FROM accounts WHERE provider_id = $BENCH3 AND number = '10054321'" | sed 's/^/    /'
stop_server

echo
echo "Машина: $(nproc) ядра, $(free -g | awk '/^Mem:/ {print $2}') ГиБ, $(uname -sr)"
