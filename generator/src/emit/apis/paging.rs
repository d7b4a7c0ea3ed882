//! `pages()` and `items()` of a cursor-paginated operation's request: the
//! next page's cursor read from the response, the items moved out of it.

use proc_macro2::TokenStream;
use quote::quote;

use super::models;
use crate::emit::rust::{doc_lines, type_tokens};
use crate::ir::{Api, FieldStep, Operation, Pagination, Param, Presence};

/// Whether a parameter is the cursor of a paginated operation.
pub(super) fn is_cursor(op: &Operation, p: &Param) -> bool {
    op.pagination
        .as_ref()
        .is_some_and(|pg| std::ptr::eq(&op.params[pg.cursor_param], p))
}

/// `pages()` and `items()` of a paginated operation's request.
pub(super) fn paging(
    api: &Api,
    op: &Operation,
    pagination: &Pagination,
    success: &TokenStream,
    error: &TokenStream,
) -> TokenStream {
    let cursor = op.params[pagination.cursor_param].name.to_ident();
    let item = type_tokens(api, &pagination.item, &models());
    let to_next = borrowed_steps(&pagination.next);
    let to_items = owned_steps(&pagination.items);
    let next_path = field_path(&pagination.next);
    let items_path = field_path(&pagination.items);
    let pages_doc = doc_lines(&format!(
        "Every page, one request each: the next page's cursor is the response's \
         `{next_path}`, and the pages end where it is null or absent (or repeats). \
         The other settings of this request are kept on every page; an error ends \
         the stream with that error."
    ));
    let items_doc = doc_lines(&format!(
        "Every item of every page (`{items_path}`), in order, fetching pages as \
         [`pages`](Self::pages) does."
    ));
    quote! {
        #pages_doc
        pub fn pages(
            self,
        ) -> impl ::futures_util::Stream<Item = ::std::result::Result<#success, crate::Error<#error>>> + 'a {
            fn next_cursor(page: &#success) -> ::std::option::Option<::std::string::String> {
                let value = page;
                #to_next
                ::std::option::Option::Some(::std::clone::Clone::clone(value))
            }
            crate::runtime::pages(self, Self::send, |request| &mut request.#cursor, next_cursor)
        }

        #items_doc
        pub fn items(
            self,
        ) -> impl ::futures_util::Stream<Item = ::std::result::Result<#item, crate::Error<#error>>> + 'a {
            fn items_of(page: #success) -> ::std::vec::Vec<#item> {
                let value = page;
                #to_items
            }
            crate::runtime::items(self.pages(), items_of)
        }
    }
}

/// `data.next`, for docs.
fn field_path(steps: &[FieldStep]) -> String {
    let names: Vec<&str> = steps.iter().map(|s| s.name.bare()).collect();
    names.join(".")
}

/// Statements that walk `value` (a reference) down `steps`, returning
/// `None` where a field is absent or null.
fn borrowed_steps(steps: &[FieldStep]) -> TokenStream {
    let steps = steps.iter().map(|step| {
        let name = step.name.to_ident();
        match step.presence {
            Presence::Required => quote!(let value = &value.#name;),
            Presence::Optional | Presence::RequiredNullable => {
                quote!(let value = value.#name.as_ref()?;)
            }
            Presence::OptionalNullable => quote!(let value = value.#name.as_ref()?.as_ref()?;),
        }
    });
    quote!(#(#steps)*)
}

/// The body of a function that moves `value` down `steps` to a list,
/// which is empty where a field is absent or null.
fn owned_steps(steps: &[FieldStep]) -> TokenStream {
    let Some((last, before)) = steps.split_last() else {
        return quote!(value);
    };
    let before = before.iter().map(|step| {
        let name = step.name.to_ident();
        match step.presence {
            Presence::Required => quote!(let value = value.#name;),
            Presence::Optional | Presence::RequiredNullable => quote! {
                let ::std::option::Option::Some(value) = value.#name else {
                    return ::std::vec::Vec::new();
                };
            },
            Presence::OptionalNullable => quote! {
                let ::std::option::Option::Some(::std::option::Option::Some(value)) = value.#name else {
                    return ::std::vec::Vec::new();
                };
            },
        }
    });
    let name = last.name.to_ident();
    let last = match last.presence {
        Presence::Required => quote!(value.#name),
        Presence::Optional | Presence::RequiredNullable => {
            quote!(value.#name.unwrap_or_default())
        }
        Presence::OptionalNullable => quote!(value.#name.flatten().unwrap_or_default()),
    };
    quote!(#(#before)* #last)
}
