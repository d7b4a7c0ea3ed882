//! The generated Kombo client against an in-process mock server (wiremock).
//!
//! Every case that applies to both operations runs for both: the
//! `per_operation!` macro at the end turns each `async fn case(op: Op)` into
//! `get_integration_by_token::case` and `activate_integration::case`.
//! Responses come from the spec's own examples (`specs/*.yaml`).

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kombo::models::{
    ErrorCode, ErrorResponseGeneral, GetConnectIntegrationByTokenTokenPositiveResponse,
    PostConnectActivateIntegrationPositiveResponse, PostConnectActivateIntegrationRequestBody,
    SetupStatus,
};
use kombo::{
    Attempt, AttemptError, Hook, HookError, HookResponse, Kombo, RequestOptions, RetryPolicy,
    Server,
};
use serde_json::{Value, json};
use support::{ERROR_EXAMPLE, MINIMAL_ERROR_EXAMPLE, error_example, success_example};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

type KomboError = kombo::Error<ErrorResponseGeneral>;

const API_KEY: &str = "k";
const TOKEN: &str = "tok";

// ---------------------------------------------------------------------------
// The two operations, so that every case runs for each
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    GetByToken,
    Activate,
}

/// Either operation's typed success value.
#[derive(Debug)]
enum Success {
    ByToken(GetConnectIntegrationByTokenTokenPositiveResponse),
    Activated(PostConnectActivateIntegrationPositiveResponse),
}

impl Success {
    fn setup_status(&self) -> &SetupStatus {
        match self {
            Success::ByToken(r) => &r.data.setup_status,
            Success::Activated(r) => &r.data.setup_status,
        }
    }

    /// The value serialized back to JSON, for round-trip checks.
    fn json(&self) -> Value {
        match self {
            Success::ByToken(r) => serde_json::to_value(r),
            Success::Activated(r) => serde_json::to_value(r),
        }
        .expect("serializes")
    }
}

impl Op {
    fn spec_file(self) -> &'static str {
        match self {
            Op::GetByToken => support::GET_BY_TOKEN_SPEC,
            Op::Activate => support::ACTIVATE_SPEC,
        }
    }

    fn method(self) -> &'static str {
        match self {
            Op::GetByToken => "GET",
            Op::Activate => "POST",
        }
    }

    /// The path the server sees for a call made by [`Op::call`].
    fn path(self) -> &'static str {
        match self {
            Op::GetByToken => "/v1/connect/integration-by-token/tok",
            Op::Activate => "/v1/connect/activate-integration",
        }
    }

    fn success_example(self) -> Value {
        success_example(self.spec_file())
    }

    fn error_example(self, name: &str) -> Value {
        error_example(self.spec_file(), name)
    }

    /// Calls the operation: `GET` with [`TOKEN`], `POST` with the body
    /// `{"token": TOKEN}`.
    async fn call(self, api: kombo::apis::ConnectApi<'_>) -> Result<Success, KomboError> {
        match self {
            Op::GetByToken => api
                .get_integration_by_token(TOKEN)
                .await
                .map(Success::ByToken),
            Op::Activate => {
                let body = PostConnectActivateIntegrationRequestBody {
                    token: TOKEN.to_owned(),
                };
                #[allow(deprecated)]
                let result = api.activate_integration().body(&body).await;
                result.map(Success::Activated)
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A client of the mock server with default settings (retries on) and the
/// server URL plus `/v1`, like Kombo's own servers.
fn client(server: &MockServer) -> Kombo {
    builder(server).build().expect("client builds")
}

fn builder(server: &MockServer) -> kombo::ClientBuilder {
    Kombo::builder()
        .api_key(API_KEY)
        .base_url(format!("{}/v1", server.uri()))
}

/// A client that makes exactly one attempt per call.
fn client_without_retries(server: &MockServer) -> Kombo {
    builder(server)
        .retry(RetryPolicy::none())
        .build()
        .expect("client builds")
}

/// Answers every request with `response`.
async fn answer(server: &MockServer, response: ResponseTemplate) {
    Mock::given(any())
        .respond_with(response)
        .mount(server)
        .await;
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

fn json_response(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/json")
        .insert_header("x-request-id", "req_123")
        .set_body_string(body.to_string())
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII header"))
}

/// The typed API error, or a panic that shows what came instead.
fn api_error(result: Result<Success, KomboError>) -> kombo::ApiError<ErrorResponseGeneral> {
    match result {
        Err(kombo::Error::Api(e)) => e,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// How a caller would branch on Kombo's error codes.
fn what_to_do(error: &KomboError) -> &'static str {
    match error {
        kombo::Error::Api(e) => match &e.body.error.code {
            Some(ErrorCode::PlatformInputInvalid) => "fix the input",
            Some(
                ErrorCode::PlatformRateLimitExceeded | ErrorCode::PlatformConcurrencyLimitExceeded,
            ) => "slow down",
            Some(ErrorCode::Unknown(code)) if code.starts_with("INTEGRATION.") => {
                "integration problem"
            }
            Some(_) => "other known code",
            None => "no code",
        },
        kombo::Error::Timeout { .. } => "try later",
        _ => "something else",
    }
}

// ---------------------------------------------------------------------------
// Cases for both operations
// ---------------------------------------------------------------------------

/// Method, path, bearer auth, and for `POST` the JSON body with its
/// content type; `GET` sends no body and no content type.
async fn sends_method_path_auth_and_body(op: Op) {
    let server = MockServer::start().await;
    answer(&server, json_response(200, &op.success_example())).await;
    op.call(client(&server).connect()).await.expect("success");

    let seen = requests(&server).await;
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert_eq!(request.method.as_str(), op.method());
    assert_eq!(request.url.path(), op.path());
    assert_eq!(request.url.query(), None);
    assert_eq!(header(request, "authorization"), Some("Bearer k"));
    assert_eq!(header(request, "accept"), Some("application/json"));
    match op {
        Op::GetByToken => {
            assert!(request.body.is_empty(), "GET sent a body");
            assert_eq!(header(request, "content-type"), None);
        }
        Op::Activate => {
            assert_eq!(header(request, "content-type"), Some("application/json"));
            let body: Value = serde_json::from_slice(&request.body).expect("JSON body");
            assert_eq!(body, json!({ "token": TOKEN }));
        }
    }
}

/// The spec's success example parses, with every field, and serializes
/// back to the same JSON.
async fn success_example_is_parsed(op: Op) {
    let server = MockServer::start().await;
    let example = op.success_example();
    answer(&server, json_response(200, &example)).await;
    let success = op.call(client(&server).connect()).await.expect("success");

    assert_eq!(success.setup_status(), &SetupStatus::Completed);
    let (tool, id, origin, org, email) = match &success {
        Success::ByToken(r) => (
            &r.data.tool,
            &r.data.id,
            &r.data.end_user_origin_id,
            &r.data.end_user_organization_name,
            &r.data.end_user_email,
        ),
        Success::Activated(r) => (
            &r.data.tool,
            &r.data.id,
            &r.data.end_user_origin_id,
            &r.data.end_user_organization_name,
            &r.data.end_user_email,
        ),
    };
    let data = &example["data"];
    assert_eq!(tool, data["tool"].as_str().unwrap());
    assert_eq!(id, data["id"].as_str().unwrap());
    assert_eq!(origin.as_deref(), data["end_user_origin_id"].as_str());
    assert_eq!(org, data["end_user_organization_name"].as_str().unwrap());
    assert_eq!(email.as_deref(), data["end_user_email"].as_str());
    assert_eq!(success.json(), example);
}

/// The `Error Response` example, whose code the spec's enum does not list,
/// becomes `Error::Api` with the code kept as `Unknown`, the status and the
/// headers.
async fn error_example_keeps_unknown_code(op: Op) {
    let server = MockServer::start().await;
    let example = op.error_example(ERROR_EXAMPLE);
    answer(&server, json_response(404, &example)).await;
    let result = op.call(client(&server).connect()).await;
    let error = result.expect_err("404");
    assert_eq!(what_to_do(&error), "integration problem");

    let e = api_error(Err(error));
    assert_eq!(e.status.as_u16(), 404);
    assert_eq!(e.headers.get("x-request-id").unwrap(), "req_123");
    assert_eq!(
        e.body.error.code,
        Some(ErrorCode::Unknown(
            "INTEGRATION.MODEL_NOT_AVAILABLE".to_owned()
        ))
    );
    assert_eq!(
        e.body.error.title.as_deref(),
        example["error"]["title"].as_str()
    );
    assert_eq!(e.body.error.message, example["error"]["message"]);
    assert_eq!(
        e.body.error.log_url.as_deref(),
        Some("https://app.kombo.dev/my-prod/logs?interactionId=123456")
    );
    assert_eq!(serde_json::to_value(&e.body).unwrap(), example);
}

/// The `Minimal Error Response` example: `null` code, title and log URL.
async fn minimal_error_example_keeps_nulls(op: Op) {
    let server = MockServer::start().await;
    let example = op.error_example(MINIMAL_ERROR_EXAMPLE);
    answer(&server, json_response(400, &example)).await;
    let error = op.call(client(&server).connect()).await.expect_err("400");
    assert_eq!(what_to_do(&error), "no code");

    let e = api_error(Err(error));
    assert_eq!(e.status.as_u16(), 400);
    assert_eq!(e.headers.get("x-request-id").unwrap(), "req_123");
    assert_eq!(e.body.error.code, None);
    assert_eq!(e.body.error.title, None);
    assert_eq!(e.body.error.log_url, None);
    assert_eq!(
        e.body.error.message,
        "The message is always in the response."
    );
    // `null`s stay `null`s, not absent fields.
    assert_eq!(serde_json::to_value(&e.body).unwrap(), example);
}

/// A code the spec lists is its own enum variant, and callers can match on it.
async fn known_error_code_is_matched(op: Op) {
    let server = MockServer::start().await;
    let mut body = op.error_example(ERROR_EXAMPLE);
    body["error"]["code"] = json!("PLATFORM.INPUT_INVALID");
    answer(&server, json_response(400, &body)).await;
    let error = op.call(client(&server).connect()).await.expect_err("400");

    assert_eq!(what_to_do(&error), "fix the input");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let code = error
        .api_body()
        .and_then(|b| b.error.code.clone())
        .expect("a code");
    assert_eq!(code, ErrorCode::PlatformInputInvalid);
    assert!(code.is_known());
    assert_eq!(code.as_str(), "PLATFORM.INPUT_INVALID");
}

/// An HTML error page from a proxy is an `UnexpectedResponse` that keeps
/// the status and the text.
async fn html_error_page_is_unexpected_response(op: Op) {
    let server = MockServer::start().await;
    let html = "<html><head><title>502 Bad Gateway</title></head>\
                <body><h1>502 Bad Gateway</h1></body></html>";
    answer(
        &server,
        ResponseTemplate::new(502).set_body_raw(html, "text/html"),
    )
    .await;
    let result = op.call(client_without_retries(&server).connect()).await;
    match result {
        Err(kombo::Error::UnexpectedResponse {
            status,
            headers,
            body,
            reason,
        }) => {
            assert_eq!(status.as_u16(), 502);
            assert_eq!(body, html);
            assert_eq!(headers.get("content-type").unwrap(), "text/html");
            assert!(!reason.is_empty());
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
    assert_eq!(requests(&server).await.len(), 1);
}

/// A `setup_status` the spec does not list is kept and sent back unchanged.
async fn unknown_setup_status_is_kept(op: Op) {
    let server = MockServer::start().await;
    let mut body = op.success_example();
    body["data"]["setup_status"] = json!("PAUSED");
    answer(&server, json_response(200, &body)).await;
    let success = op.call(client(&server).connect()).await.expect("success");

    assert_eq!(
        success.setup_status(),
        &SetupStatus::Unknown("PAUSED".to_owned())
    );
    assert!(!success.setup_status().is_known());
    assert_eq!(success.json(), body);
}

/// A 200 whose body says `status: error` does not pass as a success: the
/// `status` const tells the two shapes apart.
async fn error_status_in_success_body_is_rejected(op: Op) {
    let server = MockServer::start().await;
    let mut body = op.success_example();
    body["status"] = json!("error");
    answer(&server, json_response(200, &body)).await;
    match op.call(client(&server).connect()).await {
        Err(kombo::Error::UnexpectedResponse {
            status,
            body: text,
            reason,
            ..
        }) => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(text, body.to_string());
            assert!(reason.contains("error"), "{reason}");
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
}

/// A response slower than the client's timeout is `Error::Timeout`.
async fn slow_response_times_out(op: Op) {
    let server = MockServer::start().await;
    answer(
        &server,
        json_response(200, &op.success_example()).set_delay(Duration::from_secs(2)),
    )
    .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let result = op.call(client.connect()).await;
    let elapsed = started.elapsed();
    println!("{op:?}: timed out after {elapsed:?}");
    match result {
        Err(kombo::Error::Timeout { after }) => assert_eq!(after, Duration::from_millis(200)),
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert!(elapsed >= Duration::from_millis(190), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    assert_eq!(requests(&server).await.len(), 1);
}

/// 429 with `Retry-After: 1`, then 200: the client waits a second, retries
/// (for `POST` too: Kombo rejects rate-limited calls before doing any work)
/// and returns the success.
async fn rate_limit_is_retried_after_waiting(op: Op) {
    let server = MockServer::start().await;
    let mut limited = op.error_example(ERROR_EXAMPLE);
    limited["error"]["code"] = json!("PLATFORM.RATE_LIMIT_EXCEEDED");
    Mock::given(any())
        .respond_with(json_response(429, &limited).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(&server, json_response(200, &op.success_example())).await;

    let started = Instant::now();
    let success = op.call(client(&server).connect()).await.expect("retried");
    let elapsed = started.elapsed();
    println!("{op:?}: 429 with Retry-After: 1, then 200, took {elapsed:?}");

    assert_eq!(success.setup_status(), &SetupStatus::Completed);
    let seen = requests(&server).await;
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|r| r.url.path() == op.path()));
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

/// `RequestOptions` given with `with_options` override the client's timeout.
async fn per_call_timeout_overrides_the_client(op: Op) {
    let server = MockServer::start().await;
    answer(
        &server,
        json_response(200, &op.success_example()).set_delay(Duration::from_millis(600)),
    )
    .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(150))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();

    let result = op.call(client.connect()).await;
    assert!(
        matches!(result, Err(kombo::Error::Timeout { after }) if after == Duration::from_millis(150)),
        "{result:?}"
    );
    let longer = RequestOptions::new().timeout(Duration::from_secs(5));
    let success = op
        .call(client.connect().with_options(longer))
        .await
        .expect("the per-call timeout is longer than the delay");
    assert_eq!(success.setup_status(), &SetupStatus::Completed);

    // And the other way round: a per-call timeout shorter than the client's.
    let client = client_without_retries(&server);
    let shorter = RequestOptions::new().timeout(Duration::from_millis(100));
    let result = op.call(client.connect().with_options(shorter)).await;
    assert!(
        matches!(result, Err(kombo::Error::Timeout { after }) if after == Duration::from_millis(100)),
        "{result:?}"
    );
}

/// Per-call retry policy and extra headers.
async fn per_call_retry_and_headers_apply(op: Op) {
    let server = MockServer::start().await;
    let mut limited = op.error_example(ERROR_EXAMPLE);
    limited["error"]["code"] = json!("PLATFORM.CONCURRENCY_LIMIT_EXCEEDED");
    answer(
        &server,
        json_response(429, &limited).insert_header("retry-after", "30"),
    )
    .await;
    // The client would retry and wait 30 s; this call does not retry.
    let options = RequestOptions::new()
        .retry(RetryPolicy::none())
        .header("X-Trace", "t-1");
    let started = Instant::now();
    let error = op
        .call(client(&server).connect().with_options(options))
        .await
        .expect_err("429");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(what_to_do(&error), "slow down");
    let e = api_error(Err(error));
    assert_eq!(e.status.as_u16(), 429);
    assert_eq!(e.headers.get("retry-after").unwrap(), "30");
    assert_eq!(
        e.body.error.code,
        Some(ErrorCode::PlatformConcurrencyLimitExceeded)
    );
    let seen = requests(&server).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(header(&seen[0], "x-trace"), Some("t-1"));
    assert_eq!(header(&seen[0], "authorization"), Some("Bearer k"));
}

macro_rules! per_operation {
    ($($case:ident),* $(,)?) => {
        mod get_integration_by_token {
            $(
                #[tokio::test]
                async fn $case() {
                    super::$case(super::Op::GetByToken).await;
                }
            )*
        }
        mod activate_integration {
            $(
                #[tokio::test]
                async fn $case() {
                    super::$case(super::Op::Activate).await;
                }
            )*
        }
    };
}

per_operation!(
    sends_method_path_auth_and_body,
    success_example_is_parsed,
    error_example_keeps_unknown_code,
    minimal_error_example_keeps_nulls,
    known_error_code_is_matched,
    html_error_page_is_unexpected_response,
    unknown_setup_status_is_kept,
    error_status_in_success_body_is_rejected,
    slow_response_times_out,
    rate_limit_is_retried_after_waiting,
    per_call_timeout_overrides_the_client,
    per_call_retry_and_headers_apply,
);

// ---------------------------------------------------------------------------
// Cases for one operation
// ---------------------------------------------------------------------------

/// The request body is optional in the spec: `None` sends no body at all.
#[tokio::test]
async fn activate_without_body_sends_no_body() {
    let server = MockServer::start().await;
    answer(&server, json_response(200, &Op::Activate.success_example())).await;
    #[allow(deprecated)]
    let response = client(&server)
        .connect()
        .activate_integration()
        .await
        .expect("success");
    assert_eq!(response.data.setup_status, SetupStatus::Completed);

    let seen = requests(&server).await;
    let request = &seen[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v1/connect/activate-integration");
    assert!(request.body.is_empty(), "{:?}", request.body);
    assert_eq!(header(request, "content-type"), None);
    assert!(matches!(
        header(request, "content-length"),
        None | Some("0")
    ));
    assert_eq!(header(request, "authorization"), Some("Bearer k"));
}

/// Five 503s in a row: with the default policy (3 retries; short backoff
/// here) the client gives up after 4 attempts with the error of the last.
#[tokio::test]
async fn five_503s_give_up_with_the_last_error() {
    let server = MockServer::start().await;
    let example = error_example(support::GET_BY_TOKEN_SPEC, MINIMAL_ERROR_EXAMPLE);
    for attempt in 1..=5 {
        let mut body = example.clone();
        body["error"]["message"] = json!(format!("attempt {attempt}"));
        Mock::given(any())
            .respond_with(json_response(503, &body).insert_header("x-attempt", attempt.to_string()))
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    let client = builder(&server)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(20)))
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client
        .connect()
        .get_integration_by_token(TOKEN)
        .await
        .expect_err("always 503");
    let elapsed = started.elapsed();
    println!("5 x 503 (GET): gave up after {elapsed:?}");

    let e = api_error(Err(error));
    assert_eq!(e.status.as_u16(), 503);
    assert_eq!(e.headers.get("x-attempt").unwrap(), "4");
    assert_eq!(e.body.error.message, "attempt 4");
    assert_eq!(requests(&server).await.len(), 4);
    // Backoff with full jitter below 20 + 40 + 80 ms.
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

/// A `POST` that got a 503 may have taken effect: it is not repeated by
/// default (the runtime documents this).
#[tokio::test]
async fn activate_is_not_retried_after_503_by_default() {
    let server = MockServer::start().await;
    let example = error_example(support::ACTIVATE_SPEC, MINIMAL_ERROR_EXAMPLE);
    answer(&server, json_response(503, &example)).await;
    let error = Op::Activate
        .call(client(&server).connect())
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server).await.len(), 1);
}

/// Path parameters are percent-encoded into exactly one segment.
#[tokio::test]
async fn hostile_path_parameters_stay_one_segment() {
    let server = MockServer::start().await;
    answer(
        &server,
        json_response(200, &Op::GetByToken.success_example()),
    )
    .await;
    let client = client(&server);
    let cases = [
        ("a/../b", "a%2F..%2Fb"),
        ("x?y#z", "x%3Fy%23z"),
        ("%2F", "%252F"),
        ("%2e%2e", "%252e%252e"),
        ("ünï code", "%C3%BCn%C3%AF%20code"),
        ("a b", "a%20b"),
        ("a+b", "a%2Bb"),
        ("...", "..."),
    ];
    for (token, _) in cases {
        client
            .connect()
            .get_integration_by_token(token)
            .await
            .unwrap_or_else(|e| panic!("{token:?}: {e:?}"));
    }
    let seen = requests(&server).await;
    assert_eq!(seen.len(), cases.len());
    for ((token, segment), request) in cases.iter().zip(&seen) {
        let expected = format!("/v1/connect/integration-by-token/{segment}");
        assert_eq!(request.url.path(), expected, "token {token:?}");
        assert_eq!(request.url.query(), None, "token {token:?}");
        assert_eq!(request.url.fragment(), None, "token {token:?}");
    }
}

/// `.` and `..` cannot be one segment (URL parsers drop them): refused
/// before anything is sent, rather than calling another endpoint.
#[tokio::test]
async fn dot_segments_are_refused_without_sending() {
    let server = MockServer::start().await;
    answer(
        &server,
        json_response(200, &Op::GetByToken.success_example()),
    )
    .await;
    let client = client(&server);
    for token in ["..", "."] {
        match client.connect().get_integration_by_token(token).await {
            Err(kombo::Error::InvalidRequest(reason)) => {
                println!("{token:?} refused: {reason}");
            }
            other => panic!("{token:?}: expected InvalidRequest, got {other:?}"),
        }
    }
    assert!(requests(&server).await.is_empty());
}

/// The API key is never shown by `Debug`, neither in the client, nor its
/// builder, nor an operation group, nor per-call options carrying it.
#[tokio::test]
async fn api_key_never_appears_in_debug_output() {
    const SECRET: &str = "sk_test_SECRET_4f9a8b7c";
    let server = MockServer::start().await;
    answer(
        &server,
        json_response(404, &Op::GetByToken.error_example(ERROR_EXAMPLE)),
    )
    .await;
    let builder = Kombo::builder()
        .api_key(SECRET)
        .base_url(format!("{}/v1", server.uri()));
    let shown_builder = format!("{builder:?} {builder:#?}");
    let client = builder.build().unwrap();
    let options = RequestOptions::new().header("Authorization", format!("Bearer {SECRET}"));
    let error = client
        .connect()
        .with_options(options.clone())
        .get_integration_by_token(TOKEN)
        .await
        .expect_err("404");

    let shown = [
        shown_builder,
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", client.connect()),
        format!("{:?}", client.connect().with_options(options.clone())),
        format!("{options:?}"),
        format!("{error:?}"),
        format!("{error}"),
    ];
    for text in &shown {
        assert!(!text.contains(SECRET), "the key leaked: {text}");
    }
    println!("{}", shown[1]);
    // The key is still sent.
    let seen = requests(&server).await;
    assert_eq!(
        header(&seen[0], "authorization"),
        Some(format!("Bearer {SECRET}").as_str())
    );
}

/// The spec's servers: EU by default, US on request, or any base URL.
#[test]
fn servers_from_the_spec() {
    let eu = Kombo::builder().api_key("k").build().unwrap();
    assert_eq!(eu.base_url(), "https://api.kombo.dev/v1");
    let us = Kombo::builder()
        .api_key("k")
        .server(Server::Us)
        .build()
        .unwrap();
    assert_eq!(us.base_url(), "https://api.us.kombo.dev/v1");
    assert_eq!(Server::default(), Server::Eu);
    let custom = Kombo::builder()
        .api_key("k")
        .base_url("http://127.0.0.1:9/v1/")
        .build()
        .unwrap();
    assert_eq!(custom.base_url(), "http://127.0.0.1:9/v1");
}

/// A base URL's path (`/v1`) is kept, a trailing slash does not matter.
#[tokio::test]
async fn base_url_keeps_its_path_prefix() {
    let server = MockServer::start().await;
    answer(
        &server,
        json_response(200, &Op::GetByToken.success_example()),
    )
    .await;
    let client = Kombo::builder()
        .api_key("k")
        .base_url(format!("{}/v1/", server.uri()))
        .build()
        .unwrap();
    client
        .connect()
        .get_integration_by_token(TOKEN)
        .await
        .unwrap();
    assert_eq!(
        requests(&server).await[0].url.path(),
        "/v1/connect/integration-by-token/tok"
    );
}

// ---------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------

/// The README's hook: counts attempts and failed ones, tags each request,
/// and keeps what it logs (the request's `Debug` and error bodies) to check.
#[derive(Default)]
struct Observe {
    attempts: AtomicU64,
    failures: AtomicU64,
    log: Mutex<Vec<String>>,
}

impl Hook for Observe {
    fn before_request(
        &self,
        attempt: &Attempt<'_>,
        request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        self.attempts.fetch_add(1, Ordering::Relaxed);
        let tag = reqwest::header::HeaderValue::from_static("billing");
        request.headers_mut().insert("x-app", tag);
        // Safe to log: the API key is a sensitive header value.
        let line = format!(
            "{} #{}: {request:?}",
            attempt.operation_id(),
            attempt.number()
        );
        self.log.lock().unwrap().push(line);
        Ok(())
    }

    fn after_response(&self, attempt: &Attempt<'_>, response: &mut HookResponse<'_>) {
        if !response.status().is_success() {
            self.failures.fetch_add(1, Ordering::Relaxed);
            let body = String::from_utf8_lossy(response.body());
            let line = format!(
                "{} answered {}: {body}",
                attempt.url().path(),
                response.status()
            );
            self.log.lock().unwrap().push(line);
        }
    }

    fn after_error(&self, attempt: &Attempt<'_>, error: &AttemptError<'_>) {
        self.failures.fetch_add(1, Ordering::Relaxed);
        let line = format!("{} failed: {error}", attempt.operation_id());
        self.log.lock().unwrap().push(line);
    }
}

/// A rate-limited attempt, then one that the server accepts only with the
/// hook's header: the hook counts both attempts, sees the 429 and its body,
/// and the request it logs does not show the API key.
#[tokio::test]
async fn a_hook_counts_attempts_tags_requests_and_sees_errors() {
    const SECRET: &str = "sk_live_hook_secret_91c";
    let server = MockServer::start().await;
    let mut limited = Op::GetByToken.error_example(ERROR_EXAMPLE);
    limited["error"]["code"] = json!("PLATFORM.RATE_LIMIT_EXCEEDED");
    Mock::given(any())
        .respond_with(json_response(429, &limited).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::header("x-app", "billing"))
        .respond_with(json_response(200, &Op::GetByToken.success_example()))
        .mount(&server)
        .await;

    let observe = Arc::new(Observe::default());
    let kombo = builder(&server)
        .api_key(SECRET)
        .hook(Arc::clone(&observe))
        .build()
        .expect("client builds");
    let integration = kombo
        .connect()
        .get_integration_by_token(TOKEN)
        .await
        .expect("the second attempt succeeds");
    assert_eq!(integration.data.setup_status, SetupStatus::Completed);

    assert_eq!(observe.attempts.load(Ordering::Relaxed), 2);
    assert_eq!(observe.failures.load(Ordering::Relaxed), 1);
    let log = observe.log.lock().unwrap().clone();
    assert_eq!(log.len(), 3, "{log:#?}");
    assert!(
        log[0].starts_with("GetConnectIntegrationByTokenToken #1: Request {"),
        "{}",
        log[0]
    );
    assert!(
        log[1]
            .starts_with("/v1/connect/integration-by-token/tok answered 429 Too Many Requests: {"),
        "{}",
        log[1]
    );
    assert!(
        log[1].contains("PLATFORM.RATE_LIMIT_EXCEEDED"),
        "{}",
        log[1]
    );
    assert!(log[2].contains("#2: Request {"), "{}", log[2]);
    for line in &log {
        assert!(!line.contains(SECRET), "the key leaked: {line}");
    }
    assert!(
        log[0].contains("\"authorization\": Sensitive"),
        "{}",
        log[0]
    );
    let seen = requests(&server).await;
    assert_eq!(
        header(&seen[1], "authorization"),
        Some(format!("Bearer {SECRET}").as_str())
    );
}

/// A transport failure reaches `after_error`, once per attempt.
#[tokio::test]
async fn a_hook_sees_each_failed_connection() {
    let observe = Arc::new(Observe::default());
    let kombo = Kombo::builder()
        .api_key(API_KEY)
        .base_url("http://127.0.0.1:9/v1")
        .retry(
            RetryPolicy::default()
                .max_retries(1)
                .initial_backoff(Duration::from_millis(1)),
        )
        .hook(Arc::clone(&observe))
        .build()
        .expect("client builds");
    let error = kombo
        .connect()
        .get_integration_by_token(TOKEN)
        .await
        .expect_err("nothing listens on port 9");
    assert!(matches!(error, kombo::Error::Transport(_)), "{error:?}");
    assert_eq!(observe.attempts.load(Ordering::Relaxed), 2);
    assert_eq!(observe.failures.load(Ordering::Relaxed), 2);
    let log = observe.log.lock().unwrap().clone();
    assert!(
        log[1].starts_with("GetConnectIntegrationByTokenToken failed: the HTTP request failed"),
        "{log:#?}"
    );
}
