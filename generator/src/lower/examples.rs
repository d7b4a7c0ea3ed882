//! Collects every example in the spec, with the type it must fit, so that the
//! emitter can turn each into a round-trip test.

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, Schema};
use serde_json::Value;

use super::view::View;
use super::{Ctx, Lowerer};
use crate::ir::{Example, TypeRef};
use crate::naming::field_name;

impl Lowerer<'_> {
    /// A schema's own `example` and `examples`.
    pub(super) fn schema_examples(&mut self, schema: &Schema, ty: &TypeRef, ctx: &Ctx) {
        let view = View::of(schema);
        let values = view.examples();
        let several = values.len() > 1;
        for (i, value) in values.into_iter().enumerate() {
            let origin = if several {
                format!("{}/examples/{i}", ctx.pointer)
            } else {
                format!("{}/example", ctx.pointer)
            };
            let name = if several {
                format!("{} example {}", ctx.name, i + 1)
            } else {
                format!("{} example", ctx.name)
            };
            self.add_example(
                name,
                origin,
                None,
                ty,
                schema.schema_data.nullable,
                value.clone(),
            );
        }
    }

    /// A media type's `example` and named `examples` (component examples
    /// resolved).
    pub(super) fn media_examples(
        &mut self,
        media: &MediaType,
        ty: &TypeRef,
        nullable: bool,
        name: &str,
        pointer: &str,
    ) {
        if let Some(value) = &media.example {
            self.add_example(
                format!("{name} example"),
                format!("{pointer}/example"),
                None,
                ty,
                nullable,
                value.clone(),
            );
        }
        self.named_examples(&media.examples, ty, nullable, name, pointer);
    }

    pub(super) fn named_examples(
        &mut self,
        examples: &IndexMap<String, ReferenceOr<openapiv3::Example>>,
        ty: &TypeRef,
        nullable: bool,
        name: &str,
        pointer: &str,
    ) {
        for (key, example) in examples {
            let example = match example {
                ReferenceOr::Item(e) => Some(e),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/examples/")
                    .and_then(|n| self.spec.components.as_ref()?.examples.get(n))
                    .and_then(|e| match e {
                        ReferenceOr::Item(e) => Some(e),
                        ReferenceOr::Reference { .. } => None,
                    }),
            };
            let Some(example) = example else { continue };
            let Some(value) = &example.value else {
                continue;
            };
            let docs = self
                .docs
                .join(&[example.summary.as_deref(), example.description.as_deref()]);
            let origin = format!(
                "{pointer}/examples/{}",
                crate::error::escape_pointer_token(key)
            );
            self.add_example(
                format!("{name} {key}"),
                origin,
                docs,
                ty,
                nullable,
                value.clone(),
            );
        }
    }

    fn add_example(
        &mut self,
        name: String,
        origin: String,
        docs: Option<String>,
        ty: &TypeRef,
        nullable: bool,
        value: Value,
    ) {
        if !self.example_seen.insert(origin.clone()) {
            return;
        }
        let name = self.example_names.ident(field_name(&name, "example"));
        self.examples.push(Example {
            name,
            origin,
            docs,
            ty: ty.clone(),
            nullable,
            value,
            // Decided once every type is known: see `example_check`.
            check: crate::ir::ExampleCheck::RoundTrip,
        });
    }
}
