//! The injection fixture (`fixtures/injection.yaml`) puts Rust and
//! doc-comment breakers in every place where spec text reaches generated
//! code. The generated crate must declare exactly the public items the spec
//! defines, use no macro, attribute or item kind the generator does not
//! write itself, and carry no doc comment that rustdoc would run as a
//! doctest. `compile_fixtures.rs` builds the same crate clippy-clean and
//! runs its example tests.

mod common;

use std::collections::BTreeSet;
use std::str::FromStr;

use common::{crate_name, fixture, generate};
use openapi_rustgen::GeneratedCrate;
use proc_macro2::{TokenStream, TokenTree};
use serde_json::Value;
use syn::{Attribute, Fields, ImplItem, Item, Visibility};

const FIXTURE: &str = "injection.yaml";

/// Every file the generator writes from the spec (the runtime and the
/// examples' `main.rs` are verbatim templates).
const SPEC_FILES: [&str; 5] = [
    "src/lib.rs",
    "src/client.rs",
    "src/apis.rs",
    "src/models.rs",
    "tests/examples/cases.rs",
];

fn generated() -> GeneratedCrate {
    generate(&[fixture(FIXTURE)], &crate_name(FIXTURE))
}

fn spec() -> Value {
    let path = fixture(FIXTURE);
    let text = std::fs::read_to_string(&path).expect("fixture");
    openapi_rustgen::__private::parse_text(&path, &text, false).expect("fixture parses")
}

fn parse(generated: &GeneratedCrate, file: &str) -> syn::File {
    match syn::parse_file(&generated.files[file]) {
        Ok(parsed) => parsed,
        Err(e) => panic!("{file} is not valid Rust: {e}"),
    }
}

/// The doc text of some attributes, one line per `#[doc]`, as rustdoc
/// reads it.
fn doc_text(attrs: &[Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    lines.join("\n")
}

/// What the walk over a file found.
#[derive(Default)]
struct Found {
    /// `pub` items at the top level: (kind, name).
    public: BTreeSet<(String, String)>,
    /// Every associated function or const, as `Type::name`.
    associated: BTreeSet<String>,
    /// Doc texts, with where they are.
    docs: Vec<(String, String)>,
    /// Anything the generator never writes.
    problems: Vec<String>,
}

const ATTRIBUTES: [&str; 10] = [
    "doc",
    "derive",
    "serde",
    "default",
    "deprecated",
    "allow",
    "test",
    "rustfmt",
    // `#[cfg(feature = ..)]`, checked below, and a request's `#[must_use]`.
    "cfg",
    "must_use",
];

/// A `cfg` made of `feature = "..."`, `any(..)` and `all(..)` only, with
/// feature names of ASCII letters, digits and `-`.
fn is_feature_cfg(attr: &Attribute) -> bool {
    fn ok(tokens: proc_macro2::TokenStream) -> bool {
        tokens.into_iter().all(|t| match t {
            proc_macro2::TokenTree::Ident(i) => {
                ["feature", "any", "all"].contains(&i.to_string().as_str())
            }
            proc_macro2::TokenTree::Punct(p) => matches!(p.as_char(), '=' | ','),
            proc_macro2::TokenTree::Literal(l) => {
                let text = l.to_string();
                text.len() > 2
                    && text.starts_with('"')
                    && text.ends_with('"')
                    && text[1..text.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-')
            }
            proc_macro2::TokenTree::Group(g) => ok(g.stream()),
        })
    }
    match &attr.meta {
        syn::Meta::List(list) => ok(list.tokens.clone()),
        _ => false,
    }
}

impl Found {
    fn attrs(&mut self, attrs: &[Attribute], at: &str) {
        for attr in attrs {
            let first = attr
                .path()
                .segments
                .first()
                .map(|s| s.ident.to_string())
                .unwrap_or_default();
            if !ATTRIBUTES.contains(&first.as_str()) {
                self.problems
                    .push(format!("{at}: unexpected attribute #[{first}...]"));
            }
            if first == "cfg" && !is_feature_cfg(attr) {
                self.problems
                    .push(format!("{at}: a cfg other than cargo features"));
            }
            if first == "rustfmt" && !attr.path().segments.iter().any(|s| s.ident == "skip") {
                self.problems
                    .push(format!("{at}: unexpected rustfmt attribute"));
            }
        }
        let docs = doc_text(attrs);
        if !docs.is_empty() {
            self.docs.push((at.to_string(), docs));
        }
    }

    fn public(&mut self, vis: &Visibility, kind: &str, name: String) {
        if matches!(vis, Visibility::Public(_)) {
            self.public.insert((kind.to_string(), name));
        }
    }

    fn fields(&mut self, fields: &Fields, at: &str) {
        for (i, field) in fields.iter().enumerate() {
            let name = field
                .ident
                .as_ref()
                .map_or(i.to_string(), ToString::to_string);
            self.attrs(&field.attrs, &format!("{at}.{name}"));
        }
    }

    fn items(&mut self, file: &str, items: &[Item]) {
        for item in items {
            match item {
                Item::Struct(s) => {
                    let at = format!("{file}: struct {}", s.ident);
                    self.attrs(&s.attrs, &at);
                    self.fields(&s.fields, &at);
                    self.public(&s.vis, "struct", s.ident.to_string());
                }
                Item::Enum(e) => {
                    let at = format!("{file}: enum {}", e.ident);
                    self.attrs(&e.attrs, &at);
                    for variant in &e.variants {
                        let at = format!("{at}::{}", variant.ident);
                        self.attrs(&variant.attrs, &at);
                        self.fields(&variant.fields, &at);
                    }
                    self.public(&e.vis, "enum", e.ident.to_string());
                }
                Item::Type(t) => {
                    self.attrs(&t.attrs, &format!("{file}: type {}", t.ident));
                    self.public(&t.vis, "type", t.ident.to_string());
                }
                Item::Impl(i) => {
                    let self_ty = quote::ToTokens::to_token_stream(&i.self_ty).to_string();
                    let at = format!("{file}: impl {self_ty}");
                    self.attrs(&i.attrs, &at);
                    for member in &i.items {
                        let (name, attrs) = match member {
                            ImplItem::Fn(f) => (f.sig.ident.to_string(), &f.attrs),
                            ImplItem::Const(c) => (c.ident.to_string(), &c.attrs),
                            ImplItem::Type(t) => (t.ident.to_string(), &t.attrs),
                            other => {
                                self.problems.push(format!(
                                    "{at}: unexpected member {}",
                                    quote::ToTokens::to_token_stream(other)
                                ));
                                continue;
                            }
                        };
                        let short = self_ty.replace(' ', "");
                        let short = short.split('<').next().unwrap_or_default();
                        self.attrs(attrs, &format!("{at}::{name}"));
                        self.associated.insert(format!("{short}::{name}"));
                    }
                }
                Item::Fn(f) => {
                    self.attrs(&f.attrs, &format!("{file}: fn {}", f.sig.ident));
                    self.public(&f.vis, "fn", f.sig.ident.to_string());
                }
                Item::Mod(m) if file == "src/lib.rs" && m.content.is_none() => {
                    self.attrs(&m.attrs, &format!("{file}: mod {}", m.ident));
                    self.public(&m.vis, "mod", m.ident.to_string());
                }
                // The typed formats' module: exactly what the generator
                // writes for a spec with all three formats.
                Item::Mod(m) if file == "src/lib.rs" && m.ident == "formats" => {
                    let expected = quote::quote! {
                        mod formats {
                            #[macro_use]
                            mod lossless;
                            mod dates;
                            pub use dates::{Date, DateTime};
                            mod uuids;
                            pub use uuids::Uuid;
                        }
                    };
                    let written = quote::ToTokens::to_token_stream(m);
                    if written.to_string() != expected.to_string() {
                        self.problems
                            .push(format!("{file}: unexpected formats module {written}"));
                    }
                }
                Item::Use(u) if file == "src/lib.rs" || file.starts_with("tests/") => {
                    self.attrs(&u.attrs, &format!("{file}: use"));
                }
                other => self.problems.push(format!(
                    "{file}: unexpected item {}",
                    quote::ToTokens::to_token_stream(other)
                )),
            }
        }
    }
}

fn walk(generated: &GeneratedCrate, files: &[&str]) -> Found {
    let mut found = Found::default();
    for file in files {
        let parsed = parse(generated, file);
        found.attrs(&parsed.attrs, &format!("{file}: inner attributes"));
        found.items(file, &parsed.items);
    }
    found
}

fn names(found: &Found, kinds: &[&str]) -> BTreeSet<String> {
    found
        .public
        .iter()
        .filter(|(kind, _)| kinds.contains(&kind.as_str()))
        .map(|(_, name)| name.clone())
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(ToString::to_string).collect()
}

#[test]
fn models_declare_exactly_the_spec_types() {
    let generated = generated();
    let found = walk(&generated, &["src/models.rs"]);
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
    assert_eq!(
        names(&found, &["struct", "enum", "type", "fn", "mod"]),
        set(&[
            // One per component schema...
            "Result",
            "Option",
            "Self_",
            "Type",
            "Box",
            "Vec",
            "Some",
            "String",
            "Crate",
            "Super",
            "RGen",
            // (named like the crate root's typed formats, which they use)
            "DateTime",
            "Date",
            "Uuid",
            // ...`pet_status` and `PetStatus` made unique...
            "PetStatus",
            "PetStatus2",
            // ...and the inline const and discriminated union of `Self`.
            "StatusPanicInjectedConst",
            "SelfKind",
        ])
    );

    // Every type says where in the spec it comes from, and that place is
    // there: one type per component schema, the rest inline schemas.
    let spec = spec();
    let mut components = BTreeSet::new();
    for (at, docs) in &found.docs {
        let Some(origin) = docs.lines().find_map(|l| l.trim().strip_prefix("Spec: `")) else {
            continue;
        };
        let origin = origin.trim_end_matches('`');
        let pointer = origin.trim_start_matches('#');
        assert!(
            spec.pointer(pointer).is_some(),
            "{at}: origin {origin} is not in the spec"
        );
        let component = origin
            .strip_prefix("#/components/schemas/")
            .filter(|name| !name.contains('/'));
        if let Some(name) = component {
            assert!(
                components.insert(name.to_string()),
                "two types for {origin}"
            );
        }
    }
    let spec_components: BTreeSet<String> = spec["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .keys()
        .cloned()
        .collect();
    assert_eq!(components, spec_components);

    // Impls hold only the methods the generator writes for enums and unions
    // and for reading structs.
    let allowed = [
        "KNOWN",
        "NAME",
        "read",
        "as_str",
        "is_known",
        "from",
        "from_str",
        "Err",
        "fmt",
        "serialize",
        "deserialize",
    ];
    for member in &found.associated {
        let name = member.rsplit("::").next().unwrap_or_default();
        assert!(allowed.contains(&name), "unexpected {member}");
    }
}

/// The operations of the spec: (operationId, tag).
fn spec_operations(spec: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for (method, op) in item.as_object().expect("path item") {
            if method == "parameters" {
                continue;
            }
            out.push((
                op["operationId"].as_str().expect("operationId").to_string(),
                op["tags"][0].as_str().expect("tag").to_string(),
            ));
        }
    }
    out
}

#[test]
fn apis_declare_one_method_per_operation_and_one_group_per_tag() {
    let generated = generated();
    let found = walk(&generated, &["src/apis.rs", "src/client.rs"]);
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
    let spec = spec();
    let operations = spec_operations(&spec);

    // Groups: one per tag. `builder` is a method of the client already.
    let tags: BTreeSet<&str> = operations.iter().map(|(_, tag)| tag.as_str()).collect();
    assert_eq!(tags, BTreeSet::from(["Option", "crate", "builder"]));
    assert_eq!(
        names(&found, &["struct", "enum"]),
        set(&[
            "OptionApi",
            "CrateApi",
            "BuilderApiApi",
            "Server",
            // One request per operation, named after its group and method.
            "OptionResultPanicInjectedOpidRequest",
            "CrateSelfRequest",
            "CrateNew2Request",
            "CrateWithOptions2Request",
            "BuilderApiSendRequest",
        ])
    );
    let accessors: BTreeSet<&String> = found
        .associated
        .iter()
        .filter(|m| m.starts_with("crate::Client::"))
        .collect();
    assert_eq!(
        accessors,
        BTreeSet::from([
            &"crate::Client::builder".to_string(),
            &"crate::Client::option".to_string(),
            &"crate::Client::crate_".to_string(),
            &"crate::Client::builder_api".to_string(),
        ])
    );

    // Methods: one per operation, beside the groups' own `new` and
    // `with_options`, which operations of those names do not replace.
    let methods: BTreeSet<&str> = found
        .associated
        .iter()
        .map(String::as_str)
        .filter(|m| m.contains("Api::"))
        .collect();
    assert_eq!(
        methods,
        BTreeSet::from([
            "OptionApi::new",
            "OptionApi::with_options",
            "OptionApi::result_panic_injected_opid",
            "CrateApi::new",
            "CrateApi::with_options",
            "CrateApi::self_",
            "CrateApi::new2",
            "CrateApi::with_options2",
            "BuilderApiApi::new",
            "BuilderApiApi::with_options",
            "BuilderApiApi::send",
        ])
    );
    // Each operation's method names its operationId, once.
    for (operation_id, _) in &operations {
        let mention = format!(
            "(operation {})",
            openapi_rustgen::__private::code_span(operation_id)
        );
        let count = found
            .docs
            .iter()
            .filter(|(_, docs)| docs.contains(&mention))
            .count();
        assert_eq!(count, 1, "operation {operation_id:?}");
    }
}

#[test]
fn lib_declares_only_the_modules_and_the_runtime_api() {
    let generated = generated();
    let found = walk(&generated, &["src/lib.rs"]);
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
    assert_eq!(
        names(&found, &["mod", "struct", "enum", "type", "fn"]),
        set(&["apis", "models"])
    );
}

/// rustdoc runs a fenced code block as a doctest unless its info string
/// names another language; indented code blocks always.
fn doctests(docs: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(char, usize, String, String)> = None;
    let mut previous_blank = true;
    for raw in docs.lines() {
        let line = raw.strip_prefix(' ').unwrap_or(raw);
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let fence_char = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'));
        let fence_len = fence_char.map_or(0, |c| trimmed.chars().take_while(|&x| x == c).count());
        match (&mut open, fence_char) {
            // CommonMark: a backtick fence's info string holds no backtick
            // (the line is an inline code span then).
            (None, Some(c))
                if indent < 4
                    && fence_len >= 3
                    && !(c == '`' && trimmed[fence_len..].contains('`')) =>
            {
                let info = trimmed[fence_len..].trim().to_string();
                open = Some((c, fence_len, info, String::new()));
            }
            (Some((c, n, _, _)), Some(f))
                if f == *c && fence_len >= *n && trimmed[fence_len..].trim().is_empty() =>
            {
                let (_, _, info, body) = open.take().expect("open");
                blocks.push((info, body));
            }
            (Some((_, _, _, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, _) if indent >= 4 && previous_blank && !trimmed.is_empty() => {
                blocks.push((String::new(), trimmed.to_string()));
            }
            (None, _) => {}
        }
        previous_blank = trimmed.is_empty();
    }
    if let Some((_, _, info, body)) = open {
        blocks.push((info, body));
    }
    blocks
        .into_iter()
        .filter(|(info, _)| {
            let words: Vec<&str> = info
                .split([',', ' ', '\t'])
                .filter(|w| !w.is_empty())
                .collect();
            let rust_word = |w: &&str| {
                matches!(
                    *w,
                    "rust" | "no_run" | "should_panic" | "ignore" | "compile_fail" | "test_harness"
                ) || w.starts_with("edition")
            };
            words.is_empty() || words.iter().any(rust_word)
        })
        .collect()
}

#[test]
fn no_doc_comment_holds_a_doctest_from_the_spec() {
    let generated = generated();
    let found = walk(&generated, &SPEC_FILES);
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
    let mut examples = 0;
    for (at, docs) in &found.docs {
        assert!(
            !docs
                .chars()
                .any(|c| (c.is_control() && c != '\n') || ('\u{202A}'..='\u{2069}').contains(&c)),
            "{at}: control or text-direction character in docs"
        );
        for (info, body) in doctests(docs) {
            // The only doctests are the generator's own call examples.
            assert_eq!(info, "no_run", "{at}: doctest from the spec:\n{body}");
            assert!(
                body.starts_with("# async fn example()"),
                "{at}: doctest from the spec:\n{body}"
            );
            // Spec text in it (a parameter name) is inside string literals.
            let code: String = body
                .lines()
                .map(|l| l.strip_prefix("# ").unwrap_or(l))
                .collect::<Vec<_>>()
                .join("\n");
            let mut calls = Vec::new();
            macro_calls(TokenStream::from_str(&code).expect("tokens"), &mut calls);
            assert!(
                // `vec!` spells an example array value.
                calls
                    .iter()
                    .all(|c| c == "println" || c == "unimplemented" || c == "vec"),
                "{at}: {code}"
            );
            examples += 1;
        }
    }
    assert_eq!(examples, spec_operations(&spec()).len());
}

/// Macros the generated code calls.
const MACROS: [&str; 4] = ["format", "matches", "vec", "assert_eq"];

fn macro_calls(tokens: TokenStream, out: &mut Vec<String>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(group) => macro_calls(group.stream(), out),
            TokenTree::Punct(p) if p.as_char() == '!' => {
                if let (Some(TokenTree::Ident(name)), Some(TokenTree::Group(_))) =
                    (i.checked_sub(1).map(|j| &tokens[j]), tokens.get(i + 1))
                {
                    out.push(name.to_string());
                }
            }
            _ => {}
        }
    }
}

#[test]
fn no_code_from_the_spec_runs() {
    let generated = generated();
    for file in SPEC_FILES {
        let tokens = TokenStream::from_str(&generated.files[file]).expect("tokens");
        let mut calls = Vec::new();
        macro_calls(tokens, &mut calls);
        for call in calls {
            assert!(MACROS.contains(&call.as_str()), "{file}: calls {call}!");
        }
    }
    let found = walk(&generated, &SPEC_FILES);
    assert!(found.problems.is_empty(), "{:#?}", found.problems);
}

#[test]
fn manifest_and_headers_stay_what_they_are() {
    let generated = generated();
    let manifest = &generated.files["Cargo.toml"];
    let tables: Vec<&str> = manifest.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(
        tables,
        [
            "[package]",
            "[dependencies]",
            "[dev-dependencies]",
            "[features]"
        ],
        "{manifest}"
    );
    assert!(
        !manifest.lines().any(|l| l.starts_with("evil")),
        "{manifest}"
    );
    let description = manifest
        .lines()
        .find(|l| l.starts_with("description = "))
        .expect("description");
    assert!(
        description.ends_with("(generated from its OpenAPI spec)\""),
        "{description}"
    );
    assert!(!description.chars().any(char::is_control));
    for (path, content) in &generated.files {
        assert!(
            content
                .lines()
                .next()
                .is_some_and(|l| l.contains("@generated")),
            "{path}: header"
        );
    }
}
