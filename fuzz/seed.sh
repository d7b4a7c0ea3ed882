#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/, not committed) from the
# repository's specs and fuzz regressions and from the shared spec corpus
# (OPENAPI_CORPUS, default ../shared/specs-corpus next to the repository),
# which may be absent: then only the repository's own files seed.
#
# pipeline, normalize: spec files under 128 KiB, as they are.
# decode: one file per (type, example body): a selector byte, then the JSON.
#   The bodies are the response examples of Kombo's specs and of the corpus
#   spec the decode target's corpus client comes from (needs python3 with
#   PyYAML; without it, a few hand-written bodies).
set -euo pipefail
cd "$(dirname "$0")"
corpus_dir="${OPENAPI_CORPUS:-../../shared/specs-corpus}"

mkdir -p corpus/pipeline corpus/normalize corpus/decode
seed_specs=(../specs/*.yaml ../generator/tests/fixtures/*.yaml
            ../generator/tests/fixtures/fuzz-regressions/*)
if [ -d "$corpus_dir" ]; then
    for f in "$corpus_dir"/*.yaml "$corpus_dir"/*.json; do
        [ "$(stat -c %s "$f")" -le 131072 ] && seed_specs+=("$f")
    done
else
    echo "seed.sh: no spec corpus at $corpus_dir; seeding from the repository only" >&2
fi
for f in "${seed_specs[@]}"; do
    [ -f "$f" ] || continue
    cp "$f" corpus/pipeline/
    cp "$f" corpus/normalize/
done

# decode: selectors as in fuzz_targets/decode.rs (0-2 Kombo, 3.. corpus).
python3 - "$corpus_dir" <<'PY' || printf '\0{"status":"success","data":{}}' >corpus/decode/seed-0
import json, os, sys
import yaml

out = "corpus/decode"
def write(selector, name, value):
    with open(os.path.join(out, f"{selector}-{name}"), "wb") as f:
        f.write(bytes([selector]) + json.dumps(value).encode())

def examples(node):
    """Every example value in a spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "example":
                yield value
            elif key == "examples" and isinstance(value, dict):
                for ex in value.values():
                    if isinstance(ex, dict) and "value" in ex:
                        yield ex["value"]
            elif key == "examples" and isinstance(value, list):
                yield from value
            yield from examples(value)
    elif isinstance(node, list):
        for item in node:
            yield from examples(item)

kombo = []
for name in sorted(os.listdir("../specs")):
    with open(os.path.join("../specs", name)) as f:
        kombo.extend(examples(yaml.safe_load(f)))
for i, value in enumerate(kombo):
    for selector in range(3):
        write(selector, f"kombo{i}", value)

spec = os.path.join(sys.argv[1], "opc-baseline-openapi-3.1.yaml")
if os.path.isfile(spec):
    with open(spec) as f:
        values = list(examples(yaml.safe_load(f)))
    # Generic shapes of the corpus types, for the selectors without examples.
    values += [{}, [], None, "a", 1, 1.5, True,
               {"a": {"a": {}}, "b": [{"a": {}}]},
               {"type": "Type1"}, {"modelType": "type1"}]
    for i, value in enumerate(values):
        for selector in range(3, 12):
            write(selector, f"opc{i}", value)
PY
for t in pipeline normalize decode; do
    echo "seed.sh: corpus/$t: $(ls corpus/$t | wc -l) files"
done
