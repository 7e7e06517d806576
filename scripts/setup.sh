#!/usr/bin/env bash
# Installs everything the portal needs to build, run and test on a fresh Debian machine
# with rustup, node and npm. Idempotent: every step is skipped when the right version is
# already there, so a second run takes seconds. Nothing is downloaded from outside the
# package registries (crates.io, npm, Debian): cargo-leptos would otherwise fetch
# wasm-bindgen, wasm-opt and sass from GitHub, so we put each tool on PATH first.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export RUSTUP_AUTO_INSTALL=0
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

CARGO_LEPTOS_VERSION=0.3.11
# Must equal the `wasm-bindgen = "=…"` pin in Cargo.toml.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)

step() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  step "cargo-leptos $CARGO_LEPTOS_VERSION (debug build: same behaviour, a third of the time)"
  CARGO_PROFILE_DEV_DEBUG=0 cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" \
    --locked --ignore-rust-version --debug
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # No --locked: its lock pins a webpki-roots the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium chromium-driver)
command -v wrk >/dev/null || need_apt+=(wrk)
command -v brotli >/dev/null || need_apt+=(brotli)
# pdftotext and pdftoppm: the tests read the PDF statements back as text.
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
command -v sqlite3 >/dev/null || need_apt+=(sqlite3)
if [ ${#need_apt[@]} -gt 0 ]; then
  step "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

# Playwright, axe and wasm-opt (npm binaryen: Debian's 108 breaks hydration), from the lock.
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  step "npm ci (end2end)"
  (cd end2end && npm ci --no-audit --no-fund)
fi

step "ready: $(cargo leptos --version), wasm-bindgen $(wasm-bindgen --version | awk '{print $2}'), wasm-opt $(wasm-opt --version | awk '{print $3}')"
