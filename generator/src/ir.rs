//! The intermediate representation: what to generate, in Rust terms.
//!
//! Nothing here refers to `openapiv3`; the lowering stage resolves every
//! `$ref`, names every type and decides every Rust type, so that emitters only
//! have to spell out what they are given.

use serde_json::Value;

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
    /// Security schemes the API declares.
    pub security: Vec<SecurityScheme>,
    /// Every example the spec gives for a JSON value, with its type.
    pub examples: Vec<Example>,
    /// Webhooks (OpenAPI 3.1 `webhooks`): requests the API sends to the
    /// user's server, in spec order.
    pub webhooks: Vec<Webhook>,
}

impl Api {
    /// Follows aliases to the type they stand for.
    pub fn resolve_alias<'a>(&'a self, mut ty: &'a TypeRef) -> &'a TypeRef {
        for _ in 0..self.types.len() {
            match ty {
                TypeRef::Named(id) => match &self.types[id.0].kind {
                    TypeKind::Alias(inner) => ty = inner,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }
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
    pub name: String,
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
    pub fn additional_field_name(&self) -> Option<String> {
        self.additional.as_ref()?;
        let mut name = String::from("additional_properties");
        while self
            .fields
            .iter()
            .any(|f| crate::naming::unraw(&f.name) == name)
        {
            name.push('_');
        }
        Some(name)
    }
}

/// One property of an object.
#[derive(Debug, Clone)]
pub struct Field {
    /// The property name in JSON.
    pub wire_name: String,
    /// The Rust field name (snake_case, escaped, unique in the struct).
    pub name: String,
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
    pub unknown_variant: String,
    /// `None` for string values; the integer type for integer values
    /// (`oneOf` of integer `const`s, as Discord writes its enums).
    pub integer: Option<IntKind>,
}

/// One known value of an enum.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// The exact wire string; for an integer enum, the number in decimal.
    pub wire: String,
    /// The Rust variant name.
    pub name: String,
    /// Documentation of the value (the `description` of a `const` member).
    pub docs: Option<String>,
}

/// A constant value (`const: success`, `const: true`, `const: 42`).
#[derive(Debug, Clone)]
pub struct ConstValue {
    /// The only accepted value: a string, number or boolean.
    pub value: Value,
    /// The Rust name of the single unit variant (string constants), used
    /// for the type's name too.
    pub variant: String,
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
    pub name: String,
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
    pub name: String,
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
    pub name: String,
    /// The group (tag) it belongs to, as a Rust module/accessor name; `None`
    /// for operations without tags.
    pub group: Option<String>,
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
    /// `"404"`, `"4XX"` or `"default"`.
    pub status: String,
    /// The union variant its body reads as; `None` when it has no body.
    pub variant: Option<String>,
}

/// An operation parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// The wire name.
    pub wire_name: String,
    /// The Rust argument name.
    pub name: String,
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

/// One response of an operation.
#[derive(Debug, Clone)]
pub struct Response {
    /// `"200"`, `"4XX"` or `"default"`.
    pub status: String,
    /// The description.
    pub docs: Option<String>,
    /// The body, when it has one.
    pub body: Option<ResponseBody>,
}

impl Response {
    /// A 2xx (or `2XX`) response.
    pub fn is_success(&self) -> bool {
        self.status.starts_with('2')
    }

    /// A 4xx or 5xx response, or `default`: one whose body is an error's.
    pub fn is_error(&self) -> bool {
        !matches!(self.status.chars().next(), Some('1'..='3'))
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
    pub name: String,
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
    pub name: String,
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
