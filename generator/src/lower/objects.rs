//! Objects: structs with their fields, `additionalProperties` maps,
//! `allOf` merged into one struct, and `prefixItems` tuples.

use openapiv3::AdditionalProperties;
use serde_json::Value;

use super::schema::{MAX_REF_HOPS, nullable_in_container, scalar_type};
use super::view::View;
use super::{Ctx, Lowerer, RefOr};
use crate::error::Result;
use crate::ir::{Field, Struct, TypeRef};
use crate::markers;
use crate::naming::{Namer, field_name};

impl<'a> Lowerer<'a> {
    pub(super) fn object(&mut self, view: &View<'a>, ctx: &Ctx) -> Result<Struct> {
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
        Ok(Struct {
            fields,
            additional,
            alternative_requires: alternative_requires(view),
        })
    }

    pub(super) fn field(
        &mut self,
        wire: &str,
        prop: RefOr<'a>,
        required: bool,
        namer: &mut Namer,
        ctx: &Ctx,
    ) -> Result<crate::ir::Field> {
        let lowered = self.schema_at(prop, &ctx.property(wire))?;
        let sample = self.sample_of(prop);
        Ok(Field {
            sample,
            wire_name: wire.to_string(),
            name: namer.ident(field_name(wire, "field")),
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
    pub(super) fn additional(&mut self, view: &View<'a>, ctx: &Ctx) -> Result<Option<TypeRef>> {
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

    /// `allOf` of objects: one struct with every member's properties, in
    /// member order. `None` when a member is not an object.
    pub(super) fn merged_struct(&mut self, view: &View<'a>, ctx: &Ctx) -> Result<Option<Struct>> {
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
        Ok(Some(Struct {
            fields,
            additional,
            alternative_requires: alternative_requires(view),
        }))
    }

    pub(super) fn collect_all_of(
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

    /// `prefixItems` (kept as `x-prefix-items`): a tuple when no further
    /// items are allowed, else an array of any JSON. Items are `$ref`s or
    /// plain scalars; anything else in them is any JSON.
    pub(super) fn tuple(&mut self, view: &View<'a>, ctx: &Ctx) -> Result<TypeRef> {
        let Some(Value::Array(items)) = view.data.extensions.get(markers::X_PREFIX_ITEMS) else {
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
                // A string of a typed format is typed here too.
                None if item.get("type").and_then(Value::as_str) == Some("string") => {
                    self.string_type(item.get("format").and_then(Value::as_str))
                }
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
}

/// See [`Struct::alternative_requires`]: the first `anyOf` (or `oneOf`)
/// member's `required`, when every member is an inline schema with nothing
/// but `required` (and perhaps `type: object`).
fn alternative_requires(view: &View<'_>) -> Vec<String> {
    let alternatives = if view.one_of.is_empty() {
        view.any_of
    } else {
        view.one_of
    };
    // Each member's required names, or `None` for one that is more.
    fn required_only(member: &openapiv3::ReferenceOr<openapiv3::Schema>) -> Option<&[String]> {
        let openapiv3::ReferenceOr::Item(schema) = member else {
            return None;
        };
        let member = View::of(schema);
        let only = matches!(member.typ, None | Some("object"))
            && member.properties.is_none_or(|p| p.is_empty())
            && member.one_of.is_empty()
            && member.any_of.is_empty()
            && member.all_of.is_empty()
            && !member.required.is_empty();
        only.then_some(member.required)
    }
    alternatives
        .iter()
        .map(required_only)
        .collect::<Option<Vec<_>>>()
        .and_then(|all| all.first().map(|first| first.to_vec()))
        .unwrap_or_default()
}
