#!/bin/sh
# Fetches the public spec corpus (the files listed in scripts/corpus.tsv)
# into target/specs-corpus, where the corpus tests look for it when there is
# no ../shared/specs-corpus beside the repository and CORPUS_DIR is not set.
#
#   scripts/fetch-corpus.sh           # into target/specs-corpus
#   scripts/fetch-corpus.sh DIR       # into DIR (then run the tests with CORPUS_DIR=DIR)
#
# Each file comes from https://raw.githubusercontent.com/<repo>/<commit>/<path>,
# pinned to a commit, and is kept only if its sha256 is the one in
# scripts/corpus.tsv; a file that differs is refused (not written) and the
# script exits 1 after trying the others. Files already present with the
# right sha256 are not downloaded again; a file there with another sha256 is
# removed before it is fetched again.
#
# CORPUS_SOURCE=URL fetches <URL>/<file> instead (any URL curl reads,
# file:///path/to/specs-corpus included), through the same checks.
#
# Needs a POSIX shell, curl and sha256sum (or shasum).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
manifest="$root/scripts/corpus.tsv"
dest=${1:-$root/target/specs-corpus}

if command -v sha256sum >/dev/null 2>&1; then
    sha256() { sha256sum "$1" | cut -d ' ' -f 1; }
elif command -v shasum >/dev/null 2>&1; then
    sha256() { shasum -a 256 "$1" | cut -d ' ' -f 1; }
else
    echo "fetch-corpus: needs sha256sum or shasum" >&2
    exit 2
fi
if ! command -v curl >/dev/null 2>&1; then
    echo "fetch-corpus: needs curl" >&2
    exit 2
fi

mkdir -p "$dest"
tab=$(printf '\t')
fetched=0
present=0
failed=""

while IFS="$tab" read -r file sum repo commit path; do
    case $file in '' | '#'*) continue ;; esac
    case $file in */* | .*)
        echo "fetch-corpus: bad file name in $manifest: $file" >&2
        exit 2
        ;;
    esac
    target="$dest/$file"
    if [ -f "$target" ]; then
        if [ "$(sha256 "$target")" = "$sum" ]; then
            present=$((present + 1))
            continue
        fi
        # Not what the tests expect: never leave it for them to read.
        rm -f "$target"
    fi
    if [ -n "${CORPUS_SOURCE:-}" ]; then
        url="${CORPUS_SOURCE%/}/$file"
    else
        url="https://raw.githubusercontent.com/$repo/$commit/$path"
    fi
    part="$dest/.$file.part"
    rm -f "$part"
    echo "fetching $file from $url" >&2
    if ! curl --fail --silent --show-error --location --retry 3 --output "$part" "$url"; then
        rm -f "$part"
        echo "fetch-corpus: FAILED $file: could not download $url" >&2
        failed="$failed $file"
        continue
    fi
    got=$(sha256 "$part")
    if [ "$got" != "$sum" ]; then
        rm -f "$part"
        echo "fetch-corpus: REFUSED $file: sha256 $got, expected $sum (from $url)" >&2
        failed="$failed $file"
        continue
    fi
    mv -f "$part" "$target"
    fetched=$((fetched + 1))
done <"$manifest"

echo "fetch-corpus: $fetched fetched, $present already present, in $dest" >&2
if [ -n "$failed" ]; then
    echo "fetch-corpus: not fetched:$failed" >&2
    exit 1
fi
if [ "$dest" != "$root/target/specs-corpus" ]; then
    echo "fetch-corpus: run the tests with CORPUS_DIR=$dest" >&2
fi
