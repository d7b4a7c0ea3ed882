//! Operations and what they are made of (parameters, bodies, responses),
//! servers, security schemes and webhooks.

use super::{GroupId, Presence, RustIdent, TypeId, TypeRef};

/// Cursor pagination: the response's next-cursor field feeds a query
/// parameter of the next request, until it is null or absent.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// The cursor parameter, an index into [`Operation::params`].
    pub cursor_param: usize,
    /// The fields from the success value to the next cursor (a string).
    pub next: Vec<FieldStep>,
    /// The fields from the success value to the page's items (an array).
    pub items: Vec<FieldStep>,
    /// The type of one item.
    pub item: TypeRef,
}

/// One field on the way from a value to a field inside it.
#[derive(Debug, Clone)]
pub struct FieldStep {
    /// The Rust field name.
    pub name: RustIdent,
    /// How the field is represented: `T`, `Option<T>` or `Option<Option<T>>`.
    pub presence: Presence,
}

/// A parameter that most operations require under the same name and
/// type (Kombo's `X-Integration-Id` header): set once on the client
/// builder, overridable per call.
#[derive(Debug, Clone)]
pub struct ClientParam {
    /// The wire name (`X-Integration-Id`).
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// The builder's setter (`integration_id`).
    pub setter: RustIdent,
    /// Documentation, from the operations' parameter.
    pub docs: Option<String>,
}

/// A server the API is reachable at.
#[derive(Debug, Clone)]
pub struct Server {
    /// The Rust variant name (`Eu`, `Us`).
    pub name: RustIdent,
    /// The base URL.
    pub url: String,
    /// The spec's description.
    pub description: Option<String>,
}

/// A security scheme.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// The scheme's key in `components.securitySchemes`.
    pub key: String,
    /// The client builder's setter for its credentials: the key in
    /// snake_case (`ApiKey` -> `api_key`), kept clear of the builder's own
    /// methods and of the other schemes' setters.
    pub setter: RustIdent,
    /// How credentials are sent.
    pub kind: SecurityKind,
    /// The spec's description.
    pub docs: Option<String>,
}

/// How a security scheme sends credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// `http` `bearer` (any `bearerFormat`): `Authorization: Bearer <token>`.
    Bearer,
    /// `http` `basic`: `Authorization: Basic base64(user:password)`.
    Basic,
    /// Any other `http` scheme (`digest`, `hoba`...): the caller gives the
    /// whole `Authorization` value.
    Authorization {
        /// The spec's scheme name, for the docs.
        scheme: String,
    },
    /// A key in a header, query parameter or cookie, sent exactly as given.
    ApiKey {
        /// Where the key goes.
        location: ParamLocation,
        /// The header, query or cookie name.
        name: String,
    },
    /// `oauth2` or `openIdConnect`: the client runs no token flow; callers
    /// supply an access token they obtained, sent as
    /// `Authorization: Bearer <token>`.
    AccessToken {
        /// `oauth2` or `openIdConnect`, for the docs.
        flow: String,
    },
}

/// One alternative of an operation's `security`: the schemes it names,
/// all of which are sent. An empty requirement means no auth is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityRequirement {
    /// Keys of [`Api::security`](super::Api::security) schemes, in spec order.
    pub schemes: Vec<String>,
}

/// One operation (method + path).
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's operationId, or one derived from method and path.
    pub operation_id: String,
    /// The Rust method name (snake_case).
    pub name: RustIdent,
    /// The group (tag) it belongs to.
    pub group: GroupId,
    /// How the operation pages through a list, when it does.
    pub pagination: Option<Pagination>,
    /// The struct a call builds (`ConnectGetIntegrationByTokenRequest`):
    /// positional arguments go to the method, optional ones to the
    /// struct's setters, and the struct is awaited or sent.
    pub builder: RustIdent,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template, e.g. `/connect/integration-by-token/{token}`.
    pub path: String,
    /// Where it is in the spec (JSON pointer).
    pub origin: String,
    /// Summary (markdown).
    pub summary: Option<String>,
    /// Description (markdown).
    pub description: Option<String>,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// A deprecation the spec states only in prose (the description says the
    /// endpoint is being deprecated): the sentence, for the docs.
    pub deprecation_note: Option<String>,
    /// The operationId of the operation the deprecation note points to.
    pub replaced_by: Option<String>,
    /// Parameters in spec order (path-level ones merged in).
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// Responses by status (`"200"`, `"4XX"`, `"default"`), in spec order.
    pub responses: Vec<Response>,
    /// The alternatives of the `security` that applies (the operation's,
    /// else the top level's), in spec order: the client uses the first it
    /// has credentials for. Empty: no auth; an empty alternative: auth is
    /// optional.
    pub security: Vec<SecurityRequirement>,
    /// The type a successful call returns: the body every 2xx response
    /// with a body shares (`Option` of it when another 2xx has none), JSON
    /// when they differ; `None` for no body.
    pub success: Option<TypeRef>,
    /// How a success body is read: [`Encoding::Json`], [`Encoding::Text`]
    /// (into `String`) or [`Encoding::Binary`] (into `Vec<u8>`).
    pub success_decoding: Encoding,
    /// The type of error bodies: the `default` response's, else the only
    /// one the 4xx/5xx responses share; JSON when they differ.
    pub error: Option<TypeRef>,
    /// How an error body is read, as for `success_decoding`.
    pub error_decoding: Encoding,
    /// When the 2xx bodies differ, which variant of the `success` union each
    /// status gives.
    pub success_by_status: Option<ByStatus>,
    /// When the error bodies differ, which variant of the `error` union each
    /// status gives.
    pub error_by_status: Option<ByStatus>,
    /// What the docs say about the responses (which status gives which
    /// type), one sentence each.
    pub response_notes: Vec<String>,
    /// The `Accept` header, when some response is not JSON: the responses'
    /// media types, successes first (`image/png, application/json`).
    pub accept: Option<String>,
    /// What the generated method cannot do faithfully yet, and what it does
    /// instead (a body it cannot send, a response it decodes as JSON): one
    /// sentence each, for its docs.
    pub limitations: Vec<String>,
}

/// How a JSON body whose type depends on the status is read: by the
/// status's variant of a union.
#[derive(Debug, Clone)]
pub struct ByStatus {
    /// The union type.
    pub union: TypeId,
    /// Each documented status, in spec order.
    pub arms: Vec<StatusArm>,
}

/// One documented status of a [`ByStatus`].
#[derive(Debug, Clone)]
pub struct StatusArm {
    /// The status.
    pub status: Status,
    /// The union variant its body reads as; `None` when it has no body.
    pub variant: Option<RustIdent>,
}

/// An operation parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// The wire name.
    pub wire_name: String,
    /// The Rust argument name.
    pub name: RustIdent,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Must be given.
    pub required: bool,
    /// Documentation.
    pub docs: Option<String>,
    /// How the value is written (`style`, or JSON for a `content` parameter).
    pub style: ParamStyle,
    /// A client-wide parameter ([`ClientParam`]): set once on the client,
    /// given per call only to override it.
    pub client_wide: bool,
    /// `explode`: arrays and objects as one parameter per item.
    pub explode: bool,
    /// As [`Field::sample`](super::Field::sample).
    pub sample: Option<serde_json::Value>,
}

/// How a parameter value is serialized (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// `form` (query, cookie): `a=1&a=2` exploded, `a=1,2` not.
    Form,
    /// `simple` (path, header): `1,2`.
    Simple,
    /// `label` (path): `.1.2` exploded, `.1,2` not.
    Label,
    /// `matrix` (path): `;a=1;a=2` exploded, `;a=1,2` not.
    Matrix,
    /// `spaceDelimited` (query arrays): `a=1 2`.
    SpaceDelimited,
    /// `pipeDelimited` (query arrays): `a=1|2`.
    PipeDelimited,
    /// `deepObject` (query objects): `a[x]=1&a[y]=2`.
    DeepObject,
    /// A `content` parameter: the value as JSON text.
    Json,
}

/// Where a parameter or API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// The media type (`application/json`).
    pub media_type: String,
    /// How the body is encoded on the wire.
    pub encoding: Encoding,
    /// Its type: `String` for text, `Vec<u8>` for other bodies that are
    /// not JSON, form or multipart. A multipart body with file fields gets a
    /// struct of its own whose file fields are `Vec<u8>` (or arrays of it).
    pub ty: TypeRef,
    /// Must be sent.
    pub required: bool,
    /// Documentation.
    pub docs: Option<String>,
}

/// How a request or response body is encoded, from its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// `application/json`, `*+json`: serde JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`: a string.
    Text,
    /// Anything else (`application/octet-stream`, `image/png`, `*/*`):
    /// bytes.
    Binary,
}

/// A media type without its parameters (`charset`...), in lower case.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is `application/json` itself (parameters aside),
/// the type the client asks for when an operation sends no `Accept`.
pub fn is_plain_json(media_type: &str) -> bool {
    essence(media_type) == "application/json"
}

impl Encoding {
    /// The encoding of a media type (parameters such as `charset` ignored).
    pub fn of(media_type: &str) -> Encoding {
        let essence = essence(media_type);
        // `application/json+sarif` (GitHub) is JSON too, in the wrong order.
        if essence.starts_with("application/json") || essence.ends_with("+json") {
            Encoding::Json
        } else if essence == "application/x-www-form-urlencoded" {
            Encoding::Form
        } else if essence == "multipart/form-data" || essence.starts_with("multipart/") {
            Encoding::Multipart
        } else if essence.starts_with("text/") {
            Encoding::Text
        } else {
            Encoding::Binary
        }
    }
}

impl Encoding {
    /// How a response body in this encoding is read: JSON, text, or bytes
    /// (a form reads as its text, a multipart response as its bytes).
    pub fn decoding(self) -> Encoding {
        match self {
            Encoding::Json => Encoding::Json,
            Encoding::Text | Encoding::Form => Encoding::Text,
            Encoding::Binary | Encoding::Multipart => Encoding::Binary,
        }
    }
}

/// A response status as the spec keys it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// One code (`404`).
    Code(u16),
    /// A range of codes by its first digit (`4XX`: `4`).
    Range(u16),
    /// `default`: any status no other response lists.
    Default,
}

impl Status {
    /// The first digit of the code or range; `None` for `default`.
    fn class(self) -> Option<u16> {
        match self {
            Status::Code(mut code) => {
                while code >= 10 {
                    code /= 10;
                }
                Some(code)
            }
            Status::Range(digit) => Some(digit),
            Status::Default => None,
        }
    }

    /// A 2xx code or the `2XX` range.
    pub fn is_success(self) -> bool {
        self.class() == Some(2)
    }

    /// A 4xx or 5xx code or range, or `default`: one whose body is an
    /// error's.
    pub fn is_error(self) -> bool {
        !matches!(self.class(), Some(1..=3))
    }
}

impl std::fmt::Display for Status {
    /// As the spec writes it: `404`, `4XX`, `default`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(digit) => write!(f, "{digit}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

/// One response of an operation.
#[derive(Debug, Clone)]
pub struct Response {
    /// Its status.
    pub status: Status,
    /// The description.
    pub docs: Option<String>,
    /// The body, when it has one.
    pub body: Option<ResponseBody>,
}

impl Response {
    /// A 2xx (or `2XX`) response.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// A 4xx or 5xx response, or `default`: one whose body is an error's.
    pub fn is_error(&self) -> bool {
        self.status.is_error()
    }
}

/// The body of a response.
#[derive(Debug, Clone)]
pub struct ResponseBody {
    /// The media type the type was taken from.
    pub media_type: String,
    /// How it is encoded.
    pub encoding: Encoding,
    /// Its type: `String` for text, `Vec<u8>` for other bodies that are
    /// not JSON.
    pub ty: TypeRef,
}

/// A webhook: a request the API sends to the user's server.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The key in `webhooks` (`data-changed`).
    pub key: String,
    /// The Rust function name for reading its payload (snake_case).
    pub name: RustIdent,
    /// HTTP method, upper case.
    pub method: String,
    /// Where it is in the spec (JSON pointer).
    pub origin: String,
    /// Summary and description (markdown).
    pub docs: Option<String>,
    /// The request body the API sends, if any.
    pub payload: Option<Body>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_as_the_spec_writes_them() {
        let cases = [
            (Status::Code(200), "200", true, false),
            (Status::Range(2), "2XX", true, false),
            (Status::Code(302), "302", false, false),
            (Status::Code(404), "404", false, true),
            (Status::Range(5), "5XX", false, true),
            (Status::Default, "default", false, true),
        ];
        for (status, text, success, error) in cases {
            assert_eq!(status.to_string(), text);
            assert_eq!(status.is_success(), success, "{text}");
            assert_eq!(status.is_error(), error, "{text}");
        }
    }
}
