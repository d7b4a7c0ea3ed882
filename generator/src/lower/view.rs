//! One read-only view over the two ways `openapiv3` stores a schema (typed
//! `Type` variants and the catch-all `AnySchema`), so that lowering handles
//! each keyword once.

use crate::markers;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};
use serde::Serialize;
use serde_json::Value;

/// The keywords of one schema that lowering looks at.
pub struct View<'s> {
    pub data: &'s SchemaData,
    /// `type`, if given.
    pub typ: Option<&'s str>,
    /// `format`, if given.
    pub format: Option<String>,
    /// `pattern`, if given (documented, never checked).
    pub pattern: Option<&'s str>,
    /// `enum` values (nulls removed by normalization).
    pub enumeration: Vec<Value>,
    pub properties: Option<&'s IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub required: &'s [String],
    pub additional: Option<&'s AdditionalProperties>,
    pub items: Option<&'s ReferenceOr<Box<Schema>>>,
    pub one_of: &'s [ReferenceOr<Schema>],
    pub any_of: &'s [ReferenceOr<Schema>],
    pub all_of: &'s [ReferenceOr<Schema>],
    pub not: bool,
}

fn format_of<T: Serialize>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => serde_json::to_value(item)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string)),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn values<T: Serialize>(items: &[Option<T>]) -> Vec<Value> {
    items
        .iter()
        .flatten()
        .filter_map(|v| serde_json::to_value(v).ok())
        .collect()
}

impl<'s> View<'s> {
    pub fn of(schema: &'s Schema) -> Self {
        let mut view = View {
            data: &schema.schema_data,
            typ: None,
            format: None,
            pattern: None,
            enumeration: Vec::new(),
            properties: None,
            required: &[],
            additional: None,
            items: None,
            one_of: &[],
            any_of: &[],
            all_of: &[],
            not: false,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                view.typ = Some("string");
                view.format = format_of(&t.format);
                view.pattern = t.pattern.as_deref();
                view.enumeration = values(&t.enumeration);
            }
            SchemaKind::Type(Type::Number(t)) => {
                view.typ = Some("number");
                view.format = format_of(&t.format);
                view.enumeration = values(&t.enumeration);
            }
            SchemaKind::Type(Type::Integer(t)) => {
                view.typ = Some("integer");
                view.format = format_of(&t.format);
                view.enumeration = values(&t.enumeration);
            }
            SchemaKind::Type(Type::Boolean(t)) => {
                view.typ = Some("boolean");
                view.enumeration = values(&t.enumeration);
            }
            SchemaKind::Type(Type::Object(t)) => {
                view.typ = Some("object");
                view.properties = Some(&t.properties);
                view.required = &t.required;
                view.additional = t.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(t)) => {
                view.typ = Some("array");
                view.items = t.items.as_ref();
            }
            SchemaKind::OneOf { one_of } => view.one_of = one_of,
            SchemaKind::AnyOf { any_of } => view.any_of = any_of,
            SchemaKind::AllOf { all_of } => view.all_of = all_of,
            SchemaKind::Not { .. } => view.not = true,
            SchemaKind::Any(any) => {
                view.typ = any.typ.as_deref();
                view.format = any.format.clone();
                view.pattern = any.pattern.as_deref();
                view.enumeration = any
                    .enumeration
                    .iter()
                    .filter(|v| !v.is_null())
                    .cloned()
                    .collect();
                view.properties = (!any.properties.is_empty()).then_some(&any.properties);
                view.required = &any.required;
                view.additional = any.additional_properties.as_ref();
                view.items = any.items.as_ref();
                view.one_of = &any.one_of;
                view.any_of = &any.any_of;
                view.all_of = &any.all_of;
                view.not = any.not.is_some();
            }
        }
        view
    }

    /// Whether this schema describes an object with properties or a map.
    pub fn is_object(&self) -> bool {
        self.typ == Some("object")
            || (self.typ.is_none() && (self.properties.is_some() || self.additional.is_some()))
    }

    /// Schema-level examples: `example` and every entry of a 3.1 `examples`
    /// array (kept by normalization as `x-examples`).
    pub fn examples(&self) -> Vec<&'s Value> {
        let mut out: Vec<&Value> = Vec::new();
        if let Some(Value::Array(all)) = self.data.extensions.get(markers::X_EXAMPLES) {
            out.extend(all.iter());
        }
        if let Some(example) = &self.data.example {
            if !out.contains(&example) {
                out.insert(0, example);
            }
        }
        out
    }
}
