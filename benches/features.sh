#!/usr/bin/env bash
# What the cargo features of a generated crate save: `cargo check` and
# `cargo build` of the generated crate alone (dependencies warm, the crate
# itself cleaned before each run), with every feature and with one typical
# feature, against the same crate from a generator without features.
#
#   benches/features.sh --old /path/to/old/openapi-rustgen [--runs 3] \
#       [--new /path/to/openapi-rustgen] [spec:feature ...]
#
# Default specs: kombo-full.json:hris from ../shared/specs-corpus. `--old`
# is a build of the generator before features (e.g. `git worktree add
# /tmp/old <commit> && cargo build --release` there). The table (Markdown,
# medians in seconds, ratios the median of paired rounds) goes to stdout, progress to stderr. On a shared
# machine, run it when nothing else compiles.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
runs=3
old=""
new=""
corpus="$repo/../shared/specs-corpus"
specs=()
while [ $# -gt 0 ]; do
    case "$1" in
        --old) old=$2; shift 2 ;;
        --new) new=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --corpus) corpus=$2; shift 2 ;;
        *) specs+=("$1"); shift ;;
    esac
done
[ ${#specs[@]} -gt 0 ] || specs=("kombo-full.json:hris")
[ -n "$old" ] || { echo "give --old <generator binary before features>" >&2; exit 2; }
work=${TMPDIR:-/tmp}/rustgen-features-bench
mkdir -p "$work"
export CARGO_TERM_COLOR=never
export CARGO_TARGET_DIR="$work/target"

if [ -z "$new" ]; then
    echo "== building the release CLI" >&2
    cargo build --release --quiet -p openapi-rustgen
    new="$repo/target/release/openapi-rustgen"
fi

# Median of the numbers on stdin.
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Seconds that one `cargo $cmd $flags` of the crate in $dir takes, the crate
# itself cleaned first.
once() {
    local dir=$1 cmd=$2; shift 2
    (cd "$dir" && cargo clean --offline --quiet -p bench_client >/dev/null 2>&1 || true)
    local start end
    start=$(date +%s.%N)
    (cd "$dir" && cargo "$cmd" --offline --quiet --lib "$@" >/dev/null)
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

ratio() { echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; }

# A shared machine's speed drifts by tens of percent within minutes, so the
# runs are paired: each round times every configuration back to back, and a
# ratio is the median of the rounds' ratios (times are medians too).
echo "| spec | crate | cargo check | cargo build | check vs before | build vs before (whole crate) |"
echo "|---|---|---|---|---|---|"
for entry in "${specs[@]}"; do
    spec=${entry%%:*}
    feature=${entry#*:}
    for gen in old new; do
        dir="$work/$gen-${spec%.*}"
        rm -rf "$dir"
        bin=$old; [ "$gen" = new ] && bin=$new
        "$bin" generate --spec "$corpus/$spec" --out "$dir" --crate-name bench_client >/dev/null 2>&1
        # A workspace of its own, pinned to the repository's lock file.
        printf '[workspace]\n' >>"$dir/Cargo.toml"
        cp "$repo/Cargo.lock" "$dir/Cargo.lock"
    done
    old_dir="$work/old-${spec%.*}"
    new_dir="$work/new-${spec%.*}"
    one=(--no-default-features --features "$feature")
    # Warm-up: the dependencies, in both profiles.
    for cmd in check build; do
        (cd "$old_dir" && cargo "$cmd" --offline --quiet --lib >/dev/null 2>&1)
        (cd "$new_dir" && cargo "$cmd" --offline --quiet --lib >/dev/null 2>&1)
    done
    rows=$work/rounds.tsv
    : >"$rows"
    for round in $(seq "$runs"); do
        echo "== $spec: round $round of $runs" >&2
        oc=$(once "$old_dir" check); ob=$(once "$old_dir" build)
        ac=$(once "$new_dir" check); ab=$(once "$new_dir" build)
        fc=$(once "$new_dir" check "${one[@]}"); fb=$(once "$new_dir" build "${one[@]}")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$oc" "$ob" "$ac" "$ab" "$fc" "$fb" \
            "$(ratio "$ac" "$oc")" "$(ratio "$ab" "$ob")" "$(ratio "$fc" "$oc")" "$(ratio "$fb" "$ob")" >>"$rows"
    done
    col() { cut -f"$1" "$rows" | median; }
    echo "| $spec | before (no features) | $(col 1) s | $(col 2) s | 1.00x | 1.00x |"
    echo "| $spec | every feature | $(col 3) s | $(col 4) s | $(col 7)x | $(col 8)x |"
    echo "| $spec | \`$feature\` only | $(col 5) s | $(col 6) s | $(col 9)x | $(col 10)x |"
done
