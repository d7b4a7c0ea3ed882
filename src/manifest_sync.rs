//! Checks that the root package compiles the generated client the way the
//! generated crate itself would: same dependencies, features, edition and
//! targets.
//!
//! The root package's library *is* `generated-client/src/lib.rs` (see the root
//! `Cargo.toml`), so the root manifest repeats what `generated-client/Cargo.toml`
//! declares. The build script runs these checks whenever it runs, so that a
//! generator change adding a dependency or a test target fails with a message
//! that says what to change, instead of compiling the client differently from
//! how applications get it.
//!
//! Not part of any library: `build.rs` and the tests include this file with
//! `#[path]`. It reads only the simple TOML that the generator writes and the
//! root manifest uses (one `key = value` per line, inline tables), so that the
//! build script needs no TOML parser.

use std::collections::{BTreeMap, BTreeSet};

/// Where the generated crate sits, relative to the root manifest.
pub const GENERATED_DIR: &str = "generated-client";

/// One dependency of a `[dependencies]`-like table.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The dependency's key (`serde`).
    pub key: String,
    /// What it asks for.
    pub dep: Dep,
    /// The entry as written, for messages.
    pub line: String,
}

/// A dependency's requirement, with `features` as a set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dep {
    /// `features = [...]`.
    pub features: BTreeSet<String>,
    /// Every other key (`version`, `default-features`, `path`...), its value
    /// without whitespace.
    pub other: BTreeMap<String, String>,
}

impl Dep {
    /// Parses `"1.0"` or `{ version = "1.0", features = ["a"] }`.
    fn parse(value: &str) -> Dep {
        let value = normalize(value);
        let mut dep = Dep::default();
        let Some(inner) = value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) else {
            dep.other.insert("version".into(), value);
            return dep;
        };
        for pair in split_top_level(inner) {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            if key == "features" {
                let list = value.trim_start_matches('[').trim_end_matches(']');
                dep.features = split_top_level(list)
                    .into_iter()
                    .map(|f| f.trim_matches('"').to_string())
                    .collect();
            } else {
                dep.other.insert(key.to_string(), value.to_string());
            }
        }
        dep
    }

    /// Whether a package depending on `self` builds `wanted` as asked: the
    /// same requirement, with at least its features.
    fn covers(&self, wanted: &Dep) -> bool {
        self.other == wanted.other && self.features.is_superset(&wanted.features)
    }
}

/// Every way the root manifest falls short of the generated one, as messages
/// that say what to change. `generated_files` are the generated crate's files,
/// relative to its root (`src/lib.rs`, `tests/examples/main.rs`).
pub fn mismatches<'a>(
    root_manifest: &str,
    generated_manifest: &str,
    generated_files: impl IntoIterator<Item = &'a str>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let lines = |entries: &[&Entry]| {
        entries
            .iter()
            .map(|e| e.line.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };

    // The client's own dependencies: exactly the generated crate's.
    let wanted = table(generated_manifest, "dependencies");
    let root = table(root_manifest, "dependencies");
    let same = wanted.len() == root.len()
        && wanted
            .iter()
            .zip(&root)
            .all(|(w, r)| w.key == r.key && w.dep == r.dep);
    if !same {
        problems.push(format!(
            "[dependencies] in Cargo.toml must be exactly those of {GENERATED_DIR}/Cargo.toml, \
             whose code the root package compiles:\n[dependencies]\n{}",
            lines(&wanted.iter().collect::<Vec<_>>())
        ));
    }
    // Its features: the generated code is compiled under `cfg(feature)`, so
    // the root package declares exactly the same ones, on by default alike.
    let wanted = table(generated_manifest, "features");
    let root = table(root_manifest, "features");
    let same = wanted.len() == root.len()
        && wanted
            .iter()
            .zip(&root)
            .all(|(w, r)| w.key == r.key && w.dep == r.dep);
    if !same {
        problems.push(format!(
            "[features] in Cargo.toml must be exactly those of {GENERATED_DIR}/Cargo.toml, \
             whose code the root package compiles under them:\n[features]\n{}",
            lines(&wanted.iter().collect::<Vec<_>>())
        ));
    }
    // Its tests' dependencies: the root's own tests may need more.
    let root_dev = table(root_manifest, "dev-dependencies");
    let generated_dev = table(generated_manifest, "dev-dependencies");
    let missing: Vec<&Entry> = generated_dev
        .iter()
        .filter(|w| {
            !root_dev
                .iter()
                .any(|r| r.key == w.key && r.dep.covers(&w.dep))
        })
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "[dev-dependencies] in Cargo.toml must include these of {GENERATED_DIR}/Cargo.toml \
             (more features are fine):\n{}",
            lines(&missing)
        ));
    }

    let has_line = |wanted: &str| {
        let wanted = normalize(wanted);
        root_manifest.lines().any(|line| normalize(line) == wanted)
    };
    if let Some(edition) = value_of(generated_manifest, "edition") {
        if !has_line(&format!("edition = {edition}")) {
            problems.push(format!(
                "the generated crate uses edition {edition}; Cargo.toml must use the same"
            ));
        }
    }
    if !has_line(&format!("path = \"{GENERATED_DIR}/src/lib.rs\"")) {
        problems.push(format!(
            "Cargo.toml must declare [lib] name = \"<crate>\", path = \"{GENERATED_DIR}/src/lib.rs\""
        ));
    }
    for file in generated_files {
        let Some((kind, name)) = cargo_target(file) else {
            continue;
        };
        let path = format!("{GENERATED_DIR}/{file}");
        if !has_line(&format!("path = \"{path}\"")) {
            problems.push(format!(
                "{path} is a {kind} target of the generated crate that the root package does \
                 not build; add to Cargo.toml:\n[[{kind}]]\nname = \"{name}\"\npath = \"{path}\""
            ));
        }
    }
    problems
}

/// The target cargo would discover for a file of a crate, as (kind, name):
/// `tests/examples/main.rs` is the test `examples`, `tests/it.rs` the test `it`.
pub fn cargo_target(file: &str) -> Option<(&'static str, String)> {
    let parts: Vec<&str> = file.split('/').collect();
    let kind = match parts[0] {
        "tests" => "test",
        "examples" => "example",
        "benches" => "bench",
        _ => return None,
    };
    match parts[1..] {
        [single] => single.strip_suffix(".rs").map(|n| (kind, n.to_string())),
        [dir, "main.rs"] => Some((kind, dir.to_string())),
        _ => None,
    }
}

/// The entries of the table `[name]`, and of its `[name.KEY]` sub-tables,
/// sorted by key.
pub fn table(manifest: &str, name: &str) -> Vec<Entry> {
    let sub_prefix = format!("{name}.");
    // Key, `k=v` pairs (one for a plain entry's value), lines as written.
    let mut raw: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    let mut section = String::new();
    for line in manifest.lines() {
        let normalized = normalize(line);
        if normalized.is_empty() {
            continue;
        }
        if normalized.starts_with('[') {
            section = normalized
                .trim_matches(|c| c == '[' || c == ']')
                .to_string();
            if let Some(key) = section.strip_prefix(&sub_prefix) {
                raw.push((unquote(key), Vec::new(), vec![line.trim().to_string()]));
            }
            continue;
        }
        let Some((key, value)) = normalized.split_once('=') else {
            continue;
        };
        if section == name {
            raw.push((
                unquote(key),
                vec![value.to_string()],
                vec![line.trim().to_string()],
            ));
        } else if section.starts_with(&sub_prefix) {
            if let Some((_, pairs, lines)) = raw.last_mut() {
                pairs.push(format!("{key}={value}"));
                lines.push(line.trim().to_string());
            }
        }
    }
    let mut entries: Vec<Entry> = raw
        .into_iter()
        .map(|(key, pairs, lines)| {
            let value = match lines[0].starts_with('[') {
                true => format!("{{{}}}", pairs.join(",")),
                false => pairs.concat(),
            };
            Entry {
                key,
                dep: Dep::parse(&value),
                line: lines.join("\n"),
            }
        })
        .collect();
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    entries
}

fn value_of(manifest: &str, key: &str) -> Option<String> {
    manifest.lines().find_map(|line| {
        let line = normalize(line);
        let (k, v) = line.split_once('=')?;
        (k == key).then(|| v.to_string())
    })
}

fn unquote(key: &str) -> String {
    key.trim_matches('"').to_string()
}

/// Splits at commas outside strings, brackets and braces; drops empty parts.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut in_string, mut start) = (0i32, false, 0);
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '[' | '{' if !in_string => depth += 1,
            ']' | '}' if !in_string => depth -= 1,
            ',' if !in_string && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// The line without whitespace or a trailing comment, except inside strings.
fn normalize(line: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    for c in line.chars() {
        match c {
            '"' => {
                in_string = !in_string;
                out.push(c);
            }
            '#' if !in_string => break,
            c if c.is_whitespace() && !in_string => {}
            c => out.push(c),
        }
    }
    out
}
