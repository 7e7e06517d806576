#!/usr/bin/env bash
# Billing import throughput (docs/benchmarks.md, "Billing import"): generates 1 000 000
# accounts and their 10 providers as CSV in a temporary directory, then imports them with
# the release binary into a fresh PostgreSQL database and into a fresh SQLite file, twice
# each (the second run updates every row), and prints time and rows per second.
#
#   scripts/bench-import.sh             # BENCH_IMPORT_ROWS=1000000
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432 scripts/bench-import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

ROWS=${BENCH_IMPORT_ROWS:-1000000}
PG=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release -p server --bin moygaz
BIN=$(realpath "$TARGET/release/moygaz")

TMP=$(mktemp -d)
DB=moygaz_bench_import_$$
cleanup() {
  psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

echo "Генерация $ROWS лицевых счетов в $TMP …"
python3 scripts/gen-billing-csv.py "$ROWS" "$TMP"
ls -l "$TMP"/*.csv

# No Leptos.toml from the working directory, no demo data: only what is being measured.
# With /usr/bin/time (Debian's `time` package) it also prints the peak memory.
TIME=()
[ -x /usr/bin/time ] && TIME=(/usr/bin/time -f "   пик памяти: %M КиБ")
moygaz() {
  (cd "$TMP" && env -u DATABASE_URL MOYGAZ_SITE__DEMO_DATA=false RUST_LOG=warn MOYGAZ_DATABASE__URL="$1" \
    "${TIME[@]}" "$BIN" "${@:2}")
}

run() {
  local name=$1 url=$2
  echo
  echo "== $name"
  moygaz "$url" migrate >/dev/null
  moygaz "$url" import providers "$TMP/providers.csv"
  for pass in "первый (вставка)" "второй (обновление)"; do
    echo "-- проход: $pass"
    moygaz "$url" import accounts "$TMP/accounts.csv"
  done
}

psql -q "$PG/postgres" -c "CREATE DATABASE $DB" >/dev/null
run "PostgreSQL ($(psql -tA "$PG/postgres" -c 'SHOW server_version'))" "$PG/$DB"
run "SQLite (файл)" "sqlite://$TMP/bench.db?mode=rwc"
echo
echo "Машина: $(nproc) ядра, $(free -g | awk '/^Mem:/ {print $2}') ГиБ, $(uname -sr)"
