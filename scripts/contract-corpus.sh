#!/usr/bin/env bash
# Contract tests of corpus specs against Stoplight Prism: each spec's client
# is generated with `--contract-tests`, and its `tests/contract.rs` calls every
# operation once against `prism mock`, first with Prism's static responses
# (the spec's examples), then with `--dynamic` (random valid data from the
# schemas, fixed seed: a fuzz of the generated decoders). Prints one table
# row per spec (Markdown), also written to target/contract-corpus/report.md;
# a failing call's reason is in target/contract-corpus/logs/.
#
#   scripts/contract-corpus.sh [--check] [spec file name ...]   # default: every spec
#
# With --check (as CI runs it), every operation that is not accepted and
# decoded must be listed with its reason in
# scripts/contract-known.tsv, and every entry there must still fail: the run
# fails on a new failure and on a listed one that now passes, so the list
# stays exactly what does not work.
#
# Needs Node.js with npm (Prism is installed into target/prism, as the full
# suite's Prism test does) and the corpus (CORPUS_DIR, else
# ../shared/specs-corpus, else target/specs-corpus, where
# scripts/fetch-corpus.sh puts it).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
# The corpus, where the corpus tests look for it: CORPUS_DIR, else beside
# the repository, else where scripts/fetch-corpus.sh puts it.
if [ -n "${CORPUS_DIR:-}" ]; then
    corpus=$CORPUS_DIR
elif [ -d "$repo/../shared/specs-corpus" ]; then
    corpus=$repo/../shared/specs-corpus
else
    corpus=$repo/target/specs-corpus
fi
work=$repo/target/contract-corpus
prism_dir=$repo/target/prism
# The version the full suite's Prism test pins, so both use one install.
prism_version=$(sed -n 's/^const PRISM_VERSION: &str = "\(.*\)";/\1/p' tests/prism_contract.rs)
seed=42
mkdir -p "$work/crates" "$work/logs"

if ! grep -qs "\"version\": \"$prism_version\"" \
    "$prism_dir/node_modules/@stoplight/prism-cli/package.json"; then
    echo "== installing Prism $prism_version into $prism_dir" >&2
    npm install --prefix "$prism_dir" --no-audit --no-fund --ignore-scripts \
        "@stoplight/prism-cli@$prism_version" >&2
fi
prism=$prism_dir/node_modules/.bin/prism

check=false
if [ "${1:-}" = --check ]; then
    check=true
    shift
fi
if [ $# -gt 0 ]; then
    specs=("$@")
else
    specs=()
    while IFS=$'\t' read -r file _; do
        case $file in *.yaml | *.json) specs+=("$file") ;; esac
    done < <(grep -v '^#' scripts/corpus.tsv)
fi

echo "== building the generator" >&2
cargo build --quiet -p openapi-rustgen
gen=$repo/target/debug/openapi-rustgen

# The crate a spec's client is generated as (`discord.json` -> corpus_discord).
crate_name() {
    echo "corpus_$(basename "$1" | sed 's/\.[a-z]*$//; s/[-.]/_/g')"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Runs the contract test of crate $1 against Prism on spec $2 in mode $3
# (static or dynamic); prints "called accepted decoded" or "-".
run_mode() {
    local name=$1 spec=$2 mode=$3 port pid log line extra=()
    port=$(free_port)
    log=$work/logs/$name.$mode
    [ "$mode" = dynamic ] && extra=(--dynamic --seed "$seed")
    # Prism dereferences every `$ref` key, even in example data (GitHub's
    # SCIM examples hold `"$ref": "https://api.github.com/..."`), and stops
    # when it cannot fetch one: its copy of the spec has those keys renamed.
    local mock_spec=$work/mock-specs/$(basename "$spec")
    mkdir -p "$work/mock-specs"
    sed -E 's/"\$ref"( *): *"(https?:)/"x-example-ref"\1: "\2/g' "$spec" >"$mock_spec"
    "$prism" mock "$mock_spec" -h 127.0.0.1 -p "$port" "${extra[@]}" >"$log.prism" 2>&1 &
    pid=$!
    for _ in $(seq 120); do
        curl -s -o /dev/null "http://127.0.0.1:$port/" && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    (cd "$work/crates" && CONTRACT_BASE_URL=http://127.0.0.1:$port \
        cargo test --quiet --offline -p "$name" --test contract -- --nocapture) >"$log" 2>&1 || true
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    line=$(grep -o 'CONTRACT called=[0-9]* accepted=[0-9]* decoded=[0-9]*' "$log" || true)
    if [ -z "$line" ]; then
        echo "-"
    else
        echo "$line" | sed 's/[a-z_A-Z]*=//g; s/CONTRACT //'
    fi
}

members=()
for file in "${specs[@]}"; do
    name=$(crate_name "$file")
    if ! "$gen" generate --spec "$corpus/$file" --out "$work/crates/$name" --crate-name "$name" \
        --contract-tests >/dev/null 2>"$work/logs/$name.generate"; then
        echo "generating $file failed: $work/logs/$name.generate" >&2
        exit 1
    fi
    members+=("\"$name\"")
done
(IFS=,; printf '[workspace]\nmembers = [%s]\nresolver = "3"\n' "${members[*]}") >"$work/crates/Cargo.toml"
# The repository's lock file pins the dependencies' versions.
cp "$repo/Cargo.lock" "$work/crates/Cargo.lock"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$work/target}

table="| spec | operations called | static: accepted | static: decoded | dynamic: accepted | dynamic: decoded |
|---|---:|---:|---:|---:|---:|"
for file in "${specs[@]}"; do
    name=$(crate_name "$file")
    echo "== $file" >&2
    # A failed build must not leave an earlier run's reports for --check.
    rm -f "$work/logs/$name".static* "$work/logs/$name".dynamic*
    if ! (cd "$work/crates" && cargo test --quiet --no-run -p "$name" --test contract) \
        >"$work/logs/$name.build" 2>&1; then
        table+=$'\n'"| $file | build failed (logs/$name.build) | | | | |"
        continue
    fi
    read -r called s_acc s_dec <<<"$(run_mode "$name" "$corpus/$file" static | sed 's/^-$/- - -/')"
    read -r _ d_acc d_dec <<<"$(run_mode "$name" "$corpus/$file" dynamic | sed 's/^-$/- - -/')"
    table+=$'\n'"| $file | $called | $s_acc | $s_dec | $d_acc | $d_dec |"
done
echo "$table" | tee "$work/report.md"

$check || exit 0
# What failed, as "spec<TAB>mode<TAB>operation<TAB>what", sorted; a spec
# whose test did not run or report at all is one line with operation "*".
observed=$work/observed.tsv
: >"$observed"
for file in "${specs[@]}"; do
    name=$(crate_name "$file")
    for mode in static dynamic; do
        log=$work/logs/$name.$mode
        if ! grep -qs '^CONTRACT ' "$log"; then
            printf '%s\t%s\t*\tno report (%s)\n' "$file" "$mode" "logs/$name.$mode" >>"$observed"
            continue
        fi
        sed -n 's/^  \([^ :]*\): \(rejected\|accepted, not decoded\|failed\): .*/\1\t\2/p' "$log" |
            sed 's/accepted, not decoded/undecoded/' |
            awk -v f="$file" -v m="$mode" -F'\t' '{print f "\t" m "\t" $1 "\t" $2}' >>"$observed"
    done
done
known=$repo/scripts/contract-known.tsv
sort -u "$observed" -o "$observed"
# The known list, without comments and reasons, for the specs run.
expected=$work/expected.tsv
grep -v '^#' "$known" | awk -F'\t' 'NF >= 4 {print $1 "\t" $2 "\t" $3 "\t" $4}' |
    grep -F -f <(printf '%s\t\n' "${specs[@]}") | sort -u >"$expected" || true
new=$(comm -23 "$observed" "$expected")
fixed=$(comm -13 "$observed" "$expected")
status=0
if [ -n "$new" ]; then
    echo "contract: failures not in scripts/contract-known.tsv (reasons in $work/logs/):" >&2
    echo "$new" >&2
    status=1
fi
if [ -n "$fixed" ]; then
    echo "contract: listed in scripts/contract-known.tsv but no longer failing; remove them:" >&2
    echo "$fixed" >&2
    status=1
fi
[ $status = 0 ] && echo "contract: every failure is a known one ($(wc -l <"$expected") listed)" >&2
exit $status
