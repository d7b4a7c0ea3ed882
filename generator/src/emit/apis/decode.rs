//! How an operation method reads its response: the runtime decoder of the
//! body's encoding, or one that reads each status as its union variant.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::models;
use crate::emit::rust::type_tokens;
use crate::ir::{Api, ByStatus, Encoding, Status, StatusArm, TypeKind, TypeRef};

/// A decoder that reads each documented status's body as its variant of the
/// union (`None` for a status without a body when the type is `Option`), and
/// any other status's as whichever variant reads it.
pub(super) fn status_decoder(api: &Api, by: &ByStatus, optional: bool) -> TokenStream {
    // The union may have become an alias of an equal one.
    let named = TypeRef::Named(by.union);
    let TypeRef::Named(target) = api.resolve_alias(&named) else {
        return decoder(Encoding::Json);
    };
    let union = type_tokens(api, &TypeRef::Named(*target), &models());
    let TypeKind::Union(u) = &api[target].kind else {
        return decoder(Encoding::Json);
    };
    // Exact statuses first, then ranges, then `default`: Rust takes the
    // first arm that matches.
    let rank = |status: Status| match status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    };
    let mut arms: Vec<&StatusArm> = by.arms.iter().collect();
    arms.sort_by_key(|a| rank(a.status));
    let mut tokens = Vec::new();
    let mut has_default = false;
    for arm in arms {
        let pattern = match arm.status {
            Status::Default => {
                has_default = true;
                quote!(_)
            }
            Status::Range(digit) => {
                let first = digit * 100;
                let (low, high) = (
                    Literal::u16_unsuffixed(first),
                    Literal::u16_unsuffixed(first + 99),
                );
                quote!(#low..=#high)
            }
            Status::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(#code)
            }
        };
        let value = match &arm.variant {
            None if optional => quote!(::std::result::Result::Ok(::std::option::Option::None)),
            // A status without a body reads as the union would.
            None => continue,
            Some(variant) => {
                let name = variant.to_ident();
                let boxed = u.variants.iter().any(|v| &v.name == variant && v.boxed);
                let wrap = match (boxed, optional) {
                    (false, false) => quote!(#union::#name),
                    (true, false) => quote!(|value| #union::#name(::std::boxed::Box::new(value))),
                    (false, true) => {
                        quote!(|value| ::std::option::Option::Some(#union::#name(value)))
                    }
                    (true, true) => quote!(|value| ::std::option::Option::Some(
                        #union::#name(::std::boxed::Box::new(value))
                    )),
                };
                quote!(crate::runtime::json(status, body).map(#wrap))
            }
        };
        tokens.push(quote!(#pattern => #value,));
    }
    if !has_default {
        tokens.push(quote!(_ => crate::runtime::json(status, body),));
    }
    quote! {
        |status: ::reqwest::StatusCode, body: &[u8]| match status.as_u16() {
            #(#tokens)*
        }
    }
}

/// The runtime function that reads a body in this way.
pub(super) fn decoder(decoding: Encoding) -> TokenStream {
    match decoding {
        Encoding::Text => quote!(crate::runtime::text),
        Encoding::Binary => quote!(crate::runtime::bytes),
        _ => quote!(crate::runtime::json),
    }
}
