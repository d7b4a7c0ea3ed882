//! `src/client.rs`: servers, the client's entry points and one accessor per
//! operation group.

use proc_macro2::TokenStream;
use quote::quote;

use super::features::cfg_any;
use super::rust::doc_lines;
use crate::docs::code_span;
use crate::ir::Api;
use crate::naming::{Namer, type_name};

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
                namer.ident(s.name.to_string()).to_ident(),
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
    let accessors = api.groups.iter().enumerate().map(|(i, group)| {
        let cfg = cfg_any(api, &[api.features.groups[i]]);
        let struct_name = group.struct_name.to_ident();
        let accessor = group.accessor.to_ident();
        let count = group.operations.len();
        let doc = doc_lines(&format!(
            "The {count} operation{} of the `{}` group.",
            if count == 1 { "" } else { "s" },
            group.accessor.bare()
        ));
        quote! {
            #doc
            #cfg
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
