//! `src/client.rs`: servers, the client's entry points and one accessor per
//! operation group.

use proc_macro2::TokenStream;
use quote::quote;

use super::features::cfg_any;
use super::rust::doc_lines;
use crate::docs::code_span;
use crate::ir::{Api, ParamLocation, SecurityKind, SecurityScheme};
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
    let taken = |name: &str| {
        crate::runtime_api::ROOT_TYPES.contains(&name)
            || crate::runtime_api::FORMAT_TYPES.contains(&name)
    };
    (!name.is_empty() && name.len() <= 40 && !taken(&name)).then_some(name)
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
    let client_params = api.client_params.iter().map(|c| {
        let setter = c.setter.to_ident();
        let wire = &c.wire_name;
        let doc = doc_lines(&format!(
            "Sets the header `{wire}` for every operation that takes it (a call can \
             still give its own); an operation that needs it fails with \
             [`Error::InvalidRequest`](crate::Error::InvalidRequest) when neither \
             does.{}",
            c.docs
                .as_deref()
                .map(|d| format!("\n\n{d}"))
                .unwrap_or_default()
        ));
        quote! {
            #doc
            pub fn #setter(self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.client_param(#wire, value.into())
            }
        }
    });
    let setters = api.security.iter().map(setter);
    let schemes = api.security.iter().map(scheme_const);
    let security = (!api.security.is_empty()).then(|| {
        quote! {
            /// The spec's security schemes, as operations name them.
            pub(crate) mod security {
                #(#schemes)*
            }
        }
    });
    quote! {
        //! Servers and the client's entry points.

        #server_enum

        #security

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

            #(#client_params)*

            #(#setters)*
        }
    }
}

/// The name of the constant that declares `scheme` in `client::security`.
pub(crate) fn scheme_const_name(scheme: &SecurityScheme) -> proc_macro2::Ident {
    quote::format_ident!("{}", scheme.setter.bare().to_ascii_uppercase())
}

/// The constant that declares `scheme` for the runtime: its key, its
/// setter and how it is sent.
fn scheme_const(scheme: &SecurityScheme) -> TokenStream {
    let name = scheme_const_name(scheme);
    let key = &scheme.key;
    let setter = scheme.setter.bare();
    let apply = match &scheme.kind {
        SecurityKind::Bearer | SecurityKind::AccessToken { .. } => quote!(Bearer),
        SecurityKind::Basic => quote!(Basic),
        SecurityKind::Authorization { .. } => quote!(Authorization),
        SecurityKind::ApiKey { location, name } => match location {
            ParamLocation::Query => quote!(Query(#name)),
            ParamLocation::Cookie => quote!(Cookie(#name)),
            _ => quote!(Header(#name)),
        },
    };
    let doc = doc_lines(&format!("The `{key}` scheme."));
    quote! {
        #doc
        pub(crate) const #name: crate::runtime::Scheme = crate::runtime::Scheme {
            key: #key,
            setter: #setter,
            apply: crate::runtime::Apply::#apply,
        };
    }
}

/// The builder's setter for `scheme`'s credential, documented with how it
/// is sent.
fn setter(scheme: &SecurityScheme) -> TokenStream {
    let name = scheme.setter.to_ident();
    let key = code_span(&scheme.key);
    let how = match &scheme.kind {
        SecurityKind::Bearer => "sent as `Authorization: Bearer <token>`".to_string(),
        SecurityKind::AccessToken { flow } => format!(
            "an access token you obtained ({flow}; the client runs no token flow), sent as \
             `Authorization: Bearer <token>`"
        ),
        SecurityKind::Basic => {
            "a user name and password, sent as `Authorization: Basic ...`".to_string()
        }
        SecurityKind::Authorization { scheme } => format!(
            "the whole `Authorization` header value for the `{scheme}` scheme, sent as given"
        ),
        SecurityKind::ApiKey { location, name } => {
            let place = match location {
                ParamLocation::Query => "query parameter",
                ParamLocation::Cookie => "cookie",
                _ => "header",
            };
            format!("sent exactly as given in the {place} {}", code_span(name))
        }
    };
    let mut text = format!(
        "The credential of the security scheme {key}: {how}. It never appears in `Debug` \
         output or logs. Operations that accept this scheme send it."
    );
    if let Some(docs) = &scheme.docs {
        text.push_str("\n\n");
        text.push_str(docs);
    }
    let doc = doc_lines(&text);
    let key = &scheme.key;
    if scheme.kind == SecurityKind::Basic {
        quote! {
            #doc
            pub fn #name(
                self,
                user: impl ::std::convert::Into<::std::string::String>,
                password: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.credential(#key, crate::runtime::Secret::Basic {
                    user: user.into(),
                    password: password.into(),
                })
            }
        }
    } else {
        quote! {
            #doc
            pub fn #name(self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.credential(#key, crate::runtime::Secret::Token(token.into()))
            }
        }
    }
}
