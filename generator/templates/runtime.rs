//! The hand-written runtime of a generated client, written out verbatim by
//! the generator. Generated modules build on it.
//!
//! It holds the HTTP client ([`Client`], [`ClientBuilder`]), the per-call
//! settings ([`RequestOptions`]), the retry rules ([`RetryPolicy`]) and the
//! error type every operation returns ([`Error`]). Generated operations
//! describe a call as a [`Request`] and hand it to [`Client::send`].

// Which helpers a crate uses depends on its spec.
#![allow(dead_code)]

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// How long one attempt may take unless the caller says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest response body read unless the caller says otherwise.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// How much of an unexpected body `Display` shows; the error keeps all of it.
const DISPLAYED_BODY_CHARS: usize = 200;

/// Deserializes an optional, nullable field so that absent, `null` and a
/// value stay three different states: `None`, `Some(None)` and
/// `Some(Some(v))`. Absent fields never reach this function; serde's
/// `default` gives them `None`.
pub(crate) fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

// ---------------------------------------------------------------------------
// Percent-encoding
// ---------------------------------------------------------------------------

/// Everything except RFC 3986 unreserved characters (`ALPHA DIGIT - . _ ~`).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters a cookie value may not hold (RFC 6265 `cookie-octet`), plus `%`
/// so that encoded values stay unambiguous.
const COOKIE_VALUE: &AsciiSet = &CONTROLS
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
/// parsers remove such segments, encoded or not); [`Client::send`] refuses it
/// with [`Error::InvalidRequest`] rather than call another endpoint.
pub(crate) fn encode_path(segment: &str) -> String {
    utf8_percent_encode(segment, PATH_SEGMENT).to_string()
}

/// Whether a URL parser would treat this path segment as `.` or `..`.
fn is_dot_segment(segment: &str) -> bool {
    matches!(
        segment.to_ascii_lowercase().as_str(),
        "." | "%2e" | ".." | ".%2e" | "%2e." | "%2e%2e"
    )
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Everything an operation can fail with.
///
/// `E` is the error body the spec documents for the operation. Match on
/// [`Error::Api`] to read it, for example its error code:
/// `Err(Error::Api(e)) => println!("{:?}", e.body)`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The API answered with a non-success status and an error body of the
    /// documented type.
    Api(ApiError<E>),
    /// The API answered, but the body is not what the spec describes: an HTML
    /// page from a proxy, truncated JSON, an empty error body, a success body
    /// with the wrong shape. Nothing is lost: status, headers and the body
    /// text are kept.
    UnexpectedResponse {
        /// The HTTP status of the response.
        status: StatusCode,
        /// The response headers (boxed to keep `Error` small).
        headers: Box<HeaderMap>,
        /// The body as text (invalid UTF-8 replaced by `U+FFFD`).
        body: String,
        /// Why the body could not be decoded (the JSON error).
        reason: String,
    },
    /// The response body was larger than the client's limit
    /// ([`ClientBuilder::max_response_bytes`]); reading stopped there.
    ResponseTooLarge {
        /// The HTTP status of the response.
        status: StatusCode,
        /// The limit in bytes.
        limit: usize,
    },
    /// No complete response arrived in time (after all retries).
    Timeout {
        /// How long the last attempt waited.
        after: Duration,
    },
    /// The request could not be sent or the response not received: DNS,
    /// connection, TLS or protocol failure.
    Transport(reqwest::Error),
    /// The request could not be built, so nothing was sent: a body that does
    /// not serialize, a header value with line breaks, a path parameter of
    /// `.` or `..`.
    InvalidRequest(String),
}

impl<E> Error<E> {
    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedResponse { status, .. } | Error::ResponseTooLarge { status, .. } => {
                Some(*status)
            }
            Error::Timeout { .. } | Error::Transport(_) | Error::InvalidRequest(_) => None,
        }
    }

    /// The response headers, when the API answered and they were kept.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(e) => Some(&e.headers),
            Error::UnexpectedResponse { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The typed error body, when the API answered with one.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(&e.body),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::UnexpectedResponse {
                status,
                body,
                reason,
                ..
            } => {
                write!(f, "unexpected response ({status}): {}", Truncated(reason))?;
                if !body.is_empty() {
                    write!(f, "; body: {}", Truncated(body))?;
                }
                Ok(())
            }
            Error::ResponseTooLarge { status, limit } => {
                write!(
                    f,
                    "response ({status}) is larger than the {limit}-byte limit"
                )
            }
            Error::Timeout { after } => write!(f, "no complete response within {after:?}"),
            Error::Transport(_) => f.write_str("the HTTP request failed"),
            Error::InvalidRequest(reason) => write!(f, "invalid request: {reason}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// A non-success response whose body is the documented error type `E`.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// The HTTP status of the response.
    pub status: StatusCode,
    /// The response headers (`Retry-After`, request ids, ...), boxed to
    /// keep `Error` small.
    pub headers: Box<HeaderMap>,
    /// The decoded error body.
    pub body: E,
}

impl<E: fmt::Debug> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered {}: {:?}", self.status, self.body)
    }
}

impl<E: fmt::Debug> std::error::Error for ApiError<E> {}

/// Why [`ClientBuilder::build`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http` or `https` URL without query or
    /// fragment.
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The API key is empty or holds characters that an HTTP header cannot
    /// carry (line breaks, control characters). The key itself is not kept.
    InvalidApiKey,
    /// The user agent holds characters that an HTTP header cannot carry.
    InvalidUserAgent,
    /// The HTTP client could not be built (for example, TLS setup failed).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidBaseUrl { url, reason } => {
                write!(f, "invalid base URL `{url}`: {reason}")
            }
            BuildError::InvalidApiKey => f.write_str(
                "invalid API key: it is empty or holds characters an HTTP header cannot carry",
            ),
            BuildError::InvalidUserAgent => {
                f.write_str("invalid user agent: it holds characters an HTTP header cannot carry")
            }
            BuildError::Http(_) => f.write_str("the HTTP client could not be built"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(e) => Some(e),
            _ => None,
        }
    }
}

/// Shows at most [`DISPLAYED_BODY_CHARS`] characters of a body.
struct Truncated<'a>(&'a str);

/// Shows at most [`DISPLAYED_BODY_CHARS`] characters of server-sent text,
/// with control characters escaped so that a response cannot write terminal
/// escapes or fake log lines through an error message.
impl fmt::Display for Truncated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, cut) = match self.0.char_indices().nth(DISPLAYED_BODY_CHARS) {
            Some((end, _)) => (&self.0[..end], true),
            None => (self.0, false),
        };
        for c in shown.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        if cut {
            write!(f, "... ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

/// Stands in for a secret in `Debug` output.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

// ---------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------

/// When and how long to wait before trying a request again.
///
/// The default policy makes up to 3 retries (4 attempts in all):
///
/// - **429 Too Many Requests** is retried for every method. Kombo answers
///   429 (`PLATFORM.RATE_LIMIT_EXCEEDED`, `PLATFORM.CONCURRENCY_LIMIT_EXCEEDED`)
///   before it does any work, so repeating even a `POST` is safe.
/// - **502, 503, 504**, timeouts and broken connections are retried for
///   idempotent methods only (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`).
///   A `POST` or `PATCH` that failed this way may already have taken effect,
///   and repeating it could, for example, create a record twice; opt in with
///   [`RetryPolicy::retry_non_idempotent`] when an operation is safe to
///   repeat.
/// - A connection that could not be **established** at all is retried for
///   every method: nothing was sent.
///
/// Between attempts the client waits with exponential backoff and full
/// jitter: a random time between zero and `initial_backoff × 2^retry`
/// (500 ms, 1 s, 2 s, ...), capped at `max_backoff` (30 s). When a 429 or
/// 503 response carries `Retry-After` (seconds or an HTTP date), the client
/// waits exactly that long instead, but never longer than `max_retry_after`
/// (60 s).
///
/// When retries run out, the last attempt's error is returned.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: every call makes exactly one attempt.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// How many times a request is repeated after the first attempt
    /// (default 3).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The backoff before the first retry; it doubles with each further retry
    /// (default 500 ms).
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// The longest backoff between two attempts (default 30 s).
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// The longest wait a `Retry-After` header can ask for (default 60 s);
    /// a longer request is cut to this.
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Whether `POST` and `PATCH` requests are also retried after 5xx
    /// responses, timeouts and broken connections (default `false`; see the
    /// type's docs for why).
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// How long to wait before retrying after the attempt numbered
    /// `retries_done` (0 for the first attempt) ended in `outcome`, or `None`
    /// when the outcome is final.
    fn delay<E>(
        &self,
        method: &Method,
        outcome: &Result<RawResponse, Error<E>>,
        retries_done: u32,
    ) -> Option<Duration> {
        if retries_done >= self.max_retries {
            return None;
        }
        let may_repeat = method.is_idempotent() || self.retry_non_idempotent;
        let retry = match outcome {
            Ok(response) => match response.status.as_u16() {
                429 => true,
                502..=504 => may_repeat,
                _ => false,
            },
            Err(Error::Transport(e)) if e.is_connect() => true,
            Err(Error::Transport(e)) => {
                may_repeat && (e.is_request() || e.is_body() || e.is_decode() || e.is_timeout())
            }
            Err(Error::Timeout { .. }) => may_repeat,
            Err(_) => false,
        };
        if !retry {
            return None;
        }
        let asked = match outcome {
            Ok(response)
                if matches!(
                    response.status,
                    StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
                ) =>
            {
                retry_after(&response.headers, SystemTime::now())
            }
            _ => None,
        };
        Some(match asked {
            Some(wait) => wait.min(self.max_retry_after),
            None => self.backoff(retries_done),
        })
    }

    /// Exponential backoff with full jitter for the retry after
    /// `retries_done` earlier retries.
    fn backoff(&self, retries_done: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retries_done))
            .min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// The wait a `Retry-After` header asks for: delta-seconds or an HTTP date
/// (a date in the past means no wait).
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

// ---------------------------------------------------------------------------
// Per-call options
// ---------------------------------------------------------------------------

/// Settings for one call that override the client's.
///
/// Every operation takes an `Option<&RequestOptions>`; pass `None` to use
/// the client's settings.
#[derive(Clone, Default)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// Options that change nothing; add settings with the other methods.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// How long each attempt of this call may take.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = Some(d);
        self
    }

    /// The retry policy for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sends an extra header with this call. It replaces a header of the same
    /// name that the client or the operation would set, `Authorization`
    /// included (its value is then treated as a secret too). An invalid name
    /// or value makes the call fail with [`Error::InvalidRequest`].
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

impl fmt::Debug for RequestOptions {
    // Header values may be secrets; only their names are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("headers", &names)
            .finish()
    }
}

// ---------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------

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
    /// `Bearer <key>`, marked sensitive.
    authorization: Option<HeaderValue>,
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
            .field("api_key", &inner.authorization.as_ref().map(|_| Redacted))
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
    api_key: Option<String>,
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
            .field("api_key", &self.api_key.as_ref().map(|_| Redacted))
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
            api_key: None,
            http_client: None,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: None,
        }
    }

    /// The API key, sent as `Authorization: Bearer <key>`. It never appears
    /// in `Debug` output or logs. Without a key no `Authorization` header is
    /// sent.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
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
        let authorization = match &self.api_key {
            None => None,
            Some(key) if key.trim().is_empty() => return Err(BuildError::InvalidApiKey),
            Some(key) => {
                let mut value = HeaderValue::from_str(&format!("Bearer {key}"))
                    .map_err(|_| BuildError::InvalidApiKey)?;
                value.set_sensitive(true);
                Some(value)
            }
        };
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
                authorization,
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
    /// reads a 2xx body, `failure` any other ([`json`], [`text`], [`bytes`],
    /// or a generated function that picks a type by status). A body a decoder refuses ends in
    /// [`Error::UnexpectedResponse`] with the decoder's reason.
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
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }

        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(ua) = &self.inner.user_agent {
            headers.insert(header::USER_AGENT, ua.clone());
        }
        if let Some(auth) = &self.inner.authorization {
            headers.insert(header::AUTHORIZATION, auth.clone());
        }
        for (name, value) in request.headers {
            headers.insert(name, value);
        }
        if !request.cookies.is_empty() {
            let cookies = HeaderValue::from_str(&request.cookies.join("; "))
                .map_err(|_| Error::InvalidRequest("invalid cookie".to_owned()))?;
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

/// A response read in full, not yet decoded.
struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

enum ReadError {
    Http(reqwest::Error),
    TooLarge { status: StatusCode, limit: usize },
}

impl From<reqwest::Error> for ReadError {
    fn from(e: reqwest::Error) -> Self {
        ReadError::Http(e)
    }
}

/// Reads the body chunk by chunk, stopping as soon as it exceeds `limit`.
async fn read_body(
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

/// Reads any body as it is (`application/octet-stream`, `image/png`...).
pub(crate) fn bytes(_: StatusCode, body: &[u8]) -> Result<Vec<u8>, String> {
    Ok(body.to_vec())
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

// ---------------------------------------------------------------------------
// Requests, as generated operations describe them
// ---------------------------------------------------------------------------

/// One call as a generated operation describes it: method, path with its
/// parameters already encoded (see [`encode_path`]), query, headers, body.
///
/// Problems found while building it (a header value with a line break) are
/// kept and reported by [`Client::send`] as [`Error::InvalidRequest`], so the
/// building methods need no error handling.
pub(crate) struct Request {
    method: Method,
    path: String,
    operation_id: &'static str,
    query: Vec<(String, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    cookies: Vec<String>,
    body: Option<Vec<u8>>,
    invalid: Option<String>,
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
        }
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
    pub(crate) fn json_body<T: Serialize + ?Sized, E>(&mut self, body: &T) -> Result<(), Error<E>> {
        self.json_body_as(body, "application/json")
    }

    /// Sets a JSON body sent with another JSON media type
    /// (`application/merge-patch+json`).
    pub(crate) fn json_body_as<T: Serialize + ?Sized, E>(
        &mut self,
        body: &T,
        content_type: &str,
    ) -> Result<(), Error<E>> {
        let bytes = serde_json::to_vec(body).map_err(unserializable)?;
        self.set_body(bytes, content_type);
        Ok(())
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
    pub(crate) fn form_body<T: Serialize + ?Sized, E>(&mut self, body: &T) -> Result<(), Error<E>> {
        let fields = fields_of(body).map_err(Error::InvalidRequest)?;
        // The URL crate's form serializer, reached through a scratch URL.
        let mut scratch = Url::parse("http://form.invalid/").expect("a valid constant URL");
        scratch.query_pairs_mut().extend_pairs(
            fields
                .iter()
                .map(|(name, value)| (name.as_str(), value.text())),
        );
        let encoded = scratch.query().unwrap_or_default().as_bytes().to_vec();
        self.set_body(encoded, "application/x-www-form-urlencoded");
        Ok(())
    }

    /// Sets a `multipart/form-data` body.
    pub(crate) fn multipart_body(&mut self, form: Multipart) {
        let (body, boundary) = form.encode();
        self.set_body(body, &format!("multipart/form-data; boundary={boundary}"));
    }

    fn set_body(&mut self, bytes: Vec<u8>, content_type: &str) {
        self.body = Some(bytes);
        self.header("content-type", content_type.to_owned());
    }

    /// Keeps the first problem found.
    fn invalidate(&mut self, reason: String) {
        self.invalid.get_or_insert(reason);
    }
}

fn unserializable<E>(e: serde_json::Error) -> Error<E> {
    Error::InvalidRequest(format!("the request body does not serialize: {e}"))
}

/// A form field's value as sent.
#[derive(Debug, PartialEq)]
enum FieldValue {
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
fn fields_of<T: Serialize + ?Sized>(body: &T) -> Result<Vec<(String, FieldValue)>, String> {
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
fn field_values(name: &str, value: serde_json::Value, out: &mut Vec<(String, FieldValue)>) {
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

/// A `multipart/form-data` body being built, one part per field value
/// ([RFC 7578](https://www.rfc-editor.org/rfc/rfc7578)).
///
/// Built in memory rather than streamed, so that a retry can send it again.
#[derive(Debug, Default)]
pub(crate) struct Multipart {
    parts: Vec<Part>,
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
    pub(crate) fn value<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error<E>> {
        let value = serde_json::to_value(value).map_err(unserializable)?;
        let mut fields = Vec::new();
        field_values(name, value, &mut fields);
        self.push_fields(fields);
        Ok(())
    }

    /// Adds every property of an object as [`Multipart::value`] would.
    pub(crate) fn fields<T: Serialize + ?Sized, E>(&mut self, body: &T) -> Result<(), Error<E>> {
        let fields = fields_of(body).map_err(Error::InvalidRequest)?;
        self.push_fields(fields);
        Ok(())
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

    /// The encoded body and its boundary, chosen so that no part holds it.
    fn encode(self) -> (Vec<u8>, String) {
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
        (out, boundary)
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
    use std::net::TcpListener;
    use wiremock::matchers::{header as header_is, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const KEY: &str = "sk_test_secret_key_123";

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Thing {
        id: u32,
        name: String,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct ApiErrorBody {
        code: String,
    }

    type Result<T> = std::result::Result<T, Error<ApiErrorBody>>;

    /// A client for `base` with fast retries, so tests stay quick.
    fn client(base: &str) -> Client {
        ClientBuilder::new(base)
            .api_key(KEY)
            .retry(
                RetryPolicy::default()
                    .initial_backoff(Duration::from_millis(10))
                    .max_backoff(Duration::from_millis(20)),
            )
            .build()
            .expect("test client builds")
    }

    fn get(path: String) -> Request {
        Request::new(Method::GET, path, "TestOperation")
    }

    async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
        server.received_requests().await.expect("recording is on")
    }

    #[test]
    fn encode_path_keeps_only_unreserved_characters() {
        assert_eq!(encode_path("a/../b"), "a%2F..%2Fb");
        assert_eq!(encode_path("x?y#z"), "x%3Fy%23z");
        assert_eq!(encode_path("%2F"), "%252F");
        assert_eq!(encode_path("a b+c"), "a%20b%2Bc");
        assert_eq!(encode_path("ünï"), "%C3%BCn%C3%AF");
        assert_eq!(encode_path("A-z_0.9~"), "A-z_0.9~");
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static(" 7 "));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(42));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(42)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(42));
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_str(&earlier).unwrap(),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default();
        for retries_done in 0..40 {
            let ceiling = Duration::from_millis(500)
                .saturating_mul(2u32.saturating_pow(retries_done))
                .min(Duration::from_secs(30));
            assert!(policy.backoff(retries_done) <= ceiling);
        }
    }

    #[test]
    fn retry_decisions_follow_method_and_status() {
        let policy = RetryPolicy::default();
        let answer = |status: u16, retry_after: Option<&'static str>| {
            let mut headers = HeaderMap::new();
            if let Some(value) = retry_after {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static(value));
            }
            let status = StatusCode::from_u16(status).expect("valid status");
            Ok::<_, Error<()>>(RawResponse {
                status,
                headers,
                body: Vec::new(),
            })
        };
        let delay = |m: Method, outcome, retries_done| policy.delay(&m, &outcome, retries_done);
        let backoff = Duration::from_millis(500);
        assert!(delay(Method::POST, answer(429, None), 0).is_some_and(|d| d <= backoff));
        assert_eq!(delay(Method::POST, answer(503, None), 0), None);
        assert!(delay(Method::GET, answer(503, None), 0).is_some());
        assert!(delay(Method::PUT, answer(504, None), 2).is_some());
        assert_eq!(delay(Method::GET, answer(503, None), 3), None);
        assert_eq!(delay(Method::GET, answer(500, None), 0), None);
        assert_eq!(delay(Method::GET, answer(404, None), 0), None);
        let two = Duration::from_secs(2);
        assert_eq!(delay(Method::GET, answer(503, Some("2")), 0), Some(two));
        let capped = Some(Duration::from_secs(60));
        assert_eq!(delay(Method::POST, answer(429, Some("600")), 0), capped);
        // Retry-After counts only on 429 and 503; a 502 uses the backoff.
        assert!(delay(Method::GET, answer(502, Some("2")), 0).is_some_and(|d| d <= backoff));
        let timeout = || Err(Error::Timeout { after: two });
        assert!(delay(Method::GET, timeout(), 0).is_some());
        assert_eq!(delay(Method::PATCH, timeout(), 0), None);
        let opted_in = RetryPolicy::default().retry_non_idempotent(true);
        assert!(opted_in.delay(&Method::PATCH, &timeout(), 0).is_some());
        let invalid = Err(Error::InvalidRequest(String::new()));
        assert_eq!(delay(Method::GET, invalid, 0), None);
    }

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
    fn errors_stay_small() {
        // Clippy's `result_large_err` starts at 128 bytes.
        assert!(std::mem::size_of::<Error<()>>() <= 64);
    }

    #[test]
    fn invalid_settings_fail_the_build() {
        let build = |b: ClientBuilder| b.build().map(|_| ()).map_err(|e| e.to_string());
        let base = || ClientBuilder::new("https://api.example.com/v1");
        assert!(build(base()).is_ok());
        assert!(build(base().base_url("not a url")).is_err());
        assert!(build(base().base_url("ftp://example.com")).is_err());
        assert!(build(base().base_url("https://example.com/v1?x=1")).is_err());
        let bad_key = build(base().api_key("line\nbreak")).unwrap_err();
        assert!(!bad_key.contains("line"), "{bad_key}");
        assert!(build(base().api_key("  ")).is_err());
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
        let thing: Thing = client
            .send::<_, ApiErrorBody>(get("/ping".into()), None)
            .await
            .expect("success");
        assert_eq!(thing.name, "a");

        let builder = ClientBuilder::new("http://x").api_key(KEY);
        for debug in [format!("{client:?}"), format!("{builder:?}")] {
            assert!(!debug.contains(KEY), "{debug}");
            assert!(debug.contains("<redacted>"), "{debug}");
        }
        let options = RequestOptions::new().header("Authorization", format!("Bearer {KEY}"));
        assert!(!format!("{options:?}").contains(KEY));
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
    async fn json_body_is_sent_with_content_type() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(header_is("content-type", "application/json"))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"id":2,"name":"b"}"#))
            .mount(&server)
            .await;
        let mut request = Request::new(Method::POST, "/things".into(), "Create");
        request
            .json_body::<_, ApiErrorBody>(&serde_json::json!({ "name": "b" }))
            .expect("serializes");
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
        request
            .form_body::<_, ApiErrorBody>(&body)
            .expect("an object");
        let result: Result<()> = client(&server.uri()).send(request, None).await;
        assert!(result.is_ok(), "{result:?}");
        let sent = String::from_utf8(requests(&server).await[0].body.clone()).expect("ASCII");
        assert_eq!(
            sent,
            "grant_type=device+code&scope=a%26b&scope=c%3Dd&limit=3&meta=%7B%22k%22%3A%22v%22%7D"
        );
    }

    #[test]
    fn form_body_must_be_an_object() {
        let mut request = get("/x".into());
        let result = request.form_body::<_, ApiErrorBody>(&vec![1, 2]);
        assert!(matches!(result, Err(Error::InvalidRequest(_))));
    }

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
        form.value::<_, ApiErrorBody>("name", "sticker \"one\"")
            .expect("text");
        form.value::<_, ApiErrorBody>("tags", &["x", "y"])
            .expect("text");
        form.value::<_, ApiErrorBody>("meta", &serde_json::json!({ "a": 1 }))
            .expect("JSON");
        form.value::<_, ApiErrorBody>("nothing", &Option::<String>::None)
            .expect("skipped");
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

    #[test]
    fn multipart_names_cannot_break_out_of_their_quotes() {
        let mut form = Multipart::new();
        form.file("a\"; filename=\"evil\r\nX: y", b"1");
        let (body, _) = form.encode();
        let text = String::from_utf8(body).expect("ASCII");
        assert!(
            text.contains("name=\"a%22; filename=%22evil%0D%0AX: y\"; filename="),
            "{text}"
        );
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
    async fn invalid_header_value_is_an_invalid_request() {
        let server = MockServer::start().await;
        let mut request = get("/x".into());
        request.header("X-Id", "a\r\nInjected: yes".into());
        let result: Result<()> = client(&server.uri()).send(request, None).await;
        assert!(matches!(result, Err(Error::InvalidRequest(_))));
        assert!(requests(&server).await.is_empty());
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

    #[tokio::test]
    async fn retry_after_is_waited_for() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("retry-after", "1")
                    .set_body_string(r#"{"code":"PLATFORM.RATE_LIMIT_EXCEEDED"}"#),
            )
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"id":3,"name":"c"}"#))
            .mount(&server)
            .await;
        let started = std::time::Instant::now();
        let request = Request::new(Method::POST, "/x".into(), "Create");
        let thing: Thing = client(&server.uri())
            .send::<_, ApiErrorBody>(request, None)
            .await
            .expect("retried");
        let elapsed = started.elapsed();
        assert_eq!(thing.id, 3);
        assert_eq!(requests(&server).await.len(), 2);
        assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    }

    #[tokio::test]
    async fn gives_up_with_the_last_error_after_max_retries() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(503).set_body_string(r#"{"code":"PLATFORM.UNAVAILABLE"}"#),
            )
            .mount(&server)
            .await;
        let options = RequestOptions::new().retry(
            RetryPolicy::default()
                .max_retries(3)
                .initial_backoff(Duration::from_millis(10)),
        );
        let result: Result<Thing> = client(&server.uri())
            .send(get("/x".into()), Some(&options))
            .await;
        let error = result.expect_err("always 503");
        assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(
            error.api_body().map(|b| b.code.as_str()),
            Some("PLATFORM.UNAVAILABLE")
        );
        assert_eq!(requests(&server).await.len(), 4);
    }

    #[tokio::test]
    async fn post_is_not_retried_after_503_by_default() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let request = Request::new(Method::POST, "/x".into(), "Create");
        let result: Result<Thing> = client(&server.uri()).send(request, None).await;
        assert_eq!(
            result.expect_err("503").status(),
            Some(StatusCode::SERVICE_UNAVAILABLE)
        );
        assert_eq!(requests(&server).await.len(), 1);

        let options = RequestOptions::new().retry(
            RetryPolicy::default()
                .max_retries(1)
                .initial_backoff(Duration::from_millis(10))
                .retry_non_idempotent(true),
        );
        let request = Request::new(Method::POST, "/x".into(), "Create");
        let result: Result<Thing> = client(&server.uri()).send(request, Some(&options)).await;
        assert!(result.is_err());
        assert_eq!(requests(&server).await.len(), 3);
    }

    #[tokio::test]
    async fn refused_connections_are_retried_then_reported() {
        // A port that was free a moment ago: connecting is refused.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let options = RequestOptions::new().retry(
            RetryPolicy::default()
                .max_retries(2)
                .initial_backoff(Duration::from_millis(10)),
        );
        let request = Request::new(Method::POST, "/x".into(), "Create");
        let result: Result<()> = client(&format!("http://127.0.0.1:{port}"))
            .send(request, Some(&options))
            .await;
        match result {
            Err(Error::Transport(e)) => assert!(e.is_connect(), "{e:?}"),
            other => panic!("unexpected {other:?}"),
        }
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

    #[test]
    fn unexpected_body_display_is_truncated() {
        let error: Error<ApiErrorBody> = Error::UnexpectedResponse {
            status: StatusCode::BAD_GATEWAY,
            headers: Box::default(),
            body: "é".repeat(1000),
            reason: "expected value".into(),
        };
        let shown = error.to_string();
        assert!(shown.len() < 600, "{shown}");
        assert!(shown.ends_with("... (2000 bytes)"), "{shown}");
    }

    #[test]
    fn unexpected_response_display_escapes_control_characters() {
        let error: Error<ApiErrorBody> = Error::UnexpectedResponse {
            status: StatusCode::OK,
            headers: Box::default(),
            body: "line\n\u{1b}[31mred".into(),
            reason: "bad \r\nvalue".into(),
        };
        let shown = error.to_string();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert!(shown.contains("\\u{1b}[31mred"), "{shown}");
    }
}
