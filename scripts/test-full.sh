#!/bin/sh
# The full test suite: everything `cargo test --workspace` (the quick suite)
# runs, plus the slow tests it leaves out, which are `#[ignore]`d with the
# reason "full suite":
#   - generator/tests/corpus.rs: the corpus specs that `cargo test` does not
#     compile (the large ones: GitHub, Vault, ...) generated, linted with
#     clippy, their example and doc tests run;
#   - generator/tests/bad_input.rs: the CLI killed halfway through GitHub's
#     spec leaves the old crate or the new one;
#   - tests/build_e2e.rs: the root build script on copies of the workspace;
#   - tests/prism_contract.rs: the client against Stoplight Prism (needs
#     Node.js and npm; Prism is installed into target/prism on first run).
# On 2 cores the slow part took 11 minutes with everything built before
# (the corpus 8.5, the kill test and build_e2e a little over 1 each), and
# takes about half an hour from a cold target directory (the corpus 18,
# build_e2e 9).
#
#   scripts/test-full.sh              # everything
#   scripts/test-full.sh --slow-only  # only what `cargo test --workspace` leaves out
#
# Needs the public spec corpus (see generator/tests/common/corpus.rs): a
# missing corpus fails here (CORPUS_REQUIRED=1) instead of being skipped;
# get it with scripts/fetch-corpus.sh.
set -eu
cd "$(dirname "$0")/.."

which=--include-ignored
case ${1:-} in
    --slow-only) which=--ignored ;;
    '') ;;
    *)
        echo "usage: scripts/test-full.sh [--slow-only]" >&2
        exit 2
        ;;
esac

CORPUS_REQUIRED=1 exec cargo test --workspace -- "$which"
