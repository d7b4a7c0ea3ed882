//! Guesses about particular vendors' specs, kept apart so that general
//! lowering reads as general: the group and method names the official SDKs
//! use, read from `x-codeSamples`; deprecations stated only in prose; and the
//! links from such a note to the operation that replaces it.

use openapiv3::Operation as SpecOperation;
use serde_json::Value;

use crate::ir::Operation;
use crate::naming::field_name;

/// Points each operation deprecated in prose at the operation its note links
/// to: the link's last path segment is that operation's docs page, named
/// after its summary (`/v1/get-integration-by-token-token` for "Get
/// integration by token").
pub(super) fn link_replacements(ops: &mut [Operation]) {
    let slug = |s: &str| heck::ToKebabCase::to_kebab_case(s);
    let found: Vec<Option<String>> = ops
        .iter()
        .map(|op| {
            let note = op.deprecation_note.as_deref()?;
            let target = note.split("](").nth(1)?.split(')').next()?;
            let page = target.trim_end_matches('/').rsplit('/').next()?;
            ops.iter()
                .filter(|other| other.operation_id != op.operation_id)
                .find(|other| {
                    other
                        .summary
                        .as_deref()
                        .is_some_and(|s| !s.is_empty() && page.starts_with(&slug(s)))
                        || slug(&other.operation_id) == page
                })
                .map(|other| other.operation_id.clone())
        })
        .collect();
    for (op, replacement) in ops.iter_mut().zip(found) {
        op.replaced_by = replacement;
    }
}

/// The sentence of a description that says the endpoint is being
/// deprecated, without markup: `<Warning>We are deprecating this endpoint
/// in favour of [x](...)</Warning>` gives `We are deprecating ... [x](...).`
pub(super) fn deprecation_sentence(description: &str) -> Option<String> {
    let lower = description.to_ascii_lowercase();
    let at = [
        "deprecating this",
        "is deprecated",
        "will be deprecated",
        "deprecated in favo",
    ]
    .iter()
    .filter_map(|needle| lower.find(needle))
    .min()?;
    let start = description[..at]
        .rfind(['.', '>', '\n'])
        .map(|i| i + 1)
        .unwrap_or(0);
    let end = description[at..]
        .find(". ")
        .map(|i| at + i + 1)
        .or_else(|| description[at..].find(['<', '\n']).map(|i| at + i))
        .unwrap_or(description.len());
    let sentence = description[start..end].trim();
    (!sentence.is_empty()).then(|| sentence.to_string())
}

/// The group and method names the vendor's SDK uses: Speakeasy's
/// `x-speakeasy-group` (dotted groups joined: `hris.employees` is
/// `hris_employees`) and `x-speakeasy-name-override`, else the call in the
/// Python code sample: `k_client.connect.get_integration_by_token(`.
pub(super) fn sdk_names(op: &SpecOperation) -> (Option<String>, Option<String>) {
    let extension = |key: &str| {
        op.extensions
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
    };
    let group = extension("x-speakeasy-group").map(|g| field_name(&g.replace('.', "_"), "api"));
    let name = extension("x-speakeasy-name-override").map(|n| field_name(n, "call"));
    if group.is_some() || name.is_some() {
        let (sample_group, sample_name) = sample_names(op);
        return (group.or(sample_group), name.or(sample_name));
    }
    sample_names(op)
}

/// The group and method of the call in the Python code sample.
fn sample_names(op: &SpecOperation) -> (Option<String>, Option<String>) {
    let Some(Value::Array(samples)) = op.extensions.get("x-codeSamples") else {
        return (None, None);
    };
    for sample in samples {
        if sample.get("lang").and_then(Value::as_str) != Some("python") {
            continue;
        }
        let Some(source) = sample.get("source").and_then(Value::as_str) else {
            continue;
        };
        for line in source.lines() {
            let call = line.trim().trim_start_matches("res = ");
            let Some(open) = call.find('(') else { continue };
            let parts: Vec<&str> = call[..open].split('.').collect();
            let is_ident = |s: &&str| {
                !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            };
            if parts.len() >= 3 && parts.iter().all(is_ident) && parts[0].ends_with("client") {
                let group = parts[1..parts.len() - 1].join("_");
                return (
                    Some(field_name(&group, "api")),
                    Some(field_name(parts[parts.len() - 1], "call")),
                );
            }
        }
    }
    (None, None)
}
