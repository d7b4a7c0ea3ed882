//! What the runtime's tests share: a client with fast retries, a request
//! helper, and the shapes the mock servers answer with.

use std::time::Duration;

use reqwest::Method;
use wiremock::MockServer;

use super::auth::{Apply, Scheme, Secret};
use super::client::{Client, ClientBuilder};
use super::error::Error;
use super::request::Request;
use super::retry::RetryPolicy;

pub(super) const KEY: &str = "sk_test_secret_key_123";

/// A bearer scheme, whose credential [`client`] holds.
pub(super) const BEARER: Scheme = Scheme {
    key: "ApiKey",
    setter: "api_key",
    apply: Apply::Bearer,
};

#[derive(Debug, PartialEq, serde::Deserialize)]
pub(super) struct Thing {
    pub(super) id: u32,
    pub(super) name: String,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
pub(super) struct ApiErrorBody {
    pub(super) code: String,
}

pub(super) type Result<T> = std::result::Result<T, Error<ApiErrorBody>>;

/// A client for `base` with fast retries, so tests stay quick.
pub(super) fn client(base: &str) -> Client {
    builder(base).build().expect("test client builds")
}

/// The builder of [`client`], to add to.
pub(super) fn builder(base: &str) -> ClientBuilder {
    ClientBuilder::new(base)
        .credential("ApiKey", Secret::Token(KEY.into()))
        .retry(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(10))
                .max_backoff(Duration::from_millis(20)),
        )
}

pub(super) fn get(path: String) -> Request {
    Request::new(Method::GET, path, "TestOperation")
}

pub(super) async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording is on")
}
