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
//! Markers added for later stages:
//! - `x-const: true`: the one-value `enum` was a `const`;
//! - `x-null: true`: the schema admits only `null` (`type: 'null'`);
//! - `x-examples`: a schema's 3.1 `examples` array;
//! - `x-prefix-items`, `x-$defs`, `x-if`, ...: 3.1 keywords 3.0 cannot hold;
//! - `x-original-openapi`: the version the document declared.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::error::{Error, Result, escape_pointer_token, pointer};
use crate::load::Document;
use crate::origins::Origins;

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

// ---------------------------------------------------------------------------
// One document
// ---------------------------------------------------------------------------

/// The OpenAPI versions this stage reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V30,
    V31,
}

/// The HTTP methods a Path Item may hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Validates one document and rewrites it to the 3.0 shape.
fn normalize_document(value: Value, source: &Path) -> Result<Map<String, Value>> {
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
    }
}

fn invalid_version(source: &Path, message: impl Into<String>) -> Error {
    Error::Invalid {
        path: source.to_path_buf(),
        pointer: "#/openapi".into(),
        message: message.into(),
    }
}

/// Rewrites the 3.1-only parts outside schemas. `openapiv3` ignores unknown
/// keys, so `info.summary` and friends would not fail to parse but would
/// vanish; moving them under `x-` keys keeps them.
fn downgrade_root(root: &mut Map<String, Value>) {
    if let Some(original) = root.insert("openapi".into(), json!("3.0.3")) {
        // The document's own `x-original-openapi`, if any, gives way (and an
        // index past the end would panic).
        root.shift_remove("x-original-openapi");
        let after = root
            .keys()
            .position(|k| k == "openapi")
            .map_or(0, |i| i + 1);
        root.shift_insert(after.min(root.len()), "x-original-openapi".into(), original);
    }
    rename_key(root, "webhooks", "x-webhooks");
    rename_key(root, "jsonSchemaDialect", "x-jsonSchemaDialect");
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        rename_key(info, "summary", "x-summary");
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            rename_key(license, "identifier", "x-identifier");
        }
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        rename_key(components, "pathItems", "x-pathItems");
    }
    // 3.1 made `paths` optional; openapiv3 requires it.
    root.entry("paths").or_insert_with(|| json!({}));
}

/// Renames `from` to `to` in place, keeping the key's position. Does nothing
/// if `to` is taken, so that no value is overwritten.
fn rename_key(map: &mut Map<String, Value>, from: &str, to: &str) {
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

/// Visits every place where the specification puts a Schema Object, and
/// fixes the non-schema objects around them on the way.
struct Walker {
    version: Version,
}

impl Walker {
    fn document(&self, root: &mut Map<String, Value>) {
        each_entry(root.get_mut("paths"), |item| self.path_item(item));
        each_entry(root.get_mut("x-webhooks"), |item| self.path_item(item));
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
        each_value(components.get_mut("x-pathItems"), |p| self.path_item(p));
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
            *reference =
                reference.replacen("#/components/pathItems/", "#/components/x-pathItems/", 1);
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
fn each_value(map: Option<&mut Value>, f: impl FnMut(&mut Value)) {
    if let Some(Value::Object(map)) = map {
        map.values_mut().for_each(f);
    }
}

/// Calls `f` on every value of an object but its `x-` extensions, for
/// objects whose keys are paths, status codes or expressions.
fn each_entry(map: Option<&mut Value>, mut f: impl FnMut(&mut Value)) {
    if let Some(Value::Object(map)) = map {
        for (key, value) in map.iter_mut() {
            if !key.starts_with("x-") {
                f(value);
            }
        }
    }
}

/// Calls `f` on every element of an array.
fn each_element(list: Option<&mut Value>, f: impl FnMut(&mut Value)) {
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

// ---------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------

/// 3.1 (JSON Schema 2020-12) keywords that 3.0 cannot hold, and the
/// extension each moves to. Their subschemas are normalized first.
const MOVED_KEYWORDS: [(&str, &str); 23] = [
    ("prefixItems", "x-prefix-items"),
    ("$defs", "x-$defs"),
    ("definitions", "x-definitions"),
    ("if", "x-if"),
    ("then", "x-then"),
    ("else", "x-else"),
    ("dependentSchemas", "x-dependentSchemas"),
    ("dependentRequired", "x-dependentRequired"),
    ("unevaluatedProperties", "x-unevaluatedProperties"),
    ("unevaluatedItems", "x-unevaluatedItems"),
    ("contentMediaType", "x-contentMediaType"),
    ("contentEncoding", "x-contentEncoding"),
    ("contentSchema", "x-contentSchema"),
    ("patternProperties", "x-patternProperties"),
    ("propertyNames", "x-propertyNames"),
    ("contains", "x-contains"),
    ("minContains", "x-minContains"),
    ("maxContains", "x-maxContains"),
    ("$id", "x-$id"),
    ("$anchor", "x-$anchor"),
    ("$comment", "x-$comment"),
    ("$schema", "x-$schema"),
    ("$dynamicRef", "x-$dynamicRef"),
];

/// Keywords whose value is one subschema.
const SINGLE_SUBSCHEMA: [&str; 8] = [
    "items",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "contentSchema",
];

/// Keywords whose value is one subschema or a boolean meaning "anything" or
/// "nothing"; openapiv3 reads `additionalProperties: false` as it is, so
/// these booleans stay.
const SUBSCHEMA_OR_BOOLEAN: [&str; 3] = [
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// Keywords whose value maps names to subschemas.
const SUBSCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Keywords whose value lists subschemas.
const SUBSCHEMA_LISTS: [&str; 4] = ["allOf", "oneOf", "anyOf", "prefixItems"];

/// Rewrites one schema, and all its subschemas, to the 3.0 shape.
fn normalize_schema(schema: &mut Value) {
    match schema {
        Value::Bool(true) => *schema = json!({}),
        Value::Bool(false) => *schema = json!({ "not": {} }),
        Value::Object(map) => normalize_schema_object(map),
        _ => {}
    }
}

fn normalize_schema_object(map: &mut Map<String, Value>) {
    wrap_reference_with_siblings(map);
    if let Some(Value::String(reference)) = map.get_mut("$ref") {
        rewrite_schema_reference(reference);
    }
    normalize_subschemas(map);
    move_keywords_to_extensions(map);
    examples_to_extension(map);
    exclusive_bounds_to_booleans(map);
    const_to_enum(map);
    null_out_of_enum(map);
    type_list_to_nullable(map);
    null_members_to_nullable(map);
}

fn normalize_subschemas(map: &mut Map<String, Value>) {
    for key in SINGLE_SUBSCHEMA {
        match map.get_mut(key) {
            // Draft 4 tuples: `items: [..]`.
            Some(Value::Array(list)) => list.iter_mut().for_each(normalize_schema),
            Some(schema) => normalize_schema(schema),
            None => {}
        }
    }
    for key in SUBSCHEMA_OR_BOOLEAN {
        if let Some(schema @ Value::Object(_)) = map.get_mut(key) {
            normalize_schema(schema);
        }
    }
    for key in SUBSCHEMA_MAPS {
        each_value(map.get_mut(key), normalize_schema);
    }
    for key in SUBSCHEMA_LISTS {
        each_element(map.get_mut(key), normalize_schema);
    }
}

/// openapiv3 reads `{$ref, ...}` as a bare reference and drops the rest; 3.1
/// gives the siblings meaning (and 3.0 authors write `nullable` or a
/// description there too). `{allOf: [{$ref}], ...}` keeps both.
fn wrap_reference_with_siblings(map: &mut Map<String, Value>) {
    if map.len() < 2 || !map.contains_key("$ref") {
        return;
    }
    let Some(index) = map.keys().position(|k| k == "$ref") else {
        return;
    };
    let Some(reference) = map.shift_remove("$ref") else {
        return;
    };
    let mut member = json!({ "$ref": reference });
    match map.get_mut("allOf") {
        Some(Value::Array(all_of)) => all_of.insert(0, member),
        // Not a list: invalid, and parsing will say so; the `$ref` stays.
        Some(_) => {
            map.shift_insert(index.min(map.len()), "$ref".into(), member["$ref"].take());
        }
        None => {
            map.shift_insert(index, "allOf".into(), json!([member]));
        }
    }
}

/// Keeps a reference into a schema valid after its keywords moved to
/// extensions: `#/components/schemas/A/$defs/B` becomes `.../x-$defs/B`.
fn rewrite_schema_reference(reference: &mut String) {
    let Some((base, fragment)) = reference.split_once('#') else {
        return;
    };
    let tokens: Vec<&str> = fragment.split('/').collect();
    // ["", "components", "schemas", name, keyword, ...]
    if tokens.len() < 5 || tokens[1] != "components" || tokens[2] != "schemas" {
        return;
    }
    let mut rewritten: Vec<String> = tokens[..4].iter().map(|t| t.to_string()).collect();
    let mut keyword_position = true;
    for token in &tokens[4..] {
        if keyword_position {
            rewritten.push(extension_name(token).unwrap_or(token).to_string());
            // After a map or list keyword comes a name or an index.
            keyword_position = !(SUBSCHEMA_MAPS.contains(token) || SUBSCHEMA_LISTS.contains(token));
        } else {
            rewritten.push(token.to_string());
            keyword_position = true;
        }
    }
    *reference = format!("{base}#{}", rewritten.join("/"));
}

fn extension_name(keyword: &str) -> Option<&'static str> {
    MOVED_KEYWORDS
        .iter()
        .find(|(k, _)| *k == keyword)
        .map(|(_, x)| *x)
}

fn move_keywords_to_extensions(map: &mut Map<String, Value>) {
    for (keyword, extension) in MOVED_KEYWORDS {
        rename_key(map, keyword, extension);
    }
}

/// A 3.1 schema's `examples` array; 3.0 has one `example`.
fn examples_to_extension(map: &mut Map<String, Value>) {
    let Some(Value::Array(examples)) = map.get("examples") else {
        return;
    };
    if let (false, Some(first)) = (map.contains_key("example"), examples.first()) {
        map.insert("example".into(), first.clone());
    }
    rename_key(map, "examples", "x-examples");
}

/// 3.1's `exclusiveMinimum: n` is 3.0's `minimum: n, exclusiveMinimum: true`.
fn exclusive_bounds_to_booleans(map: &mut Map<String, Value>) {
    exclusive_bound(map, "exclusiveMinimum", "minimum", |excl, incl| {
        excl >= incl
    });
    exclusive_bound(map, "exclusiveMaximum", "maximum", |excl, incl| {
        excl <= incl
    });
}

/// `stricter(exclusive, inclusive)` says whether the exclusive bound is the
/// one that decides when a schema has both.
fn exclusive_bound(
    map: &mut Map<String, Value>,
    exclusive: &str,
    inclusive: &str,
    stricter: fn(f64, f64) -> bool,
) {
    let Some(Value::Number(bound)) = map.get(exclusive).cloned() else {
        return;
    };
    let inclusive_bound = map.get(inclusive).and_then(Value::as_f64);
    let exclusive_decides = match (bound.as_f64(), inclusive_bound) {
        (Some(excl), Some(incl)) => stricter(excl, incl),
        _ => true,
    };
    if exclusive_decides {
        map.insert(inclusive.into(), Value::Number(bound));
        map.insert(exclusive.into(), json!(true));
    } else {
        // The inclusive bound is stricter and already implies this one.
        map.shift_remove(exclusive);
    }
}

/// `const: v` is a one-value `enum`, marked `x-const` so that later stages
/// can make a type that accepts only `v`.
fn const_to_enum(map: &mut Map<String, Value>) {
    let Some(value) = map.shift_remove("const") else {
        return;
    };
    if value.is_null() {
        // Only `null`: the null-enum rule turns this into `x-null`.
        map.insert("enum".into(), json!([null]));
        return;
    }
    if let (false, Some(ty)) = (map.contains_key("type"), json_type(&value)) {
        map.insert("type".into(), json!(ty));
    }
    map.insert("enum".into(), json!([value]));
    map.insert("x-const".into(), json!(true));
}

/// The JSON Schema type of a value; `None` for `null`.
fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::Null => None,
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        Value::String(_) => Some("string"),
        Value::Array(_) => Some("array"),
        Value::Object(_) => Some("object"),
    }
}

/// `enum: [a, null]` is `nullable: true, enum: [a]`; `enum: [null]` admits
/// only `null`.
fn null_out_of_enum(map: &mut Map<String, Value>) {
    let Some(Value::Array(values)) = map.get_mut("enum") else {
        return;
    };
    if !values.iter().any(Value::is_null) {
        return;
    }
    values.retain(|v| !v.is_null());
    if values.is_empty() {
        map.shift_remove("enum");
        map.shift_remove("type");
        mark_null_only(map);
    } else {
        map.insert("nullable".into(), json!(true));
    }
}

/// A schema that admits only `null`: 3.0 has no `null` type, so it becomes
/// a nullable schema of no type, marked `x-null`.
fn mark_null_only(map: &mut Map<String, Value>) {
    map.insert("nullable".into(), json!(true));
    map.insert("x-null".into(), json!(true));
}

fn type_list_to_nullable(map: &mut Map<String, Value>) {
    let types = match map.get("type") {
        Some(Value::String(ty)) if ty == "null" => vec![json!("null")],
        Some(Value::Array(list)) => list.clone(),
        _ => return,
    };
    let nullable = types.iter().any(|t| t == "null");
    let mut non_null: Vec<String> = Vec::new();
    for ty in types.iter().filter_map(Value::as_str) {
        if ty != "null" && !non_null.iter().any(|t| t == ty) {
            non_null.push(ty.to_string());
        }
    }
    match non_null.as_slice() {
        // Not even `null`: invalid, and parsing will say so.
        [] if !nullable => return,
        [] => {
            map.shift_remove("type");
            mark_null_only(map);
            return;
        }
        [single] => {
            map.insert("type".into(), json!(single));
        }
        _ => split_types(map, &non_null),
    }
    if nullable {
        map.insert("nullable".into(), json!(true));
    }
}

/// Keywords that apply to one type only, by type; `x-` ones were moved here
/// by [`move_keywords_to_extensions`] before the split.
fn keywords_of_type(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &[
            "minLength",
            "maxLength",
            "pattern",
            "x-contentMediaType",
            "x-contentEncoding",
            "x-contentSchema",
        ],
        "integer" | "number" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &[
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "x-prefix-items",
            "x-contains",
            "x-minContains",
            "x-maxContains",
            "x-unevaluatedItems",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "x-patternProperties",
            "x-propertyNames",
            "x-dependentRequired",
            "x-dependentSchemas",
            "x-unevaluatedProperties",
        ],
        _ => &[],
    }
}

/// `type: [A, B]` becomes `oneOf: [{type: A, ..}, {type: B, ..}]`, each
/// member taking the keywords, enum values and format that apply to its type.
fn split_types(map: &mut Map<String, Value>, types: &[String]) {
    map.shift_remove("type");
    let enumeration = match map.shift_remove("enum") {
        Some(Value::Array(values)) => Some(values),
        Some(other) => Some(vec![other]),
        None => None,
    };
    let format = map.shift_remove("format");
    let format_owner = format
        .as_ref()
        .and_then(Value::as_str)
        .and_then(|f| format_owner(f, types));

    let mut members = Vec::new();
    for ty in types {
        let mut member = Map::new();
        member.insert("type".into(), json!(ty));
        for keyword in keywords_of_type(ty) {
            if let Some(value) = map.get(*keyword) {
                member.insert((*keyword).into(), value.clone());
            }
        }
        if let (true, Some(format)) = (format_owner == Some(ty.as_str()), &format) {
            member.insert("format".into(), format.clone());
        }
        if let Some(values) = &enumeration {
            let values: Vec<Value> = values
                .iter()
                .filter(|v| value_has_type(v, ty))
                .cloned()
                .collect();
            // No allowed value of this type: the type cannot occur.
            if values.is_empty() {
                continue;
            }
            member.insert("enum".into(), Value::Array(values));
        }
        members.push(Value::Object(member));
    }
    for ty in types {
        for keyword in keywords_of_type(ty) {
            map.shift_remove(*keyword);
        }
    }
    if let (None, Some(format)) = (format_owner, format) {
        map.insert("format".into(), format);
    }
    attach_alternatives(map, members);
}

/// Which of `types` a `format` belongs to.
fn format_owner<'a>(format: &str, types: &'a [String]) -> Option<&'a str> {
    let candidates: &[&str] = match format {
        "int32" | "int64" => &["integer", "number"],
        "float" | "double" => &["number", "integer"],
        _ => &["string"],
    };
    candidates
        .iter()
        .find_map(|c| types.iter().find(|t| t == c))
        .map(String::as_str)
}

fn value_has_type(value: &Value, ty: &str) -> bool {
    match ty {
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

/// Adds the members of a type split as `oneOf`, or, if the schema already
/// has a `oneOf`, as a `oneOf` inside `allOf` so that neither is lost.
fn attach_alternatives(map: &mut Map<String, Value>, members: Vec<Value>) {
    if !map.contains_key("oneOf") {
        map.insert("oneOf".into(), Value::Array(members));
        return;
    }
    let alternatives = json!({ "oneOf": members });
    match map.get_mut("allOf") {
        Some(Value::Array(all_of)) => all_of.push(alternatives),
        _ => {
            map.insert("allOf".into(), json!([alternatives]));
        }
    }
}

/// A `{type: 'null'}` member of `oneOf`/`anyOf` makes the parent nullable.
/// A single remaining member stays a one-member `oneOf`: lowering reads that
/// as the member itself, and the parent's own keywords stay apart.
fn null_members_to_nullable(map: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get_mut(key) else {
            continue;
        };
        let before = members.len();
        members.retain(|m| !is_null_only(m));
        if members.len() == before {
            continue;
        }
        if members.is_empty() {
            map.shift_remove(key);
            mark_null_only(map);
        } else {
            map.insert("nullable".into(), json!(true));
        }
    }
}

fn is_null_only(schema: &Value) -> bool {
    schema.get("x-null") == Some(&Value::Bool(true))
}

// ---------------------------------------------------------------------------
// Merging
// ---------------------------------------------------------------------------

/// Sections merged name by name, with the depth at which a difference is a
/// conflict: a path may gain methods from another file, a component may not
/// be redefined.
const MERGED_SECTIONS: [(&str, usize); 3] = [("paths", 1), ("x-webhooks", 1), ("components", 1)];

/// Records the first document as the origin of all its paths, webhooks and
/// components.
fn record_origins(root: &Map<String, Value>, source: &Path, origins: &mut Origins) {
    for section in ["paths", "x-webhooks"] {
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
fn merge_document(
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
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::{Value, json};

    use super::*;

    fn document(source: &str, value: Value) -> Document {
        Document {
            source: PathBuf::from(source),
            value,
        }
    }

    fn normalize_one(value: Value) -> Value {
        normalize(vec![document("a.yaml", value)]).unwrap().value
    }

    fn with_schema(version: &str, schema: Value) -> Value {
        json!({
            "openapi": version,
            "info": { "title": "t", "version": "1" },
            "paths": {},
            "components": { "schemas": { "S": schema } }
        })
    }

    /// The normalized form of `schema` in a 3.1 document.
    fn schema31(schema: Value) -> Value {
        normalize_one(with_schema("3.1.0", schema))["components"]["schemas"]["S"].take()
    }

    fn schema30(schema: Value) -> Value {
        normalize_one(with_schema("3.0.3", schema))["components"]["schemas"]["S"].take()
    }

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    // --- type lists and null -------------------------------------------

    #[test]
    fn type_with_null_becomes_nullable() {
        assert_eq!(
            schema31(json!({ "type": ["string", "null"], "format": "date" })),
            json!({ "type": "string", "format": "date", "nullable": true })
        );
        assert_eq!(
            schema31(json!({ "type": ["null", "integer"] })),
            json!({ "type": "integer", "nullable": true })
        );
    }

    #[test]
    fn one_element_type_list_becomes_the_type() {
        assert_eq!(
            schema31(json!({ "type": ["object"] })),
            json!({ "type": "object" })
        );
    }

    #[test]
    fn null_type_alone_becomes_x_null() {
        let expected = json!({ "description": "d", "nullable": true, "x-null": true });
        assert_eq!(
            schema31(json!({ "type": "null", "description": "d" })),
            expected
        );
        assert_eq!(
            schema31(json!({ "type": ["null"], "description": "d" })),
            expected
        );
    }

    #[test]
    fn several_types_split_into_one_of_with_their_keywords() {
        let schema = schema31(json!({
            "description": "d",
            "type": ["string", "array", "integer", "null"],
            "format": "int64",
            "enum": ["a", 1, ["x"]],
            "maxLength": 3,
            "items": { "type": ["string", "null"] },
            "minimum": 0
        }));
        assert_eq!(
            schema,
            json!({
                "description": "d",
                "oneOf": [
                    { "type": "string", "maxLength": 3, "enum": ["a"] },
                    {
                        "type": "array",
                        "items": { "type": "string", "nullable": true },
                        "enum": [["x"]]
                    },
                    { "type": "integer", "minimum": 0, "format": "int64", "enum": [1] }
                ],
                "nullable": true
            })
        );
    }

    #[test]
    fn split_drops_types_that_no_enum_value_has() {
        let schema = schema31(json!({ "type": ["string", "boolean"], "enum": ["a"] }));
        assert_eq!(
            schema,
            json!({ "oneOf": [{ "type": "string", "enum": ["a"] }] })
        );
    }

    #[test]
    fn split_beside_an_existing_one_of_goes_into_all_of() {
        let schema = schema31(json!({
            "type": ["string", "object"],
            "oneOf": [{ "required": ["a"] }]
        }));
        assert_eq!(
            schema,
            json!({
                "oneOf": [{ "required": ["a"] }],
                "allOf": [{ "oneOf": [{ "type": "string" }, { "type": "object" }] }]
            })
        );
    }

    #[test]
    fn enum_with_null_becomes_nullable() {
        assert_eq!(
            schema31(json!({ "type": "string", "enum": ["a", null, "b"] })),
            json!({ "type": "string", "enum": ["a", "b"], "nullable": true })
        );
        // A type list's null already says it; the enum stays as it is.
        assert_eq!(
            schema31(json!({ "type": ["string", "null"], "enum": ["a", "b"] })),
            json!({ "type": "string", "enum": ["a", "b"], "nullable": true })
        );
        assert_eq!(
            schema31(json!({ "enum": [null] })),
            json!({ "nullable": true, "x-null": true })
        );
    }

    #[test]
    fn null_members_of_one_of_and_any_of_make_the_parent_nullable() {
        assert_eq!(
            schema31(json!({
                "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/A" }],
                "description": "d"
            })),
            // One member left: still a oneOf, for lowering to unwrap.
            json!({
                "oneOf": [{ "$ref": "#/components/schemas/A" }],
                "description": "d",
                "nullable": true
            })
        );
        assert_eq!(
            schema31(json!({
                "anyOf": [{ "type": "string" }, { "type": ["null"] }, { "type": "integer" }]
            })),
            json!({
                "anyOf": [{ "type": "string" }, { "type": "integer" }],
                "nullable": true
            })
        );
        assert_eq!(
            schema31(json!({ "oneOf": [{ "type": "null" }] })),
            json!({ "nullable": true, "x-null": true })
        );
    }

    // --- const ---------------------------------------------------------

    #[test]
    fn const_becomes_marked_one_value_enum() {
        assert_eq!(
            schema31(json!({ "type": "string", "const": "success" })),
            json!({ "type": "string", "enum": ["success"], "x-const": true })
        );
    }

    #[test]
    fn const_without_type_infers_it() {
        let cases = [
            (json!("a"), "string"),
            (json!(42), "integer"),
            (json!(1.5), "number"),
            (json!(true), "boolean"),
            (json!({ "k": 1 }), "object"),
            (json!([1]), "array"),
        ];
        for (value, ty) in cases {
            assert_eq!(
                schema31(json!({ "const": value.clone() })),
                json!({ "type": ty, "enum": [value], "x-const": true })
            );
        }
    }

    #[test]
    fn const_wins_over_an_existing_enum() {
        assert_eq!(
            schema31(json!({ "type": "string", "enum": ["a", "b"], "const": "a" })),
            json!({ "type": "string", "enum": ["a"], "x-const": true })
        );
    }

    #[test]
    fn const_null_admits_only_null() {
        assert_eq!(
            schema31(json!({ "const": null })),
            json!({ "nullable": true, "x-null": true })
        );
    }

    // --- other keywords ------------------------------------------------

    #[test]
    fn schema_examples_array_moves_to_extension() {
        assert_eq!(
            schema31(json!({ "type": "string", "examples": ["a", "b"] })),
            json!({ "type": "string", "x-examples": ["a", "b"], "example": "a" })
        );
        // An existing `example` stays the example.
        assert_eq!(
            schema31(json!({ "example": "z", "examples": ["a"] })),
            json!({ "example": "z", "x-examples": ["a"] })
        );
    }

    #[test]
    fn numeric_exclusive_bounds_become_booleans() {
        assert_eq!(
            schema31(json!({ "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10 })),
            json!({
                "type": "number",
                "exclusiveMinimum": true,
                "exclusiveMaximum": true,
                "minimum": 0,
                "maximum": 10
            })
        );
        // 3.0 booleans stay.
        let boolean = json!({ "type": "integer", "minimum": 1, "exclusiveMinimum": true });
        assert_eq!(schema30(boolean.clone()), boolean);
        // With both, the stricter bound decides.
        assert_eq!(
            schema31(json!({ "type": "integer", "minimum": 5, "exclusiveMinimum": 1 })),
            json!({ "type": "integer", "minimum": 5 })
        );
        assert_eq!(
            schema31(json!({ "type": "integer", "maximum": 5, "exclusiveMaximum": 3 })),
            json!({ "type": "integer", "maximum": 3, "exclusiveMaximum": true })
        );
    }

    #[test]
    fn reference_with_siblings_is_wrapped_in_all_of() {
        assert_eq!(
            schema31(json!({ "$ref": "#/components/schemas/A", "description": "d" })),
            json!({ "allOf": [{ "$ref": "#/components/schemas/A" }], "description": "d" })
        );
        assert_eq!(
            schema30(json!({ "nullable": true, "$ref": "#/components/schemas/A" })),
            json!({ "nullable": true, "allOf": [{ "$ref": "#/components/schemas/A" }] })
        );
        assert_eq!(
            schema31(json!({
                "$ref": "#/components/schemas/A",
                "allOf": [{ "$ref": "#/components/schemas/B" }]
            })),
            json!({
                "allOf": [
                    { "$ref": "#/components/schemas/A" },
                    { "$ref": "#/components/schemas/B" }
                ]
            })
        );
        let bare = json!({ "$ref": "#/components/schemas/A" });
        assert_eq!(schema31(bare.clone()), bare);
        // A property named `$ref` is no reference.
        let named = json!({ "properties": { "$ref": { "type": "string" }, "display": {} } });
        assert_eq!(schema30(named.clone()), named);
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
    fn boolean_schemas_become_objects_but_additional_properties_stays() {
        assert_eq!(
            schema31(json!({
                "type": "object",
                "properties": { "any": true, "never": false },
                "additionalProperties": false
            })),
            json!({
                "type": "object",
                "properties": { "any": {}, "never": { "not": {} } },
                "additionalProperties": false
            })
        );
        let value = normalize_one(with_schema("3.1.0", json!(true)));
        assert_eq!(value["components"]["schemas"]["S"], json!({}));
    }

    #[test]
    fn json_schema_keywords_move_to_extensions_normalized() {
        let schema = schema31(json!({
            "type": "array",
            "prefixItems": [{ "type": ["string", "null"] }, { "const": 1 }],
            "contains": { "type": "null" },
            "$defs": { "D": { "type": ["integer", "null"] } },
            "if": { "required": ["a"] },
            "then": { "examples": [1] },
            "else": false,
            "unevaluatedItems": false,
            "contentMediaType": "image/png",
            "contentEncoding": "base64"
        }));
        assert_eq!(
            schema,
            json!({
                "type": "array",
                "x-prefix-items": [
                    { "type": "string", "nullable": true },
                    { "type": "integer", "enum": [1], "x-const": true }
                ],
                "x-contains": { "nullable": true, "x-null": true },
                "x-$defs": { "D": { "type": "integer", "nullable": true } },
                "x-if": { "required": ["a"] },
                "x-then": { "x-examples": [1], "example": 1 },
                "x-else": { "not": {} },
                "x-unevaluatedItems": false,
                "x-contentMediaType": "image/png",
                "x-contentEncoding": "base64"
            })
        );
    }

    #[test]
    fn object_keywords_move_and_keep_their_subschemas() {
        let schema = schema31(json!({
            "type": "object",
            "patternProperties": { "^a": { "type": ["string", "null"] } },
            "propertyNames": { "pattern": "^[a-z]+$" },
            "dependentSchemas": { "a": { "required": ["b"] } },
            "unevaluatedProperties": { "type": "string" }
        }));
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "x-patternProperties": { "^a": { "type": "string", "nullable": true } },
                "x-propertyNames": { "pattern": "^[a-z]+$" },
                "x-dependentSchemas": { "a": { "required": ["b"] } },
                "x-unevaluatedProperties": { "type": "string" }
            })
        );
    }

    #[test]
    fn references_into_moved_keywords_follow_them() {
        let schema = schema31(json!({
            "properties": {
                "a": { "$ref": "#/components/schemas/S/$defs/D" },
                "b": { "$ref": "#/components/schemas/S/properties/if" },
                "c": { "$ref": "other.yaml#/components/schemas/T/prefixItems/0/$defs/E" }
            }
        }));
        assert_eq!(
            schema["properties"],
            json!({
                "a": { "$ref": "#/components/schemas/S/x-$defs/D" },
                "b": { "$ref": "#/components/schemas/S/properties/if" },
                "c": { "$ref": "other.yaml#/components/schemas/T/x-prefix-items/0/x-$defs/E" }
            })
        );
    }

    #[test]
    fn subschemas_everywhere_are_normalized() {
        let nullable = json!({ "type": ["string", "null"] });
        let schema = schema31(json!({
            "properties": { "p": nullable },
            "items": nullable,
            "additionalProperties": nullable,
            "allOf": [nullable],
            "oneOf": [nullable],
            "anyOf": [nullable],
            "not": nullable
        }));
        let expected = json!({ "type": "string", "nullable": true });
        for pointer in [
            "/properties/p",
            "/items",
            "/additionalProperties",
            "/allOf/0",
            "/oneOf/0",
            "/anyOf/0",
            "/not",
        ] {
            assert_eq!(schema.pointer(pointer), Some(&expected), "{pointer}");
        }
    }

    #[test]
    fn property_order_is_kept() {
        let schema = schema31(json!({
            "properties": { "z": { "const": 1 }, "a": { "type": "null" }, "m": {} }
        }));
        assert_eq!(keys(&schema["properties"]), ["z", "a", "m"]);
    }

    // --- where schemas are, and where they are not ------------------------

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

    // --- document level ------------------------------------------------

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

    // --- merging -------------------------------------------------------

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
