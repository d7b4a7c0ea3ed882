//! Small helpers to spell Rust: identifiers, type references, doc attributes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, FloatKind, IntKind, TypeRef};

/// An identifier, raw (`r#type`) if the name says so.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "..."]` lines for optional markdown, each line its own attribute
/// so that prettyplease prints them as `///` comments.
pub fn doc_attrs(docs: Option<&str>) -> TokenStream {
    match docs {
        Some(text) => doc_lines(text),
        None => TokenStream::new(),
    }
}

/// `#[doc = "..."]` lines for markdown text.
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        // rustc refuses a bare CR or a text-direction control in a `///`
        // comment, and clippy a tab.
        let line = crate::docs::escape_invisible(&line.replace('\t', "    ")).into_owned();
        // A leading space keeps `///` comments readable.
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// The Rust type for a type reference, with fully qualified std paths so
/// that a spec type named `Option` or `String` cannot shadow them.
/// `models` is the path prefix of generated types (`crate::models::`, or
/// empty inside the models module).
pub fn type_tokens(api: &Api, ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = ident(&api.types[id.0].name);
            quote!(#models #name)
        }
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer(kind) => int_tokens(*kind),
        TypeRef::Float(FloatKind::F32) => quote!(f32),
        TypeRef::Float(FloatKind::F64) => quote!(f64),
        TypeRef::Array(inner) => {
            let inner = type_tokens(api, inner, models);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(api, inner, models);
            quote!(::std::option::Option<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(api, inner, models);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(|t| type_tokens(api, t, models));
            quote!((#(#items,)*))
        }
        TypeRef::Bytes => quote!(::std::vec::Vec<u8>),
        TypeRef::Json => quote!(::serde_json::Value),
    }
}

/// The Rust integer type of an integer kind.
pub fn type_tokens_int(kind: IntKind) -> TokenStream {
    int_tokens(kind)
}

fn int_tokens(kind: IntKind) -> TokenStream {
    match kind {
        IntKind::I8 => quote!(i8),
        IntKind::I16 => quote!(i16),
        IntKind::I32 => quote!(i32),
        IntKind::I64 => quote!(i64),
        IntKind::U8 => quote!(u8),
        IntKind::U16 => quote!(u16),
        IntKind::U32 => quote!(u32),
        IntKind::U64 => quote!(u64),
    }
}
