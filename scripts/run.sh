#!/usr/bin/env bash
# Sets up, builds (release) and runs the portal on its embedded default: SQLite under data/,
# migrations applied, demo data loaded, outgoing messages in the log. http://127.0.0.1:3000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
scripts/build.sh
export LEPTOS_SITE_ROOT=target/site
exec target/release/moygaz serve "$@"
