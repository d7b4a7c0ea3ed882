//! Benchmarks openapi-rustgen against progenitor and prints one table.
//!
//! Run through `benches/run.sh`, which builds the release CLI and this
//! program and passes their paths. What is measured (issue 7):
//! 1. generation: the release CLI as a whole process (wall time and peak
//!    RSS, median of N runs) and each stage in-process (time and peak heap);
//! 2. progenitor on the same specs (the 3.0 ones as they are, Kombo through
//!    our normalize stage): generation time and generated lines, as ratios;
//! 3. the generated crate's cost: clean `cargo build` of the Kombo client
//!    (time, crates compiled) and `cargo check` of each generated crate alone;
//! 4. the edit loop: one spec line changed, regenerate, incremental build.

mod alloc;
mod cargo;
// Where the spec corpus is: the tests' lookup, in one place.
#[path = "../../../generator/tests/common/corpus.rs"]
mod corpus;
mod generate;
mod table;

use std::path::{Path, PathBuf};
use std::time::Duration;

use generate::{ProgInput, Spec};
use table::{Table, ms, ratio};

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

/// Command-line settings; see `usage`.
pub struct Config {
    pub cli: PathBuf,
    pub repo: PathBuf,
    pub corpus: PathBuf,
    pub work: PathBuf,
    pub runs: usize,
    pub builds: bool,
    /// Also clean-build both generators' nexus crates (about 5 more minutes).
    pub big_clean_build: bool,
    pub edit_runs: usize,
}

fn usage() -> ! {
    eprintln!(
        "usage: rustgen-compare --cli PATH --repo PATH [--corpus PATH] [--work DIR] \
         [--runs N] [--edit-runs N] [--no-builds] [--no-big-build]"
    );
    std::process::exit(2)
}

fn config() -> Config {
    let mut args = std::env::args().skip(1);
    let mut cli = None;
    let mut repo = None;
    let mut corpus = None;
    let mut work = None;
    let mut runs = 5;
    let mut edit_runs = 3;
    let mut builds = true;
    let mut big_clean_build = true;
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match arg.as_str() {
            "--cli" => cli = Some(PathBuf::from(value())),
            "--repo" => repo = Some(PathBuf::from(value())),
            "--corpus" => corpus = Some(PathBuf::from(value())),
            "--work" => work = Some(PathBuf::from(value())),
            "--runs" => runs = value().parse().unwrap_or_else(|_| usage()),
            "--edit-runs" => edit_runs = value().parse().unwrap_or_else(|_| usage()),
            "--no-builds" => builds = false,
            "--no-big-build" => big_clean_build = false,
            _ => usage(),
        }
    }
    let (Some(cli), Some(repo)) = (cli, repo) else {
        usage()
    };
    let corpus = corpus.unwrap_or_else(|| {
        corpus::find(&repo).unwrap_or_else(|why| {
            // Only the Kombo seeds in `specs/` are measured then.
            eprintln!("{why}\n  {}", corpus::HOW_TO_GET);
            repo.join(corpus::FETCHED)
        })
    });
    let work = work.unwrap_or_else(|| std::env::temp_dir().join("rustgen-bench"));
    Config {
        cli,
        repo,
        corpus,
        work,
        runs: runs.max(1),
        builds,
        big_clean_build,
        edit_runs: edit_runs.max(1),
    }
}

fn specs(cfg: &Config) -> Vec<Spec> {
    let c = |f: &str| cfg.corpus.join(f);
    let all = [
        (
            "kombo-seeds",
            "kombo",
            cfg.repo.join("specs"),
            ProgInput::Normalized,
        ),
        (
            "kombo-full",
            "kombo",
            c("kombo-full.json"),
            ProgInput::Normalized,
        ),
        ("discord", "discord", c("discord.json"), ProgInput::None),
        (
            "github",
            "github",
            c("progenitor-github-api.json"),
            ProgInput::Raw,
        ),
        ("vault", "vault", c("hashicorp-vault.json"), ProgInput::Raw),
        ("nexus", "nexus", c("progenitor-nexus.json"), ProgInput::Raw),
    ];
    all.into_iter()
        .filter_map(|(name, crate_name, path, prog)| {
            if !path.exists() {
                eprintln!("skipping {name}: {} not found", path.display());
                return None;
            }
            Some(Spec {
                name,
                crate_name,
                bytes: spec_bytes(&path),
                paths: vec![path],
                prog,
            })
        })
        .collect()
}

fn spec_bytes(path: &Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| e.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    } else {
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    }
}

/// The 1-minute load average, to show how busy the machine was.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn main() {
    let cfg = config();
    std::fs::create_dir_all(&cfg.work).expect("work dir");
    let specs = specs(&cfg);
    let mut table = Table::default();
    let load_before = loadavg();

    eprintln!("== 1. generation: whole process and per stage");
    // Every process first, while this harness is still small: a child
    // spawned with vfork starts from the parent's peak RSS, which `wait4`
    // would then report as the child's.
    let wholes: Vec<_> = specs
        .iter()
        .map(|spec| generate::whole_process(&cfg, spec))
        .collect();
    let mut ours_inproc = Vec::new();
    for (spec, whole) in specs.iter().zip(wholes) {
        let stages = generate::stages(&cfg, spec);
        let size = spec.bytes as f64;
        let target = match spec.name {
            "kombo-full" => Some(Duration::from_millis(150)),
            "github" => Some(Duration::from_secs(1)),
            _ => None,
        };
        match &whole {
            Ok(w) => {
                table.row(
                    "1 generate: CLI process wall (cpu)",
                    spec.name,
                    format!("{} ({})", ms(w.wall), ms(w.cpu)),
                    "",
                    "",
                    target.map(|t| format!("< {}", ms(t))).unwrap_or_default(),
                    target.map(|t| w.wall < t),
                );
                let rss = w.max_rss_kb as f64 * 1024.0;
                table.row(
                    "1 peak RSS (CLI) / spec size",
                    spec.name,
                    format!(
                        "{:.1} MB = {:.0}x of {:.0} KB",
                        rss / 1e6,
                        rss / size,
                        size / 1e3
                    ),
                    "",
                    "",
                    "< 10x",
                    Some(rss / size < 10.0),
                );
            }
            Err(e) => table.row(
                "1 generate (CLI)",
                spec.name,
                e.clone(),
                "",
                "",
                "",
                Some(false),
            ),
        }
        match stages {
            Ok(s) => {
                for (stage, time, peak, at_start) in s.rows() {
                    table.row(
                        &format!("1 stage {stage}: cpu / wall (peak live heap; live at start)"),
                        spec.name,
                        format!(
                            "{} / {} ({:.1} MB; {:.1} MB)",
                            ms(time.cpu),
                            ms(time.wall),
                            peak as f64 / 1e6,
                            at_start as f64 / 1e6
                        ),
                        "",
                        "",
                        "",
                        None,
                    );
                }
                table.row(
                    "1 in-process load..write: cpu / wall (peak heap / spec)",
                    spec.name,
                    format!(
                        "{} / {} ({:.0}x)",
                        ms(s.total.cpu),
                        ms(s.total.wall),
                        s.peak_heap as f64 / size
                    ),
                    "",
                    "",
                    "",
                    None,
                );
                let slowest: Vec<String> = s
                    .format_by_file
                    .iter()
                    .take(3)
                    .map(|(path, cpu, bytes)| {
                        let name = path.rsplit('/').next().unwrap_or(path);
                        format!("{name} {} ({:.0} KB)", ms(*cpu), *bytes as f64 / 1e3)
                    })
                    .collect();
                table.row(
                    "1 format stage by file: cpu (output size)",
                    spec.name,
                    slowest.join(", "),
                    "",
                    "",
                    "",
                    None,
                );
                ours_inproc.push((spec.name, s));
            }
            Err(e) => table.row("1 stages", spec.name, e, "", "", "", Some(false)),
        }
    }

    eprintln!("== 2. side by side with progenitor");
    let mut prog_code = Vec::new();
    for spec in &specs {
        if matches!(spec.prog, ProgInput::None) {
            continue;
        }
        let Some((_, ours)) = ours_inproc.iter().find(|(n, _)| *n == spec.name) else {
            continue;
        };
        let mut result = generate::progenitor(&cfg, spec, false);
        let mut label = spec.name.to_string();
        if let (Err(e), ProgInput::Normalized) = (&result, &spec.prog) {
            table.row(
                "2 progenitor generate, as normalized",
                spec.name,
                "",
                format!("FAILS: {e}"),
                "",
                "",
                None,
            );
            result = generate::progenitor(&cfg, spec, true);
            label = format!("{} (default→4XX)", spec.name);
        }
        match result {
            Ok(p) => {
                let r = p.total.cpu.as_secs_f64() / ours.generate.cpu.as_secs_f64();
                table.row(
                    "2 generate in-process to formatted code: cpu",
                    &label,
                    ms(ours.generate.cpu),
                    ms(p.total.cpu),
                    ratio(r),
                    ">= 5x",
                    Some(r >= 5.0),
                );
                table.row(
                    "2 generated lines: src (+ tests) (ratio ours/prog)",
                    &label,
                    format!("{} (+{})", ours.src_lines, ours.test_lines),
                    p.lines.to_string(),
                    ratio(ours.src_lines as f64 / p.lines as f64),
                    "",
                    None,
                );
                let [parse, tokens, format] = p.phases;
                let ours_format = ours.times[5].cpu;
                table.row(
                    "2 of which formatting (syn + prettyplease)",
                    &label,
                    ms(ours_format),
                    format!(
                        "{} (openapiv3 {}, generate_tokens {})",
                        ms(format),
                        ms(parse),
                        ms(tokens)
                    ),
                    ratio(format.as_secs_f64() / ours_format.as_secs_f64()),
                    "",
                    None,
                );
                prog_code.push((spec.name, p.code));
            }
            Err(e) => table.row(
                "2 progenitor generate",
                &label,
                ms(ours.generate.cpu),
                format!("FAILS: {e}"),
                "",
                "",
                None,
            ),
        }
    }

    if cfg.builds {
        eprintln!("== 3. the generated crate's build cost");
        cargo::build_costs(&cfg, &ours_inproc, &prog_code, &mut table);
        eprintln!("== 4. edit-spec-to-client loop");
        cargo::edit_loop(&cfg, &mut table);
    }

    let load_after = loadavg();
    println!();
    println!(
        "openapi-rustgen vs progenitor {}: medians of {} runs ({} for the edit loop). \
         ratio = progenitor / ours unless noted. cpu = user + system time. \
         Load average before/after: {load_before} / {load_after}.",
        generate::PROGENITOR_VERSION,
        cfg.runs,
        cfg.edit_runs
    );
    println!();
    table.print();
}
