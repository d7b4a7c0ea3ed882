//! The parameters of an operation method: their argument types, how each
//! value is written into the path, query, headers or cookies.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::models;
use crate::emit::rust::type_tokens;
use crate::ir::{Api, Operation, Param, ParamLocation, ParamStyle, TypeKind, TypeRef};

/// How a parameter's value is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Write {
    /// A string, number, boolean or enum: its `Display` text.
    Text,
    /// Anything else: through `crate::runtime`, as its style says.
    Styled,
    /// A required constant: not an argument; its only value is sent.
    Fixed,
}

pub(super) fn write_of(api: &Api, p: &Param) -> Write {
    let resolved = api.resolve_alias(&p.ty);
    let named = |id: &crate::ir::TypeId| &api[id].kind;
    match resolved {
        TypeRef::Named(id) if p.required && matches!(named(id), TypeKind::Const(_)) => Write::Fixed,
        _ if p.style == ParamStyle::Json => Write::Styled,
        TypeRef::String
        | TypeRef::Format(_)
        | TypeRef::Integer(_)
        | TypeRef::Float(_)
        | TypeRef::Bool => match p.style {
            ParamStyle::Label | ParamStyle::Matrix => Write::Styled,
            _ => Write::Text,
        },
        TypeRef::Named(id) if matches!(named(id), TypeKind::Enum(_)) => match p.style {
            ParamStyle::Label | ParamStyle::Matrix => Write::Styled,
            _ => Write::Text,
        },
        _ => Write::Styled,
    }
}

/// Whether a parameter is an argument of the operation's method; the
/// others (optional and client-wide ones) are setters of its request.
pub(super) fn is_positional(api: &Api, p: &Param) -> bool {
    p.required && !p.client_wide && write_of(api, p) != Write::Fixed
}

/// Whether a parameter's argument and setter take anything that converts
/// into its type: a typed format (`DateTime` from a `chrono` date-time or
/// from text).
pub(super) fn takes_into(api: &Api, p: &Param) -> bool {
    matches!(api.resolve_alias(&p.ty), TypeRef::Format(_))
}

/// Whether a parameter is passed by reference (`&str`, `&[T]`, `&T`).
pub(super) fn by_reference(api: &Api, p: &Param) -> bool {
    match api.resolve_alias(&p.ty) {
        TypeRef::String
        | TypeRef::Array(_)
        | TypeRef::Map(_)
        | TypeRef::Tuple(_)
        | TypeRef::Json
        | TypeRef::Bytes => true,
        TypeRef::Named(id) => matches!(
            api[id].kind,
            TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Newtype(_)
        ),
        _ => false,
    }
}

/// The argument type of a parameter: `&str` for strings, a slice for
/// arrays, a reference for structured values, the value otherwise.
pub(super) fn param_type(api: &Api, p: &Param) -> TokenStream {
    let ty = match api.resolve_alias(&p.ty) {
        TypeRef::String => quote!(&'a str),
        TypeRef::Array(inner) => {
            let inner = type_tokens(api, inner, &models());
            quote!(&'a [#inner])
        }
        other if by_reference(api, p) => {
            let ty = type_tokens(api, other, &models());
            quote!(&'a #ty)
        }
        other => type_tokens(api, other, &models()),
    };
    if p.required {
        ty
    } else {
        quote!(::std::option::Option<#ty>)
    }
}

pub(super) fn style_tokens(style: ParamStyle) -> TokenStream {
    let variant = match style {
        ParamStyle::Form => quote!(Form),
        ParamStyle::Simple => quote!(Simple),
        ParamStyle::Label => quote!(Label),
        ParamStyle::Matrix => quote!(Matrix),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
        ParamStyle::Json => quote!(Json),
    };
    quote!(crate::runtime::Style::#variant)
}

/// The statements that add one query, header or cookie parameter to
/// `request`, given its value in `value`.
pub(super) fn add_param(api: &Api, p: &Param, write: Write) -> TokenStream {
    let wire = &p.wire_name;
    let style = style_tokens(p.style);
    let explode = p.explode;
    // `value` is a reference already when the argument is one.
    let value_ref = if by_reference(api, p) {
        quote!(value)
    } else {
        quote!(&value)
    };
    match (p.location, write) {
        (ParamLocation::Path, _) => quote!(),
        (ParamLocation::Query, Write::Text) => {
            let text = param_value(api.resolve_alias(&p.ty), quote!(value));
            quote!(request.query(#wire, #text);)
        }
        (ParamLocation::Header, Write::Text) => {
            let text = param_value(api.resolve_alias(&p.ty), quote!(value));
            quote!(request.header(#wire, #text);)
        }
        (ParamLocation::Cookie, Write::Text) => match api.resolve_alias(&p.ty) {
            TypeRef::String => quote!(request.cookie(#wire, value);),
            ty => {
                let text = param_value(ty, quote!(value));
                quote!(request.cookie(#wire, &#text);)
            }
        },
        (ParamLocation::Query, _) => quote! {
            for (key, text) in crate::runtime::query_pairs(#wire, #value_ref, #style, #explode) {
                request.query(&key, text);
            }
        },
        (ParamLocation::Header, _) => {
            quote!(request.header(#wire, crate::runtime::header(#value_ref, #style, #explode));)
        }
        (ParamLocation::Cookie, _) => quote! {
            for (key, text) in crate::runtime::query_pairs(#wire, #value_ref, #style, #explode) {
                request.cookie(&key, &text);
            }
        },
    }
}

/// The value of a fixed (constant) parameter.
pub(super) fn fixed_value(api: &Api, p: &Param) -> TokenStream {
    let ty = type_tokens(api, api.resolve_alias(&p.ty), &models());
    quote!(<#ty as ::std::default::Default>::default())
}

/// How a parameter value becomes its wire text.
pub(super) fn param_value(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::ToString::to_string(#value)),
        _ => quote!(::std::string::ToString::to_string(&#value)),
    }
}

/// Appends literal path text (a `char` when it is one, as clippy prefers).
pub(super) fn push_literal(literal: &str) -> Option<TokenStream> {
    let mut chars = literal.chars();
    match (chars.next(), chars.next()) {
        (None, _) => None,
        (Some(c), None) => Some(quote!(path.push(#c);)),
        _ => Some(quote!(path.push_str(#literal);)),
    }
}

/// Builds the request path from the template, each path parameter
/// percent-encoded as one segment.
pub(super) fn path_building(api: &Api, op: &Operation) -> TokenStream {
    let mut pushes = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        pushes.extend(push_literal(&rest[..open]));
        let wire = &rest[open + 1..close];
        let param = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == wire);
        let value = match param {
            Some(p) => {
                let arg = p.name.to_ident();
                match write_of(api, p) {
                    Write::Text => match api.resolve_alias(&p.ty) {
                        TypeRef::String => quote!(&crate::runtime::encode_path(#arg)),
                        _ => quote! {
                            &crate::runtime::encode_path(&::std::string::ToString::to_string(&#arg))
                        },
                    },
                    write => {
                        let value = match write {
                            Write::Fixed => {
                                let value = fixed_value(api, p);
                                quote!(&#value)
                            }
                            _ if by_reference(api, p) => quote!(#arg),
                            _ => quote!(&#arg),
                        };
                        let style = style_tokens(p.style);
                        let explode = p.explode;
                        quote!(&crate::runtime::path(#wire, #value, #style, #explode))
                    }
                }
            }
            // A template variable with no parameter: keep it literally.
            None => {
                let text = format!("{{{wire}}}");
                quote!(&crate::runtime::encode_path(#text))
            }
        };
        pushes.push(quote!(path.push_str(#value);));
        rest = &rest[close + 1..];
    }
    pushes.extend(push_literal(rest));
    let capacity = Literal::usize_unsuffixed(op.path.len() + 16);
    quote! {
        let mut path = ::std::string::String::with_capacity(#capacity);
        #(#pushes)*
    }
}
