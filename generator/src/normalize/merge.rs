//! Merging several normalized documents into one: paths, webhooks and
//! components are united name by name, an identical definition is kept once,
//! and a different one is an [`Error::Conflict`] naming both files. Records
//! which file each part came from.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::error::{Error, Result, escape_pointer_token, pointer};
use crate::markers::X_WEBHOOKS;
use crate::origins::Origins;

/// Sections merged name by name, with the depth at which a difference is a
/// conflict: a path may gain methods from another file, a component may not
/// be redefined.
const MERGED_SECTIONS: [(&str, usize); 3] = [("paths", 1), (X_WEBHOOKS, 1), ("components", 1)];

/// Records the first document as the origin of all its paths, webhooks and
/// components.
pub(super) fn record_origins(root: &Map<String, Value>, source: &Path, origins: &mut Origins) {
    for section in ["paths", X_WEBHOOKS] {
        if let Some(Value::Object(entries)) = root.get(section) {
            for name in entries.keys() {
                origins.record(pointer([section, name]), source);
            }
        }
    }
    if let Some(Value::Object(components)) = root.get("components") {
        for (kind, entries) in components {
            let Value::Object(entries) = entries else {
                continue;
            };
            for name in entries.keys() {
                origins.record(pointer(["components", kind, name]), source);
            }
        }
    }
}

/// Merges a later document into the merged one.
pub(super) fn merge_document(
    merged: &mut Map<String, Value>,
    document: Map<String, Value>,
    source: &Path,
    origins: &mut Origins,
) -> Result<()> {
    let mut merger = Merger { source, origins };
    for (key, value) in document {
        match key.as_str() {
            // The first document's metadata wins.
            "openapi" | "info" | "security" | "externalDocs" => {}
            "servers" => unite_by(merged, "servers", value, "url"),
            "tags" => unite_by(merged, "tags", value, "name"),
            section => match MERGED_SECTIONS.iter().find(|(s, _)| *s == section) {
                Some((_, depth)) => {
                    let Value::Object(entries) = value else {
                        continue;
                    };
                    let target = merged.entry(key.clone()).or_insert_with(|| json!({}));
                    merger.merge(target, entries, &pointer([section]), *depth)?;
                }
                None => {
                    // Root extensions: the first document's win.
                    merged.entry(key).or_insert(value);
                }
            },
        }
    }
    Ok(())
}

/// Appends the elements of `incoming` whose `field` no element of
/// `merged[key]` has yet.
fn unite_by(merged: &mut Map<String, Value>, key: &str, incoming: Value, field: &str) {
    let Value::Array(incoming) = incoming else {
        return;
    };
    let target = merged.entry(key).or_insert_with(|| json!([]));
    let Value::Array(target) = target else {
        return;
    };
    for element in incoming {
        let id = element.get(field);
        if !target.iter().any(|t| t.get(field) == id) {
            target.push(element);
        }
    }
}

struct Merger<'a> {
    source: &'a Path,
    origins: &'a mut Origins,
}

impl Merger<'_> {
    /// Adds each entry of `incoming` to `target` (an object at `at`). An entry
    /// both have and that differs is merged one level down while `depth`
    /// allows, and is a conflict below that.
    fn merge(
        &mut self,
        target: &mut Value,
        incoming: Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Result<()> {
        let Value::Object(target) = target else {
            return Err(self.conflict(at.to_string()));
        };
        for (name, value) in incoming {
            let here = format!("{at}/{}", escape_pointer_token(&name));
            match target.get_mut(&name) {
                None => {
                    self.record(&here, &value, depth);
                    target.insert(name, value);
                }
                Some(existing) if *existing == value => {}
                Some(existing) => match value {
                    Value::Object(entries) if depth > 0 => {
                        self.merge(existing, entries, &here, depth - 1)?
                    }
                    _ => return Err(self.conflict(here)),
                },
            }
        }
        Ok(())
    }

    /// Records this document as the origin of `value` at `at` and, down to
    /// `depth`, of its entries: a new component kind names each component.
    fn record(&mut self, at: &str, value: &Value, depth: usize) {
        self.origins.record(at.to_string(), self.source);
        if let (Value::Object(entries), true) = (value, depth > 0) {
            for (name, entry) in entries {
                let here = format!("{at}/{}", escape_pointer_token(name));
                self.record(&here, entry, depth - 1);
            }
        }
    }

    fn conflict(&self, pointer: String) -> Error {
        Error::Conflict {
            first: self.origins.file_for(&pointer).to_path_buf(),
            second: self.source.to_path_buf(),
            pointer,
            first_at: None,
            second_at: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde_json::{Value, json};

    use crate::error::Error;
    use crate::normalize::normalize;
    use crate::normalize::tests::{document, keys};

    fn page(path: &str, schemas: Value) -> Value {
        json!({
            "openapi": "3.1.0",
            "info": { "title": path, "version": "1" },
            "servers": [{ "url": "https://eu" }],
            "tags": [{ "name": "A", "description": path }],
            "paths": { path: { "get": {
                "responses": { "200": { "description": "ok" } }
            } } },
            "components": { "schemas": schemas }
        })
    }

    #[test]
    fn documents_merge_sharing_equal_components() {
        let shared = json!({ "type": ["string", "null"] });
        let first = page("/a", json!({ "Shared": shared, "A": {} }));
        let mut second = page("/b", json!({ "Shared": shared, "B": { "const": 1 } }));
        second["servers"] = json!([{ "url": "https://eu" }, { "url": "https://us" }]);
        second["tags"] = json!([{ "name": "A", "description": "other" }, { "name": "B" }]);
        second["webhooks"] = json!({ "w": { "post": {} } });
        second["components"]["headers"] = json!({ "H": { "schema": {} } });
        let normalized =
            normalize(vec![document("a.yaml", first), document("b.yaml", second)]).unwrap();
        let value = &normalized.value;
        assert_eq!(value["info"]["title"], "/a");
        assert_eq!(keys(&value["paths"]), ["/a", "/b"]);
        assert_eq!(keys(&value["components"]["schemas"]), ["Shared", "A", "B"]);
        assert_eq!(
            value["components"]["schemas"]["Shared"],
            json!({ "type": "string", "nullable": true })
        );
        assert_eq!(
            value["servers"],
            json!([{ "url": "https://eu" }, { "url": "https://us" }])
        );
        assert_eq!(
            value["tags"],
            json!([{ "name": "A", "description": "/a" }, { "name": "B" }])
        );
        assert_eq!(value["x-webhooks"]["w"]["post"], json!({ "responses": {} }));

        let origins = &normalized.origins;
        let file = |p: &str| origins.file_for(p).to_path_buf();
        assert_eq!(file("#/paths/~1a/get"), PathBuf::from("a.yaml"));
        assert_eq!(file("#/paths/~1b/get/responses"), PathBuf::from("b.yaml"));
        assert_eq!(file("#/components/schemas/Shared"), PathBuf::from("a.yaml"));
        assert_eq!(file("#/components/schemas/B/enum"), PathBuf::from("b.yaml"));
        assert_eq!(file("#/x-webhooks/w"), PathBuf::from("b.yaml"));
        assert_eq!(file("#/components/headers/H"), PathBuf::from("b.yaml"));
        assert_eq!(file("#/info"), PathBuf::from("a.yaml"));
    }

    #[test]
    fn a_path_gains_methods_from_another_document() {
        let first = page("/a", json!({}));
        let mut second = page("/a", json!({}));
        second["paths"]["/a"] = json!({ "post": { "responses": {} } });
        let normalized =
            normalize(vec![document("a.yaml", first), document("b.yaml", second)]).unwrap();
        assert_eq!(keys(&normalized.value["paths"]["/a"]), ["get", "post"]);
        let origins = &normalized.origins;
        assert_eq!(origins.file_for("#/paths/~1a/get"), Path::new("a.yaml"));
        assert_eq!(origins.file_for("#/paths/~1a/post"), Path::new("b.yaml"));
    }

    fn conflict(first: Value, second: Value) -> (String, PathBuf, PathBuf) {
        match normalize(vec![document("a.yaml", first), document("b.yaml", second)]) {
            Err(Error::Conflict {
                pointer,
                first,
                second,
                first_at: None,
                second_at: None,
            }) => (pointer, first, second),
            other => panic!("expected a conflict, got {other:?}"),
        }
    }

    #[test]
    fn a_component_defined_differently_is_a_conflict_naming_both_files() {
        let (pointer, first, second) = conflict(
            page("/a", json!({ "S": { "type": "string" } })),
            page("/b", json!({ "S": { "type": "integer" } })),
        );
        assert_eq!(pointer, "#/components/schemas/S");
        assert_eq!(first, PathBuf::from("a.yaml"));
        assert_eq!(second, PathBuf::from("b.yaml"));
    }

    #[test]
    fn an_operation_defined_differently_is_a_conflict() {
        let mut second = page("/x", json!({}));
        second["paths"]["/x"]["get"]["summary"] = json!("different");
        let (pointer, first, second) = conflict(page("/x", json!({})), second);
        assert_eq!(pointer, "#/paths/~1x/get");
        assert_eq!(first, PathBuf::from("a.yaml"));
        assert_eq!(second, PathBuf::from("b.yaml"));
    }

    #[test]
    fn equal_after_normalization_is_equal() {
        // 3.1 and 3.0 spellings of the same schema merge without conflict.
        let mut first = page("/a", json!({ "S": { "type": ["string", "null"] } }));
        first["openapi"] = json!("3.1.0");
        let mut second = page("/b", json!({ "S": { "type": "string", "nullable": true } }));
        second["openapi"] = json!("3.0.3");
        let normalized =
            normalize(vec![document("a.yaml", first), document("b.yaml", second)]).unwrap();
        assert_eq!(keys(&normalized.value["paths"]), ["/a", "/b"]);
    }

    #[test]
    fn a_bad_second_document_is_named() {
        let result = normalize(vec![
            document("a.yaml", page("/a", json!({}))),
            document("b.yaml", json!({ "swagger": "2.0" })),
        ]);
        match result {
            Err(Error::Invalid { path, .. }) => assert_eq!(path, PathBuf::from("b.yaml")),
            other => panic!("{other:?}"),
        }
    }
}
