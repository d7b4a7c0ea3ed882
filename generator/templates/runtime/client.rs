//! The API client ([`Client`]) and its builder ([`ClientBuilder`]), and
//! sending a request: preparing it once, then one attempt after another as
//! the retry policy allows.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use super::auth::{Credentials, Secret};
use super::error::{BuildError, Error};
use super::options::RequestOptions;
use super::params::is_dot_segment;
use super::request::Request;
use super::response::{Decoder, RawResponse, ReadError, decode, json, read_body};
use super::retry::RetryPolicy;

/// How long one attempt may take unless the caller says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest response body read unless the caller says otherwise.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// The API client. Cloning it is cheap and clones share one connection
/// pool, so create one and pass it around.
///
/// Build it with the generated `Client::builder()`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Normalized, without a trailing slash; request paths are appended.
    base_url: String,
    /// By security scheme key; each operation says which it accepts.
    credentials: Credentials,
    /// Set on each request only when the caller chose both their own HTTP
    /// client and a user agent; otherwise it lives in our own HTTP client.
    user_agent: Option<HeaderValue>,
    timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("credentials", &inner.credentials)
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("max_response_bytes", &inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// Configures and builds a [`Client`].
///
/// Start from the generated `Client::builder()`, which points at the spec's
/// default server.
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Credentials,
    http_client: Option<reqwest::Client>,
    timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
    user_agent: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("http_client", &self.http_client.as_ref().map(|_| "custom"))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

impl ClientBuilder {
    /// A builder for the server at `default_base_url`, with default settings.
    pub(crate) fn new(default_base_url: &str) -> Self {
        ClientBuilder {
            base_url: default_base_url.to_owned(),
            credentials: Credentials::default(),
            http_client: None,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: None,
        }
    }

    /// The credential for the security scheme `key`; the generated setter
    /// of each scheme (`api_key(..)`) calls it. It never appears in `Debug`
    /// output or logs.
    pub(crate) fn credential(mut self, key: &'static str, secret: Secret) -> Self {
        self.credentials.0.insert(key, secret);
        self
    }

    /// Sends requests to this base URL instead of the default server: another
    /// region, a proxy, a mock server. A path such as `/v1` is kept and
    /// operation paths are appended to it; a trailing slash does not matter.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Uses this HTTP client, for example one with a proxy or extra TLS root
    /// certificates. Its own timeouts and default headers stay in effect.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// How long one attempt may take, from sending the request to reading the
    /// whole body (default 30 s). Each retry gets the full time again.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    /// When to retry failed calls (default: [`RetryPolicy::default`]; use
    /// [`RetryPolicy::none`] to turn retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body the client reads (default 16 MiB). A larger
    /// body fails the call with [`Error::ResponseTooLarge`]; the body is read
    /// in chunks, so memory stays bounded.
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.max_response_bytes = n;
        self
    }

    /// The `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = normalize_base_url(&self.base_url)?;
        if !self.credentials.0.values().all(Secret::is_valid) {
            return Err(BuildError::InvalidApiKey);
        }
        let user_agent = match &self.user_agent {
            None => None,
            Some(ua) => Some(HeaderValue::from_str(ua).map_err(|_| BuildError::InvalidUserAgent)?),
        };
        let (http, user_agent) = match self.http_client {
            Some(http) => (http, user_agent),
            None => {
                let ua = user_agent.unwrap_or_else(|| {
                    HeaderValue::from_static(concat!(
                        env!("CARGO_PKG_NAME"),
                        "/",
                        env!("CARGO_PKG_VERSION")
                    ))
                });
                let http = reqwest::Client::builder()
                    .user_agent(ua)
                    .build()
                    .map_err(BuildError::Http)?;
                (http, None)
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials: self.credentials,
                user_agent,
                timeout: self.timeout,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
            }),
        })
    }
}

/// Checks a base URL and returns it without a trailing slash.
fn normalize_base_url(given: &str) -> Result<String, BuildError> {
    let invalid = |reason: &str| BuildError::InvalidBaseUrl {
        url: given.to_owned(),
        reason: reason.to_owned(),
    };
    let url = Url::parse(given.trim()).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a base URL cannot have a query or a fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

impl Client {
    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request, retrying as the policy allows, and decodes the
    /// response as JSON: a success body as `T`, an error body as `E`. An
    /// empty body decodes as JSON `null`, so `T = ()` and `Option<T>` accept
    /// it.
    pub(crate) async fn send<T, E>(
        &self,
        request: Request,
        options: Option<&RequestOptions>,
    ) -> Result<T, Error<E>>
    where
        T: DeserializeOwned,
        E: DeserializeOwned,
    {
        self.send_with(request, options, json::<T>, json::<E>).await
    }

    /// [`Client::send`] with the decoders chosen by the caller: `success`
    /// reads a 2xx body, `failure` any other ([`json`],
    /// [`text`](super::text), [`bytes`](super::bytes), or a generated
    /// function that picks a type by status). A body a decoder refuses ends
    /// in [`Error::UnexpectedResponse`] with the decoder's reason.
    pub(crate) async fn send_with<T, E>(
        &self,
        request: Request,
        options: Option<&RequestOptions>,
        success: Decoder<T>,
        failure: Decoder<E>,
    ) -> Result<T, Error<E>> {
        let timeout = options
            .and_then(|o| o.timeout)
            .unwrap_or(self.inner.timeout);
        let policy = options
            .and_then(|o| o.retry.as_ref())
            .unwrap_or(&self.inner.retry);
        let prepared = self.prepare(request, options)?;
        let mut retries_done = 0;
        loop {
            let outcome = self.attempt::<E>(&prepared, timeout).await;
            let wait = policy.delay(&prepared.method, &outcome, retries_done);
            tracing::debug!(
                method = %prepared.method,
                operation = prepared.operation_id,
                attempt = retries_done + 1,
                outcome = %Outcome(&outcome),
                retry_in_ms = wait.map(|w| w.as_millis()),
                "HTTP attempt finished",
            );
            match wait {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    retries_done += 1;
                }
                None => return decode(outcome?, success, failure),
            }
        }
    }

    /// Turns an operation's request into what each attempt sends.
    fn prepare<E>(
        &self,
        request: Request,
        options: Option<&RequestOptions>,
    ) -> Result<Prepared, Error<E>> {
        if let Some(reason) = request.invalid {
            return Err(Error::InvalidRequest(reason));
        }
        if request.path.split('/').any(is_dot_segment) {
            // The URL parser would drop the segment and call another endpoint.
            return Err(Error::InvalidRequest(format!(
                "`.` and `..` cannot be sent as path parameters ({})",
                request.operation_id
            )));
        }
        let separator = if request.path.starts_with('/') {
            ""
        } else {
            "/"
        };
        let mut url = Url::parse(&format!(
            "{}{separator}{}",
            self.inner.base_url, request.path
        ))
        .map_err(|e| Error::InvalidRequest(format!("invalid URL: {e}")))?;
        let auth = self
            .inner
            .credentials
            .apply(request.security, request.operation_id)
            .map_err(Error::InvalidRequest)?;
        if !request.query.is_empty() || !auth.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
            for (name, value) in &auth.query {
                pairs.append_pair(name, value);
            }
        }

        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(ua) = &self.inner.user_agent {
            headers.insert(header::USER_AGENT, ua.clone());
        }
        for (name, value) in request.headers {
            headers.insert(name, value);
        }
        // After the parameters: the scheme's credential wins over a header
        // parameter of the same name.
        for (name, value) in auth.headers {
            headers.insert(name, value);
        }
        if !request.cookies.is_empty() || !auth.cookies.is_empty() {
            let all: Vec<&str> = request
                .cookies
                .iter()
                .chain(&auth.cookies)
                .map(String::as_str)
                .collect();
            let mut cookies = HeaderValue::from_str(&all.join("; "))
                .map_err(|_| Error::InvalidRequest("invalid cookie".to_owned()))?;
            cookies.set_sensitive(!auth.cookies.is_empty());
            headers.insert(header::COOKIE, cookies);
        }
        for (name, value) in options.map(|o| o.headers.as_slice()).unwrap_or_default() {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::InvalidRequest(format!("invalid header name `{name}`")))?;
            let mut value = HeaderValue::from_str(value)
                .map_err(|_| Error::InvalidRequest(format!("invalid value for header `{name}`")))?;
            if name == header::AUTHORIZATION || name == header::PROXY_AUTHORIZATION {
                value.set_sensitive(true);
            }
            headers.insert(name, value);
        }

        Ok(Prepared {
            method: request.method,
            url,
            headers,
            body: request.body,
            operation_id: request.operation_id,
        })
    }

    /// One attempt: send, then read the whole body within `timeout`.
    async fn attempt<E>(
        &self,
        prepared: &Prepared,
        timeout: Duration,
    ) -> Result<RawResponse, Error<E>> {
        let started = tokio::time::Instant::now();
        let exchange = async {
            let mut request = reqwest::Request::new(prepared.method.clone(), prepared.url.clone());
            *request.headers_mut() = prepared.headers.clone();
            if let Some(body) = &prepared.body {
                *request.body_mut() = Some(body.clone().into());
            }
            let response = self.inner.http.execute(request).await?;
            read_body(response, self.inner.max_response_bytes).await
        };
        match tokio::time::timeout(timeout, exchange).await {
            Err(_elapsed) => Err(Error::Timeout { after: timeout }),
            Ok(Ok(response)) => Ok(response),
            Ok(Err(ReadError::TooLarge { status, limit })) => {
                Err(Error::ResponseTooLarge { status, limit })
            }
            // The caller's own HTTP client may have a shorter timeout.
            Ok(Err(ReadError::Http(e))) if e.is_timeout() => Err(Error::Timeout {
                after: started.elapsed(),
            }),
            Ok(Err(ReadError::Http(e))) => Err(Error::Transport(e)),
        }
    }
}

/// A request ready to send, as many times as the retry policy allows.
struct Prepared {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
    operation_id: &'static str,
}

/// An attempt's outcome for logs: the status or the kind of failure, never
/// URLs, headers or bodies.
struct Outcome<'a, E>(&'a Result<RawResponse, Error<E>>);

impl<E> fmt::Display for Outcome<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Ok(response) => write!(f, "{}", response.status.as_u16()),
            Err(Error::Timeout { .. }) => f.write_str("timeout"),
            Err(Error::Transport(e)) if e.is_connect() => f.write_str("connection failed"),
            Err(Error::Transport(_)) => f.write_str("transport error"),
            Err(Error::ResponseTooLarge { status, .. }) => {
                write!(f, "{} (body too large)", status.as_u16())
            }
            Err(_) => f.write_str("error"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::testing::{
        ApiErrorBody, BEARER, KEY, Result, Thing, client, get, requests,
    };
    use wiremock::matchers::{header as header_is, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[test]
    fn client_errors_and_calls_cross_threads() {
        fn send_sync<T: Send + Sync + 'static>(_: &T) {}
        fn send<T: Send>(_: &T) {}
        let client = client("http://127.0.0.1:1");
        send_sync(&client);
        send_sync(&Error::<ApiErrorBody>::InvalidRequest(String::new()));
        send_sync(&BuildError::InvalidApiKey);
        let options = RequestOptions::new();
        send(&client.send::<(), ApiErrorBody>(get("/x".into()), Some(&options)));
    }

    #[test]
    fn invalid_settings_fail_the_build() {
        let build = |b: ClientBuilder| b.build().map(|_| ()).map_err(|e| e.to_string());
        let base = || ClientBuilder::new("https://api.example.com/v1");
        assert!(build(base()).is_ok());
        assert!(build(base().base_url("not a url")).is_err());
        assert!(build(base().base_url("ftp://example.com")).is_err());
        assert!(build(base().base_url("https://example.com/v1?x=1")).is_err());
        let token = |t: &str| Secret::Token(t.to_owned());
        let bad_key = build(base().credential("ApiKey", token("line\nbreak"))).unwrap_err();
        assert!(!bad_key.contains("line"), "{bad_key}");
        assert!(build(base().credential("ApiKey", token("  "))).is_err());
        assert!(build(base().user_agent("a\nb")).is_err());
    }

    #[tokio::test]
    async fn sends_bearer_key_and_keeps_it_out_of_debug() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/ping"))
            .and(header_is("authorization", format!("Bearer {KEY}").as_str()))
            .and(header_is("accept", "application/json"))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"id":1,"name":"a"}"#))
            .expect(1)
            .mount(&server)
            .await;
        let client = client(&server.uri());
        let mut request = get("/ping".into());
        request.security(&[&[BEARER]]);
        let thing: Thing = client
            .send::<_, ApiErrorBody>(request, None)
            .await
            .expect("success");
        assert_eq!(thing.name, "a");

        let builder = ClientBuilder::new("http://x").credential("ApiKey", Secret::Token(KEY.into()));
        for debug in [format!("{client:?}"), format!("{builder:?}")] {
            assert!(!debug.contains(KEY), "{debug}");
            assert!(debug.contains("<redacted>"), "{debug}");
        }
        let options = RequestOptions::new().header("Authorization", format!("Bearer {KEY}"));
        assert!(!format!("{options:?}").contains(KEY));
    }

    #[tokio::test]
    async fn base_url_path_prefix_query_and_headers_are_sent() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string("null"))
            .mount(&server)
            .await;
        let client = client(&format!("{}/v1/", server.uri()));
        let mut request = get("/items".into());
        request.query("q", "a b&c=d".into());
        request.query("tag", "1".into());
        request.query("tag", "2".into());
        request.header("X-Integration-Id", "int_1".into());
        request.cookie("session", "a b;c");
        let options = RequestOptions::new().header("X-Extra", "yes");
        let value: Option<Thing> = client
            .send::<_, ApiErrorBody>(request, Some(&options))
            .await
            .expect("success");
        assert_eq!(value, None);

        let seen = &requests(&server).await[0];
        assert_eq!(seen.url.path(), "/v1/items");
        assert_eq!(seen.url.query(), Some("q=a+b%26c%3Dd&tag=1&tag=2"));
        assert_eq!(seen.headers["x-integration-id"], "int_1");
        assert_eq!(seen.headers["x-extra"], "yes");
        assert_eq!(seen.headers["cookie"], "session=a%20b%3Bc");
    }

    #[tokio::test]
    async fn slow_response_is_a_timeout() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(500)))
            .mount(&server)
            .await;
        let options = RequestOptions::new()
            .timeout(Duration::from_millis(100))
            .retry(RetryPolicy::none());
        let result: Result<()> = client(&server.uri())
            .send(get("/x".into()), Some(&options))
            .await;
        match result {
            Err(Error::Timeout { after }) => assert_eq!(after, Duration::from_millis(100)),
            other => panic!("unexpected {other:?}"),
        }
    }
}
