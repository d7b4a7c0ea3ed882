//! The crate's `Cargo.toml` and `src/lib.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

/// The generated crate's manifest, for the package `crate_name`.
/// Dependencies are the few the generated code uses; the README explains
/// each.
pub fn cargo_toml(api: &Api, crate_name: &str) -> String {
    let description = toml_escape(&format!(
        "Typed Rust client for the {} (generated from its OpenAPI spec)",
        api.title
    ));
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
rust-version = "1.85"
description = "{description}"
publish = false

[dependencies]
{chrono}fastrand = "2"
futures-util = {{ version = "0.3.30", default-features = false }}
httpdate = "1"
percent-encoding = "2.3"
reqwest = {{ version = "0.12.28", default-features = false, features = ["rustls-tls"] }}
serde = {{ version = "1.0.200", features = ["derive"] }}
serde_json = "1.0.120"
tokio = {{ version = "1.40", features = ["time"] }}
tracing = {{ version = "0.1.40", default-features = false, features = ["std"] }}
{uuid}
[dev-dependencies]
tokio = {{ version = "1.40", features = ["macros", "rt-multi-thread", "time"] }}
wiremock = "0.6"
{features}"#,
        name = crate_name,
        features = super::features::features_toml(api),
        // Only where some type is a typed format (`DateTime`, `Uuid`...).
        chrono = if super::formats::uses_dates(api) {
            super::formats::CHRONO_DEPENDENCY
        } else {
            ""
        },
        uuid = if super::formats::uses_uuids(api) {
            super::formats::UUID_DEPENDENCY
        } else {
            ""
        },
    )
}

/// The inside of a TOML basic string: quotes and backslashes escaped, and
/// control characters (a spec title may hold newlines) made spaces, since
/// cargo passes the description to rustc in an environment variable.
fn toml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn lib_rs(api: &Api) -> TokenStream {
    let webhooks = (!api.webhooks.is_empty()).then(|| {
        let cfg = api
            .features
            .webhooks
            .map(|f| super::features::cfg_any(api, &[f]));
        quote! {
            #cfg
            #[rustfmt::skip]
            pub mod webhooks;
        }
    });
    let alias = super::client::client_alias(api).map(|name| {
        let name = super::rust::ident(&name);
        let doc = " The client, named after the API: the same type as [`Client`].";
        quote! {
            #[doc = #doc]
            pub type #name = Client;
        }
    });
    let formats = super::formats::lib_items(api);
    let reexports = crate::runtime_api::REEXPORTS
        .iter()
        .copied()
        .map(super::rust::ident);
    // The title and version are one line each, whatever the spec holds.
    let one_line = |s: &str| crate::docs::escape_invisible(s).into_owned();
    let mut docs = format!(
        "# {} {}\n\nA typed client for this API, generated from its OpenAPI spec.",
        one_line(&api.title),
        one_line(&api.version)
    );
    if let Some(d) = &api.description {
        docs = format!("{docs}\n\n{d}");
    }
    let docs: Vec<String> = docs
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {}", crate::docs::escape_invisible(l))
            }
        })
        .collect();
    quote! {
        #(#![doc = #docs])*
        // Descriptions come from the spec: their links and HTML are its own.
        #![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]
        #![allow(clippy::doc_lazy_continuation)]

        #[rustfmt::skip]
        pub mod apis;
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod models;
        mod same_json;
        mod runtime;
        #webhooks

        #formats

        pub use client::Server;
        /// The HTTP client crate this client is built on, for naming its
        /// types in hooks and in `ClientBuilder::http_client` at the
        /// version the client uses.
        pub use reqwest;
        // prettyplease and rustfmt break a long list differently.
        #[rustfmt::skip]
        pub use runtime::{#(#reexports),*};

        #alias
    }
}
