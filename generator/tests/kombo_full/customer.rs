//! A program of the kind a Kombo customer writes against the generated
//! client of the whole Kombo API, run against a mock server: a sync job that
//! lists every employee changed since a typed date-time over all pages, a
//! hire that creates an employee from the spec's example body and handles
//! Kombo's typed error, and a hook that counts the requests sent.
//!
//! Written into the generated crate by the corpus runner, with the spec's
//! own examples (`tests/data/`), not by the generator.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, TimeZone, Utc};
use corpus_kombo_full::models::{ErrorResponseHrisErrorCode, PostHrisEmployeesRequestBody};
use corpus_kombo_full::{Attempt, Error, Hook, HookError, Kombo, RetryPolicy, reqwest};
use futures_util::TryStreamExt;
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The spec's example of `POST /hris/employees`' body.
const HIRE_EXAMPLE: &str = include_str!("data/post_hris_employees_body.json");
/// The spec's example of its success response.
const HIRED_EXAMPLE: &str = include_str!("data/post_hris_employees_200.json");
/// The spec's example of a page of `GET /hris/employees`.
const PAGE_EXAMPLE: &str = include_str!("data/get_hris_employees_200.json");

/// Counts every request the client sends.
#[derive(Default)]
struct RequestCounter(AtomicUsize);

impl Hook for RequestCounter {
    fn before_request(
        &self,
        _attempt: &Attempt<'_>,
        _request: &mut reqwest::Request,
    ) -> Result<(), HookError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// The customer's client: the API key and the integration once, a hook.
fn kombo(base_url: &str, counter: Arc<RequestCounter>) -> Kombo {
    Kombo::builder()
        .base_url(base_url)
        .api_key("sk-live-secret")
        .integration_id("acme:personio")
        .retry(RetryPolicy::none())
        .hook(counter)
        .build()
        .expect("client builds")
}

/// The sync job: the ids of every employee changed since `since`, all
/// pages of 2.
async fn changed_employees(
    kombo: &Kombo,
    since: DateTime<Utc>,
) -> Result<Vec<String>, Error<corpus_kombo_full::models::ErrorResponseHris>> {
    kombo
        .hris()
        .get_employees()
        .updated_after(since)
        .page_size(2)
        .items()
        .map_ok(|employee| employee.id)
        .try_collect()
        .await
}

/// What a hire came to.
#[derive(Debug, PartialEq)]
enum Hire {
    Created(String),
    /// Kombo refused the input: show the message to the user.
    Invalid(String),
    Failed(String),
}

/// Creates an employee; Kombo's error code says what went wrong.
async fn hire(kombo: &Kombo, body: &PostHrisEmployeesRequestBody) -> Hire {
    match kombo.hris().post_employees().body(body).await {
        Ok(created) => Hire::Created(created.data.id),
        Err(Error::Api(e)) => match e.body.error.code {
            Some(ErrorResponseHrisErrorCode::PlatformInputInvalid) => {
                Hire::Invalid(e.body.error.message)
            }
            code => Hire::Failed(format!("{}: {code:?}", e.status)),
        },
        Err(other) => Hire::Failed(other.to_string()),
    }
}

/// A page of the spec's example employee under two ids, with its cursor.
fn page(ids: [&str; 2], next: Option<&str>) -> ResponseTemplate {
    let mut page: serde_json::Value = serde_json::from_str(PAGE_EXAMPLE).expect("example page");
    let employee = page["data"]["results"][0].clone();
    page["data"]["results"] = ids
        .iter()
        .map(|id| {
            let mut e = employee.clone();
            e["id"] = (*id).into();
            e
        })
        .collect();
    page["data"]["next"] = next.into();
    ResponseTemplate::new(200).set_body_json(page)
}

#[tokio::test]
async fn the_customer_program_syncs_three_pages_and_hires_with_a_typed_error() {
    let server = MockServer::start().await;
    let since = Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).unwrap();
    // Every page keeps the filters; the cursor moves on.
    for (cursor, ids, next) in [
        (None, ["e1", "e2"], Some("c2")),
        (Some("c2"), ["e3", "e4"], Some("c3")),
        (Some("c3"), ["e5", "e6"], None),
    ] {
        let mock = Mock::given(method("GET"))
            .and(path("/hris/employees"))
            .and(header("x-integration-id", "acme:personio"))
            .and(header("authorization", "Bearer sk-live-secret"))
            .and(query_param("updated_after", "2024-06-01T00:00:00Z"))
            .and(query_param("page_size", "2"));
        let mock = match cursor {
            None => mock.and(query_param_is_missing("cursor")),
            Some(c) => mock.and(query_param("cursor", c)),
        };
        mock.respond_with(page(ids, next))
            .expect(1)
            .mount(&server)
            .await;
    }
    // The first hire is refused with Kombo's error body; the second works.
    let body: serde_json::Value = serde_json::from_str(HIRE_EXAMPLE).expect("example body");
    Mock::given(method("POST"))
        .and(path("/hris/employees"))
        .and(body_json(&body))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            r#"{"status":"error","error":{"code":"PLATFORM.INPUT_INVALID","title":"Invalid input","message":"start_date is in the future","log_url":null}}"#,
            "application/json",
        ))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/hris/employees"))
        .and(body_json(&body))
        .respond_with(ResponseTemplate::new(200).set_body_raw(HIRED_EXAMPLE, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let counter = Arc::new(RequestCounter::default());
    let kombo = kombo(&server.uri(), Arc::clone(&counter));

    let ids = changed_employees(&kombo, since).await.expect("all pages");
    assert_eq!(ids, ["e1", "e2", "e3", "e4", "e5", "e6"]);

    let new_hire: PostHrisEmployeesRequestBody =
        serde_json::from_str(HIRE_EXAMPLE).expect("the spec's example is a valid body");
    assert_eq!(
        hire(&kombo, &new_hire).await,
        Hire::Invalid("start_date is in the future".into())
    );
    let expected: serde_json::Value = serde_json::from_str(HIRED_EXAMPLE).expect("example");
    let id = expected["data"]["id"].as_str().expect("an id").to_owned();
    assert_eq!(hire(&kombo, &new_hire).await, Hire::Created(id));

    // Three pages and two hires.
    assert_eq!(counter.0.load(Ordering::Relaxed), 5);
}
