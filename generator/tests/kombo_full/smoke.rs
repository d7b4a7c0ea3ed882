//! Smoke test of the generated Kombo client: real HTTP calls against a mock
//! server. Written by the corpus runner, not by the generator.

use corpus_kombo_full::{Error, Kombo, RetryPolicy};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> corpus_kombo_full::Client {
    Kombo::builder()
        .base_url(server.uri())
        .api_key("test-key")
        .retry(RetryPolicy::none())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn typed_call_through_a_mock_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/integrations/int%2F1/integration-fields"))
        .and(query_param("page_size", "10"))
        .and(header("authorization", "Bearer test-key"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"status":"success","data":{"results":[{"id":"f1","key":"tax_id","model":"hris_employees","type":"DEFAULT","label":"Tax ID","is_passthrough_enabled":true,"is_writable":false}],"next_cursor":null,"next":null}}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let fields = client(&server)
        .general()
        .get_integrations_integration_fields("int/1")
        .page_size(10)
        .await
        .expect("typed success");
    assert_eq!(fields.data.results.len(), 1);
    assert_eq!(fields.data.results[0].key, "tax_id");
    assert_eq!(fields.data.next_cursor, None);
}

/// A 401 with Kombo's error body, when the request carries `X-Integration-Id: value`.
async fn expect_integration_id(server: &MockServer, value: &str, times: u64) {
    Mock::given(method("GET"))
        .and(path("/hris/employees"))
        .and(header("x-integration-id", value))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"status":"error","error":{"code":"PLATFORM.AUTHENTICATION_INVALID","title":null,"message":"bad key","log_url":null}}"#,
            "application/json",
        ))
        .expect(times)
        .mount(server)
        .await;
}

#[tokio::test]
async fn client_wide_header_is_sent_from_the_client_and_overridden_per_call() {
    let server = MockServer::start().await;
    expect_integration_id(&server, "from-client", 1).await;
    expect_integration_id(&server, "per-call", 1).await;
    let kombo = Kombo::builder()
        .base_url(server.uri())
        .api_key("test-key")
        .integration_id("from-client")
        .retry(RetryPolicy::none())
        .build()
        .expect("client builds");
    let hris = kombo.hris();
    assert!(matches!(hris.get_employees().await, Err(Error::Api(_))));
    let overridden = hris.get_employees().integration_id("per-call").await;
    assert!(matches!(overridden, Err(Error::Api(_))));
}

#[tokio::test]
async fn a_missing_client_wide_header_fails_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    match client(&server).hris().get_employees().await {
        Err(Error::InvalidRequest(reason)) => {
            assert!(reason.contains("X-Integration-Id"), "{reason}")
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

/// A page of integration fields: one field `key`, and the next cursor.
fn fields_page(key: &str, next: Option<&str>) -> ResponseTemplate {
    let next = next.map_or("null".to_owned(), |n| format!("{n:?}"));
    ResponseTemplate::new(200).set_body_raw(
        format!(
            r#"{{"status":"success","data":{{"results":[{{"id":"f-{key}","key":"{key}","model":"hris_employees","type":"DEFAULT","label":"L","is_passthrough_enabled":true,"is_writable":false}}],"next_cursor":null,"next":{next}}}}}"#
        ),
        "application/json",
    )
}

/// Serves the integration fields of `int/1` in pages of one, the first
/// without a cursor; each page must come with `page_size=1`.
async fn mount_fields_page(server: &MockServer, cursor: Option<&str>, page: ResponseTemplate) {
    use wiremock::matchers::query_param_is_missing;
    let mock = Mock::given(method("GET"))
        .and(path("/integrations/int%2F1/integration-fields"))
        .and(query_param("page_size", "1"));
    let mock = match cursor {
        None => mock.and(query_param_is_missing("cursor")),
        Some(cursor) => mock.and(query_param("cursor", cursor)),
    };
    mock.respond_with(page).expect(2).mount(server).await;
}

#[tokio::test]
async fn three_pages_follow_the_next_cursor_and_keep_the_other_parameters() {
    use futures_util::TryStreamExt;
    let server = MockServer::start().await;
    mount_fields_page(&server, None, fields_page("first", Some("c2"))).await;
    mount_fields_page(&server, Some("c2"), fields_page("second", Some("c3"))).await;
    mount_fields_page(&server, Some("c3"), fields_page("third", None)).await;
    let kombo = client(&server);
    let general = kombo.general();
    let request = general
        .get_integrations_integration_fields("int/1")
        .page_size(1);
    let pages: Vec<_> = request
        .clone()
        .pages()
        .try_collect()
        .await
        .expect("three pages");
    assert_eq!(pages.len(), 3);
    let keys: Vec<String> = request
        .items()
        .map_ok(|field| field.key)
        .try_collect()
        .await
        .expect("three items");
    assert_eq!(keys, ["first", "second", "third"]);
}

#[tokio::test]
async fn an_error_on_page_two_ends_the_pages_with_that_error() {
    use futures_util::StreamExt;
    let server = MockServer::start().await;
    let down = ResponseTemplate::new(500).set_body_raw(
        r#"{"status":"error","error":{"code":"PLATFORM.UNKNOWN_ERROR","title":null,"message":"down","log_url":null}}"#,
        "application/json",
    );
    mount_fields_page(&server, None, fields_page("first", Some("c2"))).await;
    mount_fields_page(&server, Some("c2"), down).await;
    let kombo = client(&server);
    let request = kombo
        .general()
        .get_integrations_integration_fields("int/1")
        .page_size(1);
    for _ in 0..2 {
        let mut pages = Box::pin(request.clone().pages());
        match pages.next().await {
            Some(Ok(page)) => assert_eq!(page.data.results[0].key, "first"),
            other => panic!("expected the first page, got {other:?}"),
        }
        match pages.next().await {
            Some(Err(Error::Api(e))) => assert_eq!(e.status.as_u16(), 500),
            other => panic!("expected page two's error, got {other:?}"),
        }
        assert!(
            pages.next().await.is_none(),
            "the stream ends after the error"
        );
    }
}

#[tokio::test]
async fn only_the_optional_parameters_set_are_sent() {
    use corpus_kombo_full::models::GetHrisEmployeesParameterIncludeDeleted;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/hris/employees"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let kombo = client(&server);
    let _ = kombo
        .hris()
        .get_employees()
        .integration_id("int-1")
        .include_deleted(GetHrisEmployeesParameterIncludeDeleted::True)
        .page_size(50)
        .await;
    let requests = server.received_requests().await.expect("requests recorded");
    assert_eq!(requests.len(), 1);
    // In the spec's order, whatever the order of the setters.
    assert_eq!(
        requests[0].url.query(),
        Some("page_size=50&include_deleted=true")
    );
    assert_eq!(requests[0].headers["x-integration-id"], "int-1");
}

#[tokio::test]
async fn typed_api_error_through_a_mock_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/check-api-key"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"status":"error","error":{"code":"PLATFORM.AUTHENTICATION_INVALID","title":null,"message":"bad key","log_url":null}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    match client(&server).general().get_check_api_key().await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status.as_u16(), 401);
            assert_eq!(e.body.error.message, "bad key");
        }
        other => panic!("expected a typed API error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_typed_date_time_goes_on_the_wire_in_rfc_3339() {
    use chrono::TimeZone;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/hris/employees"))
        .and(query_param("updated_after", "2024-06-01T12:30:00.250Z"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"status":"error","error":{"code":"PLATFORM.AUTHENTICATION_INVALID","title":null,"message":"bad key","log_url":null}}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let after = chrono::Utc.with_ymd_and_hms(2024, 6, 1, 12, 30, 0).unwrap()
        + chrono::Duration::milliseconds(250);
    let result = client(&server)
        .hris()
        .get_employees()
        .integration_id("i")
        .updated_after(after)
        .await;
    assert!(matches!(result, Err(Error::Api(_))), "{result:?}");
}
