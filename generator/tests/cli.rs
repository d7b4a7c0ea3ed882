//! The command line: exit codes, messages, `--check`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::fixture;

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-rustgen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the generator runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn generate_then_check_then_drift() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = fixture("shapes.yaml");
    let spec = spec.to_str().expect("utf-8 path");
    let out = dir.path().join("client");
    let out_str = out.to_str().expect("utf-8 path");

    let first = run(
        &[
            "generate",
            "--spec",
            spec,
            "--out",
            out_str,
            "--crate-name",
            "shapes",
        ],
        dir.path(),
    );
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(out.join("src/models.rs").is_file());

    let check = run(
        &[
            "generate",
            "--spec",
            spec,
            "--out",
            out_str,
            "--crate-name",
            "shapes",
            "--check",
        ],
        dir.path(),
    );
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    // A second run changes nothing, not even modification times.
    let before = std::fs::metadata(out.join("src/models.rs"))
        .and_then(|m| m.modified())
        .expect("mtime");
    let again = run(
        &[
            "generate",
            "--spec",
            spec,
            "--out",
            out_str,
            "--crate-name",
            "shapes",
        ],
        dir.path(),
    );
    assert_eq!(again.status.code(), Some(0));
    assert!(stderr(&again).contains("unchanged"), "{}", stderr(&again));
    let after = std::fs::metadata(out.join("src/models.rs"))
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after);

    std::fs::write(out.join("src/models.rs"), "// edited by hand\n").expect("edit");
    std::fs::remove_file(out.join("src/apis.rs")).expect("remove");
    let drift = run(
        &[
            "generate",
            "--spec",
            spec,
            "--out",
            out_str,
            "--crate-name",
            "shapes",
            "--check",
        ],
        dir.path(),
    );
    assert_eq!(drift.status.code(), Some(1));
    let message = stderr(&drift);
    assert!(message.contains("differs: src/models.rs"), "{message}");
    assert!(message.contains("missing: src/apis.rs"), "{message}");
    // --check wrote nothing.
    assert_eq!(
        std::fs::read_to_string(out.join("src/models.rs")).expect("read"),
        "// edited by hand\n"
    );
}

#[test]
fn invalid_input_exits_2_naming_file_and_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n").expect("write");
    let out = dir.path().join("client");
    let result = run(
        &[
            "generate",
            "--spec",
            bad.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        dir.path(),
    );
    assert_eq!(result.status.code(), Some(2));
    let message = stderr(&result);
    assert!(message.contains("bad.yaml"), "{message}");
    assert!(
        message.contains("#/paths/~1a/get/responses/200/content/application~1json/schema"),
        "{message}"
    );
    assert!(message.contains("Missing"), "{message}");
    assert!(!out.exists(), "nothing may be written on error");

    let syntax = dir.path().join("syntax.yaml");
    std::fs::write(&syntax, "openapi: 3.1.0\ninfo: [\n").expect("write");
    let result = run(
        &[
            "generate",
            "--spec",
            syntax.to_str().expect("utf-8"),
            "--out",
            "x",
        ],
        dir.path(),
    );
    assert_eq!(result.status.code(), Some(2));
    let message = stderr(&result);
    assert!(message.contains("syntax.yaml:"), "{message}");
    assert!(message.contains("invalid YAML"), "{message}");
}

#[test]
fn refuses_to_overwrite_a_directory_it_did_not_generate() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("precious.txt"), "keep me").expect("write");
    let spec = fixture("shapes.yaml");
    let result = run(
        &[
            "generate",
            "--spec",
            spec.to_str().expect("utf-8"),
            "--out",
            dir.path().to_str().expect("utf-8"),
        ],
        dir.path(),
    );
    assert_eq!(result.status.code(), Some(2));
    assert!(stderr(&result).contains("refusing"), "{}", stderr(&result));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("precious.txt")).expect("read"),
        "keep me"
    );
}

#[test]
fn string_formats_keeps_dates_and_uuids_as_strings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = fixture("dates.yaml");
    let spec = spec.to_str().expect("utf-8 path");
    let generate = |out: &str, extra: &[&str]| {
        let mut args = vec!["generate", "--spec", spec, "--out", out];
        args.extend_from_slice(extra);
        let output = run(&args, dir.path());
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let read = |file: &str| {
            std::fs::read_to_string(dir.path().join(out).join(file)).expect("generated")
        };
        (
            read("Cargo.toml"),
            read("src/models.rs"),
            read("src/apis.rs"),
        )
    };

    let (manifest, models, _) = generate("typed", &[]);
    assert!(manifest.contains("\nchrono = ") && manifest.contains("\nuuid = "));
    assert!(models.contains("pub at: crate::DateTime,"), "{models}");
    assert!(dir.path().join("typed/src/formats/dates.rs").is_file());

    let (manifest, models, apis) = generate("plain", &["--string-formats"]);
    assert!(
        !manifest.contains("chrono") && !manifest.contains("uuid"),
        "{manifest}"
    );
    assert!(
        models.contains("pub at: ::std::string::String,"),
        "{models}"
    );
    assert!(
        models.contains("pub id: ::std::string::String,"),
        "{models}"
    );
    assert!(apis.contains("day: &'a str"), "{apis}");
    assert!(!dir.path().join("plain/src/formats").exists());
}
