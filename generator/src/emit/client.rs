//! `src/client.rs`: servers, the client's entry points and one accessor per
//! operation group; `src/apis.rs`: the groups and their operation methods.

use std::sync::Arc;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::rust::{doc_attrs, doc_lines, ident, type_tokens};
use super::{Part, Piece};
use crate::docs::code_span;
use crate::ir::{
    Api, Body, ByStatus, Encoding, Operation, Param, ParamLocation, ParamStyle, Presence,
    StatusArm, TypeKind, TypeRef,
};
use crate::naming::{Namer, type_name, unraw};

/// Name of the group that holds operations without a tag.
const UNTAGGED: &str = "api";

/// The groups in first-use order, each with its operations.
pub fn groups(api: &Api) -> Vec<(String, Vec<&Operation>)> {
    let mut groups: Vec<(String, Vec<&Operation>)> = Vec::new();
    for op in &api.operations {
        let name = op.group.clone().unwrap_or_else(|| UNTAGGED.to_string());
        match groups.iter_mut().find(|(g, _)| *g == name) {
            Some((_, ops)) => ops.push(op),
            None => groups.push((name, vec![op])),
        }
    }
    groups
}

fn group_struct(group: &str) -> proc_macro2::Ident {
    ident(&format!("{}Api", type_name(unraw(group), "Api")))
}

/// The name users see the client under (`Kombo` for "Kombo API"), if the
/// title gives one that is free.
pub fn client_alias(api: &Api) -> Option<String> {
    let title = api.title.trim();
    let words: Vec<&str> = title
        .split_whitespace()
        .filter(|w| {
            !matches!(
                w.to_ascii_lowercase().as_str(),
                "api" | "rest" | "openapi" | "http"
            )
        })
        .collect();
    let name = type_name(&words.join(" "), "");
    let taken = crate::runtime_api::ROOT_TYPES;
    (!name.is_empty() && name.len() <= 40 && !taken.contains(&name.as_str())).then_some(name)
}

pub fn client_rs(api: &Api) -> TokenStream {
    let mut namer = Namer::with_reserved(["Default"]);
    let servers: Vec<(proc_macro2::Ident, String, Option<String>)> = api
        .servers
        .iter()
        .map(|s| {
            (
                ident(&namer.unique(s.name.clone())),
                s.url.clone(),
                s.description.clone(),
            )
        })
        .collect();
    let server_enum = if servers.is_empty() {
        quote! {
            /// The servers the spec lists: none, so give a base URL with
            /// [`ClientBuilder::base_url`](crate::ClientBuilder::base_url).
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub enum Server {
                /// `http://localhost`, a placeholder.
                #[default]
                Localhost,
            }

            impl Server {
                /// The base URL.
                pub fn url(self) -> &'static str {
                    "http://localhost"
                }
            }
        }
    } else {
        let variants = servers.iter().enumerate().map(|(i, (name, url, docs))| {
            let doc = doc_lines(&match docs {
                Some(d) => format!("{d}: {}", code_span(url)),
                None => code_span(url),
            });
            let default = (i == 0).then(|| quote!(#[default]));
            quote!(#doc #default #name,)
        });
        let arms = servers
            .iter()
            .map(|(name, url, _)| quote!(Self::#name => #url,));
        quote! {
            /// The servers the spec lists; the first is the default.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub enum Server {
                #(#variants)*
            }

            impl Server {
                /// The base URL.
                pub fn url(self) -> &'static str {
                    match self {
                        #(#arms)*
                    }
                }
            }
        }
    };
    let accessors = groups(api).into_iter().map(|(group, ops)| {
        let struct_name = group_struct(&group);
        let accessor = ident(&group);
        let doc = doc_lines(&format!(
            "The {} operation{} of the `{}` group.",
            ops.len(),
            if ops.len() == 1 { "" } else { "s" },
            unraw(&group)
        ));
        quote! {
            #doc
            pub fn #accessor(&self) -> crate::apis::#struct_name<'_> {
                crate::apis::#struct_name::new(self)
            }
        }
    });
    quote! {
        //! Servers and the client's entry points.

        #server_enum

        impl crate::Client {
            /// A builder for a client of the default server.
            pub fn builder() -> crate::ClientBuilder {
                crate::ClientBuilder::new(Server::default().url())
            }

            #(#accessors)*
        }

        impl crate::ClientBuilder {
            /// Sends requests to one of the spec's servers.
            pub fn server(self, server: Server) -> Self {
                self.base_url(server.url())
            }
        }
    }
}

/// How many operations of a group go in one part of `apis.rs`.
const OPERATIONS_PER_PART: usize = 24;

pub fn apis_parts<'a>(api: &'a Api, lib_name: &str) -> Vec<Part<'a>> {
    let mut parts: Vec<Part<'a>> = vec![Arc::new(|| {
        Piece::Items(quote! {
            //! One method per operation, grouped by tag.
        })
    })];
    for (group, ops) in groups(api) {
        let group = Arc::new(group);
        let ops = Arc::new(ops);
        let struct_group = group.clone();
        parts.push(Arc::new(move || {
            let struct_name = group_struct(&struct_group);
            let group = unraw(&struct_group);
            let doc = doc_lines(&format!(
                "Operations of the `{group}` group; get one with [`Client::{group}`](crate::Client::{group})."
            ));
            Piece::Items(quote! {
                #doc
                ///
                /// Settings given with [`with_options`](Self::with_options) apply to
                /// every call made through this value.
                #[derive(Debug, Clone)]
                pub struct #struct_name<'a> {
                    client: &'a crate::Client,
                    options: ::std::option::Option<crate::RequestOptions>,
                }
            })
        }));
        let chunks = ops.len().div_ceil(OPERATIONS_PER_PART).max(1);
        for chunk in 0..chunks {
            let (group, ops) = (group.clone(), ops.clone());
            let lib_name = lib_name.to_string();
            parts.push(Arc::new(move || {
                let struct_name = group_struct(&group);
                let start = chunk * OPERATIONS_PER_PART;
                let end = (start + OPERATIONS_PER_PART).min(ops.len());
                let methods = ops[start..end]
                    .iter()
                    .map(|op| operation(api, op, &group, &lib_name));
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
                Piece::ImplItems {
                    header: quote!(impl<'a> #struct_name<'a>),
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

/// How a parameter's value is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Write {
    /// A string, number, boolean or enum: its `Display` text.
    Text,
    /// Anything else: through `crate::runtime`, as its style says.
    Styled,
    /// A required constant: not an argument; its only value is sent.
    Fixed,
}

fn write_of(api: &Api, p: &Param) -> Write {
    let resolved = api.resolve_alias(&p.ty);
    let named = |id: &crate::ir::TypeId| &api.types[id.0].kind;
    match resolved {
        TypeRef::Named(id) if p.required && matches!(named(id), TypeKind::Const(_)) => Write::Fixed,
        _ if p.style == ParamStyle::Json => Write::Styled,
        TypeRef::String | TypeRef::Integer(_) | TypeRef::Float(_) | TypeRef::Bool => {
            match p.style {
                ParamStyle::Label | ParamStyle::Matrix => Write::Styled,
                _ => Write::Text,
            }
        }
        TypeRef::Named(id) if matches!(named(id), TypeKind::Enum(_)) => match p.style {
            ParamStyle::Label | ParamStyle::Matrix => Write::Styled,
            _ => Write::Text,
        },
        _ => Write::Styled,
    }
}

/// Whether a parameter is passed by reference (`&str`, `&[T]`, `&T`).
fn by_reference(api: &Api, p: &Param) -> bool {
    match api.resolve_alias(&p.ty) {
        TypeRef::String
        | TypeRef::Array(_)
        | TypeRef::Map(_)
        | TypeRef::Tuple(_)
        | TypeRef::Json
        | TypeRef::Bytes => true,
        TypeRef::Named(id) => matches!(
            api.types[id.0].kind,
            TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Newtype(_)
        ),
        _ => false,
    }
}

/// The argument type of a parameter: `&str` for strings, a slice for
/// arrays, a reference for structured values, the value otherwise.
fn param_type(api: &Api, p: &Param) -> TokenStream {
    let ty = match api.resolve_alias(&p.ty) {
        TypeRef::String => quote!(&str),
        TypeRef::Array(inner) => {
            let inner = type_tokens(api, inner, &models());
            quote!(&[#inner])
        }
        other if by_reference(api, p) => {
            let ty = type_tokens(api, other, &models());
            quote!(&#ty)
        }
        other => type_tokens(api, other, &models()),
    };
    if p.required {
        ty
    } else {
        quote!(::std::option::Option<#ty>)
    }
}

fn style_tokens(style: ParamStyle) -> TokenStream {
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
fn add_param(api: &Api, p: &Param, write: Write) -> TokenStream {
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
fn fixed_value(api: &Api, p: &Param) -> TokenStream {
    let ty = type_tokens(api, api.resolve_alias(&p.ty), &models());
    quote!(<#ty as ::std::default::Default>::default())
}

fn operation(api: &Api, op: &Operation, group: &str, lib_name: &str) -> TokenStream {
    let name = ident(&op.name);
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
        let arg = ident(&p.name);
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
    let docs = operation_docs(api, op, group, lib_name);
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
        let arg = ident(&p.name);
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

/// A decoder that reads each documented status's body as its variant of the
/// union (`None` for a status without a body when the type is `Option`), and
/// any other status's as whichever variant reads it.
fn status_decoder(api: &Api, by: &ByStatus, optional: bool) -> TokenStream {
    // The union may have become an alias of an equal one.
    let named = TypeRef::Named(by.union);
    let TypeRef::Named(target) = api.resolve_alias(&named) else {
        return decoder(Encoding::Json);
    };
    let union = type_tokens(api, &TypeRef::Named(*target), &models());
    let TypeKind::Union(u) = &api.types[target.0].kind else {
        return decoder(Encoding::Json);
    };
    // Exact statuses first, then ranges, then `default`: Rust takes the
    // first arm that matches.
    let rank = |status: &str| match status {
        "default" => 2,
        s if s.ends_with("XX") || s.ends_with("xx") => 1,
        _ => 0,
    };
    let mut arms: Vec<&StatusArm> = by.arms.iter().collect();
    arms.sort_by_key(|a| rank(&a.status));
    let mut tokens = Vec::new();
    let mut has_default = false;
    for arm in arms {
        let pattern = match rank(&arm.status) {
            2 => {
                has_default = true;
                quote!(_)
            }
            1 => {
                let Some(first) = arm.status[..1].parse::<u16>().ok().map(|d| d * 100) else {
                    continue;
                };
                let (low, high) = (
                    Literal::u16_unsuffixed(first),
                    Literal::u16_unsuffixed(first + 99),
                );
                quote!(#low..=#high)
            }
            _ => match arm.status.parse::<u16>() {
                Ok(code) => {
                    let code = Literal::u16_unsuffixed(code);
                    quote!(#code)
                }
                Err(_) => continue,
            },
        };
        let value = match &arm.variant {
            None if optional => quote!(::std::result::Result::Ok(::std::option::Option::None)),
            // A status without a body reads as the union would.
            None => continue,
            Some(variant) => {
                let name = ident(variant);
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
fn decoder(decoding: Encoding) -> TokenStream {
    match decoding {
        Encoding::Text => quote!(crate::runtime::text),
        Encoding::Binary => quote!(crate::runtime::bytes),
        _ => quote!(crate::runtime::json),
    }
}

/// The statements that put `body` (a reference) into `request`, in its
/// encoding.
fn set_body(api: &Api, body: &Body) -> TokenStream {
    // A range (`*/*`, `image/*`) is what the API accepts, not a type to send.
    let media_type = match body.media_type.contains('*') {
        true => "application/octet-stream",
        false => body.media_type.as_str(),
    };
    match body.encoding {
        Encoding::Json if media_type == "application/json" => {
            quote!(request.json_body(body)?;)
        }
        Encoding::Json => quote!(request.json_body_as(body, #media_type)?;),
        Encoding::Form => quote!(request.form_body(body)?;),
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
fn multipart_parts(api: &Api, ty: &TypeRef) -> TokenStream {
    let fields = match api.resolve_alias(ty) {
        TypeRef::Named(id) => match &api.types[id.0].kind {
            TypeKind::Struct(s) if s.fields.iter().any(|f| is_file(api, &f.ty)) => s,
            _ => return quote!(form.fields(body)?;),
        },
        _ => return quote!(form.fields(body)?;),
    };
    let mut out = TokenStream::new();
    for field in &fields.fields {
        let wire = field.wire_name.as_str();
        let name = ident(&field.name);
        if !is_file(api, &field.ty) {
            // `None` serializes as `null`, which adds no part.
            out.extend(quote!(form.value(#wire, &body.#name)?;));
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
        let map = ident(&map);
        out.extend(quote! {
            for (name, value) in &body.#map {
                form.value(name, value)?;
            }
        });
    }
    out
}

/// Whether a field holds a file (bytes) or files.
fn is_file(api: &Api, ty: &TypeRef) -> bool {
    match api.resolve_alias(ty) {
        TypeRef::Bytes => true,
        TypeRef::Array(item) => api.resolve_alias(item) == &TypeRef::Bytes,
        _ => false,
    }
}

/// How a parameter value becomes its wire text.
fn param_value(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::ToString::to_string(#value)),
        _ => quote!(::std::string::ToString::to_string(&#value)),
    }
}

/// Appends literal path text (a `char` when it is one, as clippy prefers).
fn push_literal(literal: &str) -> Option<TokenStream> {
    let mut chars = literal.chars();
    match (chars.next(), chars.next()) {
        (None, _) => None,
        (Some(c), None) => Some(quote!(path.push(#c);)),
        _ => Some(quote!(path.push_str(#literal);)),
    }
}

/// Builds the request path from the template, each path parameter
/// percent-encoded as one segment.
fn path_building(api: &Api, op: &Operation) -> TokenStream {
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
                let arg = ident(&p.name);
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

fn operation_docs(api: &Api, op: &Operation, group: &str, lib_name: &str) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(summary);
        text.push_str("\n\n");
    }
    if let Some(note) = &op.deprecation_note {
        text.push_str(&format!("**Deprecated:** {note}"));
        let replacement = op
            .replaced_by
            .as_ref()
            .and_then(|id| api.operations.iter().find(|o| &o.operation_id == id));
        if let Some(new) = replacement {
            let group = new.group.clone().unwrap_or_else(|| UNTAGGED.to_string());
            let path = format!(
                "crate::apis::{}::{}",
                group_struct(&group),
                unraw(&new.name)
            );
            text.push_str(&format!(
                " In this client: [`{}().{}`]({path}).",
                unraw(&group),
                unraw(&new.name)
            ));
        }
        text.push_str("\n\n");
    }
    if let Some(description) = &op.description {
        if op.summary.as_deref() != Some(description.as_str()) {
            text.push_str(description);
            text.push_str("\n\n");
        }
    }
    text.push_str(&format!(
        "{} (operation {})",
        code_span(&format!("{} {}", op.method, op.path)),
        code_span(&op.operation_id)
    ));
    let params: Vec<String> = op
        .params
        .iter()
        .filter(|p| write_of(api, p) != Write::Fixed)
        .map(|p| {
            let docs = p
                .docs
                .as_deref()
                .map(|d| format!(": {}", d.replace('\n', " ")))
                .unwrap_or_default();
            format!(
                "- `{}`: {} parameter {}{docs}",
                unraw(&p.name),
                location_name(p.location),
                code_span(&p.wire_name)
            )
        })
        .collect();
    let fixed: Vec<String> = op
        .params
        .iter()
        .filter(|p| write_of(api, p) == Write::Fixed)
        .filter_map(|p| {
            let TypeRef::Named(id) = api.resolve_alias(&p.ty) else {
                return None;
            };
            let TypeKind::Const(c) = &api.types[id.0].kind else {
                return None;
            };
            Some(format!(
                "{} parameter {} = {}",
                location_name(p.location),
                code_span(&p.wire_name),
                code_span(&c.text())
            ))
        })
        .collect();
    if !fixed.is_empty() {
        text.push_str(&format!(
            "\n\nAlways sends {}: the spec allows no other value.",
            fixed.join(", ")
        ));
    }
    if !params.is_empty() {
        text.push_str("\n\n# Arguments\n\n");
        text.push_str(&params.join("\n"));
        if let Some(body) = &op.body {
            text.push_str(&format!(
                "\n- `body`: the request body ({})",
                code_span(&body.media_type)
            ));
        }
    }
    if !op.response_notes.is_empty() {
        text.push_str("\n\n# Responses\n\n");
        let items: Vec<String> = op.response_notes.iter().map(|l| format!("- {l}")).collect();
        text.push_str(&items.join("\n"));
    }
    if !op.limitations.is_empty() {
        text.push_str("\n\n# Limitations\n\n");
        let items: Vec<String> = op.limitations.iter().map(|l| format!("- {l}")).collect();
        text.push_str(&items.join("\n"));
    }
    text.push_str("\n\n# Example\n\n");
    text.push_str(&doc_example(api, op, group, lib_name));
    let attrs = doc_attrs(Some(&text));
    quote!(#attrs)
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// A compiled (`no_run`) example of calling the operation.
fn doc_example(api: &Api, op: &Operation, group: &str, lib_name: &str) -> String {
    let mut setup = Vec::new();
    let mut args = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| write_of(api, p) != Write::Fixed)
    {
        let placeholder = match (api.resolve_alias(&p.ty), p.required) {
            (_, false) => "None".to_string(),
            // A Rust string literal, whatever the name holds.
            (TypeRef::String, true) => format!("{:?}", format!("<{}>", p.wire_name)),
            (TypeRef::Integer(_), true) => "1".to_string(),
            (TypeRef::Float(_), true) => "1.0".to_string(),
            (TypeRef::Bool, true) => "true".to_string(),
            (_, true) => {
                setup.push(format!("# let {} = unimplemented!();", unraw(&p.name)));
                unraw(&p.name).to_string()
            }
        };
        args.push(placeholder);
    }
    if let Some(body) = &op.body {
        setup.push(match &body.ty {
            TypeRef::Named(id) => format!(
                "let body: {lib_name}::models::{} = serde_json::from_str(\"{{}}\")?; // your request body",
                api.types[id.0].name
            ),
            TypeRef::Json => {
                "let body: serde_json::Value = serde_json::from_str(\"{}\")?; // your request body"
                    .to_string()
            }
            TypeRef::String => "let body = String::new(); // your request body".to_string(),
            TypeRef::Bytes => "let body: Vec<u8> = Vec::new(); // your request body".to_string(),
            _ => "let body = Default::default(); // your request body".to_string(),
        });
        args.push(if body.required {
            "&body".to_string()
        } else {
            "Some(&body)".to_string()
        });
    }
    let client = client_alias(api).unwrap_or_else(|| "Client".to_string());
    let deprecated_allow = if op.deprecated {
        "# #![allow(deprecated)]\n"
    } else {
        ""
    };
    format!(
        "```no_run\n{deprecated_allow}# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\nlet client = {lib_name}::{client}::builder()\n    .api_key(std::env::var(\"API_KEY\")?)\n    .build()?;\n{}{}let response = client.{}().{}({}).await?;\nprintln!(\"{{response:?}}\");\n# Ok(())\n# }}\n```",
        setup.join("\n"),
        if setup.is_empty() { "" } else { "\n" },
        group,
        op.name,
        args.join(", ")
    )
}
