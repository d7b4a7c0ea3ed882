//! A call as a generated operation describes it ([`Request`]), and its
//! bodies: JSON, text, bytes and `application/x-www-form-urlencoded` forms,
//! with the flattening of an object into form fields that multipart bodies
//! share.

use std::fmt;

use percent_encoding::utf8_percent_encode;
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::Serialize;

use super::auth::Scheme;
use super::multipart::Multipart;
use super::params::COOKIE_VALUE;

/// One call as a generated operation describes it: method, path with its
/// parameters already encoded (see [`encode_path`](super::encode_path)),
/// query, headers, body.
///
/// Problems found while building it (a header value with a line break) are
/// kept and reported by [`Client::send`](super::Client::send) as
/// [`Error::InvalidRequest`], so the building methods need no error
/// handling.
pub(crate) struct Request {
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) operation_id: &'static str,
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) cookies: Vec<String>,
    pub(super) body: Option<Vec<u8>>,
    pub(super) invalid: Option<String>,
    /// The security alternatives the operation accepts (see
    /// [`Request::security`]).
    pub(super) security: &'static [&'static [Scheme]],
}

impl Request {
    /// A request for `path` (starting with `/`, relative to the base URL).
    pub(crate) fn new(method: Method, path: String, operation_id: &'static str) -> Self {
        Request {
            method,
            path,
            operation_id,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            invalid: None,
            security: &[],
        }
    }

    /// The operation's security alternatives, in the spec's order: the
    /// client sends the credentials of the first one it holds all of (an
    /// empty one needs none), and fails the call before sending when it
    /// holds none. Not called: no auth.
    pub(crate) fn security(&mut self, alternatives: &'static [&'static [Scheme]]) {
        self.security = alternatives;
    }

    /// Adds a query parameter; it is form-encoded when sent. Call it once per
    /// value to repeat a parameter.
    pub(crate) fn query(&mut self, name: &str, value: String) {
        self.query.push((name.to_owned(), value));
    }

    /// Sets a header parameter.
    pub(crate) fn header(&mut self, name: &str, value: String) {
        let parsed_name = HeaderName::from_bytes(name.as_bytes());
        let parsed_value = HeaderValue::from_str(&value);
        match (parsed_name, parsed_value) {
            (Ok(n), Ok(v)) => self.headers.push((n, v)),
            _ => self.invalidate(format!("invalid value for header `{name}`")),
        }
    }

    /// Adds a cookie parameter; the value is percent-encoded where a cookie
    /// cannot hold it.
    pub(crate) fn cookie(&mut self, name: &str, value: &str) {
        self.cookies.push(format!(
            "{name}={}",
            utf8_percent_encode(value, COOKIE_VALUE)
        ));
    }

    /// Asks for these media types (the operation's responses') instead of
    /// `application/json`.
    pub(crate) fn accept(&mut self, media_types: &str) {
        self.header("accept", media_types.to_owned());
    }

    /// Sets a JSON body, sent as `application/json`.
    pub(crate) fn json_body<T: Serialize + ?Sized>(&mut self, body: &T) {
        self.json_body_as(body, "application/json");
    }

    /// Sets a JSON body sent with another JSON media type
    /// (`application/merge-patch+json`).
    pub(crate) fn json_body_as<T: Serialize + ?Sized>(&mut self, body: &T, content_type: &str) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.set_body(bytes, content_type),
            Err(e) => self.invalidate(unserializable(e)),
        }
    }

    /// Sets a text body (`text/plain`...).
    pub(crate) fn text_body(&mut self, body: &str, content_type: &str) {
        self.set_body(body.as_bytes().to_vec(), content_type);
    }

    /// Sets a body of raw bytes (`application/octet-stream`, `image/png`...).
    pub(crate) fn bytes_body(&mut self, body: &[u8], content_type: &str) {
        self.set_body(body.to_vec(), content_type);
    }

    /// Sets an `application/x-www-form-urlencoded` body from an object: one
    /// `name=value` pair per property, an array repeating its name once per
    /// item, `null`s left out, objects sent as their JSON text.
    pub(crate) fn form_body<T: Serialize + ?Sized>(&mut self, body: &T) {
        let fields = match fields_of(body) {
            Ok(fields) => fields,
            Err(reason) => return self.invalidate(reason),
        };
        // The URL crate's form serializer, reached through a scratch URL.
        let mut scratch = Url::parse("http://form.invalid/").expect("a valid constant URL");
        scratch.query_pairs_mut().extend_pairs(
            fields
                .iter()
                .map(|(name, value)| (name.as_str(), value.text())),
        );
        let encoded = scratch.query().unwrap_or_default().as_bytes().to_vec();
        self.set_body(encoded, "application/x-www-form-urlencoded");
    }

    /// Sets a `multipart/form-data` body.
    pub(crate) fn multipart_body(&mut self, form: Multipart) {
        let (body, boundary) = match form.encode() {
            Ok(encoded) => encoded,
            Err(reason) => return self.invalidate(reason),
        };
        self.set_body(body, &format!("multipart/form-data; boundary={boundary}"));
    }

    fn set_body(&mut self, bytes: Vec<u8>, content_type: &str) {
        self.body = Some(bytes);
        self.header("content-type", content_type.to_owned());
    }

    /// Keeps the first problem found: the call fails with it, as
    /// [`Error::InvalidRequest`](super::Error::InvalidRequest), before
    /// anything is sent.
    pub(crate) fn invalidate(&mut self, reason: impl Into<String>) {
        self.invalid.get_or_insert_with(|| reason.into());
    }
}

/// Why a body could not be sent.
pub(super) fn unserializable(e: serde_json::Error) -> String {
    format!("the request body does not serialize: {e}")
}

/// A form field's value as sent.
#[derive(Debug, PartialEq)]
pub(super) enum FieldValue {
    /// A string, number or boolean, as text.
    Text(String),
    /// An object or an array inside an array, as its JSON text.
    Json(String),
}

impl FieldValue {
    fn text(&self) -> &str {
        match self {
            FieldValue::Text(text) | FieldValue::Json(text) => text,
        }
    }
}

/// The fields of an object as a form sends them, in the order the object
/// serializes them (a `serde_json::Map` would sort them).
pub(super) fn fields_of<T: Serialize + ?Sized>(
    body: &T,
) -> Result<Vec<(String, FieldValue)>, String> {
    let json = serde_json::to_string(body)
        .map_err(|e| format!("the request body does not serialize: {e}"))?;
    let Ok(Ordered(object)) = serde_json::from_str::<Ordered>(&json) else {
        return Err("a form body must be an object".to_owned());
    };
    let mut fields = Vec::new();
    for (name, value) in object {
        field_values(&name, value, &mut fields);
    }
    Ok(fields)
}

/// A JSON object's members in their order.
struct Ordered(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> serde::de::Visitor<'de> for Members {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Ordered, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Ordered(members))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// Appends one field's values: nothing for `null`, one per array item.
pub(super) fn field_values(
    name: &str,
    value: serde_json::Value,
    out: &mut Vec<(String, FieldValue)>,
) {
    use serde_json::Value;
    let one = |value: Value| match value {
        Value::String(s) => Some(FieldValue::Text(s)),
        Value::Null => None,
        Value::Bool(_) | Value::Number(_) => Some(FieldValue::Text(value.to_string())),
        Value::Array(_) | Value::Object(_) => Some(FieldValue::Json(value.to_string())),
    };
    match value {
        Value::Array(items) => out.extend(
            items
                .into_iter()
                .filter_map(one)
                .map(|v| (name.to_owned(), v)),
        ),
        value => out.extend(one(value).map(|v| (name.to_owned(), v))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Error;
    use crate::runtime::testing::{ApiErrorBody, Result, Thing, client, get, requests};
    use wiremock::matchers::{header as header_is, method};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[tokio::test]
    async fn json_body_is_sent_with_content_type() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(header_is("content-type", "application/json"))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"id":2,"name":"b"}"#))
            .mount(&server)
            .await;
        let mut request = Request::new(Method::POST, "/things".into(), "Create");
        request.json_body(&serde_json::json!({ "name": "b" }));
        let thing: Thing = client(&server.uri())
            .send::<_, ApiErrorBody>(request, None)
            .await
            .expect("success");
        assert_eq!(
            thing,
            Thing {
                id: 2,
                name: "b".into()
            }
        );
        let body: serde_json::Value = requests(&server).await[0].body_json().expect("JSON");
        assert_eq!(body, serde_json::json!({ "name": "b" }));
    }

    #[tokio::test]
    async fn form_body_is_url_encoded() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(header_is(
                "content-type",
                "application/x-www-form-urlencoded",
            ))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let mut request = Request::new(Method::POST, "/token".into(), "Token");
        #[derive(Serialize)]
        struct Form {
            grant_type: &'static str,
            scope: [&'static str; 2],
            limit: u32,
            missing: Option<u32>,
            meta: serde_json::Value,
        }
        let body = Form {
            grant_type: "device code",
            scope: ["a&b", "c=d"],
            limit: 3,
            missing: None,
            meta: serde_json::json!({ "k": "v" }),
        };
        request.form_body(&body);
        let result: Result<()> = client(&server.uri()).send(request, None).await;
        assert!(result.is_ok(), "{result:?}");
        let sent = String::from_utf8(requests(&server).await[0].body.clone()).expect("ASCII");
        assert_eq!(
            sent,
            "grant_type=device+code&scope=a%26b&scope=c%3Dd&limit=3&meta=%7B%22k%22%3A%22v%22%7D"
        );
    }

    #[tokio::test]
    async fn form_body_must_be_an_object_and_nothing_is_sent_otherwise() {
        let server = MockServer::start().await;
        let mut request = get("/x".into());
        request.form_body(&vec![1, 2]);
        let result: Result<()> = client(&server.uri()).send(request, None).await;
        assert!(
            matches!(&result, Err(Error::InvalidRequest(reason)) if reason.contains("object")),
            "{result:?}"
        );
        assert!(requests(&server).await.is_empty());
    }

    #[tokio::test]
    async fn text_and_byte_bodies_keep_their_media_types() {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let c = client(&server.uri());
        let mut request = Request::new(Method::PUT, "/name".into(), "SetName");
        request.text_body("héllo\n", "text/plain");
        let result: Result<()> = c.send(request, None).await;
        assert!(result.is_ok());
        let mut request = Request::new(Method::PUT, "/chunk".into(), "Chunk");
        request.bytes_body(&[0, 159, 146, 150], "application/octet-stream");
        let result: Result<()> = c.send(request, None).await;
        assert!(result.is_ok());
        let seen = requests(&server).await;
        assert_eq!(seen[0].headers["content-type"], "text/plain");
        assert_eq!(seen[0].body, "héllo\n".as_bytes());
        assert_eq!(seen[1].headers["content-type"], "application/octet-stream");
        assert_eq!(seen[1].body, [0, 159, 146, 150]);
    }

    #[tokio::test]
    async fn invalid_header_value_is_an_invalid_request() {
        let server = MockServer::start().await;
        let mut request = get("/x".into());
        request.header("X-Id", "a\r\nInjected: yes".into());
        let result: Result<()> = client(&server.uri()).send(request, None).await;
        assert!(matches!(result, Err(Error::InvalidRequest(_))));
        assert!(requests(&server).await.is_empty());
    }
}
