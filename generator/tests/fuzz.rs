//! Property-based fuzzing of the whole pipeline (cargo-fuzz needs a nightly
//! toolchain; proptest runs on stable). Seed specs (Kombo's pages, the
//! fixtures, the small specs of the public corpus when it is here) are mutated as JSON values
//! (keys dropped, duplicated and renamed, values retyped, `$ref`s swapped,
//! nulls, arrays, huge strings and deep nesting inserted, 3.1 type lists and
//! `const`s added) and then as text (bytes flipped, inserted, cut), and
//! each result goes through load, normalize, parse, lower, emit and format.
//! The generator must not panic, and every error must be typed and say where
//! the problem is.
//!
//! `PROPTEST_CASES` sets the number of cases (256 by default, well under a
//! minute). A case that panics is written to `target/tmp/fuzz-crashers/`;
//! each crasher found so far is kept in `fixtures/fuzz-regressions/`, which
//! `regressions_do_not_panic` replays.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::json_tree::{node_mut, nodes};
use openapi_rustgen::__private::parse_text;
use openapi_rustgen::{Document, Error, Options, generate_documents};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Small and mid-sized specs to start from (the big ones make a case slow).
fn seed_paths() -> Vec<PathBuf> {
    let mut paths = vec![
        common::workspace_dir().join("specs/get-integration-by-token.yaml"),
        common::workspace_dir().join("specs/activate-integration.yaml"),
        common::fixture("shapes.yaml"),
        common::fixture("awkward-names.yaml"),
        common::fixture("injection.yaml"),
    ];
    let corpus = common::corpus("fuzz: the seeds from the corpus (the others still run)");
    for name in [
        "oag31-allof-nullable-type-array.yaml",
        "oag31-const-type-inference.yaml",
        "oag31-crystal-webhooks.yaml",
        "oag31-csharp-null-types.yaml",
        "oai-petstore-expanded.yaml",
        "oai-petstore.yaml",
        "progenitor-keeper.json",
        "progenitor-param-collision.json",
        "progenitor-buildomat.json",
    ] {
        if let Some(corpus) = &corpus {
            paths.push(corpus.join(name));
        }
    }
    paths
}

fn seeds() -> &'static [(PathBuf, Value)] {
    static SEEDS: OnceLock<Vec<(PathBuf, Value)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        seed_paths()
            .into_iter()
            .map(|path| {
                let document = openapi_rustgen::__private::load_file(&path)
                    .unwrap_or_else(|e| panic!("seed {}: {e}", path.display()));
                (path, document.value)
            })
            .collect()
    })
}

// ---------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------

/// One change to a document, in small numbers that proptest can shrink; the
/// numbers pick the node and the variant when the change is applied.
#[derive(Debug, Clone)]
struct Mutation {
    kind: u8,
    node: usize,
    arg: usize,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (0u8..20, any::<usize>(), any::<usize>()).prop_map(|(kind, node, arg)| Mutation {
        kind,
        node,
        arg,
    })
}

/// A change to the text after the value changes.
#[derive(Debug, Clone)]
enum TextEdit {
    Flip { at: usize, byte: u8 },
    Insert { at: usize, text: &'static str },
    Cut { at: usize },
    DuplicateLine { at: usize },
}

const SNIPPETS: [&str; 12] = [
    "{", "}", "[", "]", ":", "- ", "\"", "'", "\n  ", "&a *a", "\u{0}", "\u{feff}",
];

fn text_edit() -> impl Strategy<Value = TextEdit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| TextEdit::Flip { at, byte }),
        (any::<usize>(), 0..SNIPPETS.len()).prop_map(|(at, i)| TextEdit::Insert {
            at,
            text: SNIPPETS[i]
        }),
        any::<usize>().prop_map(|at| TextEdit::Cut { at }),
        any::<usize>().prop_map(|at| TextEdit::DuplicateLine { at }),
    ]
}

/// Every `$ref` string in a value, to swap between places.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => references(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

const NAMES: [&str; 14] = [
    "type",
    "self",
    "Self",
    "Result",
    "$ref",
    "x-null",
    "*/",
    "\"]",
    "a\nb",
    "",
    "Pet",
    "additional_properties",
    "gen",
    "🦀",
];

fn replacement(arg: usize, refs: &[String]) -> Value {
    let long = "x".repeat(10_000);
    match arg % 24 {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(1e300),
        4 => json!(u64::MAX),
        5 => json!(""),
        6 => json!(long),
        7 => json!([]),
        8 => json!({}),
        9 => json!([null, 1, "a", {}]),
        10 => json!({ "type": ["string", "null"] }),
        11 => json!({ "type": ["integer", "string", "boolean", "null"], "enum": [1, "a", null] }),
        12 => json!({ "const": "c" }),
        13 => json!({ "const": null }),
        14 => {
            json!({ "oneOf": [{ "type": "null" }, { "type": "object", "properties": { "a": {} } }] })
        }
        15 => json!({ "allOf": [{ "$ref": "#/components/schemas/Self" }], "nullable": true }),
        16 => {
            json!({ "type": "object", "additionalProperties": { "type": ["array", "null"], "items": true } })
        }
        17 => json!({ "type": "string", "enum": NAMES }),
        18 => {
            json!({ "$ref": refs.get(arg / 24 % refs.len().max(1)).cloned().unwrap_or_default() })
        }
        19 => {
            let odd = ["#", "#/paths", "other.yaml#/x", "", "#/components/schemas/"];
            json!({ "$ref": odd[arg / 24 % odd.len()] })
        }
        20 => {
            // Deep nesting, short of the parsers' recursion limit.
            let mut deep = json!({ "type": "string" });
            for _ in 0..(arg / 24 % 60) {
                deep = json!({ "type": "array", "items": deep });
            }
            deep
        }
        21 => json!({ "type": "number", "format": "float", "example": 1e300 }),
        22 => {
            json!({ "discriminator": { "propertyName": "k{0}" }, "oneOf": [{ "$ref": "#/components/schemas/A" }] })
        }
        _ => {
            let versions = [
                json!("3.0.0"),
                json!("3.1.1"),
                json!("2.0"),
                json!("4.0"),
                json!(3.1),
            ];
            versions[arg / 24 % versions.len()].clone()
        }
    }
}

fn apply(value: &mut Value, mutation: &Mutation, refs: &[String]) {
    let all = nodes(value);
    let at = &all[mutation.node % all.len()];
    let new = replacement(mutation.arg, refs);
    let Some(node) = node_mut(value, at) else {
        return;
    };
    match (mutation.kind, node) {
        // Drop a key or an element.
        (0..=2, Value::Object(map)) if !map.is_empty() => {
            let key = map.keys().nth(mutation.arg % map.len()).cloned();
            if let Some(key) = key {
                map.shift_remove(&key);
            }
        }
        (0..=2, Value::Array(items)) if !items.is_empty() => {
            items.remove(mutation.arg % items.len());
        }
        // Duplicate an entry under another name, or an element.
        (3..=4, Value::Object(map)) if !map.is_empty() => {
            let i = mutation.arg % map.len();
            if let Some((key, child)) = map.iter().nth(i).map(|(k, v)| (k.clone(), v.clone())) {
                let name = format!("{key}{}", NAMES[mutation.arg % NAMES.len()]);
                map.insert(name, child);
            }
        }
        (3..=4, Value::Array(items)) if !items.is_empty() => {
            let copy = items[mutation.arg % items.len()].clone();
            items.push(copy);
        }
        // Rename a key to an awkward name.
        (5..=6, Value::Object(map)) if !map.is_empty() => {
            let i = mutation.arg % map.len();
            let key = map.keys().nth(i).cloned().unwrap_or_default();
            if let Some(child) = map.shift_remove(&key) {
                let name = NAMES[mutation.arg / 7 % NAMES.len()];
                if map.contains_key(name) || i >= map.len() {
                    map.insert(name.to_string(), child);
                } else {
                    map.shift_insert(i, name.to_string(), child);
                }
            }
        }
        // Add a key holding something odd.
        (7..=9, Value::Object(map)) => {
            let keys = [
                "type",
                "nullable",
                "enum",
                "const",
                "items",
                "properties",
                "required",
                "allOf",
                "oneOf",
                "anyOf",
                "not",
                "$ref",
                "additionalProperties",
                "format",
                "example",
                "examples",
                "discriminator",
                "default",
                "parameters",
                "responses",
                "content",
                "schema",
                "servers",
                "description",
                "openapi",
                "paths",
            ];
            map.insert(keys[mutation.arg % keys.len()].to_string(), new);
        }
        // Put an element in a list.
        (7..=9, Value::Array(items)) => items.push(new),
        // Replace the node.
        (10..=14, node) => *node = new,
        // Swap a reference for another.
        (15..=16, Value::Object(map)) if map.contains_key("$ref") && !refs.is_empty() => {
            map.insert("$ref".into(), json!(refs[mutation.arg % refs.len()]));
        }
        // Wrap the node: in a 3.1 type list's partner, an allOf, an array.
        (17, node) => *node = json!({ "allOf": [node.take()], "description": "wrapped" }),
        (18, node) => *node = json!([node.take()]),
        (19, Value::Object(map)) => {
            if let Some(Value::String(ty)) = map.get("type").cloned() {
                map.insert("type".into(), json!([ty, "null"]));
            }
        }
        _ => {}
    }
}

fn edit_text(text: &mut Vec<u8>, edit: &TextEdit) {
    if text.is_empty() {
        return;
    }
    match edit {
        TextEdit::Flip { at, byte } => {
            let i = at % text.len();
            text[i] ^= byte | 1;
        }
        TextEdit::Insert { at, text: snippet } => {
            let i = at % text.len();
            text.splice(i..i, snippet.bytes());
        }
        TextEdit::Cut { at } => text.truncate(at % text.len()),
        TextEdit::DuplicateLine { at } => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(
                    text.iter()
                        .enumerate()
                        .filter(|(_, b)| **b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .filter(|&i| i < text.len())
                .collect();
            let start = starts[at % starts.len()];
            let end = text[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |p| start + p + 1);
            let line = text[start..end].to_vec();
            text.splice(start..start, line);
        }
    }
}

// ---------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------

/// The stack `generate_documents` runs the pipeline on: `parse_text`, which
/// runs here, outside it, recurses once per nesting level too, and the
/// parsers accept up to 128.
const STACK_SIZE: usize = 64 << 20;

/// What a generator run said about one input.
fn outcome(name: &str, text: &[u8]) -> Result<(), String> {
    let path = PathBuf::from(name);
    let is_json = name.ends_with(".json");
    let run = || -> openapi_rustgen::Result<()> {
        let text = std::str::from_utf8(text).map_err(|e| Error::Syntax {
            path: path.clone(),
            line: 1,
            column: e.valid_up_to() + 1,
            format: "UTF-8",
            message: "not UTF-8".into(),
        })?;
        let value = parse_text(&path, text, is_json)?;
        let documents = vec![Document {
            source: path.clone(),
            value,
        }];
        generate_documents(documents, &Options::new("fuzzed")).map(|_| ())
    };
    if std::env::var_os("FUZZ_SAVE_CURRENT").is_some() {
        // A stack overflow aborts the process: the input is on disk first.
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        let _ = std::fs::write(dir.join(format!("fuzz-current-{name}")), text);
    }
    // For `parse_text` (see `STACK_SIZE`).
    let result = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || {
                QUIET.with(|q| q.set(true));
                catch_unwind(AssertUnwindSafe(run))
            })
            .expect("thread")
            .join()
            .expect("joined")
    });
    if std::env::var_os("FUZZ_VERBOSE").is_some() {
        match &result {
            Ok(Ok(())) => eprintln!("fuzz: {name}: generated"),
            Ok(Err(e)) => eprintln!(
                "fuzz: {name}: {}",
                e.to_string().chars().take(160).collect::<String>()
            ),
            Err(_) => eprintln!("fuzz: {name}: PANIC"),
        }
    }
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => located(&error, name),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("panicked: {message}"))
        }
    }
}

/// Whether an error is a typed one that says where the problem is.
fn located(error: &Error, name: &str) -> Result<(), String> {
    let text = error.to_string();
    let ok = match error {
        Error::Syntax { path, .. } => path == Path::new(name),
        Error::Invalid { path, pointer, .. } | Error::Unsupported { path, pointer, .. } => {
            path == Path::new(name) && pointer.starts_with('#') && text.contains(pointer.as_str())
        }
        Error::Conflict { pointer, .. } => pointer.starts_with('#'),
        // Generated code that is not Rust is a generator bug.
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("not a located error: {error:?}"))
    }
}

/// Keeps a crashing input where it can be turned into a regression file.
fn save_crasher(name: &str, text: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-crashers");
    let _ = std::fs::create_dir_all(&dir);
    let hash = text.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    let extension = if name.ends_with(".json") {
        "json"
    } else {
        "yaml"
    };
    let path = dir.join(format!("{hash:016x}.{extension}"));
    let _ = std::fs::write(&path, text);
    path
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

thread_local! {
    /// Set while the generator runs: its panics are reported as failures
    /// with the input, not printed.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn quiet_panics() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) || std::env::var_os("FUZZ_SHOW_PANICS").is_some() {
                default(info);
            }
        }));
    });
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_specs_never_panic_and_errors_say_where(
        seed in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 0..6),
        as_json in any::<bool>(),
        edits in prop::collection::vec(text_edit(), 0..3),
    ) {
        quiet_panics();
        let seeds = seeds();
        let (path, original) = &seeds[seed % seeds.len()];
        let mut value = original.clone();
        let mut refs = Vec::new();
        references(&value, &mut refs);
        for m in &mutations {
            apply(&mut value, m, &refs);
        }
        let (name, text) = if as_json {
            ("fuzzed.json", serde_json::to_string_pretty(&value).expect("JSON"))
        } else {
            ("fuzzed.yaml", serde_yaml::to_string(&value).expect("YAML"))
        };
        let mut bytes = text.into_bytes();
        for edit in &edits {
            edit_text(&mut bytes, edit);
        }
        if let Err(problem) = outcome(name, &bytes) {
            let saved = save_crasher(name, &bytes);
            prop_assert!(
                false,
                "{problem}\nseed {}; input saved as {}",
                path.display(),
                saved.display()
            );
        }
    }
}

/// Every crasher found so far, replayed.
#[test]
fn regressions_do_not_panic() {
    quiet_panics();
    let dir = common::fixture("fuzz-regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fuzz-regressions")
        .map(|entry| entry.expect("entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no regression files in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().and_then(|n| n.to_str()).expect("name");
        let bytes = std::fs::read(file).expect("readable");
        if let Err(problem) = outcome(name, &bytes) {
            failures.push(format!("{name}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
