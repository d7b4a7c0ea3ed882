//! Checks every `$ref` of the merged document before later stages follow
//! them, so that a bad one is reported once, at its own JSON pointer: a local
//! reference must point at something, a reference to another document is
//! not supported, and references that only lead to each other are a cycle
//! with no type in it.
//!
//! Example values are data, not spec: a `$ref` key inside one (SCIM payloads
//! have them) is not a reference, so `example`, `default`, `enum`, `x-`
//! extensions and the values of Example and Link Objects are skipped.

use serde_json::Value;

use crate::error::{Error, Result, escape_pointer_token};
use crate::markers::EXTENSION_PREFIX;
use crate::normalize::Normalized;

/// Keys whose value is data rather than spec.
const DATA_KEYS: [&str; 4] = ["example", "default", "enum", "const"];

/// Keys whose value maps names to Example or Link Objects: their `$ref`s are
/// checked, the rest of them is data.
const DATA_OBJECT_MAPS: [&str; 2] = ["examples", "links"];

/// Checks the references of a normalized document; see the module docs.
pub fn check(normalized: &Normalized) -> Result<()> {
    let mut refs = Vec::new();
    collect(&normalized.value, &mut String::from("#"), &mut refs);
    for (at, reference) in &refs {
        resolve(normalized, at, reference)?;
    }
    for (at, reference) in &refs {
        reject_cycle(normalized, at, reference)?;
    }
    Ok(())
}

/// Every `(pointer of the object holding it, $ref)`, in document order.
fn collect(value: &Value, at: &mut String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push((at.clone(), reference.clone()));
            }
            for (key, child) in map {
                if key == "$ref"
                    || key.starts_with(EXTENSION_PREFIX)
                    || DATA_KEYS.contains(&key.as_str())
                {
                    continue;
                }
                let len = at.len();
                at.push('/');
                at.push_str(&escape_pointer_token(key));
                match (DATA_OBJECT_MAPS.contains(&key.as_str()), child) {
                    (true, Value::Object(entries)) => {
                        for (name, entry) in entries {
                            if let Some(Value::String(reference)) = entry.get("$ref") {
                                out.push((
                                    format!("{at}/{}", escape_pointer_token(name)),
                                    reference.clone(),
                                ));
                            }
                        }
                    }
                    (true, _) => {}
                    (false, child) => collect(child, at, out),
                }
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = at.len();
                at.push('/');
                at.push_str(&i.to_string());
                collect(item, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// The value a local reference points at.
fn target<'v>(document: &'v Value, reference: &str) -> Option<&'v Value> {
    let fragment = reference.strip_prefix('#')?;
    document
        .pointer(fragment)
        .or_else(|| document.pointer(&percent_decode(fragment)?))
}

/// `%7B` -> `{`: a reference is a URI, whose fragment may be percent-encoded.
fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn resolve(normalized: &Normalized, at: &str, reference: &str) -> Result<()> {
    let path = normalized.origins.file_for(at).to_path_buf();
    if !reference.starts_with('#') {
        return Err(Error::Unsupported {
            path,
            pointer: at.to_string(),
            what: format!(
                "`$ref: {reference}` points outside this document (references to other files or URLs)"
            ),
            at: None,
        });
    }
    match target(&normalized.value, reference) {
        Some(_) => Ok(()),
        // At the `$ref` itself, so that its line is the one marked.
        None => Err(Error::Invalid {
            path,
            pointer: format!("{at}/$ref"),
            message: format!("dangling `$ref: {reference}`: nothing in the document is there"),
            at: None,
            also: None,
        }),
    }
}

/// A chain of objects that are nothing but a `$ref` and comes back to its
/// start stands for no type at all.
fn reject_cycle(normalized: &Normalized, at: &str, reference: &str) -> Result<()> {
    let mut chain = vec![at.to_string()];
    let mut next = reference.to_string();
    loop {
        let here = next.clone();
        let pointed = match target(&normalized.value, &here) {
            Some(Value::Object(map)) if map.len() == 1 => map.get("$ref").and_then(Value::as_str),
            _ => None,
        };
        let Some(pointed) = pointed else {
            return Ok(());
        };
        if chain.contains(&here) {
            chain.push(here);
            // Report each cycle once, from where it is first entered.
            if chain.first() != chain.last() {
                return Ok(());
            }
            return Err(Error::Invalid {
                path: normalized.origins.file_for(at).to_path_buf(),
                pointer: format!("{at}/$ref"),
                message: format!("`$ref` cycle with no type in it: {}", chain.join(" -> ")),
                at: None,
                also: None,
            });
        }
        if chain.len() > 1024 {
            return Ok(());
        }
        chain.push(here);
        next = pointed.to_string();
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde_json::json;

    use super::*;
    use crate::origins::Origins;

    fn check_value(value: Value) -> Result<()> {
        let mut origins = Origins::new(PathBuf::from("a.yaml"));
        origins.record("#/components/schemas/B".into(), Path::new("b.yaml"));
        check(&Normalized { value, origins })
    }

    fn doc(schemas: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "1" },
            "paths": { "/p": { "get": { "responses": { "200": {
                "description": "ok",
                "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/A" },
                    "examples": {
                        "one": { "$ref": "#/components/examples/E" },
                        "two": { "value": { "$ref": "not a reference" } }
                    }
                } }
            } } } } },
            "components": {
                "schemas": schemas,
                "examples": { "E": { "value": { "$ref": "https://x/y" } } }
            }
        })
    }

    #[test]
    fn resolving_references_pass_and_example_data_is_skipped() {
        check_value(doc(json!({
            "A": { "type": "object", "properties": {
                "b": { "$ref": "#/components/schemas/B" },
                "c": { "$ref": "#/components/schemas/A/properties/b" },
                "d": { "$ref": "#/paths/~1p/get/responses/200/content/application~1json/schema" },
                "e": { "$ref": "#/components/schemas/C%20D" }
            }, "example": { "$ref": "data" }, "x-any": { "$ref": "data" } },
            "B": { "type": "string", "default": { "$ref": "data" } },
            "C D": { "type": "string" }
        })))
        .expect("valid");
    }

    #[test]
    fn a_dangling_reference_is_named_where_it_is() {
        let err = check_value(doc(json!({
            "A": { "allOf": [{ "$ref": "#/components/schemas/B" }, { "$ref": "#/components/schemas/Gone" }] },
            "B": { "type": "string" }
        })))
        .expect_err("dangling");
        assert_eq!(
            err.to_string(),
            "a.yaml: #/components/schemas/A/allOf/1/$ref: dangling `$ref: #/components/schemas/Gone`: nothing in the document is there"
        );
        let mut value = doc(json!({ "A": { "type": "string" } }));
        value["components"]["examples"] = json!({});
        let err = check_value(value).expect_err("dangling example");
        assert!(
            err.to_string().contains(
                "#/paths/~1p/get/responses/200/content/application~1json/examples/one/$ref: dangling"
            ),
            "{err}"
        );
    }

    #[test]
    fn an_external_reference_is_not_supported() {
        let err =
            check_value(doc(json!({ "A": { "$ref": "other.yaml#/A" } }))).expect_err("external");
        assert_eq!(
            err.to_string(),
            "a.yaml: #/components/schemas/A: not supported: `$ref: other.yaml#/A` points outside this document (references to other files or URLs)"
        );
    }

    #[test]
    fn a_cycle_of_bare_references_is_an_error_naming_the_chain() {
        let err = check_value(doc(json!({
            "A": { "$ref": "#/components/schemas/B" },
            "B": { "$ref": "#/components/schemas/A" }
        })))
        .expect_err("cycle");
        assert_eq!(
            err.to_string(),
            "a.yaml: #/components/schemas/A/$ref: `$ref` cycle with no type in it: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A"
        );
        // Recursion through a type is fine.
        check_value(doc(json!({
            "A": { "type": "array", "items": { "$ref": "#/components/schemas/A" } }
        })))
        .expect("recursive type");
    }
}
