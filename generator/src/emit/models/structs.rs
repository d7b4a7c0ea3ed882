//! Structs: the type with its fields, its `Deserialize` and its
//! `Serialize`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::rust::{doc_attrs, type_tokens};
use crate::ir::{Api, Field, Presence, Struct};

pub(super) fn struct_def(
    api: &Api,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    s: &Struct,
) -> TokenStream {
    let fields = s.fields.iter().map(|f| field(api, f));
    let additional =
        s.additional
            .as_ref()
            .zip(s.additional_field_name())
            .map(|(ty, field_name)| {
                let field_ident = field_name.to_ident();
                let ty = type_tokens(api, ty, &TokenStream::new());
                quote! {
                    #[doc = " Properties not named in the spec."]
                    pub #field_ident: ::std::collections::BTreeMap<::std::string::String, #ty>,
                }
            });
    let read = read_object(name, s);
    let write = write_object(name, s);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #read

        #write
    }
}

/// A struct's `Serialize`: the runtime's `write_object`, one call per
/// field, absent optional fields left out, then the extra properties.
fn write_object(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let field = f.name.to_ident();
        let wire = &f.wire_name;
        match f.presence() {
            Presence::Required | Presence::RequiredNullable => {
                quote!(object.field(#wire, &self.#field);)
            }
            Presence::Optional | Presence::OptionalNullable => {
                quote!(object.optional(#wire, &self.#field);)
            }
        }
    });
    let extra = s.additional_field_name().map(|field| {
        let field = field.to_ident();
        quote!(object.extra(&self.#field);)
    });
    let body = if s.fields.is_empty() && extra.is_none() {
        quote!(crate::runtime::write_object(serializer).end())
    } else {
        quote! {
            let mut object = crate::runtime::write_object(serializer);
            #(#fields)*
            #extra
            object.end()
        }
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #body
            }
        }
    }
}

/// A struct's `Deserialize`: the runtime's `read_object` with a loop over
/// the object's keys that puts each field's value in its slot, unknown keys
/// in the extra properties' map (or skipped), then the struct from the
/// slots. Smaller for rustc than serde's derive, which the generated crate
/// would otherwise spend half its `cargo check` on.
fn read_object(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    // The locals must not be taken by a field's slot.
    let object = s.free_name("object").to_ident();
    let key = s.free_name("key").to_ident();
    let slots = s.fields.iter().map(|f| {
        let slot = f.name.to_ident();
        quote!(let mut #slot = ::std::option::Option::None;)
    });
    let arms = s.fields.iter().map(|f| {
        let slot = f.name.to_ident();
        let wire = &f.wire_name;
        if f.presence() == Presence::Required {
            quote!(#wire => #object.read(&mut #slot, #wire),)
        } else {
            quote!(#wire => #object.read_nullable(&mut #slot, #wire),)
        }
    });
    let values = s.fields.iter().map(|f| {
        let slot = f.name.to_ident();
        match f.presence() {
            Presence::Required => quote!(#slot,),
            Presence::RequiredNullable | Presence::Optional => quote!(#slot: #slot.flatten(),),
            Presence::OptionalNullable => quote!(#slot,),
        }
    });
    let (extra_slot, unknown, extra_value) = match s.additional_field_name() {
        Some(field) => {
            let field = field.to_ident();
            (
                quote!(let mut #field = ::std::collections::BTreeMap::new();),
                quote!(_ => #object.value().map(|value| {
                    #field.insert(#key.into_string(), value);
                }),),
                quote!(#field,),
            )
        }
        None => (
            TokenStream::new(),
            quote!(_ => #object.skip(),),
            TokenStream::new(),
        ),
    };
    let required: Vec<_> = s
        .fields
        .iter()
        .filter(|f| f.presence() == Presence::Required)
        .map(|f| (f.name.to_ident(), f.wire_name.as_str()))
        .collect();
    let take_required = required
        .iter()
        .map(|(slot, wire)| quote!(let #slot = #object.required(#slot, #wire);));
    let value = quote! {
        ::std::result::Result::Ok(Self {
            #(#values)*
            #extra_value
        })
    };
    // Every required field is taken first, and a missing one fails the
    // struct in one place: one way out of the function instead of one per
    // field, which rustc checks in a fraction of the time.
    let value = match required.as_slice() {
        [] => value,
        [(slot, _)] => quote! {
            match #slot {
                ::std::option::Option::Some(#slot) => #value,
                ::std::option::Option::None => ::std::result::Result::Err(#object.missing()),
            }
        },
        _ => {
            let slots = required.iter().map(|(slot, _)| slot);
            let present = required
                .iter()
                .map(|(slot, _)| quote!(::std::option::Option::Some(#slot)));
            quote! {
                match (#(#slots),*) {
                    (#(#present),*) => #value,
                    _ => ::std::result::Result::Err(#object.missing()),
                }
            }
        }
    };
    let type_name = name.to_string();
    let keys = if s.fields.is_empty() && s.additional.is_none() {
        quote! {
            while #object.next_key()?.is_some() {
                #object.skip()?;
            }
        }
    } else {
        quote! {
            while let ::std::option::Option::Some(#key) = #object.next_key()? {
                // Each arm reads a value; one `?` for all of them keeps the
                // function small for rustc.
                match #key.as_str() {
                    #(#arms)*
                    #unknown
                }?;
            }
        }
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::read_object(deserializer)
            }
        }

        impl<'de> crate::runtime::ReadObject<'de> for #name {
            const NAME: &'static str = #type_name;

            // The slots are named after the fields, whatever the spec calls them.
            #[allow(clippy::disallowed_names)]
            fn read<A: ::serde::de::MapAccess<'de>>(
                mut #object: crate::runtime::Object<'de, A>,
            ) -> ::std::result::Result<Self, A::Error> {
                #(#slots)*
                #extra_slot
                #keys
                #(#take_required)*
                #value
            }
        }
    }
}

fn field(api: &Api, f: &Field) -> TokenStream {
    let mut ty = type_tokens(api, &f.ty, &TokenStream::new());
    if f.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    let name = f.name.to_ident();
    let ty = match f.presence() {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => quote!(::std::option::Option<#ty>),
        Presence::OptionalNullable => {
            quote!(::std::option::Option<::std::option::Option<#ty>>)
        }
    };
    let mut docs = f.docs.clone().unwrap_or_default();
    let presence_note = match f.presence() {
        Presence::Required => None,
        Presence::RequiredNullable => Some("Always present; `None` is `null`."),
        Presence::Optional => Some("`None` when absent."),
        Presence::OptionalNullable => Some("`None` when absent, `Some(None)` when `null`."),
    };
    if f.deprecated {
        docs = format!("**Deprecated.**\n\n{docs}");
    }
    if let Some(note) = presence_note {
        docs = if docs.trim().is_empty() {
            note.to_string()
        } else {
            format!("{}\n\n{note}", docs.trim_end())
        };
    }
    let docs = doc_attrs((!docs.is_empty()).then_some(docs.as_str()));
    quote! {
        #docs
        pub #name: #ty,
    }
}
