//! The generated Kombo client against a hostile server: whatever the body
//! (truncated or mistyped JSON, invalid UTF-8, an HTML error page, nothing,
//! too much, duplicate keys, deep nesting, random bytes), a call never
//! panics and ends in a success or a typed error. A property test feeds
//! random and mutated bodies to every response type: each operation's
//! success type and the shared error type.
//!
//! The body limit is `ClientBuilder::max_response_bytes` (16 MiB unless
//! set); past it a call fails with `Error::ResponseTooLarge` without
//! reading further.

#[path = "../generator/tests/common/json_tree.rs"]
mod json_tree;
mod support;

use std::sync::{Arc, Mutex};

use json_tree::{node_mut, nodes};
use kombo::models::{
    ErrorResponseGeneral, GetConnectIntegrationByTokenTokenPositiveResponse,
    PostConnectActivateIntegrationPositiveResponse,
};
use kombo::{Kombo, RetryPolicy};
use proptest::prelude::*;
use serde_json::{Value, json};
use support::{ACTIVATE_SPEC, ERROR_EXAMPLE, GET_BY_TOKEN_SPEC, error_example, success_example};
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

type KomboError = kombo::Error<ErrorResponseGeneral>;

/// What the server answers next: status, content type, body.
type Reply = Arc<Mutex<(u16, &'static str, Vec<u8>)>>;

/// A server that answers every request with the current `Reply`.
struct Hostile {
    server: MockServer,
    reply: Reply,
}

impl Hostile {
    async fn start() -> Self {
        let server = MockServer::start().await;
        let reply: Reply = Arc::new(Mutex::new((200, "application/json", Vec::new())));
        let current = reply.clone();
        Mock::given(any_request())
            .respond_with(move |_: &Request| {
                let (status, content_type, body) = current.lock().expect("reply").clone();
                ResponseTemplate::new(status).set_body_raw(body, content_type)
            })
            .mount(&server)
            .await;
        Hostile { server, reply }
    }

    fn client(&self, limit: Option<usize>) -> Kombo {
        let mut builder = Kombo::builder()
            .api_key("k")
            .base_url(format!("{}/v1", self.server.uri()))
            .retry(RetryPolicy::none());
        if let Some(limit) = limit {
            builder = builder.max_response_bytes(limit);
        }
        builder.build().expect("client")
    }

    fn answer(&self, status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) {
        *self.reply.lock().expect("reply") = (status, content_type, body.into());
    }
}

/// The two operations, each with its typed success value.
#[derive(Debug, Clone, Copy)]
enum Op {
    GetByToken,
    Activate,
}

const OPS: [Op; 2] = [Op::GetByToken, Op::Activate];

/// A call's outcome, with the success value as JSON.
async fn call(client: &Kombo, op: Op) -> Result<Value, KomboError> {
    match op {
        Op::GetByToken => client
            .connect()
            .get_integration_by_token("t")
            .await
            .map(|v| serde_json::to_value(v).expect("serializes")),
        Op::Activate => client
            .connect()
            .activate_integration()
            .await
            .map(|v| serde_json::to_value(v).expect("serializes")),
    }
}

/// Whether `body` decodes as the operation's success type.
fn decodes_as_success(op: Op, body: &[u8]) -> bool {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    match op {
        Op::GetByToken => {
            serde_json::from_slice::<GetConnectIntegrationByTokenTokenPositiveResponse>(body)
                .is_ok()
        }
        Op::Activate => {
            serde_json::from_slice::<PostConnectActivateIntegrationPositiveResponse>(body).is_ok()
        }
    }
}

fn success_body(op: Op) -> Value {
    match op {
        Op::GetByToken => success_example(GET_BY_TOKEN_SPEC),
        Op::Activate => success_example(ACTIVATE_SPEC),
    }
}

/// The outcome must be what the status and body call for; its message is
/// built (whatever the body held) without panicking.
fn check(op: Op, status: u16, body: &[u8], result: &Result<Value, KomboError>) {
    if let Err(error) = result {
        let _ = error.to_string();
    }
    match (status, result) {
        (200..=299, Ok(_)) => assert!(decodes_as_success(op, body), "{op:?}: accepted a bad body"),
        (200..=299, Err(KomboError::UnexpectedResponse { body: kept, .. })) => {
            assert!(!decodes_as_success(op, body), "{op:?}: refused a good body");
            assert_eq!(kept.as_bytes(), String::from_utf8_lossy(body).as_bytes());
        }
        (_, Err(KomboError::Api(api))) => {
            assert_eq!(api.status.as_u16(), status);
            assert!(serde_json::from_slice::<ErrorResponseGeneral>(body).is_ok());
        }
        (300.., Err(KomboError::UnexpectedResponse { status: s, .. })) => {
            assert_eq!(s.as_u16(), status);
        }
        (_, Err(KomboError::ResponseTooLarge { .. })) => {}
        (status, other) => panic!("{op:?}: {status} with {} bytes gave {other:?}", body.len()),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

// ---------------------------------------------------------------------------
// Each kind of hostile body
// ---------------------------------------------------------------------------

/// Bodies that must give `UnexpectedResponse` on a 200 and on a 500.
fn broken_bodies() -> Vec<(&'static str, Vec<u8>)> {
    let valid = serde_json::to_vec(&success_body(Op::GetByToken)).expect("JSON");
    let mut nested = "[".repeat(100_000).into_bytes();
    nested.extend("]".repeat(100_000).into_bytes());
    let mut object_nesting = Vec::new();
    for _ in 0..10_000 {
        object_nesting.extend_from_slice(b"{\"a\":");
    }
    object_nesting.extend_from_slice(b"1");
    object_nesting.extend(std::iter::repeat_n(b'}', 10_000));
    vec![
        ("truncated JSON", valid[..valid.len() / 2].to_vec()),
        (
            "wrong JSON types",
            br#"{"status": 1, "data": [], "error": "x"}"#.to_vec(),
        ),
        ("a JSON string", br#""success""#.to_vec()),
        (
            "invalid UTF-8",
            b"{\"status\": \"succ\xff\xfeess\"}".to_vec(),
        ),
        (
            "an HTML error page",
            b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>".to_vec(),
        ),
        ("empty", Vec::new()),
        ("whitespace", b" \r\n\t ".to_vec()),
        ("null", b"null".to_vec()),
        ("deeply nested arrays", nested),
        ("deeply nested objects", object_nesting),
        (
            "trailing garbage",
            [valid.as_slice(), b" }{ trailing"].concat(),
        ),
        (
            "a byte order mark",
            [b"\xef\xbb\xbf".as_slice(), &valid].concat(),
        ),
        ("a lone surrogate", br#"{"status": "\ud800"}"#.to_vec()),
        (
            "a number past f64",
            br#"{"status": "success", "data": 1e400}"#.to_vec(),
        ),
        ("NaN", b"NaN".to_vec()),
        (
            "terminal escapes",
            b"\x1b[2J\x1b[31mfake log line\nERROR everything is fine".to_vec(),
        ),
        ("random bytes", (0..=255u8).cycle().take(4096).collect()),
    ]
}

#[tokio::test]
async fn broken_bodies_are_unexpected_responses_for_every_operation() {
    let hostile = Hostile::start().await;
    let client = hostile.client(None);
    for op in OPS {
        for (what, body) in broken_bodies() {
            for (status, content_type) in [(200, "application/json"), (500, "text/html")] {
                hostile.answer(status, content_type, body.clone());
                let result = call(&client, op).await;
                assert!(
                    matches!(result, Err(KomboError::UnexpectedResponse { .. })),
                    "{op:?} {what} ({status}): {result:?}"
                );
                check(op, status, &body, &result);
            }
        }
    }
}

#[tokio::test]
async fn duplicate_keys_are_refused_in_typed_objects() {
    let hostile = Hostile::start().await;
    let client = hostile.client(None);
    for op in OPS {
        let valid = success_body(op);
        let text = serde_json::to_string(&valid).expect("JSON");
        // `status` twice.
        let duplicated = text.replacen('{', "{\"status\":\"success\",", 1);
        hostile.answer(200, "application/json", duplicated.clone());
        let result = call(&client, op).await;
        assert!(
            matches!(&result, Err(KomboError::UnexpectedResponse { reason, .. }) if reason.contains("duplicate field")),
            "{op:?}: {result:?}"
        );
        check(op, 200, duplicated.as_bytes(), &result);
    }
}

#[tokio::test]
async fn an_error_body_that_fits_is_a_typed_api_error_and_one_that_does_not_is_unexpected() {
    let hostile = Hostile::start().await;
    let client = hostile.client(None);
    let error = serde_json::to_vec(&error_example(GET_BY_TOKEN_SPEC, ERROR_EXAMPLE)).expect("JSON");
    for op in OPS {
        hostile.answer(404, "application/json", error.clone());
        let result = call(&client, op).await;
        assert!(
            matches!(&result, Err(KomboError::Api(api)) if api.status == 404),
            "{result:?}"
        );
        // The error example as a success body: not the success type.
        hostile.answer(200, "application/json", error.clone());
        let result = call(&client, op).await;
        check(op, 200, &error, &result);
        assert!(result.is_err());
    }
}

#[tokio::test]
async fn huge_bodies_stop_at_the_limit() {
    let hostile = Hostile::start().await;
    for op in OPS {
        let valid = serde_json::to_vec(&success_body(op)).expect("JSON");
        // The default limit (16 MiB): a 17 MiB body is refused.
        let mut huge = b"{\"padding\": \"".to_vec();
        huge.extend(std::iter::repeat_n(b'x', 17 << 20));
        huge.extend_from_slice(b"\"}");
        hostile.answer(200, "application/json", huge);
        let result = call(&hostile.client(None), op).await;
        assert!(
            matches!(result, Err(KomboError::ResponseTooLarge { limit, .. }) if limit == 16 << 20),
            "{op:?}: {result:?}"
        );

        // A limit of your own, on errors too; a body right at it passes.
        let client = hostile.client(Some(valid.len()));
        hostile.answer(200, "application/json", valid.clone());
        assert!(call(&client, op).await.is_ok(), "{op:?}: body at the limit");
        hostile.answer(200, "application/json", [valid.as_slice(), b" "].concat());
        let result = call(&client, op).await;
        assert!(
            matches!(result, Err(KomboError::ResponseTooLarge { status, limit }) if status == 200 && limit == valid.len()),
            "{op:?}: {result:?}"
        );
        hostile.answer(503, "text/html", vec![b'<'; valid.len() + 1]);
        let result = call(&client, op).await;
        assert!(
            matches!(result, Err(KomboError::ResponseTooLarge { status, .. }) if status == 503),
            "{op:?}: {result:?}"
        );
    }
}

#[tokio::test]
async fn error_messages_stay_short_whatever_the_body() {
    let hostile = Hostile::start().await;
    let client = hostile.client(None);
    for op in OPS {
        // A wrong type whose value serde quotes in its message.
        let mut body = success_body(op);
        body["status"] = json!("x".repeat(1_000_000));
        hostile.answer(
            200,
            "application/json",
            serde_json::to_vec(&body).expect("JSON"),
        );
        let error = call(&client, op).await.expect_err("refused");
        let shown = error.to_string();
        assert!(
            shown.len() < 2_000,
            "{op:?}: a message of {} bytes",
            shown.len()
        );
    }
}

#[tokio::test]
async fn unknown_fields_and_enum_values_are_accepted() {
    let hostile = Hostile::start().await;
    let client = hostile.client(None);
    let mut body = success_body(Op::GetByToken);
    body["data"]["setup_status"] = json!("SOMETHING_NEW");
    body["data"]["brand_new_field"] = json!({ "nested": [1, 2, 3] });
    body["unexpected"] = json!(null);
    let bytes = serde_json::to_vec(&body).expect("JSON");
    hostile.answer(200, "application/json", bytes.clone());
    let result = call(&client, Op::GetByToken).await;
    check(Op::GetByToken, 200, &bytes, &result);
    let value = result.expect("accepted");
    assert_eq!(value["data"]["setup_status"], "SOMETHING_NEW");
}

// ---------------------------------------------------------------------------
// Property: random and mutated bodies, for every response type
// ---------------------------------------------------------------------------

/// A change to a JSON value, in numbers proptest can shrink.
#[derive(Debug, Clone)]
struct Mutation {
    kind: u8,
    node: usize,
    arg: usize,
}

fn odd_value(arg: usize) -> Value {
    match arg % 12 {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(u64::MAX),
        4 => json!(1.5e300),
        5 => json!(""),
        6 => json!("x".repeat(100_000)),
        7 => json!([]),
        8 => json!({}),
        9 => json!("SOMETHING_NEW"),
        10 => {
            serde_json::from_str(&format!("{}1{}", "[".repeat(40), "]".repeat(40))).expect("JSON")
        }
        _ => json!({ "status": "error", "error": { "message": null } }),
    }
}

fn mutate(value: &mut Value, m: &Mutation) {
    let all = nodes(value);
    let at = all[m.node % all.len()].clone();
    let Some(node) = node_mut(value, &at) else {
        return;
    };
    match (m.kind % 4, node) {
        (0, Value::Object(map)) if !map.is_empty() => {
            let key = map
                .keys()
                .nth(m.arg % map.len())
                .cloned()
                .unwrap_or_default();
            map.shift_remove(&key);
        }
        (1, Value::Object(map)) => {
            map.insert(format!("k{}", m.arg % 5), odd_value(m.arg / 5));
        }
        (1, Value::Array(items)) => items.push(odd_value(m.arg)),
        (_, node) => *node = odd_value(m.arg),
    }
}

/// The body a case sends.
#[derive(Debug, Clone)]
enum Body {
    /// Any bytes at all.
    Random(Vec<u8>),
    /// The spec's example for the type, changed, then cut or flipped.
    Mutated {
        mutations: Vec<Mutation>,
        cut: Option<usize>,
        flip: Option<(usize, u8)>,
    },
}

fn body() -> impl Strategy<Value = Body> {
    let mutation = (any::<u8>(), any::<usize>(), any::<usize>())
        .prop_map(|(kind, node, arg)| Mutation { kind, node, arg });
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512).prop_map(Body::Random),
        (
            prop::collection::vec(mutation, 0..5),
            prop::option::weighted(0.2, any::<usize>()),
            prop::option::weighted(0.2, (any::<usize>(), any::<u8>())),
        )
            .prop_map(|(mutations, cut, flip)| Body::Mutated {
                mutations,
                cut,
                flip
            }),
    ]
}

fn bytes_of(body: &Body, valid: &Value) -> Vec<u8> {
    match body {
        Body::Random(bytes) => bytes.clone(),
        Body::Mutated {
            mutations,
            cut,
            flip,
        } => {
            let mut value = valid.clone();
            for m in mutations {
                mutate(&mut value, m);
            }
            let mut bytes = serde_json::to_vec(&value).expect("JSON");
            if let Some(at) = cut {
                bytes.truncate(at % (bytes.len() + 1));
            }
            if let (Some((at, byte)), false) = (flip, bytes.is_empty()) {
                let i = at % bytes.len();
                bytes[i] ^= byte | 1;
            }
            bytes
        }
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(128)
}

/// Runs the property for one operation and one status class.
fn property(op: Op, status: u16) {
    let rt = runtime();
    let hostile = rt.block_on(Hostile::start());
    let client = hostile.client(Some(1 << 20));
    let valid = if status < 300 {
        success_body(op)
    } else {
        error_example(GET_BY_TOKEN_SPEC, ERROR_EXAMPLE)
    };
    let config = ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let result = runner.run(&body(), |body| {
        let bytes = bytes_of(&body, &valid);
        hostile.answer(status, "application/json", bytes.clone());
        let result = rt.block_on(call(&client, op));
        check(op, status, &bytes, &result);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{op:?} {status}: {e}");
    }
}

#[test]
fn random_bodies_for_the_get_by_token_success_type() {
    property(Op::GetByToken, 200);
}

#[test]
fn random_bodies_for_the_activate_success_type() {
    property(Op::Activate, 200);
}

#[test]
fn random_bodies_for_the_error_type_of_get_by_token() {
    property(Op::GetByToken, 400);
}

#[test]
fn random_bodies_for_the_error_type_of_activate() {
    property(Op::Activate, 500);
}
