//! Parse stage: the normalized JSON value to `openapiv3::OpenAPI`.
//!
//! When `openapiv3` rejects the document, serde alone cannot say where:
//! openapiv3's types flatten their extensions and read references through
//! untagged enums, both of which buffer the input and lose the path, so
//! `serde_path_to_error` stops at the first such type (`paths`). This module
//! therefore drills down on failure: it re-reads the parts of the document as
//! their own openapiv3 types, follows the part that fails down to the
//! smallest one that does, and reports that part's JSON pointer, its file and
//! what openapiv3 expected there.

use openapiv3::{
    Callback, Components, Encoding, Example, ExternalDocumentation, Header, Info, Link, MediaType,
    OpenAPI, Operation, Parameter, PathItem, Paths, ReferenceOr, RequestBody, Response, Responses,
    Schema, SecurityRequirement, SecurityScheme, Server, Tag,
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use serde_path_to_error::Segment;

use crate::error::{Error, Result, pointer};
use crate::markers::EXTENSION_PREFIX;
use crate::normalize::Normalized;

/// Deserializes the normalized document into `openapiv3` types.
///
/// On failure the error is an [`Error::Invalid`] whose pointer names the
/// smallest part of the document that `openapiv3` cannot read (down to a
/// schema keyword where possible), whose path is the file that part came
/// from, and whose message says what `openapiv3` expected.
pub fn parse(normalized: &Normalized) -> Result<OpenAPI> {
    // openapiv3 reads a schema through untagged enums that try one
    // alternative after another, each reading the nested schemas again: a
    // bad schema n levels down costs 2^n reads. Checking schemas from the
    // innermost out first finds it in linear time (found by fuzzing: a
    // 600-byte spec took 30 s at 18 levels).
    if let Some(failure) = schema_positions(&normalized.value) {
        let pointer = pointer(&failure.tokens);
        return Err(Error::Invalid {
            path: normalized.origins.file_for(&pointer).to_path_buf(),
            pointer,
            message: failure.message,
            at: None,
            also: None,
        });
    }
    let whole = match serde_path_to_error::deserialize::<_, OpenAPI>(&normalized.value) {
        Ok(api) => return Ok(api),
        Err(error) => Failure::from_error(&error, "OpenAPI document"),
    };
    let failure = document(&normalized.value).unwrap_or(whole);
    let pointer = pointer(&failure.tokens);
    Err(Error::Invalid {
        path: normalized.origins.file_for(&pointer).to_path_buf(),
        pointer,
        message: failure.message,
        at: None,
        also: None,
    })
}

/// A part of the document that openapiv3 cannot read.
#[derive(Debug)]
struct Failure {
    /// Where, relative to the value that was checked.
    tokens: Vec<String>,
    message: String,
}

impl Failure {
    fn from_error(error: &serde_path_to_error::Error<serde_json::Error>, what: &str) -> Self {
        let tokens = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                Segment::Seq { index } => Some(index.to_string()),
                Segment::Map { key } => Some(key.clone()),
                Segment::Enum { .. } | Segment::Unknown => None,
            })
            .collect();
        Failure {
            tokens,
            message: format!("invalid {what}: {}", error.inner()),
        }
    }

    /// The same failure seen from the parent of `token`.
    fn under(mut self, token: &str) -> Self {
        self.tokens.insert(0, token.to_string());
        self
    }
}

/// Reads `value` as `T`; the failure, if any.
fn check<T: DeserializeOwned>(value: &Value, what: &str) -> Option<Failure> {
    serde_path_to_error::deserialize::<_, T>(value)
        .err()
        .map(|error| Failure::from_error(&error, what))
}

/// The failure inside `value[key]`, if it has that key.
fn field(value: &Value, key: &str, f: impl FnOnce(&Value) -> Option<Failure>) -> Option<Failure> {
    value.get(key).and_then(f).map(|failure| failure.under(key))
}

/// The first failing element of an array.
fn elements(value: &Value, f: impl Fn(&Value) -> Option<Failure>) -> Option<Failure> {
    value
        .as_array()?
        .iter()
        .enumerate()
        .find_map(|(index, element)| f(element).map(|failure| failure.under(&index.to_string())))
}

/// The first failing value of an object whose key satisfies `read`, the
/// keys that openapiv3 reads there.
fn entries_where(
    value: &Value,
    read: impl Fn(&str) -> bool,
    f: impl Fn(&Value) -> Option<Failure>,
) -> Option<Failure> {
    value
        .as_object()?
        .iter()
        .filter(|(key, _)| read(key))
        .find_map(|(key, entry)| f(entry).map(|failure| failure.under(key)))
}

fn entries(value: &Value, f: impl Fn(&Value) -> Option<Failure>) -> Option<Failure> {
    entries_where(value, |_| true, f)
}

/// A drill function: see [`document`].
type Drill = fn(&Value) -> Option<Failure>;

/// Each drill function below returns `None` when its value reads fine, the
/// failure of the first failing part when there is one, and its own failure
/// otherwise.
fn document(value: &Value) -> Option<Failure> {
    let own = check::<OpenAPI>(value, "OpenAPI document")?;
    let part = field(value, "openapi", |v| {
        check::<String>(v, "`openapi` version")
    })
    .or_else(|| field(value, "info", |v| check::<Info>(v, "Info Object")))
    .or_else(|| field(value, "servers", |v| elements(v, server)))
    .or_else(|| field(value, "paths", paths))
    .or_else(|| field(value, "components", components))
    .or_else(|| field(value, "security", security))
    .or_else(|| {
        field(value, "tags", |v| {
            elements(v, |t| check::<Tag>(t, "Tag Object"))
        })
    })
    .or_else(|| {
        field(value, "externalDocs", |v| {
            check::<ExternalDocumentation>(v, "External Documentation Object")
        })
    });
    Some(part.unwrap_or(own))
}

fn server(value: &Value) -> Option<Failure> {
    check::<Server>(value, "Server Object")
}

fn security(value: &Value) -> Option<Failure> {
    check::<Vec<SecurityRequirement>>(value, "list of Security Requirement Objects")
}

fn paths(value: &Value) -> Option<Failure> {
    let own = check::<Paths>(value, "Paths Object")?;
    // openapiv3 reads only the keys that are paths.
    let part = entries_where(value, |key| key.starts_with('/'), path_item);
    Some(part.unwrap_or(own))
}

fn path_item(value: &Value) -> Option<Failure> {
    let own = check::<ReferenceOr<PathItem>>(value, "Path Item Object")?;
    let part = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ]
    .iter()
    .find_map(|method| field(value, method, operation))
    .or_else(|| field(value, "parameters", |v| elements(v, parameter)))
    .or_else(|| field(value, "servers", |v| elements(v, server)));
    Some(part.unwrap_or(own))
}

fn operation(value: &Value) -> Option<Failure> {
    let own = check::<Operation>(value, "Operation Object")?;
    let part = field(value, "parameters", |v| elements(v, parameter))
        .or_else(|| field(value, "requestBody", request_body))
        .or_else(|| field(value, "responses", responses))
        .or_else(|| field(value, "callbacks", |v| entries(v, callback)))
        .or_else(|| field(value, "security", security))
        .or_else(|| field(value, "servers", |v| elements(v, server)));
    Some(part.unwrap_or(own))
}

fn responses(value: &Value) -> Option<Failure> {
    let own = check::<Responses>(value, "Responses Object")?;
    let part = entries_where(value, |key| !key.starts_with(EXTENSION_PREFIX), response);
    Some(part.unwrap_or(own))
}

fn callback(value: &Value) -> Option<Failure> {
    let own = check::<ReferenceOr<Callback>>(value, "Callback Object")?;
    Some(entries(value, path_item).unwrap_or(own))
}

fn parameter(value: &Value) -> Option<Failure> {
    let own = check::<ReferenceOr<Parameter>>(value, "Parameter Object")?;
    Some(schema_or_content(value).unwrap_or(own))
}

fn header(value: &Value) -> Option<Failure> {
    let own = check::<ReferenceOr<Header>>(value, "Header Object")?;
    Some(schema_or_content(value).unwrap_or(own))
}

/// The parts that Parameter and Header Objects share.
fn schema_or_content(value: &Value) -> Option<Failure> {
    field(value, "schema", schema)
        .or_else(|| field(value, "content", |v| entries(v, media_type)))
        .or_else(|| field(value, "examples", |v| entries(v, example)))
}

fn request_body(value: &Value) -> Option<Failure> {
    let own = check::<ReferenceOr<RequestBody>>(value, "Request Body Object")?;
    let part = field(value, "content", |v| entries(v, media_type));
    Some(part.unwrap_or(own))
}

fn response(value: &Value) -> Option<Failure> {
    let own = check::<ReferenceOr<Response>>(value, "Response Object")?;
    let part = field(value, "headers", |v| entries(v, header))
        .or_else(|| field(value, "content", |v| entries(v, media_type)))
        .or_else(|| field(value, "links", |v| entries(v, link)));
    Some(part.unwrap_or(own))
}

fn media_type(value: &Value) -> Option<Failure> {
    let own = check::<MediaType>(value, "Media Type Object")?;
    let part = field(value, "schema", schema)
        .or_else(|| field(value, "examples", |v| entries(v, example)))
        .or_else(|| field(value, "encoding", |v| entries(v, encoding)));
    Some(part.unwrap_or(own))
}

fn encoding(value: &Value) -> Option<Failure> {
    let own = check::<Encoding>(value, "Encoding Object")?;
    Some(field(value, "headers", |v| entries(v, header)).unwrap_or(own))
}

fn example(value: &Value) -> Option<Failure> {
    check::<ReferenceOr<Example>>(value, "Example Object")
}

fn link(value: &Value) -> Option<Failure> {
    check::<ReferenceOr<Link>>(value, "Link Object")
}

fn security_scheme(value: &Value) -> Option<Failure> {
    check::<ReferenceOr<SecurityScheme>>(value, "Security Scheme Object")
}

fn components(value: &Value) -> Option<Failure> {
    let own = check::<Components>(value, "Components Object")?;
    let kinds: [(&str, Drill); 9] = [
        ("schemas", schema),
        ("responses", response),
        ("parameters", parameter),
        ("examples", example),
        ("requestBodies", request_body),
        ("headers", header),
        ("securitySchemes", security_scheme),
        ("links", link),
        ("callbacks", callback),
    ];
    let part = kinds
        .iter()
        .find_map(|(kind, drill)| field(value, kind, |v| entries(v, drill)));
    Some(part.unwrap_or(own))
}

fn schema(value: &Value) -> Option<Failure> {
    let own = check::<ReferenceOr<Schema>>(value, "Schema Object")?;
    let part = field(value, "properties", |v| entries(v, schema))
        .or_else(|| field(value, "items", schema))
        .or_else(|| field(value, "additionalProperties", additional_properties))
        .or_else(|| {
            ["allOf", "oneOf", "anyOf"]
                .iter()
                .find_map(|key| field(value, key, |v| elements(v, schema)))
        })
        .or_else(|| field(value, "not", schema))
        .or_else(|| schema_keyword(value));
    Some(part.unwrap_or(own))
}

/// The first bad schema of the document, innermost first: every `schema`
/// and every component schema, outside example data.
fn schema_positions(value: &Value) -> Option<Failure> {
    match value {
        Value::Object(map) => map.iter().find_map(|(key, child)| {
            let failure = match key.as_str() {
                "example" | "examples" | "default" | "enum" => None,
                key if key.starts_with(EXTENSION_PREFIX) => None,
                "schema" => schema_bottom_up(child),
                "schemas" => entries(child, schema_bottom_up),
                _ => schema_positions(child),
            };
            failure.map(|f| f.under(key))
        }),
        Value::Array(_) => elements(value, schema_positions),
        _ => None,
    }
}

/// A schema's subschemas, then its own keywords, then the schema itself.
///
/// The schema itself is read with its subschemas, which have already read
/// fine, replaced by `{}` (see [`without_subschemas`]): a subschema that
/// reads fine on its own reads fine inside its parent, so this gives the
/// same answer as reading the whole subtree, but reads every part of the
/// document once rather than once per schema above it.
fn schema_bottom_up(value: &Value) -> Option<Failure> {
    let Some(map) = value.as_object() else {
        return check::<ReferenceOr<Schema>>(value, "Schema Object");
    };
    field(value, "properties", |v| entries(v, schema_bottom_up))
        .or_else(|| field(value, "items", schema_bottom_up))
        .or_else(|| {
            field(value, "additionalProperties", |v| {
                (!v.is_boolean()).then(|| schema_bottom_up(v)).flatten()
            })
        })
        .or_else(|| {
            ["allOf", "oneOf", "anyOf"]
                .iter()
                .find_map(|key| field(value, key, |v| elements(v, schema_bottom_up)))
        })
        .or_else(|| field(value, "not", schema_bottom_up))
        .or_else(|| schema_keyword(value))
        .or_else(|| check::<ReferenceOr<Schema>>(&without_subschemas(map), "Schema Object"))
}

/// A schema object whose subschemas (those [`schema_bottom_up`] visits and
/// found readable) are each `{}`, the smallest schema, and whose other
/// values are as they were. openapiv3 picks a schema's kind from which
/// keywords it has, never from what a subschema holds, so the copy reads
/// fine exactly when the original does, and fails with the same message.
fn without_subschemas(map: &Map<String, Value>) -> Value {
    let empty = || Value::Object(Map::new());
    let copy = map.iter().map(|(key, value)| {
        let value = match (key.as_str(), value) {
            ("properties", Value::Object(properties)) => Value::Object(
                properties
                    .keys()
                    .map(|name| (name.clone(), empty()))
                    .collect(),
            ),
            ("items" | "not", _) => empty(),
            ("additionalProperties", Value::Bool(_)) => value.clone(),
            ("additionalProperties", _) => empty(),
            ("allOf" | "oneOf" | "anyOf", Value::Array(list)) => {
                Value::Array(vec![empty(); list.len()])
            }
            _ => value.clone(),
        };
        (key.clone(), value)
    });
    Value::Object(copy.collect())
}

fn additional_properties(value: &Value) -> Option<Failure> {
    if value.is_boolean() {
        return None;
    }
    schema(value)
}

/// What openapiv3 (OpenAPI 3.0) requires of some schema keywords, so that a
/// failure can name the keyword rather than the whole schema.
struct KeywordRule {
    keywords: &'static [&'static str],
    valid: fn(&Value) -> bool,
    expected: &'static str,
}

const SCHEMA_KEYWORDS: [KeywordRule; 6] = [
    KeywordRule {
        keywords: &["type", "format", "pattern", "title", "description"],
        valid: Value::is_string,
        expected: "a string",
    },
    KeywordRule {
        keywords: &[
            "nullable",
            "readOnly",
            "writeOnly",
            "deprecated",
            "uniqueItems",
            "exclusiveMinimum",
            "exclusiveMaximum",
        ],
        valid: Value::is_boolean,
        expected: "a boolean",
    },
    KeywordRule {
        keywords: &["minimum", "maximum", "multipleOf"],
        valid: Value::is_number,
        expected: "a number",
    },
    KeywordRule {
        keywords: &[
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "minProperties",
            "maxProperties",
        ],
        valid: Value::is_u64,
        expected: "a non-negative integer",
    },
    KeywordRule {
        keywords: &["required"],
        valid: is_string_list,
        expected: "a list of strings",
    },
    KeywordRule {
        keywords: &["enum", "allOf", "oneOf", "anyOf"],
        valid: Value::is_array,
        expected: "a list",
    },
];

fn is_string_list(value: &Value) -> bool {
    value
        .as_array()
        .is_some_and(|list| list.iter().all(Value::is_string))
}

fn schema_keyword(value: &Value) -> Option<Failure> {
    SCHEMA_KEYWORDS.iter().find_map(|rule| {
        rule.keywords.iter().find_map(|keyword| {
            let found = value.get(*keyword)?;
            (!(rule.valid)(found)).then(|| Failure {
                tokens: vec![keyword.to_string()],
                message: format!(
                    "invalid Schema Object: `{keyword}` must be {} in OpenAPI 3.0, found {}",
                    rule.expected,
                    describe(found)
                ),
            })
        })
    })
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde_json::json;

    use super::*;
    use crate::origins::Origins;

    fn normalized(value: Value) -> Normalized {
        let mut origins = Origins::new(PathBuf::from("a.yaml"));
        origins.record("#/paths/~1b".into(), Path::new("b.yaml"));
        Normalized { value, origins }
    }

    fn minimal(paths: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "1" },
            "paths": paths
        })
    }

    fn invalid(value: Value) -> (PathBuf, String, String) {
        match parse(&normalized(value)) {
            Err(Error::Invalid {
                path,
                pointer,
                message,
                at: None,
                also: None,
            }) => (path, pointer, message),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn a_valid_document_parses() {
        let api = parse(&normalized(minimal(json!({ "/a": { "get": {
            "responses": { "200": { "description": "ok" } }
        } } }))))
        .unwrap();
        assert_eq!(api.operations().count(), 1);
    }

    #[test]
    fn a_bad_schema_keyword_is_named_with_its_file() {
        let (path, pointer, message) = invalid(minimal(json!({ "/b": { "get": {
            "responses": { "200": { "description": "ok", "content": {
                "application/json": { "schema": {
                    "type": "object",
                    "properties": { "n": { "type": "string", "minLength": -1 } }
                } }
            } } }
        } } })));
        assert_eq!(path, PathBuf::from("b.yaml"));
        assert_eq!(
            pointer,
            "#/paths/~1b/get/responses/200/content/application~1json/schema/properties/n/minLength"
        );
        assert!(message.contains("non-negative integer"), "{message}");
    }

    #[test]
    fn a_missing_required_field_names_its_object() {
        let (path, pointer, message) = invalid(minimal(json!({ "/a": { "get": {
            "responses": { "404": {} }
        } } })));
        assert_eq!(path, PathBuf::from("a.yaml"));
        assert_eq!(pointer, "#/paths/~1a/get/responses/404");
        assert!(message.contains("Response Object"), "{message}");
        assert!(message.contains("missing field `description`"), "{message}");
    }

    #[test]
    fn a_bad_parameter_says_what_openapiv3_expected() {
        let (_, pointer, message) = invalid(minimal(json!({ "/a": { "get": {
            "parameters": [
                { "name": "ok", "in": "query", "schema": {} },
                { "name": "b", "in": "body", "schema": {} }
            ],
            "responses": {}
        } } })));
        assert_eq!(pointer, "#/paths/~1a/get/parameters/1");
        assert!(message.contains("unknown variant `body`"), "{message}");
        assert!(message.contains("`query`"), "{message}");
    }

    #[test]
    fn a_bad_component_is_found() {
        let mut value = minimal(json!({}));
        value["components"] = json!({ "schemas": {
            "Good": { "type": "string" },
            "Bad": { "type": "object", "required": "name" }
        } });
        let (_, pointer, message) = invalid(value);
        assert_eq!(pointer, "#/components/schemas/Bad/required");
        assert!(message.contains("a list of strings"), "{message}");
    }

    #[test]
    fn a_bad_schema_deep_down_is_found_in_linear_time() {
        let mut deep = json!({ "type": "string", "minLength": -1 });
        for _ in 0..40 {
            deep = json!({ "type": "array", "items": deep });
        }
        let mut value = minimal(json!({}));
        value["components"] = json!({ "schemas": { "Deep": deep } });
        let started = std::time::Instant::now();
        let (_, pointer, message) = invalid(value);
        assert!(
            started.elapsed().as_secs() < 10,
            "took {:?}",
            started.elapsed()
        );
        assert_eq!(
            pointer,
            format!("#/components/schemas/Deep{}/minLength", "/items".repeat(40))
        );
        assert!(message.contains("non-negative integer"), "{message}");
    }

    /// The check as it was before [`without_subschemas`]: every schema read
    /// with its whole subtree (size times depth, fine for small trees).
    fn schema_bottom_up_whole(value: &Value) -> Option<Failure> {
        if !value.is_object() {
            return check::<ReferenceOr<Schema>>(value, "Schema Object");
        }
        field(value, "properties", |v| entries(v, schema_bottom_up_whole))
            .or_else(|| field(value, "items", schema_bottom_up_whole))
            .or_else(|| {
                field(value, "additionalProperties", |v| {
                    (!v.is_boolean())
                        .then(|| schema_bottom_up_whole(v))
                        .flatten()
                })
            })
            .or_else(|| {
                ["allOf", "oneOf", "anyOf"]
                    .iter()
                    .find_map(|key| field(value, key, |v| elements(v, schema_bottom_up_whole)))
            })
            .or_else(|| field(value, "not", schema_bottom_up_whole))
            .or_else(|| schema_keyword(value))
            .or_else(|| check::<ReferenceOr<Schema>>(value, "Schema Object"))
    }

    /// Small schemas, good and bad: every keyword the check visits or
    /// openapiv3 reads, with values of the right and the wrong shape.
    fn arbitrary_schema() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let scalar = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-2i64..3).prop_map(Value::from),
            Just(json!(1.5)),
            prop::sample::select(vec![
                "string", "object", "array", "integer", "number", "boolean", "x", "#/a"
            ])
            .prop_map(Value::from),
            Just(json!([])),
            Just(json!(["a", 1])),
            Just(json!({})),
        ];
        let keywords = prop::sample::select(vec![
            "type",
            "format",
            "nullable",
            "minLength",
            "minimum",
            "required",
            "enum",
            "items",
            "properties",
            "additionalProperties",
            "allOf",
            "oneOf",
            "anyOf",
            "not",
            "$ref",
            "description",
            "discriminator",
            "default",
            "x-a",
            "pattern",
            "minItems",
            "uniqueItems",
            "readOnly",
            "example",
        ]);
        let leaf = prop::collection::btree_map(keywords.clone(), scalar.clone(), 0..4)
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()));
        leaf.prop_recursive(4, 40, 4, move |inner| {
            let child = prop_oneof![
                inner.clone(),
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                prop::collection::btree_map("[ab]", inner.clone(), 0..3)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
                scalar.clone(),
            ];
            prop::collection::btree_map(keywords.clone(), child, 0..5).prop_map(|m| {
                Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            })
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn reading_schemas_without_subschemas_finds_the_same_failure(schema in arbitrary_schema()) {
            let old = schema_bottom_up_whole(&schema);
            let new = schema_bottom_up(&schema);
            proptest::prop_assert_eq!(
                old.as_ref().map(|f| (&f.tokens, &f.message)),
                new.as_ref().map(|f| (&f.tokens, &f.message)),
                "{}", schema
            );
        }
    }

    #[test]
    fn a_missing_top_level_field_points_at_the_root() {
        let (path, pointer, message) = invalid(json!({ "openapi": "3.0.3", "paths": {} }));
        assert_eq!(path, PathBuf::from("a.yaml"));
        assert_eq!(pointer, "#");
        assert!(message.contains("missing field `info`"), "{message}");
    }
}
