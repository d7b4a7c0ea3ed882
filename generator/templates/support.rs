//! Helpers of the generated code that the runtime does not have (yet),
//! written out verbatim by the generator:
//!
//! - parameters written the way OpenAPI's `style` and `explode` say, for
//!   values that are not a single string or number (arrays, objects,
//!   unions, constants). Values are first turned into JSON with serde, so
//!   that every generated type is written as its wire form; nested arrays
//!   and objects inside an item, which no style defines, are JSON text;
//! - the choice of an untagged union's variant: the first that gives back
//!   exactly what was read, else the first that reads it at all.

// Which helpers a crate uses depends on its spec.
#![allow(dead_code)]

use serde::Serialize;
use serde_json::Value;

use crate::same_json::same_json;

/// OpenAPI parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `a=1&a=2` exploded, `a=1,2` not (query and cookie default).
    Form,
    /// `1,2` (path and header default).
    Simple,
    /// `.1.2` exploded, `.1,2` not.
    Label,
    /// `;a=1;a=2` exploded, `;a=1,2` not.
    Matrix,
    /// `a=1 2`.
    SpaceDelimited,
    /// `a=1|2`.
    PipeDelimited,
    /// `a[x]=1&a[y]=2`.
    DeepObject,
    /// The whole value as JSON text (a `content` parameter).
    Json,
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Value {
    // Generated types always serialize (their map keys are strings).
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A scalar's text: a string as it is, `null` as nothing, anything else as
/// JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn delimiter(style: Style) -> &'static str {
    match style {
        Style::SpaceDelimited => " ",
        Style::PipeDelimited => "|",
        _ => ",",
    }
}

/// The name-value pairs of a query (or cookie) parameter. `null` sends
/// nothing.
pub(crate) fn query_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> Vec<(String, String)> {
    let one = |v: String| vec![(name.to_owned(), v)];
    match to_json(value) {
        Value::Null => Vec::new(),
        value if style == Style::Json => one(value.to_string()),
        Value::Array(items) if explode && style == Style::Form => items
            .iter()
            .map(|item| (name.to_owned(), text(item)))
            .collect(),
        Value::Array(items) => one(items
            .iter()
            .map(text)
            .collect::<Vec<_>>()
            .join(delimiter(style))),
        Value::Object(map) if style == Style::DeepObject => map
            .iter()
            .map(|(k, v)| (format!("{name}[{k}]"), text(v)))
            .collect(),
        Value::Object(map) if explode => map.iter().map(|(k, v)| (k.clone(), text(v))).collect(),
        Value::Object(map) => one(map
            .iter()
            .flat_map(|(k, v)| [k.clone(), text(v)])
            .collect::<Vec<_>>()
            .join(delimiter(style))),
        scalar => one(text(&scalar)),
    }
}

/// A header parameter's value (`simple` style).
pub(crate) fn header<T: Serialize + ?Sized>(value: &T, style: Style, explode: bool) -> String {
    match to_json(value) {
        value if style == Style::Json => value.to_string(),
        value => simple(&value, explode, |s| s.to_owned()),
    }
}

/// `simple` style, each piece passed through `encode`.
fn simple(value: &Value, explode: bool, encode: impl Fn(&str) -> String) -> String {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|i| encode(&text(i)))
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| match explode {
                true => format!("{}={}", encode(k), encode(&text(v))),
                false => format!("{},{}", encode(k), encode(&text(v))),
            })
            .collect::<Vec<_>>()
            .join(","),
        scalar => encode(&text(scalar)),
    }
}

/// A path parameter, percent-encoded, with the prefix its style puts in
/// front (`.` for `label`, `;name=` for `matrix`).
pub(crate) fn path<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> String {
    let encode = |s: &str| crate::runtime::encode_path(s);
    let value = to_json(value);
    match style {
        Style::Json => encode(&value.to_string()),
        Style::Label => match (&value, explode) {
            (Value::Array(items), true) => items
                .iter()
                .map(|i| format!(".{}", encode(&text(i))))
                .collect(),
            (Value::Object(map), true) => map
                .iter()
                .map(|(k, v)| format!(".{}={}", encode(k), encode(&text(v))))
                .collect(),
            _ => format!(".{}", simple(&value, false, encode)),
        },
        Style::Matrix => match (&value, explode) {
            (Value::Array(items), true) => items
                .iter()
                .map(|i| format!(";{}={}", encode(name), encode(&text(i))))
                .collect(),
            (Value::Object(map), true) => map
                .iter()
                .map(|(k, v)| format!(";{}={}", encode(k), encode(&text(v))))
                .collect(),
            _ => format!(";{}={}", encode(name), simple(&value, false, encode)),
        },
        _ => simple(&value, explode, encode),
    }
}

/// Whether a value read from `json` serializes back to exactly `json`: an
/// untagged union prefers the variant that keeps everything, so that a
/// struct whose fields are all optional does not swallow every object.
pub(crate) fn keeps_all<T: Serialize>(value: &T, json: &Value) -> bool {
    serde_json::to_value(value).is_ok_and(|back| same_json(&back, json))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
        v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
    }

    #[test]
    fn query_styles() {
        let ids = vec![1, 2];
        assert_eq!(
            pairs(&query_pairs("id", &ids, Style::Form, true)),
            [("id", "1"), ("id", "2")]
        );
        assert_eq!(
            pairs(&query_pairs("id", &ids, Style::Form, false)),
            [("id", "1,2")]
        );
        assert_eq!(
            pairs(&query_pairs("id", &ids, Style::PipeDelimited, false)),
            [("id", "1|2")]
        );
        assert_eq!(
            pairs(&query_pairs("id", &ids, Style::SpaceDelimited, false)),
            [("id", "1 2")]
        );
        let obj = BTreeMap::from([("a", "x"), ("b", "y")]);
        assert_eq!(
            pairs(&query_pairs("o", &obj, Style::DeepObject, true)),
            [("o[a]", "x"), ("o[b]", "y")]
        );
        assert_eq!(
            pairs(&query_pairs("o", &obj, Style::Form, true)),
            [("a", "x"), ("b", "y")]
        );
        assert_eq!(
            pairs(&query_pairs("o", &obj, Style::Form, false)),
            [("o", "a,x,b,y")]
        );
        assert_eq!(
            pairs(&query_pairs("o", &obj, Style::Json, false)),
            [("o", r#"{"a":"x","b":"y"}"#)]
        );
        assert!(query_pairs("n", &Option::<u8>::None, Style::Form, true).is_empty());
        assert_eq!(
            pairs(&query_pairs("b", &true, Style::Form, true)),
            [("b", "true")]
        );
    }

    #[test]
    fn path_and_header_styles() {
        let ids = vec!["a/b", "c"];
        assert_eq!(path("id", &ids, Style::Simple, false), "a%2Fb,c");
        assert_eq!(path("id", &ids, Style::Label, true), ".a%2Fb.c");
        assert_eq!(path("id", &ids, Style::Matrix, true), ";id=a%2Fb;id=c");
        assert_eq!(path("id", &ids, Style::Matrix, false), ";id=a%2Fb,c");
        assert_eq!(path("id", &"x y", Style::Simple, false), "x%20y");
        let obj = BTreeMap::from([("a", 1)]);
        assert_eq!(header(&obj, Style::Simple, true), "a=1");
        assert_eq!(header(&obj, Style::Simple, false), "a,1");
        assert_eq!(header(&ids, Style::Simple, false), "a/b,c");
    }
}
