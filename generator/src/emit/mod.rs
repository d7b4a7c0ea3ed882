//! Emit stage: the IR to token streams (and a few plain-text files), one per
//! output file. Nothing here decides what a type is; that was lowering's job.

mod client;
mod examples;
mod manifest;
mod models;
mod rust;
mod value;
mod webhooks;

use proc_macro2::TokenStream;

use crate::Options;
use crate::ir::Api;

/// The content of one output file before formatting.
#[derive(Debug, Clone)]
pub enum FileContent {
    /// Rust code, formatted by the format stage.
    Rust(TokenStream),
    /// Rust code written out exactly as given (the hand-written runtime).
    RustVerbatim(&'static str),
    /// Any other text (Cargo.toml, README), written as given.
    Text(String),
}

/// One output file, by its path relative to the crate root.
#[derive(Debug, Clone)]
pub struct EmittedFile {
    /// Relative path with `/` separators (`src/models.rs`).
    pub path: String,
    /// What goes in it.
    pub content: FileContent,
}

/// The runtime every generated crate carries, written out verbatim.
pub const RUNTIME: &str = include_str!("../../templates/runtime.rs");

/// Helpers of the generated code the runtime does not have (parameter
/// styles, union matching), written out verbatim.
pub const SUPPORT: &str = include_str!("../../templates/support.rs");

/// The example tests' crate root: shared helpers, written out verbatim.
pub const EXAMPLES_MAIN: &str = include_str!("../../templates/examples_main.rs");

/// Emits every file of the generated crate.
pub fn emit(api: &Api, options: &Options) -> Vec<EmittedFile> {
    let lib_name = options.crate_name.replace('-', "_");
    let mut files = vec![
        EmittedFile {
            path: "Cargo.toml".into(),
            content: FileContent::Text(manifest::cargo_toml(api, options)),
        },
        EmittedFile {
            path: "src/lib.rs".into(),
            content: FileContent::Rust(manifest::lib_rs(api)),
        },
        EmittedFile {
            path: "src/client.rs".into(),
            content: FileContent::Rust(client::client_rs(api)),
        },
        EmittedFile {
            path: "src/apis.rs".into(),
            content: FileContent::Rust(client::apis_rs(api, &lib_name)),
        },
        EmittedFile {
            path: "src/models.rs".into(),
            content: FileContent::Rust(models::models_rs(api)),
        },
        EmittedFile {
            path: "src/runtime.rs".into(),
            content: FileContent::RustVerbatim(RUNTIME),
        },
        EmittedFile {
            path: "src/support.rs".into(),
            content: FileContent::RustVerbatim(SUPPORT),
        },
        EmittedFile {
            path: "tests/examples/main.rs".into(),
            content: FileContent::RustVerbatim(EXAMPLES_MAIN),
        },
        EmittedFile {
            path: "tests/examples/cases.rs".into(),
            content: FileContent::Rust(examples::examples_rs(api, &lib_name)),
        },
    ];
    if let Some(tokens) = webhooks::webhooks_rs(api) {
        files.push(EmittedFile {
            path: "src/webhooks.rs".into(),
            content: FileContent::Rust(tokens),
        });
    }
    files
}
