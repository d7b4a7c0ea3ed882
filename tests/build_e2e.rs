//! End-to-end checks of the top-level build script, on copies of this
//! workspace built with the real `cargo`.
//!
//! They are slow (a first run compiles the client's and the generator's
//! dependencies once), so they all build in one target directory,
//! `target/tmp/e2e-target`, and take turns: copies of the workspace share
//! cargo's unit hashes (which hash paths relative to the workspace root), so
//! two copies built at the same time would see each other's artifacts.
//! Each test prints how long each step took (`-- --nocapture` shows it).
//! They are part of the full suite (`scripts/test-full.sh`), not of the
//! quick `cargo test`; `tests/build_manifest.rs` stays in the quick one.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard};
use std::time::{Instant, SystemTime};

// Only its TOML reading is used here.
#[allow(dead_code)]
#[path = "../src/manifest_sync.rs"]
mod manifest_sync;

const WORKSPACE: &str = env!("CARGO_MANIFEST_DIR");

/// The command the build script's CI failure must name, verbatim.
const FIX: &str = "cargo run -p openapi-rustgen -- generate --spec specs --out generated-client --crate-name kombo";

/// Adds `value` to the `setup_status` enum of both Kombo spec files.
fn add_setup_status(root: &Path, value: &str) {
    for name in ["activate-integration.yaml", "get-integration-by-token.yaml"] {
        let path = root.join("specs").join(name);
        let text = fs::read_to_string(&path).expect("read spec");
        let (head, tail) = text
            .split_once("setup_status:\n")
            .expect("spec has a setup_status schema");
        let (list, rest) = tail
            .split_once("description:")
            .expect("setup_status has an enum, then a description");
        let last = list
            .lines()
            .rfind(|l| l.trim_start().starts_with("- "))
            .expect("enum values");
        let indent = &last[..last.len() - last.trim_start().len()];
        let list = list.replacen(
            &format!("{last}\n"),
            &format!("{last}\n{indent}- {value}\n"),
            1,
        );
        fs::write(
            &path,
            format!("{head}setup_status:\n{list}description:{rest}"),
        )
        .expect("write");
    }
}

#[test]
#[ignore = "full suite (scripts/test-full.sh): builds copies of the workspace, about 9 min cold and 1 min warm"]
fn spec_change_is_compiled_by_one_build_and_the_next_build_does_nothing() {
    let _turn = serial();
    let timer = Timer::start("spec_change");
    let copy = copy_workspace();
    let root = copy.path();
    timer.step("copy");

    // One `cargo build` after a spec change: the build script regenerates
    // the client and the same invocation compiles it, so a binary that
    // names the new variant compiles and runs.
    add_setup_status(root, "PAUSED");
    fs::create_dir_all(root.join("src/bin")).unwrap();
    fs::write(
        root.join("src/bin/setup_status.rs"),
        "fn main() { print!(\"{}\", kombo::models::SetupStatus::Paused.as_str()); }\n",
    )
    .unwrap();
    let build = cargo(root, &["build"]);
    let err = stderr_of(&build);
    assert!(build.status.success(), "cargo build failed:\n{err}");
    assert!(
        err.contains("regenerated generated-client/src/models.rs\n"),
        "no regeneration reported:\n{err}"
    );
    let models = fs::read_to_string(root.join("generated-client/src/models.rs")).unwrap();
    assert!(models.contains("Paused"), "models.rs lacks the new variant");
    let run = std::process::Command::new(exe("setup_status"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout), "PAUSED");
    timer.step("edit spec, cargo build");

    // The next build compiles nothing and does not run the build script
    // (`-v` shows `Running` for either): what the script wrote does not make
    // it run again. (Cargo replays the script's last warnings, so the
    // "regenerated" notice itself shows again.)
    let again = cargo(root, &["build", "-v"]);
    let err = stderr_of(&again);
    assert!(again.status.success(), "second cargo build failed:\n{err}");
    for busy in ["Compiling", "Running"] {
        assert!(
            !err.contains(busy),
            "second build did work ({busy}):\n{err}"
        );
    }
    assert!(err.contains("Fresh kombo-workspace"), "{err}");
    timer.step("cargo build again (nothing to do)");

    // One `cargo test` after a spec change tests the regenerated client,
    // including the generated example tests.
    add_setup_status(root, "ARCHIVED");
    fs::write(
        root.join("tests/setup_status.rs"),
        "#[test]\nfn archived() {\n    \
         assert_eq!(kombo::models::SetupStatus::Archived.as_str(), \"ARCHIVED\");\n}\n",
    )
    .unwrap();
    let test = cargo(
        root,
        &["test", "--test", "setup_status", "--test", "examples"],
    );
    let err = stderr_of(&test);
    assert!(test.status.success(), "cargo test failed:\n{err}");
    assert!(
        err.contains("regenerated generated-client/src/models.rs\n"),
        "{err}"
    );
    let out = String::from_utf8_lossy(&test.stdout);
    assert!(out.contains("test archived ... ok"), "{out}");
    timer.step("edit spec, cargo test");
}

#[test]
#[ignore = "full suite (scripts/test-full.sh): builds copies of the workspace, about 9 min cold and 1 min warm"]
fn ci_build_fails_on_a_stale_client_and_writes_nothing() {
    let _turn = serial();
    let timer = Timer::start("ci_stale");
    let copy = copy_workspace();
    let root = copy.path();
    add_setup_status(root, "PAUSED");
    let before = read_tree(&root.join("generated-client"));
    timer.step("copy, edit spec");

    let build = cargo_in_ci(root, &["build"]);
    let err = stderr_of(&build);
    assert!(
        !build.status.success(),
        "CI build of a stale client passed:\n{err}"
    );
    assert!(
        err.contains("differs: generated-client/src/models.rs"),
        "{err}"
    );
    assert!(
        err.contains(FIX),
        "the message lacks the fix command:\n{err}"
    );
    assert_eq!(
        read_tree(&root.join("generated-client")),
        before,
        "CI build rewrote files"
    );
    let leftovers: Vec<_> = fs::read_dir(root)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("rustgen"))
        .collect();
    assert!(leftovers.is_empty(), "CI build left {leftovers:?}");
    timer.step("CI build fails");

    // The command the message names is the fix.
    let fix: Vec<&str> = FIX.split(' ').skip(1).collect();
    let fixed = cargo(root, &fix);
    assert!(fixed.status.success(), "{}", stderr_of(&fixed));
    let build = cargo_in_ci(root, &["build"]);
    assert!(build.status.success(), "{}", stderr_of(&build));
    timer.step("fix command, CI build passes");
}

#[test]
#[ignore = "full suite (scripts/test-full.sh): builds copies of the workspace, about 9 min cold and 1 min warm"]
fn application_outside_the_workspace_builds_the_client_without_the_generator() {
    let _turn = serial();
    let timer = Timer::start("outside_app");
    let app = tempfile::tempdir().unwrap();
    let client = Path::new(WORKSPACE).join("generated-client");
    fs::write(
        app.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nkombo = {{ path = {:?} }}\n\n[workspace]\n",
            client.to_string_lossy()
        ),
    )
    .unwrap();
    // The workspace's lock file pins the same versions, so this works offline.
    fs::copy(
        Path::new(WORKSPACE).join("Cargo.lock"),
        app.path().join("Cargo.lock"),
    )
    .unwrap();
    fs::create_dir(app.path().join("src")).unwrap();
    fs::write(
        app.path().join("src/main.rs"),
        "fn main() { print!(\"{}\", kombo::models::SetupStatus::Completed.as_str()); }\n",
    )
    .unwrap();

    let generator_crates = ["openapi-rustgen", "serde_yaml", "openapiv3", "prettyplease"];
    let tree = cargo(
        app.path(),
        &["tree", "--prefix", "none", "--edges", "normal,build"],
    );
    assert!(tree.status.success(), "{}", stderr_of(&tree));
    let all = crate_names(&tree.stdout);
    assert!(all.contains(&"kombo".to_string()), "{all:?}");
    for name in generator_crates {
        assert!(
            !all.contains(&name.to_string()),
            "{name} is in the app's graph"
        );
    }
    // `syn` is there, but only under proc-macros (serde's derive), never as
    // code the app builds for the client itself.
    let tree = cargo(
        app.path(),
        &[
            "tree",
            "--prefix",
            "none",
            "--edges",
            "normal,build,no-proc-macro",
        ],
    );
    assert!(tree.status.success(), "{}", stderr_of(&tree));
    let without_macros = crate_names(&tree.stdout);
    for name in generator_crates.iter().chain(&["syn"]) {
        assert!(
            !without_macros.contains(&name.to_string()),
            "{name} outside proc-macros"
        );
    }
    timer.step("cargo tree");

    let build = cargo(app.path(), &["build"]);
    assert!(build.status.success(), "{}", stderr_of(&build));
    let run = std::process::Command::new(exe("app")).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout), "COMPLETED");
    timer.step("cargo build");
}

/// Crate names in `cargo tree --prefix none` output (`serde v1.0.1 (...)`).
fn crate_names(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(String::from)
        .collect()
}

/// The README's example of generating the client from a build script into
/// `OUT_DIR`: `build.rs`, verbatim.
const README_BUILD_RS: &str = r#"fn main() -> Result<(), openapi_rustgen::Error> {
    openapi_rustgen::build_script::generate_into_out_dir(&["specs"], "kombo")?;
    Ok(())
}
"#;

/// The README's example: the crate's `src/lib.rs`, verbatim.
const README_LIB_RS: &str = r#"include!(concat!(env!("OUT_DIR"), "/kombo/src/root.rs"));
"#;

#[test]
#[ignore = "full suite (scripts/test-full.sh): builds copies of the workspace, about 9 min cold and 1 min warm"]
fn readme_example_generates_the_client_into_out_dir() {
    let _turn = serial();
    let timer = Timer::start("out_dir");
    if let Ok(readme) = fs::read_to_string(Path::new(WORKSPACE).join("README.md")) {
        assert!(
            readme.contains(README_BUILD_RS),
            "README.md lacks the tested build.rs"
        );
        assert!(
            readme.contains(README_LIB_RS),
            "README.md lacks the tested lib.rs"
        );
    }
    let app = tempfile::tempdir().unwrap();
    let root = app.path();
    let generated_manifest =
        fs::read_to_string(Path::new(WORKSPACE).join("generated-client/Cargo.toml")).unwrap();
    let dependencies: Vec<String> = manifest_sync::table(&generated_manifest, "dependencies")
        .into_iter()
        .map(|e| e.line)
        .collect();
    let generator = Path::new(WORKSPACE).join("generator");
    fs::write(
        root.join("Cargo.toml"),
        format!(
            "[package]\nname = \"out-dir-app\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{}\n\n\
             [build-dependencies]\nopenapi-rustgen = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
            dependencies.join("\n"),
            generator.to_string_lossy()
        ),
    )
    .unwrap();
    fs::copy(
        Path::new(WORKSPACE).join("Cargo.lock"),
        root.join("Cargo.lock"),
    )
    .unwrap();
    fs::create_dir(root.join("specs")).unwrap();
    for entry in fs::read_dir(Path::new(WORKSPACE).join("specs")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), root.join("specs").join(entry.file_name())).unwrap();
    }
    fs::write(root.join("build.rs"), README_BUILD_RS).unwrap();
    fs::create_dir(root.join("src")).unwrap();
    fs::write(root.join("src/lib.rs"), README_LIB_RS).unwrap();
    fs::write(
        root.join("src/main.rs"),
        "fn main() { print!(\"{}\", out_dir_app::models::SetupStatus::Completed.as_str()); }\n",
    )
    .unwrap();
    timer.step("write crate");

    let build = cargo(root, &["build"]);
    assert!(build.status.success(), "{}", stderr_of(&build));
    let run = Command::new(exe("out-dir-app")).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout), "COMPLETED");
    timer.step("cargo build");
}

/// Holds the e2e tests to one at a time (see the module docs).
fn serial() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The target directory all the e2e builds share.
fn shared_target() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-target")
}

/// A binary built in the shared target directory.
fn exe(name: &str) -> PathBuf {
    shared_target()
        .join("debug")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// Runs `cargo` offline in `dir`, as a developer would (no `CI`).
fn cargo(dir: &Path, args: &[&str]) -> Output {
    cargo_command(dir, args).env_remove("CI").output().unwrap()
}

/// Runs `cargo` offline in `dir`, as a CI system would (`CI=true`).
fn cargo_in_ci(dir: &Path, args: &[&str]) -> Output {
    cargo_command(dir, args).env("CI", "true").output().unwrap()
}

fn cargo_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    // `--offline` goes before `--` (for `cargo run`).
    let split = args.iter().position(|a| *a == "--").unwrap_or(args.len());
    command
        .args(&args[..split])
        .arg("--offline")
        .args(&args[split..])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", shared_target())
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("RUSTC_WORKSPACE_WRAPPER");
    command
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Copies the workspace, without build output and without `fuzz/`, to a
/// temporary directory.
///
/// Files get the copy's time as modification time, so that cargo rebuilds
/// each copy's packages rather than trust artifacts of an earlier copy
/// (whose files it cannot tell apart by path). `generator/` keeps its times:
/// no test changes it, so its artifacts are shared.
fn copy_workspace() -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(Path::new(WORKSPACE), copy.path(), false);
    copy
}

fn copy_dir(from: &Path, to: &Path, keep_times: bool) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        // `fuzz/` is not a workspace member, and a fuzzer running beside the
        // tests adds and removes files in its corpus while they copy.
        let fuzz = from == Path::new(WORKSPACE) && name_str == "fuzz";
        if name_str == "target" || name_str == ".git" || name_str.contains("rustgen-") || fuzz {
            continue;
        }
        let (source, dest) = (entry.path(), to.join(&name));
        let file_type = entry.file_type().unwrap();
        if file_type.is_dir() {
            let keep = keep_times || (from == Path::new(WORKSPACE) && name_str == "generator");
            copy_dir(&source, &dest, keep);
        } else if file_type.is_file() {
            fs::copy(&source, &dest).unwrap();
            if keep_times {
                let modified = entry.metadata().unwrap().modified().unwrap();
                let file = fs::File::options().write(true).open(&dest).unwrap();
                file.set_modified(modified).unwrap();
            }
        }
    }
}

/// Every file under `dir` with its content and modification time.
fn read_tree(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            files.extend(read_tree(&entry.path()));
        } else {
            let modified = entry.metadata().unwrap().modified().unwrap();
            files.insert(entry.path(), (fs::read(entry.path()).unwrap(), modified));
        }
    }
    files
}

/// Prints how long each step of a test took.
struct Timer {
    test: &'static str,
    start: Instant,
    last: std::cell::Cell<Instant>,
}

impl Timer {
    fn start(test: &'static str) -> Timer {
        let now = Instant::now();
        Timer {
            test,
            start: now,
            last: std::cell::Cell::new(now),
        }
    }

    fn step(&self, what: &str) {
        let now = Instant::now();
        eprintln!(
            "[{}] {what}: {:.1?} (total {:.1?})",
            self.test,
            now - self.last.get(),
            now - self.start
        );
        self.last.set(now);
    }
}
