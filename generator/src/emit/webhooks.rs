//! `src/webhooks.rs`: one function per webhook that reads a delivery's body
//! into its payload type, and the list of the spec's webhooks.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{doc_lines, ident, type_tokens};
use crate::docs::code_span;
use crate::ir::{Api, Encoding, Webhook};

/// The module, or `None` when the spec has no webhooks.
pub fn webhooks_rs(api: &Api) -> Option<TokenStream> {
    if api.webhooks.is_empty() {
        return None;
    }
    let functions = api.webhooks.iter().map(|w| webhook(api, w));
    let list = api.webhooks.iter().map(|w| {
        let key = &w.key;
        let method = &w.method;
        quote!((#key, #method),)
    });
    Some(quote! {
        //! Webhooks: requests the API sends to your server. Read a delivery's
        //! body with the function named after its event; each checks the body
        //! against the payload type the spec gives.

        /// Every webhook the spec lists: its name and HTTP method.
        pub const WEBHOOKS: &[(&str, &str)] = &[#(#list)*];

        #(#functions)*
    })
}

fn webhook(api: &Api, w: &Webhook) -> TokenStream {
    let name = w.name.to_ident();
    let mut docs = format!("The {} webhook ({}).", code_span(&w.key), w.method);
    if let Some(d) = &w.docs {
        docs = format!("{docs}\n\n{d}");
    }
    docs = format!("{docs}\n\nSpec: {}", code_span(&w.origin));
    let models = quote!(crate::models::);
    match &w.payload {
        Some(body) if body.encoding == Encoding::Json => {
            let ty = type_tokens(api, &body.ty, &models);
            let docs = doc_lines(&format!(
                "{docs}\n\n# Errors\n\nFails when the body is not the payload the spec describes."
            ));
            quote! {
                #docs
                pub fn #name(body: &[u8]) -> ::std::result::Result<#ty, ::serde_json::Error> {
                    ::serde_json::from_slice(body)
                }
            }
        }
        Some(body) => {
            let docs = doc_lines(&format!(
                "{docs}\n\nIts payload is {}, which is not JSON: the body is returned as it is.",
                code_span(&body.media_type)
            ));
            quote! {
                #docs
                pub fn #name(body: &[u8]) -> &[u8] {
                    body
                }
            }
        }
        None => {
            let docs = doc_lines(&format!("{docs}\n\nIt has no payload."));
            let constant = ident(&w.name.bare().to_uppercase());
            let key = &w.key;
            quote! {
                #docs
                pub const #constant: &str = #key;
            }
        }
    }
}
