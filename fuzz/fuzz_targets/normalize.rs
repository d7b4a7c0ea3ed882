//! The normalize stage alone, on JSON values (YAML text is read too, as the
//! seeds are YAML). A top-level array of objects is several documents to
//! merge. Invariant: no panic, and no `Error::Internal`.
#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;
use openapi_rustgen::__private::{normalize, parse_text};
use openapi_rustgen::{Document, Error};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let trimmed = text.trim_start();
    let is_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    let Ok(value) = parse_text(Path::new("fuzz.json"), text, is_json) else {
        return;
    };
    let values = match value {
        Value::Array(items) if !items.is_empty() => items,
        other => vec![other],
    };
    let documents = values
        .into_iter()
        .take(4)
        .enumerate()
        .map(|(i, value)| Document {
            source: PathBuf::from(format!("fuzz{i}.json")),
            value,
        })
        .collect();
    match normalize(documents) {
        Err(Error::Internal { message }) => panic!("internal error: {message}"),
        Err(e) => drop(e.to_string()),
        Ok(normalized) => drop(normalized),
    }
});
