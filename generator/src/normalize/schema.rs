//! The schema rules: one Schema Object, and all its subschemas, from 3.1
//! (JSON Schema 2020-12) to the 3.0 shape. Where 3.0 has an equivalent the
//! construct becomes it (`type: [T, 'null']`, `const`, numeric
//! `exclusiveMinimum`, `$ref` with siblings, boolean schemas); where it has
//! none the keyword moves to an `x-` extension.

use serde_json::{Map, Value, json};

use super::document::rename_key;
use super::walk::{each_element, each_value};
use crate::markers::{
    X_CONST, X_CONTAINS, X_CONTENT_ENCODING, X_CONTENT_MEDIA_TYPE, X_CONTENT_SCHEMA, X_DEFINITIONS,
    X_DEPENDENT_REQUIRED, X_DEPENDENT_SCHEMAS, X_DOLLAR_ANCHOR, X_DOLLAR_COMMENT, X_DOLLAR_DEFS,
    X_DOLLAR_DYNAMIC_REF, X_DOLLAR_ID, X_DOLLAR_SCHEMA, X_ELSE, X_EXAMPLES, X_IF, X_MAX_CONTAINS,
    X_MIN_CONTAINS, X_NULL, X_PATTERN_PROPERTIES, X_PREFIX_ITEMS, X_PROPERTY_NAMES, X_THEN,
    X_UNEVALUATED_ITEMS, X_UNEVALUATED_PROPERTIES,
};

/// 3.1 (JSON Schema 2020-12) keywords that 3.0 cannot hold, and the
/// extension each moves to. Their subschemas are normalized first.
const MOVED_KEYWORDS: [(&str, &str); 23] = [
    ("prefixItems", X_PREFIX_ITEMS),
    ("$defs", X_DOLLAR_DEFS),
    ("definitions", X_DEFINITIONS),
    ("if", X_IF),
    ("then", X_THEN),
    ("else", X_ELSE),
    ("dependentSchemas", X_DEPENDENT_SCHEMAS),
    ("dependentRequired", X_DEPENDENT_REQUIRED),
    ("unevaluatedProperties", X_UNEVALUATED_PROPERTIES),
    ("unevaluatedItems", X_UNEVALUATED_ITEMS),
    ("contentMediaType", X_CONTENT_MEDIA_TYPE),
    ("contentEncoding", X_CONTENT_ENCODING),
    ("contentSchema", X_CONTENT_SCHEMA),
    ("patternProperties", X_PATTERN_PROPERTIES),
    ("propertyNames", X_PROPERTY_NAMES),
    ("contains", X_CONTAINS),
    ("minContains", X_MIN_CONTAINS),
    ("maxContains", X_MAX_CONTAINS),
    ("$id", X_DOLLAR_ID),
    ("$anchor", X_DOLLAR_ANCHOR),
    ("$comment", X_DOLLAR_COMMENT),
    ("$schema", X_DOLLAR_SCHEMA),
    ("$dynamicRef", X_DOLLAR_DYNAMIC_REF),
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
pub(super) fn normalize_schema(schema: &mut Value) {
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
    rename_key(map, "examples", X_EXAMPLES);
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
    map.insert(X_CONST.into(), json!(true));
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
    map.insert(X_NULL.into(), json!(true));
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
            X_CONTENT_MEDIA_TYPE,
            X_CONTENT_ENCODING,
            X_CONTENT_SCHEMA,
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
            X_PREFIX_ITEMS,
            X_CONTAINS,
            X_MIN_CONTAINS,
            X_MAX_CONTAINS,
            X_UNEVALUATED_ITEMS,
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            X_PATTERN_PROPERTIES,
            X_PROPERTY_NAMES,
            X_DEPENDENT_REQUIRED,
            X_DEPENDENT_SCHEMAS,
            X_UNEVALUATED_PROPERTIES,
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
    schema.get(X_NULL) == Some(&Value::Bool(true))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::normalize::tests::{keys, normalize_one, schema30, schema31, with_schema};

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
}
