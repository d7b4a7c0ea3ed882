//! Generating a client from a crate's own `build.rs`, into `OUT_DIR`, the way
//! prost-build and tonic-build do.
//!
//! ```no_run
//! // In build.rs, inside `fn main`:
//! if let Err(e) = openapi_rustgen::build_script::generate_into_out_dir(&["specs"], "kombo") {
//!     panic!("{e}");
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs: the generated code refers to itself as `crate::`, so it is
//! // the crate's root.
//! include!(concat!(env!("OUT_DIR"), "/kombo/src/root.rs"));
//! ```

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::{GeneratedCrate, Options};

/// Generates the client for `specs` into `$OUT_DIR/<crate_name>/` and writes
/// `$OUT_DIR/<crate_name>/src/root.rs`, the crate root to `include!` (the
/// generated `lib.rs` without its inner attributes, which `include!` cannot
/// take). Tells cargo to rerun the build script when a spec changes.
/// Returns the path of `root.rs`.
pub fn generate_into_out_dir(specs: &[impl AsRef<Path>], crate_name: &str) -> Result<PathBuf> {
    let out_dir = std::env::var_os("OUT_DIR")
        .map(PathBuf::from)
        .ok_or_else(|| Error::Write {
            path: PathBuf::from("$OUT_DIR"),
            source: std::io::Error::other("OUT_DIR is not set: call this from a build script"),
        })?;
    let specs: Vec<PathBuf> = specs.iter().map(|s| s.as_ref().to_path_buf()).collect();
    for spec in &specs {
        println!("cargo::rerun-if-changed={}", spec.display());
    }
    let mut options = Options::new(crate_name);
    // The code is included into the calling crate, which has none of the
    // generated crate's features.
    options.cargo_features = false;
    options.spec_label = specs
        .iter()
        .map(|s| s.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let generated = crate::generate(&specs, &options)?;
    let out = out_dir.join(crate_name);
    crate::write::write_crate(&generated, &out)?;
    let root = out.join("src/root.rs");
    let text = includable_root(&generated)?;
    if std::fs::read_to_string(&root).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&root, text).map_err(|source| Error::Write {
            path: root.clone(),
            source,
        })?;
    }
    Ok(root)
}

/// The generated crate root without inner attributes, so that it can be
/// `include!`d.
pub fn includable_root(generated: &GeneratedCrate) -> Result<String> {
    let lib = generated
        .files
        .get("src/lib.rs")
        .map(String::as_str)
        .unwrap_or_default();
    let mut file = syn::parse_file(lib).map_err(|e| {
        Error::internal(format!(
            "generated code for src/lib.rs is not valid Rust: {e}"
        ))
    })?;
    file.attrs.clear();
    Ok(prettyplease::unparse(&file))
}
