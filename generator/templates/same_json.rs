//! JSON equality as JSON defines it, numbers compared by value (`1` equals
//! `1.0`). One file, used three ways: by the generator when it checks the
//! spec's examples, by the generated crate (union matching) and by its
//! example tests (`#[path]` to this file), so all three agree.

use serde_json::Value;

/// Whether two JSON values are the same, numbers compared by value.
pub(crate) fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}
