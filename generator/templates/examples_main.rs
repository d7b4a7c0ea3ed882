//! Every example in the spec, deserialized into its generated type, compared
//! with the typed value it must give, and serialized back to the same JSON.
//! The cases are in `cases.rs`, one test per example. An example that does
//! not fit its own schema is checked for what the client does with it
//! instead: it is refused, or it reads and writes back the JSON the
//! generator worked out (each such case says why in its docs).

// Which helpers the cases use depends on the spec.
#![allow(dead_code)]

#[rustfmt::skip]
mod cases;

// The crate's own JSON equality, which its union matching uses too.
#[path = "../../src/same_json.rs"]
mod same_json;
use same_json::same_json;

/// Deserializes `text` as `T`, checks that it serializes back to the same
/// JSON, and returns the value for typed checks.
fn round_trip<T>(text: &str) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let json: serde_json::Value = serde_json::from_str(text).expect("the example is valid JSON");
    let parsed: T = match serde_json::from_value(json.clone()) {
        Ok(parsed) => parsed,
        Err(error) => panic!("the example does not deserialize: {error}\n{text}"),
    };
    let back = serde_json::to_value(&parsed).expect("the value serializes");
    assert!(
        same_json(&json, &back),
        "round trip changed the JSON:\n  spec: {json}\n  back: {back}"
    );
    parsed
}

/// Deserializes `text` as `T` and checks that it serializes to `expected`:
/// for examples that do not fit their schema exactly.
fn round_trip_to<T>(text: &str, expected: &str) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let parsed: T = match serde_json::from_str(text) {
        Ok(parsed) => parsed,
        Err(error) => panic!("the example does not deserialize: {error}\n{text}"),
    };
    let back = serde_json::to_value(&parsed).expect("the value serializes");
    let expected: serde_json::Value = serde_json::from_str(expected).expect("valid JSON");
    assert!(
        same_json(&expected, &back),
        "the typed value wrote back other JSON than expected:\n  expected: {expected}\n  back: {back}"
    );
    parsed
}

/// Checks that `text` does not deserialize as `T`: for examples that
/// violate their schema.
fn rejected<T>(text: &str)
where
    T: serde::de::DeserializeOwned + std::fmt::Debug,
{
    let json: serde_json::Value = serde_json::from_str(text).expect("the example is valid JSON");
    if let Ok(parsed) = serde_json::from_value::<T>(json) {
        panic!("the example violates its schema but was accepted: {parsed:?}\n{text}");
    }
}
