#!/usr/bin/env bash
# CI's fuzz smoke run: builds the fuzz targets and runs each for a short,
# fixed number of inputs from its seeds (fuzz/seed.sh), one process at a
# time on one core. Fails on a panic, a timeout or invalid generated Rust.
# The long run is in README.md ("Fuzzing").
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`); the stable
# compiler takes libFuzzer's flags with RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1

./seed.sh >/dev/null
# No sanitizer: the code is safe Rust, and libFuzzer still catches panics,
# timeouts and memory blow-ups; ASan would halve the runs.
cargo fuzz build -s none
runs() {
    local target=$1 n=$2 log
    log=$(mktemp)
    echo "== fuzz $target: $n runs"
    # taskset: the pipeline formats on one thread per core it may use.
    if ! taskset -c 0 cargo fuzz run -s none "$target" corpus/"$target" -- \
        -runs="$n" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -seed=1 >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "fuzz $target failed; the input is under fuzz/artifacts/$target/" >&2
        exit 1
    fi
    grep -E '^#[0-9]+ +(INITED|DONE)|^Done' "$log" || true
    rm -f "$log"
}
runs pipeline 300
runs normalize 5000
runs decode 50000
