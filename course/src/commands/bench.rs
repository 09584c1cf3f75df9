//! `bench`: the capstone under load, in release mode, on a database seeded to a realistic size;
//! bare routes beside the full stack, what each layer costs, and a login flood, checked against
//! the budget the book states (see `capstone/examples/bench.rs`).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

pub fn bench(root: &Path, seconds: u64) -> anyhow::Result<()> {
    eprintln!(
        "Building the capstone in release mode (minutes, the first time), then about {} s of load…",
        seconds * 30
    );
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["run", "--quiet", "--release", "--package", "capstone"])
        .args([
            "--example",
            "bench",
            "--",
            "--seconds",
            &seconds.to_string(),
        ])
        // The queries compile from `capstone/.sqlx/`; the database is made by the benchmark.
        .env("SQLX_OFFLINE", "true")
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("the benchmark failed ({status}): see above");
    }
    Ok(())
}
