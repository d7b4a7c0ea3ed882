//! Walking a JSON value by pointer, for the tests that mutate specs and
//! response bodies (`generator/tests/fuzz.rs`, `tests/hostile_responses.rs`,
//! which includes this file by path).

use serde_json::Value;

/// The place of every node of a value (as pointer tokens), in pre-order.
pub fn nodes(value: &Value) -> Vec<Vec<String>> {
    fn walk(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(at.clone());
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    at.push(key.clone());
                    walk(child, at, out);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    at.push(i.to_string());
                    walk(child, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

/// The node at `at`, if there is one.
pub fn node_mut<'v>(value: &'v mut Value, at: &[String]) -> Option<&'v mut Value> {
    let mut current = value;
    for token in at {
        current = match current {
            Value::Object(map) => map.get_mut(token)?,
            Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}
