//! The crate's `Cargo.toml` and `src/lib.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::Options;
use crate::ir::Api;

/// The generated crate's manifest. Dependencies are the few the generated
/// code uses; the README explains each.
pub fn cargo_toml(api: &Api, options: &Options) -> String {
    let description = format!(
        "Typed Rust client for the {} (generated from its OpenAPI spec)",
        api.title
    )
    .replace('\\', "\\\\")
    .replace('"', "\\\"");
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
rust-version = "1.85"
description = "{description}"
publish = false

[dependencies]
serde = {{ version = "1.0.200", features = ["derive"] }}
serde_json = "1.0.120"
"#,
        name = options.crate_name,
    )
}

pub fn lib_rs(api: &Api) -> TokenStream {
    let mut docs = format!(
        "# {} {}\n\nA typed client for this API, generated from its OpenAPI spec.",
        api.title, api.version
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
                format!(" {l}")
            }
        })
        .collect();
    quote! {
        #(#![doc = #docs])*
        // Descriptions come from the spec: their links and HTML are its own.
        #![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

        #[rustfmt::skip]
        pub mod models;
        mod runtime;
    }
}
