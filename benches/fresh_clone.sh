#!/usr/bin/env bash
# A fresh machine, as far as one can be had on this one: clones the
# repository into a temporary folder and runs `scripts/test` there with an
# empty Cargo home (no crates downloaded, no cargo-leptos, no wasm-bindgen
# CLI), an empty build folder and an empty npm cache; only rustup's toolchain
# and Debian's packages are kept. Prints the time from clone to the end of a
# green `scripts/test`, with each step's start (the `==> [N s]` lines), then
# removes the folder.
#   scripts/bench --fresh-clone
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"

# Two builds of every dependency (with and without --cfg erase_components),
# the wasm, the build tools and the npm packages: about 25 GB at the peak.
free_gb=$(df -Pk /tmp | awk 'NR == 2 { print int($4 / 1048576) }')
if [ "$free_gb" -lt 30 ]; then
  echo "scripts/bench --fresh-clone needs about 30 GB free in /tmp; $free_gb GB are"
  exit 2
fi
work=$(mktemp -d /tmp/bookstore-fresh.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/cargo/bin"
# The toolchain's commands only: rustup's proxies, none of the tools installed beside them.
rustup_bin=$(command -v rustup)
for tool in cargo cargo-clippy cargo-fmt clippy-driver rustc rustdoc rustfmt rustup; do
  ln -s "$rustup_bin" "$work/cargo/bin/$tool"
done
rustup_home=${RUSTUP_HOME:-$(rustup show home)}
path="$work/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

mkdir -p "$ROOT/target"
log="$ROOT/target/fresh-clone.log"
start=$(date +%s)
git clone -q "$ROOT" "$work/repo"
set +e
env -i HOME="$work/home" CARGO_HOME="$work/cargo" RUSTUP_HOME="$rustup_home" PATH="$path" \
  CARGO_TARGET_DIR="$work/target" TERM=dumb LANG=C.UTF-8 BOOKSTORE_STARTED="$start" \
  bash -c 'cd "$HOME/../repo" && scripts/test' 2>&1 | tee "$log" \
  | grep --line-buffered -E '^==> |passed|failed|^e2e:'
status=${PIPESTATUS[0]}
set -e
took=$(($(date +%s) - start))
echo
echo "(the whole log: target/fresh-clone.log)"
echo "fresh clone to the end of scripts/test: $((took / 60)) min $((took % 60)) s (target <= 30 min), exit $status"
echo "{\"fresh_clone_s\": $took, \"status\": $status}"
exit "$status"
