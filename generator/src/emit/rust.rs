//! Small helpers to spell Rust: identifiers, type references, doc attributes.

use std::borrow::Cow;

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
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
    let mut out = TokenStream::new();
    for line in text.lines() {
        // rustc refuses a bare CR or a text-direction control in a `///`
        // comment, and clippy a tab.
        let untabbed = if line.contains('\t') {
            Cow::Owned(line.replace('\t', "    "))
        } else {
            Cow::Borrowed(line)
        };
        let line = crate::docs::escape_invisible(&untabbed);
        out.extend(doc_attr(&line));
    }
    out
}

/// `#[doc = " line"]` for one line of docs (a leading space keeps `///`
/// comments readable), which prettyplease prints as `/// line`.
fn doc_attr(line: &str) -> [TokenTree; 2] {
    let meta = [
        TokenTree::Ident(Ident::new("doc", Span::call_site())),
        TokenTree::Punct(Punct::new('=', Spacing::Alone)),
        TokenTree::Literal(doc_literal(line)),
    ];
    [
        TokenTree::Punct(Punct::new('#', Spacing::Alone)),
        TokenTree::Group(Group::new(Delimiter::Bracket, meta.into_iter().collect())),
    ]
}

/// The string literal of a doc line, with the leading space. A raw string
/// when one can hold it: a `///` comment shows the same text, but a raw
/// literal is copied where a quoted one is escaped here and unescaped by
/// syn (twice: once to parse it, once when prettyplease reads it).
fn doc_literal(line: &str) -> Literal {
    if line.is_empty() {
        return Literal::string("");
    }
    // The fewest `#`s such that no `"` followed by them ends the literal
    // early.
    let mut hashes = String::new();
    if line.contains('"') {
        hashes.push('#');
        while line.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
    }
    let raw = format!("r{hashes}\" {line}\"{hashes}");
    // A bare CR cannot be in a raw string; none is left after
    // `escape_invisible`, but the quoted form takes anything.
    raw.parse()
        .unwrap_or_else(|_| Literal::string(&format!(" {line}")))
}

/// The generated crate's root path, from the path prefix of its models:
/// `kombo::` for `kombo::models::`, `crate::` inside the crate (where the
/// prefix is `crate::models::`, or empty inside the models module), and
/// nothing for a bare `models::` (doc examples, which `use` the crate's
/// root types they name).
pub fn crate_root(models: &TokenStream) -> TokenStream {
    let mut tokens: Vec<TokenTree> = models.clone().into_iter().collect();
    if tokens.is_empty() {
        return quote!(crate::);
    }
    let ends_in_models = matches!(
        tokens.as_slice(),
        [.., TokenTree::Ident(m), TokenTree::Punct(a), TokenTree::Punct(b)]
            if m == "models" && a.as_char() == ':' && b.as_char() == ':'
    );
    if ends_in_models {
        tokens.truncate(tokens.len() - 3);
    }
    tokens.into_iter().collect()
}

/// The Rust type for a type reference, with fully qualified std paths so
/// that a spec type named `Option` or `String` cannot shadow them.
/// `models` is the path prefix of generated types (`crate::models::`, or
/// empty inside the models module).
pub fn type_tokens(api: &Api, ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = api[id].name.to_ident();
            quote!(#models #name)
        }
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Format(format) => {
            let root = crate_root(models);
            let name = ident(format.type_name());
            quote!(#root #name)
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Doc lines as quoted literals, the way they were spelled before raw
    /// ones.
    fn quoted_doc_lines(text: &str) -> TokenStream {
        let lines = text.lines().map(|line| {
            let line = crate::docs::escape_invisible(&line.replace('\t', "    ")).into_owned();
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            quote!(#[doc = #line])
        });
        quote!(#(#lines)*)
    }

    #[test]
    fn the_crate_root_is_the_models_prefix_without_models() {
        let root = |models: TokenStream| crate_root(&models).to_string();
        assert_eq!(root(quote!(kombo::models::)), quote!(kombo::).to_string());
        assert_eq!(root(quote!(crate::models::)), quote!(crate::).to_string());
        assert_eq!(root(quote!()), quote!(crate::).to_string());
        assert_eq!(root(quote!(models::)), String::new());
    }

    fn formatted(docs: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(quote!(#docs pub struct A;)).unwrap())
    }

    #[test]
    fn raw_doc_literals_print_as_quoted_ones() {
        for text in [
            "plain words",
            "with \"quotes\" inside",
            "ends with \"#",
            "\"## and \"# and \"",
            "r#\"raw\"# in text",
            "",
            "a\ttab\r\nCRLF and a bare \r CR",
            "bidi \u{202E} control, \u{0} NUL, \u{1b} escape",
            "back\\slash \\n and \\\" escaped",
            "line one\n\nline three\n",
            "/ a slash first, // two",
            "trailing spaces   ",
            "unicode: é ß 漢字 🦀",
        ] {
            assert_eq!(
                formatted(doc_lines(text)),
                formatted(quoted_doc_lines(text)),
                "{text:?}"
            );
        }
    }
}
