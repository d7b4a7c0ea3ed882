//! Named types (structs, enums, constants, unions, aliases) and the uses
//! of types in fields, parameters and bodies.

use serde_json::Value;

use super::{RustIdent, TypeId};

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
    /// The properties that the first member of the object's `anyOf` or
    /// `oneOf` requires, where those members only list required properties
    /// ("at least one of `description` or `files`"): the type cannot say
    /// so, but a value a validating server accepts needs them. For samples.
    pub alternative_requires: Vec<String>,
}

impl Struct {
    /// The Rust name of the flattened map of extra properties, when the
    /// struct has one: `additional_properties`, with `_` added until it
    /// differs from every field.
    pub fn additional_field_name(&self) -> Option<RustIdent> {
        self.additional.as_ref()?;
        Some(self.free_name("additional_properties"))
    }

    /// `base`, with `_` added until it differs from every field's name: a
    /// name that generated code may give the extra properties' map or a
    /// local beside the fields.
    pub fn free_name(&self, base: &str) -> RustIdent {
        let mut name = base.to_string();
        while self.fields.iter().any(|f| f.name.bare() == name) {
            name.push('_');
        }
        RustIdent::new(name)
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
    /// A value a validating server accepts where the type alone does not
    /// say enough (a string's example, format or pattern), for the contract
    /// tests.
    pub sample: Option<Value>,
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
    /// A string of a format with a typed value (`date-time`, `date`,
    /// `uuid`): a runtime type that keeps the wire text and the value read
    /// from it.
    Format(StringFormat),
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

/// String formats that become typed values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StringFormat {
    /// `date-time` (RFC 3339): `DateTime`.
    DateTime,
    /// `date` (RFC 3339 `full-date`): `Date`.
    Date,
    /// `uuid` (RFC 9562): `Uuid`.
    Uuid,
}

impl StringFormat {
    /// The format a schema's `format` names, if it is one of these.
    pub fn from_format(format: &str) -> Option<Self> {
        match format {
            "date-time" => Some(StringFormat::DateTime),
            "date" => Some(StringFormat::Date),
            "uuid" => Some(StringFormat::Uuid),
            _ => None,
        }
    }

    /// The runtime type's name at the generated crate's root.
    pub fn type_name(self) -> &'static str {
        match self {
            StringFormat::DateTime => "DateTime",
            StringFormat::Date => "Date",
            StringFormat::Uuid => "Uuid",
        }
    }

    /// A valid value, for samples.
    pub fn sample(self) -> &'static str {
        match self {
            StringFormat::DateTime => "2024-01-01T00:00:00Z",
            StringFormat::Date => "2024-01-01",
            StringFormat::Uuid => "00000000-0000-4000-8000-000000000000",
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_kinds_know_their_range() {
        assert!(IntKind::U8.fits(255) && !IntKind::U8.fits(256) && !IntKind::U8.fits(-1));
        assert!(IntKind::I8.fits(-128) && !IntKind::I8.fits(128));
        assert!(IntKind::U64.fits(u64::MAX.into()) && !IntKind::I64.fits(u64::MAX.into()));
    }
}
