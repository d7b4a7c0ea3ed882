//! The runtime and format templates are copied into generated crates as they
//! are, and a generated crate in a workspace is held to `cargo fmt --check`
//! (the committed Kombo client is). `cargo fmt` does not see the templates
//! (they are `include_str!`ed, not modules), so this test holds them to
//! rustfmt itself: a template edited without formatting failed CI once.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("templates directory is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn templates_are_rustfmt_formatted() {
    if Command::new("rustfmt").arg("--version").output().is_err() {
        eprintln!("skipped: rustfmt is not installed (rustup component add rustfmt)");
        return;
    }
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &mut files,
    );
    files.sort();
    assert!(files.len() > 10, "found only {files:?}");
    // Each file through stdin: rustfmt would otherwise follow a template's
    // `mod` lines to files that only exist in a generated crate.
    let mut unformatted = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("template is readable");
        let mut child = Command::new("rustfmt")
            .args(["--edition", "2024", "--emit", "stdout"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rustfmt runs");
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(source.as_bytes())
            .expect("rustfmt reads the template");
        let output = child.wait_with_output().expect("rustfmt finishes");
        // rustfmt's `--check` exits 0 on stdin even when it prints a diff:
        // compare its output with the template instead.
        let formatted = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() || formatted != source {
            unformatted.push(format!(
                "{}{}",
                file.display(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(
        unformatted.is_empty(),
        "templates not formatted (run `rustfmt --edition 2024` on them):\n{}",
        unformatted.join("\n")
    );
}
