#!/usr/bin/env bash
# Profiles the release CLI on one spec with callgrind (instruction counts:
# repeatable on a busy machine, unlike wall time) and prints the generator's
# stages and the hottest functions, inclusive and self.
#
#   benches/profile.sh                        # kombo-full.json of the corpus
#   benches/profile.sh path/to/spec.json
#
# The corpus is found as the tests find it: $CORPUS_DIR, else
# ../shared/specs-corpus, else target/specs-corpus (scripts/fetch-corpus.sh).
#
# Needs valgrind (Debian: apt-get install valgrind). Takes about 50x the
# generation time (a minute for Kombo, two for GitHub).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
    corpus=${CORPUS_DIR:-}
    if [ -z "$corpus" ]; then
        corpus=../shared/specs-corpus
        [ -d "$corpus" ] || corpus=target/specs-corpus
    fi
    if [ ! -f "$corpus/kombo-full.json" ]; then
        echo "no spec corpus here: run scripts/fetch-corpus.sh, or name a spec" >&2
        exit 2
    fi
    set -- "$corpus/kombo-full.json"
fi
spec=$1
out=${TMPDIR:-/tmp}/rustgen-profile
rm -rf "$out" && mkdir -p "$out"

cargo build --release --quiet -p openapi-rustgen
valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$out/callgrind.out" \
    target/release/openapi-rustgen generate --spec "$spec" --out "$out/crate" \
    --crate-name profiled 2>&1 | grep -E "Collected|I +refs" >&2

annotate() { callgrind_annotate "$@" "$out/callgrind.out" 2>/dev/null; }
echo "== stages (inclusive share of all instructions)"
annotate --inclusive=yes | grep -E "openapi_rustgen::(load::load|normalize::normalize|parse::parse|lower::lower|emit::emit|format::format_crate|write::write_crate) \[|syn::parse::Parser>::parse2|Parse for syn::file::File>::parse \[|prettyplease::unparse \[" |
    sed -E 's/ \[.*//; s/\?\?\?://'
echo
echo "== hottest functions, inclusive"
annotate --inclusive=yes | grep -E '^ *[0-9,]+ \(' | sed -E 's/ \[.*//; s/\?\?\?://' | sed -n 2,40p
echo
echo "== hottest functions, self"
annotate | grep -E '^ *[0-9,]+ \(' | sed -E 's/ \[.*//; s/\?\?\?://' | sed -n 2,25p
echo
echo "generated crate: $out/crate"
find "$out/crate" -name '*.rs' -print0 | xargs -0 wc -c | sort -n | tail -5
