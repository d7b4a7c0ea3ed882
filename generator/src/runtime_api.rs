//! The runtime's API, as far as the generator must know it.
//!
//! The runtime (`templates/runtime/`) is hand-written and written out
//! verbatim, so the generator cannot ask it which names it takes; these
//! lists say it instead. Generated names keep clear of them: a group
//! accessor named like one of the client's own methods would not compile,
//! or would hide a trait method. The tests below read the templates with
//! `syn`, and a generated crate, and fail when a list and the code part
//! ways.

/// The client's methods besides the group accessors: the runtime's own,
/// private ones included (two inherent methods of one name do not
/// compile), those of the traits it implements or derives (a group named
/// `clone` would hide `Clone::clone`), and `builder`, which the generated
/// `client.rs` adds. A group must not be named after one of them.
pub(crate) const CLIENT_METHODS: &[&str] = &[
    "builder",
    "base_url",
    "client_param",
    "send",
    "send_with",
    "exchange",
    "prepare",
    "attempt",
    "clone",
    "fmt",
];

/// The client builder's methods besides the security schemes' setters:
/// the runtime's own, private ones included, those of the traits it
/// implements or derives, and `server`, which the generated `client.rs`
/// adds. A scheme's setter must not be named after one of them.
pub(crate) const BUILDER_METHODS: &[&str] = &[
    "new",
    "credential",
    "client_param",
    "base_url",
    "http_client",
    "timeout",
    "retry",
    "max_response_bytes",
    "user_agent",
    "hook",
    "build",
    "server",
    "clone",
    "fmt",
];

/// The methods every generated group has besides its operations; an
/// operation's method must not be named after one of them.
pub(crate) const GROUP_METHODS: &[&str] = &["new", "with_options"];

/// The runtime's public types, which the generated crate re-exports at its
/// root (`pub use runtime::{...}`), in this order.
///
/// Every `pub` item of the runtime is here, and nothing else is `pub`:
/// what users name is `pub` and re-exported, what only generated code
/// calls is `pub(crate)`. A `pub` item that is not re-exported could not
/// be named by users, so the test reports it.
pub(crate) const REEXPORTS: &[&str] = &[
    "ApiError",
    "Attempt",
    "AttemptError",
    "BuildError",
    "Client",
    "ClientBuilder",
    "Error",
    "Hook",
    "HookError",
    "HookResponse",
    "RequestOptions",
    "ResponseFuture",
    "RetryPolicy",
];

/// The typed string formats' types, which a crate that uses them
/// re-exports at its root (see `emit/formats.rs`); the client's alias
/// must not be named after them either.
pub(crate) const FORMAT_TYPES: &[&str] = &["Date", "DateTime", "Uuid"];

/// The types at the generated crate's root that the client's alias
/// (`pub type Kombo = Client;`) must not be named after, besides
/// [`FORMAT_TYPES`]: the re-exported runtime types ([`REEXPORTS`]) and the
/// generated `Server` enum.
pub(crate) const ROOT_TYPES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "ApiError",
    "RetryPolicy",
    "RequestOptions",
    "BuildError",
    "Hook",
    "HookError",
    "HookResponse",
    "Attempt",
    "AttemptError",
    "ResponseFuture",
    "Server",
];

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use syn::{Attribute, ImplItem, Item, Type, UseTree, Visibility};

    use super::*;
    use crate::GeneratedCrate;
    use crate::emit::RUNTIME;

    fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
        names.into_iter().map(str::to_owned).collect()
    }

    /// Every runtime file as syn reads it, by its name (`client.rs`).
    fn runtime() -> BTreeMap<&'static str, syn::File> {
        RUNTIME
            .iter()
            .map(|(path, text)| {
                let name = path.rsplit('/').next().unwrap_or(path);
                let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
                (name, file)
            })
            .collect()
    }

    /// The last segment of a type's path (`Client` for `crate::Client`).
    fn type_name(ty: &Type) -> Option<String> {
        match ty {
            Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        }
    }

    fn methods(items: &[ImplItem]) -> impl Iterator<Item = String> + '_ {
        items.iter().filter_map(|item| match item {
            ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
    }

    /// The methods that a type's derives give it.
    fn derived_methods(attrs: &[Attribute]) -> Vec<String> {
        let mut found = Vec::new();
        for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
            attr.parse_nested_meta(|meta| {
                let name = meta.path.segments.last().map(|s| s.ident.to_string());
                let method = match name.as_deref() {
                    Some("Clone") => "clone",
                    Some("Debug") => "fmt",
                    Some("Default") => "default",
                    other => panic!("derive {other:?}: add the methods it gives to this test"),
                };
                found.push(method.to_owned());
                Ok(())
            })
            .expect("a derive list");
        }
        found
    }

    /// The methods of the impl blocks in `file` whose type is named
    /// `self_type` (every impl block when `None`).
    fn impl_methods(file: &syn::File, self_type: Option<&str>) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        for item in &file.items {
            if let Item::Impl(block) = item {
                if self_type.is_none_or(|t| type_name(&block.self_ty).as_deref() == Some(t)) {
                    found.extend(methods(&block.items));
                }
            }
        }
        found
    }

    /// A crate generated from a spec with one operation, `operation_id`,
    /// in the group `tag`.
    fn generated(tag: &str, operation_id: &str) -> GeneratedCrate {
        let spec = serde_json::json!({
            "openapi": "3.0.3",
            "info": { "title": "Runtime API test", "version": "1" },
            "paths": { "/things": { "get": {
                "operationId": operation_id,
                "tags": [tag],
                "responses": { "204": { "description": "Nothing." } }
            } } }
        });
        let document = crate::load::Document {
            source: "runtime-api.json".into(),
            value: spec,
        };
        crate::generate_documents(vec![document], &crate::Options::new("runtime-api"))
            .expect("the spec generates")
    }

    fn parse(generated: &GeneratedCrate, path: &str) -> syn::File {
        syn::parse_file(&generated.files[path]).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The methods that the generated code gives every value of a type (in
    /// `path`), whatever the spec's groups and operations: those that two
    /// crates with different ones share. The type is named `self_types`
    /// in the two crates (every type when `None`), and each crate's own
    /// group accessor or operation must be `own` methods more.
    fn generated_fixed_methods(
        path: &str,
        self_types: [Option<&str>; 2],
        own: usize,
    ) -> BTreeSet<String> {
        let one = impl_methods(&parse(&generated("alpha", "alphaOne"), path), self_types[0]);
        let two = impl_methods(&parse(&generated("beta", "betaTwo"), path), self_types[1]);
        let shared: BTreeSet<String> = one.intersection(&two).cloned().collect();
        assert_eq!(one.len(), shared.len() + own, "{one:?}");
        assert_eq!(two.len(), shared.len() + own, "{two:?}");
        shared
    }

    #[test]
    fn client_methods_are_the_clients_own() {
        let mut found = BTreeSet::new();
        for file in runtime().values() {
            found.extend(impl_methods(file, Some("Client")));
            for item in &file.items {
                if let Item::Struct(s) = item {
                    if s.ident == "Client" {
                        found.extend(derived_methods(&s.attrs));
                    }
                }
            }
        }
        found.extend(generated_fixed_methods(
            "src/client.rs",
            [Some("Client"); 2],
            1,
        ));
        assert_eq!(
            set(CLIENT_METHODS.iter().copied()),
            found,
            "CLIENT_METHODS (left) and the client's methods (right) differ"
        );
    }

    #[test]
    fn builder_methods_are_the_builders_own() {
        let mut found = BTreeSet::new();
        for file in runtime().values() {
            found.extend(impl_methods(file, Some("ClientBuilder")));
            for item in &file.items {
                if let Item::Struct(s) = item {
                    if s.ident == "ClientBuilder" {
                        found.extend(derived_methods(&s.attrs));
                    }
                }
            }
        }
        // The specs of `generated` declare no security schemes, so what the
        // generated code adds to the builder is all fixed.
        found.extend(impl_methods(
            &parse(&generated("alpha", "alphaOne"), "src/client.rs"),
            Some("ClientBuilder"),
        ));
        assert_eq!(
            set(BUILDER_METHODS.iter().copied()),
            found,
            "BUILDER_METHODS (left) and the builder's methods (right) differ"
        );
    }

    #[test]
    fn group_methods_are_what_every_group_has() {
        let found = generated_fixed_methods("src/apis.rs", [Some("AlphaApi"), Some("BetaApi")], 1);
        assert_eq!(
            set(GROUP_METHODS.iter().copied()),
            found,
            "GROUP_METHODS (left) and the methods every group has (right) differ"
        );
    }

    /// The `pub` items of a file.
    fn public_items(file: &syn::File) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        for item in &file.items {
            let (ident, vis) = match item {
                Item::Struct(i) => (&i.ident, &i.vis),
                Item::Enum(i) => (&i.ident, &i.vis),
                Item::Type(i) => (&i.ident, &i.vis),
                Item::Trait(i) => (&i.ident, &i.vis),
                Item::Union(i) => (&i.ident, &i.vis),
                Item::Fn(i) => (&i.sig.ident, &i.vis),
                Item::Const(i) => (&i.ident, &i.vis),
                Item::Static(i) => (&i.ident, &i.vis),
                _ => continue,
            };
            if matches!(vis, Visibility::Public(_)) {
                found.insert(ident.to_string());
            }
        }
        found
    }

    /// Every name that a file's `use` items of visibility `public` (else
    /// `pub(crate)`) bring in, with the path before it.
    fn uses(file: &syn::File, public: bool) -> Vec<(Vec<String>, String)> {
        fn leaves(tree: &UseTree, prefix: &[String], out: &mut Vec<(Vec<String>, String)>) {
            match tree {
                UseTree::Path(p) => {
                    let mut prefix = prefix.to_vec();
                    prefix.push(p.ident.to_string());
                    leaves(&p.tree, &prefix, out);
                }
                UseTree::Name(n) => out.push((prefix.to_vec(), n.ident.to_string())),
                UseTree::Group(g) => g.items.iter().for_each(|t| leaves(t, prefix, out)),
                UseTree::Rename(_) | UseTree::Glob(_) => {
                    panic!("re-export items under their own names, one by one")
                }
            }
        }
        let mut found = Vec::new();
        for item in &file.items {
            if let Item::Use(u) = item {
                let is_public = matches!(u.vis, Visibility::Public(_));
                let is_crate =
                    matches!(&u.vis, Visibility::Restricted(r) if r.path.is_ident("crate"));
                if (public && is_public) || (!public && is_crate) {
                    leaves(&u.tree, &[], &mut found);
                }
            }
        }
        found
    }

    #[test]
    fn the_runtimes_public_items_are_the_reexports() {
        let files = runtime();
        let public: BTreeSet<String> = files.values().flat_map(public_items).collect();
        assert_eq!(
            set(REEXPORTS.iter().copied()),
            public,
            "REEXPORTS (left) and the runtime's `pub` items (right) differ"
        );

        // `runtime/mod.rs` re-exports each from the file that defines it,
        // and generated code's helpers from theirs.
        let mod_rs = &files["mod.rs"];
        let mut reexported = BTreeSet::new();
        for public in [true, false] {
            for (path, name) in uses(mod_rs, public) {
                let file = format!("{}.rs", path.join("/"));
                let items = &files.get(file.as_str()).unwrap_or_else(|| panic!("{file}"));
                let defined = items.items.iter().any(|item| match item {
                    Item::Struct(i) => i.ident == name,
                    Item::Enum(i) => i.ident == name,
                    Item::Type(i) => i.ident == name,
                    Item::Trait(i) => i.ident == name,
                    Item::Fn(i) => i.sig.ident == name,
                    _ => false,
                });
                assert!(
                    defined,
                    "runtime/mod.rs re-exports {name}, which {file} lacks"
                );
                if public {
                    reexported.insert(name);
                }
            }
        }
        assert_eq!(
            set(REEXPORTS.iter().copied()),
            reexported,
            "REEXPORTS (left) and runtime/mod.rs's `pub use` (right) differ"
        );
    }

    #[test]
    fn the_alias_keeps_clear_of_every_type_at_the_crate_root() {
        let mut expected = set(REEXPORTS.iter().copied());
        expected.insert("Server".to_owned());
        assert_eq!(
            set(ROOT_TYPES.iter().copied()),
            expected,
            "ROOT_TYPES (left) is not REEXPORTS and `Server` (right)"
        );
        use crate::ir::StringFormat;
        let formats = [
            StringFormat::DateTime,
            StringFormat::Date,
            StringFormat::Uuid,
        ];
        assert_eq!(
            set(FORMAT_TYPES.iter().copied()),
            set(formats.map(StringFormat::type_name)),
        );

        let lib = parse(&generated("alpha", "alphaOne"), "src/lib.rs");
        // Besides the types, the root re-exports the `reqwest` crate: a
        // lowercase module, which no (UpperCamelCase) alias can clash with.
        let at_root: BTreeSet<String> = uses(&lib, true)
            .into_iter()
            .map(|(_, n)| n)
            .filter(|n| n != "reqwest")
            .collect();
        assert_eq!(
            expected, at_root,
            "the generated lib.rs re-exports other types (right)"
        );
    }
}
