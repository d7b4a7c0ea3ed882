//! Generates the corpus client that the `decode` target decodes into: the
//! shared spec corpus's `opc-baseline-openapi-3.1.yaml` (recursive and
//! circular refs, discriminated and undiscriminated unions), with the
//! generator of this repository, into `OUT_DIR` (as any crate's build script
//! would, with `build_script::generate_into_out_dir`).
//!
//! The corpus may be absent (`OPENAPI_CORPUS`, by default `shared/specs-corpus`
//! beside the repository); then `decode` decodes Kombo's types only.

use std::path::PathBuf;

const SPEC: &str = "opc-baseline-openapi-3.1.yaml";

fn main() {
    println!("cargo::rerun-if-env-changed=OPENAPI_CORPUS");
    println!("cargo::rerun-if-changed=../generator/src");
    println!("cargo::rustc-check-cfg=cfg(corpus_client)");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let corpus = std::env::var_os("OPENAPI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../shared/specs-corpus"));
    let spec = corpus.join(SPEC);
    if !spec.is_file() {
        println!(
            "cargo::warning=no corpus spec at {}: `decode` fuzzes Kombo's types only",
            spec.display()
        );
        return;
    }
    let root = openapi_rustgen::build_script::generate_into_out_dir(&[spec], "opc-baseline")
        .unwrap_or_else(|e| panic!("generating the corpus client: {e}"));
    println!("cargo::rustc-env=CORPUS_CLIENT_ROOT={}", root.display());
    println!("cargo::rustc-cfg=corpus_client");
}
