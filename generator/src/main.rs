//! Command-line entry point: `openapi-rustgen generate --spec ... --out ...`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use openapi_rustgen::{Options, generate, write};

/// Generation is allocation-heavy; mimalloc makes the program about a
/// quarter faster than the system allocator (see `benches/run.sh`).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates a typed async Rust client crate from OpenAPI 3.0/3.1 documents.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a client crate (Cargo.toml, src/, tests/).
    ///
    /// Exit status: 0 on success; 1 with --check when the crate on disk is
    /// out of date; 2 on invalid input or any other error.
    Generate {
        /// A spec file (YAML or JSON) or a directory of them; repeat to merge
        /// several documents into one client.
        #[arg(long = "spec", required = true, num_args = 1..)]
        specs: Vec<PathBuf>,
        /// The crate directory to write.
        #[arg(long)]
        out: PathBuf,
        /// Package name of the generated crate.
        #[arg(long, default_value = "api-client")]
        crate_name: String,
        /// Base URL for relative links in descriptions (default: the docs
        /// site the spec links to most).
        #[arg(long)]
        docs_url: Option<String>,
        /// Write nothing; exit 1 and list the files that differ if the crate
        /// on disk is not what would be generated.
        #[arg(long)]
        check: bool,
        /// Also write `tests/contract.rs`: every operation called once
        /// against the server in `CONTRACT_BASE_URL` (`cargo test --test
        /// contract`).
        #[arg(long)]
        contract_tests: bool,
        /// Keep `date-time`, `date` and `uuid` strings as plain `String`
        /// (default: the crate's `DateTime`, `Date` and `Uuid`, which keep
        /// the wire text and give a `chrono` or `uuid` value).
        #[arg(long)]
        string_formats: bool,
    },
}

fn main() -> ExitCode {
    let Command::Generate {
        specs,
        out,
        crate_name,
        docs_url,
        check,
        contract_tests,
        string_formats,
    } = Cli::parse().command;
    let label: Vec<String> = specs.iter().map(|p| p.display().to_string()).collect();
    let options = Options {
        crate_name,
        docs_url,
        spec_label: label.join(", "),
        contract_tests,
        cargo_features: true,
        typed_formats: !string_formats,
    };
    let generated = match generate(&specs, &options) {
        Ok(generated) => generated,
        Err(e) => {
            // The spec's lines around the problem where the error names a
            // line, else the one-line message.
            match openapi_rustgen::diagnostic::render(&e) {
                Some(drawn) => eprint!("{drawn}"),
                None => eprintln!("error: {e}"),
            }
            return ExitCode::from(2);
        }
    };
    if check {
        return match write::check_crate(&generated, &out) {
            Ok(drift) if drift.is_empty() => {
                eprintln!("{} is up to date", out.display());
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                eprintln!("{} is out of date with its spec:", out.display());
                for d in drift {
                    eprintln!("  {d}");
                }
                eprintln!("regenerate it by running the same command without --check");
                ExitCode::from(1)
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        };
    }
    match write::write_crate(&generated, &out) {
        Ok(report) if report.written.is_empty() && report.removed.is_empty() => {
            eprintln!(
                "{}: unchanged ({} files)",
                out.display(),
                generated.files.len()
            );
            ExitCode::SUCCESS
        }
        Ok(report) => {
            for f in &report.written {
                eprintln!("wrote {}", out.join(f).display());
            }
            for f in &report.removed {
                eprintln!("removed {}", out.join(f).display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
