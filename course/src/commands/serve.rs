//! `serve`: the capstone on http://127.0.0.1:8080, with no set-up: its database is `conduit` on
//! the course's PostgreSQL (or on `DATABASE_URL`'s server).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

pub fn serve(root: &Path) -> anyhow::Result<()> {
    let url = local_postgres::ensure_database("conduit")?;
    eprintln!(
        "Starting the capstone on http://127.0.0.1:8080, its metrics on \
         http://127.0.0.1:9100/metrics (database {url}); Ctrl-C stops it."
    );
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["run", "--quiet", "--package", "capstone"])
        .env("DATABASE_URL", &url)
        // The URL is for the server at run time; the queries compile from `capstone/.sqlx/`.
        .env("SQLX_OFFLINE", "true")
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("the capstone stopped: {status}");
    }
    Ok(())
}
