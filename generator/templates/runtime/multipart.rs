//! `multipart/form-data` bodies ([`Multipart`]).

use serde::Serialize;

use super::request::{FieldValue, field_values, fields_of, unserializable};

/// A `multipart/form-data` body being built, one part per field value
/// ([RFC 7578](https://www.rfc-editor.org/rfc/rfc7578)).
///
/// Built in memory rather than streamed, so that a retry can send it again.
#[derive(Debug, Default)]
pub(crate) struct Multipart {
    parts: Vec<Part>,
    /// The first value that could not be added: the request fails with it.
    invalid: Option<String>,
}

#[derive(Debug)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<&'static str>,
    body: Vec<u8>,
}

impl Multipart {
    pub(crate) fn new() -> Self {
        Multipart::default()
    }

    /// Adds a file part: the bytes as `application/octet-stream`, with the
    /// field's name as the file name (servers tell files from text fields by
    /// it).
    pub(crate) fn file(&mut self, name: &str, bytes: &[u8]) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: Some(name.to_owned()),
            content_type: Some("application/octet-stream"),
            body: bytes.to_vec(),
        });
    }

    /// Adds a field's value: strings, numbers and booleans as text parts,
    /// one part per array item, objects as `application/json` parts,
    /// nothing for `null`.
    pub(crate) fn value<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(value) => {
                let mut fields = Vec::new();
                field_values(name, value, &mut fields);
                self.push_fields(fields);
            }
            Err(e) => self.invalidate(unserializable(e)),
        }
    }

    /// Adds every property of an object as [`Multipart::value`] would.
    pub(crate) fn fields<T: Serialize + ?Sized>(&mut self, body: &T) {
        match fields_of(body) {
            Ok(fields) => self.push_fields(fields),
            Err(reason) => self.invalidate(reason),
        }
    }

    fn invalidate(&mut self, reason: String) {
        self.invalid.get_or_insert(reason);
    }

    fn push_fields(&mut self, fields: Vec<(String, FieldValue)>) {
        self.parts.extend(fields.into_iter().map(|(name, value)| {
            let (content_type, body) = match value {
                FieldValue::Text(text) => (None, text),
                FieldValue::Json(json) => (Some("application/json"), json),
            };
            Part {
                name,
                file_name: None,
                content_type,
                body: body.into_bytes(),
            }
        }));
    }

    /// The encoded body and its boundary, chosen so that no part holds it;
    /// or why a value could not be added.
    pub(super) fn encode(self) -> Result<(Vec<u8>, String), String> {
        if let Some(reason) = self.invalid {
            return Err(reason);
        }
        let boundary = loop {
            let candidate: String = std::iter::repeat_with(fastrand::alphanumeric)
                .take(32)
                .collect();
            let candidate = format!("----{candidate}");
            let found = |part: &Part| {
                part.body
                    .windows(candidate.len())
                    .any(|w| w == candidate.as_bytes())
            };
            if !self.parts.iter().any(found) {
                break candidate;
            }
        };
        let mut out = Vec::new();
        for part in self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!(
                "Content-Disposition: form-data; name=\"{}\"",
                quoted(&part.name)
            );
            if let Some(file_name) = &part.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
            }
            out.extend_from_slice(disposition.as_bytes());
            out.extend_from_slice(b"\r\n");
            if let Some(content_type) = part.content_type {
                out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.body);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Ok((out, boundary))
    }
}

/// A name inside a quoted `Content-Disposition` parameter, escaped as
/// browsers do: `"` as `%22`, line breaks as `%0D` and `%0A`.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Error;
    use crate::runtime::options::RequestOptions;
    use crate::runtime::request::Request;
    use crate::runtime::retry::RetryPolicy;
    use crate::runtime::testing::{ApiErrorBody, Result, Thing, client, requests};
    use reqwest::Method;
    use std::time::Duration;
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[tokio::test]
    async fn multipart_body_has_one_part_per_value_and_survives_a_retry() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201).set_body_string(r#"{"id":1,"name":"a"}"#))
            .mount(&server)
            .await;
        let mut form = Multipart::new();
        form.value("name", "sticker \"one\"");
        form.value("tags", &["x", "y"]);
        form.value("meta", &serde_json::json!({ "a": 1 }));
        form.value("nothing", &Option::<String>::None);
        let png = [0x89, b'P', b'N', b'G', 0, 0xff, b'\r', b'\n'];
        form.file("file", &png);
        let mut request = Request::new(Method::POST, "/stickers".into(), "Upload");
        request.multipart_body(form);
        let policy = RetryPolicy::default()
            .retry_non_idempotent(true)
            .initial_backoff(Duration::from_millis(1));
        let options = RequestOptions::new().retry(policy);
        let thing: Thing = client(&server.uri())
            .send::<_, ApiErrorBody>(request, Some(&options))
            .await
            .expect("second attempt succeeds");
        assert_eq!(thing.id, 1);

        let seen = requests(&server).await;
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].body, seen[1].body, "the retry sends the same body");
        let content_type = seen[1].headers["content-type"].to_str().expect("ASCII");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("multipart with a boundary");
        let body = &seen[1].body;
        let mut expected = Vec::new();
        for (headers, content) in [
            (
                "Content-Disposition: form-data; name=\"name\"\r\n".to_owned(),
                b"sticker \"one\"".to_vec(),
            ),
            ("Content-Disposition: form-data; name=\"tags\"\r\n".to_owned(), b"x".to_vec()),
            ("Content-Disposition: form-data; name=\"tags\"\r\n".to_owned(), b"y".to_vec()),
            (
                "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n"
                    .to_owned(),
                br#"{"a":1}"#.to_vec(),
            ),
            (
                "Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n"
                    .to_owned(),
                png.to_vec(),
            ),
        ] {
            expected.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n").as_bytes());
            expected.extend_from_slice(&content);
            expected.extend_from_slice(b"\r\n");
        }
        expected.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        assert_eq!(
            String::from_utf8_lossy(body),
            String::from_utf8_lossy(&expected)
        );
        assert_eq!(body, &expected);
    }

    #[tokio::test]
    async fn a_value_that_does_not_serialize_fails_the_call_before_sending() {
        let server = MockServer::start().await;
        let mut form = Multipart::new();
        form.value("name", "fine");
        // JSON object keys must be strings.
        form.value("bad", &std::collections::BTreeMap::from([(vec![1u8], 1)]));
        form.value("after", "also fine");
        let mut request = Request::new(Method::POST, "/stickers".into(), "Upload");
        request.multipart_body(form);
        let result: Result<Thing> = client(&server.uri()).send(request, None).await;
        assert!(
            matches!(&result, Err(Error::InvalidRequest(reason)) if reason.contains("does not serialize")),
            "{result:?}"
        );
        assert!(requests(&server).await.is_empty());
    }

    #[test]
    fn multipart_names_cannot_break_out_of_their_quotes() {
        let mut form = Multipart::new();
        form.file("a\"; filename=\"evil\r\nX: y", b"1");
        let (body, _) = form.encode().expect("no invalid value");
        let text = String::from_utf8(body).expect("ASCII");
        assert!(
            text.contains("name=\"a%22; filename=%22evil%0D%0AX: y\"; filename="),
            "{text}"
        );
    }
}
