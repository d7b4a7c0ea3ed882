//! Bad input through the command line: for each kind of failure, exit code
//! 2, one message that names the file and the place in it, and the output
//! directory (a crate generated earlier) left exactly as it was. Also: a
//! generation killed halfway leaves the old crate or the new one, never a
//! mix.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{fixture, generate};
use openapi_rustgen::write::{check_crate, recover, write_crate};

const HEADER: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-rustgen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the generator runs")
}

/// Every file under `dir` (and its hidden siblings, where staging and
/// backup directories would go) with its content.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(root).expect("under root").to_path_buf();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            if meta.is_symlink() {
                let target = std::fs::read_link(&path).expect("link");
                out.insert(rel, target.to_string_lossy().as_bytes().to_vec());
            } else if meta.is_dir() {
                out.insert(rel, b"<dir>".to_vec());
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).expect("readable"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A scratch directory holding `files` (spec files, by name) and `out/`, a
/// crate generated from `shapes.yaml` with a file of the user's beside it.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new(files: &[(&str, &[u8])]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, content) in files {
            std::fs::write(dir.path().join(name), content).expect("spec written");
        }
        let out = dir.path().join("out");
        write_crate(&generate(&[fixture("shapes.yaml")], "shapes"), &out).expect("old crate");
        std::fs::write(out.join("NOTES.md"), "mine").expect("user file");
        Scratch { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `generate` on `specs` into `out/`; expects exit 2 and the output
    /// untouched; returns what it printed.
    fn fails(&self, specs: &[&str], extra: &[&str]) -> String {
        let before = snapshot(self.path());
        let mut args = vec!["generate"];
        for spec in specs {
            args.extend(["--spec", spec]);
        }
        args.extend(["--out", "out", "--crate-name", "shapes"]);
        args.extend(extra);
        let result = run(&args, self.path());
        let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
        assert_eq!(result.status.code(), Some(2), "{stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert_eq!(
            before,
            snapshot(self.path()),
            "the output directory changed:\n{stderr}"
        );
        stderr
    }
}

fn assert_contains(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "expected {part:?} in:\n{text}");
    }
}

#[test]
fn unreadable_files() {
    let scratch = Scratch::new(&[(
        "latin1.yaml",
        b"openapi: 3.1.0\ninfo: {title: \"caf\xe9\"}\n",
    )]);
    let message = scratch.fails(&["missing.yaml"], &[]);
    assert_contains(
        &message,
        &["error: missing.yaml: cannot read: No such file or directory"],
    );

    let message = scratch.fails(&["latin1.yaml"], &[]);
    assert_contains(
        &message,
        &[
            "error: invalid UTF-8: byte 0xe9 is not valid UTF-8\n",
            "--> latin1.yaml:2:19\n",
        ],
    );

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop.yaml", scratch.path().join("loop.yaml")).expect("link");
        let message = scratch.fails(&["loop.yaml"], &[]);
        assert_contains(&message, &["error: loop.yaml: cannot read: "]);
    }

    std::fs::create_dir(scratch.path().join("empty")).expect("mkdir");
    let message = scratch.fails(&["empty"], &[]);
    assert_contains(&message, &["error: no OpenAPI documents found in empty"]);
}

#[test]
fn invalid_yaml_and_json_name_line_and_column_and_show_the_line() {
    let yaml =
        format!("{HEADER}paths:\n  /a:\n    get: {{responses: {{'200': {{description: ok}}}}\n");
    let json =
        "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\"title\": \"t\",, \"version\": \"1\"}\n}\n";
    let scratch = Scratch::new(&[("bad.yaml", yaml.as_bytes()), ("bad.json", json.as_bytes())]);

    let message = scratch.fails(&["bad.yaml"], &[]);
    // The parser places it on line 6, past the end; it is drawn at the end.
    assert_contains(
        &message,
        &[
            "error: invalid YAML: ",
            "--> bad.yaml:5:48\n",
            "5 |     get: {responses: {'200': {description: ok}}\n  |                                                ^\n",
        ],
    );

    let message = scratch.fails(&["bad.json"], &[]);
    assert_eq!(
        message,
        "error: invalid JSON: key must be a string\n  --> bad.json:3:25\n  |\n1 | {\n2 |   \"openapi\": \"3.1.0\",\n3 |   \"info\": {\"title\": \"t\",, \"version\": \"1\"}\n  |                         ^\n4 | }\n\n"
    );
}

#[test]
fn duplicate_keys_are_an_error_not_a_silent_choice() {
    let yaml = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    Pet: {{type: string}}\n    Pet: {{type: integer}}\n"
    );
    let json = "{\"openapi\": \"3.1.0\", \"openapi\": \"3.0.3\"}";
    let scratch = Scratch::new(&[("dup.yaml", yaml.as_bytes()), ("dup.json", json.as_bytes())]);
    let message = scratch.fails(&["dup.yaml"], &[]);
    assert_contains(
        &message,
        &[
            "error: invalid YAML: components.schemas: duplicate key `Pet` in one mapping\n",
            "--> dup.yaml:6:5\n",
            "6 |     Pet: {type: string}\n  |     ^^^",
        ],
    );
    let message = scratch.fails(&["dup.json"], &[]);
    assert_contains(
        &message,
        &[
            "error: invalid JSON: duplicate key `openapi` in one mapping\n",
            "--> dup.json:1:",
        ],
    );
}

#[test]
fn documents_that_are_not_openapi() {
    let scratch = Scratch::new(&[
        ("hello.yaml", b"hello: world\n"),
        ("empty.yaml", b""),
        ("list.json", b"[1, 2]"),
    ]);
    let message = scratch.fails(&["hello.yaml"], &[]);
    // Not in the file: its nearest ancestor, the document, is shown.
    assert_eq!(
        message,
        "error: #/openapi: not an OpenAPI document: no `openapi` field\n  --> hello.yaml:1:1\n  |\n1 | hello: world\n  | ^^^^^\n\n"
    );
    let message = scratch.fails(&["empty.yaml"], &[]);
    assert_eq!(
        message,
        "error: empty.yaml: #: not an OpenAPI document: the file is empty\n"
    );
    let message = scratch.fails(&["list.json"], &[]);
    assert_contains(
        &message,
        &[
            "error: #: not an OpenAPI document: the top level is not a mapping\n",
            "--> list.json:1:1\n",
        ],
    );
}

#[test]
fn swagger_and_unknown_versions() {
    let scratch = Scratch::new(&[
        (
            "swagger.yaml",
            b"swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
        ),
        (
            "v4.yaml",
            b"openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
        ),
        (
            "number.yaml",
            b"openapi: 3.1\ninfo: {title: t, version: '1'}\npaths: {}\n",
        ),
    ]);
    let message = scratch.fails(&["swagger.yaml"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/openapi: Swagger 2.0 is not supported; convert it to OpenAPI 3 first\n",
            "--> swagger.yaml:1:1\n",
        ],
    );
    let message = scratch.fails(&["v4.yaml"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/openapi: unsupported OpenAPI version `4.0.0`; supported versions are 3.0.x and 3.1.x\n",
            "--> v4.yaml:1:1\n",
            "1 | openapi: 4.0.0\n  | ^^^^^^^\n",
        ],
    );
    let message = scratch.fails(&["number.yaml"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/openapi: `openapi` must be a version string",
            "--> number.yaml:1:1\n",
        ],
    );
}

/// An operation like Kombo's, whose 200 response's schema is `schema`.
fn activate_integration(schema: &str) -> String {
    format!(
        "{HEADER}paths:\n  /connect/activate-integration:\n    post:\n      operationId: activate\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\n"
    )
}

#[test]
fn dangling_references() {
    let schema_ref = activate_integration("{$ref: '#/components/schemas/Missing'}");
    let component = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/Gone'}}\n"
    );
    let response = format!(
        "{HEADER}paths:\n  /a:\n    get:\n      responses:\n        '200': {{$ref: '#/components/responses/Gone'}}\n"
    );
    let scratch = Scratch::new(&[
        ("schema.yaml", schema_ref.as_bytes()),
        ("component.yaml", component.as_bytes()),
        ("response.yaml", response.as_bytes()),
    ]);
    let message = scratch.fails(&["schema.yaml"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/paths/~1connect~1activate-integration/post/responses/200/content/application~1json/schema/$ref: dangling `$ref: #/components/schemas/Missing`: nothing in the document is there\n",
            "--> schema.yaml:12:24\n",
            "12 |               schema: {$ref: '#/components/schemas/Missing'}\n   |                        ^^^^\n",
        ],
    );
    let message = scratch.fails(&["component.yaml"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/components/schemas/A/$ref: dangling `$ref: #/components/schemas/Gone`",
            "--> component.yaml:6:9\n",
        ],
    );
    let message = scratch.fails(&["response.yaml"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/paths/~1a/get/responses/200/$ref: dangling `$ref: #/components/responses/Gone`",
            "--> response.yaml:7:17\n",
        ],
    );
}

#[test]
fn reference_cycles_with_no_type() {
    let cycle = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
    );
    // A `$ref` with a sibling is an `allOf` of one after normalization: the
    // cycle then shows in lowering.
    let all_of = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B', description: a}}\n    B: {{$ref: '#/components/schemas/A', description: b}}\n"
    );
    let scratch = Scratch::new(&[
        ("cycle.yaml", cycle.as_bytes()),
        ("allof.yaml", all_of.as_bytes()),
    ]);
    let message = scratch.fails(&["cycle.yaml"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/components/schemas/A/$ref: `$ref` cycle with no type in it: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A\n",
            "--> cycle.yaml:6:9\n",
            "6 |     A: {$ref: '#/components/schemas/B'}\n  |         ^^^^\n",
        ],
    );
    let message = scratch.fails(&["allof.yaml"], &[]);
    assert_contains(
        &message,
        &["error: #/components/schemas/", "cycle", "--> allof.yaml:"],
    );
}

#[test]
fn a_component_defined_differently_in_two_files() {
    let first =
        format!("{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    Pet: {{type: string}}\n");
    let second =
        format!("{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    Pet: {{type: integer}}\n");
    let scratch = Scratch::new(&[
        ("first.yaml", first.as_bytes()),
        ("second.yaml", second.as_bytes()),
    ]);
    let message = scratch.fails(&["first.yaml", "second.yaml"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/components/schemas/Pet is defined differently in first.yaml and second.yaml\n",
            "--> second.yaml:6:5\n",
            "6 |     Pet: {type: integer}\n  |     ^^^ defined here\n",
            "--> first.yaml:6:5\n",
            "6 |     Pet: {type: string}\n  |     --- and differently here first\n",
        ],
    );
}

#[test]
fn duplicate_operation_ids() {
    let spec = format!(
        "{HEADER}paths:\n  /a:\n    get: {{operationId: list, responses: {{'204': {{description: ok}}}}}}\n  /b:\n    get: {{operationId: list, responses: {{'204': {{description: ok}}}}}}\n"
    );
    let scratch = Scratch::new(&[("ops.yaml", spec.as_bytes())]);
    let message = scratch.fails(&["ops.yaml"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/paths/~1b/get/operationId: duplicate operationId `list`\n",
            "--> ops.yaml:7:11\n",
            "5 |     get: {operationId: list, responses: {'204': {description: ok}}}\n  |           ----------- and here first\n",
            "7 |     get: {operationId: list, responses: {'204': {description: ok}}}\n  |           ^^^^^^^^^^^ here\n",
        ],
    );
}

#[test]
fn names_that_collide_after_case_conversion_are_made_unique() {
    let spec = format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    pet_status: {{type: string, enum: [a, b]}}\n    PetStatus: {{type: string, enum: [c, d]}}\n    Pet:\n      type: object\n      properties:\n        pet_status: {{$ref: '#/components/schemas/pet_status'}}\n        petStatus: {{$ref: '#/components/schemas/PetStatus'}}\n"
    );
    let scratch = Scratch::new(&[("names.yaml", spec.as_bytes())]);
    let result = run(
        &[
            "generate",
            "--spec",
            "names.yaml",
            "--out",
            "out",
            "--crate-name",
            "names",
        ],
        scratch.path(),
    );
    assert_eq!(result.status.code(), Some(0), "{result:?}");
    let models = std::fs::read_to_string(scratch.path().join("out/src/models.rs")).expect("models");
    assert_contains(
        &models,
        &[
            "pub enum PetStatus {",
            "pub enum PetStatus2 {",
            "pub pet_status: ::std::option::Option<PetStatus>,",
            "object.optional(\"petStatus\", &self.pet_status2);",
            "pub pet_status2: ::std::option::Option<PetStatus2>,",
        ],
    );
}

#[test]
fn unsupported_constructs() {
    let external = activate_integration("{$ref: 'pets.yaml#/components/schemas/Pet'}");
    let path_ref = format!(
        "{HEADER}paths:\n  /a: {{$ref: '#/components/pathItems/A'}}\ncomponents:\n  pathItems:\n    A: {{get: {{responses: {{'204': {{description: ok}}}}}}}}\n"
    );
    let scratch = Scratch::new(&[
        ("external.yaml", external.as_bytes()),
        ("pathref.yaml", path_ref.as_bytes()),
    ]);
    let message = scratch.fails(&["external.yaml"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/paths/~1connect~1activate-integration/post/responses/200/content/application~1json/schema: not supported: `$ref: pets.yaml#/components/schemas/Pet` points outside this document (references to other files or URLs)\n",
            "--> external.yaml:12:15\n",
        ],
    );
    let message = scratch.fails(&["pathref.yaml"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/paths/~1a: not supported: ",
            "--> pathref.yaml:4:3\n",
        ],
    );
}

#[test]
fn an_unusable_crate_name() {
    let scratch = Scratch::new(&[]);
    let shapes = fixture("shapes.yaml");
    let shapes = shapes.to_str().expect("utf-8");
    for (name, why) in [
        ("my crate", "use ASCII letters"),
        ("1up", "use ASCII letters"),
        ("type", "is a Rust keyword"),
    ] {
        let result = run(
            &[
                "generate",
                "--spec",
                shapes,
                "--out",
                "out",
                "--crate-name",
                name,
            ],
            scratch.path(),
        );
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{stderr}");
        assert_contains(&stderr, &["error: invalid crate name: ", why]);
    }
}

/// A pseudo-random number from the clock, enough to vary kill times.
fn jitter(max: u64) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    u64::from(nanos.wrapping_mul(2_654_435_761)) % max.max(1)
}

#[test]
#[ignore = "full suite (scripts/test-full.sh): kills the CLI halfway through GitHub's 3.7 MB spec, about 1.5 min"]
fn a_kill_halfway_leaves_the_old_or_the_new_crate() {
    let Some(corpus) = common::corpus("bad_input::a_kill_halfway_leaves_the_old_or_the_new_crate")
    else {
        return;
    };
    let big = corpus.join("progenitor-github-api.json");
    let scratch = Scratch::new(&[]);
    let out = scratch.path().join("out");
    std::fs::create_dir_all(out.join("target/debug")).expect("mkdir");
    std::fs::write(out.join("target/debug/build"), "cache").expect("write");
    let old = generate(&[fixture("shapes.yaml")], "shapes");
    // What the command line makes of it (its header names the spec as given).
    let options = openapi_rustgen::Options {
        spec_label: big.display().to_string(),
        ..openapi_rustgen::Options::new("shapes")
    };
    let new = openapi_rustgen::generate(std::slice::from_ref(&big), &options).expect("generates");
    assert!(check_crate(&old, &out).expect("check").is_empty());

    let big = big.to_str().expect("utf-8");
    let args = [
        "generate",
        "--spec",
        big,
        "--out",
        "out",
        "--crate-name",
        "shapes",
    ];
    // How long a whole run takes, into a directory of its own.
    let start = Instant::now();
    let full = run(
        &[
            "generate",
            "--spec",
            big,
            "--out",
            "timing",
            "--crate-name",
            "shapes",
        ],
        scratch.path(),
    );
    assert_eq!(full.status.code(), Some(0));
    let whole = start.elapsed().as_millis() as u64;

    let kills = std::env::var("KILL_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6);
    let mut mid_write = 0;
    for i in 0..kills {
        // Most kills land late in the run, where writing happens.
        let delay = if i % 3 == 0 {
            jitter(whole)
        } else {
            whole * 3 / 4 + jitter(whole / 3)
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_openapi-rustgen"))
            .args(args)
            .current_dir(scratch.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawned");
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();

        let staging = scratch.path().join(".out.rustgen-new");
        let backup = scratch.path().join(".out.rustgen-old");
        if staging.exists() || backup.exists() {
            mid_write += 1;
        }
        if out.exists() {
            let is_old = check_crate(&old, &out).expect("check").is_empty();
            let is_new = check_crate(&new, &out).expect("check").is_empty();
            assert!(
                is_old || is_new,
                "kill {i} after {delay} ms left a mix: {:?} / {:?}",
                check_crate(&old, &out).expect("check"),
                check_crate(&new, &out).expect("check").len()
            );
        } else {
            // Killed between the two renames: the old crate is whole under
            // its backup name.
            assert!(check_crate(&old, &backup).expect("check").is_empty());
        }
        recover(&out).expect("recover");
        let is_old = check_crate(&old, &out).expect("check").is_empty();
        let is_new = check_crate(&new, &out).expect("check").is_empty();
        assert!(is_old || is_new, "kill {i} after {delay} ms: not recovered");
        assert_eq!(
            std::fs::read_to_string(out.join("NOTES.md")).expect("notes"),
            "mine"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("target/debug/build")).expect("cache"),
            "cache"
        );
        if is_new {
            // Start over from the old crate.
            write_crate(&old, &out).expect("old again");
        }
    }
    eprintln!("{kills} kills over a {whole} ms run; {mid_write} interrupted the write");

    // A run that is not killed finishes the job, and --check agrees.
    assert_eq!(run(&args, scratch.path()).status.code(), Some(0));
    let mut check = args.to_vec();
    check.push("--check");
    assert_eq!(run(&check, scratch.path()).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(out.join("NOTES.md")).expect("notes"),
        "mine"
    );
}

/// Errors found after loading name the spec's own line in JSON specs too,
/// and show it, one test per class: dangling and cyclic refs, merge
/// conflicts (both places), duplicate operationIds (both), unsupported
/// constructs. The JSON pointer stays in the message.
#[test]
fn json_errors_name_the_line_and_show_it() {
    const JSON_HEADER: &str =
        "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n";
    let ok = "{\"'204'\": {\"description\": \"ok\"}}".replace('\'', "");
    let dangling = format!(
        "{JSON_HEADER}  \"paths\": {{\n    \"/a\": {{\n      \"get\": {{\n        \"responses\": {{\n          \"200\": {{\"$ref\": \"#/components/responses/Gone\"}}\n        }}\n      }}\n    }}\n  }}\n}}\n"
    );
    let cycle = format!(
        "{JSON_HEADER}  \"paths\": {{}},\n  \"components\": {{\"schemas\": {{\n    \"A\": {{\"$ref\": \"#/components/schemas/B\"}},\n    \"B\": {{\"$ref\": \"#/components/schemas/A\"}}\n  }}}}\n}}\n"
    );
    let first = format!(
        "{JSON_HEADER}  \"paths\": {{}},\n  \"components\": {{\"schemas\": {{\"Pet\": {{\"type\": \"string\"}}}}}}\n}}\n"
    );
    let second = format!(
        "{JSON_HEADER}  \"paths\": {{}},\n  \"components\": {{\n    \"schemas\": {{\n      \"Pet\": {{\"type\": \"integer\"}}\n    }}\n  }}\n}}\n"
    );
    let ops = format!(
        "{JSON_HEADER}  \"paths\": {{\n    \"/a\": {{\"get\": {{\"operationId\": \"list\", \"responses\": {ok}}}}},\n    \"/b\": {{\"get\": {{\"operationId\": \"list\", \"responses\": {ok}}}}}\n  }}\n}}\n"
    );
    let external = format!(
        "{JSON_HEADER}  \"paths\": {{}},\n  \"components\": {{\"schemas\": {{\n    \"Pet\": {{\"$ref\": \"pets.json#/components/schemas/Pet\"}}\n  }}}}\n}}\n"
    );
    let scratch = Scratch::new(&[
        ("dangling.json", dangling.as_bytes()),
        ("cycle.json", cycle.as_bytes()),
        ("first.json", first.as_bytes()),
        ("second.json", second.as_bytes()),
        ("ops.json", ops.as_bytes()),
        ("external.json", external.as_bytes()),
    ]);

    let message = scratch.fails(&["dangling.json"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/paths/~1a/get/responses/200/$ref: dangling `$ref: #/components/responses/Gone`: nothing in the document is there\n",
            "--> dangling.json:8:19\n",
            "8 |           \"200\": {\"$ref\": \"#/components/responses/Gone\"}\n  |                   ^^^^^^\n",
        ],
    );

    let message = scratch.fails(&["cycle.json"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/components/schemas/A/$ref: `$ref` cycle with no type in it: ",
            "--> cycle.json:6:11\n",
            "6 |     \"A\": {\"$ref\": \"#/components/schemas/B\"},\n  |           ^^^^^^\n",
        ],
    );

    let message = scratch.fails(&["first.json", "second.json"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/components/schemas/Pet is defined differently in first.json and second.json\n",
            "--> second.json:7:7\n",
            "7 |       \"Pet\": {\"type\": \"integer\"}\n  |       ^^^^^ defined here\n",
            "--> first.json:5:30\n",
            "--- and differently here first\n",
        ],
    );

    let message = scratch.fails(&["ops.json"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/paths/~1b/get/operationId: duplicate operationId `list`\n",
            "--> ops.json:6:20\n",
            "^^^^^^^^^^^^^ here\n",
            "------------- and here first\n",
        ],
    );

    let message = scratch.fails(&["external.json"], &[]);
    assert_contains(
        &message,
        &[
            "error: #/components/schemas/Pet: not supported: `$ref: pets.json#/components/schemas/Pet` points outside this document",
            "--> external.json:6:5\n",
        ],
    );
}

/// The library's own errors (for build scripts, which print `{error}`)
/// carry the line and column too, and the pointer.
#[test]
fn library_errors_carry_line_and_column() {
    let spec = activate_integration("{$ref: '#/components/schemas/Missing'}");
    let scratch = Scratch::new(&[("schema.yaml", spec.as_bytes())]);
    let path = scratch.path().join("schema.yaml");
    let error = openapi_rustgen::generate(
        std::slice::from_ref(&path),
        &openapi_rustgen::Options::new("x"),
    )
    .unwrap_err();
    let openapi_rustgen::Error::Invalid { at, pointer, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        *at,
        Some(openapi_rustgen::Position {
            line: 12,
            column: 24
        })
    );
    assert!(pointer.ends_with("/schema/$ref"), "{pointer}");
    assert!(
        error
            .to_string()
            .starts_with(&format!("{}:12:24: #/paths/", path.display())),
        "{error}"
    );
}
