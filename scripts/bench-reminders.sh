#!/usr/bin/env bash
# The reminders' scheduler at scale (docs/benchmarks.md, "Reminders for 1 000 000 accounts"):
# a fresh PostgreSQL database with 1 000 000 accounts of one provider (window 15th to 25th),
# a meter each and one bound customer each (an e-mail login); then `moygaz remind` with the
# portal's clock on the window's first day, timed (the notifications and their e-mails are
# made), and once more (nothing is made again: the unique key), timed. With the release
# binary, no build; the database is dropped on exit. About 2 minutes on 2 cores.
#
#   scripts/bench-reminders.sh
#   BENCH_REMINDER_ROWS=100000 BENCH_PG_URL=postgres://postgres@127.0.0.1:5432 scripts/bench-reminders.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/target/release/moygaz
if [ ! -x "$BIN" ]; then
  echo "нет $BIN: сначала соберите релиз (scripts/build.sh)" >&2
  exit 1
fi
ROWS=${BENCH_REMINDER_ROWS:-1000000}
PG=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
DB=moygaz_bench_remind_$$
URL=$PG/$DB
# 15 Dec 2026 09:00 MSK: the window's first day.
CLOCK=1797314400
TMP=$(mktemp -d)
cleanup() {
  psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

moygaz() {
  (cd "$TMP" && env -u DATABASE_URL MOYGAZ_SITE__DEMO_DATA=false RUST_LOG=warn MOYGAZ_DATABASE__URL="$URL" \
    MOYGAZ_SITE__CLOCK_START_UNIX=$CLOCK "$BIN" "$@")
}
sql() { psql -qtA "$URL" -c "$1"; }

psql -q "$PG/postgres" -c "CREATE DATABASE $DB" >/dev/null
moygaz migrate >/dev/null
echo "== PostgreSQL $(psql -tA "$PG/postgres" -c 'SHOW server_version'): $ROWS лицевых счетов, счётчиков и клиентов"
sql "INSERT INTO providers (code, name, region, readings_from_day, readings_to_day)
     VALUES ('bench', 'Бенч-газ', 'Москва', 15, 25)"
sql "INSERT INTO accounts (provider_id, number, owner_name, address)
     SELECT p.id, (10000000 + g)::text, 'Иванов Иван Иванович', 'г. Москва'
     FROM generate_series(1, $ROWS) g, providers p"
sql "INSERT INTO meters (account_id, serial) SELECT id, 'M' || id FROM accounts"
sql "INSERT INTO users (login, password_hash, created_at)
     SELECT 'c' || g || '@bench.ru', 'x', 0 FROM generate_series(1, $ROWS) g"
sql "INSERT INTO bindings (user_id, account_id, created_at)
     SELECT u.id, a.id, 0
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users) u
     JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM accounts) a ON a.n = u.n"
sql "VACUUM ANALYZE"

timed() {
  local start end
  start=$(date +%s.%N)
  moygaz remind
  end=$(date +%s.%N)
  printf '%s: %.1f s\n' "$1" "$(echo "$end - $start" | bc)"
}
timed "первый запуск (15 декабря)"
echo "  уведомлений: $(sql 'SELECT count(*) FROM notifications'), писем в очереди: $(sql 'SELECT count(*) FROM outbox')"
timed "второй запуск (ничего нового)"
echo "  уведомлений: $(sql 'SELECT count(*) FROM notifications'), писем в очереди: $(sql 'SELECT count(*) FROM outbox')"
