//! The fuzz crate (`fuzz/`, outside the workspace) compiles a generated
//! corpus client into its `decode` target, so its manifest must list every
//! dependency a generated crate can have. Only CI's fuzz smoke run built it,
//! late in the run, and it failed there twice on a dependency the generator
//! had gained (chrono and uuid, then futures-util); this test says so in
//! the quick suite.

mod common;

use common::{fixture, generate, workspace_dir};

/// The dependency names of a manifest's `[dependencies]` table.
fn dependencies(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .skip_while(|line| line.trim() != "[dependencies]")
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('['))
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once('=').map(|(name, _)| name.trim().to_owned()))
        .collect()
}

#[test]
fn the_fuzz_crate_has_every_dependency_of_a_generated_client() {
    // Typed `date-time`, `date` and `uuid`: every optional dependency.
    let generated = generate(&[fixture("dates.yaml")], "dates");
    let client = dependencies(&generated.files["Cargo.toml"]);
    for optional in ["chrono", "uuid"] {
        assert!(client.iter().any(|name| name == optional), "{client:?}");
    }
    let path = workspace_dir().join("fuzz/Cargo.toml");
    let fuzz = std::fs::read_to_string(&path).expect("fuzz/Cargo.toml");
    let fuzz = dependencies(&fuzz);
    let missing: Vec<_> = client.iter().filter(|name| !fuzz.contains(name)).collect();
    assert!(
        missing.is_empty(),
        "{} lacks {missing:?}, which generated clients depend on",
        path.display()
    );
}
