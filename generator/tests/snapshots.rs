//! Snapshot tests of the generated code for small fixture specs, reviewed as
//! diffs (`cargo insta review`). `compile_fixtures.rs` compiles the same
//! crates and runs their tests. The Kombo client has no snapshot here: it is
//! committed in `generated-client/`, and the root build script fails on any
//! difference from what `specs/` generate.

mod common;

use common::{FIXTURES, crate_name, fixture, generate};

fn snapshot_crate(fixture_name: &str) {
    let generated = generate(&[fixture(fixture_name)], &crate_name(fixture_name));
    for (path, content) in &generated.files {
        // The runtime, the formats' types and the examples' main are copied verbatim from
        // templates; snapshotting them would only duplicate those files.
        if path.starts_with("src/runtime/")
            || path.starts_with("src/formats/")
            || path == "src/same_json.rs"
            || path == "tests/examples/main.rs"
        {
            continue;
        }
        let name = format!(
            "{}__{}",
            fixture_name.trim_end_matches(".yaml"),
            path.replace('/', "__")
        );
        insta::assert_snapshot!(name, content);
    }
}

#[test]
fn snapshots_of_every_fixture() {
    for f in FIXTURES {
        snapshot_crate(f);
    }
}

#[test]
fn generation_is_deterministic() {
    for f in FIXTURES {
        let first = generate(&[fixture(f)], &crate_name(f));
        let second = generate(&[fixture(f)], &crate_name(f));
        assert_eq!(first, second, "{f} generated differently twice");
    }
    let specs = common::workspace_dir().join("specs");
    let first = generate(std::slice::from_ref(&specs), "kombo");
    let second = generate(&[specs], "kombo");
    assert!(first == second, "specs/ generated differently twice");
    // The whole Kombo API: 110 operations, 451 schemas.
    let Some(corpus) =
        common::corpus("snapshots::generation_is_deterministic, for kombo-full.json")
    else {
        return;
    };
    let kombo = corpus.join("kombo-full.json");
    let first = generate(std::slice::from_ref(&kombo), "kombo_full");
    let second = generate(&[kombo], "kombo_full");
    assert!(
        first == second,
        "kombo-full.json generated differently twice"
    );
}
