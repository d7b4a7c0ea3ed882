//! Client-wide parameters: a header that most operations require under the
//! same name and type (Kombo's `X-Integration-Id`) is set once on the client
//! builder, as the official SDKs take `integration_id` once, and each call
//! may still give its own.

use crate::ir::{ClientParam, Operation, ParamLocation, ParamStyle, TypeRef};
use crate::naming::{Namer, field_name};

/// Finds the client-wide parameters, marks them in every operation that
/// takes them, and names their builder setters clear of `taken` (the
/// builder's own methods). A header is client-wide when more than half of
/// the operations, and at least two, require it as a plain string.
pub(super) fn client_params(ops: &mut [Operation], taken: &[&str]) -> Vec<ClientParam> {
    // Header names are case-insensitive: counted in lower case, in the
    // order they first appear.
    let mut counts: Vec<(String, usize)> = Vec::new();
    for op in ops.iter() {
        let mut seen = Vec::new();
        for p in op.params.iter().filter(|p| is_candidate(p)) {
            let key = p.wire_name.to_ascii_lowercase();
            if seen.contains(&key) {
                continue;
            }
            match counts.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => counts.push((key.clone(), 1)),
            }
            seen.push(key);
        }
    }
    let mut setters = Namer::with_reserved(taken.iter().copied());
    let mut out = Vec::new();
    for (key, count) in counts {
        if count < 2 || count * 2 <= ops.len() {
            continue;
        }
        let mut first = None;
        for op in ops.iter_mut() {
            for p in op.params.iter_mut() {
                if is_candidate(p) && p.wire_name.eq_ignore_ascii_case(&key) {
                    p.client_wide = true;
                    first.get_or_insert_with(|| (p.wire_name.clone(), p.docs.clone()));
                }
            }
        }
        let Some((wire_name, docs)) = first else {
            continue;
        };
        // `X-Integration-Id` -> `integration_id`, as the official SDKs say.
        let plain = wire_name
            .strip_prefix("x-")
            .or_else(|| wire_name.strip_prefix("X-"))
            .unwrap_or(&wire_name);
        let setter = setters.ident(field_name(plain, "param"));
        // Each call's setter is named as the client's, where the operation
        // has no other parameter of that name.
        for op in ops.iter_mut() {
            if op.params.iter().any(|p| p.name == setter) {
                continue;
            }
            for p in op.params.iter_mut() {
                if p.client_wide && p.wire_name.eq_ignore_ascii_case(&key) {
                    p.name = setter.clone();
                }
            }
        }
        out.push(ClientParam {
            setter,
            wire_name,
            location: ParamLocation::Header,
            docs,
        });
    }
    out
}

/// A required header parameter whose value is a plain string.
fn is_candidate(p: &crate::ir::Param) -> bool {
    p.location == ParamLocation::Header
        && p.required
        && p.ty == TypeRef::String
        && p.style == ParamStyle::Simple
}
