//! The whole pipeline from bytes: load (YAML, or JSON when the text starts
//! with `{`), normalize, check refs, parse, lower, emit and format.
//!
//! Invariants: no panic (libFuzzer aborts on one; the pipeline's own thread
//! turns one into `Error::Internal`, which fails here too), bounded time
//! (`-timeout`), and every generated Rust file parses with `syn`.
//!
//! A NUL byte splits the input into several documents, so that merging
//! (shared and conflicting components, duplicate operations) is fuzzed too.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use openapi_rustgen::__private::parse_text;
use openapi_rustgen::{Document, Error, Options, generate_documents};

fuzz_target!(|data: &[u8]| {
    let mut documents = Vec::new();
    for (i, part) in data.split(|&b| b == 0).take(4).enumerate() {
        let Ok(text) = std::str::from_utf8(part) else {
            return;
        };
        let is_json = text.trim_start().starts_with('{');
        let source = PathBuf::from(format!("fuzz{i}.{}", if is_json { "json" } else { "yaml" }));
        let Ok(value) = parse_text(&source, text, is_json) else {
            return;
        };
        documents.push(Document { source, value });
    }
    match generate_documents(documents, &Options::new("fuzzed")) {
        Ok(generated) => {
            for (path, content) in &generated.files {
                if path.ends_with(".rs") {
                    if let Err(e) = syn::parse_file(content) {
                        panic!("generated {path} is not valid Rust: {e}\n{content}");
                    }
                }
            }
        }
        Err(Error::Internal { message }) => panic!("internal error: {message}"),
        // Any other error is the spec's fault and fine; it must render.
        Err(e) => drop(e.to_string()),
    }
});
