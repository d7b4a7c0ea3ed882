//! The schema-aware walk over one document: it visits every place where the
//! specification puts a Schema Object (and only those, so example values are
//! never touched), hands each schema to [`normalize_schema`], and trims
//! Reference Objects outside schemas on the way.

use serde_json::{Map, Value, json};

use super::document::Version;
use super::schema::normalize_schema;
use crate::markers::{EXTENSION_PREFIX, X_PATH_ITEMS, X_WEBHOOKS};

/// The HTTP methods a Path Item may hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Visits every place where the specification puts a Schema Object, and
/// fixes the non-schema objects around them on the way.
pub(super) struct Walker {
    pub(super) version: Version,
}

impl Walker {
    pub(super) fn document(&self, root: &mut Map<String, Value>) {
        each_entry(root.get_mut("paths"), |item| self.path_item(item));
        each_entry(root.get_mut(X_WEBHOOKS), |item| self.path_item(item));
        if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
            self.components(components);
        }
    }

    fn components(&self, components: &mut Map<String, Value>) {
        each_value(components.get_mut("schemas"), normalize_schema);
        each_value(components.get_mut("parameters"), |p| self.parameter(p));
        each_value(components.get_mut("headers"), |h| self.parameter(h));
        each_value(components.get_mut("requestBodies"), |b| {
            self.request_body(b)
        });
        each_value(components.get_mut("responses"), |r| self.response(r));
        each_value(components.get_mut("callbacks"), |c| self.callback(c));
        each_value(components.get_mut(X_PATH_ITEMS), |p| self.path_item(p));
        for kind in ["examples", "links", "securitySchemes"] {
            each_value(components.get_mut(kind), |v| {
                strip_reference_siblings(v);
            });
        }
    }

    fn path_item(&self, item: &mut Value) {
        let Some(item) = item.as_object_mut() else {
            return;
        };
        // A Path Item's `$ref` may sit beside operations, so its siblings stay.
        if let Some(Value::String(reference)) = item.get_mut("$ref") {
            *reference = reference.replacen(
                "#/components/pathItems/",
                &format!("#/components/{X_PATH_ITEMS}/"),
                1,
            );
        }
        each_element(item.get_mut("parameters"), |p| self.parameter(p));
        for method in METHODS {
            if let Some(operation) = item.get_mut(method) {
                self.operation(operation);
            }
        }
    }

    fn operation(&self, operation: &mut Value) {
        let Some(operation) = operation.as_object_mut() else {
            return;
        };
        each_element(operation.get_mut("parameters"), |p| self.parameter(p));
        if let Some(body) = operation.get_mut("requestBody") {
            self.request_body(body);
        }
        each_entry(operation.get_mut("responses"), |r| self.response(r));
        each_entry(operation.get_mut("callbacks"), |c| self.callback(c));
        // 3.1 made `responses` optional; openapiv3 requires it. In a 3.0
        // document its absence is an error that parsing should report.
        if self.version == Version::V31 && !operation.contains_key("responses") {
            operation.insert("responses".into(), json!({}));
        }
    }

    /// A Parameter or a Header Object: both hold `schema` or `content`.
    fn parameter(&self, parameter: &mut Value) {
        if strip_reference_siblings(parameter) {
            return;
        }
        let Some(parameter) = parameter.as_object_mut() else {
            return;
        };
        if let Some(schema) = parameter.get_mut("schema") {
            normalize_schema(schema);
        }
        each_value(parameter.get_mut("content"), |m| self.media_type(m));
    }

    fn request_body(&self, body: &mut Value) {
        if strip_reference_siblings(body) {
            return;
        }
        if let Some(body) = body.as_object_mut() {
            each_value(body.get_mut("content"), |m| self.media_type(m));
        }
    }

    fn response(&self, response: &mut Value) {
        if strip_reference_siblings(response) {
            return;
        }
        let Some(response) = response.as_object_mut() else {
            return;
        };
        each_value(response.get_mut("headers"), |h| self.parameter(h));
        each_value(response.get_mut("content"), |m| self.media_type(m));
        each_value(response.get_mut("links"), |l| {
            strip_reference_siblings(l);
        });
    }

    fn media_type(&self, media_type: &mut Value) {
        let Some(media_type) = media_type.as_object_mut() else {
            return;
        };
        if let Some(schema) = media_type.get_mut("schema") {
            normalize_schema(schema);
        }
        each_value(media_type.get_mut("examples"), |e| {
            strip_reference_siblings(e);
        });
        each_value(media_type.get_mut("encoding"), |encoding| {
            if let Some(encoding) = encoding.as_object_mut() {
                each_value(encoding.get_mut("headers"), |h| self.parameter(h));
            }
        });
    }

    fn callback(&self, callback: &mut Value) {
        if strip_reference_siblings(callback) {
            return;
        }
        each_entry(Some(callback), |item| self.path_item(item));
    }
}

/// Calls `f` on every value of an object.
pub(super) fn each_value(map: Option<&mut Value>, f: impl FnMut(&mut Value)) {
    if let Some(Value::Object(map)) = map {
        map.values_mut().for_each(f);
    }
}

/// Calls `f` on every value of an object but its `x-` extensions, for
/// objects whose keys are paths, status codes or expressions.
fn each_entry(map: Option<&mut Value>, mut f: impl FnMut(&mut Value)) {
    if let Some(Value::Object(map)) = map {
        for (key, value) in map.iter_mut() {
            if !key.starts_with(EXTENSION_PREFIX) {
                f(value);
            }
        }
    }
}

/// Calls `f` on every element of an array.
pub(super) fn each_element(list: Option<&mut Value>, f: impl FnMut(&mut Value)) {
    if let Some(Value::Array(list)) = list {
        list.iter_mut().for_each(f);
    }
}

/// A Reference Object outside schemas keeps only its `$ref`: 3.1 allows
/// `summary` and `description` beside it, openapiv3 has no place for them,
/// and they only repeat what the referenced object says. Returns whether
/// `value` is a reference.
fn strip_reference_siblings(value: &mut Value) -> bool {
    let Some(map) = value.as_object_mut() else {
        return false;
    };
    if !map.contains_key("$ref") {
        return false;
    }
    map.retain(|key, _| key == "$ref");
    true
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::normalize::tests::normalize_one;

    #[test]
    fn non_schema_reference_keeps_only_ref() {
        let value = normalize_one(json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "paths": { "/x": { "get": {
                "parameters": [{ "$ref": "#/components/parameters/P", "description": "d" }],
                "responses": { "200": { "$ref": "#/components/responses/R", "summary": "s" } }
            } } }
        }));
        let get = &value["paths"]["/x"]["get"];
        assert_eq!(
            get["parameters"][0],
            json!({ "$ref": "#/components/parameters/P" })
        );
        assert_eq!(
            get["responses"]["200"],
            json!({ "$ref": "#/components/responses/R" })
        );
    }

    #[test]
    fn every_schema_location_is_visited() {
        let s = || json!({ "type": ["string", "null"] });
        let media = || json!({ "application/json": { "schema": s() } });
        let operation = || {
            json!({
                "parameters": [
                    { "name": "q", "in": "query", "schema": s() },
                    { "name": "c", "in": "query", "content": media() }
                ],
                "requestBody": { "content": {
                    "multipart/form-data": {
                        "schema": s(),
                        "encoding": { "f": { "headers": { "X-E": { "schema": s() } } } }
                    }
                } },
                "responses": { "200": {
                    "description": "ok",
                    "headers": { "X-H": { "schema": s() } },
                    "content": media()
                } },
                "callbacks": { "cb": { "{$request.body#/url}": { "post": {
                    "requestBody": { "content": media() },
                    "responses": { "200": { "description": "ok" } }
                } } } }
            })
        };
        let value = normalize_one(json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "paths": { "/x": {
                "parameters": [{ "name": "p", "in": "path", "required": true, "schema": s() }],
                "get": operation()
            } },
            "webhooks": { "hook": { "post": operation() } },
            "components": {
                "schemas": { "S": s() },
                "parameters": { "P": { "name": "p", "in": "query", "schema": s() } },
                "headers": { "H": { "schema": s() } },
                "requestBodies": { "B": { "content": media() } },
                "responses": { "R": { "description": "r", "content": media() } },
                "callbacks": { "C": { "{$url}": { "put": operation() } } },
                "pathItems": { "I": { "get": operation() } }
            }
        }));
        let expected = json!({ "type": "string", "nullable": true });
        let mut schemas = Vec::new();
        collect_schemas(&value, "", &mut schemas);
        // 7 in each of the 4 operations, 1 path-level, 5 in components.
        assert_eq!(schemas.len(), 34, "{schemas:#?}");
        for (pointer, schema) in schemas {
            assert_eq!(schema, &expected, "{pointer}");
        }
    }

    /// Every value under a `schema` key or in `components/schemas`.
    fn collect_schemas<'a>(value: &'a Value, at: &str, out: &mut Vec<(String, &'a Value)>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let here = format!("{at}/{key}");
                    if key == "schema" || at.ends_with("/components/schemas") {
                        out.push((here, child));
                    } else {
                        collect_schemas(child, &here, out);
                    }
                }
            }
            Value::Array(list) => {
                for (index, child) in list.iter().enumerate() {
                    collect_schemas(child, &format!("{at}/{index}"), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn examples_are_never_touched() {
        let example = json!({
            "type": ["string", "null"],
            "const": "x",
            "enum": [null],
            "examples": [1, 2],
            "$ref": "#/x",
            "exclusiveMinimum": 3
        });
        let schema = json!({
            "type": "object",
            "example": example.clone(),
            "default": example.clone(),
            "x-ext": example.clone(),
            "properties": { "a": { "type": "object", "examples": [example.clone()] } }
        });
        let media = json!({
            "schema": schema.clone(),
            "example": example.clone(),
            "examples": { "e": { "summary": "s", "value": example.clone() } }
        });
        let value = normalize_one(json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "paths": { "/x": { "get": {
                "parameters": [{
                    "name": "q", "in": "query", "schema": { "type": "object" },
                    "example": example.clone(),
                    "examples": { "e": { "value": example.clone() } }
                }],
                "responses": { "200": { "description": "ok", "content": {
                    "application/json": media.clone()
                } } }
            } } },
            "components": {
                "schemas": { "S": schema },
                "examples": { "E": { "value": example.clone() } }
            }
        }));
        let get = &value["paths"]["/x"]["get"];
        assert_eq!(get["parameters"][0]["example"], example);
        assert_eq!(get["parameters"][0]["examples"]["e"]["value"], example);
        let media = &get["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["example"], example);
        assert_eq!(media["examples"]["e"]["value"], example);
        assert_eq!(value["components"]["examples"]["E"]["value"], example);
        for schema in [&media["schema"], &value["components"]["schemas"]["S"]] {
            assert_eq!(schema["example"], example);
            assert_eq!(schema["default"], example);
            assert_eq!(schema["x-ext"], example);
            assert_eq!(
                schema["properties"]["a"]["x-examples"],
                json!([example.clone()])
            );
            assert_eq!(schema["properties"]["a"]["example"], example);
        }
    }
}
