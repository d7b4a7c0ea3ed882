//! What a call fails with ([`Error`], with [`ApiError`] for a documented
//! error body) and what building the client fails with ([`BuildError`]).

use std::convert::Infallible;
use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// How much of an unexpected body `Display` shows; the error keeps all of it.
const DISPLAYED_BODY_CHARS: usize = 200;

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
    /// ([`ClientBuilder::max_response_bytes`](super::ClientBuilder::max_response_bytes));
    /// reading stopped there.
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
    /// A [`Hook`](super::Hook) refused the request in its `before_request`,
    /// so this attempt was not sent and no other followed.
    Hook(super::HookError),
}

impl<E> Error<E> {
    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedResponse { status, .. } | Error::ResponseTooLarge { status, .. } => {
                Some(*status)
            }
            Error::Timeout { .. }
            | Error::Transport(_)
            | Error::InvalidRequest(_)
            | Error::Hook(_) => None,
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

/// What sending fails with before any response body is decoded: it holds
/// no API error body, so every operation's error type can take it.
pub(super) type SendError = Error<Infallible>;

impl SendError {
    /// The same error as an operation's.
    pub(super) fn widen<E>(self) -> Error<E> {
        match self {
            Error::Api(e) => match e.body {},
            Error::UnexpectedResponse {
                status,
                headers,
                body,
                reason,
            } => Error::UnexpectedResponse {
                status,
                headers,
                body,
                reason,
            },
            Error::ResponseTooLarge { status, limit } => Error::ResponseTooLarge { status, limit },
            Error::Timeout { after } => Error::Timeout { after },
            Error::Transport(e) => Error::Transport(e),
            Error::InvalidRequest(reason) => Error::InvalidRequest(reason),
            Error::Hook(e) => Error::Hook(e),
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
            Error::Hook(e) => write!(f, "a hook refused the request: {e}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Hook(e) => Some(e),
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

/// Why [`ClientBuilder::build`](super::ClientBuilder::build) failed.
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
    /// A credential (API key, token, user name or password) is empty or
    /// holds characters that an HTTP header cannot carry (line breaks,
    /// control characters). The credential itself is not kept.
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
                "invalid API key or credential: it is empty or holds characters an HTTP header \
                 cannot carry",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::testing::ApiErrorBody;

    #[test]
    fn errors_stay_small() {
        // Clippy's `result_large_err` starts at 128 bytes.
        assert!(std::mem::size_of::<Error<()>>() <= 64);
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
