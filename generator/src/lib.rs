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
//! it with what is there. [`build_script`] does both from a crate's
//! `build.rs`. The stages themselves are private.

pub mod build_script;
pub mod diagnostic;
mod docs;
mod emit;
mod error;
mod format;
mod ir;
mod load;
mod lower;
mod markers;
mod naming;
mod normalize;
mod origins;
mod parse;
mod positions;
mod refs;
mod runtime_api;
pub mod write;

use std::path::PathBuf;

pub use error::{Error, Place, Position, Result};
pub use format::GeneratedCrate;
pub use load::Document;

/// Stage entry points for the generator's own tests and benches (which time
/// or check one stage at a time). Not a stable API: anything here may
/// change or go at any time.
#[doc(hidden)]
pub mod __private {
    pub use crate::docs::code_span;
    // `Part` only because `FileContent`'s docs link to it.
    pub use crate::emit::{FileContent, Part, emit};
    pub use crate::error::pointer;
    pub use crate::format::format_crate;
    pub use crate::ir::ExampleCheck;
    pub use crate::load::{load, load_file, parse_text};
    pub use crate::lower::lower;
    pub use crate::normalize::{Normalized, normalize};
    pub use crate::parse::parse;
    pub use crate::positions::Positions;
}

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
    /// Also write `tests/contract.rs`, which calls every operation against
    /// the server in `CONTRACT_BASE_URL`.
    pub contract_tests: bool,
    /// Gate each operation group behind a cargo feature of the generated
    /// crate (on by default). Off for code that another crate includes
    /// (`build_script`), where those features do not exist.
    pub cargo_features: bool,
    /// Type `date-time`, `date` and `uuid` strings (on by default): the
    /// generated crate's `DateTime`, `Date` and `Uuid`, which keep the wire
    /// text and give the value read from it. Off, they are plain `String`s
    /// and the crate does without `chrono` and `uuid`.
    pub typed_formats: bool,
}

impl Options {
    /// Options with the given crate name and everything else derived.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Options {
            crate_name: crate_name.into(),
            docs_url: None,
            spec_label: String::from("an OpenAPI document"),
            contract_tests: false,
            cargo_features: true,
            typed_formats: true,
        }
    }

    /// The generated crate's library name: the package name in snake
    /// case (`kombo-client` -> `kombo_client`), as generated code and docs
    /// refer to it.
    pub fn lib_name(&self) -> String {
        self.crate_name.replace('-', "_")
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
        let lib_name = self.lib_name();
        if naming::is_keyword(&lib_name) {
            return Err(invalid(format!(
                "{name:?}: its library name `{lib_name}` is a Rust keyword"
            )));
        }
        Ok(())
    }
}

/// The stack the pipeline runs on. It recurses once per nesting level of a
/// spec (and syn and prettyplease once per nesting level of the code made
/// from it), and YAML and JSON parsing stop at 128 levels, which an
/// unoptimized build needs more than a main thread's 8 MiB for.
pub(crate) const STACK_SIZE: usize = 64 << 20;

/// Runs the whole pipeline on spec files or directories, up to formatted code.
///
/// The pipeline runs on a thread of its own, with the stack that deeply
/// nested specs need; a panic in it (a bug) comes back as
/// [`Error::Internal`].
pub fn generate(specs: &[PathBuf], options: &Options) -> Result<GeneratedCrate> {
    on_own_stack(|| {
        let (documents, texts): (Vec<Document>, Vec<(PathBuf, String)>) =
            load::load_with_text(specs)?
                .into_iter()
                .map(|(document, text)| {
                    let source = document.source.clone();
                    (document, (source, text))
                })
                .unzip();
        pipeline(documents, options).map_err(|error| locate(error, &texts))
    })
}

/// Gives the error the line and column of each place it names, from the
/// texts the documents were read from (indexed only now: a run that
/// succeeds never needs it).
fn locate(error: Error, texts: &[(PathBuf, String)]) -> Error {
    let mut indexed: Vec<(&std::path::Path, positions::Positions)> = Vec::new();
    error.locate(&mut |path, pointer| {
        if !indexed.iter().any(|(p, _)| *p == path) {
            let (source, text) = texts.iter().find(|(source, _)| source == path)?;
            indexed.push((source, positions::Positions::of(text)));
        }
        let (_, index) = indexed.iter().find(|(p, _)| *p == path)?;
        index.find(pointer)
    })
}

/// Runs the pipeline on documents that are already loaded, on a thread of
/// its own as [`generate`] does.
pub fn generate_documents(documents: Vec<Document>, options: &Options) -> Result<GeneratedCrate> {
    on_own_stack(move || pipeline(documents, options))
}

/// Runs `job` on a new thread with a [`STACK_SIZE`] stack and waits for it.
fn on_own_stack<T: Send>(job: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("openapi-rustgen".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, job)
            .map_err(Error::Thread)?;
        // The panic hook has printed the message already; it goes in the
        // error too, for callers that do not show stderr.
        worker.join().unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("no message");
            Err(Error::internal(format!(
                "the generator panicked: {message}"
            )))
        })
    })
}

/// Every stage after loading, on the current thread.
fn pipeline(documents: Vec<Document>, options: &Options) -> Result<GeneratedCrate> {
    options.validate()?;
    let normalized = normalize::normalize(documents)?;
    refs::check(&normalized)?;
    let parsed = parse::parse(&normalized)?;
    let mut api = lower::lower_with(
        &parsed,
        &normalized,
        options.docs_url.as_deref(),
        options.typed_formats,
    )?;
    api.features.off = !options.cargo_features;
    // The IR holds all that emitting needs: the JSON value and the openapiv3
    // model (several times the spec's size) go before the output is made.
    drop(parsed);
    drop(normalized);
    // Each part's tokens are dropped as soon as the part is formatted.
    let lib_name = options.lib_name();
    let files = emit::emit(&api, &options.crate_name, &lib_name, options.contract_tests);
    format::format_crate(files, &options.spec_label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_the_pipeline_is_an_internal_error() {
        let result: Result<()> = on_own_stack(|| panic!("boom"));
        let Err(Error::Internal { message }) = result else {
            panic!("not an internal error: {result:?}");
        };
        assert!(message.contains("boom"), "{message}");
        let formatted: Result<()> = on_own_stack(|| panic!("{}", String::from("formatted")));
        assert!(formatted.unwrap_err().to_string().contains("formatted"));
    }

    #[test]
    fn the_pipeline_has_the_large_stack() {
        // Deeper than the 2 MiB of a test thread allows without it.
        fn depth(n: usize) -> usize {
            let frame = std::hint::black_box([0u8; 1024]);
            if n == 0 {
                frame[0] as usize
            } else {
                depth(n - 1) + frame[n % 1024] as usize
            }
        }
        assert_eq!(on_own_stack(|| Ok(depth(16 * 1024))).unwrap(), 0);
    }
}
