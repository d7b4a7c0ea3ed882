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

/// A string enum.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Known values in spec order.
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that keeps values the spec does not list.
    pub unknown_variant: String,
}

/// One known value of a string enum.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// The exact wire string.
    pub wire: String,
    /// The Rust variant name.
    pub name: String,
}

/// A constant string value (`const: success`).
#[derive(Debug, Clone)]
pub struct ConstValue {
    /// The only accepted wire string.
    pub wire: String,
    /// The Rust name of the single unit variant.
    pub variant: String,
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
    /// The type a successful call returns: the body of the first 2xx
    /// response that has one; `None` for no body.
    pub success: Option<TypeRef>,
    /// The type of error bodies: the `default` response's, else the only
    /// one the 4xx/5xx responses share; JSON when they differ.
    pub error: Option<TypeRef>,
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
    /// Its type.
    pub ty: TypeRef,
    /// Must be sent.
    pub required: bool,
    /// Documentation.
    pub docs: Option<String>,
}

/// One response of an operation.
#[derive(Debug, Clone)]
pub struct Response {
    /// `"200"`, `"4XX"` or `"default"`.
    pub status: String,
    /// The description.
    pub docs: Option<String>,
    /// The body's media type and type, when it has a body.
    pub body: Option<(String, TypeRef)>,
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
}
