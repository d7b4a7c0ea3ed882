//! The intermediate representation: what to generate, in Rust terms.
//!
//! Nothing here refers to `openapiv3`; the lowering stage resolves every
//! `$ref`, names every type and decides every Rust type, so that emitters only
//! have to spell out what they are given.

use serde_json::Value;

pub use crate::naming::RustIdent;

/// A whole API, ready to be emitted.
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`, with links made absolute.
    pub description: Option<String>,
    /// Servers, in the spec's order; the first is the default.
    pub servers: Vec<Server>,
    /// Every named type, in a deterministic order (components first, in spec
    /// order, then inline types in the order they were found).
    pub types: Vec<TypeDef>,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
    /// The operation groups, in the order of their first operation.
    pub groups: Vec<Group>,
    /// Security schemes the API declares.
    pub security: Vec<SecurityScheme>,
    /// Every example the spec gives for a JSON value, with its type.
    pub examples: Vec<Example>,
    /// Webhooks (OpenAPI 3.1 `webhooks`): requests the API sends to the
    /// user's server, in spec order.
    pub webhooks: Vec<Webhook>,
    /// The generated crate's cargo features and which of them compile each
    /// type (see [`Features`]).
    pub features: Features,
}

impl Api {
    /// Follows aliases to the type they stand for.
    pub fn resolve_alias<'a>(&'a self, mut ty: &'a TypeRef) -> &'a TypeRef {
        for _ in 0..self.types.len() {
            match ty {
                TypeRef::Named(id) => match &self[id].kind {
                    TypeKind::Alias(inner) => ty = inner,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }
}

impl Api {
    /// The operations of a group, in spec order.
    pub fn group_operations(&self, group: &Group) -> impl Iterator<Item = &Operation> {
        group.operations.iter().map(|&i| &self.operations[i])
    }
}

/// Index of a [`Group`] in [`Api::groups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupId(pub usize);

/// A group of operations (one tag): an accessor method of the client that
/// gives a struct with one method per operation.
#[derive(Debug, Clone)]
pub struct Group {
    /// The client's accessor method (`connect`), snake_case, unique among
    /// the client's methods.
    pub accessor: RustIdent,
    /// The struct of the group's methods (`ConnectApi`), unique.
    pub struct_name: RustIdent,
    /// Its operations: indices into [`Api::operations`], in spec order.
    pub operations: Vec<usize>,
}

/// Index of a [`Feature`] in [`Features::list`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FeatureId(pub usize);

/// The cargo features of the generated crate, all on by default: one per
/// operation group, one for the webhooks, and one for the types that no
/// operation or webhook uses. A type is compiled when any feature that
/// reaches it is on, so that an application that uses one group compiles
/// that group's operations and the types they reach, and nothing else.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Every feature, in order: the groups' (in [`Api::groups`] order), then
    /// the webhooks', then the unreached types'.
    pub list: Vec<Feature>,
    /// The feature of each group, by [`GroupId`].
    pub groups: Vec<FeatureId>,
    /// The webhooks' feature, when the spec has webhooks.
    pub webhooks: Option<FeatureId>,
    /// The feature of the types no operation or webhook reaches, when there
    /// are any.
    pub unreached: Option<FeatureId>,
    /// For each type, by [`TypeId`], the features that compile it, sorted
    /// and never empty: those whose operations or webhooks reach it through
    /// any chain of type references, or else the unreached types' feature.
    pub of_type: Vec<Vec<FeatureId>>,
}

impl Features {
    /// The features that compile a type.
    pub fn of(&self, TypeId(index): TypeId) -> &[FeatureId] {
        self.of_type.get(index).map_or(&[], Vec::as_slice)
    }

    /// A feature's name.
    pub fn name(&self, FeatureId(index): FeatureId) -> &str {
        &self.list[index].name
    }
}

/// One cargo feature of the generated crate.
#[derive(Debug, Clone)]
pub struct Feature {
    /// Its name in `Cargo.toml` and `cfg(feature = ...)`: a group's
    /// accessor in kebab-case (`hris`, `assessment-api`), `webhooks`, or
    /// `unreached-models`.
    pub name: String,
    /// What it turns on.
    pub kind: FeatureKind,
}

/// What a [`Feature`] turns on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureKind {
    /// A group's operations and the types they reach.
    Group(GroupId),
    /// The webhooks module and the types its payloads reach.
    Webhooks,
    /// The types that no operation or webhook reaches (component schemas
    /// the spec defines but never uses).
    Unreached,
}

/// Index of a [`TypeDef`] in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// `api[id]`: the type an id names.
impl std::ops::Index<TypeId> for Api {
    type Output = TypeDef;

    fn index(&self, TypeId(index): TypeId) -> &TypeDef {
        &self.types[index]
    }
}

/// `api[id]` for an id held by reference (`TypeRef::Named(id)` in a match).
impl std::ops::Index<&TypeId> for Api {
    type Output = TypeDef;

    fn index(&self, id: &TypeId) -> &TypeDef {
        &self[*id]
    }
}

/// One named Rust type to generate.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust identifier (UpperCamelCase, unique, not a keyword or std name clash).
    pub name: RustIdent,
    /// Where in the spec it was defined (JSON pointer), for docs and errors.
    pub origin: String,
    /// Documentation (markdown).
    pub docs: Option<String>,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// What kind of type it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum.
    Enum(Enum),
    /// A string that must have exactly one value (`const`, or a one-value enum).
    Const(ConstValue),
    /// `oneOf`/`anyOf`: one of several types.
    Union(Union),
    /// Another name for a type (`type X = ...`).
    Alias(TypeRef),
    /// A wrapper struct around a type (`struct X(T)`), used where an alias
    /// would be recursive, which Rust does not allow.
    Newtype(TypeRef),
}

/// An object type.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// `additionalProperties`: the value type of the extra keys, if allowed
    /// and typed; collected in a flattened map.
    pub additional: Option<TypeRef>,
}

impl Struct {
    /// The Rust name of the flattened map of extra properties, when the
    /// struct has one: `additional_properties`, with `_` added until it
    /// differs from every field.
    pub fn additional_field_name(&self) -> Option<RustIdent> {
        self.additional.as_ref()?;
        let mut name = String::from("additional_properties");
        while self.fields.iter().any(|f| f.name.bare() == name) {
            name.push('_');
        }
        Some(RustIdent::new(name))
    }
}

/// One property of an object.
#[derive(Debug, Clone)]
pub struct Field {
    /// The property name in JSON.
    pub wire_name: String,
    /// The Rust field name (snake_case, escaped, unique in the struct).
    pub name: RustIdent,
    /// The value type, without the `Option` that `required`/`nullable` add.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Must be boxed to break a cycle of types that contain each other.
    pub boxed: bool,
    /// Documentation (markdown).
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

impl Field {
    /// How the field is represented, from `required` and `nullable`.
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

/// The four combinations of required and nullable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, `None` serialized as `null`.
    RequiredNullable,
    /// May be absent: `Option<T>`, `None` left out.
    Optional,
    /// May be absent or null: `Option<Option<T>>`, absent / `null` / value.
    OptionalNullable,
}

/// A string or integer enum, open to values the spec does not list.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Known values in spec order.
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that keeps values the spec does not list.
    pub unknown_variant: RustIdent,
    /// `None` for string values; the integer type for integer values
    /// (`oneOf` of integer `const`s, as Discord writes its enums), wide
    /// enough for every value.
    pub integer: Option<IntKind>,
}

/// One known value of an enum.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// The exact wire value: a string, or for an integer enum a number
    /// that fits the enum's integer type.
    pub wire: EnumValue,
    /// The Rust variant name.
    pub name: RustIdent,
    /// Documentation of the value (the `description` of a `const` member).
    pub docs: Option<String>,
}

/// The wire value of an enum variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EnumValue {
    /// A string enum's value.
    String(String),
    /// An integer enum's value (wide enough for any `i64` or `u64`).
    Integer(i128),
}

impl std::fmt::Display for EnumValue {
    /// The string itself, or the number in decimal.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnumValue::String(s) => f.write_str(s),
            EnumValue::Integer(n) => write!(f, "{n}"),
        }
    }
}

impl IntKind {
    /// Whether `n` is a value of this type.
    pub fn fits(self, n: i128) -> bool {
        let (min, max) = match self {
            IntKind::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntKind::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntKind::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntKind::I64 => (i64::MIN.into(), i64::MAX.into()),
            IntKind::U8 => (0, u8::MAX.into()),
            IntKind::U16 => (0, u16::MAX.into()),
            IntKind::U32 => (0, u32::MAX.into()),
            IntKind::U64 => (0, u64::MAX.into()),
        };
        (min..=max).contains(&n)
    }
}

/// A constant value (`const: success`, `const: true`, `const: 42`).
#[derive(Debug, Clone)]
pub struct ConstValue {
    /// The only accepted value: a string, number or boolean.
    pub value: Value,
    /// The Rust name of the single unit variant (string constants), used
    /// for the type's name too.
    pub variant: RustIdent,
}

impl ConstValue {
    /// The value as text: the string itself, or the JSON of a number or
    /// boolean.
    pub fn text(&self) -> String {
        match &self.value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// A `oneOf`/`anyOf`.
#[derive(Debug, Clone)]
pub struct Union {
    /// The alternatives, tried in order unless a discriminator picks one.
    pub variants: Vec<UnionVariant>,
    /// The property whose value selects the variant, if the spec names one.
    pub discriminator: Option<String>,
}

/// One alternative of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: RustIdent,
    /// The type it holds.
    pub ty: TypeRef,
    /// Discriminator values that select it (empty when untagged).
    pub tags: Vec<String>,
    /// Must be boxed to break a cycle.
    pub boxed: bool,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A generated type.
    Named(TypeId),
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// An integer type.
    Integer(IntKind),
    /// A floating-point type.
    Float(FloatKind),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `Option<T>` inside a container: an array item or map value that may
    /// be `null`.
    Nullable(Box<TypeRef>),
    /// A map from string keys (`BTreeMap<String, T>`).
    Map(Box<TypeRef>),
    /// A fixed-length array of differently typed items (`prefixItems`): a
    /// Rust tuple.
    Tuple(Vec<TypeRef>),
    /// Raw bytes (`Vec<u8>`): a binary request or response body.
    Bytes,
    /// Any JSON value (`serde_json::Value`): used where the spec allows
    /// anything, or where Rust has no faithful type.
    Json,
}

/// Rust integer types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntKind {
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
}

/// Rust floating-point types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FloatKind {
    /// `f32`
    F32,
    /// `f64`
    F64,
}

/// A server the API is reachable at.
#[derive(Debug, Clone)]
pub struct Server {
    /// The Rust variant name (`Eu`, `Us`).
    pub name: RustIdent,
    /// The base URL.
    pub url: String,
    /// The spec's description.
    pub description: Option<String>,
}

/// A security scheme.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// The scheme's key in `components.securitySchemes`.
    pub key: String,
    /// How credentials are sent.
    pub kind: SecurityKind,
    /// The spec's description.
    pub docs: Option<String>,
}

/// How a security scheme sends credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic ...`.
    Basic,
    /// A key in a header, query parameter or cookie.
    ApiKey {
        /// Where the key goes.
        location: ParamLocation,
        /// The header, query or cookie name.
        name: String,
    },
    /// Something the generated client cannot apply by itself (OAuth2 flows,
    /// OpenID Connect): callers supply a bearer token they obtained.
    Other(String),
}

/// One operation (method + path).
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's operationId, or one derived from method and path.
    pub operation_id: String,
    /// The Rust method name (snake_case).
    pub name: RustIdent,
    /// The group (tag) it belongs to.
    pub group: GroupId,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template, e.g. `/connect/integration-by-token/{token}`.
    pub path: String,
    /// Where it is in the spec (JSON pointer).
    pub origin: String,
    /// Summary (markdown).
    pub summary: Option<String>,
    /// Description (markdown).
    pub description: Option<String>,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// A deprecation the spec states only in prose (the description says the
    /// endpoint is being deprecated): the sentence, for the docs.
    pub deprecation_note: Option<String>,
    /// The operationId of the operation the deprecation note points to.
    pub replaced_by: Option<String>,
    /// Parameters in spec order (path-level ones merged in).
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// Responses by status (`"200"`, `"4XX"`, `"default"`), in spec order.
    pub responses: Vec<Response>,
    /// Security requirement keys that apply (empty: no auth).
    pub security: Vec<String>,
    /// The type a successful call returns: the body every 2xx response
    /// with a body shares (`Option` of it when another 2xx has none), JSON
    /// when they differ; `None` for no body.
    pub success: Option<TypeRef>,
    /// How a success body is read: [`Encoding::Json`], [`Encoding::Text`]
    /// (into `String`) or [`Encoding::Binary`] (into `Vec<u8>`).
    pub success_decoding: Encoding,
    /// The type of error bodies: the `default` response's, else the only
    /// one the 4xx/5xx responses share; JSON when they differ.
    pub error: Option<TypeRef>,
    /// How an error body is read, as for `success_decoding`.
    pub error_decoding: Encoding,
    /// When the 2xx bodies differ, which variant of the `success` union each
    /// status gives.
    pub success_by_status: Option<ByStatus>,
    /// When the error bodies differ, which variant of the `error` union each
    /// status gives.
    pub error_by_status: Option<ByStatus>,
    /// What the docs say about the responses (which status gives which
    /// type), one sentence each.
    pub response_notes: Vec<String>,
    /// The `Accept` header, when some response is not JSON: the responses'
    /// media types, successes first (`image/png, application/json`).
    pub accept: Option<String>,
    /// What the generated method cannot do faithfully yet, and what it does
    /// instead (a body it cannot send, a response it decodes as JSON): one
    /// sentence each, for its docs.
    pub limitations: Vec<String>,
}

/// How a JSON body whose type depends on the status is read: by the
/// status's variant of a union.
#[derive(Debug, Clone)]
pub struct ByStatus {
    /// The union type.
    pub union: TypeId,
    /// Each documented status, in spec order.
    pub arms: Vec<StatusArm>,
}

/// One documented status of a [`ByStatus`].
#[derive(Debug, Clone)]
pub struct StatusArm {
    /// The status.
    pub status: Status,
    /// The union variant its body reads as; `None` when it has no body.
    pub variant: Option<RustIdent>,
}

/// An operation parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// The wire name.
    pub wire_name: String,
    /// The Rust argument name.
    pub name: RustIdent,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Must be given.
    pub required: bool,
    /// Documentation.
    pub docs: Option<String>,
    /// How the value is written (`style`, or JSON for a `content` parameter).
    pub style: ParamStyle,
    /// `explode`: arrays and objects as one parameter per item.
    pub explode: bool,
}

/// How a parameter value is serialized (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// `form` (query, cookie): `a=1&a=2` exploded, `a=1,2` not.
    Form,
    /// `simple` (path, header): `1,2`.
    Simple,
    /// `label` (path): `.1.2` exploded, `.1,2` not.
    Label,
    /// `matrix` (path): `;a=1;a=2` exploded, `;a=1,2` not.
    Matrix,
    /// `spaceDelimited` (query arrays): `a=1 2`.
    SpaceDelimited,
    /// `pipeDelimited` (query arrays): `a=1|2`.
    PipeDelimited,
    /// `deepObject` (query objects): `a[x]=1&a[y]=2`.
    DeepObject,
    /// A `content` parameter: the value as JSON text.
    Json,
}

/// Where a parameter or API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// The media type (`application/json`).
    pub media_type: String,
    /// How the body is encoded on the wire.
    pub encoding: Encoding,
    /// Its type: `String` for text, `Vec<u8>` for other bodies that are
    /// not JSON, form or multipart. A multipart body with file fields gets a
    /// struct of its own whose file fields are `Vec<u8>` (or arrays of it).
    pub ty: TypeRef,
    /// Must be sent.
    pub required: bool,
    /// Documentation.
    pub docs: Option<String>,
}

/// How a request or response body is encoded, from its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// `application/json`, `*+json`: serde JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`: a string.
    Text,
    /// Anything else (`application/octet-stream`, `image/png`, `*/*`):
    /// bytes.
    Binary,
}

impl Encoding {
    /// The encoding of a media type (parameters such as `charset` ignored).
    pub fn of(media_type: &str) -> Encoding {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        // `application/json+sarif` (GitHub) is JSON too, in the wrong order.
        if essence.starts_with("application/json") || essence.ends_with("+json") {
            Encoding::Json
        } else if essence == "application/x-www-form-urlencoded" {
            Encoding::Form
        } else if essence == "multipart/form-data" || essence.starts_with("multipart/") {
            Encoding::Multipart
        } else if essence.starts_with("text/") {
            Encoding::Text
        } else {
            Encoding::Binary
        }
    }
}

impl Encoding {
    /// How a response body in this encoding is read: JSON, text, or bytes
    /// (a form reads as its text, a multipart response as its bytes).
    pub fn decoding(self) -> Encoding {
        match self {
            Encoding::Json => Encoding::Json,
            Encoding::Text | Encoding::Form => Encoding::Text,
            Encoding::Binary | Encoding::Multipart => Encoding::Binary,
        }
    }
}

/// A response status as the spec keys it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// One code (`404`).
    Code(u16),
    /// A range of codes by its first digit (`4XX`: `4`).
    Range(u16),
    /// `default`: any status no other response lists.
    Default,
}

impl Status {
    /// The first digit of the code or range; `None` for `default`.
    fn class(self) -> Option<u16> {
        match self {
            Status::Code(mut code) => {
                while code >= 10 {
                    code /= 10;
                }
                Some(code)
            }
            Status::Range(digit) => Some(digit),
            Status::Default => None,
        }
    }

    /// A 2xx code or the `2XX` range.
    pub fn is_success(self) -> bool {
        self.class() == Some(2)
    }

    /// A 4xx or 5xx code or range, or `default`: one whose body is an
    /// error's.
    pub fn is_error(self) -> bool {
        !matches!(self.class(), Some(1..=3))
    }
}

impl std::fmt::Display for Status {
    /// As the spec writes it: `404`, `4XX`, `default`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(digit) => write!(f, "{digit}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

/// One response of an operation.
#[derive(Debug, Clone)]
pub struct Response {
    /// Its status.
    pub status: Status,
    /// The description.
    pub docs: Option<String>,
    /// The body, when it has one.
    pub body: Option<ResponseBody>,
}

impl Response {
    /// A 2xx (or `2XX`) response.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// A 4xx or 5xx response, or `default`: one whose body is an error's.
    pub fn is_error(&self) -> bool {
        self.status.is_error()
    }
}

/// The body of a response.
#[derive(Debug, Clone)]
pub struct ResponseBody {
    /// The media type the type was taken from.
    pub media_type: String,
    /// How it is encoded.
    pub encoding: Encoding,
    /// Its type: `String` for text, `Vec<u8>` for other bodies that are
    /// not JSON.
    pub ty: TypeRef,
}

/// A webhook: a request the API sends to the user's server.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The key in `webhooks` (`data-changed`).
    pub key: String,
    /// The Rust function name for reading its payload (snake_case).
    pub name: RustIdent,
    /// HTTP method, upper case.
    pub method: String,
    /// Where it is in the spec (JSON pointer).
    pub origin: String,
    /// Summary and description (markdown).
    pub docs: Option<String>,
    /// The request body the API sends, if any.
    pub payload: Option<Body>,
}

/// An example value from the spec, to be turned into a test.
#[derive(Debug, Clone)]
pub struct Example {
    /// A unique snake_case name for the test.
    pub name: RustIdent,
    /// Where it is in the spec (JSON pointer).
    pub origin: String,
    /// The example's summary or description, if any.
    pub docs: Option<String>,
    /// The type the value must deserialize into.
    pub ty: TypeRef,
    /// Whether the value may be `null` at the top (nullable schema).
    pub nullable: bool,
    /// The JSON value.
    pub value: Value,
    /// What the generated types do with it.
    pub check: ExampleCheck,
}

/// What reading an example into its generated type must give, found by
/// checking the example against the types before any code is written.
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleCheck {
    /// It fits its schema: it reads, and writes back as the same JSON.
    RoundTrip,
    /// It reads, but writes back as `back`: the spec's example has what its
    /// schema does not describe (a property the schema does not declare, a
    /// `null` where none is allowed, a required property missing). `notes`
    /// say what, each with its place in the example.
    Changes {
        /// The JSON the typed value writes back.
        back: Value,
        /// What differs, and why.
        notes: Vec<String>,
    },
    /// It violates its schema in a way the generated types refuse (a
    /// string where a number must be, a required property missing): reading
    /// it fails. `notes` say where.
    Rejected {
        /// Why it is refused.
        notes: Vec<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_as_the_spec_writes_them() {
        let cases = [
            (Status::Code(200), "200", true, false),
            (Status::Range(2), "2XX", true, false),
            (Status::Code(302), "302", false, false),
            (Status::Code(404), "404", false, true),
            (Status::Range(5), "5XX", false, true),
            (Status::Default, "default", false, true),
        ];
        for (status, text, success, error) in cases {
            assert_eq!(status.to_string(), text);
            assert_eq!(status.is_success(), success, "{text}");
            assert_eq!(status.is_error(), error, "{text}");
        }
    }

    #[test]
    fn integer_kinds_know_their_range() {
        assert!(IntKind::U8.fits(255) && !IntKind::U8.fits(256) && !IntKind::U8.fits(-1));
        assert!(IntKind::I8.fits(-128) && !IntKind::I8.fits(128));
        assert!(IntKind::U64.fits(u64::MAX.into()) && !IntKind::I64.fits(u64::MAX.into()));
    }
}
