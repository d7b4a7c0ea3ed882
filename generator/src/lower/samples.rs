//! A value a validating server accepts for a string or integer schema, where
//! `"string"` or `1` would not do: the schema's example, else one of its
//! `format` or `pattern`, else one of its minimum length; an integer's first
//! listed value or its minimum. The contract tests send it.

use openapiv3::{Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use serde_json::{Value, json};

use super::{Lowerer, RefOr};

impl<'a> Lowerer<'a> {
    /// The sample for the schema at `at`, when it needs one: a string's or
    /// integer's (see the module docs), or an array of those.
    pub(super) fn sample_of(&self, at: RefOr<'a>) -> Option<Value> {
        let depth = 8;
        let schema = self.sample_schema(at, depth)?;
        if let SchemaKind::Type(Type::Array(array)) = &schema.schema_kind {
            let items = array.items.as_ref()?;
            let count = array.min_items.unwrap_or(1).clamp(1, 16);
            let item = self.sample_schema(items.into(), depth)?;
            return if count == 1 {
                Some(json!([string_sample(item)?]))
            } else {
                distinct_samples(item, count).map(Value::Array)
            };
        }
        string_sample(schema)
    }

    /// The schema at `at`, through references and one-member `allOf`s
    /// (at most `depth` of those: a spec may make them a cycle).
    fn sample_schema(&self, mut at: RefOr<'a>, depth: usize) -> Option<&'a Schema> {
        for _ in 0..depth {
            let schema = self.resolve(at, "").ok()?;
            match &schema.schema_kind {
                SchemaKind::AllOf { all_of } if all_of.len() == 1 => at = (&all_of[0]).into(),
                _ => return Some(schema),
            }
        }
        None
    }
}

/// `count` different values of a string or integer schema, for an array
/// with `minItems` (and, often, `uniqueItems`): Discord's bulk delete takes
/// at least two message ids.
fn distinct_samples(schema: &Schema, count: usize) -> Option<Vec<Value>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) if integer.enumeration.is_empty() => {
            let first = integer_sample(integer)
                .and_then(|v| v.as_i64())
                .unwrap_or(1);
            (0..count as i64)
                .map(|i| first.checked_add(i).map(|n| json!(n)))
                .collect()
        }
        SchemaKind::Type(Type::String(string)) if string.enumeration.is_empty() => {
            let first = match string_sample(schema) {
                Some(Value::String(first)) => first,
                _ => "string".to_string(),
            };
            let regex = match &string.pattern {
                Some(pattern) => Some(regex::Regex::new(pattern).ok()?),
                None => None,
            };
            let min_length = string.min_length.unwrap_or(0);
            let fits = |s: &str| {
                s.chars().count() >= min_length && regex.as_ref().is_none_or(|r| r.is_match(s))
            };
            let candidates = (1..=64).flat_map(|k| [k.to_string(), format!("{first}{k}")]);
            let mut values: Vec<String> = vec![first.clone()];
            for candidate in candidates {
                if values.len() == count {
                    break;
                }
                if fits(&candidate) && !values.contains(&candidate) {
                    values.push(candidate);
                }
            }
            (values.len() == count).then(|| values.into_iter().map(Value::String).collect())
        }
        _ => None,
    }
}

/// See the module docs.
pub(super) fn string_sample(schema: &Schema) -> Option<Value> {
    let string = match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string,
        SchemaKind::Type(Type::Integer(integer)) => return integer_sample(integer),
        _ => return None,
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
        if let Some(value) = matching(pattern, string.min_length.unwrap_or(0).min(256)) {
            return Some(json!(value));
        }
    }
    match string.min_length {
        Some(n) if n > "string".len() => Some(json!("s".repeat(n.min(64)))),
        _ => None,
    }
}

/// An integer's first listed value, else its minimum, where the IR keeps
/// only the integer type (`1` may be neither).
fn integer_sample(integer: &openapiv3::IntegerType) -> Option<Value> {
    if let Some(first) = integer.enumeration.iter().flatten().next() {
        return Some(json!(first));
    }
    // Checked: a spec may give `minimum: 9223372036854775807`.
    let minimum = integer
        .minimum?
        .checked_add(i64::from(integer.exclusive_minimum))?;
    (minimum > 1).then(|| json!(minimum))
}

/// A short string that `pattern` matches, of at least `min_length`
/// characters: a readable one for a few common shapes (dates, URLs,
/// paths), else one built from the pattern (the first alternative, the
/// fewest repetitions, more where the length asks for them, a letter or
/// digit of each class), each checked against the pattern. `None` when the
/// pattern does not parse as a Rust regex (lookaround, for one) or nothing
/// built matches it.
fn matching(pattern: &str, min_length: usize) -> Option<String> {
    let regex = regex::Regex::new(pattern).ok()?;
    let long_enough = |s: &str| s.chars().count() >= min_length && regex.is_match(s);
    let common = ["2024-01-01", "https://example.com/", "/", "example"];
    if let Some(found) = common.iter().find(|c| long_enough(c)) {
        return Some((*found).to_string());
    }
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut out = String::new();
    build(&hir, &mut out, &mut 0)?;
    let short = min_length.saturating_sub(out.chars().count());
    if short > 0 {
        // Again, with the repetitions that allow it taking the rest.
        out.clear();
        build(&hir, &mut out, &mut { short })?;
    }
    long_enough(&out).then_some(out)
}

/// Appends the shortest string `hir` matches, as [`matching`] says, with up
/// to `extra` more repetitions where a repetition allows more.
fn build(hir: &regex_syntax::hir::Hir, out: &mut String, extra: &mut usize) -> Option<()> {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges: Vec<(char, char)> = class.iter().map(|r| (r.start(), r.end())).collect();
            out.push(pick(&ranges)?);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges: Vec<(char, char)> = class
                .iter()
                .filter(|r| r.start().is_ascii())
                .map(|r| (char::from(r.start()), char::from(r.end().min(0x7f))))
                .collect();
            out.push(pick(&ranges)?);
        }
        HirKind::Repetition(repetition) => {
            let min = repetition.min.min(256) as usize;
            let room = repetition.max.map_or(usize::MAX, |max| max as usize - min);
            let more = (*extra).min(room);
            *extra -= more;
            for _ in 0..min + more {
                build(&repetition.sub, out, extra)?;
            }
        }
        HirKind::Capture(capture) => build(&capture.sub, out, extra)?,
        HirKind::Concat(items) => items.iter().try_for_each(|h| build(h, out, extra))?,
        HirKind::Alternation(items) => build(items.first()?, out, extra)?,
    }
    Some(())
}

/// A letter or digit in one of `ranges` if there is one, else the first
/// printable character.
fn pick(ranges: &[(char, char)]) -> Option<char> {
    let preferred = ['a', 'A', '0']
        .into_iter()
        .chain('b'..='z')
        .chain('1'..='9');
    preferred
        .into_iter()
        .find(|c| ranges.iter().any(|(lo, hi)| (lo..=hi).contains(&c)))
        .or_else(|| {
            ranges
                .iter()
                .flat_map(|&(lo, hi)| (lo..=hi).take(128))
                .find(|c| !c.is_control())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(yaml: &str) -> Option<Value> {
        string_sample(&serde_yaml::from_str(yaml).expect("a schema"))
    }

    #[test]
    fn distinct_items_for_min_items() {
        let schema = |yaml: &str| -> Schema { serde_yaml::from_str(yaml).expect("a schema") };
        assert_eq!(
            distinct_samples(
                &schema(r#"{type: string, pattern: '^(0|[1-9][0-9]*)$'}"#),
                3
            ),
            Some(vec![json!("0"), json!("1"), json!("2")])
        );
        assert_eq!(
            distinct_samples(&schema("{type: string}"), 2),
            Some(vec![json!("string"), json!("1")])
        );
        assert_eq!(
            distinct_samples(&schema("{type: integer, minimum: 5}"), 2),
            Some(vec![json!(5), json!(6)])
        );
        // No overflow at the edge of i64: no sample instead.
        let max = "{type: integer, minimum: 9223372036854775807}";
        assert_eq!(distinct_samples(&schema(max), 2), None);
        let exclusive = "{type: integer, minimum: 9223372036854775807, exclusiveMinimum: true}";
        assert_eq!(string_sample(&schema(exclusive)), None);
        // Nothing else fits the pattern: no sample rather than a wrong one.
        assert_eq!(
            distinct_samples(&schema("{type: string, pattern: '^a$'}"), 2),
            None
        );
        assert_eq!(
            distinct_samples(&schema("{type: string, enum: [a, b]}"), 2),
            None
        );
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
            sample(r#"{type: string, pattern: '^(0|[1-9][0-9]*)$'}"#),
            Some(json!("0"))
        );
        assert_eq!(
            sample(r#"{type: string, pattern: '^[A-Z]{2}-\d{3,}$'}"#),
            Some(json!("AA-000"))
        );
        assert_eq!(
            sample(r#"{type: string, pattern: '^https?://'}"#),
            Some(json!("https://example.com/"))
        );
        assert_eq!(
            sample(r#"{type: string, pattern: '^[0-9a-f]+$', minLength: 4}"#),
            Some(json!("aaaa"))
        );
        // Lookahead does not parse: no sample rather than a wrong one.
        assert_eq!(sample(r#"{type: string, pattern: '^(?=a)a$'}"#), None);
        assert_eq!(
            sample("{type: string, minLength: 8}"),
            Some(json!("ssssssss"))
        );
        assert_eq!(sample("{type: string}"), None);
        assert_eq!(
            sample("{type: integer, enum: [512, 2048]}"),
            Some(json!(512))
        );
        assert_eq!(sample("{type: integer, minimum: 10}"), Some(json!(10)));
        assert_eq!(sample("{type: integer}"), None);
        assert_eq!(sample("{type: integer, minimum: 0}"), None);
    }
}
