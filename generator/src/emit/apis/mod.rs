//! `src/apis.rs`: one struct per operation group and one method per
//! operation. Its submodules build the parts of a method: the request's
//! parameters and path, its body, the response decoders and the docs.

mod body;
mod decode;
mod docs;
mod params;

use std::sync::Arc;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::features::cfg_any;
use super::rust::{doc_lines, ident, type_tokens};
use super::{Part, Piece};
use crate::ir::{Api, Encoding, Operation, ParamLocation, TypeRef};
use body::set_body;
use decode::{decoder, status_decoder};
use docs::operation_docs;
use params::{Write, add_param, fixed_value, param_type, path_building, write_of};

/// How many operations of a group go in one part of `apis.rs`.
const OPERATIONS_PER_PART: usize = 24;

pub fn apis_parts<'a>(api: &'a Api, lib_name: &str) -> Vec<Part<'a>> {
    let mut parts: Vec<Part<'a>> = vec![Arc::new(|| {
        Piece::Items(quote! {
            //! One method per operation, grouped by tag.
        })
    })];
    for (i, group) in api.groups.iter().enumerate() {
        let ops: Arc<Vec<&Operation>> = Arc::new(api.group_operations(group).collect());
        let feature = api.features.groups[i];
        parts.push(Arc::new(move || {
            let cfg = cfg_any(api, &[feature]);
            let struct_name = group.struct_name.to_ident();
            let group = group.accessor.bare();
            let doc = doc_lines(&format!(
                "Operations of the `{group}` group; get one with [`Client::{group}`](crate::Client::{group})."
            ));
            Piece::Items(quote! {
                #doc
                ///
                /// Settings given with [`with_options`](Self::with_options) apply to
                /// every call made through this value.
                #cfg
                #[derive(Debug, Clone)]
                pub struct #struct_name<'a> {
                    client: &'a crate::Client,
                    options: ::std::option::Option<crate::RequestOptions>,
                }
            })
        }));
        let chunks = ops.len().div_ceil(OPERATIONS_PER_PART).max(1);
        for chunk in 0..chunks {
            let ops = ops.clone();
            let lib_name = lib_name.to_string();
            parts.push(Arc::new(move || {
                let struct_name = group.struct_name.to_ident();
                let start = chunk * OPERATIONS_PER_PART;
                let end = (start + OPERATIONS_PER_PART).min(ops.len());
                let methods = ops[start..end]
                    .iter()
                    .map(|op| operation(api, op, &lib_name));
                let prelude = (chunk == 0).then(|| {
                    quote! {
                        pub(crate) fn new(client: &'a crate::Client) -> Self {
                            Self { client, options: ::std::option::Option::None }
                        }

                        /// Overrides the client's timeout, retry policy or headers for
                        /// calls made through this value.
                        pub fn with_options(mut self, options: crate::RequestOptions) -> Self {
                            self.options = ::std::option::Option::Some(options);
                            self
                        }
                    }
                });
                let cfg = cfg_any(api, &[feature]);
                Piece::ImplItems {
                    header: quote!(#cfg impl<'a> #struct_name<'a>),
                    items: quote!(#prelude #(#methods)*),
                    first: chunk == 0,
                    last: chunk + 1 == chunks,
                }
            }));
        }
    }
    parts
}

fn models() -> TokenStream {
    quote!(crate::models::)
}

fn operation(api: &Api, op: &Operation, lib_name: &str) -> TokenStream {
    let name = op.name.to_ident();
    let models = models();
    let success = match &op.success {
        Some(ty) => type_tokens(api, ty, &models),
        None => quote!(()),
    };
    let error = match &op.error {
        Some(ty) => type_tokens(api, ty, &models),
        None => quote!(::serde_json::Value),
    };
    let mut args = Vec::new();
    let mut arg_names = Vec::new();
    for p in &op.params {
        if write_of(api, p) == Write::Fixed {
            continue;
        }
        let arg = p.name.to_ident();
        let ty = param_type(api, p);
        args.push(quote!(#arg: #ty));
        arg_names.push(arg);
    }
    if let Some(body) = &op.body {
        let ty = match &body.ty {
            // `&[u8]` and `&str` take more callers than `&Vec<u8>`, `&String`.
            TypeRef::Bytes => quote!([u8]),
            TypeRef::String => quote!(str),
            ty => type_tokens(api, ty, &models),
        };
        args.push(if body.required {
            quote!(body: &#ty)
        } else {
            quote!(body: ::std::option::Option<&#ty>)
        });
        arg_names.push(ident("body"));
    }
    let docs = operation_docs(api, op, lib_name);
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated(note = "deprecated in the API spec")]));
    // One argument per parameter is the point; clippy stops at seven.
    let many_args = (args.len() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let signature = quote! {
        #docs
        #deprecated
        #many_args
        pub async fn #name(&self, #(#args),*) -> ::std::result::Result<#success, crate::Error<#error>>
    };

    let path = path_building(api, op);
    let method = format_ident!("{}", op.method);
    let op_id = &op.operation_id;
    let params = op.params.iter().filter_map(|p| {
        if p.location == ParamLocation::Path {
            return None;
        }
        let write = write_of(api, p);
        let add = add_param(api, p, write);
        let arg = p.name.to_ident();
        Some(if write == Write::Fixed {
            let value = fixed_value(api, p);
            quote! { let value = #value; #add }
        } else if p.required {
            quote! { let value = #arg; #add }
        } else {
            quote! {
                if let ::std::option::Option::Some(value) = #arg {
                    #add
                }
            }
        })
    });
    let body = op.body.as_ref().map(|b| {
        let set = set_body(api, b);
        if b.required {
            set
        } else {
            quote! {
                if let ::std::option::Option::Some(body) = body {
                    #set
                }
            }
        }
    });
    let accept = op
        .accept
        .as_deref()
        .map(|media_types| quote!(request.accept(#media_types);));
    let mutability = if op.params.iter().any(|p| p.location != ParamLocation::Path)
        || op.body.is_some()
        || accept.is_some()
    {
        quote!(mut)
    } else {
        quote!()
    };
    let by_status = op.success_by_status.is_some() || op.error_by_status.is_some();
    let send = if op.success_decoding == Encoding::Json
        && op.error_decoding == Encoding::Json
        && !by_status
    {
        quote!(self.client.send(request, self.options.as_ref()).await)
    } else {
        let success = match &op.success_by_status {
            Some(by) => status_decoder(api, by, matches!(op.success, Some(TypeRef::Nullable(_)))),
            None => decoder(op.success_decoding),
        };
        let failure = match &op.error_by_status {
            Some(by) => status_decoder(api, by, false),
            None => decoder(op.error_decoding),
        };
        quote!(self.client.send_with(request, self.options.as_ref(), #success, #failure).await)
    };
    quote! {
        #signature {
            #path
            let #mutability request = crate::runtime::Request::new(::reqwest::Method::#method, path, #op_id);
            #accept
            #(#params)*
            #body
            #send
        }
    }
}
