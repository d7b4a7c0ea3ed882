//! Criterion benches of each pipeline stage (load, normalize, parse, lower,
//! emit, format, write) on the Kombo seeds and the big corpus specs.
//!
//! ```sh
//! cargo bench -p openapi-rustgen --bench stages            # every spec
//! cargo bench -p openapi-rustgen --bench stages -- kombo   # one spec
//! ```
//!
//! The corpus is found as the tests find it (`$CORPUS_DIR`, else
//! `../shared/specs-corpus` beside the repository, else `target/specs-corpus`
//! from `scripts/fetch-corpus.sh`); a spec that is not there is skipped.
//! Each stage is measured on the output of the previous one, prepared outside
//! the timed loop, so a stage's number is that stage alone. Sample sizes are
//! small (GitHub takes about a second per pipeline run) so that the whole
//! bench finishes in a few minutes; `benches/run.sh` gives the summary table.
//!
//! `emit` only plans the Rust files' parts: `format` makes their tokens and
//! formats them, on one thread per core.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use openapi_rustgen::__private::{emit, format_crate, load, lower, normalize, parse};
use openapi_rustgen::{Options, write};

#[path = "../tests/common/corpus.rs"]
mod corpus;

/// (bench name, crate name, spec paths) for every spec that exists here.
fn specs() -> Vec<(&'static str, &'static str, Vec<PathBuf>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = corpus::find(&root).unwrap_or_else(|why| {
        eprintln!("{why}\n  {}", corpus::HOW_TO_GET);
        root.join(corpus::FETCHED)
    });
    let mut found = vec![("kombo-seeds", "kombo", vec![root.join("specs")])];
    for (name, crate_name, file) in [
        ("kombo-full", "kombo", "kombo-full.json"),
        ("discord", "discord", "discord.json"),
        ("github", "github", "progenitor-github-api.json"),
        ("vault", "vault", "hashicorp-vault.json"),
    ] {
        let path = dir.join(file);
        if path.is_file() {
            found.push((name, crate_name, vec![path]));
        } else {
            eprintln!("skipping {name}: {} not found", path.display());
        }
    }
    found
}

fn stages(c: &mut Criterion) {
    for (name, crate_name, paths) in specs() {
        let options = Options::new(crate_name);
        // Every stage's input, computed once; a spec the generator rejects
        // is reported and skipped rather than failing the whole bench.
        let prepared = (|| {
            let documents = load(&paths)?;
            let normalized = normalize(documents.clone())?;
            let parsed = parse(&normalized)?;
            let api = lower(&parsed, &normalized, options.docs_url.as_deref())?;
            Ok::<_, openapi_rustgen::Error>((documents, normalized, parsed, api))
        })();
        let (documents, normalized, parsed, api) = match prepared {
            Ok(p) => p,
            Err(e) => {
                eprintln!("skipping {name}: {e}");
                continue;
            }
        };
        let files = emit(&api, &options.crate_name, &options.lib_name(), false);
        let generated = match format_crate(files.clone(), &options.spec_label) {
            Ok(generated) => generated,
            Err(e) => {
                eprintln!("skipping {name}: {e}");
                continue;
            }
        };

        let mut group = c.benchmark_group(name);
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        group.bench_function("load", |b| {
            b.iter(|| load(black_box(&paths)).expect("load"))
        });
        group.bench_function("normalize", |b| {
            b.iter_batched(
                || documents.clone(),
                |d| normalize(d).expect("normalize"),
                BatchSize::LargeInput,
            )
        });
        group.bench_function("parse", |b| {
            b.iter(|| parse(black_box(&normalized)).expect("parse"))
        });
        group.bench_function("lower", |b| {
            b.iter(|| lower(black_box(&parsed), &normalized, None).expect("lower"))
        });
        let lib_name = options.lib_name();
        group.bench_function("emit", |b| {
            b.iter(|| emit(black_box(&api), &options.crate_name, &lib_name, false))
        });
        group.bench_function("format", |b| {
            b.iter_batched(
                || files.clone(),
                |f| format_crate(f, &options.spec_label).expect("format"),
                BatchSize::LargeInput,
            )
        });
        group.bench_function("write", |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("temp dir"),
                |dir| {
                    write::write_crate(&generated, &dir.path().join("out")).expect("write");
                    dir
                },
                BatchSize::PerIteration,
            )
        });
        group.bench_function("all", |b| {
            b.iter(|| openapi_rustgen::generate(black_box(&paths), &options).expect("generate"))
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
