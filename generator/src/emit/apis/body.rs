//! The request body of an operation method, in its encoding.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Body, Encoding, Presence, TypeKind, TypeRef};

/// The statements that put `body` (a reference) into `request`, in its
/// encoding.
pub(super) fn set_body(api: &Api, body: &Body) -> TokenStream {
    // A range (`*/*`, `image/*`) is what the API accepts, not a type to send.
    let media_type = match body.media_type.contains('*') {
        true => "application/octet-stream",
        false => body.media_type.as_str(),
    };
    match body.encoding {
        Encoding::Json if media_type == "application/json" => {
            quote!(request.json_body(body);)
        }
        Encoding::Json => quote!(request.json_body_as(body, #media_type);),
        Encoding::Form => quote!(request.form_body(body);),
        Encoding::Text => quote!(request.text_body(body, #media_type);),
        Encoding::Binary => quote!(request.bytes_body(body, #media_type);),
        Encoding::Multipart => {
            let parts = multipart_parts(api, &body.ty);
            quote! {
                let mut form = crate::runtime::Multipart::new();
                #parts
                request.multipart_body(form);
            }
        }
    }
}

/// The statements that add a multipart body's parts to `form`: one per
/// field of a struct with file fields (bytes), else every property of the
/// value as it serializes.
pub(super) fn multipart_parts(api: &Api, ty: &TypeRef) -> TokenStream {
    let fields = match api.resolve_alias(ty) {
        TypeRef::Named(id) => match &api[id].kind {
            TypeKind::Struct(s) if s.fields.iter().any(|f| is_file(api, &f.ty)) => s,
            _ => return quote!(form.fields(body);),
        },
        _ => return quote!(form.fields(body);),
    };
    let mut out = TokenStream::new();
    for field in &fields.fields {
        let wire = field.wire_name.as_str();
        let name = field.name.to_ident();
        if !is_file(api, &field.ty) {
            // `None` serializes as `null`, which adds no part.
            out.extend(quote!(form.value(#wire, &body.#name);));
            continue;
        }
        let add = match api.resolve_alias(&field.ty) {
            TypeRef::Array(_) => quote! {
                for file in value {
                    form.file(#wire, file);
                }
            },
            _ => quote!(form.file(#wire, value);),
        };
        out.extend(match field.presence() {
            Presence::Required => quote! { let value = &body.#name; #add },
            Presence::Optional | Presence::RequiredNullable => quote! {
                if let ::std::option::Option::Some(value) = &body.#name { #add }
            },
            Presence::OptionalNullable => quote! {
                if let ::std::option::Option::Some(::std::option::Option::Some(value)) = &body.#name { #add }
            },
        });
    }
    if let Some(map) = fields.additional_field_name() {
        let map = map.to_ident();
        out.extend(quote! {
            for (name, value) in &body.#map {
                form.value(name, value);
            }
        });
    }
    out
}

/// Whether a field holds a file (bytes) or files.
pub(super) fn is_file(api: &Api, ty: &TypeRef) -> bool {
    match api.resolve_alias(ty) {
        TypeRef::Bytes => true,
        TypeRef::Array(item) => api.resolve_alias(item) == &TypeRef::Bytes,
        _ => false,
    }
}
