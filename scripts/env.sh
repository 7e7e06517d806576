# Sourced by the other scripts: the tools setup.sh installs, on PATH.
export RUSTUP_AUTO_INSTALL=0
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
# What `cargo test --release` builds and runs (no doc tests: there are none). One selection
# everywhere, so the test build, the PostgreSQL rerun and `scripts/build.sh --tested` share
# one compiled graph.
RUST_TEST_SELECTION=(-p app -p server --lib --bins --tests)
