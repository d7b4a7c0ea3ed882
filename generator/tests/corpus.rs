//! The corpus runner: every spec of the public corpus (see
//! `common/corpus.rs` for where it is found) must generate a client that
//! compiles and passes its example tests.
//!
//! For each spec it generates the crate, and all crates go into one scratch
//! cargo workspace (`target/corpus/crates`) with one target directory
//! (`target/corpus/target`) and a copy of the workspace's `Cargo.lock`, so
//! that they build `--offline` and share their dependencies. Then, crate by
//! crate, it runs `cargo clippy --all-targets` (the `cargo check` the crate
//! must pass, with its lints counted) and the generated example tests
//! (`cargo test --test examples`), and in the full run also the call
//! examples in the docs (`cargo test --doc`) and, for Kombo, a smoke test
//! and a customer's program through a mock server (`tests/smoke.rs`,
//! `tests/customer.rs`). It prints one table row per
//! spec; the table is also written to `target/corpus/report-{quick,full}.md`.
//!
//! Split so that `cargo test` stays quick:
//!
//! - `small_corpus_specs_...` (in `cargo test`): the ten small specs
//!   (75 KB or less), clippy and example tests, no doc tests. A few seconds
//!   once their crates are built (the scratch workspace is kept, and a file is
//!   written only when its content changes); about two minutes the first
//!   time, which builds the shared dependencies.
//! - `large_corpus_specs_generate` (in `cargo test`): the five large ones
//!   generated in-process, not compiled.
//! - `every_corpus_spec_...` (`#[ignore]`d: the full suite,
//!   `scripts/test-full.sh`): every spec, the five large ones too (nexus,
//!   Discord, the whole Kombo API, GitHub, Vault), with doc tests and the
//!   smoke test. About 18 minutes on 2 cores from a cold target directory,
//!   GitHub and Vault most of it.
//!
//! ```text
//! cargo test -p openapi-rustgen --test corpus -- --nocapture
//! cargo test -p openapi-rustgen --test corpus -- --ignored --nocapture
//! CORPUS_ONLY=discord,kombo-full cargo test -p openapi-rustgen --test corpus -- --ignored --nocapture
//! ```
//!
//! `CORPUS_ONLY` runs the named specs (file name prefixes) only.

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

use openapi_rustgen::__private::ExampleCheck;
use openapi_rustgen::Options;
use openapi_rustgen::write::write_crate;

/// A spec of the corpus and whether it is one of the large ones, which only
/// the full run compiles.
struct Spec {
    file: &'static str,
    large: bool,
}

const SPECS: &[Spec] = &[
    Spec {
        file: "oai-petstore.yaml",
        large: false,
    },
    Spec {
        file: "oai-petstore-expanded.yaml",
        large: false,
    },
    Spec {
        file: "oag31-allof-nullable-type-array.yaml",
        large: false,
    },
    Spec {
        file: "oag31-const-type-inference.yaml",
        large: false,
    },
    Spec {
        file: "oag31-crystal-webhooks.yaml",
        large: false,
    },
    Spec {
        file: "oag31-csharp-null-types.yaml",
        large: false,
    },
    Spec {
        file: "opc-baseline-openapi-3.1.yaml",
        large: false,
    },
    Spec {
        file: "progenitor-buildomat.json",
        large: false,
    },
    Spec {
        file: "progenitor-keeper.json",
        large: false,
    },
    Spec {
        file: "progenitor-param-collision.json",
        large: false,
    },
    Spec {
        file: "progenitor-nexus.json",
        large: true,
    },
    Spec {
        file: "discord.json",
        large: true,
    },
    Spec {
        file: "kombo-full.json",
        large: true,
    },
    Spec {
        file: "progenitor-github-api.json",
        large: true,
    },
    Spec {
        file: "hashicorp-vault.json",
        large: true,
    },
];

/// The spec whose crate gets the smoke test.
const SMOKE_SPEC: &str = "kombo-full.json";

/// What happened to one spec.
struct Row {
    spec: String,
    version: String,
    operations: usize,
    schemas: usize,
    millis: u128,
    lines: usize,
    check: String,
    examples: String,
    /// Examples that violate their schema: refused, and read with changes.
    off_schema: (usize, usize),
    ok: bool,
}

/// `kombo-full.json` -> `corpus_kombo_full`.
fn crate_name(file: &str) -> String {
    let stem = Path::new(file)
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .replace(['-', '.'], "_");
    format!("corpus_{stem}")
}

/// Which specs a run takes: the small ones, or all; `CORPUS_ONLY` narrows it.
fn selected(run: Run) -> Vec<&'static Spec> {
    let only: Option<Vec<String>> = std::env::var("CORPUS_ONLY")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    SPECS
        .iter()
        .filter(|s| run == Run::Full || !s.large)
        .filter(|s| match &only {
            Some(names) => names.iter().any(|n| s.file.starts_with(n.as_str())),
            None => true,
        })
        .collect()
}

/// Runs cargo in the scratch workspace; returns success and the output.
fn cargo(root: &Path, target: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        // Fresh builds of large generated crates: incremental state and
        // debug info cost time and disk and buy nothing here.
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_PROFILE_TEST_DEBUG", "0")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// Sums the `test result:` lines of a test run: (passed, failed).
fn test_counts(output: &str) -> (usize, usize) {
    let mut passed = 0;
    let mut failed = 0;
    for line in output.lines().filter(|l| l.starts_with("test result:")) {
        let number_before = |word: &str| {
            line.split(';')
                .find(|part| part.trim().ends_with(word))
                .and_then(|part| part.trim().split(' ').rev().nth(1))
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0)
        };
        passed += number_before("passed");
        failed += number_before("failed");
    }
    (passed, failed)
}

/// How many different warnings a build printed (the library and its test
/// build repeat the same ones).
fn distinct_warnings(output: &str) -> usize {
    let lines: Vec<&str> = output.lines().collect();
    let mut seen = std::collections::BTreeSet::new();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("warning:") && !line.contains(" generated ") {
            let place = lines[i + 1..]
                .iter()
                .take(3)
                .find(|l| l.trim_start().starts_with("-->"))
                .copied()
                .unwrap_or("");
            seen.insert((*line, place));
        }
    }
    seen.len()
}

/// The first error messages of a failed build, for the log.
fn first_errors(output: &str) -> String {
    output
        .lines()
        .filter(|l| l.starts_with("error"))
        .take(10)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Generates one spec's crate into `dir`; returns its table row so far.
fn generate(corpus: &Path, spec: &Spec, dir: &Path) -> Result<Row, String> {
    let path = corpus.join(spec.file);
    let started = Instant::now();
    let documents =
        openapi_rustgen::__private::load(std::slice::from_ref(&path)).map_err(|e| e.to_string())?;
    let version = documents
        .first()
        .and_then(|d| d.value.get("openapi"))
        .and_then(|v| v.as_str())
        .unwrap_or("?")
        .to_string();
    let options = Options {
        crate_name: crate_name(spec.file),
        docs_url: None,
        spec_label: spec.file.to_string(),
        contract_tests: false,
        cargo_features: true,
        typed_formats: true,
    };
    let normalized = openapi_rustgen::__private::normalize(documents).map_err(|e| e.to_string())?;
    let parsed = openapi_rustgen::__private::parse(&normalized).map_err(|e| e.to_string())?;
    let api = openapi_rustgen::__private::lower(&parsed, &normalized, options.docs_url.as_deref())
        .map_err(|e| e.to_string())?;
    let files =
        openapi_rustgen::__private::emit(&api, &options.crate_name, &options.lib_name(), false);
    let generated = openapi_rustgen::__private::format_crate(files, &options.spec_label)
        .map_err(|e| e.to_string())?;
    let millis = started.elapsed().as_millis();
    write_crate(&generated, dir).map_err(|e| e.to_string())?;
    Ok(Row {
        spec: spec.file.to_string(),
        version,
        operations: api.operations.len(),
        schemas: parsed.components.as_ref().map_or(0, |c| c.schemas.len()),
        millis,
        lines: generated
            .files
            .values()
            .map(|text| text.lines().count())
            .sum(),
        check: String::new(),
        examples: String::new(),
        off_schema: (
            api.examples
                .iter()
                .filter(|e| matches!(e.check, ExampleCheck::Rejected { .. }))
                .count(),
            api.examples
                .iter()
                .filter(|e| matches!(e.check, ExampleCheck::Changes { .. }))
                .count(),
        ),
        ok: false,
    })
}

/// The quick run (in `cargo test`) or the full one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Quick,
    Full,
}

#[test]
fn small_corpus_specs_generate_compile_and_pass_their_examples() {
    let Some(corpus) =
        common::corpus("corpus::small_corpus_specs_generate_compile_and_pass_their_examples")
    else {
        return;
    };
    run(&corpus, Run::Quick);
}

#[test]
#[ignore = "full suite (scripts/test-full.sh): compiles every corpus spec, GitHub and Vault too, about 18 min cold"]
fn every_corpus_spec_generates_compiles_and_passes_its_examples_and_doc_tests() {
    let Some(corpus) = common::corpus(
        "corpus::every_corpus_spec_generates_compiles_and_passes_its_examples_and_doc_tests",
    ) else {
        return;
    };
    run(&corpus, Run::Full);
}

/// The large specs go through the whole pipeline in-process (compiling
/// their crates is the full suite's job), so that a panic or an error in
/// lowering, emitting or formatting them shows in `cargo test`.
#[test]
fn large_corpus_specs_generate() {
    let Some(corpus) = common::corpus("corpus::large_corpus_specs_generate") else {
        return;
    };
    for spec in SPECS.iter().filter(|s| s.large) {
        let generated = common::generate(&[corpus.join(spec.file)], &crate_name(spec.file));
        assert!(generated.files.contains_key("src/lib.rs"), "{}", spec.file);
    }
}

/// Generates, compiles and tests the specs of one run, and prints its table.
fn run(corpus: &Path, run: Run) {
    // The two runs share the scratch workspace: one at a time.
    static TURN: Mutex<()> = Mutex::new(());
    let _turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let specs = selected(run);
    let base = common::workspace_dir().join("target/corpus");
    let root = base.join("crates");
    let target = base.join("target");
    std::fs::create_dir_all(&root).expect("scratch workspace created");

    let mut rows = Vec::new();
    let mut members = Vec::new();
    for spec in &specs {
        let name = crate_name(spec.file);
        let dir = root.join(&name);
        match generate(corpus, spec, &dir) {
            Ok(row) => {
                if spec.file == SMOKE_SPEC {
                    write_if_changed(&dir.join("tests/smoke.rs"), SMOKE_TEST.as_bytes());
                    write_customer_program(&corpus.join(spec.file), &dir);
                }
                members.push(name);
                rows.push(row);
            }
            Err(error) => {
                eprintln!("{}: generation failed: {error}", spec.file);
                rows.push(Row {
                    spec: spec.file.to_string(),
                    version: "?".into(),
                    operations: 0,
                    schemas: 0,
                    millis: 0,
                    lines: 0,
                    check: "generation failed".into(),
                    examples: "-".into(),
                    off_schema: (0, 0),
                    ok: false,
                });
            }
        }
    }
    let manifest = format!(
        "[workspace]\nmembers = [{}]\nresolver = \"3\"\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    write_if_changed(&root.join("Cargo.toml"), manifest.as_bytes());
    let lock = std::fs::read(common::workspace_dir().join("Cargo.lock")).expect("lock read");
    write_if_changed(&root.join("Cargo.lock"), &lock);

    for row in rows.iter_mut().filter(|r| r.check.is_empty()) {
        let name = crate_name(&row.spec);
        let started = Instant::now();
        // Clippy checks as `cargo check` does, and counts lints on top.
        let (checked, output) = cargo(
            &root,
            &target,
            &["clippy", "--offline", "--all-targets", "-p", &name],
        );
        let check_secs = started.elapsed().as_secs();
        if !checked {
            let errors = output
                .lines()
                .filter(|l| l.starts_with("error[") || l.starts_with("error:"))
                .count();
            eprintln!(
                "{}: cargo check (clippy) failed:\n{}",
                row.spec,
                first_errors(&output)
            );
            row.check = format!("failed ({errors} errors)");
            row.examples = "-".into();
            continue;
        }
        let lints = distinct_warnings(&output);
        row.check = match lints {
            0 => format!("ok, clippy-clean ({check_secs} s)"),
            n => format!("ok, {n} clippy warnings ({check_secs} s)"),
        };
        let started = Instant::now();
        let (tested, output) = cargo(
            &root,
            &target,
            &["test", "--offline", "-p", &name, "--test", "examples"],
        );
        let (passed, failed) = test_counts(&output);
        let test_secs = started.elapsed().as_secs();
        row.examples = format!("{passed}/{} ({test_secs} s)", passed + failed);
        if row.off_schema != (0, 0) {
            let (refused, changed) = row.off_schema;
            row.examples.push_str(&format!(
                "; off-schema: {refused} refused, {changed} read with changes"
            ));
        }
        row.ok = tested && failed == 0;
        if !tested {
            let failures: Vec<&str> = output
                .lines()
                .filter(|l| l.starts_with("    cases::"))
                .take(20)
                .collect();
            eprintln!(
                "{}: example tests failed:\n{}\n{}",
                row.spec,
                failures.join("\n"),
                first_errors(&output)
            );
        }
        if run == Run::Quick {
            continue;
        }
        // The `no_run` call example in every operation's docs compiles.
        let (docs, output) = cargo(&root, &target, &["test", "--offline", "-p", &name, "--doc"]);
        if docs {
            row.check.insert_str(
                row.check.rfind(" (").unwrap_or(row.check.len()),
                ", doc examples compile",
            );
        } else {
            eprintln!(
                "{}: doc examples failed:\n{}",
                row.spec,
                first_errors(&output)
            );
            row.check.push_str("; doc examples FAIL");
            row.ok = false;
        }
        if row.spec == SMOKE_SPEC {
            let (smoke, output) = cargo(
                &root,
                &target,
                &[
                    "test",
                    "--offline",
                    "-p",
                    &name,
                    "--test",
                    "smoke",
                    "--test",
                    "customer",
                ],
            );
            let (passed, failed) = test_counts(&output);
            row.examples.push_str(&format!(
                ", smoke and customer program {passed}/{}",
                passed + failed
            ));
            if !smoke {
                eprintln!(
                    "{}: smoke test or customer program failed:\n{output}",
                    row.spec
                );
                row.ok = false;
            }
        }
    }

    let mut table = String::from(
        "| spec | OpenAPI | operations | schemas | generation (ms) | generated lines | cargo check | examples passed/total |\n|---|---|---:|---:|---:|---:|---|---|\n",
    );
    for r in &rows {
        let _ = writeln!(
            table,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            r.spec, r.version, r.operations, r.schemas, r.millis, r.lines, r.check, r.examples
        );
    }
    println!("\n{table}");
    let report = match run {
        Run::Quick => "report-quick.md",
        Run::Full => "report-full.md",
    };
    let _ = std::fs::write(base.join(report), &table);
    let failed: Vec<&str> = rows
        .iter()
        .filter(|r| !r.ok)
        .map(|r| r.spec.as_str())
        .collect();
    assert!(
        failed.is_empty(),
        "specs that do not fully work: {failed:?}\n\n{table}"
    );
}

/// Writes `content` unless the file already holds it, so that cargo does not
/// see a new modification time.
fn write_if_changed(path: &Path, content: &[u8]) {
    if std::fs::read(path).is_ok_and(|old| old == content) {
        return;
    }
    std::fs::write(path, content).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// `tests/customer.rs` of the Kombo crate: a customer's program (see the
/// file), with the spec's own examples it sends and is answered with in
/// `tests/data/`.
const CUSTOMER_PROGRAM: &str = include_str!("kombo_full/customer.rs");

/// Writes the customer program and the spec examples it reads.
fn write_customer_program(spec: &Path, dir: &Path) {
    let text = std::fs::read_to_string(spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let spec: serde_json::Value = serde_json::from_str(&text).expect("kombo-full.json is JSON");
    let first_example = |pointer: &str| {
        let examples = spec
            .pointer(&format!("{pointer}/content/application~1json/examples"))
            .and_then(serde_json::Value::as_object)
            .unwrap_or_else(|| panic!("kombo-full.json has no examples at {pointer}"));
        let (_, example) = examples.iter().next().expect("one example");
        serde_json::to_vec_pretty(&example["value"]).expect("JSON")
    };
    let employees = "/paths/~1hris~1employees";
    let data = dir.join("tests/data");
    std::fs::create_dir_all(&data).expect("tests/data");
    for (file, pointer) in [
        (
            "post_hris_employees_body.json",
            format!("{employees}/post/requestBody"),
        ),
        (
            "post_hris_employees_200.json",
            format!("{employees}/post/responses/200"),
        ),
        (
            "get_hris_employees_200.json",
            format!("{employees}/get/responses/200"),
        ),
    ] {
        write_if_changed(&data.join(file), &first_example(&pointer));
    }
    write_if_changed(&dir.join("tests/customer.rs"), CUSTOMER_PROGRAM.as_bytes());
}

/// `tests/smoke.rs` of the Kombo crate: calls through a mock server, with a
/// typed success and a typed API error.
const SMOKE_TEST: &str = include_str!("kombo_full/smoke.rs");
