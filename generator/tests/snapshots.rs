//! Snapshot tests of the generated code for small fixture specs, reviewed as
//! diffs (`cargo insta review`). `compile_fixtures.rs` compiles the same
//! crates and runs their tests.

mod common;

use common::{FIXTURES, crate_name, fixture, generate};

fn snapshot_crate(fixture_name: &str) {
    let generated = generate(&[fixture(fixture_name)], &crate_name(fixture_name));
    for (path, content) in &generated.files {
        // The runtime and the examples' main are copied verbatim from
        // templates; snapshotting them would only duplicate those files.
        if path.starts_with("src/runtime/")
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
fn snapshot_of_the_kombo_client() {
    let specs = common::workspace_dir().join("specs");
    let generated = generate(&[specs], "kombo");
    insta::assert_snapshot!("kombo__src__models.rs", &generated.files["src/models.rs"]);
    insta::assert_snapshot!("kombo__src__apis.rs", &generated.files["src/apis.rs"]);
}

#[test]
fn generation_is_deterministic() {
    for f in FIXTURES {
        let first = generate(&[fixture(f)], &crate_name(f));
        let second = generate(&[fixture(f)], &crate_name(f));
        assert_eq!(first, second, "{f} generated differently twice");
    }
    let kombo = common::workspace_dir().join("../shared/specs-corpus/kombo-full.json");
    let first = generate(std::slice::from_ref(&kombo), "kombo_full");
    let second = generate(&[kombo], "kombo_full");
    assert!(
        first == second,
        "kombo-full.json generated differently twice"
    );
}
