//! `openapi-rustgen` turns OpenAPI 3.0 and 3.1 documents into a typed Rust
//! client crate.
//!
//! The pipeline has one module per stage; each hands the next a value:
//!
//! ```text
//! load ─▶ normalize ─▶ parse ─▶ lower ─▶ emit ─▶ format ─▶ write
//! JSON     3.0 shape    openapiv3  IR     tokens   text     files
//! ```
//!
//! [`generate`] runs every stage but the last and returns the crate in memory;
//! [`write::write_crate`] and [`write::check_crate`] put it on disk or compare
//! it with what is there.

pub mod build_script;
pub mod docs;
pub mod emit;
pub mod error;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod normalize;
pub mod origins;
pub mod parse;
pub mod refs;
pub(crate) mod runtime_api;
pub mod write;

use std::path::PathBuf;

pub use error::{Error, Result};
pub use write::GeneratedCrate;

/// What to generate, beyond the specs themselves.
#[derive(Debug, Clone)]
pub struct Options {
    /// Name of the generated package (`kombo`); its library is the same name
    /// in snake case.
    pub crate_name: String,
    /// Base URL for relative links in the spec's descriptions. When `None`,
    /// the docs site the spec links to most is used.
    pub docs_url: Option<String>,
    /// How the generated files' header names the specs they come from.
    pub spec_label: String,
}

impl Options {
    /// Options with the given crate name and everything else derived.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Options {
            crate_name: crate_name.into(),
            docs_url: None,
            spec_label: String::from("an OpenAPI document"),
        }
    }

    /// Checks the options that end up in generated code: the crate name
    /// must be a package name whose library name is a Rust identifier.
    pub fn validate(&self) -> Result<()> {
        let name = &self.crate_name;
        let invalid = |message: String| Error::Option {
            option: "crate name",
            message,
        };
        if !name.starts_with(|c: char| c.is_ascii_alphabetic())
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(invalid(format!(
                "{name:?}: use ASCII letters, digits, `-` and `_`, starting with a letter"
            )));
        }
        let lib_name = name.replace('-', "_");
        if naming::is_keyword(&lib_name) {
            return Err(invalid(format!(
                "{name:?}: its library name `{lib_name}` is a Rust keyword"
            )));
        }
        Ok(())
    }
}

/// Runs the whole pipeline on spec files or directories, up to formatted code.
pub fn generate(specs: &[PathBuf], options: &Options) -> Result<GeneratedCrate> {
    let documents = load::load(specs)?;
    generate_documents(documents, options)
}

/// Runs the pipeline on documents that are already loaded.
pub fn generate_documents(
    documents: Vec<load::Document>,
    options: &Options,
) -> Result<GeneratedCrate> {
    options.validate()?;
    let normalized = normalize::normalize(documents)?;
    refs::check(&normalized)?;
    let parsed = parse::parse(&normalized)?;
    let api = lower::lower(&parsed, &normalized, options)?;
    // The IR holds all that emitting needs: the JSON value and the openapiv3
    // model (several times the spec's size) go before the output is made.
    drop(parsed);
    drop(normalized);
    // Each part's tokens are dropped as soon as the part is formatted.
    let files = emit::emit(&api, options);
    format::format_crate(files, options)
}
