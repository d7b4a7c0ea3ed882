//! The hand-written runtime of a generated client, written out verbatim by
//! the generator. Generated modules build on it.

// Which helpers a crate uses depends on its spec.
#![allow(dead_code)]

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
