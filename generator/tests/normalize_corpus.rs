//! Every spec of the public corpus, and Kombo's own pages merged, must get
//! through normalize and parse.

mod common;

use std::path::{Path, PathBuf};

use openapi_rustgen::__private::{Normalized, load_file, normalize, parse};
use openapi_rustgen::Document;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

const SPECS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../specs");

/// The spec files of a directory, sorted by name.
fn spec_files(dir: impl AsRef<Path>) -> Vec<PathBuf> {
    let dir = dir.as_ref();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
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
    let Some(corpus) = common::corpus("normalize_corpus::every_corpus_spec_normalizes_and_parses")
    else {
        return;
    };
    let files = spec_files(corpus);
    let mut failures = Vec::new();
    for file in &files {
        let result = normalize(load_all(std::slice::from_ref(file)))
            .and_then(|normalized| parse(&normalized).map(|api| (normalized, api)));
        match result {
            Ok((normalized, api)) => check_nothing_dropped(file, &normalized, &api),
            Err(error) => failures.push(error.to_string()),
        }
    }
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The parsed document holds every operation and schema of the normalized one.
fn check_nothing_dropped(file: &Path, normalized: &Normalized, api: &openapiv3::OpenAPI) {
    let value = &normalized.value;
    let version = value["openapi"].as_str().unwrap_or_default();
    assert!(version.starts_with("3.0."), "{}: {version}", file.display());
    let operations: usize = value["paths"]
        .as_object()
        .map(|paths| {
            paths
                .values()
                .map(|item| METHODS.iter().filter(|m| item.get(**m).is_some()).count())
                .sum()
        })
        .unwrap_or(0);
    assert_eq!(api.operations().count(), operations, "{}", file.display());
    let schemas = value
        .pointer("/components/schemas")
        .and_then(|s| s.as_object())
        .map_or(0, |s| s.len());
    let parsed = api.components.as_ref().map_or(0, |c| c.schemas.len());
    assert_eq!(parsed, schemas, "{}", file.display());
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
    // Each path is recorded as coming from the page that defines it.
    let pages = load_all(&spec_files(SPECS));
    for (path, _) in api.paths.iter() {
        let pointer = openapi_rustgen::__private::pointer(["paths", path.as_str()]);
        let file = normalized.origins.file_for(&pointer);
        let page = pages.iter().find(|p| p.source == file).expect("a page");
        assert!(
            page.value["paths"].get(path).is_some(),
            "{path} is not in {}",
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
