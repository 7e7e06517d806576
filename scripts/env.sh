# Sourced by the other scripts: the tools setup.sh installs, on PATH.
export RUSTUP_AUTO_INSTALL=0
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
