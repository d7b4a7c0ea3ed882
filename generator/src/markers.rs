//! The `x-` extension keys that the normalize stage writes, named once.
//!
//! `openapiv3` models OpenAPI 3.0 and keeps every `x-` key as an extension,
//! so normalization ([`crate::normalize`]) moves what 3.0 cannot hold under
//! these keys instead of dropping it, and later stages read them back from
//! the `extensions` of the `openapiv3` value. Every such key is a constant
//! here, with who writes it, who reads it and what it holds; a key no stage
//! reads yet is still written so that nothing in the document is lost.
//!
//! Vendor extensions that documents carry themselves (`x-codeSamples`...)
//! are not markers; they are named where they are read.

// ---------------------------------------------------------------------------
// Schema markers
// ---------------------------------------------------------------------------

/// `x-const: true` beside a one-value `enum`: the schema was a 3.1 `const`.
/// Written by `normalize/schema.rs` (`const_to_enum`); no stage reads it yet
/// (lowering makes any one-value enum a const type).
pub(crate) const X_CONST: &str = "x-const";

/// `x-null: true` beside `nullable: true`: the schema admits only `null`
/// (`type: 'null'`, `const: null`, `enum: [null]`), which 3.0 cannot say.
/// Written and read by `normalize/schema.rs` (a `oneOf`/`anyOf` member
/// marked so makes its parent nullable).
pub(crate) const X_NULL: &str = "x-null";

/// A schema's 3.1 `examples` array, as it was; its first element also
/// becomes the 3.0 `example` if the schema has none. Written by
/// `normalize/schema.rs`; read by `lower/view.rs` (schema-level examples).
pub(crate) const X_EXAMPLES: &str = "x-examples";

// ---------------------------------------------------------------------------
// JSON Schema keywords that 3.0 cannot hold
//
// Each holds the keyword's value as it was, its subschemas normalized.
// Written by `normalize/schema.rs` (`MOVED_KEYWORDS`), which also keeps
// `$ref`s into them valid and, when it splits a type list, gives each
// type's keywords to that type's member (`keywords_of_type`).
// ---------------------------------------------------------------------------

/// `prefixItems`: the schemas of a tuple's leading items. Read by
/// `lower/schema.rs` (a tuple type).
pub(crate) const X_PREFIX_ITEMS: &str = "x-prefix-items";
/// `$defs`: schemas defined inside a schema. No stage reads it yet.
pub(crate) const X_DOLLAR_DEFS: &str = "x-$defs";
/// `definitions`: the draft-7 spelling of `$defs`. No stage reads it yet.
pub(crate) const X_DEFINITIONS: &str = "x-definitions";
/// `if`: the condition schema of `if`/`then`/`else`. No stage reads it yet.
pub(crate) const X_IF: &str = "x-if";
/// `then`: the schema applied when `if` holds. No stage reads it yet.
pub(crate) const X_THEN: &str = "x-then";
/// `else`: the schema applied when `if` fails. No stage reads it yet.
pub(crate) const X_ELSE: &str = "x-else";
/// `dependentSchemas`: property name to the schema that applies when it is
/// present. No stage reads it yet.
pub(crate) const X_DEPENDENT_SCHEMAS: &str = "x-dependentSchemas";
/// `dependentRequired`: property name to the properties it requires. No
/// stage reads it yet.
pub(crate) const X_DEPENDENT_REQUIRED: &str = "x-dependentRequired";
/// `unevaluatedProperties`: a schema or boolean for properties no other
/// keyword evaluated. No stage reads it yet.
pub(crate) const X_UNEVALUATED_PROPERTIES: &str = "x-unevaluatedProperties";
/// `unevaluatedItems`: a schema or boolean for items no other keyword
/// evaluated. No stage reads it yet.
pub(crate) const X_UNEVALUATED_ITEMS: &str = "x-unevaluatedItems";
/// `contentMediaType`: the media type of a string's content. Read by
/// `lower/operations.rs` (without [`X_CONTENT_ENCODING`], a file field).
pub(crate) const X_CONTENT_MEDIA_TYPE: &str = "x-contentMediaType";
/// `contentEncoding`: how a string's content is encoded (`base64`...). Read
/// by `lower/operations.rs` (an encoded string is no file field).
pub(crate) const X_CONTENT_ENCODING: &str = "x-contentEncoding";
/// `contentSchema`: the schema of a string's decoded content. No stage
/// reads it yet.
pub(crate) const X_CONTENT_SCHEMA: &str = "x-contentSchema";
/// `patternProperties`: regular expression to the schema of matching
/// properties. No stage reads it yet.
pub(crate) const X_PATTERN_PROPERTIES: &str = "x-patternProperties";
/// `propertyNames`: the schema every property name must match. No stage
/// reads it yet.
pub(crate) const X_PROPERTY_NAMES: &str = "x-propertyNames";
/// `contains`: a schema some item of an array must match. No stage reads
/// it yet.
pub(crate) const X_CONTAINS: &str = "x-contains";
/// `minContains`: how many items at least must match `contains`. No stage
/// reads it yet.
pub(crate) const X_MIN_CONTAINS: &str = "x-minContains";
/// `maxContains`: how many items at most may match `contains`. No stage
/// reads it yet.
pub(crate) const X_MAX_CONTAINS: &str = "x-maxContains";
/// `$id`: the schema's URI. No stage reads it yet.
pub(crate) const X_DOLLAR_ID: &str = "x-$id";
/// `$anchor`: a plain-name fragment for the schema. No stage reads it yet.
pub(crate) const X_DOLLAR_ANCHOR: &str = "x-$anchor";
/// `$comment`: a comment for schema authors. No stage reads it yet.
pub(crate) const X_DOLLAR_COMMENT: &str = "x-$comment";
/// `$schema`: the JSON Schema dialect of the schema. No stage reads it yet.
pub(crate) const X_DOLLAR_SCHEMA: &str = "x-$schema";
/// `$dynamicRef`: a dynamic reference. No stage reads it yet.
pub(crate) const X_DOLLAR_DYNAMIC_REF: &str = "x-$dynamicRef";

// ---------------------------------------------------------------------------
// Document markers
//
// Written by `normalize/document.rs` for a 3.1 document.
// ---------------------------------------------------------------------------

/// At the root, right after `openapi` (which becomes `3.0.3`): the version
/// the document declared. No stage of the generator reads it; the
/// normalize tests do.
pub(crate) const X_ORIGINAL_OPENAPI: &str = "x-original-openapi";

/// At the root: the 3.1 `webhooks`, name to Path Item. Read by
/// `normalize/walk.rs` (normalizes its schemas), `normalize/merge.rs` (a
/// section merged name by name, with origins) and `lower/webhooks.rs`.
pub(crate) const X_WEBHOOKS: &str = "x-webhooks";

/// At the root: the 3.1 `jsonSchemaDialect`. No stage reads it yet.
pub(crate) const X_JSON_SCHEMA_DIALECT: &str = "x-jsonSchemaDialect";

/// In `info`: the 3.1 `info.summary`. No stage reads it yet.
pub(crate) const X_SUMMARY: &str = "x-summary";

/// In `info.license`: the 3.1 SPDX `identifier`. No stage reads it yet.
pub(crate) const X_IDENTIFIER: &str = "x-identifier";

/// In `components`: the 3.1 `pathItems`, name to Path Item; references to
/// them (`#/components/pathItems/..`) are rewritten to match. Read by
/// `normalize/walk.rs`.
pub(crate) const X_PATH_ITEMS: &str = "x-pathItems";

// ---------------------------------------------------------------------------
// Specification extensions
// ---------------------------------------------------------------------------

/// What every extension key, marker or vendor, starts with. The stages that
/// walk the raw document skip such keys where the specification's own keys
/// are names (paths, status codes, expressions) or where extensions hold
/// arbitrary data: `normalize/walk.rs`, `parse.rs`, `refs.rs`.
pub(crate) const EXTENSION_PREFIX: &str = "x-";
