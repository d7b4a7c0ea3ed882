//! A value a validating server accepts for a string schema, where `"string"`
//! would not do: the schema's example, else one of its `format` or
//! `pattern`, else one of its minimum length. The contract tests send it.

use openapiv3::{Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use serde_json::{Value, json};

use super::{Lowerer, RefOr};

impl<'a> Lowerer<'a> {
    /// The sample for the schema at `at`, when it needs one.
    pub(super) fn sample_of(&self, at: RefOr<'a>) -> Option<Value> {
        let schema = match at {
            RefOr::Item(schema) => schema,
            RefOr::Ref(reference) => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                match self.component_schemas()?.get(name)? {
                    openapiv3::ReferenceOr::Item(schema) => schema,
                    openapiv3::ReferenceOr::Reference { .. } => return None,
                }
            }
        };
        string_sample(schema)
    }
}

/// See the module docs.
pub(super) fn string_sample(schema: &Schema) -> Option<Value> {
    let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
        return None;
    };
    if !string.enumeration.is_empty() {
        return None;
    }
    if let Some(example) = &schema.schema_data.example {
        if example.is_string() {
            return Some(example.clone());
        }
    }
    let by_format = match &string.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("2024-01-01T00:00:00Z"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("2024-01-01"),
        VariantOrUnknownOrEmpty::Item(_) => None,
        VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
            "email" | "idn-email" => Some("contract@example.com"),
            "uri" | "url" | "iri" | "uri-reference" => Some("https://example.com/"),
            "uuid" => Some("00000000-0000-4000-8000-000000000000"),
            "ipv4" | "ip" => Some("192.0.2.1"),
            "ipv6" => Some("2001:db8::1"),
            "hostname" => Some("example.com"),
            "time" => Some("00:00:00Z"),
            _ => None,
        },
        VariantOrUnknownOrEmpty::Empty => None,
    };
    if let Some(value) = by_format {
        return Some(json!(value));
    }
    if let Some(pattern) = &string.pattern {
        let by_pattern = if pattern.contains(r"\d{4}-\d{2}-\d{2}") {
            Some("2024-01-01")
        } else if pattern.starts_with("^http") {
            Some("https://example.com/")
        } else if pattern.starts_with(r"^\/") || pattern.starts_with("^/") {
            Some("/")
        } else {
            None
        };
        if let Some(value) = by_pattern {
            return Some(json!(value));
        }
    }
    match string.min_length {
        Some(n) if n > "string".len() => Some(json!("s".repeat(n.min(64)))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(yaml: &str) -> Option<Value> {
        string_sample(&serde_yaml::from_str(yaml).expect("a schema"))
    }

    #[test]
    fn formats_patterns_examples_and_lengths() {
        assert_eq!(
            sample("{type: string, format: email}"),
            Some(json!("contract@example.com"))
        );
        assert_eq!(
            sample("{type: string, format: date-time}"),
            Some(json!("2024-01-01T00:00:00Z"))
        );
        assert_eq!(
            sample("{type: string, format: uuid, example: x}"),
            Some(json!("x"))
        );
        assert_eq!(
            sample(r#"{type: string, pattern: '^\d{4}-\d{2}-\d{2}$'}"#),
            Some(json!("2024-01-01"))
        );
        assert_eq!(
            sample("{type: string, minLength: 8}"),
            Some(json!("ssssssss"))
        );
        assert_eq!(sample("{type: string}"), None);
        assert_eq!(sample("{type: integer}"), None);
    }
}
