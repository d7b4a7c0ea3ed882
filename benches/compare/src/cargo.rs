//! The generated crates' build cost, and the edit-regenerate-rebuild loop.
//!
//! Every build runs in its own directory under the work dir, outside any
//! workspace. Dependencies are fetched first (`cargo fetch`, untimed); every
//! timed command runs with `--offline`, so downloads never count.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::Config;
use crate::generate::{Stages, first_line, median};
use crate::table::{Table, ratio, secs};

pub struct CargoRun {
    /// Wall time.
    pub time: Duration,
    /// User + system time of cargo and every rustc and build script it ran:
    /// what the build costs, whatever else the machine is doing.
    pub cpu: Duration,
    pub ok: bool,
    /// `Compiling` lines (build) or `Checking`+`Compiling` lines (check).
    pub units: usize,
    pub error: String,
}

pub fn cargo(dir: &Path, target: &Path, args: &[&str]) -> CargoRun {
    cargo_env(dir, target, args, &[])
}

// The child is reaped by `wait4` (in `wait_cpu`), which std cannot see.
#[allow(clippy::zombie_processes)]
pub fn cargo_env(dir: &Path, target: &Path, args: &[&str], env: &[(&str, &str)]) -> CargoRun {
    let start = Instant::now();
    let mut child = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .env("CARGO_TERM_PROGRESS_WHEN", "never")
        .env_remove("RUSTFLAGS")
        // The workspace's build script checks instead of regenerating in CI.
        .env_remove("CI")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cargo");
    let mut pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    });
    let (status, cpu) = wait_cpu(child.id());
    let time = start.elapsed();
    let stderr = reader.join().unwrap_or_default();
    let units = stderr
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            l.starts_with("Compiling ") || l.starts_with("Checking ")
        })
        .count();
    let ok = status == 0;
    CargoRun {
        time,
        cpu,
        ok,
        units,
        error: if ok {
            String::new()
        } else {
            first_line(&stderr)
        },
    }
}

/// Waits for a child: exit code and the CPU time of it and its descendants.
fn wait_cpu(pid: u32) -> (i32, Duration) {
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(r, pid as libc::pid_t, "wait4 failed");
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, tv(usage.ru_utime) + tv(usage.ru_stime))
}

fn fetch(dir: &Path, target: &Path) -> Result<(), String> {
    let run = cargo(dir, target, &["fetch"]);
    if run.ok {
        Ok(())
    } else {
        Err(format!("cargo fetch: {}", run.error))
    }
}

fn fresh_dir(path: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(path);
    std::fs::create_dir_all(path).expect("create dir");
    path.to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    let status = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .expect("cp");
    assert!(
        status.success(),
        "cp -a {} {}",
        from.display(),
        to.display()
    );
}

/// Writes one of our generated crates to `dir`, with the main workspace's
/// lock file so that it builds with the versions the repository tests.
fn write_ours(cfg: &Config, generated: &openapi_rustgen::GeneratedCrate, dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    openapi_rustgen::write::write_crate(generated, dir).expect("write generated crate");
    let _ = std::fs::copy(cfg.repo.join("Cargo.lock"), dir.join("Cargo.lock"));
}

/// Wraps progenitor's output in a crate with the dependencies progenitor's
/// README lists for generated code (build.rs recipe), plus the optional ones
/// (chrono, uuid, regress, base64 and rand) the code actually uses.
fn write_progenitor(name: &str, code: &str, dir: &Path) {
    fresh_dir(&dir.join("src"));
    let mut deps = String::from(
        "futures = \"0.3\"\n\
         progenitor-client = \"0.15\"\n\
         reqwest = { version = \"0.13\", features = [\"json\", \"query\", \"stream\"] }\n\
         serde = { version = \"1.0\", features = [\"derive\"] }\n\
         serde_json = \"1.0\"\n",
    );
    if code.contains("chrono::") {
        deps.push_str("chrono = { version = \"0.4\", features = [\"serde\"] }\n");
    }
    if code.contains("uuid::") {
        deps.push_str("uuid = { version = \"1.0.0\", features = [\"serde\", \"v4\"] }\n");
    }
    if code.contains("regress::") {
        deps.push_str("regress = \"0.10\"\n");
    }
    // Websocket channel endpoints.
    if code.contains("base64::") {
        deps.push_str("base64 = \"0.21\"\n");
    }
    if code.contains("rand::") {
        deps.push_str("rand = \"0.8\"\n");
    }
    let manifest = format!(
        "[package]\nname = \"progenitor-{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
         publish = false\n\n[workspace]\n\n[dependencies]\n{deps}"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write manifest");
    std::fs::write(dir.join("src/lib.rs"), code).expect("write lib.rs");
}

/// A full `cargo check` of the crate alone: check once (dependencies too),
/// touch the crate, check it again. Incremental compilation is off, or the
/// second check would reuse the first one's results and measure nothing.
fn check_alone(dir: &Path, target: &Path) -> CargoRun {
    let args = ["check", "--offline", "--lib"];
    let env = [("CARGO_INCREMENTAL", "0")];
    let first = cargo_env(dir, target, &args, &env);
    if !first.ok {
        return first;
    }
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read(&lib).expect("read lib.rs");
    std::fs::write(&lib, text).expect("touch lib.rs");
    cargo_env(dir, target, &args, &env)
}

/// "wall (cpu)" of a run, or why there is none.
fn cell(r: &Result<CargoRun, String>, f: &dyn Fn(&CargoRun) -> String) -> String {
    match r {
        Ok(run) if run.ok => f(run),
        Ok(run) => format!("FAILS: {}", run.error),
        Err(e) => e.clone(),
    }
}

fn wall_cpu(r: &CargoRun) -> String {
    format!("{} ({})", secs(r.time), secs(r.cpu))
}

/// A clean build of `dir` in its own target dir, after an untimed fetch.
fn clean_build(dir: &Path) -> Result<CargoRun, String> {
    let target = dir.join("target");
    let _ = std::fs::remove_dir_all(&target);
    fetch(dir, &target)?;
    Ok(cargo(dir, &target, &["build", "--offline"]))
}

fn clean_build_rows(
    table: &mut Table,
    label: &str,
    ours: &Result<CargoRun, String>,
    prog: &Result<CargoRun, String>,
    targets: bool,
) {
    let both = match (ours, prog) {
        (Ok(o), Ok(p)) if o.ok && p.ok => Some((o, p)),
        _ => None,
    };
    table.row(
        "3 clean `cargo build`: wall (cpu); ratio ours/prog on cpu",
        label,
        cell(ours, &wall_cpu),
        cell(prog, &wall_cpu),
        both.map(|(o, p)| ratio(o.cpu.as_secs_f64() / p.cpu.as_secs_f64()))
            .unwrap_or_default(),
        if targets { "<= 0.5x" } else { "" },
        both.filter(|_| targets)
            .map(|(o, p)| o.cpu.as_secs_f64() <= 0.5 * p.cpu.as_secs_f64()),
    );
    table.row(
        "3 crates compiled, clean build; ratio ours/prog",
        label,
        cell(ours, &|r| r.units.to_string()),
        cell(prog, &|r| r.units.to_string()),
        both.map(|(o, p)| ratio(o.units as f64 / p.units as f64))
            .unwrap_or_default(),
        if targets { "fewer" } else { "" },
        both.filter(|_| targets).map(|(o, p)| o.units < p.units),
    );
}

pub fn build_costs(
    cfg: &Config,
    ours: &[(&str, Stages)],
    prog: &[(&str, String)],
    table: &mut Table,
) {
    // Clean build of the Kombo client: the committed crate vs progenitor's
    // output for the same (normalized) seeds.
    let ours_dir = cfg.work.join("build-ours-kombo");
    let _ = std::fs::remove_dir_all(&ours_dir);
    copy_dir(&cfg.repo.join("generated-client"), &ours_dir);
    let _ = std::fs::copy(cfg.repo.join("Cargo.lock"), ours_dir.join("Cargo.lock"));
    let ours_build = clean_build(&ours_dir);
    let prog_build = match prog.iter().find(|(n, _)| *n == "kombo-seeds") {
        Some((_, code)) => {
            let dir = cfg.work.join("build-progenitor-kombo");
            write_progenitor("kombo", code, &dir);
            clean_build(&dir)
        }
        None => Err("progenitor could not generate it (see section 2)".into()),
    };
    clean_build_rows(table, "kombo-seeds", &ours_build, &prog_build, true);

    // The same on a big spec both generators take, where the generated code
    // itself weighs in.
    if cfg.big_clean_build {
        let ours_nexus = ours.iter().find(|(n, _)| *n == "nexus");
        let prog_nexus = prog.iter().find(|(n, _)| *n == "nexus");
        if let (Some((_, stages)), Some((_, code))) = (ours_nexus, prog_nexus) {
            let dir = cfg.work.join("build-ours-nexus");
            write_ours(cfg, &stages.crate_files, &dir);
            let ours_build = clean_build(&dir);
            let dir = cfg.work.join("build-progenitor-nexus");
            write_progenitor("nexus", code, &dir);
            let prog_build = clean_build(&dir);
            clean_build_rows(table, "nexus", &ours_build, &prog_build, false);
        }
    }

    // `cargo check` of each generated crate alone (dependencies already
    // checked), ours and progenitor's in separate target dirs.
    let ours_check_target = cfg.work.join("check-ours-target");
    let prog_check_target = cfg.work.join("check-progenitor-target");
    for (name, stages) in ours {
        let dir = cfg.work.join(format!("check-ours-{name}"));
        write_ours(cfg, &stages.crate_files, &dir);
        let ours_run =
            fetch(&dir, &ours_check_target).map(|()| check_alone(&dir, &ours_check_target));
        let prog_run = prog.iter().find(|(n, _)| n == name).map(|(_, code)| {
            let dir = cfg.work.join(format!("check-progenitor-{name}"));
            write_progenitor(name, code, &dir);
            fetch(&dir, &prog_check_target).map(|()| check_alone(&dir, &prog_check_target))
        });
        let ratio_cell = match (&ours_run, &prog_run) {
            (Ok(o), Some(Ok(p))) if o.ok && p.ok => {
                ratio(o.cpu.as_secs_f64() / p.cpu.as_secs_f64())
            }
            _ => String::new(),
        };
        table.row(
            "3 `cargo check` of the generated crate alone: wall (cpu); ratio ours/prog",
            name,
            cell(&ours_run, &wall_cpu),
            prog_run
                .as_ref()
                .map(|r| cell(r, &wall_cpu))
                .unwrap_or_default(),
            ratio_cell,
            "",
            None,
        );
    }
}

/// The line the edit loop changes: the operation's summary, which lands in
/// the generated method's docs.
const EDIT_FROM: &str = "summary: Get integration by token";
const EDIT_SPEC: &str = "get-integration-by-token.yaml";

fn edit(spec: &Path, original: &str, n: usize) {
    let edited = original.replacen(EDIT_FROM, &format!("{EDIT_FROM} (edit {n})"), 1);
    assert_ne!(
        edited,
        original,
        "{} has no `{EDIT_FROM}` line",
        spec.display()
    );
    std::fs::write(spec, edited).expect("edit spec");
}

fn run_cli(cfg: &Config, specs: &Path, out: &Path) -> (Duration, bool) {
    let start = Instant::now();
    let ok = Command::new(&cfg.cli)
        .args(["generate", "--spec"])
        .arg(specs)
        .arg("--out")
        .arg(out)
        .args(["--crate-name", "kombo"])
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    (start.elapsed(), ok)
}

/// Medians of one edit loop's steps.
struct Loop {
    steps: Vec<(&'static str, Vec<Duration>)>,
}

impl Loop {
    fn new(names: &[&'static str]) -> Self {
        Loop {
            steps: names.iter().map(|n| (*n, Vec::new())).collect(),
        }
    }
    fn push(&mut self, i: usize, d: Duration) {
        self.steps[i].1.push(d);
    }
    fn rows(self, table: &mut Table, route: &str) {
        let mut total = Duration::ZERO;
        for (name, v) in self.steps {
            let m = median(v);
            total += m;
            table.row(
                &format!("4 edit loop ({route}): {name}"),
                "kombo-seeds",
                format!("{:.2} s", m.as_secs_f64()),
                "",
                "",
                "",
                None,
            );
        }
        table.row(
            &format!("4 edit loop ({route}): edit to tested client, total"),
            "kombo-seeds",
            format!("{:.2} s", total.as_secs_f64()),
            "",
            "",
            "< 3 s",
            Some(total < Duration::from_secs(3)),
        );
    }
}

fn fail(table: &mut Table, route: &str, what: String) {
    table.row(
        &format!("4 edit loop ({route})"),
        "kombo-seeds",
        what,
        "",
        "",
        "< 3 s",
        Some(false),
    );
}

/// The edit loop, both ways the repository supports: the CLI writing a
/// standalone client crate, then cargo building it; and the workspace's
/// build script regenerating the client inside `cargo build`. Each builds
/// once untimed, then N times: edit one spec line, regenerate, rebuild the
/// library and its tests incrementally.
pub fn edit_loop(cfg: &Config, table: &mut Table) {
    edit_loop_cli(cfg, table);
    edit_loop_build_script(cfg, table);
}

/// Both loops build in the target dir of the Kombo client's clean build,
/// whose dependencies they share, so that their untimed first build is short.
fn shared_target(cfg: &Config) -> PathBuf {
    cfg.work.join("build-ours-kombo").join("target")
}

fn edit_loop_cli(cfg: &Config, table: &mut Table) {
    let route = "CLI + standalone crate";
    let root = fresh_dir(&cfg.work.join("edit-cli"));
    copy_dir(&cfg.repo.join("specs"), &root);
    copy_dir(&cfg.repo.join("generated-client"), &root);
    let client = root.join("generated-client");
    let _ = std::fs::copy(cfg.repo.join("Cargo.lock"), client.join("Cargo.lock"));
    let specs = root.join("specs");
    let spec = specs.join(EDIT_SPEC);
    let original = std::fs::read_to_string(&spec).expect("read seed spec");
    let target = shared_target(cfg);
    let lib = ["build", "--offline"];
    let tests = ["test", "--offline", "--no-run"];

    if !run_cli(cfg, &specs, &client).1 {
        return fail(table, route, "FAILS: generate".into());
    }
    if let Err(e) = fetch(&client, &target) {
        return fail(table, route, e);
    }
    for args in [&lib[..], &tests[..]] {
        let warm = cargo(&client, &target, args);
        if !warm.ok {
            return fail(table, route, format!("FAILS: {}", warm.error));
        }
    }
    let mut steps = Loop::new(&[
        "`openapi-rustgen generate`",
        "`cargo build`",
        "`cargo test --no-run`",
    ]);
    for n in 0..cfg.edit_runs {
        edit(&spec, &original, n);
        let (time, ok) = run_cli(cfg, &specs, &client);
        if !ok {
            return fail(table, route, "FAILS: generate after edit".into());
        }
        let build = cargo(&client, &target, &lib);
        let test = cargo(&client, &target, &tests);
        if !build.ok || !test.ok {
            return fail(
                table,
                route,
                format!("FAILS: {}{}", build.error, test.error),
            );
        }
        steps.push(0, time);
        steps.push(1, build.time);
        steps.push(2, test.time);
    }
    steps.rows(table, route);
}

fn edit_loop_build_script(cfg: &Config, table: &mut Table) {
    let route = "workspace build.rs";
    let ws = fresh_dir(&cfg.work.join("edit-workspace"));
    for entry in std::fs::read_dir(&cfg.repo).expect("read repo").flatten() {
        let name = entry.file_name();
        if !matches!(name.to_str(), Some("target" | ".git" | "benches")) {
            copy_dir(&entry.path(), &ws);
        }
    }
    let spec = ws.join("specs").join(EDIT_SPEC);
    let original = std::fs::read_to_string(&spec).expect("read seed spec");
    let target = shared_target(cfg);
    let lib = ["build", "--offline", "--lib"];
    let tests = [
        "test",
        "--offline",
        "--no-run",
        "--lib",
        "--test",
        "examples",
    ];
    if let Err(e) = fetch(&ws, &target) {
        return fail(table, route, e);
    }
    for args in [&lib[..], &tests[..]] {
        let warm = cargo(&ws, &target, args);
        if !warm.ok {
            return fail(table, route, format!("FAILS: {}", warm.error));
        }
    }
    let mut steps = Loop::new(&[
        "`cargo build --lib` (build.rs regenerates)",
        "`cargo test --no-run --lib --test examples`",
    ]);
    for n in 0..cfg.edit_runs {
        edit(&spec, &original, n);
        let build = cargo(&ws, &target, &lib);
        let test = cargo(&ws, &target, &tests);
        if !build.ok || !test.ok {
            return fail(
                table,
                route,
                format!("FAILS: {}{}", build.error, test.error),
            );
        }
        steps.push(0, build.time);
        steps.push(1, test.time);
    }
    steps.rows(table, route);
}
