//! Unions (`oneOf`/`anyOf`): their variants, and the discriminator tags
//! that select them.

use openapiv3::Schema;

use super::schema::MAX_REF_HOPS;
use super::view::View;
use super::{Ctx, Lowerer, RefOr};
use crate::error::Result;
use crate::ir::{TypeRef, Union, UnionVariant};
use crate::naming::{Namer, type_name};

impl<'a> Lowerer<'a> {
    pub(super) fn union(
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
                name: namer.ident(type_name(&hint, &format!("variant {i}"))),
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
    pub(super) fn discriminator_tags(
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
    pub(super) fn property_values(
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
}

pub(super) fn variant_hint(view: &View<'_>, index: usize) -> String {
    match view.typ {
        Some("string") if view.enumeration.is_empty() => "String".into(),
        Some("integer") => "Integer".into(),
        Some("number") => "Number".into(),
        Some("boolean") => "Bool".into(),
        Some("array") => "Array".into(),
        _ => format!("Variant {index}"),
    }
}
