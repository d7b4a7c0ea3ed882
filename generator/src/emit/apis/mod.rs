//! `src/apis.rs`: one struct per operation group and one method per
//! operation. Its submodules build the parts of a method: the request's
//! parameters and path, its body, the response decoders and the docs.

mod body;
mod decode;
mod docs;
mod paging;
mod params;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::features::cfg_any;
use super::rust::{doc_lines, ident, type_tokens};
use super::{Part, Parts};
use crate::ir::{Api, Body, Encoding, Group, Operation, Param, ParamLocation, TypeRef};
use body::set_body;
use decode::{decoder, status_decoder};
use docs::{location_name, operation_docs};
use paging::{is_cursor, paging};
use params::{Write, add_param, fixed_value, is_positional, param_type, path_building, write_of};

/// How many operations of a group go in one part of `apis.rs`.
const OPERATIONS_PER_PART: usize = 24;

pub fn apis_parts<'a>(api: &'a Api, lib_name: &str) -> Vec<Part<'a>> {
    let lib_name: std::sync::Arc<str> = lib_name.into();
    let mut parts = Parts::new();
    parts.items(|| {
        quote! {
            //! One method per operation, grouped by tag.
        }
    });
    for (i, group) in api.groups.iter().enumerate() {
        // Compiled with the group's cargo feature.
        let feature = api.features.groups[i];
        parts.items(move || group_struct(group, &cfg_any(api, &[feature])));
        parts.impl_block(
            api.group_operations(group).collect(),
            OPERATIONS_PER_PART,
            move || {
                let cfg = cfg_any(api, &[feature]);
                let struct_name = group.struct_name.to_ident();
                quote!(#cfg impl<'a> #struct_name<'a>)
            },
            group_prelude,
            {
                let lib_name = lib_name.clone();
                move |ops: &[&Operation]| {
                    let methods = ops.iter().map(|op| method(api, op, &lib_name));
                    quote!(#(#methods)*)
                }
            },
        );
        let ops: Vec<&Operation> = api.group_operations(group).collect();
        for chunk in ops.chunks(OPERATIONS_PER_PART) {
            let chunk = chunk.to_vec();
            parts.items(move || {
                let cfg = cfg_any(api, &[feature]);
                let requests = chunk.iter().map(|op| request(api, op, group, &cfg));
                quote!(#(#requests)*)
            });
        }
    }
    parts.finish()
}

/// A group's struct: the client and the options its calls use.
fn group_struct(group: &Group, cfg: &TokenStream) -> TokenStream {
    let struct_name = group.struct_name.to_ident();
    let group = group.accessor.bare();
    let doc = doc_lines(&format!(
        "Operations of the `{group}` group; get one with [`Client::{group}`](crate::Client::{group})."
    ));
    quote! {
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
    }
}

/// The methods every group has besides its operations (see
/// `runtime_api::GROUP_METHODS`).
fn group_prelude() -> TokenStream {
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
}

fn models() -> TokenStream {
    quote!(crate::models::)
}

/// The success and error types of an operation.
fn result_types(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let models = models();
    let success = match &op.success {
        Some(ty) => type_tokens(api, ty, &models),
        None => quote!(()),
    };
    let error = match &op.error {
        Some(ty) => type_tokens(api, ty, &models),
        None => quote!(::serde_json::Value),
    };
    (success, error)
}

/// The request body's type behind its reference: `[u8]` and `str` take
/// more callers than `Vec<u8>` and `String`.
fn body_type(api: &Api, body: &Body) -> TokenStream {
    match &body.ty {
        TypeRef::Bytes => quote!([u8]),
        TypeRef::String => quote!(str),
        ty => type_tokens(api, ty, &models()),
    }
}

/// The operation's method on its group: it takes the positional
/// arguments and returns the request, which the caller awaits.
fn method(api: &Api, op: &Operation, lib_name: &str) -> TokenStream {
    let name = op.name.to_ident();
    let builder = op.builder.to_ident();
    let mut args = Vec::new();
    let mut fields = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| write_of(api, p) != Write::Fixed)
    {
        let arg = p.name.to_ident();
        if is_positional(api, p) {
            let ty = param_type(api, p);
            if params::takes_into(api, p) {
                args.push(quote!(#arg: impl ::std::convert::Into<#ty>));
                fields.push(quote!(#arg: ::std::convert::Into::into(#arg)));
            } else {
                args.push(quote!(#arg: #ty));
                fields.push(quote!(#arg));
            }
        } else {
            fields.push(quote!(#arg: ::std::option::Option::None));
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            let ty = body_type(api, body);
            args.push(quote!(body: &'a #ty));
            fields.push(quote!(body));
        } else {
            fields.push(quote!(body: ::std::option::Option::None));
        }
    }
    let docs = operation_docs(api, op, lib_name);
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated(note = "deprecated in the API spec")]));
    // One argument per parameter is the point; clippy stops at seven.
    let many_args = (args.len() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        #deprecated
        #many_args
        pub fn #name(&self, #(#args),*) -> #builder<'a> {
            #builder {
                client: self.client,
                options: self.options.clone(),
                #(#fields,)*
            }
        }
    }
}

/// The request an operation's method returns: its arguments, a setter for
/// each optional parameter (and an optional body), and the code that sends
/// it, run by `send` or by awaiting it.
fn request(api: &Api, op: &Operation, group: &Group, cfg: &TokenStream) -> TokenStream {
    let builder = op.builder.to_ident();
    let (success, error) = result_types(api, op);
    let mut fields = Vec::new();
    let mut names = Vec::new();
    let mut setters = Vec::new();
    let mut cursor_setup = None;
    for p in op
        .params
        .iter()
        .filter(|p| write_of(api, p) != Write::Fixed)
    {
        let arg = p.name.to_ident();
        names.push(arg.clone());
        if is_positional(api, p) {
            let ty = param_type(api, p);
            fields.push(quote!(#arg: #ty));
            continue;
        }
        let ty = param_type(
            api,
            &Param {
                required: true,
                ..p.clone()
            },
        );
        if is_cursor(op, p) {
            // A page's cursor comes from the previous page: owned or borrowed.
            fields.push(quote!(#arg: ::std::option::Option<::std::borrow::Cow<'a, str>>));
            cursor_setup = Some(quote!(let #arg = #arg.as_deref();));
            setters.push(quote! {
                /// Sets the query parameter `cursor`: the page to start from.
                pub fn #arg(mut self, #arg: impl ::std::convert::Into<::std::borrow::Cow<'a, str>>) -> Self {
                    self.#arg = ::std::option::Option::Some(#arg.into());
                    self
                }
            });
            continue;
        }
        fields.push(quote!(#arg: ::std::option::Option<#ty>));
        let doc = doc_lines(&format!(
            "Sets the {} parameter `{}`{}.{}",
            location_name(p.location),
            p.wire_name,
            if p.client_wide {
                " for this call, over the client's"
            } else {
                ""
            },
            p.docs
                .as_deref()
                .map(|d| format!("\n\n{d}"))
                .unwrap_or_default()
        ));
        setters.push(if params::takes_into(api, p) {
            quote! {
                #doc
                pub fn #arg(mut self, #arg: impl ::std::convert::Into<#ty>) -> Self {
                    self.#arg = ::std::option::Option::Some(::std::convert::Into::into(#arg));
                    self
                }
            }
        } else {
            quote! {
                #doc
                pub fn #arg(mut self, #arg: #ty) -> Self {
                    self.#arg = ::std::option::Option::Some(#arg);
                    self
                }
            }
        });
    }
    if let Some(body) = &op.body {
        let ty = body_type(api, body);
        names.push(ident("body"));
        if body.required {
            fields.push(quote!(body: &'a #ty));
        } else {
            fields.push(quote!(body: ::std::option::Option<&'a #ty>));
            setters.push(quote! {
                /// Sets the request body.
                pub fn body(mut self, body: &'a #ty) -> Self {
                    self.body = ::std::option::Option::Some(body);
                    self
                }
            });
        }
    }
    let send_code = send_code(api, op);
    let paging = op
        .pagination
        .as_ref()
        .map(|p| paging(api, op, p, &success, &error));
    let method_path = format!("crate::apis::{}::{}", group.struct_name, op.name.bare());
    let doc = doc_lines(&format!(
        "A call of [`{}().{}`]({method_path}): set its optional parameters, \
         then `.await` it (or call [`send`](Self::send)).",
        group.accessor.bare(),
        op.name.bare()
    ));
    let deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        #doc
        #cfg
        #[must_use = "a request does nothing until it is awaited or sent"]
        #[derive(Debug, Clone)]
        pub struct #builder<'a> {
            client: &'a crate::Client,
            options: ::std::option::Option<crate::RequestOptions>,
            #(#fields,)*
        }

        #cfg
        #deprecated
        impl<'a> #builder<'a> {
            #(#setters)*

            #paging

            /// The call: the request is built now, and sent (then its
            /// response read) when the returned future is awaited.
            pub fn send(self) -> crate::ResponseFuture<'a, #success, #error> {
                let Self { client, options, #(#names),* } = self;
                #cursor_setup
                #send_code
            }
        }

        #cfg
        impl<'a> ::std::future::IntoFuture for #builder<'a> {
            type Output = ::std::result::Result<#success, crate::Error<#error>>;
            type IntoFuture = crate::ResponseFuture<'a, #success, #error>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
}

/// The body of `send`: the path, the parameters, the body, and the call
/// of the runtime that sends it and decodes the response.
fn send_code(api: &Api, op: &Operation) -> TokenStream {
    let path = path_building(api, op);
    let method = format_ident!("{}", op.method);
    let op_id = &op.operation_id;
    let security = security(api, op);
    let params = op.params.iter().filter_map(|p| {
        if p.location == ParamLocation::Path {
            return None;
        }
        let write = write_of(api, p);
        let add = add_param(api, p, write);
        let arg = p.name.to_ident();
        Some(if p.client_wide {
            let wire = &p.wire_name;
            let missing =
                format!("`{wire}` is required: set it on the client builder or on this call");
            quote! {
                match #arg.or_else(|| client.client_param(#wire)) {
                    ::std::option::Option::Some(value) => { #add }
                    ::std::option::Option::None => request.invalidate(#missing),
                }
            }
        } else if write == Write::Fixed {
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
        || security.is_some()
    {
        quote!(mut)
    } else {
        quote!()
    };
    let by_status = op.success_by_status.is_some() || op.error_by_status.is_some();
    // No documented success body: a body that comes anyway is not read.
    let no_body = op.success.is_none() && op.success_by_status.is_none();
    let send = if op.success_decoding == Encoding::Json
        && op.error_decoding == Encoding::Json
        && !by_status
        && !no_body
    {
        quote!(client.send(request, options.as_ref()))
    } else {
        let success = match &op.success_by_status {
            Some(by) => status_decoder(api, by, matches!(op.success, Some(TypeRef::Nullable(_)))),
            None if no_body => quote!(crate::runtime::ignore),
            None => decoder(op.success_decoding),
        };
        let failure = match &op.error_by_status {
            Some(by) => status_decoder(api, by, false),
            None => decoder(op.error_decoding),
        };
        quote!(client.send_with(request, options.as_ref(), #success, #failure))
    };
    quote! {
        #path
        let #mutability request = crate::runtime::Request::new(::reqwest::Method::#method, path, #op_id);
        #accept
        #security
        #(#params)*
        #body
        #send
    }
}

/// `request.security(..)` with the operation's alternatives, or nothing
/// when it needs no auth.
fn security(api: &Api, op: &Operation) -> Option<TokenStream> {
    if op.security.is_empty() {
        return None;
    }
    let alternatives = op.security.iter().map(|requirement| {
        let schemes = requirement.schemes.iter().filter_map(|key| {
            let scheme = api.security.iter().find(|s| &s.key == key)?;
            let name = crate::emit::client::scheme_const_name(scheme);
            Some(quote!(crate::client::security::#name))
        });
        quote!(&[#(#schemes),*])
    });
    Some(quote!(request.security(&[#(#alternatives),*]);))
}

/// The arguments `tests/contract.rs` calls `op` with, in the method's
/// order: a schema-valid sample for each positional parameter and a
/// required body (read by the test's `value` helper); optional ones are
/// setters the call leaves unset.
pub(crate) fn contract_argument(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let json = |ty: &TypeRef| crate::emit::contract::sample(api, ty, 0).to_string();
    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| is_positional(api, p)) {
        let sample = match &p.sample {
            Some(value) => value.to_string(),
            None => json(&p.ty),
        };
        args.push(match api.resolve_alias(&p.ty) {
            // A typed format's argument takes its text (`impl Into<DateTime>`).
            TypeRef::String | TypeRef::Format(_) => {
                quote!(value::<::std::string::String>(#sample).as_str())
            }
            TypeRef::Array(_) => quote!(value::<::std::vec::Vec<_>>(#sample).as_slice()),
            _ if params::by_reference(api, p) => quote!(&value(#sample)),
            _ => quote!(value(#sample)),
        });
    }
    if let Some(body) = &op.body {
        let sample = json(&body.ty);
        let arg = match &body.ty {
            TypeRef::Bytes => quote!(b"contract".as_slice()),
            TypeRef::String => quote!(value::<::std::string::String>(#sample).as_str()),
            _ => quote!(&value(#sample)),
        };
        // An optional body is a setter, which the call leaves unset.
        if body.required {
            args.push(arg);
        }
    }
    args
}
