//! Normalize stage: OpenAPI 3.1 (and 3.0) documents to one merged document in
//! the 3.0 shape that the `openapiv3` crate models.
//!
//! `openapiv3` models OpenAPI 3.0 and rejects (or silently drops) much of 3.1.
//! This stage rewrites each document on the raw JSON value, losing nothing:
//! where 3.0 has an equivalent, the 3.1 construct becomes it (`type: [T,
//! 'null']` becomes `type: T, nullable: true`); where it has none, the
//! construct moves under an `x-` key, which `openapiv3` keeps as an extension
//! and later stages can still read. Then the documents merge into one.
//!
//! The walk is schema-aware: it visits only the places where the OpenAPI
//! specification puts a Schema Object, so example values (arbitrary JSON that
//! may well contain keys like `type` or `const`) are never touched.
//!
//! Markers added for later stages (each key is a constant in `markers.rs`,
//! which says who writes and who reads it):
//! - `x-const: true`: the one-value `enum` was a `const`;
//! - `x-null: true`: the schema admits only `null` (`type: 'null'`);
//! - `x-examples`: a schema's 3.1 `examples` array;
//! - `x-prefix-items`, `x-$defs`, `x-if`, ...: 3.1 keywords 3.0 cannot hold;
//! - `x-original-openapi`: the version the document declared.
//!
//! The stage is split by concern:
//! - this file: the entry point [`normalize`] and its result;
//! - `document.rs`: one document: its version, and the 3.1 parts outside
//!   schemas (`webhooks`, `info.summary`, ...);
//! - `walk.rs`: the schema-aware walk over a document, which finds every
//!   Schema Object and trims Reference Objects on the way;
//! - `schema.rs`: the schema rules, 3.1 (JSON Schema 2020-12) to 3.0;
//! - `merge.rs`: merging several documents into one, and where each part
//!   came from.

mod document;
mod merge;
mod schema;
#[cfg(test)]
mod tests;
mod walk;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::load::Document;
use crate::origins::Origins;

use document::normalize_document;
use merge::{merge_document, record_origins};

/// The merged, normalized document and where each part came from.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// One OpenAPI 3.0-shaped document.
    pub value: Value,
    /// Which file each part of `value` came from.
    pub origins: Origins,
}

/// Validates, normalizes to the 3.0 shape and merges `documents`, in order.
///
/// The first document's `openapi`, `info`, `security` and `externalDocs` win;
/// servers and tags are united; paths, webhooks and components are united,
/// an identical definition in several documents is kept once, and a
/// different one is an [`Error::Conflict`] naming both files.
pub fn normalize(documents: Vec<Document>) -> Result<Normalized> {
    let mut documents = documents.into_iter();
    let Some(first) = documents.next() else {
        return Err(Error::NoSpecs(Vec::new()));
    };
    let mut origins = Origins::new(first.source.clone());
    let mut merged = normalize_document(first.value, &first.source)?;
    record_origins(&merged, &first.source, &mut origins);
    for document in documents {
        let value = normalize_document(document.value, &document.source)?;
        merge_document(&mut merged, value, &document.source, &mut origins)?;
    }
    Ok(Normalized {
        value: Value::Object(merged),
        origins,
    })
}
