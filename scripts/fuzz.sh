#!/usr/bin/env bash
# Fuzzing the parsers of outside input (issue 15; docs/benchmarks.md, "Fuzzing the
# parsers"): every property test (`proptest`, the `proptests` modules next to each parser:
# login, password, account number, rubles, control answers, readings, codes, profile and
# support texts, the acquirer's answers, SMS.ru's answers, the import's CSV reader, column
# readers and rows) run in release with FUZZ_CASES inputs instead of the 256 of a normal
# test run, each property in its own process, as many at once as there are cores.
# Not run by CI.
#
#   scripts/fuzz.sh                          # 1 000 000 inputs per property
#   FUZZ_CASES=10000 scripts/fuzz.sh         # a quick look
#   scripts/fuzz.sh money                    # only the properties whose path has "money"
#   FUZZ_SKIP='json|source' scripts/fuzz.sh  # all but those matching an extended regex
#   FUZZ_ONLY='json|source' scripts/fuzz.sh  # only those matching it
#   CARGO_TARGET_DIR=/tmp/fuzz scripts/fuzz.sh
#
# Prints one line per property (verdict, seconds, inputs per second, path); a failure
# prints proptest's minimal failing input and makes the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

CASES=${FUZZ_CASES:-1000000}
FILTER=${1:-}
SKIP=${FUZZ_SKIP:-^$}
ONLY=${FUZZ_ONLY:-.}
JOBS=${FUZZ_JOBS:-$(nproc)}
# The unit tests of app (with its server-side modules: the acquirer's answers) and server.
SELECTION=(-p app -p server --lib --features app/ssr)

binaries=$(cargo test --release "${SELECTION[@]}" --no-run 2>&1 | tee /dev/stderr \
  | sed -n 's/^ *Executable unittests src\/lib.rs (\(.*\))$/\1/p')
LOG=$(mktemp -d)
trap 'rm -rf "$LOG"' EXIT
for bin in $binaries; do
  "$bin" --list proptests 2>/dev/null | sed -n 's/: test$//p' | grep -F -- "$FILTER" | grep -v -E -- "$SKIP" | grep -E -- "$ONLY" \
    | sed "s|^|$bin |" || true
done >"$LOG/tests"
[ -s "$LOG/tests" ] || { echo "нет property-тестов по фильтру «$FILTER»" >&2; exit 1; }

echo "PROPTEST_CASES=$CASES, $(wc -l <"$LOG/tests") properties, $JOBS at a time, $(date -u +%FT%TZ), $(rustc --version)"
one() {
  local bin=$1 name=$2 start end verdict
  start=$(date +%s.%N)
  if PROPTEST_CASES=$CASES "$bin" --exact "$name" --test-threads 1 >"$LOG/$name.log" 2>&1; then
    verdict=ok
  else
    verdict=FAILED
  fi
  end=$(date +%s.%N)
  printf '%-6s %8.1f s %9.0f/s  %s\n' "$verdict" "$(echo "$end - $start" | bc)" \
    "$(echo "$CASES / ($end - $start)" | bc)" "$name"
  [ "$verdict" = ok ] || { grep -a -A12 "minimal failing input\|panicked" "$LOG/$name.log" | head -40; return 1; }
}
export -f one
export CASES LOG
started=$(date +%s)
status=0
xargs -P "$JOBS" -L 1 bash -c 'one "$0" "$1"' <"$LOG/tests" || status=1
echo "total $(( $(date +%s) - started )) s (wall clock), exit $status"
exit $status
