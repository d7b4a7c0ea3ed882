//! `tests/examples.rs`: one test per example in the spec.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::rust::{doc_lines, ident};
use super::value::{example_type, expected};
use crate::ir::{Api, Example};

pub fn examples_rs(api: &Api, lib_name: &str) -> TokenStream {
    let krate = Ident::new(lib_name, Span::call_site());
    let models = quote!(#krate::models::);
    let tests = api.examples.iter().map(|e| example_test(api, e, &models));
    quote! {
        //! One test per example in the spec.
        #![allow(clippy::approx_constant, clippy::excessive_precision, clippy::unreadable_literal)]

        use super::round_trip;

        #(#tests)*
    }
}

fn example_test(api: &Api, e: &Example, models: &TokenStream) -> TokenStream {
    let name = ident(&e.name);
    let ty = example_type(api, &e.ty, e.nullable, models);
    let text = e.value.to_string();
    let mut doc = format!("Example at `{}`.", e.origin.replace('`', "'"));
    if let Some(d) = &e.docs {
        doc = format!("{doc}\n\n{d}");
    }
    let doc = doc_lines(&doc);
    let typed = if e.nullable && e.value.is_null() {
        Some(quote!(::std::option::Option::None))
    } else {
        expected(api, &e.ty, &e.value, models).map(|v| {
            if e.nullable {
                quote!(::std::option::Option::Some(#v))
            } else {
                v
            }
        })
    };
    let check = typed.map(|v| {
        quote! {
            let expected: #ty = #v;
            assert_eq!(parsed, expected);
        }
    });
    let binding = if check.is_some() {
        quote!(parsed)
    } else {
        quote!(_parsed)
    };
    quote! {
        #doc
        #[test]
        fn #name() {
            let #binding: #ty = round_trip(#text);
            #check
        }
    }
}
