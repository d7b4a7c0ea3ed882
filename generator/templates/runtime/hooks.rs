//! What an application plugs into the client to observe and change each
//! request and response ([`Hook`]), and what a hook is shown ([`Attempt`],
//! [`HookResponse`], [`AttemptError`]) or may fail the call with
//! ([`HookError`]).
//!
//! A small synchronous trait rather than a middleware stack: the client
//! already owns retries, timeouts and the body limit, and reads every body
//! in full before decoding it, so a hook is called once per attempt with
//! the request as it will be sent and the response as it was read, with no
//! second read of the body and no async machinery.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};

use super::error::{Error, SendError};
use super::response::RawResponse;

/// Code the client runs around each attempt of each call: for tracing,
/// metrics, extra headers, request signing, or logging the bodies the
/// application chooses.
///
/// Register hooks with
/// [`ClientBuilder::hook`](super::ClientBuilder::hook); they run in the order
/// they were added. Every method has a default that does nothing, so a hook
/// implements only those it needs. Hooks are called for **every attempt**:
/// a call that is retried twice runs each method up to three times, and
/// [`Attempt::number`] says which attempt it is.
///
/// - [`before_request`](Hook::before_request) sees, and may change, the
///   request exactly as it will be sent: after the client has added the
///   parameters, the `Accept` and `User-Agent` headers, the credentials and
///   the call's [`RequestOptions`](super::RequestOptions) headers.
/// - [`after_response`](Hook::after_response) sees each response whose body
///   was read, whatever its status (a `404` or a `429` that will be retried
///   included), before the client decides whether to retry and decodes it.
/// - [`after_error`](Hook::after_error) sees each attempt that ended without
///   such a response: a timeout, a transport failure, a body over the limit.
///
/// # Secrets
///
/// The credentials the client sends are header values marked sensitive, so
/// the `Debug` output of the request, of its headers and of each value
/// shows `Sensitive` instead of the secret: logging `{request:?}` is safe.
/// `HeaderValue::to_str` still returns the secret, so a hook that prints
/// header values one by one must skip `Authorization` (and any header it
/// marks sensitive itself, with `HeaderValue::set_sensitive`). A spec whose
/// scheme puts the key in a **query parameter** (`apiKey` `in: query`) has
/// it in the URL: log [`Url::path`] rather than the whole URL there.
///
/// # Example
///
/// With `my_api` standing for the generated crate, which re-exports
/// `reqwest` to name its types:
///
/// ```ignore
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use std::sync::Arc;
///
/// use my_api::{Attempt, Client, Hook, HookError, HookResponse, reqwest};
///
/// /// Counts attempts and sends a request id with each one.
/// #[derive(Default)]
/// struct Metrics {
///     attempts: AtomicU64,
/// }
///
/// impl Hook for Metrics {
///     fn before_request(
///         &self,
///         attempt: &Attempt<'_>,
///         request: &mut reqwest::Request,
///     ) -> Result<(), HookError> {
///         let n = self.attempts.fetch_add(1, Ordering::Relaxed);
///         let id = format!("{}-{n}", attempt.operation_id());
///         let value = id.parse().map_err(HookError::new)?;
///         request.headers_mut().insert("x-request-id", value);
///         Ok(())
///     }
///
///     fn after_response(&self, attempt: &Attempt<'_>, response: &mut HookResponse<'_>) {
///         println!(
///             "{} {} -> {} in {:?} ({} bytes)",
///             attempt.method(),
///             attempt.url().path(),
///             response.status(),
///             attempt.elapsed(),
///             response.body().len(),
///         );
///     }
/// }
///
/// let metrics = Arc::new(Metrics::default());
/// let client = Client::builder()
///     .hook(Arc::clone(&metrics)) // keep a handle to read the counts
///     .build()?;
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Runs before each attempt is sent, with the request exactly as it will
    /// go out; the hook may change its headers, URL, method or body
    /// (`reqwest::Body::as_bytes` reads the body, which the client always
    /// holds in memory).
    ///
    /// An `Err` stops the call before anything is sent: later hooks do not
    /// run, nothing is retried, and the call fails with
    /// [`Error::Hook`].
    fn before_request(
        &self,
        attempt: &Attempt<'_>,
        request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        let _ = (attempt, request);
        Ok(())
    }

    /// Runs after each response was read in full, success or not. The hook
    /// may change the headers and the body; the client then decides on a
    /// retry and decodes the response as the hooks leave it.
    fn after_response(&self, attempt: &Attempt<'_>, response: &mut HookResponse<'_>) {
        let _ = (attempt, response);
    }

    /// Runs after each attempt that ended without a response the client
    /// could read. A retry may follow.
    fn after_error(&self, attempt: &Attempt<'_>, error: &AttemptError<'_>) {
        let _ = (attempt, error);
    }
}

/// A shared hook, so that the application keeps a handle on its state (a
/// counter, a metrics registry) while the client holds it too.
impl<H: Hook + ?Sized> Hook for Arc<H> {
    fn before_request(
        &self,
        attempt: &Attempt<'_>,
        request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        (**self).before_request(attempt, request)
    }

    fn after_response(&self, attempt: &Attempt<'_>, response: &mut HookResponse<'_>) {
        (**self).after_response(attempt, response)
    }

    fn after_error(&self, attempt: &Attempt<'_>, error: &AttemptError<'_>) {
        (**self).after_error(attempt, error)
    }
}

/// Which call and which attempt a hook is called for.
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    operation_id: &'static str,
    number: u32,
    method: &'a Method,
    url: &'a Url,
    elapsed: Duration,
}

impl<'a> Attempt<'a> {
    pub(super) fn new(
        operation_id: &'static str,
        number: u32,
        method: &'a Method,
        url: &'a Url,
        elapsed: Duration,
    ) -> Self {
        Attempt {
            operation_id,
            number,
            method,
            url,
            elapsed,
        }
    }

    /// The spec's `operationId` of the operation called (for example
    /// `GetConnectIntegrationByTokenToken`): a stable name for metrics.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Which attempt of the call this is: 1 for the first, 2 for the first
    /// retry, and so on.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The request's method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The request's URL. In
    /// [`before_request`](Hook::before_request) it is the URL the client
    /// built; afterwards, the URL sent, with any change an earlier hook
    /// made. See [Secrets](Hook#secrets) about credentials in query
    /// parameters.
    pub fn url(&self) -> &Url {
        self.url
    }

    /// How long the attempt took, from sending the request to reading the
    /// whole body or failing; zero in
    /// [`before_request`](Hook::before_request).
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
}

/// A response read in full, as [`Hook::after_response`] sees it.
pub struct HookResponse<'a> {
    raw: &'a mut RawResponse,
}

impl HookResponse<'_> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.raw.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.raw.headers
    }

    /// The response headers, to change before the client reads them
    /// (`Retry-After` decides the wait before a retry).
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.raw.headers
    }

    /// The whole body, as read; the client decodes it after the hooks ran.
    pub fn body(&self) -> &[u8] {
        &self.raw.body
    }

    /// The body, to change before the client decodes it.
    pub fn body_mut(&mut self) -> &mut Vec<u8> {
        &mut self.raw.body
    }
}

impl fmt::Debug for HookResponse<'_> {
    // The body may be large: only its length is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HookResponse")
            .field("status", &self.raw.status)
            .field("headers", &self.raw.headers)
            .field("body_len", &self.raw.body.len())
            .finish()
    }
}

/// Why an attempt ended without a response, as [`Hook::after_error`] sees
/// it. The call's [`Error`] has the same variants.
#[derive(Debug)]
#[non_exhaustive]
pub enum AttemptError<'a> {
    /// No complete response arrived in time.
    Timeout {
        /// How long the attempt waited.
        after: Duration,
    },
    /// The request could not be sent or the response not received.
    Transport(&'a reqwest::Error),
    /// The response body was larger than the client's limit.
    ResponseTooLarge {
        /// The HTTP status of the response.
        status: StatusCode,
        /// The limit in bytes.
        limit: usize,
    },
}

impl fmt::Display for AttemptError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttemptError::Timeout { after } => write!(f, "no complete response within {after:?}"),
            AttemptError::Transport(e) => write!(f, "the HTTP request failed: {e}"),
            AttemptError::ResponseTooLarge { status, limit } => {
                write!(
                    f,
                    "response ({status}) is larger than the {limit}-byte limit"
                )
            }
        }
    }
}

/// Why a [`Hook::before_request`] refused a request; the call fails with
/// [`Error::Hook`] holding it.
pub struct HookError(Box<dyn std::error::Error + Send + Sync>);

impl HookError {
    /// An error from a message (`HookError::new("rate limit reached")`) or
    /// from any error type (`.map_err(HookError::new)`).
    pub fn new(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        HookError(error.into())
    }

    /// The error the hook gave, for example to downcast it.
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl fmt::Debug for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("HookError").field(&self.0).finish()
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for HookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

/// The client's hooks, in the order they were added.
#[derive(Clone, Default)]
pub(super) struct Hooks(pub(super) Vec<Arc<dyn Hook>>);

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} hook(s)", self.0.len())
    }
}

impl Hooks {
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Runs every hook's `before_request`, stopping at the first refusal.
    pub(super) fn before_request(
        &self,
        operation_id: &'static str,
        number: u32,
        request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        if self.0.is_empty() {
            return Ok(());
        }
        let (method, url) = (request.method().clone(), request.url().clone());
        let attempt = Attempt::new(operation_id, number, &method, &url, Duration::ZERO);
        self.0
            .iter()
            .try_for_each(|hook| hook.before_request(&attempt, request))
    }

    /// Runs every hook's `after_response` or `after_error`, as the attempt
    /// ended.
    pub(super) fn after(
        &self,
        attempt: &Attempt<'_>,
        outcome: &mut Result<RawResponse, SendError>,
    ) {
        match outcome {
            Ok(raw) => {
                let mut response = HookResponse { raw };
                for hook in &self.0 {
                    hook.after_response(attempt, &mut response);
                }
            }
            Err(error) => {
                let error = match error {
                    Error::Timeout { after } => AttemptError::Timeout { after: *after },
                    Error::Transport(e) => AttemptError::Transport(e),
                    Error::ResponseTooLarge { status, limit } => AttemptError::ResponseTooLarge {
                        status: *status,
                        limit: *limit,
                    },
                    // An attempt fails only in the ways above.
                    _ => return,
                };
                for hook in &self.0 {
                    hook.after_error(attempt, &error);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::runtime::options::RequestOptions;
    use crate::runtime::retry::RetryPolicy;
    use crate::runtime::testing::{
        ApiErrorBody, BEARER, KEY, Result, Thing, builder, get, requests,
    };
    use wiremock::matchers::{header as header_is, method};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// Records what each callback saw, one line per call.
    #[derive(Default)]
    struct Recorder(Mutex<Vec<String>>);

    impl Recorder {
        fn push(&self, line: String) {
            self.0.lock().expect("not poisoned").push(line);
        }

        fn lines(&self) -> Vec<String> {
            self.0.lock().expect("not poisoned").clone()
        }
    }

    impl Hook for Recorder {
        fn before_request(
            &self,
            attempt: &Attempt<'_>,
            request: &mut reqwest::Request,
        ) -> std::result::Result<(), HookError> {
            self.push(format!(
                "before {} #{} {} {}",
                attempt.operation_id(),
                attempt.number(),
                attempt.method(),
                request.url().path()
            ));
            Ok(())
        }

        fn after_response(&self, attempt: &Attempt<'_>, response: &mut HookResponse<'_>) {
            self.push(format!(
                "response #{} {} {}",
                attempt.number(),
                response.status().as_u16(),
                String::from_utf8_lossy(response.body())
            ));
        }

        fn after_error(&self, attempt: &Attempt<'_>, error: &AttemptError<'_>) {
            self.push(format!("error #{} {error}", attempt.number()));
        }
    }

    const THING: &str = r#"{"id":1,"name":"a"}"#;

    #[tokio::test]
    async fn hooks_run_on_every_attempt_in_order() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
            .up_to_n_times(2)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string(THING))
            .mount(&server)
            .await;
        let first = Arc::new(Recorder::default());
        let second = Arc::new(Recorder::default());
        let client = builder(&server.uri())
            .hook(Arc::clone(&first))
            .hook(Arc::clone(&second))
            .build()
            .expect("builds");
        let thing: Thing = client
            .send::<_, ApiErrorBody>(get("/x".into()), None)
            .await
            .expect("third attempt succeeds");
        assert_eq!(thing.name, "a");

        let expected = [
            "before TestOperation #1 GET /x",
            "response #1 503 busy",
            "before TestOperation #2 GET /x",
            "response #2 503 busy",
            "before TestOperation #3 GET /x",
            &format!("response #3 200 {THING}"),
        ];
        assert_eq!(first.lines(), expected);
        assert_eq!(second.lines(), expected);
        assert_eq!(requests(&server).await.len(), 3);
    }

    #[tokio::test]
    async fn a_hook_adds_a_header_the_server_requires() {
        struct Sign;
        impl Hook for Sign {
            fn before_request(
                &self,
                _: &Attempt<'_>,
                request: &mut reqwest::Request,
            ) -> std::result::Result<(), HookError> {
                let value = reqwest::header::HeaderValue::from_static("signed");
                request.headers_mut().insert("x-signature", value);
                Ok(())
            }
        }
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(header_is("x-signature", "signed"))
            .respond_with(ResponseTemplate::new(200).set_body_string(THING))
            .mount(&server)
            .await;
        // Without the header wiremock answers 404.
        let plain: Result<Thing> = builder(&server.uri())
            .build()
            .expect("builds")
            .send(get("/x".into()), None)
            .await;
        assert_eq!(
            plain.expect_err("404").status(),
            Some(reqwest::StatusCode::NOT_FOUND)
        );

        let client = builder(&server.uri()).hook(Sign).build().expect("builds");
        let thing: Result<Thing> = client.send(get("/x".into()), None).await;
        assert_eq!(thing.expect("signed request succeeds").id, 1);
    }

    #[tokio::test]
    async fn a_hook_sees_an_error_response_and_may_change_it() {
        struct Fix(Recorder);
        impl Hook for Fix {
            fn after_response(&self, attempt: &Attempt<'_>, response: &mut HookResponse<'_>) {
                self.0.after_response(attempt, response);
                // A server quirk, repaired before decoding.
                if response.body() == b"{\"error\":\"GONE\"}" {
                    *response.body_mut() = br#"{"code":"GONE"}"#.to_vec();
                }
                response
                    .headers_mut()
                    .insert("x-seen", reqwest::header::HeaderValue::from_static("yes"));
            }
        }
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(410).set_body_string(r#"{"error":"GONE"}"#))
            .mount(&server)
            .await;
        let hook = Arc::new(Fix(Recorder::default()));
        let client = builder(&server.uri())
            .hook(Arc::clone(&hook))
            .build()
            .expect("builds");
        let error = client
            .send::<Thing, ApiErrorBody>(get("/x".into()), None)
            .await
            .expect_err("410");
        assert_eq!(hook.0.lines(), [r#"response #1 410 {"error":"GONE"}"#]);
        assert_eq!(error.api_body().map(|b| b.code.as_str()), Some("GONE"));
        assert_eq!(
            error.headers().map(|h| &h["x-seen"]).expect("headers kept"),
            "yes"
        );
    }

    #[tokio::test]
    async fn the_request_a_hook_sees_keeps_the_key_out_of_debug() {
        #[derive(Default)]
        struct Log(Mutex<String>);
        impl Hook for Log {
            fn before_request(
                &self,
                _: &Attempt<'_>,
                request: &mut reqwest::Request,
            ) -> std::result::Result<(), HookError> {
                *self.0.lock().expect("not poisoned") = format!("{request:?}");
                Ok(())
            }
        }
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(header_is("authorization", format!("Bearer {KEY}").as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_string(THING))
            .expect(1)
            .mount(&server)
            .await;
        let log = Arc::new(Log::default());
        let client = builder(&server.uri())
            .hook(Arc::clone(&log))
            .build()
            .expect("builds");
        let mut request = get("/x".into());
        request.security(&[&[BEARER]]);
        let options = RequestOptions::new().header("X-Extra", "visible");
        let thing: Result<Thing> = client.send(request, Some(&options)).await;
        thing.expect("the key was sent");

        let seen = log.0.lock().expect("not poisoned").clone();
        assert!(!seen.contains(KEY), "{seen}");
        assert!(seen.contains("\"authorization\": Sensitive"), "{seen}");
        assert!(seen.contains("visible"), "{seen}");
        assert!(!format!("{client:?}").contains(KEY));
    }

    #[tokio::test]
    async fn a_refusing_hook_fails_the_call_before_sending() {
        struct Refuse;
        impl Hook for Refuse {
            fn before_request(
                &self,
                _: &Attempt<'_>,
                _: &mut reqwest::Request,
            ) -> std::result::Result<(), HookError> {
                Err(HookError::new("quota reached"))
            }
        }
        let server = MockServer::start().await;
        let later = Arc::new(Recorder::default());
        let client = builder(&server.uri())
            .hook(Refuse)
            .hook(Arc::clone(&later))
            .build()
            .expect("builds");
        let result: Result<Thing> = client.send(get("/x".into()), None).await;
        match result {
            Err(Error::Hook(e)) => assert_eq!(e.to_string(), "quota reached"),
            other => panic!("unexpected {other:?}"),
        }
        assert!(later.lines().is_empty());
        assert!(requests(&server).await.is_empty());
    }

    #[tokio::test]
    async fn failed_attempts_reach_after_error() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(300)))
            .mount(&server)
            .await;
        let recorder = Arc::new(Recorder::default());
        let client = builder(&server.uri())
            .hook(Arc::clone(&recorder))
            .retry(
                RetryPolicy::default()
                    .max_retries(1)
                    .initial_backoff(Duration::from_millis(1)),
            )
            .timeout(Duration::from_millis(50))
            .build()
            .expect("builds");
        let result: Result<Thing> = client.send(get("/x".into()), None).await;
        assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
        assert_eq!(
            recorder.lines(),
            [
                "before TestOperation #1 GET /x",
                "error #1 no complete response within 50ms",
                "before TestOperation #2 GET /x",
                "error #2 no complete response within 50ms",
            ]
        );
    }
}
