#!/usr/bin/env bash
# The release build, each half skipped when target/ already holds one of the current
# sources (with a split bundle cargo-leptos re-runs wasm-opt on every chunk, minutes, even
# when nothing changed).
#
#   scripts/build.sh           the browser bundle and the server, by cargo-leptos (run.sh)
#   scripts/build.sh --tested  the browser bundle by cargo-leptos, and the server binary
#                              out of the release test build (test.sh, bench.sh,
#                              lighthouse.sh)
#
# Why two: with dev-dependencies in play (wiremock, mailin-embedded, figment's Jail) cargo
# unifies features differently, so `cargo test` next to a cargo-leptos server build would
# compile most crates twice. `--tested` compiles them once; the binary is the same code,
# in the same release profile.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
shared=(app Cargo.toml Cargo.lock .cargo)
front_inputs=("${shared[@]}" frontend style public)
server_inputs=("${shared[@]}" server)

# fresh STAMP INPUTS...: the stamp exists and no input is newer.
fresh() {
  local stamp=$1; shift
  [ -f "$stamp" ] && [ -z "$(find "$@" -newer "$stamp" -print -quit)" ]
}
# build STAMP COMMAND...: runs the command unless fresh, then stamps the start time.
build() {
  local stamp=$1; shift
  touch "$stamp.new"
  "$@"
  mv "$stamp.new" "$stamp"
}

# cargo-leptos copies public/ as it is; the scripts a first visit loads (page.js) are
# minified after it, by esbuild from end2end's lock (their comments alone cost ~700 bytes
# of the first visit's budget).
with_minified_scripts() {
  "$@"
  local js
  for js in target/site/page.js target/site/push.js; do
    esbuild "$js" --minify --log-level=warning --outfile="$js" --allow-overwrite
  done
  rm -f target/site/page.js.br target/site/page.js.gz target/site/push.js.br target/site/push.js.gz
}

mkdir -p target
case "${1:-}" in
  "")
    if fresh target/.built-all "${front_inputs[@]}" server && [ -x target/release/moygaz ]; then
      echo "release build is up to date"
    else
      build target/.built-all with_minified_scripts cargo leptos build --release --split
    fi
    ;;
  --tested)
    if fresh target/.built-front "${front_inputs[@]}" && [ -d target/site/pkg ]; then
      echo "browser bundle is up to date"
    else
      build target/.built-front with_minified_scripts cargo leptos build --release --split --frontend-only
    fi
    if fresh target/.built-tested "${server_inputs[@]}" && [ -x target/release/moygaz ]; then
      echo "tested server build is up to date"
    else
      build target/.built-tested cargo test --release "${RUST_TEST_SELECTION[@]}" --no-run
    fi
    ;;
  *) echo "usage: scripts/build.sh [--tested]" >&2; exit 2 ;;
esac
