//! Generation time and memory: our CLI as a process, our stages in-process,
//! and progenitor in-process on the same input.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use openapi_rustgen::__private::{FileContent, emit, format_crate, load, lower, normalize, parse};
use openapi_rustgen::{Options, write};

use crate::Config;
use crate::alloc;

/// The progenitor this crate depends on (keep in step with Cargo.toml).
pub const PROGENITOR_VERSION: &str = "0.15";

/// How progenitor gets the spec, if at all.
pub enum ProgInput {
    /// Not fed to progenitor.
    None,
    /// An OpenAPI 3.0 document progenitor reads as it is.
    Raw,
    /// A 3.1 document: our normalize stage makes it 3.0 first.
    Normalized,
}

pub struct Spec {
    pub name: &'static str,
    pub crate_name: &'static str,
    pub paths: Vec<PathBuf>,
    pub bytes: u64,
    pub prog: ProgInput,
}

/// CPU time of this process (user + system). The harness is single-threaded
/// and so are both generators but for our format stage, so CPU time is wall
/// time minus the time other processes took the core: steadier than wall
/// time on a shared machine. Our format stage emits and formats the Rust
/// files' parts on one thread per core: its CPU time is that of all of them,
/// and its wall time is what the threads save. (Its emit stage only plans
/// the parts; their tokens are made in the format stage.)
pub fn cpu_now() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec we pass.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Wall and CPU time of one timed piece.
#[derive(Clone, Copy, Default)]
pub struct Times {
    pub wall: Duration,
    pub cpu: Duration,
}

pub struct Timer(Instant, Duration);

impl Timer {
    pub fn start() -> Self {
        Timer(Instant::now(), cpu_now())
    }
    pub fn stop(&self) -> Times {
        Times {
            wall: self.0.elapsed(),
            cpu: cpu_now() - self.1,
        }
    }
}

/// Medians of wall and CPU time, each on its own.
pub fn median_times(v: &[Times]) -> Times {
    Times {
        wall: median(v.iter().map(|t| t.wall).collect()),
        cpu: median(v.iter().map(|t| t.cpu).collect()),
    }
}

fn sum_times(v: &[Times]) -> Times {
    Times {
        wall: v.iter().map(|t| t.wall).sum(),
        cpu: v.iter().map(|t| t.cpu).sum(),
    }
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub struct Whole {
    /// Median wall time.
    pub wall: Duration,
    /// Median user + system time.
    pub cpu: Duration,
    pub max_rss_kb: u64,
}

/// Runs the release CLI N times into a fresh directory: median wall time and
/// the largest peak RSS (from `wait4`, so it is this child's alone).
pub fn whole_process(cfg: &Config, spec: &Spec) -> Result<Whole, String> {
    let out = cfg.work.join(format!("gen-cli-{}", spec.name));
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    let mut rss = 0;
    for _ in 0..cfg.runs + 1 {
        let _ = std::fs::remove_dir_all(&out);
        let mut cmd = Command::new(&cfg.cli);
        cmd.arg("generate").arg("--spec");
        cmd.args(&spec.paths);
        cmd.arg("--out")
            .arg(&out)
            .arg("--crate-name")
            .arg(spec.crate_name);
        cmd.stdout(Stdio::null()).stderr(Stdio::piped());
        let start = Instant::now();
        let child = cmd
            .spawn()
            .map_err(|e| format!("spawn {}: {e}", cfg.cli.display()))?;
        let (status, usage) = wait4(child.id());
        let wall = start.elapsed();
        if status != 0 {
            let mut err = String::new();
            if let Some(mut s) = child.stderr {
                use std::io::Read;
                let _ = s.read_to_string(&mut err);
            }
            return Err(format!("FAILS: {}", first_line(&err)));
        }
        walls.push(wall);
        let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
        cpus.push(tv(usage.ru_utime) + tv(usage.ru_stime));
        rss = rss.max(usage.ru_maxrss as u64);
    }
    // The first run warms the page cache and the binary.
    walls.remove(0);
    cpus.remove(0);
    Ok(Whole {
        wall: median(walls),
        cpu: median(cpus),
        max_rss_kb: rss,
    })
}

fn wait4(pid: u32) -> (i32, libc::rusage) {
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(r, pid as libc::pid_t, "wait4 failed");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, usage)
}

pub fn first_line(s: &str) -> String {
    let line = s
        .lines()
        .find(|l| l.contains("error"))
        .or_else(|| s.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or("")
        .trim();
    let mut line: String = line.chars().take(140).collect();
    if line.len() < s.trim().len() && !line.ends_with('…') {
        line.push('…');
    }
    line
}

pub const STAGES: [&str; 7] = [
    "load",
    "normalize",
    "parse",
    "lower",
    "emit",
    "format",
    "write",
];

pub struct Stages {
    /// Median time of each stage.
    pub times: [Times; 7],
    /// Peak heap during each stage (bytes, largest over the runs).
    pub peaks: [usize; 7],
    /// Heap live when each stage starts (what earlier stages left).
    pub at_start: [usize; 7],
    /// CPU time to format each Rust file on its own, and its size; slowest
    /// first.
    pub format_by_file: Vec<(String, Duration, usize)>,
    /// Median of load..write.
    pub total: Times,
    /// Median of load..format (what progenitor's number is compared with).
    pub generate: Times,
    /// Peak heap over the whole pipeline.
    pub peak_heap: usize,
    /// The formatted crate (last run), for build measurements.
    pub crate_files: openapi_rustgen::GeneratedCrate,
    pub src_lines: usize,
    pub test_lines: usize,
}

impl Stages {
    pub fn rows(&self) -> impl Iterator<Item = (&'static str, Times, usize, usize)> + '_ {
        (0..7).map(|i| (STAGES[i], self.times[i], self.peaks[i], self.at_start[i]))
    }
}

/// Runs the pipeline stage by stage, N times after a warm-up run.
pub fn stages(cfg: &Config, spec: &Spec) -> Result<Stages, String> {
    let options = Options::new(spec.crate_name);
    let out = cfg.work.join(format!("gen-lib-{}", spec.name));
    let mut per_stage: Vec<Vec<Times>> = vec![Vec::new(); 7];
    let mut totals = Vec::new();
    let mut gens = Vec::new();
    let mut peaks = [0usize; 7];
    let mut at_start = [0usize; 7];
    let mut peak_heap = 0;
    let mut last = None;
    for run in 0..cfg.runs + 1 {
        let _ = std::fs::remove_dir_all(&out);
        let base = alloc::current();
        let mut times = [Times::default(); 7];
        let mut stage_peak = [0usize; 7];
        let mut live = [0usize; 7];
        let mut begin = |i: usize| {
            live[i] = alloc::current().saturating_sub(base);
            alloc::reset_peak();
            Timer::start()
        };
        let mut t = |i: usize, start: Timer| {
            times[i] = start.stop();
            stage_peak[i] = alloc::peak().saturating_sub(base);
        };
        let e = |e: openapi_rustgen::Error| e.to_string();

        let s = begin(0);
        let documents = load(&spec.paths).map_err(e)?;
        t(0, s);
        let s = begin(1);
        let normalized = normalize(documents).map_err(e)?;
        t(1, s);
        let s = begin(2);
        let parsed = parse(&normalized).map_err(e)?;
        t(2, s);
        let s = begin(3);
        let api = lower(&parsed, &normalized, options.docs_url.as_deref()).map_err(e)?;
        t(3, s);
        // As `generate_documents` does.
        drop(parsed);
        drop(normalized);
        let s = begin(4);
        let files = emit(
            &api,
            &options.crate_name,
            &options.lib_name(),
            options.contract_tests,
        );
        t(4, s);
        let s = begin(5);
        let generated = format_crate(files, &options.spec_label).map_err(e)?;
        t(5, s);
        let s = begin(6);
        write::write_crate(&generated, &out).map_err(e)?;
        t(6, s);

        // Peak heap of the whole pipeline: everything live at the start of
        // a stage plus what that stage allocated on top.
        let whole = stage_peak.iter().copied().max().unwrap_or(0);
        if run > 0 {
            for i in 0..7 {
                per_stage[i].push(times[i]);
                peaks[i] = peaks[i].max(stage_peak[i]);
                at_start[i] = at_start[i].max(live[i]);
            }
            totals.push(sum_times(&times));
            gens.push(sum_times(&times[..6]));
            peak_heap = peak_heap.max(whole);
        }
        last = Some(generated);
    }
    let crate_files = last.expect("at least one run");
    let format_by_file = format_by_file(spec, &options)?;
    let (src_lines, test_lines) = rust_lines(&crate_files);
    let mut times = [Times::default(); 7];
    for (i, v) in per_stage.iter().enumerate() {
        times[i] = median_times(v);
    }
    Ok(Stages {
        times,
        peaks,
        at_start,
        format_by_file,
        total: median_times(&totals),
        generate: median_times(&gens),
        peak_heap,
        crate_files,
        src_lines,
        test_lines,
    })
}

/// Formats each emitted Rust file on its own (once), to show where the
/// format stage's time goes.
fn format_by_file(
    spec: &Spec,
    options: &Options,
) -> Result<Vec<(String, Duration, usize)>, String> {
    let e = |e: openapi_rustgen::Error| e.to_string();
    let documents = load(&spec.paths).map_err(e)?;
    let normalized = normalize(documents).map_err(e)?;
    let parsed = parse(&normalized).map_err(e)?;
    let api = lower(&parsed, &normalized, options.docs_url.as_deref()).map_err(e)?;
    let mut out = Vec::new();
    for file in emit(&api, &options.crate_name, &options.lib_name(), false) {
        if !matches!(file.content, FileContent::Rust(_)) {
            continue;
        }
        let path = file.path.clone();
        let start = Timer::start();
        let formatted = format_crate(vec![file], &options.spec_label).map_err(e)?;
        let cpu = start.stop().cpu;
        let bytes = formatted.files.values().map(String::len).sum();
        out.push((path, cpu, bytes));
    }
    out.sort_by_key(|file| std::cmp::Reverse(file.1));
    Ok(out)
}

/// Lines of generated Rust under `src/` and elsewhere (tests).
fn rust_lines(generated: &openapi_rustgen::GeneratedCrate) -> (usize, usize) {
    let mut src = 0;
    let mut tests = 0;
    for (path, text) in &generated.files {
        if !path.ends_with(".rs") {
            continue;
        }
        if path.starts_with("src/") {
            src += text.lines().count();
        } else {
            tests += text.lines().count();
        }
    }
    (src, tests)
}

pub struct Progenitor {
    /// Median of parse + generate_tokens + syn::parse2 + prettyplease.
    pub total: Times,
    /// Median CPU time of: openapiv3 parse, generate_tokens, syn::parse2 +
    /// prettyplease::unparse.
    pub phases: [Duration; 3],
    pub lines: usize,
    /// The formatted code (last run).
    pub code: String,
}

/// progenitor's build.rs recipe, timed from the spec text (or, for a 3.1
/// spec, from our normalized JSON value) to formatted code. With `adapt`,
/// the normalized value is first changed the least that lets progenitor
/// take it (see [`adapt_for_progenitor`]).
pub fn progenitor(cfg: &Config, spec: &Spec, adapt: bool) -> Result<Progenitor, String> {
    let normalized = match spec.prog {
        ProgInput::Normalized => {
            let docs = load(&spec.paths).map_err(|e| e.to_string())?;
            let mut value = normalize(docs).map_err(|e| e.to_string())?.value;
            if adapt {
                adapt_for_progenitor(&mut value);
            }
            Some(value)
        }
        _ => None,
    };
    let text = match spec.prog {
        ProgInput::Raw => Some(read(&spec.paths[0])?),
        _ => None,
    };
    let mut totals = Vec::new();
    let mut phases: [Vec<Duration>; 3] = Default::default();
    let mut code = String::new();
    for run in 0..cfg.runs + 1 {
        let input = normalized.clone();
        let start = Timer::start();
        let api: openapiv3::OpenAPI = match (&text, input) {
            (Some(text), _) => serde_json::from_str(text).map_err(|e| format!("openapiv3: {e}"))?,
            (None, Some(value)) => {
                serde_json::from_value(value).map_err(|e| format!("openapiv3: {e}"))?
            }
            (None, None) => unreachable!(),
        };
        let parsed_at = cpu_now();
        let generated = quietly(|| {
            let mut generator =
                progenitor::Generator::new(&progenitor::GenerationSettings::default());
            generator.generate_tokens(&api)
        })?
        .map_err(|e| first_line(&e.to_string()))?;
        let generated_at = cpu_now();
        let file: syn::File = syn::parse2(generated).map_err(|e| format!("syn: {e}"))?;
        code = prettyplease::unparse(&file);
        let time = start.stop();
        if run > 0 {
            phases[0].push(parsed_at - start.1);
            phases[1].push(generated_at - parsed_at);
            phases[2].push(start.1 + time.cpu - generated_at);
            totals.push(time);
        }
    }
    Ok(Progenitor {
        total: median_times(&totals),
        phases: phases.map(median),
        lines: code.lines().count(),
        code,
    })
}

/// progenitor allows one success type per operation and counts a `default`
/// response as a possible success, so Kombo's `200` + `default` (error body)
/// fails its `assert!(response_types.len() <= 1)`. Renaming `default` to
/// `4XX` where a 2xx response exists keeps the error type and the API.
pub fn adapt_for_progenitor(doc: &mut serde_json::Value) {
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for op in item.values_mut() {
            let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else {
                continue;
            };
            let has_success = responses.keys().any(|k| k.starts_with('2'));
            if has_success
                && !responses.contains_key("4XX")
                && let Some(default) = responses.shift_remove("default")
            {
                responses.insert("4XX".into(), default);
            }
        }
    }
}

/// Runs `f`, turning a panic into an error without printing it.
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result.map_err(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("panics: {}", first_line(&msg))
    })
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}
