#!/usr/bin/env bash
# Where rustc spends its time on a generated crate: `-Ztime-passes` on the
# crate alone (dependencies warm), through RUSTC_BOOTSTRAP=1 because the flag
# is nightly-only. For measuring only; nothing else uses RUSTC_BOOTSTRAP.
#
#   benches/time-passes.sh <generated crate dir> [check|build] [cargo args...]
#
# Prints the passes that took at least 0.5 s, slowest first.
set -euo pipefail
dir=$1; shift
cmd=${1:-check}; shift || true
cd "$dir"
cargo "$cmd" --offline --quiet --lib "$@" >/dev/null 2>&1
cargo clean --offline --quiet -p "$(sed -n 's/^name = "\(.*\)"/\1/p' Cargo.toml | head -1)"
profile=()
[ "$cmd" = check ] && profile=(--profile check)
RUSTC_BOOTSTRAP=1 cargo rustc --offline --quiet --lib "${profile[@]}" "$@" -- -Ztime-passes 2>&1 |
    awk '/^time:/ { gsub(";", "", $2); if ($2 + 0 >= 0.5) print $2 "\t" $NF }' |
    sort -gr
