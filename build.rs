//! Keeps the committed client in `generated-client/` equal to what `specs/`
//! generates, before that client is compiled.
//!
//! The root package's library is `generated-client/src/lib.rs` itself, and
//! cargo runs a package's build script before it compiles any of the
//! package's targets, so whatever this script writes is what rustc compiles
//! next. Outside CI it regenerates the client (only files whose content
//! changed are written, atomically). In CI (`CI` set, and not `false` or `0`)
//! it writes nothing and fails the build if the committed client differs from
//! what `specs/` and the generator produce.
//!
//! It reruns only when a spec, the root manifest, `CI` or the generator
//! changes (cargo rebuilds and reruns a build script whenever one of its
//! build-dependencies changes, so the generator needs no `rerun-if-changed`),
//! and in CI also when a generated file changes. Outside CI it must not watch
//! the generated files: what it writes would make it run again.

#[path = "src/manifest_sync.rs"]
mod manifest_sync;

use std::fs;
use std::path::{Path, PathBuf};

use manifest_sync::GENERATED_DIR;
use openapi_rustgen::write::{self, Drift};
use openapi_rustgen::{GeneratedCrate, Options};

/// The spec directory, relative to the root; also the label the generated
/// files' headers name, so the output equals the command line's.
const SPECS: &str = "specs";
const CRATE_NAME: &str = "kombo";
/// The one command that brings `generated-client/` up to date by hand.
const FIX: &str = "cargo run -p openapi-rustgen -- generate --spec specs --out generated-client --crate-name kombo";

fn main() {
    if let Err(message) = run() {
        // `cargo::error` fails the build once the script exits; exiting 0
        // keeps cargo from dumping all of the script's output under it.
        for line in message.lines() {
            println!("cargo::error={line}");
        }
    }
}

fn run() -> Result<(), String> {
    let ci = in_ci();
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-changed=Cargo.toml");
    watch_specs();

    let options = Options {
        crate_name: CRATE_NAME.to_string(),
        docs_url: None,
        spec_label: SPECS.to_string(),
        contract_tests: false,
        cargo_features: true,
        typed_formats: true,
    };
    let generated = openapi_rustgen::generate(&[PathBuf::from(SPECS)], &options)
        .map_err(|e| format!("cannot generate {GENERATED_DIR}/ from {SPECS}/: {e}"))?;
    let out = Path::new(GENERATED_DIR);

    if ci {
        // Nothing is written, so watching the generated files cannot loop; a
        // hand edit to them in a cached CI build dir is checked again.
        for rel in generated.files.keys() {
            println!("cargo::rerun-if-changed={GENERATED_DIR}/{rel}");
        }
        let drift = write::check_crate(&generated, out)
            .map_err(|e| format!("cannot compare {GENERATED_DIR}/ with {SPECS}/: {e}"))?;
        if !drift.is_empty() {
            return Err(drift_message(&drift));
        }
    } else {
        let report = write::write_crate(&generated, out)
            .map_err(|e| format!("cannot write {GENERATED_DIR}/: {e}"))?;
        for rel in &report.written {
            println!("cargo::warning=regenerated {GENERATED_DIR}/{rel}");
        }
        for rel in &report.removed {
            println!("cargo::warning=removed {GENERATED_DIR}/{rel}: no longer generated");
        }
        if !(report.written.is_empty() && report.removed.is_empty()) {
            println!("cargo::warning=review `git diff {GENERATED_DIR}/` and commit it");
        }
    }
    check_root_manifest(&generated)
}

/// Whether this is a CI build, as CI systems announce it (`CI=true`).
fn in_ci() -> bool {
    std::env::var("CI")
        .map(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
        .unwrap_or(false)
}

/// Reruns this script when a spec is added, removed or changed.
fn watch_specs() {
    println!("cargo::rerun-if-changed={SPECS}");
    let mut files: Vec<String> = fs::read_dir(SPECS)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().to_string_lossy().replace('\\', "/"))
        .collect();
    files.sort();
    for file in files {
        println!("cargo::rerun-if-changed={file}");
    }
}

fn drift_message(drift: &[Drift]) -> String {
    let mut message = format!(
        "{GENERATED_DIR}/ differs from what {SPECS}/ and the generator produce \
         (CI is set, so the build does not rewrite it):"
    );
    for d in drift {
        let (what, rel) = match d {
            Drift::Missing(rel) => ("missing", rel),
            Drift::Changed(rel) => ("differs", rel),
            Drift::Stale(rel) => ("no longer generated", rel),
        };
        message.push_str(&format!("\n  {what}: {GENERATED_DIR}/{rel}"));
    }
    message.push_str(&format!(
        "\nto fix, run this at the repository root, review the diff and commit it:\n  {FIX}"
    ));
    message
}

/// Fails when the root manifest no longer compiles the client as the
/// generated manifest declares it.
fn check_root_manifest(generated: &GeneratedCrate) -> Result<(), String> {
    let root =
        fs::read_to_string("Cargo.toml").map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    let manifest = generated
        .files
        .get("Cargo.toml")
        .ok_or("the generator wrote no Cargo.toml")?;
    let problems =
        manifest_sync::mismatches(&root, manifest, generated.files.keys().map(String::as_str));
    match problems.is_empty() {
        true => Ok(()),
        false => Err(problems.join("\n")),
    }
}
