//! `cfg` attributes from the features the IR gives each group, webhook and
//! type, and the `[features]` table of the manifest.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, FeatureId, FeatureKind, TypeId, TypeRef};

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", ...))]` for
/// several: what compiles an item when any of `features` is on.
pub fn cfg_any(api: &Api, features: &[FeatureId]) -> TokenStream {
    match any_of(api, features) {
        Some(predicate) => quote!(#[cfg(#predicate)]),
        None => TokenStream::new(),
    }
}

/// The predicate `feature = "a"` or `any(...)`; `None` for no features.
fn any_of(api: &Api, features: &[FeatureId]) -> Option<TokenStream> {
    if api.features.off {
        return None;
    }
    let names: Vec<&str> = features.iter().map(|&f| api.features.name(f)).collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(quote!(feature = #one)),
        many => Some(quote!(any(#(feature = #many),*))),
    }
}

/// What compiles code that names every generated type in `ty`: each of
/// them must be compiled. Empty when `ty` names none.
pub fn cfg_for_type(api: &Api, ty: &TypeRef) -> TokenStream {
    let mut ids = Vec::new();
    named(ty, &mut ids);
    ids.sort();
    ids.dedup();
    let mut sets: Vec<&[FeatureId]> = ids.iter().map(|&id| api.features.of(id)).collect();
    sets.sort();
    sets.dedup();
    let mut predicates: Vec<TokenStream> = sets.iter().filter_map(|s| any_of(api, s)).collect();
    match predicates.len() {
        0 => TokenStream::new(),
        1 => {
            let p = predicates.remove(0);
            quote!(#[cfg(#p)])
        }
        _ => quote!(#[cfg(all(#(#predicates),*))]),
    }
}

/// The generated types a type reference names, directly.
fn named(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Array(inner) | TypeRef::Nullable(inner) | TypeRef::Map(inner) => named(inner, out),
        TypeRef::Tuple(items) => items.iter().for_each(|t| named(t, out)),
        _ => {}
    }
}

/// `tokens`, a list of items, with `attr` on each of them. The items
/// (a type and its impls) are parsed to find where each starts; tokens that
/// do not parse as items are returned as they are, which the format stage
/// then reports.
pub fn gate_items(attr: &TokenStream, tokens: TokenStream) -> TokenStream {
    if attr.is_empty() {
        return tokens;
    }
    let Ok(file) = syn::parse2::<syn::File>(tokens.clone()) else {
        return tokens;
    };
    let items = file.items;
    quote!(#(#attr #items)*)
}

/// The manifest's `[features]` table: every feature on by default, each
/// with a comment saying what it compiles.
pub fn features_toml(api: &Api) -> String {
    let features = &api.features.list;
    if features.is_empty() {
        return String::new();
    }
    let names: Vec<String> = features.iter().map(|f| format!("\"{}\"", f.name)).collect();
    let mut out = String::from(
        "\n# One feature per operation group, one for the webhooks and one for the\n\
         # types no operation uses, all on by default. With `default-features = false`\n\
         # and some of them, only their operations and the types those reach compile.\n\
         [features]\n",
    );
    out.push_str(&format!("default = [{}]\n", names.join(", ")));
    for f in features {
        let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let what = match f.kind {
            FeatureKind::Group(g) => {
                let group = &api.groups[g.0];
                format!(
                    "`Client::{}`: {}",
                    group.accessor.bare(),
                    plural(group.operations.len(), "operation")
                )
            }
            FeatureKind::Webhooks => format!(
                "the `webhooks` module: {}",
                plural(api.webhooks.len(), "webhook")
            ),
            FeatureKind::Unreached => "the types that no operation or webhook uses".to_string(),
        };
        out.push_str(&format!("# {what}\n{} = []\n", f.name));
    }
    out
}
