//! Reading a response and decoding its body: the whole body, within the
//! client's size limit, then a [`Decoder`] for a success and one for a
//! failure ([`json`], [`text`], [`bytes`] or a generated one).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::error::{ApiError, Error, SendError};

/// A response read in full, not yet decoded.
pub(super) struct RawResponse {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Vec<u8>,
}

pub(super) enum ReadError {
    Http(reqwest::Error),
    TooLarge { status: StatusCode, limit: usize },
}

impl From<reqwest::Error> for ReadError {
    fn from(e: reqwest::Error) -> Self {
        ReadError::Http(e)
    }
}

/// Reads the body chunk by chunk, stopping as soon as it exceeds `limit`.
pub(super) async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<RawResponse, ReadError> {
    let status = response.status();
    let too_large = ReadError::TooLarge { status, limit };
    let announced = response.content_length().unwrap_or(0);
    if announced > u64::try_from(limit).unwrap_or(u64::MAX) {
        return Err(too_large);
    }
    let headers = std::mem::take(response.headers_mut());
    let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

/// How a response body becomes a value, given the status it came with:
/// `Err` holds why it cannot.
pub(crate) type Decoder<T> = fn(StatusCode, &[u8]) -> Result<T, String>;

/// Reads a JSON body. An empty (or all-whitespace) body reads as `null`, so
/// `()` and `Option<T>` accept it.
pub(crate) fn json<T: DeserializeOwned>(_: StatusCode, body: &[u8]) -> Result<T, String> {
    let json: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    serde_json::from_slice(json).map_err(|e| e.to_string())
}

/// Reads a text body (`text/plain`, `text/csv`, `text/html`...), which must
/// be UTF-8.
pub(crate) fn text(_: StatusCode, body: &[u8]) -> Result<String, String> {
    String::from_utf8(body.to_vec()).map_err(|e| format!("the body is not UTF-8 text: {e}"))
}

/// For a success the spec documents no body for: whatever the server sends
/// (an undocumented body, a `default` response's text) is not read.
pub(crate) fn ignore(_: StatusCode, _: &[u8]) -> Result<(), String> {
    Ok(())
}

/// Reads any body as it is (`application/octet-stream`, `image/png`...).
pub(crate) fn bytes(_: StatusCode, body: &[u8]) -> Result<Vec<u8>, String> {
    Ok(body.to_vec())
}

/// The exchange of one call: every attempt, up to the last response read
/// whole (or the error that ended it). One type for every operation.
pub(super) type Exchange<'a> =
    Pin<Box<dyn Future<Output = Result<RawResponse, SendError>> + Send + 'a>>;

/// A call on its way: awaiting it sends the request (retrying as the policy
/// allows) and decodes the response, `T` for a success and `E` for the
/// documented error body.
///
/// It is what an operation's `send()` returns and what awaiting its request
/// builder awaits. It borrows the client, is `Send` (it may move between
/// threads while it waits), and like every future does nothing until
/// polled.
#[must_use = "a call does nothing until it is awaited"]
pub struct ResponseFuture<'a, T, E> {
    exchange: Exchange<'a>,
    success: Decoder<T>,
    failure: Decoder<E>,
}

impl<'a, T, E> ResponseFuture<'a, T, E> {
    pub(super) fn new(exchange: Exchange<'a>, success: Decoder<T>, failure: Decoder<E>) -> Self {
        ResponseFuture {
            exchange,
            success,
            failure,
        }
    }
}

impl<T, E> Future for ResponseFuture<'_, T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (success, failure) = (self.success, self.failure);
        self.exchange
            .as_mut()
            .poll(cx)
            .map(|outcome| match outcome {
                Ok(response) => decode(response, success, failure),
                Err(e) => Err(e.widen()),
            })
    }
}

impl<T, E> fmt::Debug for ResponseFuture<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

/// Decodes a success body with `success` and anything else with `failure`.
fn decode<T, E>(
    response: RawResponse,
    success: Decoder<T>,
    failure: Decoder<E>,
) -> Result<T, Error<E>> {
    let reason = if response.status.is_success() {
        match success(response.status, &response.body) {
            Ok(value) => return Ok(value),
            Err(reason) => reason,
        }
    } else {
        match failure(response.status, &response.body) {
            Ok(body) => {
                return Err(Error::Api(ApiError {
                    status: response.status,
                    headers: Box::new(response.headers),
                    body,
                }));
            }
            Err(reason) => reason,
        }
    };
    Err(Error::UnexpectedResponse {
        status: response.status,
        body: String::from_utf8_lossy(&response.body).into_owned(),
        headers: Box::new(response.headers),
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::client::ClientBuilder;
    use crate::runtime::request::Request;
    use crate::runtime::retry::RetryPolicy;
    use crate::runtime::testing::{ApiErrorBody, Result, Thing, client, get, requests};
    use reqwest::Method;
    use std::net::TcpListener;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[tokio::test]
    async fn text_and_byte_responses_are_decoded_as_asked() {
        let server = MockServer::start().await;
        let png = vec![0x89, b'P', b'N', b'G', 0, 0xff];
        Mock::given(path("/widget.png"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"))
            .mount(&server)
            .await;
        Mock::given(path("/zen"))
            .respond_with(ResponseTemplate::new(200).set_body_raw("Keep it simple.", "text/plain"))
            .mount(&server)
            .await;
        Mock::given(path("/broken"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(vec![0xff, 0xfe], "text/plain"))
            .mount(&server)
            .await;
        Mock::given(path("/missing"))
            .respond_with(ResponseTemplate::new(404).set_body_raw("no such thing", "text/plain"))
            .mount(&server)
            .await;
        let c = client(&server.uri());

        let mut request = get("/widget.png".into());
        request.accept("image/png, application/json");
        let got = c
            .send_with(request, None, bytes, json::<ApiErrorBody>)
            .await
            .expect("bytes");
        assert_eq!(got, png);
        assert_eq!(
            requests(&server).await[0].headers["accept"],
            "image/png, application/json"
        );

        let got = c
            .send_with(get("/zen".into()), None, text, json::<ApiErrorBody>)
            .await
            .expect("text");
        assert_eq!(got, "Keep it simple.");

        let result = c
            .send_with(get("/broken".into()), None, text, json::<ApiErrorBody>)
            .await;
        match result {
            Err(Error::UnexpectedResponse { reason, .. }) => {
                assert!(reason.contains("not UTF-8"), "{reason}")
            }
            other => panic!("unexpected {other:?}"),
        }

        let result = c.send_with(get("/missing".into()), None, text, text).await;
        match result {
            Err(Error::Api(e)) => {
                assert_eq!(e.status, StatusCode::NOT_FOUND);
                assert_eq!(e.body, "no such thing");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[tokio::test]
    async fn error_body_is_decoded_into_the_typed_error() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(404)
                    .insert_header("x-request-id", "req_1")
                    .set_body_string(r#"{"code":"SOMETHING.NEW"}"#),
            )
            .mount(&server)
            .await;
        let result: Result<Thing> = client(&server.uri()).send(get("/x".into()), None).await;
        let error = result.expect_err("404");
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(
            error.api_body().map(|b| b.code.as_str()),
            Some("SOMETHING.NEW")
        );
        assert_eq!(
            error.headers().map(|h| &h["x-request-id"]).unwrap(),
            "req_1"
        );
        assert!(error.to_string().contains("SOMETHING.NEW"), "{error}");
    }

    #[tokio::test]
    async fn html_error_body_is_an_unexpected_response() {
        let server = MockServer::start().await;
        let html = "<html><body>Bad gateway</body></html>";
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
            .mount(&server)
            .await;
        let request = Request::new(Method::POST, "/x".into(), "Create");
        let result: Result<Thing> = client(&server.uri()).send(request, None).await;
        match result {
            Err(Error::UnexpectedResponse { status, body, .. }) => {
                assert_eq!(status, StatusCode::BAD_GATEWAY);
                assert_eq!(body, html);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[tokio::test]
    async fn wrong_json_types_are_an_unexpected_response() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"id":"one","name":1}"#))
            .mount(&server)
            .await;
        let result: Result<Thing> = client(&server.uri()).send(get("/x".into()), None).await;
        match result {
            Err(Error::UnexpectedResponse { status, reason, .. }) => {
                assert_eq!(status, StatusCode::OK);
                assert!(reason.contains("invalid type"), "{reason}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[tokio::test]
    async fn empty_success_body_decodes_as_unit() {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let request = Request::new(Method::DELETE, "/x".into(), "Delete");
        let result: Result<()> = client(&server.uri()).send(request, None).await;
        assert!(result.is_ok());
    }

    #[tokio::test]
    async fn oversized_body_is_refused() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(1000)))
            .mount(&server)
            .await;
        let client = ClientBuilder::new(&server.uri())
            .max_response_bytes(100)
            .build()
            .expect("builds");
        let result: Result<String> = client.send(get("/x".into()), None).await;
        match result {
            Err(Error::ResponseTooLarge { status, limit }) => {
                assert_eq!((status, limit), (StatusCode::OK, 100));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[tokio::test]
    async fn oversized_chunked_body_stops_at_the_limit() {
        use std::io::{Read, Write};
        // No Content-Length: the limit must be enforced while reading.
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().expect("accept");
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n");
            let chunk = format!("40\r\n{}\r\n", "x".repeat(64));
            for _ in 0..100 {
                if stream.write_all(chunk.as_bytes()).is_err() {
                    return;
                }
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        });
        let client = ClientBuilder::new(&format!("http://127.0.0.1:{port}"))
            .max_response_bytes(100)
            .retry(RetryPolicy::none())
            .build()
            .expect("builds");
        let result: Result<String> = client.send(get("/x".into()), None).await;
        assert!(
            matches!(result, Err(Error::ResponseTooLarge { limit: 100, .. })),
            "{result:?}"
        );
        drop(client);
        server.join().expect("server thread");
    }
}
