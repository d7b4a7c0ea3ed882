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
        //! Every example in the spec, deserialized into its generated type,
        //! compared with the typed value it must give, and serialized back to
        //! the same JSON.
        #![allow(clippy::approx_constant, clippy::excessive_precision, clippy::unreadable_literal)]

        /// JSON equality where numbers compare by value (`1` equals `1.0`),
        /// as JSON itself defines them.
        fn same_json(a: &::serde_json::Value, b: &::serde_json::Value) -> bool {
            use ::serde_json::Value;
            match (a, b) {
                (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
                (Value::Array(x), Value::Array(y)) => {
                    x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
                }
                (Value::Object(x), Value::Object(y)) => {
                    x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
                }
                _ => a == b,
            }
        }

        /// Deserializes `text` as `T`, checks it serializes back to the same
        /// JSON, and returns the value for typed checks.
        fn round_trip<T>(text: &str) -> T
        where
            T: ::serde::de::DeserializeOwned + ::serde::Serialize,
        {
            let json: ::serde_json::Value = ::serde_json::from_str(text).expect("the example is valid JSON");
            let parsed: T = match ::serde_json::from_value(json.clone()) {
                Ok(parsed) => parsed,
                Err(error) => panic!("the example does not deserialize: {error}\n{text}"),
            };
            let back = ::serde_json::to_value(&parsed).expect("the value serializes");
            assert!(same_json(&json, &back), "round trip changed the JSON:\n  spec: {json}\n  back: {back}");
            parsed
        }

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
