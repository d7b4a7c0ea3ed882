//! Schemas to Rust types. The type mapping is decided here, once:
//!
//! | schema | Rust |
//! |---|---|
//! | `string` (any format: dates, uuid, uri, byte, binary) | `String` (lossless; formats are documented) |
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
//! Bodies that are not JSON (`operations.rs`): text is `String`, anything
//! else with a string schema is bytes (`Vec<u8>`).

use openapiv3::{AdditionalProperties, Schema};
use serde_json::Value;

use super::view::View;
use super::{Ctx, Lowered, Lowerer, RefOr};
use crate::error::Result;
use crate::ir::{
    ConstValue, Enum, EnumVariant, Field, FloatKind, IntKind, Struct, TypeKind, TypeRef, Union,
    UnionVariant,
};
use crate::naming::{Namer, field_name, type_name};

/// What a schema needs: just a type, or a named type of its own.
enum Shape {
    Type(TypeRef, bool),
    Def(TypeKind),
}

const MAX_REF_HOPS: usize = 64;

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
    fn inline_type(&mut self, kind: TypeKind, schema: &Schema, ctx: &Ctx) -> TypeRef {
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

    fn shape(&mut self, schema: &'a Schema, ctx: &Ctx) -> Result<Shape> {
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
            Some("string") => TypeRef::String,
            Some("boolean") => TypeRef::Bool,
            Some("integer") => TypeRef::Integer(int_kind(view.format.as_deref())),
            Some("number") => match view.format.as_deref() {
                Some("float") => TypeRef::Float(FloatKind::F32),
                _ => TypeRef::Float(FloatKind::F64),
            },
            Some("array") if view.data.extensions.contains_key("x-prefix-items") => {
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

    fn enum_shape(&self, view: &View<'a>) -> Option<Shape> {
        if let [value] = view.enumeration.as_slice() {
            // `const`, or a one-value enum: a type that accepts only it.
            if !(value.is_string() || value.is_number() || value.is_boolean()) {
                return None;
            }
            return Some(Shape::Def(TypeKind::Const(ConstValue {
                value: value.clone(),
                variant: const_variant(value),
            })));
        }
        if view.enumeration.is_empty() || !matches!(view.typ, None | Some("string")) {
            return None;
        }
        let wires: Vec<&str> = view.enumeration.iter().filter_map(Value::as_str).collect();
        if wires.len() != view.enumeration.len() {
            return None;
        }
        let values = wires.iter().map(|w| (w.to_string(), None, None)).collect();
        Some(Shape::Def(TypeKind::Enum(open_enum(values, None))))
    }

    /// `oneOf`/`anyOf` whose members are all constants of one kind (strings
    /// or integers), as Discord writes its enums: an enum whose variants are
    /// named from the members' titles and documented by their descriptions.
    fn const_union(
        &self,
        members: &'a [openapiv3::ReferenceOr<Schema>],
        view: &View<'a>,
        at: &str,
    ) -> Option<Enum> {
        let mut values = Vec::with_capacity(members.len());
        let mut integers = 0;
        for member in members {
            let schema = self.resolve(member.into(), at).ok()?;
            let member_view = View::of(schema);
            let [value] = member_view.enumeration.as_slice() else {
                return None;
            };
            let wire = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) if n.is_i64() || n.is_u64() => {
                    integers += 1;
                    n.to_string()
                }
                _ => return None,
            };
            let docs = self.docs.render(schema.schema_data.description.as_deref());
            values.push((wire, schema.schema_data.title.clone(), docs));
        }
        let integer = match integers {
            0 => None,
            n if n == values.len() => Some(int_kind(view.format.as_deref())),
            _ => return None,
        };
        Some(open_enum(values, integer))
    }

    /// `prefixItems` (kept as `x-prefix-items`): a tuple when no further
    /// items are allowed, else an array of any JSON. Items are `$ref`s or
    /// plain scalars; anything else in them is any JSON.
    fn tuple(&mut self, view: &View<'a>, ctx: &Ctx) -> Result<TypeRef> {
        let Some(Value::Array(items)) = view.data.extensions.get("x-prefix-items") else {
            return Ok(TypeRef::Array(Box::new(TypeRef::Json)));
        };
        if view.items.is_some() {
            return Ok(TypeRef::Array(Box::new(TypeRef::Json)));
        }
        let mut types = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = format!("{}/prefixItems/{i}", ctx.pointer);
            let ty = match item.get("$ref").and_then(Value::as_str) {
                Some(reference) => self.reference(reference, &at)?.ty,
                None => scalar_type(item),
            };
            let nullable = item.get("nullable") == Some(&Value::Bool(true));
            types.push(if nullable && ty != TypeRef::Json {
                TypeRef::Nullable(Box::new(ty))
            } else {
                ty
            });
        }
        Ok(TypeRef::Tuple(types))
    }

    fn object(&mut self, view: &View<'a>, ctx: &Ctx) -> Result<Struct> {
        let mut fields = Vec::new();
        let mut namer = Namer::default();
        if let Some(properties) = view.properties {
            for (wire, prop) in properties {
                fields.push(self.field(
                    wire,
                    prop.into(),
                    view.required.contains(wire),
                    &mut namer,
                    ctx,
                )?);
            }
        }
        let additional = self.additional(view, ctx)?;
        Ok(Struct { fields, additional })
    }

    fn field(
        &mut self,
        wire: &str,
        prop: RefOr<'a>,
        required: bool,
        namer: &mut Namer,
        ctx: &Ctx,
    ) -> Result<crate::ir::Field> {
        let lowered = self.schema_at(prop, &ctx.property(wire))?;
        Ok(Field {
            wire_name: wire.to_string(),
            name: namer.unique(field_name(wire, "field")),
            ty: lowered.ty,
            required,
            nullable: lowered.nullable,
            boxed: false,
            docs: lowered.docs,
            deprecated: lowered.deprecated,
        })
    }

    /// The value type of `additionalProperties`, when extra keys are typed or
    /// explicitly allowed.
    fn additional(&mut self, view: &View<'a>, ctx: &Ctx) -> Result<Option<TypeRef>> {
        Ok(match view.additional {
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            Some(AdditionalProperties::Schema(s)) => {
                let value = self.schema_at(
                    s.as_ref().into(),
                    &ctx.child("value", "additionalProperties"),
                )?;
                Some(nullable_in_container(value))
            }
            Some(AdditionalProperties::Any(false)) | None => None,
        })
    }

    fn union(
        &mut self,
        view: &View<'a>,
        members: &'a [openapiv3::ReferenceOr<Schema>],
        ctx: &Ctx,
    ) -> Result<Union> {
        let discriminator = view.data.discriminator.as_ref();
        let mut namer = Namer::default();
        let mut variants = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let member: RefOr<'a> = member.into();
            let tags = match discriminator {
                Some(d) => self.discriminator_tags(d, member, &ctx.pointer),
                None => Vec::new(),
            };
            let hint = match member {
                RefOr::Ref(r) => r.rsplit('/').next().unwrap_or("variant").to_string(),
                RefOr::Item(s) => s.schema_data.title.clone().unwrap_or_else(|| {
                    tags.first()
                        .cloned()
                        .unwrap_or_else(|| variant_hint(&View::of(s), i))
                }),
            };
            let pointer_suffix = format!(
                "{}/{i}",
                if view.one_of.is_empty() {
                    "anyOf"
                } else {
                    "oneOf"
                }
            );
            let lowered = self.schema_at(member, &ctx.child(&hint, &pointer_suffix))?;
            let ty = if lowered.nullable {
                TypeRef::Nullable(Box::new(lowered.ty))
            } else {
                lowered.ty
            };
            variants.push(UnionVariant {
                name: namer.unique(type_name(&hint, &format!("variant {i}"))),
                ty,
                tags,
                boxed: false,
            });
        }
        // Tagged only when every variant has tags and no tag picks two.
        let mut all_tags: Vec<&String> = variants.iter().flat_map(|v| &v.tags).collect();
        let count = all_tags.len();
        all_tags.sort();
        all_tags.dedup();
        let tagged = discriminator.is_some()
            && variants.iter().all(|v| !v.tags.is_empty())
            && all_tags.len() == count;
        Ok(Union {
            variants,
            discriminator: if tagged {
                discriminator.map(|d| d.property_name.clone())
            } else {
                None
            },
        })
    }

    /// The discriminator values that select a member: the mapping's keys
    /// that name it, else the one value its discriminator property allows
    /// (`const`), else, for a `$ref`, the schema's name, and for an inline
    /// member the values its property allows.
    fn discriminator_tags(
        &self,
        d: &openapiv3::Discriminator,
        member: RefOr<'a>,
        at: &str,
    ) -> Vec<String> {
        if let RefOr::Ref(r) = member {
            let mapped: Vec<String> = d
                .mapping
                .iter()
                .filter(|(_, target)| target.as_str() == r || r.ends_with(&format!("/{target}")))
                .map(|(tag, _)| tag.clone())
                .collect();
            if !mapped.is_empty() {
                return mapped;
            }
        }
        let allowed = self
            .resolve(member, at)
            .ok()
            .and_then(|schema| self.property_values(schema, &d.property_name, at, 0));
        // A `$ref` member whose property allows several values (an enum on
        // a shared base schema) is selected by its name, as OpenAPI says
        // when there is no mapping.
        match (allowed, member) {
            (Some(values), RefOr::Ref(_)) if values.len() == 1 => values,
            (_, RefOr::Ref(r)) => vec![r.rsplit('/').next().unwrap_or(r).to_string()],
            (Some(values), RefOr::Item(_)) => values,
            (None, RefOr::Item(_)) => Vec::new(),
        }
    }

    /// The string values a property of an object schema (its `allOf`
    /// members included) is limited to by `const` or `enum`.
    fn property_values(
        &self,
        schema: &'a Schema,
        property: &str,
        at: &str,
        depth: usize,
    ) -> Option<Vec<String>> {
        if depth > MAX_REF_HOPS {
            return None;
        }
        let view = View::of(schema);
        if let Some(prop) = view.properties.and_then(|p| p.get(property)) {
            let prop = self.resolve(prop.into(), at).ok()?;
            let prop_view = View::of(prop);
            let values: Vec<String> = prop_view
                .enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            return (!values.is_empty()).then_some(values);
        }
        view.all_of.iter().find_map(|member| {
            let member = self.resolve(member.into(), at).ok()?;
            self.property_values(member, property, at, depth + 1)
        })
    }

    /// `allOf` of objects: one struct with every member's properties, in
    /// member order. `None` when a member is not an object.
    fn merged_struct(&mut self, view: &View<'a>, ctx: &Ctx) -> Result<Option<Struct>> {
        let mut parts: Vec<(String, RefOr<'a>, bool)> = Vec::new();
        let mut additional = None;
        if !self.collect_all_of(view, &mut parts, &mut additional, ctx, 0)? {
            return Ok(None);
        }
        let mut namer = Namer::default();
        let mut fields: Vec<Field> = Vec::new();
        for (wire, prop, required) in parts {
            if let Some(existing) = fields.iter_mut().find(|f| f.wire_name == wire) {
                existing.required |= required;
                continue;
            }
            fields.push(self.field(&wire, prop, required, &mut namer, ctx)?);
        }
        Ok(Some(Struct { fields, additional }))
    }

    fn collect_all_of(
        &self,
        view: &View<'a>,
        parts: &mut Vec<(String, RefOr<'a>, bool)>,
        additional: &mut Option<TypeRef>,
        ctx: &Ctx,
        depth: usize,
    ) -> Result<bool> {
        if depth > MAX_REF_HOPS {
            return Err(self.invalid(&ctx.pointer, "`allOf` nests itself"));
        }
        for member in view.all_of {
            let schema = self.resolve(member.into(), &ctx.pointer)?;
            let member_view = View::of(schema);
            let is_plain = member_view.typ.is_none()
                && member_view.properties.is_none()
                && member_view.all_of.is_empty()
                && member_view.one_of.is_empty()
                && member_view.any_of.is_empty()
                && member_view.enumeration.is_empty()
                && member_view.items.is_none();
            if is_plain {
                continue; // only docs or `nullable`
            }
            if !member_view.is_object() && member_view.all_of.is_empty() {
                return Ok(false);
            }
            if !self.collect_all_of(&member_view, parts, additional, ctx, depth + 1)? {
                return Ok(false);
            }
        }
        if let Some(properties) = view.properties {
            for (wire, prop) in properties {
                parts.push((wire.clone(), prop.into(), view.required.contains(wire)));
            }
        }
        for wire in view.required {
            if let Some(part) = parts.iter_mut().find(|p| &p.0 == wire) {
                part.2 = true;
            }
        }
        if matches!(view.additional, Some(AdditionalProperties::Any(true))) {
            *additional = Some(TypeRef::Json);
        }
        Ok(true)
    }
}

/// An open enum of `(wire, title, docs)` values, duplicates dropped:
/// variants are named from the title if there is one, else the value.
fn open_enum(
    values: Vec<(String, Option<String>, Option<String>)>,
    integer: Option<IntKind>,
) -> Enum {
    let mut namer = Namer::default();
    let mut variants: Vec<EnumVariant> = Vec::with_capacity(values.len());
    for (i, (wire, title, docs)) in values.into_iter().enumerate() {
        if variants.iter().any(|v| v.wire == wire) {
            continue;
        }
        let base = match (&title, integer) {
            (Some(t), _) => type_name(t, &format!("value {i}")),
            (None, Some(_)) => type_name(&format!("v{wire}"), &format!("value {i}")),
            (None, None) => type_name(&wire, &format!("value {i}")),
        };
        variants.push(EnumVariant {
            name: namer.unique(base),
            wire,
            docs,
        });
    }
    // `Unknown`, unless the spec lists that value itself.
    let unknown_variant = ["Unknown", "Other"]
        .into_iter()
        .find(|n| !namer.is_taken(n))
        .map(str::to_string)
        .unwrap_or_else(|| namer.unique("UnknownValue".to_string()));
    Enum {
        variants,
        unknown_variant,
        integer,
    }
}

/// The variant (and type name part) of a constant: `success` -> `Success`,
/// `true` -> `True`, `42` -> `V42`.
fn const_variant(value: &Value) -> String {
    match value {
        Value::String(s) => type_name(s, "Value"),
        Value::Number(n) => type_name(&n.to_string().replace('.', "_"), "Value"),
        other => type_name(&other.to_string(), "Value"),
    }
}

fn word_count(s: &str) -> usize {
    heck::ToSnakeCase::to_snake_case(s)
        .split('_')
        .filter(|w| !w.is_empty())
        .count()
}

/// `setup_status` -> `SetupStatus`; a one-word property takes the last word
/// of its parent's name too: `code` in `error` -> `ErrorCode`.
fn short_enum_name(qualified: &str, prop: &str) -> String {
    if word_count(prop) >= 2 {
        return type_name(prop, "Enum");
    }
    let words: Vec<&str> = qualified.split(' ').collect();
    let parent = words.len().checked_sub(2).map(|i| words[i]).unwrap_or("");
    let parent_last = heck::ToSnakeCase::to_snake_case(parent);
    let parent_last = parent_last.rsplit('_').next().unwrap_or("");
    type_name(&format!("{parent_last} {prop}"), "Enum")
}

/// Adds what the spec constrains but the Rust type does not check (format,
/// pattern, ranges) to a field's docs.
fn with_constraints(docs: Option<String>, view: &View<'_>) -> Option<String> {
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
fn code(text: &str) -> String {
    crate::docs::code_span(text)
}

fn nullable_in_container(lowered: Lowered) -> TypeRef {
    if lowered.nullable && lowered.ty != TypeRef::Json {
        TypeRef::Nullable(Box::new(lowered.ty))
    } else {
        lowered.ty
    }
}

fn variant_hint(view: &View<'_>, index: usize) -> String {
    match view.typ {
        Some("string") if view.enumeration.is_empty() => "String".into(),
        Some("integer") => "Integer".into(),
        Some("number") => "Number".into(),
        Some("boolean") => "Bool".into(),
        Some("array") => "Array".into(),
        _ => format!("Variant {index}"),
    }
}

/// The type of a schema given as raw JSON (a tuple item): its scalar type,
/// else any JSON.
fn scalar_type(schema: &Value) -> TypeRef {
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

fn int_kind(format: Option<&str>) -> IntKind {
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
