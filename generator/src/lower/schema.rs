//! Schemas to Rust types. The type mapping is decided here, once:
//!
//! | schema | Rust |
//! |---|---|
//! | `string` `date-time`, `date`, `uuid` | the runtime's `DateTime`, `Date`, `Uuid`: the wire text, kept, and its typed value when it reads (`String` with `Options::typed_formats` off) |
//! | `string` (other formats: uri, byte, binary...) | `String` (lossless; formats are documented) |
//! | `integer` `int8..int64`, `uint8..uint64` (`uint`: `u64`); none | `i8..i64`, `u8..u64`; `i64` |
//! | `number` `float`; `double` or none | `f32`; `f64` |
//! | `boolean` | `bool` |
//! | string `enum` (2+ values) | open enum: known variants + `Unknown(String)` |
//! | `oneOf`/`anyOf` of string or integer `const`s | open enum, variants named by the members' titles |
//! | `const`, or a one-value `enum` | a type that accepts only that value (a one-variant enum for a string, a unit struct for a number or boolean) |
//! | other `enum` (numbers, booleans) | the base type |
//! | `object` with `properties` | struct (`additionalProperties` -> flattened map) |
//! | `object` without `properties` | `BTreeMap<String, T>` (`T` = JSON value if untyped) |
//! | `array` | `Vec<T>`; with `prefixItems` and no further `items`, a tuple |
//! | `oneOf` / `anyOf` | enum of the alternatives: by discriminator (mapping, or the members' constant), else the first variant that keeps the whole value, else the first that reads it |
//! | `allOf` of objects | one struct with every member's properties |
//! | anything else (`not`, `{}`, mixed `allOf`) | `serde_json::Value` |
//!
//! Enums, objects and unions are lowered in `enums.rs`, `objects.rs` and
//! `unions.rs`. Bodies that are not JSON (`bodies.rs`): text is `String`, anything
//! else with a string schema is bytes (`Vec<u8>`).

use openapiv3::Schema;
use serde_json::Value;

use super::enums::short_enum_name;
use super::view::View;
use super::{Ctx, Lowered, Lowerer, RefOr};
use crate::error::Result;
use crate::ir::{FloatKind, IntKind, StringFormat, TypeKind, TypeRef};
use crate::markers;
use crate::naming::type_name;

/// What a schema needs: just a type, or a named type of its own.
pub(super) enum Shape {
    Type(TypeRef, bool),
    Def(TypeKind),
}

/// How many `$ref`s in a row are followed before the chain is taken for a
/// loop.
pub(super) const MAX_REF_HOPS: usize = 64;

impl<'a> Lowerer<'a> {
    /// Resolves `#/components/schemas/X` to the component's name.
    pub(super) fn component_name<'r>(&self, reference: &'r str, at: &str) -> Result<&'r str> {
        let Some(name) = reference.strip_prefix("#/components/schemas/") else {
            return Err(if reference.starts_with('#') {
                self.invalid(
                    at,
                    format!(
                        "`$ref: {reference}` does not point at a schema in #/components/schemas"
                    ),
                )
            } else {
                self.unsupported(
                    at,
                    format!("`$ref: {reference}` points outside this document"),
                )
            });
        };
        let name = name.split('/').next().unwrap_or(name);
        if self.components.contains_key(name) {
            Ok(name)
        } else {
            Err(self.invalid(at, format!("dangling `$ref: {reference}`: no such schema")))
        }
    }

    /// The type a `$ref` stands for.
    pub(super) fn reference(&mut self, reference: &str, at: &str) -> Result<Lowered> {
        let name = self.component_name(reference, at)?.to_string();
        Ok(Lowered {
            ty: TypeRef::Named(self.components[&name]),
            nullable: self
                .nullable_components
                .get(&name)
                .copied()
                .unwrap_or(false),
            docs: None,
            deprecated: false,
        })
    }

    /// Follows `$ref`s to the schema they name.
    pub(super) fn resolve(&self, mut r: RefOr<'a>, at: &str) -> Result<&'a Schema> {
        for _ in 0..MAX_REF_HOPS {
            match r {
                RefOr::Item(schema) => return Ok(schema),
                RefOr::Ref(reference) => {
                    let name = self.component_name(reference, at)?;
                    let schemas = self
                        .component_schemas()
                        .ok_or_else(|| self.invalid(at, "no components"))?;
                    r = (&schemas[name]).into();
                }
            }
        }
        Err(self.invalid(at, "`$ref` cycle with no schema in it"))
    }

    /// Whether values of a schema may be null (following references).
    pub(super) fn is_nullable(&self, r: RefOr<'_>, depth: usize) -> Result<bool> {
        let schema = match r {
            RefOr::Item(s) => s,
            RefOr::Ref(reference) => {
                if depth > MAX_REF_HOPS {
                    return Err(self.invalid(reference, "`$ref` cycle with no schema in it"));
                }
                let name = self.component_name(reference, "#/components/schemas")?;
                let schemas = self
                    .component_schemas()
                    .ok_or_else(|| self.invalid("#", "no components"))?;
                return self.is_nullable((&schemas[name]).into(), depth + 1);
            }
        };
        if schema.schema_data.nullable {
            return Ok(true);
        }
        // A one-member `allOf`/`oneOf` (a `$ref` with siblings) is as
        // nullable as its member.
        let view = View::of(schema);
        let single = [view.all_of, view.one_of, view.any_of]
            .into_iter()
            .find(|m| m.len() == 1 && view.properties.is_none());
        match single {
            Some(members) => self.is_nullable((&members[0]).into(), depth + 1),
            None => Ok(false),
        }
    }

    /// Lowers a schema at a use site; inline schemas that need a type of their
    /// own get one, named from `ctx`.
    pub(super) fn schema_at(&mut self, r: RefOr<'a>, ctx: &Ctx) -> Result<Lowered> {
        let schema = match r {
            RefOr::Ref(reference) => return self.reference(reference, &ctx.pointer),
            RefOr::Item(schema) => schema,
        };
        let data = &schema.schema_data;
        let docs = self
            .docs
            .join(&[data.title.as_deref(), data.description.as_deref()]);
        let docs = with_constraints(docs, &View::of(schema));
        let (ty, nullable) = match self.shape(schema, ctx)? {
            Shape::Type(ty, nullable) => (ty, nullable || data.nullable),
            Shape::Def(kind) => (self.inline_type(kind, schema, ctx), data.nullable),
        };
        self.schema_examples(schema, &ty, ctx);
        Ok(Lowered {
            ty,
            nullable,
            docs,
            deprecated: data.deprecated,
        })
    }

    /// What a component schema becomes: its own kind, or an alias.
    pub(super) fn component_kind(&mut self, schema: &'a Schema, ctx: &Ctx) -> Result<TypeKind> {
        Ok(match self.shape(schema, ctx)? {
            Shape::Def(kind) => kind,
            Shape::Type(ty, _) => TypeKind::Alias(ty),
        })
    }

    /// Names and adds an inline type. Enums and constants under a property
    /// whose name has two or more words are named from the property alone
    /// (`setup_status` -> `SetupStatus`) and shared by identical schemas.
    pub(super) fn inline_type(&mut self, kind: TypeKind, schema: &Schema, ctx: &Ctx) -> TypeRef {
        let docs = self.docs.join(&[
            schema.schema_data.title.as_deref(),
            schema.schema_data.description.as_deref(),
        ]);
        let short = match (&kind, &ctx.property) {
            (TypeKind::Enum(e), Some(prop)) => Some((
                short_enum_name(&ctx.name, prop),
                format!(
                    "enum:{:?}:{:?}",
                    e.integer,
                    e.variants.iter().map(|v| &v.wire).collect::<Vec<_>>()
                ),
            )),
            (TypeKind::Const(c), Some(prop)) => Some((
                type_name(&format!("{prop} {}", c.text()), "Const"),
                format!("const:{}", c.value),
            )),
            _ => None,
        };
        if let Some((name, fingerprint)) = short {
            if let Some((seen, id)) = self.shared.get(&name) {
                if *seen == fingerprint {
                    return TypeRef::Named(*id);
                }
            } else if !self.names.is_taken(&name) {
                let id = self.add_type(
                    &name,
                    &ctx.pointer,
                    docs,
                    schema.schema_data.deprecated,
                    kind,
                );
                self.shared.insert(name, (fingerprint, id));
                return TypeRef::Named(id);
            }
        }
        let title = schema
            .schema_data
            .title
            .as_deref()
            .filter(|t| !self.names.is_taken(&type_name(t, "Type")));
        let name = title.unwrap_or(&ctx.name).to_string();
        TypeRef::Named(self.add_type(
            &name,
            &ctx.pointer,
            docs,
            schema.schema_data.deprecated,
            kind,
        ))
    }

    pub(super) fn shape(&mut self, schema: &'a Schema, ctx: &Ctx) -> Result<Shape> {
        let view = View::of(schema);
        if view.not {
            return Ok(Shape::Type(TypeRef::Json, false));
        }
        if let Some(shape) = self.enum_shape(&view) {
            return Ok(shape);
        }
        let alternatives = if view.one_of.is_empty() {
            view.any_of
        } else {
            view.one_of
        };
        if !alternatives.is_empty() && view.properties.is_none() {
            if alternatives.len() > 1 {
                if let Some(e) = self.const_union(alternatives, &view, &ctx.pointer) {
                    return Ok(Shape::Def(TypeKind::Enum(e)));
                }
            }
            if alternatives.len() == 1 {
                let member = self.schema_at((&alternatives[0]).into(), ctx)?;
                return Ok(Shape::Type(member.ty, member.nullable));
            }
            return Ok(Shape::Def(TypeKind::Union(self.union(
                &view,
                alternatives,
                ctx,
            )?)));
        }
        if !view.all_of.is_empty() {
            if view.all_of.len() == 1 && view.properties.is_none() {
                let member = self.schema_at((&view.all_of[0]).into(), ctx)?;
                return Ok(Shape::Type(member.ty, member.nullable));
            }
            return Ok(match self.merged_struct(&view, ctx)? {
                Some(s) => Shape::Def(TypeKind::Struct(s)),
                None => Shape::Type(TypeRef::Json, false),
            });
        }
        let ty = match view.typ {
            Some("string") => self.string_type(view.format.as_deref()),
            Some("boolean") => TypeRef::Bool,
            Some("integer") => TypeRef::Integer(int_kind(view.format.as_deref())),
            Some("number") => match view.format.as_deref() {
                Some("float") => TypeRef::Float(FloatKind::F32),
                _ => TypeRef::Float(FloatKind::F64),
            },
            Some("array") if view.data.extensions.contains_key(markers::X_PREFIX_ITEMS) => {
                self.tuple(&view, ctx)?
            }
            Some("array") => match view.items {
                Some(items) => {
                    let item = self.schema_at(items.into(), &ctx.child("item", "items"))?;
                    TypeRef::Array(Box::new(nullable_in_container(item)))
                }
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            _ if view.is_object() => {
                if view.properties.is_some_and(|p| !p.is_empty()) {
                    return Ok(Shape::Def(TypeKind::Struct(self.object(&view, ctx)?)));
                }
                TypeRef::Map(Box::new(
                    self.additional(&view, ctx)?.unwrap_or(TypeRef::Json),
                ))
            }
            _ => TypeRef::Json,
        };
        Ok(Shape::Type(ty, false))
    }

    /// A string of `format`: a typed format's runtime type (unless the
    /// options keep plain strings), else `String`.
    pub(super) fn string_type(&mut self, format: Option<&str>) -> TypeRef {
        match format.and_then(StringFormat::from_format) {
            Some(format) if self.typed_formats => {
                self.formats.insert(format);
                TypeRef::Format(format)
            }
            _ => TypeRef::String,
        }
    }
}

/// Adds what the spec constrains but the Rust type does not check (format,
/// pattern, ranges) to a field's docs.
pub(super) fn with_constraints(docs: Option<String>, view: &View<'_>) -> Option<String> {
    let mut notes = Vec::new();
    if let Some(format) = &view.format {
        notes.push(format!("Format: {}.", code(format)));
    }
    if let Some(pattern) = view.pattern {
        notes.push(format!(
            "Pattern: {} (documented, not checked).",
            code(pattern)
        ));
    }
    if notes.is_empty() {
        return docs;
    }
    let notes = notes.join("\n");
    Some(match docs {
        Some(d) => format!("{d}\n\n{notes}"),
        None => notes,
    })
}

/// Inline markdown code that survives backticks and newlines in its content.
pub(super) fn code(text: &str) -> String {
    crate::docs::code_span(text)
}

pub(super) fn nullable_in_container(lowered: Lowered) -> TypeRef {
    if lowered.nullable && lowered.ty != TypeRef::Json {
        TypeRef::Nullable(Box::new(lowered.ty))
    } else {
        lowered.ty
    }
}

/// The type of a schema given as raw JSON (a tuple item): its scalar type,
/// else any JSON.
pub(super) fn scalar_type(schema: &Value) -> TypeRef {
    let format = schema.get("format").and_then(Value::as_str);
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => TypeRef::String,
        Some("boolean") => TypeRef::Bool,
        Some("integer") => TypeRef::Integer(int_kind(format)),
        Some("number") if format == Some("float") => TypeRef::Float(FloatKind::F32),
        Some("number") => TypeRef::Float(FloatKind::F64),
        _ => TypeRef::Json,
    }
}

pub(super) fn int_kind(format: Option<&str>) -> IntKind {
    match format {
        Some("int8") => IntKind::I8,
        Some("int16") => IntKind::I16,
        Some("int32") => IntKind::I32,
        Some("uint8") => IntKind::U8,
        Some("uint16") => IntKind::U16,
        Some("uint32") => IntKind::U32,
        // `uint` is what schemars writes for `usize`.
        Some("uint64" | "uint") => IntKind::U64,
        _ => IntKind::I64,
    }
}
