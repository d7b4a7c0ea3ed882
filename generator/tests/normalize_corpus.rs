//! Every spec of the shared corpus, and Kombo's own pages merged, must get
//! through normalize and parse.

use std::path::{Path, PathBuf};

use openapi_rustgen::load::{Document, load_file};
use openapi_rustgen::normalize::{Normalized, normalize};
use openapi_rustgen::parse::parse;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/specs-corpus");
const SPECS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../specs");

/// The spec files of a directory, sorted by name.
fn spec_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            )
        })
        .collect();
    files.sort();
    files
}

fn load_all(files: &[PathBuf]) -> Vec<Document> {
    files
        .iter()
        .map(|file| load_file(file).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

#[test]
fn every_corpus_spec_normalizes_and_parses() {
    let files = spec_files(CORPUS);
    assert!(files.len() >= 10, "corpus not found at {CORPUS}: {files:?}");
    let mut failures = Vec::new();
    for file in &files {
        let result = normalize(load_all(std::slice::from_ref(file)))
            .and_then(|normalized| parse(&normalized).map(|api| (normalized, api)));
        match result {
            Ok((normalized, api)) => {
                assert!(
                    normalized.value["openapi"]
                        .as_str()
                        .is_some_and(|v| v.starts_with("3.0.")),
                    "{}",
                    file.display()
                );
                assert!(
                    api.operations().count() > 0
                        || !api.paths.paths.is_empty()
                        || api.components.is_some()
                );
            }
            Err(error) => failures.push(error.to_string()),
        }
    }
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}

fn kombo_merged() -> (Normalized, openapiv3::OpenAPI) {
    let files = spec_files(SPECS);
    assert_eq!(files.len(), 2, "{files:?}");
    let normalized = normalize(load_all(&files)).unwrap_or_else(|e| panic!("{e}"));
    let api = parse(&normalized).unwrap_or_else(|e| panic!("{e}"));
    (normalized, api)
}

fn item<T>(reference: &ReferenceOr<T>) -> &T {
    match reference {
        ReferenceOr::Item(item) => item,
        ReferenceOr::Reference { reference } => panic!("unexpected reference {reference}"),
    }
}

fn property<'a>(schema: &'a Schema, name: &str) -> &'a Schema {
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        panic!("not an object: {schema:?}");
    };
    let property = object
        .properties
        .get(name)
        .unwrap_or_else(|| panic!("no property {name}"));
    item(property).as_ref()
}

#[test]
fn kombo_specs_merge_and_parse() {
    let (normalized, api) = kombo_merged();
    assert_eq!(api.openapi, "3.0.3");
    assert_eq!(normalized.value["x-original-openapi"], "3.1.0");
    assert!(api.paths.paths.len() >= 2, "{:?}", api.paths.paths.keys());
    // Each path comes from its own page.
    for (path, _) in api.paths.iter() {
        let pointer = openapi_rustgen::error::pointer(["paths", path.as_str()]);
        let file = normalized.origins.file_for(&pointer);
        assert!(
            file.starts_with(Path::new(SPECS)),
            "{path}: {}",
            file.display()
        );
    }
}

#[test]
fn kombo_const_becomes_one_value_string_enum() {
    let (_, api) = kombo_merged();
    let components = api.components.expect("components");
    let response = item(
        components
            .schemas
            .get("GetConnectIntegrationByTokenTokenPositiveResponse")
            .expect("schema"),
    );
    let status = property(response, "status");
    let SchemaKind::Type(Type::String(string)) = &status.schema_kind else {
        panic!("status is not a string: {status:?}");
    };
    assert_eq!(string.enumeration, vec![Some("success".to_string())]);
    assert_eq!(
        status.schema_data.extensions.get("x-const"),
        Some(&serde_json::json!(true))
    );

    let data = property(response, "data");
    let email = property(data, "end_user_email");
    assert!(email.schema_data.nullable, "{email:?}");
    assert!(matches!(
        email.schema_kind,
        SchemaKind::Type(Type::String(_))
    ));
}
