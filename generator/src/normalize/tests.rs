//! Helpers shared by the normalize stage's unit tests (each file tests its
//! own rules through [`normalize`]), and the tests that cross files.

use std::path::PathBuf;

use serde_json::{Value, json};

use super::normalize;
use crate::load::Document;

pub(super) fn document(source: &str, value: Value) -> Document {
    Document {
        source: PathBuf::from(source),
        value,
    }
}

pub(super) fn normalize_one(value: Value) -> Value {
    normalize(vec![document("a.yaml", value)]).unwrap().value
}

pub(super) fn with_schema(version: &str, schema: Value) -> Value {
    json!({
        "openapi": version,
        "info": { "title": "t", "version": "1" },
        "paths": {},
        "components": { "schemas": { "S": schema } }
    })
}

/// The normalized form of `schema` in a 3.1 document.
pub(super) fn schema31(schema: Value) -> Value {
    normalize_one(with_schema("3.1.0", schema))["components"]["schemas"]["S"].take()
}

pub(super) fn schema30(schema: Value) -> Value {
    normalize_one(with_schema("3.0.3", schema))["components"]["schemas"]["S"].take()
}

pub(super) fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn odd_keys_at_the_end_of_a_mapping_do_not_panic() {
    // Found by fuzzing: inserting at the end of a map whose key exists
    // panicked in indexmap.
    let value = normalize_one(json!({
        "x-original-openapi": "x",
        "info": { "title": "t", "version": "1" },
        "paths": {},
        "openapi": "3.1.0"
    }));
    assert_eq!(value["x-original-openapi"], "3.1.0");
    assert_eq!(
        schema31(json!({ "allOf": 5, "$ref": "#/components/schemas/A" })),
        json!({ "allOf": 5, "$ref": "#/components/schemas/A" })
    );
}
