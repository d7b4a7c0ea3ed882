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
# medians in seconds) goes to stdout, progress to stderr. On a shared
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

# Seconds that `cargo $cmd $flags` takes for the crate in $dir, median of
# $runs, after a warm-up that compiles the dependencies.
timed() {
    local dir=$1 cmd=$2; shift 2
    (cd "$dir" && cargo "$cmd" --offline --quiet --lib "$@" >/dev/null 2>&1)
    for _ in $(seq "$runs"); do
        (cd "$dir" && cargo clean --offline --quiet -p bench_client >/dev/null 2>&1 || true)
        local start end
        start=$(date +%s.%N)
        (cd "$dir" && cargo "$cmd" --offline --quiet --lib "$@" >/dev/null)
        end=$(date +%s.%N)
        echo "$end - $start" | bc
    done | median
}

ratio() { echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; }

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
    echo "== $spec: before" >&2
    old_check=$(timed "$work/old-${spec%.*}" check)
    old_build=$(timed "$work/old-${spec%.*}" build)
    echo "| $spec | before (no features) | $old_check s | $old_build s | 1.00x | 1.00x |"
    echo "== $spec: every feature" >&2
    all_check=$(timed "$work/new-${spec%.*}" check)
    all_build=$(timed "$work/new-${spec%.*}" build)
    echo "| $spec | every feature | $all_check s | $all_build s | $(ratio "$all_check" "$old_check")x | $(ratio "$all_build" "$old_build")x |"
    echo "== $spec: $feature" >&2
    one_check=$(timed "$work/new-${spec%.*}" check --no-default-features --features "$feature")
    one_build=$(timed "$work/new-${spec%.*}" build --no-default-features --features "$feature")
    echo "| $spec | \`$feature\` only | $one_check s | $one_build s | $(ratio "$one_check" "$old_check")x | $(ratio "$one_build" "$old_build")x |"
done
