//! One document: checks that it is OpenAPI 3.0 or 3.1, rewrites the 3.1
//! parts outside schemas (`webhooks`, `info.summary`, optional `paths`...)
//! and hands the document to the [`Walker`].

use std::path::Path;

use serde_json::{Map, Value, json};

use super::walk::Walker;
use crate::error::{Error, Result};
use crate::markers::{
    X_IDENTIFIER, X_JSON_SCHEMA_DIALECT, X_ORIGINAL_OPENAPI, X_PATH_ITEMS, X_SUMMARY, X_WEBHOOKS,
};

/// The OpenAPI versions this stage reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Version {
    V30,
    V31,
}

/// Validates one document and rewrites it to the 3.0 shape.
pub(super) fn normalize_document(value: Value, source: &Path) -> Result<Map<String, Value>> {
    let mut root = match value {
        Value::Object(root) => root,
        Value::Null => return Err(not_openapi(source, "the file is empty")),
        _ => return Err(not_openapi(source, "the top level is not a mapping")),
    };
    let version = openapi_version(&root, source)?;
    if version == Version::V31 {
        downgrade_root(&mut root);
    }
    Walker { version }.document(&mut root);
    Ok(root)
}

fn openapi_version(root: &Map<String, Value>, source: &Path) -> Result<Version> {
    match root.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0.") => Ok(Version::V30),
        Some(Value::String(v)) if v.starts_with("3.1.") => Ok(Version::V31),
        Some(Value::String(v)) => Err(invalid_version(
            source,
            format!("unsupported OpenAPI version `{v}`; supported versions are 3.0.x and 3.1.x"),
        )),
        Some(other) => Err(invalid_version(
            source,
            format!(
                "`openapi` must be a version string such as \"3.1.0\" (quote it in YAML), found `{other}`"
            ),
        )),
        None if root.contains_key("swagger") => Err(invalid_version(
            source,
            "Swagger 2.0 is not supported; convert it to OpenAPI 3 first",
        )),
        None => Err(invalid_version(
            source,
            "not an OpenAPI document: no `openapi` field",
        )),
    }
}

fn not_openapi(source: &Path, why: &str) -> Error {
    Error::Invalid {
        path: source.to_path_buf(),
        pointer: "#".into(),
        message: format!("not an OpenAPI document: {why}"),
        at: None,
        also: None,
    }
}

fn invalid_version(source: &Path, message: impl Into<String>) -> Error {
    Error::Invalid {
        path: source.to_path_buf(),
        pointer: "#/openapi".into(),
        message: message.into(),
        at: None,
        also: None,
    }
}

/// Rewrites the 3.1-only parts outside schemas. `openapiv3` ignores unknown
/// keys, so `info.summary` and friends would not fail to parse but would
/// vanish; moving them under `x-` keys keeps them.
fn downgrade_root(root: &mut Map<String, Value>) {
    if let Some(original) = root.insert("openapi".into(), json!("3.0.3")) {
        // The document's own `x-original-openapi`, if any, gives way (and an
        // index past the end would panic).
        root.shift_remove(X_ORIGINAL_OPENAPI);
        let after = root
            .keys()
            .position(|k| k == "openapi")
            .map_or(0, |i| i + 1);
        root.shift_insert(after.min(root.len()), X_ORIGINAL_OPENAPI.into(), original);
    }
    rename_key(root, "webhooks", X_WEBHOOKS);
    rename_key(root, "jsonSchemaDialect", X_JSON_SCHEMA_DIALECT);
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        rename_key(info, "summary", X_SUMMARY);
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            rename_key(license, "identifier", X_IDENTIFIER);
        }
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        rename_key(components, "pathItems", X_PATH_ITEMS);
    }
    // 3.1 made `paths` optional; openapiv3 requires it.
    root.entry("paths").or_insert_with(|| json!({}));
}

/// Renames `from` to `to` in place, keeping the key's position. Does nothing
/// if `to` is taken, so that no value is overwritten.
pub(super) fn rename_key(map: &mut Map<String, Value>, from: &str, to: &str) {
    if map.contains_key(to) {
        return;
    }
    let Some(index) = map.keys().position(|k| k == from) else {
        return;
    };
    if let Some(value) = map.shift_remove(from) {
        map.shift_insert(index, to.to_string(), value);
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::{Value, json};

    use crate::error::Error;
    use crate::normalize::normalize;
    use crate::normalize::tests::{document, keys, normalize_one};

    #[test]
    fn root_of_a_3_1_document_is_rewritten() {
        let value = normalize_one(json!({
            "openapi": "3.1.1",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {
                "title": "t", "version": "1", "summary": "short",
                "license": { "name": "MIT", "identifier": "MIT" }
            },
            "webhooks": { "w": { "$ref": "#/components/pathItems/I" } },
            "components": { "pathItems": { "I": { "get": {} } } }
        }));
        assert_eq!(
            value,
            json!({
                "openapi": "3.0.3",
                "x-original-openapi": "3.1.1",
                "x-jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
                "info": {
                    "title": "t", "version": "1", "x-summary": "short",
                    "license": { "name": "MIT", "x-identifier": "MIT" }
                },
                "x-webhooks": { "w": { "$ref": "#/components/x-pathItems/I" } },
                "components": { "x-pathItems": { "I": { "get": { "responses": {} } } } },
                "paths": {}
            })
        );
        assert_eq!(keys(&value)[..2], ["openapi", "x-original-openapi"]);
    }

    #[test]
    fn a_3_0_document_keeps_its_version_and_gets_the_harmless_rules() {
        let value = normalize_one(json!({
            "openapi": "3.0.2",
            "info": { "title": "t", "version": "1" },
            "paths": { "/x": { "get": {} } },
            "components": { "schemas": { "S": { "type": "string", "enum": ["a", null] } } }
        }));
        assert_eq!(value["openapi"], "3.0.2");
        assert!(value.get("x-original-openapi").is_none());
        // 3.0 requires `responses`: parsing must report it, not us hide it.
        assert_eq!(value["paths"]["/x"]["get"], json!({}));
        assert_eq!(
            value["components"]["schemas"]["S"],
            json!({ "type": "string", "enum": ["a"], "nullable": true })
        );
    }

    fn version_error(value: Value) -> String {
        match normalize(vec![document("v.yaml", value)]) {
            Err(Error::Invalid {
                path,
                pointer,
                message,
                at: None,
                also: None,
            }) => {
                assert_eq!(path, PathBuf::from("v.yaml"));
                // The version, or the whole document when it has none.
                assert!(pointer == "#/openapi" || pointer == "#", "{pointer}");
                message
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn versions_other_than_3_0_and_3_1_are_rejected() {
        assert_eq!(
            version_error(json!({ "swagger": "2.0", "info": {} })),
            "Swagger 2.0 is not supported; convert it to OpenAPI 3 first"
        );
        assert_eq!(
            version_error(json!({ "info": {} })),
            "not an OpenAPI document: no `openapi` field"
        );
        let message = version_error(json!({ "openapi": "3.2.0" }));
        assert!(
            message.contains("`3.2.0`") && message.contains("3.0.x and 3.1.x"),
            "{message}"
        );
        let message = version_error(json!({ "openapi": 3.1 }));
        assert!(message.contains("version string"), "{message}");
        let message = version_error(json!(["openapi"]));
        assert!(message.contains("not an OpenAPI document"), "{message}");
    }
}
