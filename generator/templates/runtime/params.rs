//! Parameters as they are sent: path segments and cookie values
//! percent-encoded, and values written the way OpenAPI's `style` and
//! `explode` say when they are not a single string or number (arrays,
//! objects, unions, constants). Values are first turned into JSON with
//! serde, so that every generated type is written as its wire form; nested
//! arrays and objects inside an item, which no style defines, are JSON text.

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

/// Everything except RFC 3986 unreserved characters (`ALPHA DIGIT - . _ ~`).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters a cookie value may not hold (RFC 6265 `cookie-octet`), plus `%`
/// so that encoded values stay unambiguous.
pub(super) const COOKIE_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// Percent-encodes a path parameter so that it is exactly one path segment:
/// only RFC 3986 unreserved characters stay as they are, so `/` becomes
/// `%2F`, `?` `%3F`, `#` `%23`, `%` `%25`, a space `%20` (never `+`), and
/// non-ASCII text its UTF-8 bytes.
///
/// A parameter that is exactly `.` or `..` cannot be sent as a segment (URL
/// parsers remove such segments, encoded or not);
/// [`Client::send`](super::Client::send) refuses it with
/// [`Error::InvalidRequest`](super::Error::InvalidRequest) rather than call
/// another endpoint.
pub(crate) fn encode_path(segment: &str) -> String {
    utf8_percent_encode(segment, PATH_SEGMENT).to_string()
}

/// Whether a URL parser would treat this path segment as `.` or `..`.
pub(super) fn is_dot_segment(segment: &str) -> bool {
    matches!(
        segment.to_ascii_lowercase().as_str(),
        "." | "%2e" | ".." | ".%2e" | "%2e." | "%2e%2e"
    )
}

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
    let encode = |s: &str| encode_path(s);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::error::Error;
    use crate::runtime::testing::{ApiErrorBody, Result, client, get, requests};
    use std::collections::BTreeMap;
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[test]
    fn encode_path_keeps_only_unreserved_characters() {
        assert_eq!(encode_path("a/../b"), "a%2F..%2Fb");
        assert_eq!(encode_path("x?y#z"), "x%3Fy%23z");
        assert_eq!(encode_path("%2F"), "%252F");
        assert_eq!(encode_path("a b+c"), "a%20b%2Bc");
        assert_eq!(encode_path("ünï"), "%C3%BCn%C3%AF");
        assert_eq!(encode_path("A-z_0.9~"), "A-z_0.9~");
    }

    #[tokio::test]
    async fn hostile_path_parameters_stay_one_segment() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let client = client(&server.uri());
        let cases = [
            ("a/../b", "/items/a%2F..%2Fb"),
            ("x?y#z", "/items/x%3Fy%23z"),
            ("%2F", "/items/%252F"),
            ("a b", "/items/a%20b"),
            ("ünï", "/items/%C3%BCn%C3%AF"),
        ];
        for (token, _) in cases {
            let request = get(format!("/items/{}", encode_path(token)));
            let () = client
                .send::<(), ApiErrorBody>(request, None)
                .await
                .expect("sent");
        }
        let seen: Vec<String> = requests(&server)
            .await
            .iter()
            .map(|r| r.url.path().to_owned())
            .collect();
        let expected: Vec<&str> = cases.iter().map(|(_, p)| *p).collect();
        assert_eq!(seen, expected);
    }

    #[tokio::test]
    async fn dot_segments_are_refused_before_sending() {
        let server = MockServer::start().await;
        let client = client(&server.uri());
        for token in [".", ".."] {
            let request = get(format!("/items/{}/x", encode_path(token)));
            let result: Result<()> = client.send(request, None).await;
            assert!(matches!(result, Err(Error::InvalidRequest(_))), "{token}");
        }
        // Encoded dot segments, which URL parsers also remove, cannot come
        // out of `encode_path`: it encodes their `%`.
        assert_eq!(encode_path("%2e%2E"), "%252e%252E");
        assert!(is_dot_segment("%2E.") && !is_dot_segment("%252e%252E"));
        assert!(requests(&server).await.is_empty());
    }

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
