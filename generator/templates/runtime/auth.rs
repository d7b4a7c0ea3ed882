//! Credentials: what the caller gives the builder ([`Secret`]), how each of
//! the spec's security schemes sends it ([`Scheme`]), and choosing, for one
//! call, the first of the operation's alternatives the client has
//! credentials for.

use std::collections::BTreeMap;
use std::fmt;

use reqwest::header::{self, HeaderName, HeaderValue};

/// How a security scheme sends its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Apply {
    /// `Authorization: Bearer <token>` (`http` bearer, `oauth2`,
    /// `openIdConnect`).
    Bearer,
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    /// `Authorization: <value>`, the value as given (other `http` schemes).
    Authorization,
    /// A header of this name, the value as given.
    Header(&'static str),
    /// A query parameter of this name, the value as given.
    Query(&'static str),
    /// A cookie of this name, the value as given.
    Cookie(&'static str),
}

/// One of the spec's security schemes, as generated code declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scheme {
    /// Its key in the spec's `securitySchemes`.
    pub(crate) key: &'static str,
    /// The builder method that takes its credential, for error messages.
    pub(crate) setter: &'static str,
    /// How it is sent.
    pub(crate) apply: Apply,
}

/// A credential as the caller gave it to the builder.
#[derive(Clone)]
pub(crate) enum Secret {
    /// A token, key or whole header value.
    Token(String),
    /// A user name and password for `http` basic auth.
    Basic {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
}

impl Secret {
    /// Whether it can be sent: not empty, and nothing an HTTP header cannot
    /// carry (line breaks, control characters).
    pub(super) fn is_valid(&self) -> bool {
        let fits = |s: &str| HeaderValue::from_str(s).is_ok();
        match self {
            Secret::Token(token) => !token.trim().is_empty() && fits(token),
            Secret::Basic { user, password } => !user.is_empty() && fits(user) && fits(password),
        }
    }

    /// The value as a scheme of kind `apply` sends it.
    fn value(&self, apply: Apply) -> String {
        match (self, apply) {
            (Secret::Token(token), Apply::Bearer) => format!("Bearer {token}"),
            (Secret::Token(token), _) => token.clone(),
            (Secret::Basic { user, password }, _) => {
                format!("Basic {}", base64(format!("{user}:{password}").as_bytes()))
            }
        }
    }
}

/// The credentials a client holds, by scheme key. `Debug` shows the keys,
/// never the values.
#[derive(Clone, Default)]
pub(super) struct Credentials(pub(super) BTreeMap<&'static str, Secret>);

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.keys().map(|key| (key, Redacted)))
            .finish()
    }
}

/// Stands in for a secret in `Debug` output.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// What the chosen credentials add to one request. Header values are
/// marked sensitive.
#[derive(Default)]
pub(super) struct Applied {
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) query: Vec<(&'static str, String)>,
    pub(super) cookies: Vec<String>,
}

impl Credentials {
    /// The credentials for the first alternative that the client holds all
    /// of; an empty alternative needs none. No alternatives: no auth. When
    /// none can be met, the error names what the operation accepts.
    pub(super) fn apply(
        &self,
        alternatives: &[&[Scheme]],
        operation_id: &str,
    ) -> Result<Applied, String> {
        if alternatives.is_empty() {
            return Ok(Applied::default());
        }
        let chosen = alternatives
            .iter()
            .find(|schemes| schemes.iter().all(|s| self.0.contains_key(s.key)));
        let Some(schemes) = chosen else {
            let accepted: Vec<String> = alternatives
                .iter()
                .map(|schemes| {
                    schemes
                        .iter()
                        .map(|s| format!("`{}` ({})", s.setter, s.key))
                        .collect::<Vec<_>>()
                        .join(" and ")
                })
                .collect();
            return Err(format!(
                "{operation_id} needs credentials the client was not given: set {} on the \
                 client builder",
                accepted.join(", or ")
            ));
        };
        let mut applied = Applied::default();
        for scheme in schemes.iter() {
            let Some(secret) = self.0.get(scheme.key) else {
                continue;
            };
            let value = secret.value(scheme.apply);
            let header_name = match scheme.apply {
                Apply::Bearer | Apply::Basic | Apply::Authorization => header::AUTHORIZATION,
                Apply::Header(name) => HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| format!("invalid header name `{name}` in scheme {}", scheme.key))?,
                Apply::Query(name) => {
                    applied.query.push((name, value));
                    continue;
                }
                Apply::Cookie(name) => {
                    applied.cookies.push(format!("{name}={value}"));
                    continue;
                }
            };
            let mut header_value = HeaderValue::from_str(&value)
                .map_err(|_| format!("invalid credential for scheme {}", scheme.key))?;
            header_value.set_sensitive(true);
            applied.headers.push((header_name, header_value));
        }
        Ok(applied)
    }
}

/// Standard base64 with padding (RFC 4648), for basic auth.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEARER: Scheme = Scheme {
        key: "ApiKey",
        setter: "api_key",
        apply: Apply::Bearer,
    };
    const BASIC: Scheme = Scheme {
        key: "basicAuth",
        setter: "basic_auth",
        apply: Apply::Basic,
    };
    const QUERY: Scheme = Scheme {
        key: "key",
        setter: "key",
        apply: Apply::Query("api_key"),
    };

    fn credentials(entries: &[(&'static str, Secret)]) -> Credentials {
        Credentials(entries.iter().cloned().collect())
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn first_alternative_with_credentials_wins() {
        let held = credentials(&[
            ("key", Secret::Token("q".into())),
            (
                "basicAuth",
                Secret::Basic {
                    user: "u".into(),
                    password: "p".into(),
                },
            ),
        ]);
        let applied = held.apply(&[&[BEARER], &[BASIC, QUERY]], "op").unwrap();
        assert_eq!(applied.headers[0].1, "Basic dTpw");
        assert!(applied.headers[0].1.is_sensitive());
        assert_eq!(applied.query, [("api_key", "q".to_owned())]);

        let none = credentials(&[]);
        assert!(none.apply(&[&[BEARER], &[]], "op").unwrap().headers.is_empty());
        let error = none.apply(&[&[BEARER], &[BASIC, QUERY]], "op").err().unwrap();
        assert!(error.contains("`api_key` (ApiKey), or `basic_auth` (basicAuth) and `key` (key)"));
    }

    #[test]
    fn debug_shows_keys_not_values() {
        let held = credentials(&[("ApiKey", Secret::Token("s3cret".into()))]);
        let shown = format!("{held:?}");
        assert_eq!(shown, r#"{"ApiKey": <redacted>}"#);
    }
}
