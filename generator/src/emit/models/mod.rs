//! `src/models.rs`: one Rust type per IR type (structs in [`structs`]).

mod structs;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Part;
use super::features::{cfg_any, gate_items};
use super::rust::{doc_lines, type_tokens};
use crate::docs::code_span;
use crate::ir::{Api, ConstValue, Enum, EnumVariant, TypeDef, TypeKind, Union};
use crate::ir::{EnumValue, TypeId};

pub fn models_parts(api: &Api) -> Vec<Part<'_>> {
    super::item_parts(
        &api.types,
        || {
            quote! {
                //! The API's data types: every schema in the spec, and every inline
                //! schema, named from where it sits.
            }
        },
        move |start, types| {
            types
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let cfg = cfg_any(api, api.features.of(TypeId(start + i)));
                    gate_items(&cfg, type_def(api, t))
                })
                .collect()
        },
    )
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let mut docs = def.docs.clone().unwrap_or_default();
    if def.deprecated {
        docs = format!("**Deprecated.**\n\n{docs}");
    }
    let origin = format!("Spec: {}", code_span(&def.origin));
    let docs = if docs.trim().is_empty() {
        origin
    } else {
        format!("{}\n\n{origin}", docs.trim_end())
    };
    let docs = doc_lines(&docs);
    let name = def.name.to_ident();
    match &def.kind {
        TypeKind::Struct(s) => structs::struct_def(api, &name, docs, s),
        TypeKind::Enum(e) => enum_def(&name, docs, e),
        TypeKind::Const(c) => const_def(&name, docs, c),
        TypeKind::Union(u) => union_def(api, &name, docs, u),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(api, ty, &TokenStream::new());
            quote! { #docs pub type #name = #ty; }
        }
        TypeKind::Newtype(ty) => {
            let ty = type_tokens(api, ty, &TokenStream::new());
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
    }
}

/// A variant's docs: its wire value, then what the spec says of it.
fn variant_docs(v: &EnumVariant) -> TokenStream {
    let text = match &v.docs {
        Some(d) if !d.trim().is_empty() => {
            format!("{}: {}", code_span(&v.wire.to_string()), d.trim())
        }
        _ => code_span(&v.wire.to_string()),
    };
    doc_lines(&text)
}

fn enum_def(name: &proc_macro2::Ident, docs: TokenStream, e: &Enum) -> TokenStream {
    if let Some(kind) = e.integer {
        return int_enum_def(name, docs, e, kind);
    }
    let unknown = e.unknown_variant.to_ident();
    let variants = e.variants.iter().map(|v| {
        let variant = v.name.to_ident();
        let doc = variant_docs(v);
        quote!(#doc #variant,)
    });
    let to_str = e.variants.iter().map(|v| {
        let variant = v.name.to_ident();
        let wire = Literal::string(&v.wire.to_string());
        quote!(Self::#variant => #wire,)
    });
    let from_str = e.variants.iter().map(|v| {
        let variant = v.name.to_ident();
        let wire = Literal::string(&v.wire.to_string());
        quote!(#wire => Self::#variant,)
    });
    let values = e
        .variants
        .iter()
        .map(|v| Literal::string(&v.wire.to_string()));
    let open_doc = format!(
        "Values the spec does not list are kept in [`{name}::{unknown}`], so that a new\nvalue on the server never breaks a response; they are sent back unchanged."
    );
    let open_doc = doc_lines(&open_doc);
    quote! {
        #docs
        ///
        #open_doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the spec does not list, kept as sent.
            #unknown(::std::string::String),
        }

        impl #name {
            /// Every value the spec lists, in spec order.
            pub const KNOWN: &'static [&'static str] = &[#(#values),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value,
                }
            }

            /// Whether the value is one the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#unknown(_))
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(::std::string::String::from(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::#unknown(_) => Self::#unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    }
}

/// An integer enum: known values as variants, any other kept as a number.
fn int_enum_def(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    e: &Enum,
    kind: crate::ir::IntKind,
) -> TokenStream {
    let int = super::rust::type_tokens_int(kind);
    let unknown = e.unknown_variant.to_ident();
    // Lowering makes every value of an integer enum an integer.
    let integer = |v: &crate::ir::EnumVariant| match v.wire {
        EnumValue::Integer(n) => Some(n),
        EnumValue::String(_) => None,
    };
    let known: Vec<(proc_macro2::Ident, Literal)> = e
        .variants
        .iter()
        .filter_map(|v| {
            let n = integer(v)?;
            Some((v.name.to_ident(), super::value::enum_int_literal(kind, n)))
        })
        .collect();
    let variants = e.variants.iter().filter(|v| integer(v).is_some()).map(|v| {
        let variant = v.name.to_ident();
        let doc = variant_docs(v);
        quote!(#doc #variant,)
    });
    let to_int = known.iter().map(|(v, lit)| quote!(Self::#v => #lit,));
    let from_int = known.iter().map(|(v, lit)| quote!(#lit => Self::#v,));
    let values = known.iter().map(|(_, lit)| lit);
    let open_doc = doc_lines(&format!(
        "Values the spec does not list are kept in [`{name}::{unknown}`], so that a new\nvalue on the server never breaks a response; they are sent back unchanged."
    ));
    quote! {
        #docs
        ///
        #open_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the spec does not list, kept as sent.
            #unknown(#int),
        }

        impl #name {
            /// Every value the spec lists, in spec order.
            pub const KNOWN: &'static [#int] = &[#(#values),*];

            /// The wire value.
            pub fn value(self) -> #int {
                match self {
                    #(#to_int)*
                    Self::#unknown(value) => value,
                }
            }

            /// Whether the value is one the spec lists.
            pub fn is_known(self) -> bool {
                !matches!(self, Self::#unknown(_))
            }
        }

        impl ::std::convert::From<#int> for #name {
            fn from(value: #int) -> Self {
                match value {
                    #(#from_int)*
                    other => Self::#unknown(other),
                }
            }
        }

        impl ::std::convert::From<#name> for #int {
            fn from(value: #name) -> Self {
                value.value()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <#int as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    }
}

fn const_def(name: &proc_macro2::Ident, docs: TokenStream, c: &ConstValue) -> TokenStream {
    let serde_json::Value::String(wire) = &c.value else {
        return scalar_const_def(name, docs, c);
    };
    let variant = c.variant.to_ident();
    let doc = format!(" Always {}; any other value is rejected.", code_span(wire));
    let variant_doc = format!(" {}", code_span(wire));
    quote! {
        #docs
        ///
        #[doc = #doc]
        #[derive(
            Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord,
            ::serde::Serialize, ::serde::Deserialize
        )]
        pub enum #name {
            #[doc = #variant_doc]
            #[default]
            #[serde(rename = #wire)]
            #variant,
        }
    }
}

/// A boolean or numeric constant: a unit struct that serializes as the
/// value and accepts nothing else.
fn scalar_const_def(name: &proc_macro2::Ident, docs: TokenStream, c: &ConstValue) -> TokenStream {
    let text = c.text();
    let (ty, value) = match &c.value {
        serde_json::Value::Bool(b) => (quote!(bool), quote!(#b)),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => {
                let lit = Literal::i64_suffixed(i);
                (quote!(i64), quote!(#lit))
            }
            (None, Some(u), _) => {
                let lit = Literal::u64_suffixed(u);
                (quote!(u64), quote!(#lit))
            }
            (_, _, Some(f)) => {
                let lit = Literal::f64_suffixed(f);
                (quote!(f64), quote!(#lit))
            }
            _ => (quote!(f64), quote!(0.0)),
        },
        _ => (quote!(bool), quote!(true)),
    };
    let doc = format!(" Always {}; any other value is rejected.", code_span(&text));
    let expected = format!("`{text}`");
    quote! {
        #docs
        ///
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct #name;

        impl #name {
            /// The value.
            pub const VALUE: #ty = #value;
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&Self::VALUE, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <#ty as ::serde::Deserialize>::deserialize(deserializer)?;
                if value == Self::VALUE {
                    ::std::result::Result::Ok(Self)
                } else {
                    ::std::result::Result::Err(::serde::de::Error::custom(::std::format!(
                        "expected {}, found `{}`", #expected, value
                    )))
                }
            }
        }
    }
}

/// Unions allow `clippy::large_enum_variant`: boxing every large variant
/// would make matching on them clumsier, for a size that rarely matters in
/// an API client.
fn union_def(api: &Api, name: &proc_macro2::Ident, docs: TokenStream, u: &Union) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = v.name.to_ident();
        let mut ty = type_tokens(api, &v.ty, &TokenStream::new());
        if v.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        quote!(#variant(#ty),)
    });
    let Some(tag) = &u.discriminator else {
        let attempts = u.variants.iter().map(|v| {
            let variant = v.name.to_ident();
            let ty = type_tokens(api, &v.ty, &TokenStream::new());
            let wrap = if v.boxed {
                quote!(Self::#variant(::std::boxed::Box::new(inner)))
            } else {
                quote!(Self::#variant(inner))
            };
            quote! {
                if let ::std::result::Result::Ok(inner) = <#ty as ::serde::Deserialize>::deserialize(&value) {
                    let read = #wrap;
                    if crate::runtime::keeps_all(&read, &value) {
                        return ::std::result::Result::Ok(read);
                    }
                    fallback.get_or_insert(read);
                }
            }
        });
        let no_match = format!("data did not match any variant of `{name}`");
        return quote! {
            #docs
            ///
            /// Deserialization takes the first variant that reads the value without
            /// losing any of it, else the first that reads it at all.
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
            #[serde(untagged)]
            #[allow(clippy::large_enum_variant)]
            pub enum #name {
                #(#variants)*
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let mut fallback: ::std::option::Option<Self> = ::std::option::Option::None;
                    #(#attempts)*
                    fallback.ok_or_else(|| ::serde::de::Error::custom(#no_match))
                }
            }
        };
    };
    let arms = u.variants.iter().map(|v| {
        let variant = v.name.to_ident();
        let tags = v.tags.iter().map(|t| Literal::string(t));
        let wrap = if v.boxed {
            quote!(|inner| Self::#variant(::std::boxed::Box::new(inner)))
        } else {
            quote!(Self::#variant)
        };
        quote! {
            ::std::option::Option::Some(#(#tags)|*) => ::serde_json::from_value(value)
                .map(#wrap)
                .map_err(::serde::de::Error::custom),
        }
    });
    let expected: Vec<String> = u
        .variants
        .iter()
        .flat_map(|v| v.tags.iter().cloned())
        .collect();
    let doc = format!(" The variant is chosen by the {} property.", code_span(tag));
    // A format string: braces in the spec's names must not be placeholders.
    let braces = |s: &str| s.replace('{', "{{").replace('}', "}}");
    let unknown_msg = format!(
        "unknown `{}` {{:?}}; expected one of {}",
        braces(tag),
        braces(&format!("{expected:?}"))
    );
    quote! {
        #docs
        ///
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#tag).and_then(::serde_json::Value::as_str).map(::std::string::ToString::to_string);
                match tag.as_deref() {
                    #(#arms)*
                    other => ::std::result::Result::Err(::serde::de::Error::custom(::std::format!(#unknown_msg, other))),
                }
            }
        }
    }
}
