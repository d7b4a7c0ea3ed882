//! Emit stage: the IR to token streams (and a few plain-text files), one per
//! output file. Nothing here decides what a type is; that was lowering's job.

mod apis;
pub(crate) mod client;
pub(crate) mod contract;
mod examples;
mod features;
mod formats;
mod manifest;
mod models;
mod rust;
mod value;
mod webhooks;

use std::sync::Arc;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

/// The content of one output file before formatting.
#[derive(Clone)]
pub enum FileContent<'a> {
    /// Rust code, in parts that are emitted and formatted one by one, on
    /// whichever thread formats them (see [`Part`]).
    Rust(Vec<Part<'a>>),
    /// Rust code written out exactly as given (the hand-written runtime).
    RustVerbatim(&'static str),
    /// Any other text (Cargo.toml, README), written as given.
    Text(String),
}

impl std::fmt::Debug for FileContent<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileContent::Rust(parts) => write!(f, "Rust({} parts)", parts.len()),
            FileContent::RustVerbatim(text) => f.debug_tuple("RustVerbatim").field(text).finish(),
            FileContent::Text(text) => f.debug_tuple("Text").field(text).finish(),
        }
    }
}

/// Emits one part of a Rust file. Token streams cannot leave the thread
/// that made them, so the format stage runs each part on the thread that
/// formats it; the parts of a big file are formatted side by side.
pub type Part<'a> = Arc<dyn Fn() -> Piece + Send + Sync + 'a>;

/// The tokens of one part of a Rust file, and where they go in it.
pub enum Piece {
    /// Top-level items; the first part of a file also holds its inner
    /// attributes.
    Items(TokenStream),
    /// Some of the items of an `impl` block: `header` is the block's tokens
    /// before its braces, the same in every piece of the block; `first` and
    /// `last` say whether this piece opens or closes the block.
    ImplItems {
        header: TokenStream,
        items: TokenStream,
        first: bool,
        last: bool,
    },
}

/// A whole file's tokens from its pieces, in order: what formatting the
/// parts one by one must read as (the format stage's tests compare).
#[cfg(test)]
pub(crate) fn assemble(pieces: impl IntoIterator<Item = Piece>) -> TokenStream {
    let mut out = TokenStream::new();
    let mut block: Option<(TokenStream, TokenStream)> = None;
    for piece in pieces {
        match piece {
            Piece::Items(items) => out.extend(items),
            Piece::ImplItems {
                header,
                items,
                first,
                last,
            } => {
                if first {
                    block = Some((header, TokenStream::new()));
                }
                let (_, inner) = block
                    .as_mut()
                    .expect("an impl block opens before its items");
                inner.extend(items);
                if last {
                    let (header, inner) = block.take().expect("the impl block is open");
                    out.extend(quote!(#header { #inner }));
                }
            }
        }
    }
    out
}

/// How many items of a list go in one part: enough that a part is worth a
/// thread's while, few enough that a big file splits evenly.
const ITEMS_PER_PART: usize = 48;

/// The parts of a file of top-level items: `head` (inner attributes,
/// imports) in the first part, then `chunk` of the elements of `list`, a
/// slice of them per part, given with the index of its first element.
fn item_parts<'a, T: Sync>(
    list: &'a [T],
    head: impl Fn() -> TokenStream + Send + Sync + 'a,
    chunk: impl Fn(usize, &'a [T]) -> TokenStream + Send + Sync + 'a,
) -> Vec<Part<'a>> {
    let chunk = Arc::new(chunk);
    let mut slices = list.chunks(ITEMS_PER_PART);
    let first = slices.next().unwrap_or(&[]);
    let mut parts = Parts::new();
    let first_chunk = chunk.clone();
    parts.items(move || {
        let head = head();
        let items = first_chunk(0, first);
        quote!(#head #items)
    });
    for (i, slice) in slices.enumerate() {
        let chunk = chunk.clone();
        let start = (i + 1) * ITEMS_PER_PART;
        parts.items(move || chunk(start, slice));
    }
    parts.finish()
}

/// The parts of a Rust file made of top-level items and of `impl` blocks
/// whose items are split across parts; per-file emitters say what goes in
/// each part and never build [`Piece`]s themselves.
pub(crate) struct Parts<'a> {
    parts: Vec<Part<'a>>,
}

impl<'a> Parts<'a> {
    /// A file with no parts yet.
    fn new() -> Self {
        Parts { parts: Vec::new() }
    }

    /// A part of top-level items, emitted by `emit`.
    fn items(&mut self, emit: impl Fn() -> TokenStream + Send + Sync + 'a) {
        self.parts.push(Arc::new(move || Piece::Items(emit())));
    }

    /// An `impl` block whose items are `methods` of the elements of `list`,
    /// `per_part` elements a part; `header` is the block's tokens before
    /// its braces, and `prelude` the items that open the block.
    fn impl_block<T: Send + Sync + 'a>(
        &mut self,
        list: Vec<T>,
        per_part: usize,
        header: impl Fn() -> TokenStream + Send + Sync + 'a,
        prelude: impl Fn() -> TokenStream + Send + Sync + 'a,
        methods: impl Fn(&[T]) -> TokenStream + Send + Sync + 'a,
    ) {
        let list = Arc::new(list);
        let header = Arc::new(header);
        let prelude = Arc::new(prelude);
        let methods = Arc::new(methods);
        let chunks = list.len().div_ceil(per_part).max(1);
        for chunk in 0..chunks {
            let (list, header, prelude, methods) = (
                list.clone(),
                header.clone(),
                prelude.clone(),
                methods.clone(),
            );
            self.parts.push(Arc::new(move || {
                let start = chunk * per_part;
                let end = (start + per_part).min(list.len());
                let first = chunk == 0;
                let prelude = first.then(|| prelude());
                let methods = methods(&list[start..end]);
                Piece::ImplItems {
                    header: header(),
                    items: quote!(#prelude #methods),
                    first,
                    last: chunk + 1 == chunks,
                }
            }));
        }
    }

    /// The parts, in order.
    fn finish(self) -> Vec<Part<'a>> {
        self.parts
    }
}

/// A file in one part.
fn single_part<'a>(emit: impl Fn() -> TokenStream + Send + Sync + 'a) -> Vec<Part<'a>> {
    let mut parts = Parts::new();
    parts.items(emit);
    parts.finish()
}

/// One output file, by its path relative to the crate root.
#[derive(Debug, Clone)]
pub struct EmittedFile<'a> {
    /// Relative path with `/` separators (`src/models.rs`).
    pub path: String,
    /// What goes in it.
    pub content: FileContent<'a>,
}

/// A runtime file's path in the generated crate and its text, from
/// `templates/runtime/`.
macro_rules! runtime_file {
    ($name:literal) => {
        (
            concat!("src/runtime/", $name),
            include_str!(concat!("../../templates/runtime/", $name)),
        )
    };
}

/// The runtime every generated crate carries, written out verbatim: each
/// file's path in the crate and its text.
pub const RUNTIME: [(&str, &str); 15] = [
    runtime_file!("mod.rs"),
    runtime_file!("auth.rs"),
    runtime_file!("client.rs"),
    runtime_file!("deserialize.rs"),
    runtime_file!("error.rs"),
    runtime_file!("hooks.rs"),
    runtime_file!("multipart.rs"),
    runtime_file!("options.rs"),
    runtime_file!("paging.rs"),
    runtime_file!("params.rs"),
    runtime_file!("request.rs"),
    runtime_file!("response.rs"),
    runtime_file!("retry.rs"),
    runtime_file!("serialize.rs"),
    runtime_file!("testing.rs"),
];

/// JSON equality, shared by the generated crate and its example tests (and
/// the generator's own example check), written out verbatim.
pub const SAME_JSON: &str = include_str!("../../templates/same_json.rs");

/// The example tests' crate root: shared helpers, written out verbatim.
pub const EXAMPLES_MAIN: &str = include_str!("../../templates/examples_main.rs");

/// Emits every file of the generated crate: the package `crate_name`, whose
/// library (as its docs' examples name it) is `lib_name`. The Rust files'
/// tokens are made when they are formatted (see [`Part`]).
pub fn emit<'a>(
    api: &'a Api,
    crate_name: &str,
    lib_name: &str,
    contract_tests: bool,
) -> Vec<EmittedFile<'a>> {
    let mut files = vec![
        EmittedFile {
            path: "Cargo.toml".into(),
            content: FileContent::Text(manifest::cargo_toml(api, crate_name)),
        },
        EmittedFile {
            path: "src/lib.rs".into(),
            content: FileContent::Rust(single_part(move || manifest::lib_rs(api))),
        },
        EmittedFile {
            path: "src/client.rs".into(),
            content: FileContent::Rust(single_part(move || client::client_rs(api))),
        },
        EmittedFile {
            path: "src/apis.rs".into(),
            content: FileContent::Rust(apis::apis_parts(api, lib_name)),
        },
        EmittedFile {
            path: "src/models.rs".into(),
            content: FileContent::Rust(models::models_parts(api)),
        },
        EmittedFile {
            path: "src/same_json.rs".into(),
            content: FileContent::RustVerbatim(SAME_JSON),
        },
        EmittedFile {
            path: "tests/examples/main.rs".into(),
            content: FileContent::RustVerbatim(EXAMPLES_MAIN),
        },
        EmittedFile {
            path: "tests/examples/cases.rs".into(),
            content: FileContent::Rust(examples::examples_parts(api, lib_name)),
        },
    ];
    files.extend(RUNTIME.map(|(path, text)| EmittedFile {
        path: path.into(),
        content: FileContent::RustVerbatim(text),
    }));
    files.extend(
        formats::files(api)
            .into_iter()
            .map(|(path, text)| EmittedFile {
                path: path.into(),
                content: FileContent::RustVerbatim(text),
            }),
    );
    if contract_tests {
        files.push(EmittedFile {
            path: "tests/contract.rs".into(),
            content: FileContent::Rust(single_part({
                let lib_name = lib_name.to_owned();
                move || contract::contract_rs(api, &lib_name)
            })),
        });
    }
    if !api.webhooks.is_empty() {
        files.push(EmittedFile {
            path: "src/webhooks.rs".into(),
            content: FileContent::Rust(single_part(move || {
                webhooks::webhooks_rs(api).unwrap_or_default()
            })),
        });
    }
    files
}

/// A Rust file's whole token stream, its parts emitted one after another.
#[cfg(test)]
pub(crate) fn tokens(parts: &[Part<'_>]) -> TokenStream {
    assemble(parts.iter().map(|part| part()))
}
