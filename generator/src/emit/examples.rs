//! `tests/examples/cases.rs`: one test per example in the spec.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::Part;
use super::features::cfg_for_type;
use super::rust::doc_lines;
use super::value::{example_type, expected};
use crate::ir::{Api, Example, ExampleCheck};

pub fn examples_parts<'a>(api: &'a Api, lib_name: &str) -> Vec<Part<'a>> {
    let krate = lib_name.to_string();
    super::item_parts(
        &api.examples,
        move || {
            // Import only the helpers some test uses.
            let mut helpers = Vec::new();
            let (rejected, round_trip, round_trip_to) = helpers_used(api);
            for (helper, used) in [
                ("rejected", rejected),
                ("round_trip", round_trip),
                ("round_trip_to", round_trip_to),
            ] {
                if used {
                    helpers.push(Ident::new(helper, Span::call_site()));
                }
            }
            let imports = (!helpers.is_empty()).then(|| quote!(use super::{#(#helpers),*};));
            quote! {
                //! One test per example in the spec.
                #![allow(clippy::approx_constant, clippy::excessive_precision, clippy::unreadable_literal)]
                // The crate's features may leave out every test that uses a helper.
                #![allow(unused_imports)]

                #imports
            }
        },
        move |_, examples| {
            let krate = Ident::new(&krate, Span::call_site());
            let models = quote!(#krate::models::);
            examples
                .iter()
                .map(|e| example_test(api, e, &models))
                .collect()
        },
    )
}

/// Which helpers the tests use: (rejected, round_trip, round_trip_to).
fn helpers_used(api: &Api) -> (bool, bool, bool) {
    let any = |f: fn(&ExampleCheck) -> bool| api.examples.iter().any(|e| f(&e.check));
    (
        any(|c| matches!(c, ExampleCheck::Rejected { .. })),
        any(|c| matches!(c, ExampleCheck::RoundTrip)),
        any(|c| matches!(c, ExampleCheck::Changes { .. })),
    )
}

/// The example's test, compiled when the features its type needs are on.
fn example_test(api: &Api, e: &Example, models: &TokenStream) -> TokenStream {
    let cfg = cfg_for_type(api, &e.ty);
    let test = example_test_fn(api, e, models);
    quote!(#cfg #test)
}

fn example_test_fn(api: &Api, e: &Example, models: &TokenStream) -> TokenStream {
    let name = e.name.to_ident();
    let ty = example_type(api, &e.ty, e.nullable, models);
    let text = e.value.to_string();
    let mut doc = format!("Example at {}.", crate::docs::code_span(&e.origin));
    if let Some(d) = &e.docs {
        doc = format!("{doc}\n\n{d}");
    }
    let notes = |intro: &str, notes: &[String]| {
        let items: Vec<String> = notes.iter().map(|n| format!("- {n}")).collect();
        format!("\n\n{intro}\n\n{}", items.join("\n"))
    };
    let back = match &e.check {
        ExampleCheck::RoundTrip => None,
        ExampleCheck::Changes { back, notes: n } => {
            doc.push_str(&notes(
                "The typed value does not keep this example exactly as it is, so it writes \
                 back different JSON (checked below):",
                n,
            ));
            Some(back)
        }
        ExampleCheck::Rejected { notes: n } => {
            doc.push_str(&notes(
                "The example violates its own schema, so the client refuses it \
                 (checked below):",
                n,
            ));
            let doc = doc_lines(&doc);
            return quote! {
                #doc
                #[test]
                fn #name() {
                    rejected::<#ty>(#text);
                }
            };
        }
    };
    let doc = doc_lines(&doc);
    // The typed value is the one the JSON written back describes.
    let written = back.unwrap_or(&e.value);
    let typed = if e.nullable && written.is_null() {
        Some(quote!(::std::option::Option::None))
    } else {
        expected(api, &e.ty, written, models).map(|v| {
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
    let read = match back {
        None => quote!(round_trip(#text)),
        Some(back) => {
            let back = back.to_string();
            quote!(round_trip_to(#text, #back))
        }
    };
    quote! {
        #doc
        #[test]
        fn #name() {
            let #binding: #ty = #read;
            #check
        }
    }
}
