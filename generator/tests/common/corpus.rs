//! Where the public spec corpus is, for every test and bench that reads it.
//!
//! The corpus (real OpenAPI documents from other projects) is not part of
//! this repository: `scripts/corpus.tsv` lists its files, where each comes
//! from and its sha256. It is looked for, in this order:
//!
//! 1. `$CORPUS_DIR`, when set;
//! 2. `../shared/specs-corpus` beside the repository (as on the project's
//!    own machines);
//! 3. `target/specs-corpus`, where `scripts/fetch-corpus.sh` puts it.
//!
//! A test that needs it and finds none says that it skipped, why, and how to
//! get the corpus, and passes, so that a clone of the repository alone
//! passes `cargo test`. With `CORPUS_REQUIRED=1` (`scripts/test-full.sh`
//! sets it) a missing corpus fails the test instead.
//!
//! Shared by the generator's tests (`mod common`) and, through `#[path]`,
//! its benches and `benches/compare`; it uses std only.
// Each user calls only some of these functions.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The variable that names the corpus directory.
pub const ENV: &str = "CORPUS_DIR";

/// Beside the repository, relative to the workspace root.
pub const BESIDE: &str = "../shared/specs-corpus";

/// Where `scripts/fetch-corpus.sh` writes, relative to the workspace root.
pub const FETCHED: &str = "target/specs-corpus";

/// The committed list of the corpus files, relative to the workspace root.
pub const MANIFEST: &str = "scripts/corpus.tsv";

/// How to get the corpus, for messages.
pub const HOW_TO_GET: &str = "Get it with `scripts/fetch-corpus.sh` (downloads the files of \
     scripts/corpus.tsv into target/specs-corpus and checks their sha256), or set CORPUS_DIR \
     to a directory that holds them";

/// The file names `scripts/corpus.tsv` lists, in its order.
pub fn files(workspace: &Path) -> Vec<String> {
    let manifest = workspace.join(MANIFEST);
    let text = std::fs::read_to_string(&manifest)
        .unwrap_or_else(|e| panic!("{}: {e}", manifest.display()));
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split('\t').next())
        .map(str::to_owned)
        .collect()
}

/// The directories looked in, in order, each with how it was chosen.
fn candidates(workspace: &Path) -> Vec<(String, PathBuf)> {
    match std::env::var_os(ENV) {
        Some(dir) => vec![(format!("${ENV}"), PathBuf::from(dir))],
        None => vec![
            ("beside the repository".to_owned(), workspace.join(BESIDE)),
            ("fetched".to_owned(), workspace.join(FETCHED)),
        ],
    }
}

/// The corpus directory, or a message saying where it was looked for.
///
/// When `CORPUS_DIR` is set, only that directory counts.
pub fn find(workspace: &Path) -> Result<PathBuf, String> {
    let candidates = candidates(workspace);
    if let Some((_, dir)) = candidates.iter().find(|(_, dir)| dir.is_dir()) {
        return Ok(dir.clone());
    }
    let mut looked = String::new();
    if std::env::var_os(ENV).is_none() {
        looked.push_str(&format!("\n    ${ENV} (not set)"));
    }
    for (how, dir) in &candidates {
        looked.push_str(&format!("\n    {} ({how})", dir.display()));
    }
    Err(format!(
        "the public spec corpus (not part of this repository) was not found in:{looked}"
    ))
}

/// The corpus directory for a test, with every file of the manifest in it;
/// `None` (after saying why `what` is skipped) when there is none.
///
/// A corpus directory that lacks some of the files fails the test: a
/// half-fetched corpus would otherwise pass for a whole one.
pub fn or_skip(workspace: &Path, what: &str) -> Option<PathBuf> {
    let dir = match find(workspace) {
        Ok(dir) => dir,
        Err(why) => {
            let required = std::env::var("CORPUS_REQUIRED").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "CORPUS_REQUIRED=1: {what}: {why}\n  {HOW_TO_GET}"
            );
            // On a line of its own: the harness may be midway through one.
            say(&format!("\nSKIPPED {what}: {why}\n  {HOW_TO_GET}\n"));
            return None;
        }
    };
    let missing: Vec<String> = files(workspace)
        .into_iter()
        .filter(|file| !dir.join(file).is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "the corpus at {} lacks {missing:?}\n  {HOW_TO_GET}",
        dir.display()
    );
    Some(dir)
}

/// Writes to the terminal past the test harness's output capture (which
/// takes `print!` and `eprint!` only), so that a skip is seen without
/// `--nocapture`. One write, so that parallel tests do not interleave.
pub fn say(message: &str) {
    let _ = std::io::stderr().write_all(message.as_bytes());
}
