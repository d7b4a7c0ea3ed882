//! What generated models call when they deserialize: optional nullable
//! fields that keep absent and `null` apart, and the choice of an untagged
//! union's variant (the first that gives back exactly what was read, else
//! the first that reads it at all).

use serde::Serialize;
use serde_json::Value;

use crate::same_json::same_json;

/// Deserializes an optional, nullable field so that absent, `null` and a
/// value stay three different states: `None`, `Some(None)` and
/// `Some(Some(v))`. Absent fields never reach this function; serde's
/// `default` gives them `None`.
pub(crate) fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// Whether a value read from `json` serializes back to exactly `json`: an
/// untagged union prefers the variant that keeps everything, so that a
/// struct whose fields are all optional does not swallow every object.
pub(crate) fn keeps_all<T: Serialize>(value: &T, json: &Value) -> bool {
    serde_json::to_value(value).is_ok_and(|back| same_json(&back, json))
}
