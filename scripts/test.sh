#!/usr/bin/env bash
# Sets up and runs every test: the Rust tests against SQLite and against the PostgreSQL at
# 127.0.0.1:5432 (database `test`), then the Playwright suite in Chromium against a release
# build. Without a PostgreSQL the second half is skipped with a note, except under CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
section() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

section "formatting (rustfmt)"
cargo fmt --all --check

section "release build (browser bundle by cargo-leptos, server binary by the test build)"
scripts/build.sh --tested

RUST_TESTS=(cargo test --release "${RUST_TEST_SELECTION[@]}")
section "Rust tests on SQLite"
MOYGAZ_TEST_DB=sqlite "${RUST_TESTS[@]}" 2>&1 | tee -a "$LOG"

PG_URL=${MOYGAZ_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}
section "Rust tests on PostgreSQL ($PG_URL)"
if command -v pg_isready >/dev/null && pg_isready -q -d "$PG_URL"; then
  MOYGAZ_TEST_DB=postgres MOYGAZ_TEST_PG_URL="$PG_URL" "${RUST_TESTS[@]}" 2>&1 | tee -a "$LOG"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL at $PG_URL does not answer, and CI=true requires it." >&2
  exit 1
else
  echo "SKIPPED: PostgreSQL at $PG_URL does not answer; the PostgreSQL half did not run."
fi

section "browser tests (Playwright, Chromium, release build)"
rm -rf target/e2e
mkdir -p end2end/screenshots
(cd end2end && npx playwright test) 2>&1 | tee -a "$LOG"

passed=$(grep -Eo '(test result: ok\. [0-9]+ passed|^ *[0-9]+ passed)' "$LOG" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$LOG" | awk '{s+=$1} END {print s+0}')
echo
echo "all: $passed passed, $failed failed"
[ "$failed" = 0 ]
