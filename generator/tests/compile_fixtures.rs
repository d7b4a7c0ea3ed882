//! Every snapshot compiles: the fixture crates (and the Kombo client) are
//! generated into one scratch workspace and tested with cargo there, so the
//! generated code is built, linted and its example tests run.

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
    let scratch = tempfile::tempdir().expect("temp dir");
    let root = scratch.path();
    let mut members = Vec::new();
    for f in FIXTURES {
        let name = crate_name(f);
        write_crate(&generate(&[fixture(f)], &name), &root.join(&name)).expect("written");
        // A fixture may come with tests that call its client against a mock
        // server (`media-types.yaml` -> `media-types.calls.rs`).
        let calls = fixture(f).with_extension("calls.rs");
        if calls.exists() {
            std::fs::copy(&calls, root.join(&name).join("tests/calls.rs")).expect("calls copied");
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
    std::fs::write(root.join("Cargo.toml"), manifest).expect("manifest written");
    // The workspace's lock file pins the same dependency versions, so the
    // build needs no network and shares compiled dependencies.
    std::fs::copy(workspace_dir().join("Cargo.lock"), root.join("Cargo.lock"))
        .expect("lock copied");
    let target = workspace_dir().join("target/fixture-crates");
    cargo(
        root,
        &target,
        &[
            "clippy",
            "--offline",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(root, &target, &["test", "--offline"]);
}
