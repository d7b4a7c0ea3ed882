//! Every snapshot compiles: the fixture crates are generated into one
//! scratch workspace and tested with cargo there, so the generated code is
//! built, linted and its example tests run.
//!
//! The scratch workspace stays in `target/fixture-crates/crates`, beside its
//! target directory, and files are written only when their content changes
//! (as the generator writes them), so that a run with no change to the
//! generator or the fixtures compiles nothing again: a few seconds, where a
//! fresh workspace took two to three minutes on 2 cores.

mod common;

use std::path::Path;
use std::process::Command;

use common::{FIXTURES, crate_name, fixture, generate, workspace_dir};
use openapi_rustgen::write::write_crate;

fn cargo(dir: &Path, target: &Path, args: &[&str]) {
    let status = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "cargo {} failed in {}",
        args.join(" "),
        dir.display()
    );
}

#[test]
fn fixture_crates_compile_lint_clean_and_pass_their_tests() {
    let base = workspace_dir().join("target/fixture-crates");
    let root = &base.join("crates");
    let mut members = Vec::new();
    for f in FIXTURES {
        let name = crate_name(f);
        write_crate(&generate(&[fixture(f)], &name), &root.join(&name)).expect("written");
        // A fixture may come with tests that call its client against a mock
        // server (`media-types.yaml` -> `media-types.calls.rs`).
        let calls = fixture(f).with_extension("calls.rs");
        let copy = root.join(&name).join("tests/calls.rs");
        if calls.exists() {
            let text = std::fs::read(&calls).expect("calls read");
            write_if_changed(&copy, &text);
        } else if copy.exists() {
            std::fs::remove_file(&copy).expect("old calls removed");
        }
        members.push(name);
    }
    let manifest = format!(
        "[workspace]\nmembers = [{}]\nresolver = \"3\"\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    write_if_changed(&root.join("Cargo.toml"), manifest.as_bytes());
    // The workspace's lock file pins the same dependency versions, so the
    // build needs no network and shares compiled dependencies.
    let lock = std::fs::read(workspace_dir().join("Cargo.lock")).expect("lock read");
    write_if_changed(&root.join("Cargo.lock"), &lock);
    let target = &base;
    cargo(
        root,
        target,
        &[
            "clippy",
            "--offline",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(root, target, &["test", "--offline"]);
}

/// Writes `content` unless the file already holds it, so that cargo does not
/// see a new modification time.
fn write_if_changed(path: &Path, content: &[u8]) {
    if std::fs::read(path).is_ok_and(|old| old == content) {
        return;
    }
    std::fs::write(path, content).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// The crate's cargo features: with each one alone, with none (the client
/// and nothing else) and with all, the crate and its example tests build
/// lint-clean. `features.yaml` has three groups that share types, a webhook
/// and a type nothing uses, so every kind of `cfg` the generator writes is
/// compiled both on and off.
#[test]
fn each_feature_alone_none_and_all_compile_lint_clean() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let root = scratch.path();
    let name = crate_name("features.yaml");
    let generated = generate(&[fixture("features.yaml")], &name);
    let manifest = &generated.files["Cargo.toml"];
    let features: Vec<String> = manifest
        .lines()
        .skip_while(|l| *l != "[features]")
        .filter_map(|l| l.strip_suffix(" = []"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        features,
        ["people", "teams", "billing", "webhooks", "unreached-models"],
        "{manifest}"
    );
    write_crate(&generated, &root.join(&name)).expect("written");
    std::fs::write(
        root.join("Cargo.toml"),
        format!("[workspace]\nmembers = [\"{name}\"]\nresolver = \"3\"\n"),
    )
    .expect("manifest written");
    std::fs::copy(workspace_dir().join("Cargo.lock"), root.join("Cargo.lock"))
        .expect("lock copied");
    let target = workspace_dir().join("target/fixture-crates");
    let clippy = |features: &[&str]| {
        let mut args = vec!["clippy", "--offline", "--all-targets"];
        args.extend(features);
        args.extend(["--", "-D", "warnings"]);
        cargo(root, &target, &args);
    };
    clippy(&["--no-default-features"]);
    for feature in &features {
        clippy(&["--no-default-features", "--features", feature]);
    }
    clippy(&["--all-features"]);
    // The example tests that one feature compiles pass.
    cargo(
        root,
        &target,
        &[
            "test",
            "--offline",
            "--no-default-features",
            "--features",
            "billing",
            "--test",
            "examples",
        ],
    );
}
