//! When and how long to wait before trying a request again
//! ([`RetryPolicy`]).

use std::time::{Duration, SystemTime};

use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode};

use super::error::{Error, SendError};
use super::response::RawResponse;

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
    pub(super) fn delay(
        &self,
        method: &Method,
        outcome: &Result<RawResponse, SendError>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::options::RequestOptions;
    use crate::runtime::request::Request;
    use crate::runtime::testing::{ApiErrorBody, Result, Thing, client, get, requests};
    use reqwest::header::HeaderValue;
    use std::net::TcpListener;
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

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
            Ok::<_, SendError>(RawResponse {
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
}
