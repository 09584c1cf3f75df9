//! `bench`: the capstone measured, in release mode, by the programs of `bench/`: `load` (bare
//! routes beside the full stack on a database seeded to a realistic size, and a login flood,
//! checked against the budget the book states) and `instructions` (each layer's cost per request
//! counted by callgrind, checked against the committed figures).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

/// What `cargo course bench` measures.
pub enum Bench {
    /// The load benchmark, each of its runs this many seconds.
    Load { seconds: u64 },
    /// The instruction counts: printed, checked against the committed figures, or written; or,
    /// with a route, counted on that route over the seeded data.
    Instructions {
        check: bool,
        write: bool,
        route: Option<String>,
    },
}

pub fn bench(root: &Path, what: Bench) -> anyhow::Result<()> {
    let (program, arguments): (&str, Vec<String>) = match what {
        Bench::Load { seconds } => {
            eprintln!(
                "Building the benchmark in release mode (minutes, the first time), then about {} s of load…",
                seconds * 20
            );
            ("load", vec!["--seconds".to_owned(), seconds.to_string()])
        }
        Bench::Instructions {
            check,
            write,
            route,
        } => {
            eprintln!(
                "Building the benchmark in release mode (minutes, the first time), then about two minutes under callgrind…"
            );
            let flag = match (check, write, route) {
                (true, _, _) => vec!["--check".to_owned()],
                (_, true, _) => vec!["--write".to_owned()],
                (_, _, Some(route)) => vec!["--route".to_owned(), route],
                _ => vec![],
            };
            ("instructions", flag)
        }
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["run", "--quiet", "--release", "--package", "capstone-bench"])
        .args(["--bin", program, "--"])
        .args(arguments)
        // The queries compile from `capstone/.sqlx/`; the database is made by the benchmark.
        .env("SQLX_OFFLINE", "true")
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("the benchmark failed ({status}): see above");
    }
    Ok(())
}
