# Shared by the scripts in this folder: paths and tool locations.
# shellcheck shell=bash
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export ROOT
# One build cache for every clone on this machine: a fresh clone (CI) reuses
# the compiled dependencies instead of spending minutes rebuilding them.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/bookstore/target}
# CI builds each clean clone once: incremental state would only pile up on
# disk (one set per clone path) without ever being reused.
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

# Each step says how long since the outermost script started (nested
# scripts inherit the start), so every log is also a breakdown of the time.
export BOOKSTORE_STARTED=${BOOKSTORE_STARTED:-$(date +%s)}
step() { printf '\n==> [%d s] %s\n' "$(($(date +%s) - BOOKSTORE_STARTED))" "$*"; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
