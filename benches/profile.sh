#!/usr/bin/env bash
# Profiles the release CLI on one spec with callgrind (instruction counts:
# repeatable on a busy machine, unlike wall time) and prints the generator's
# stages and the hottest functions, inclusive and self.
#
#   benches/profile.sh                                   # kombo-full.json
#   benches/profile.sh ../shared/specs-corpus/progenitor-github-api.json
#
# Needs valgrind (Debian: apt-get install valgrind). Takes about 50x the
# generation time (a minute for Kombo, two for GitHub).
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${1:-../shared/specs-corpus/kombo-full.json}
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
