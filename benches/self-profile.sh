#!/usr/bin/env bash
# Which kind of generated code rustc spends its `cargo check` on: a
# self-profile of the crate alone (dependencies warm), summed per kind of
# function (`models read`, `apis send`...) by benches/self-profile/. Uses
# `-Zself-profile` through RUSTC_BOOTSTRAP=1 because the flag is
# nightly-only; for measuring only.
#
#   benches/self-profile.sh <generated crate dir> [rows] [cargo args...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$1; shift
rows=${1:-30}; shift || true
cargo build --quiet --release --manifest-path "$here/self-profile/Cargo.toml" \
    --target-dir "$here/self-profile/target"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$dir"
cargo check --quiet --lib "$@" >/dev/null 2>&1
cargo clean --quiet -p "$(sed -n 's/^name = "\(.*\)"/\1/p' Cargo.toml | head -1)"
RUSTC_BOOTSTRAP=1 cargo rustc --quiet --lib --profile check "$@" -- \
    -Zself-profile="$out" -Zself-profile-events=default,args >/dev/null 2>&1
profile=$(ls "$out"/*.mm_profdata)
"$here/self-profile/target/release/self-profile-summary" "${profile%.mm_profdata}" "$rows"
