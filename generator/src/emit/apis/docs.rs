//! The rustdoc of an operation method: summary, description, arguments,
//! responses, limitations and a compiled example call.

use proc_macro2::TokenStream;
use quote::quote;

use super::params::{Write, by_reference, is_positional, write_of};
use crate::docs::code_span;
use crate::emit::client::client_alias;
use crate::emit::rust::doc_attrs;
use crate::emit::value::{example_type, expected};
use crate::ir::{
    Api, Example, ExampleCheck, Operation, ParamLocation, SecurityKind, TypeKind, TypeRef,
};

pub(super) fn operation_docs(api: &Api, op: &Operation, lib_name: &str) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(summary);
        text.push_str("\n\n");
    }
    if let Some(note) = &op.deprecation_note {
        text.push_str(&format!("**Deprecated:** {note}"));
        let replacement = op
            .replaced_by
            .as_ref()
            .and_then(|id| api.operations.iter().find(|o| &o.operation_id == id));
        if let Some(new) = replacement {
            let group = &api.groups[new.group.0];
            let path = format!("crate::apis::{}::{}", group.struct_name, new.name.bare());
            text.push_str(&format!(
                " In this client: [`{}().{}`]({path}).",
                group.accessor.bare(),
                new.name.bare()
            ));
        }
        text.push_str("\n\n");
    }
    if let Some(description) = &op.description {
        if op.summary.as_deref() != Some(description.as_str()) {
            text.push_str(description);
            text.push_str("\n\n");
        }
    }
    text.push_str(&format!(
        "{} (operation {})",
        code_span(&format!("{} {}", op.method, op.path)),
        code_span(&op.operation_id)
    ));
    let params: Vec<String> = op
        .params
        .iter()
        .filter(|p| write_of(api, p) != Write::Fixed)
        .map(|p| {
            let docs = p
                .docs
                .as_deref()
                .map(|d| format!(": {}", d.replace('\n', " ")))
                .unwrap_or_default();
            let how = if is_positional(api, p) {
                String::new()
            } else if p.client_wide {
                format!(
                    " (set once with the client builder's setter, or per call with `.{}(..)`)",
                    p.name.bare()
                )
            } else {
                format!(" (optional: `.{}(..)`)", p.name.bare())
            };
            format!(
                "- `{}`: {} parameter {}{how}{docs}",
                p.name.bare(),
                location_name(p.location),
                code_span(&p.wire_name)
            )
        })
        .collect();
    let fixed: Vec<String> = op
        .params
        .iter()
        .filter(|p| write_of(api, p) == Write::Fixed)
        .filter_map(|p| {
            let TypeRef::Named(id) = api.resolve_alias(&p.ty) else {
                return None;
            };
            let TypeKind::Const(c) = &api[id].kind else {
                return None;
            };
            Some(format!(
                "{} parameter {} = {}",
                location_name(p.location),
                code_span(&p.wire_name),
                code_span(&c.text())
            ))
        })
        .collect();
    if !fixed.is_empty() {
        text.push_str(&format!(
            "\n\nAlways sends {}: the spec allows no other value.",
            fixed.join(", ")
        ));
    }
    if !params.is_empty() {
        text.push_str("\n\n# Arguments\n\n");
        text.push_str(&params.join("\n"));
        if let Some(body) = &op.body {
            text.push_str(&format!(
                "\n- `body`: the request body ({}){}",
                code_span(&body.media_type),
                if body.required {
                    ""
                } else {
                    " (optional: `.body(..)`)"
                }
            ));
        }
    }
    if !op.response_notes.is_empty() {
        text.push_str("\n\n# Responses\n\n");
        let items: Vec<String> = op.response_notes.iter().map(|l| format!("- {l}")).collect();
        text.push_str(&items.join("\n"));
    }
    if !op.limitations.is_empty() {
        text.push_str("\n\n# Limitations\n\n");
        let items: Vec<String> = op.limitations.iter().map(|l| format!("- {l}")).collect();
        text.push_str(&items.join("\n"));
    }
    text.push_str("\n\n# Example\n\n");
    text.push_str(&doc_example(api, op, lib_name));
    let attrs = doc_attrs(Some(&text));
    quote!(#attrs)
}

pub(super) fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// A compiled (`no_run`) example of calling the operation.
pub(super) fn doc_example(api: &Api, op: &Operation, lib_name: &str) -> String {
    let mut setup = Vec::new();
    let mut args = Vec::new();
    let mut uses_models = false;
    for p in op.params.iter().filter(|p| is_positional(api, p)) {
        let placeholder = match api.resolve_alias(&p.ty) {
            // A Rust string literal, whatever the name holds.
            TypeRef::String => format!("{:?}", format!("<{}>", p.wire_name)),
            // Its text; a `chrono` value converts too.
            TypeRef::Format(format) => format!("{:?}", format.sample()),
            TypeRef::Integer(_) => "1".to_string(),
            TypeRef::Float(_) => "1.0".to_string(),
            TypeRef::Bool => "true".to_string(),
            _ => {
                // A value valid for the type (an enum's first member...),
                // spelled as code spells it: `r#type`, not `type`.
                let value = p
                    .sample
                    .clone()
                    .unwrap_or_else(|| crate::emit::contract::sample(api, &p.ty, 0));
                match typed_let(api, &p.name.to_string(), &p.ty, &value) {
                    Some(line) => {
                        uses_models |= line.contains("models::");
                        setup.push(line);
                    }
                    None => setup.push(format!("# let {} = unimplemented!();", p.name)),
                }
                match by_reference(api, p) {
                    true => format!("&{}", p.name),
                    false => p.name.to_string(),
                }
            }
        };
        args.push(placeholder);
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let from_spec = example_body(api, op, &body.ty);
        uses_models |= from_spec.as_ref().is_some_and(|l| l.contains("models::"));
        setup.push(from_spec.unwrap_or_else(|| match &body.ty {
            TypeRef::Named(id) => format!(
                "let body: {lib_name}::models::{} = serde_json::from_str(\"{{}}\")?; // your request body",
                api[id].name
            ),
            TypeRef::Json => {
                "let body: serde_json::Value = serde_json::from_str(\"{}\")?; // your request body"
                    .to_string()
            }
            TypeRef::String => "let body = String::new(); // your request body".to_string(),
            TypeRef::Format(format) => format!(
                "let body = {lib_name}::{}::from({:?}); // your request body",
                format.type_name(),
                format.sample()
            ),
            TypeRef::Bytes => "let body: Vec<u8> = Vec::new(); // your request body".to_string(),
            _ => "let body = Default::default(); // your request body".to_string(),
        }));
        args.push("&body".to_string());
    }
    // An optional body is shown where the spec gives an example of it.
    let mut setters = String::new();
    if let Some(body) = op.body.as_ref().filter(|b| !b.required)
        && let Some(from_spec) = example_body(api, op, &body.ty)
    {
        uses_models |= from_spec.contains("models::");
        setup.push(from_spec);
        setters.push_str(".body(&body)");
    }
    // Typed formats are spelled bare (`DateTime::from(..)`): imported from
    // the crate's root.
    let formats: Vec<&str> = api
        .formats
        .iter()
        .map(|f| f.type_name())
        .filter(|name| setup.iter().any(|line| mentions(line, name)))
        .collect();
    match formats.as_slice() {
        [] => {}
        [one] => setup.insert(0, format!("use {lib_name}::{one};")),
        many => setup.insert(0, format!("use {lib_name}::{{{}}};", many.join(", "))),
    }
    if uses_models {
        setup.insert(0, format!("use {lib_name}::models;"));
    }
    // Client-wide parameters the operation takes are set on the client.
    let client_settings: String = api
        .client_params
        .iter()
        .filter(|c| {
            op.params
                .iter()
                .any(|p| p.client_wide && p.wire_name.eq_ignore_ascii_case(&c.wire_name))
        })
        .map(|c| format!("\n    .{}({:?})", c.setter, format!("<{}>", c.wire_name)))
        .collect();
    let client = client_alias(api).unwrap_or_else(|| "Client".to_string());
    let credentials: String = op
        .security
        .first()
        .into_iter()
        .flat_map(|r| &r.schemes)
        .filter_map(|key| api.security.iter().find(|s| &s.key == key))
        .map(|scheme| {
            let var = scheme.setter.bare().to_ascii_uppercase();
            if scheme.kind == SecurityKind::Basic {
                format!(
                    "\n    .{}(std::env::var(\"{var}_USER\")?, std::env::var(\"{var}_PASSWORD\")?)",
                    scheme.setter.as_str()
                )
            } else {
                format!(
                    "\n    .{}(std::env::var(\"{var}\")?)",
                    scheme.setter.as_str()
                )
            }
        })
        .collect();
    let deprecated_allow = if op.deprecated {
        "# #![allow(deprecated)]\n"
    } else {
        ""
    };
    format!(
        "```no_run\n{deprecated_allow}# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\nlet client = {lib_name}::{client}::builder(){credentials}{client_settings}\n    .build()?;\n{}{}let response = client.{}().{}({}){setters}.await?;\nprintln!(\"{{response:?}}\");\n# Ok(())\n# }}\n```",
        setup.join("\n"),
        if setup.is_empty() { "" } else { "\n" },
        api.groups[op.group.0].accessor,
        op.name,
        args.join(", ")
    )
}

/// `let body = ...;` spelled from the spec's first example of the request
/// body (the media type's, else the body schema's) as a typed Rust value, as
/// the example tests spell it; `None` when the spec has no example that
/// fits the body's type.
fn example_body(api: &Api, op: &Operation, ty: &TypeRef) -> Option<String> {
    // The media type's examples, else the body schema's own.
    let places = [
        Some(format!("{}/requestBody/", op.origin)),
        match ty {
            TypeRef::Named(id) => Some(format!("{}/example", api[id].origin)),
            _ => None,
        },
    ];
    let example = places.iter().flatten().find_map(|place| {
        api.examples.iter().find(|e| {
            e.origin.starts_with(place.as_str()) && &e.ty == ty && !e.nullable && e.check.reads()
        })
    })?;
    typed_let(api, "body", ty, e_written(example))
}

/// Whether `line` names `name` as a path of its own (not `models::Date`,
/// not `DateTimes`).
fn mentions(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + name.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// `let name = value;`, the value spelled as a typed Rust value as the
/// example tests spell it (models as `models::X`), formatted; `None` when
/// the value does not fit the type.
fn typed_let(api: &Api, name: &str, ty: &TypeRef, value: &serde_json::Value) -> Option<String> {
    let models = quote!(models::);
    let expr = expected(api, ty, value, &models)?;
    let ty = example_type(api, ty, false, &models);
    let name: TokenStream = name.parse().ok()?;
    // A struct or enum value says its type; anything else gets it spelled.
    let typed = match expr.to_string().starts_with(&ty.to_string()) {
        true => quote!(let #name = #expr;),
        false => quote!(let #name: #ty = #expr;),
    };
    let file: syn::File = syn::parse2(quote! {
        fn example() {
            #typed
        }
    })
    .ok()?;
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    // Between `fn example() {` and `}`, one level less indented.
    let inner = lines.get(1..lines.len().checked_sub(1)?)?;
    let body = inner
        .iter()
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    // The prelude's names read better than the paths the tests spell.
    Some(
        body.replace("::std::option::Option::Some(", "Some(")
            .replace("::std::option::Option::None", "None")
            .replace("::std::string::String::from(", "String::from(")
            .replace("::std::vec::Vec::new()", "Vec::new()")
            .replace("::std::vec::Vec<", "Vec<")
            .replace("::std::collections::", "std::collections::")
            .replace("::std::vec!", "vec!"),
    )
}

/// The JSON an example's typed value writes back: the example itself, or
/// what the types keep of it.
fn e_written(example: &Example) -> &serde_json::Value {
    match &example.check {
        ExampleCheck::Changes { back, .. } => back,
        _ => &example.value,
    }
}
