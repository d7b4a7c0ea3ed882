//! `tests/contract.rs` (with `--contract-tests`): every operation called
//! once against the server in `CONTRACT_BASE_URL` (a validating mock such as
//! Stoplight Prism, or a staging server), with dummy credentials for every
//! security scheme and a value for every required argument that the schema
//! allows, as far as the IR knows it.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value, json};

use super::apis::contract_argument;
use crate::emit::client::client_alias;
use crate::ir::{Api, SecurityKind, Status, TypeKind, TypeRef};

/// How deep a sample value nests before optional parts are left out.
const MAX_DEPTH: usize = 8;

/// A JSON value valid for `ty` as the IR describes it: required fields only
/// (with the sample lowering chose for a string's example, format or
/// pattern), an enum's first value, a constant's value.
pub(crate) fn sample(api: &Api, ty: &TypeRef, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match ty {
        TypeRef::String => json!("string"),
        TypeRef::Format(format) => json!(format.sample()),
        TypeRef::Bool => json!(true),
        TypeRef::Integer(_) => json!(1),
        TypeRef::Float(_) => json!(1.5),
        TypeRef::Array(inner) => json!([sample(api, inner, depth + 1)]),
        // `null` where no value tells the members of a union apart
        // (`oneOf: [A, B, null]` with two objects that both take `{}`).
        TypeRef::Nullable(inner) => nullable_sample(api, inner, depth),
        TypeRef::Map(_) | TypeRef::Json => json!({}),
        TypeRef::Tuple(items) => {
            Value::Array(items.iter().map(|t| sample(api, t, depth + 1)).collect())
        }
        // `Vec<u8>` reads an array of bytes: a multipart file part's contents.
        TypeRef::Bytes => json!(b"contract".to_vec()),
        TypeRef::Named(id) => match &api[id].kind {
            TypeKind::Struct(s) => {
                let mut object = Map::new();
                let needed = |f: &&crate::ir::Field| {
                    f.required || s.alternative_requires.contains(&f.wire_name)
                };
                for field in s.fields.iter().filter(needed) {
                    let value = match &field.sample {
                        Some(value) => value.clone(),
                        None if field.nullable => nullable_sample(api, &field.ty, depth + 1),
                        None => sample(api, &field.ty, depth + 1),
                    };
                    object.insert(field.wire_name.clone(), value);
                }
                Value::Object(object)
            }
            TypeKind::Enum(e) => match e.variants.first().map(|v| &v.wire) {
                Some(crate::ir::EnumValue::String(s)) => json!(s),
                Some(crate::ir::EnumValue::Integer(n)) => json!(*n as i64),
                None => json!("string"),
            },
            TypeKind::Const(c) => c.value.clone(),
            TypeKind::Union(_) => union_sample(api, ty, depth).map_or(Value::Null, |(v, _)| v),
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => sample(api, inner, depth),
        },
    }
}

/// A sample for a value of `ty` that may also be `null`: `null` where no
/// value tells the members of a union apart (`oneOf: [A, B, null]` with two
/// objects that both take `{}`), else one of `ty`.
fn nullable_sample(api: &Api, ty: &TypeRef, depth: usize) -> Value {
    match union_sample(api, ty, depth) {
        Some((value, true)) => value,
        Some((_, false)) => Value::Null,
        None => sample(api, ty, depth),
    }
}

/// The sample of a union type, and whether it fits exactly one member (a
/// `oneOf` accepts nothing else): the first such value among the members'
/// samples (a plain string member's first: `1` would also match a string
/// member in a path or query), with a string tried for a member that takes
/// any JSON; failing that, the first member's sample. `None` when `ty` is
/// not a union.
fn union_sample(api: &Api, ty: &TypeRef, depth: usize) -> Option<(Value, bool)> {
    let TypeRef::Named(id) = api.resolve_alias(ty) else {
        return None;
    };
    let TypeKind::Union(u) = &api[id].kind else {
        return None;
    };
    let mut members: Vec<&TypeRef> = u.variants.iter().map(|v| &v.ty).collect();
    members.sort_by_key(|ty| **ty != TypeRef::String);
    // Each candidate samples a member, whose unions try theirs: a bound
    // keeps nested unions from multiplying (the doc examples of every
    // generated crate sample parameters this way too).
    let tries = if depth < 3 { 8 } else { 1 };
    let candidates = members
        .iter()
        .flat_map(|ty| {
            let own = sample(api, ty, depth + 1);
            let any = (**ty == TypeRef::Json).then(|| json!("string"));
            std::iter::once(own).chain(any)
        })
        .take(tries);
    let mut first = None;
    for candidate in candidates {
        let fitting = u
            .variants
            .iter()
            .filter(|v| fits(api, &candidate, &v.ty, depth + 1))
            .count();
        if fitting == 1 {
            return Some((candidate, true));
        }
        first.get_or_insert(candidate);
    }
    Some((first.unwrap_or(Value::Null), false))
}

/// Whether `value` is one that `ty` accepts, as far as the IR tells
/// (formats, patterns and lengths aside; unknown properties allowed, since
/// the IR does not say where `additionalProperties: false`): enough to
/// tell a union's members apart.
fn fits(api: &Api, value: &Value, ty: &TypeRef, depth: usize) -> bool {
    if depth > 2 * MAX_DEPTH {
        return true;
    }
    match ty {
        TypeRef::String | TypeRef::Format(_) => value.is_string(),
        TypeRef::Bool => value.is_boolean(),
        TypeRef::Integer(_) => value.is_i64() || value.is_u64(),
        TypeRef::Float(_) => value.is_number(),
        TypeRef::Json => true,
        TypeRef::Bytes => value.is_array() || value.is_string(),
        TypeRef::Nullable(inner) => value.is_null() || fits(api, value, inner, depth),
        TypeRef::Array(inner) => value
            .as_array()
            .is_some_and(|items| items.iter().all(|v| fits(api, v, inner, depth + 1))),
        TypeRef::Map(inner) => value
            .as_object()
            .is_some_and(|object| object.values().all(|v| fits(api, v, inner, depth + 1))),
        TypeRef::Tuple(types) => value.as_array().is_some_and(|items| {
            items.len() == types.len()
                && items
                    .iter()
                    .zip(types)
                    .all(|(v, t)| fits(api, v, t, depth + 1))
        }),
        TypeRef::Named(id) => match &api[id].kind {
            TypeKind::Struct(s) => value.as_object().is_some_and(|object| {
                s.fields.iter().all(|f| match object.get(&f.wire_name) {
                    None => !f.required,
                    Some(Value::Null) if f.nullable => true,
                    Some(v) => fits(api, v, &f.ty, depth + 1),
                })
            }),
            TypeKind::Enum(e) => e.variants.iter().any(|v| match &v.wire {
                crate::ir::EnumValue::String(s) => value.as_str() == Some(s),
                crate::ir::EnumValue::Integer(n) => value.as_i64().map(i128::from) == Some(*n),
            }),
            TypeKind::Const(c) => *value == c.value,
            TypeKind::Union(u) => u
                .variants
                .iter()
                .any(|v| fits(api, value, &v.ty, depth + 1)),
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => fits(api, value, inner, depth),
        },
    }
}

/// The whole `tests/contract.rs`.
pub fn contract_rs(api: &Api, lib_name: &str) -> TokenStream {
    let lib = quote::format_ident!("{}", lib_name);
    let client = quote::format_ident!("{}", client_alias(api).unwrap_or_else(|| "Client".into()));
    let credentials = api.security.iter().map(|scheme| {
        let setter = scheme.setter.to_ident();
        if scheme.kind == SecurityKind::Basic {
            quote!(.#setter("contract-user", "contract-password"))
        } else {
            quote!(.#setter("contract-dummy-credential"))
        }
    });
    let client_params = api.client_params.iter().map(|c| {
        let setter = c.setter.to_ident();
        quote!(.#setter("contract-sample"))
    });
    let mut calls = Vec::new();
    for op in &api.operations {
        let op_id = &op.operation_id;
        let group = api.groups[op.group.0].accessor.to_ident();
        let name = op.name.to_ident();
        let args = contract_argument(api, op);
        let documented: Vec<TokenStream> = op
            .responses
            .iter()
            .map(|r| match r.status {
                Status::Code(c) => quote!(Documented::Code(#c)),
                Status::Range(d) => quote!(Documented::Range(#d)),
                Status::Default => quote!(Documented::Default),
            })
            .collect();
        let allow = op.deprecated.then(|| quote!(#[allow(deprecated)]));
        calls.push(quote! {
            {
                #allow
                let result = client.#group().#name(#(#args),*).await;
                report.record(#op_id, verdict(result, &[#(#documented),*]));
            }
        });
    }
    quote! {
        //! Contract test: every operation called once against the server in
        //! `CONTRACT_BASE_URL` (a validating mock such as Stoplight Prism:
        //! `prism mock <spec> -p 4010`, then
        //! `CONTRACT_BASE_URL=http://127.0.0.1:4010 cargo test --test contract -- --nocapture`).
        //! A call passes when the response decodes into the operation's typed
        //! result, or into its typed `Error::Api` at a documented status; a
        //! mock's own validation error (Prism's `sl-violations` header or
        //! problem+json type) fails with the mock's reason.
        #![allow(unused_imports, dead_code, clippy::all)]

        use #lib::{#client, Error, RetryPolicy};

        /// Where the spec documents a status.
        enum Documented {
            Code(u16),
            Range(u16),
            Default,
        }

        enum Verdict {
            /// Accepted and decoded (a typed result, or a typed error of a
            /// documented status).
            Decoded,
            /// Accepted, but the response did not decode.
            Undecoded(String),
            /// The mock refused the request.
            Rejected(String),
            /// No answer, or refused by the client itself.
            Failed(String),
        }

        /// The mock's reason, when the response is its own validation error
        /// of the request: its violations (from [`mock_violations`]) name
        /// the request, or the body is one of its error types.
        fn violation(violations: Option<&str>, body: &str) -> Option<String> {
            if let Some(v) = violations.filter(|v| about_request(v)) {
                return Some(v.to_owned());
            }
            body.contains("stoplight.io/prism/errors#")
                .then(|| body.chars().take(600).collect())
        }

        /// Prism's `sl-violations` header: what it found wrong with the
        /// request, and with the response it made up itself.
        fn mock_violations(headers: &::reqwest::header::HeaderMap) -> Option<String> {
            headers
                .get("sl-violations")
                .map(|v| v.to_str().unwrap_or("sl-violations").to_owned())
        }

        /// Whether some violation is the request's: each names its location,
        /// `["request", ...]` or `["response", ...]` (a long list is cut
        /// short after "Too many violations!", so it is searched as text).
        fn about_request(violations: &str) -> bool {
            violations.contains(r#""location":["request""#)
        }

        fn verdict<T, E: ::std::fmt::Debug>(
            result: ::std::result::Result<T, Error<E>>,
            documented: &[Documented],
        ) -> Verdict {
            match result {
                Ok(_) => Verdict::Decoded,
                Err(Error::Api(e)) => {
                    let body = format!("{:?}", e.body);
                    if let Some(reason) = violation(mock_violations(&e.headers).as_deref(), &body) {
                        return Verdict::Rejected(format!("{}: {reason}", e.status));
                    }
                    let code = e.status.as_u16();
                    let known = documented.iter().any(|d| match d {
                        Documented::Code(c) => *c == code,
                        Documented::Range(r) => *r == code / 100,
                        Documented::Default => true,
                    });
                    if known {
                        Verdict::Decoded
                    } else {
                        Verdict::Undecoded(format!("undocumented status {}", e.status))
                    }
                }
                Err(Error::UnexpectedResponse { status, headers, body, reason, .. }) => {
                    let own = mock_violations(&headers);
                    match (violation(own.as_deref(), &body), own) {
                        (Some(v), _) => Verdict::Rejected(format!("{status}: {v}")),
                        (None, Some(own)) => Verdict::Undecoded(format!(
                            "{status}: {reason}; the mock's own response violates the spec: {own}"
                        )),
                        (None, None) => Verdict::Undecoded(format!("{status}: {reason}")),
                    }
                }
                Err(other) => Verdict::Failed(other.to_string()),
            }
        }

        #[derive(Default)]
        struct Report {
            called: usize,
            accepted: usize,
            decoded: usize,
            failures: Vec<String>,
        }

        impl Report {
            fn record(&mut self, op: &str, verdict: Verdict) {
                self.called += 1;
                match verdict {
                    Verdict::Decoded => {
                        self.accepted += 1;
                        self.decoded += 1;
                    }
                    Verdict::Undecoded(why) => {
                        self.accepted += 1;
                        self.failures.push(format!("{op}: accepted, not decoded: {why}"));
                    }
                    Verdict::Rejected(why) => self.failures.push(format!("{op}: rejected: {why}")),
                    Verdict::Failed(why) => self.failures.push(format!("{op}: failed: {why}")),
                }
            }
        }

        /// A JSON value as the argument's type; the values come from the
        /// spec's schemas.
        fn value<T: ::serde::de::DeserializeOwned>(json: &str) -> T {
            ::serde_json::from_str(json).expect("the generator's sample fits its own type")
        }

        #[test]
        fn every_operation_against_contract_base_url() {
            let Ok(base_url) = ::std::env::var("CONTRACT_BASE_URL") else {
                eprintln!("contract test skipped: set CONTRACT_BASE_URL to a mock or staging server");
                return;
            };
            // One future awaits every operation in turn: with hundreds of
            // them its frame outgrows a test thread's stack in debug builds.
            let worker = ::std::thread::Builder::new()
                .stack_size(256 << 20)
                .spawn(move || {
                    ::tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("a runtime")
                        .block_on(every_operation(base_url))
                })
                .expect("a thread");
            if let Err(panic) = worker.join() {
                ::std::panic::resume_unwind(panic);
            }
        }

        async fn every_operation(base_url: String) {
            let client = #client::builder()
                .base_url(base_url)
                #(#credentials)*
                #(#client_params)*
                .retry(RetryPolicy::none())
                .build()
                .expect("client builds");
            let mut report = Report::default();
            #(#calls)*
            eprintln!(
                "CONTRACT called={} accepted={} decoded={}",
                report.called, report.accepted, report.decoded
            );
            for failure in &report.failures {
                eprintln!("  {failure}");
            }
            assert!(report.failures.is_empty(), "{} operation(s) failed", report.failures.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec of nothing but these component schemas (YAML, indented as
    /// under `schemas:`), lowered.
    fn lower_schemas(schemas: &str) -> Api {
        let yaml = format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n\
             components:\n  schemas:\n{schemas}"
        );
        crate::lower::lower_text(&yaml, true).expect("lowers")
    }

    fn sample_of(api: &Api, name: &str) -> Value {
        let id = api
            .types
            .iter()
            .position(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"));
        sample(api, &TypeRef::Named(crate::ir::TypeId(id)), 0)
    }

    #[test]
    fn a_union_samples_its_plain_string_member_first() {
        let api = lower_schemas(
            "    IdOrName:
      oneOf: [{type: integer}, {type: string}]
    Shape:
      oneOf: [{type: integer}, {type: boolean}]
",
        );
        assert_eq!(sample_of(&api, "IdOrName"), json!("string"));
        assert_eq!(sample_of(&api, "Shape"), json!(1));
    }

    #[test]
    fn a_union_sample_fits_exactly_one_member() {
        let api = lower_schemas(
            "    FreeForm: {type: object, additionalProperties: true}
    WithUnion:
      type: object
      properties: {a: {type: string}}
    Models:
      oneOf:
        - $ref: '#/components/schemas/FreeForm'
        - $ref: '#/components/schemas/WithUnion'
        - {}
    NullableModels:
      oneOf:
        - $ref: '#/components/schemas/FreeForm'
        - $ref: '#/components/schemas/WithUnion'
        - type: 'null'
    Holder:
      type: object
      required: [models, nullable, copy]
      properties:
        models: {$ref: '#/components/schemas/Models'}
        nullable: {$ref: '#/components/schemas/NullableModels'}
        # An inline copy: lowered as an alias of NullableModels.
        copy:
          oneOf:
            - $ref: '#/components/schemas/FreeForm'
            - $ref: '#/components/schemas/WithUnion'
            - type: 'null'
    Pets:
      oneOf:
        - {type: object, required: [bark], properties: {bark: {type: boolean}}}
        - {type: object, required: [meow], properties: {meow: {type: boolean}}}
",
        );
        // Every object fits the first two members: only a non-object, for
        // the member that takes anything, fits exactly one; `null` for the
        // nullable one.
        assert_eq!(
            sample_of(&api, "Holder"),
            json!({"models": "string", "nullable": null, "copy": null})
        );
        // Members that differ: the first one's sample.
        assert_eq!(sample_of(&api, "Pets"), json!({"bark": true}));
    }

    #[test]
    fn an_object_that_needs_one_of_its_properties_gets_the_first() {
        let api = lower_schemas(
            "    Update:
      type: object
      properties:
        name: {type: string}
        size: {type: integer}
        id: {type: integer}
      required: [id]
      anyOf:
        - required: [size]
        - required: [name]
    Pet:
      type: object
      properties:
        id: {type: integer}
      oneOf:
        - required: [id]
        - $ref: '#/components/schemas/Update'
",
        );
        assert_eq!(sample_of(&api, "Update"), json!({"size": 1, "id": 1}));
        // A member that is a whole schema: not a list of required names.
        assert_eq!(sample_of(&api, "Pet"), json!({}));
    }
}
