//! Helpers shared by the generator's integration tests.
// Each test crate uses only some of these helpers.
#![allow(dead_code)]

pub mod corpus;
pub mod json_tree;

use std::path::{Path, PathBuf};

use openapi_rustgen::{GeneratedCrate, Options};

/// The generator package's directory.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace root.
pub fn workspace_dir() -> PathBuf {
    let manifest = manifest_dir();
    manifest
        .parent()
        .map_or_else(|| manifest.join(".."), Path::to_path_buf)
}

/// The public spec corpus, for the test or part of a test named by `what`;
/// `None`, after saying that `what` is skipped and how to get the corpus,
/// when it is not here (see `corpus.rs`).
pub fn corpus(what: &str) -> Option<PathBuf> {
    corpus::or_skip(&workspace_dir(), what)
}

/// A fixture spec under `generator/tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures").join(name)
}

/// The fixtures whose generated crates are snapshotted and compiled.
pub const FIXTURES: &[&str] = &[
    "shapes.yaml",
    "awkward-names.yaml",
    "injection.yaml",
    "wire-shapes.yaml",
    "media-types.yaml",
    "auth.yaml",
    "dates.yaml",
];

/// Generates a crate from specs with a fixed label, as the CLI would.
pub fn generate(specs: &[PathBuf], crate_name: &str) -> GeneratedCrate {
    let options = Options {
        crate_name: crate_name.to_string(),
        docs_url: None,
        spec_label: specs
            .iter()
            .map(|p| {
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect::<Vec<_>>()
            .join(", "),
        contract_tests: false,
        cargo_features: true,
        typed_formats: true,
    };
    match openapi_rustgen::generate(specs, &options) {
        Ok(generated) => generated,
        Err(e) => panic!("generation failed: {e}"),
    }
}

/// The crate name a fixture is generated under (`awkward-names.yaml` -> `awkward_names_client`).
pub fn crate_name(fixture: &str) -> String {
    let stem = Path::new(fixture)
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy();
    format!("{}_client", stem.replace('-', "_"))
}
