#!/usr/bin/env bash
# Benchmarks openapi-rustgen (generation speed and memory, the generated
# crate's build cost, the edit loop) side by side with progenitor, and prints
# one Markdown table with the ratios. About 15-20 minutes on 2 cores.
#
#   benches/run.sh                 # everything
#   benches/run.sh --no-builds     # generation only (about a minute)
#   benches/run.sh --runs 9        # more runs per median (default 5)
#
# Other options go to the harness (benches/compare): --edit-runs N,
# --work DIR (default $TMPDIR/rustgen-bench), --corpus DIR (default: found
# as the tests find it, $CORPUS_DIR, ../shared/specs-corpus beside the
# repository or target/specs-corpus from scripts/fetch-corpus.sh; without
# one only the Kombo seeds are measured). The table goes to stdout,
# progress to stderr. Per-stage criterion benches are separate:
#   cargo bench -p openapi-rustgen --bench stages
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export CARGO_TERM_COLOR=never

echo "== building the release CLI and the benchmark harness" >&2
cargo build --release --quiet -p openapi-rustgen
cargo build --release --quiet --manifest-path benches/compare/Cargo.toml
# Warm the registry so that no timed build downloads anything; the timed
# builds run with --offline.
cargo fetch --quiet

exec benches/compare/target/release/rustgen-compare \
    --cli "$repo/target/release/openapi-rustgen" \
    --repo "$repo" \
    "$@"
