//! The settings of one call that override the client's
//! ([`RequestOptions`]).

use std::fmt;
use std::time::Duration;

use super::retry::RetryPolicy;

/// Settings for one call that override the client's.
///
/// Every operation takes an `Option<&RequestOptions>`; pass `None` to use
/// the client's settings.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(super) timeout: Option<Duration>,
    pub(super) retry: Option<RetryPolicy>,
    pub(super) headers: Vec<(String, String)>,
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
    /// or value makes the call fail with
    /// [`Error::InvalidRequest`](super::Error::InvalidRequest).
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
