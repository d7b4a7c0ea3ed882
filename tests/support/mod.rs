//! Helpers shared by the client tests: the spec's own examples, read from
//! `specs/*.yaml`, so that the tests follow the spec when it changes.

#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// The spec file of `GET /connect/integration-by-token/{token}`.
pub const GET_BY_TOKEN_SPEC: &str = "get-integration-by-token.yaml";
/// The spec file of `POST /connect/activate-integration`.
pub const ACTIVATE_SPEC: &str = "activate-integration.yaml";

/// The name of the spec's error example whose code is not in the enum.
pub const ERROR_EXAMPLE: &str = "Error Response";
/// The name of the spec's error example with `null` fields.
pub const MINIMAL_ERROR_EXAMPLE: &str = "Minimal Error Response";

/// The `specs/` directory of the workspace.
pub fn specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs")
}

/// One spec document as JSON.
pub fn spec(file: &str) -> Value {
    let path = specs_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()))
}

/// The only operation of a one-operation spec document.
fn only_operation(spec: &Value) -> &Value {
    let paths = spec["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), 1, "expected one path");
    let item = paths.values().next().expect("one path");
    let operations: Vec<&Value> = ["get", "put", "post", "delete", "patch"]
        .iter()
        .filter_map(|m| item.get(*m))
        .collect();
    assert_eq!(operations.len(), 1, "expected one operation");
    operations[0]
}

/// The first example of the operation's `200` response in `file`.
pub fn success_example(file: &str) -> Value {
    let spec = spec(file);
    let examples =
        &only_operation(&spec)["responses"]["200"]["content"]["application/json"]["examples"];
    let first = examples
        .as_object()
        .and_then(|e| e.values().next())
        .unwrap_or_else(|| panic!("{file}: no 200 example"));
    first["value"].clone()
}

/// The named example of the shared `ErrorResponseGeneral` response.
pub fn error_example(file: &str, name: &str) -> Value {
    let spec = spec(file);
    let value = &spec["components"]["responses"]["ErrorResponseGeneral"]["content"]["application/json"]
        ["examples"][name]["value"];
    assert!(value.is_object(), "{file}: no error example `{name}`");
    value.clone()
}

/// Every `operationId` in `specs/*.yaml`, sorted.
pub fn all_operation_ids() -> Vec<String> {
    let mut ids = Vec::new();
    let entries = std::fs::read_dir(specs_dir()).expect("specs/ exists");
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "yaml" && e != "yml") {
            continue;
        }
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let spec = spec(&file);
        for item in spec["paths"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.values())
        {
            for operation in item.as_object().into_iter().flat_map(|i| i.values()) {
                if let Some(id) = operation["operationId"].as_str() {
                    ids.push(id.to_owned());
                }
            }
        }
    }
    ids.sort();
    ids
}
