//! `maintain watch-page`: Lesson 6's watch page checked in headless Chromium. The lesson's reference
//! server is built here (its path read from cargo's own report), and the `course-browser-check`
//! package drives the page: a package of its own, so that the course tool a learner compiles
//! first carries no WebSocket or HTTP client.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};
use course::Catalog;

/// The lesson whose binary serves the page.
const LESSON: u32 = 6;

pub fn watch_page(root: &Path, catalog: &Catalog) -> anyhow::Result<()> {
    let lesson = catalog
        .lesson(LESSON)
        .context("course.toml has no Lesson 6")?;
    let package = lesson.solution_package();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let built = Command::new(&cargo)
        .args([
            "build",
            "--quiet",
            "--message-format=json",
            "--package",
            &package,
        ])
        .args(["--bin", &package])
        .current_dir(root)
        .output()
        .context("cannot run cargo")?;
    if !built.status.success() {
        bail!(
            "cannot build {package}:\n{}",
            String::from_utf8_lossy(&built.stderr)
        );
    }
    let executable = String::from_utf8_lossy(&built.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find_map(|message| message["executable"].as_str().map(str::to_owned))
        .with_context(|| format!("cargo built no executable for {package}"))?;
    let status = Command::new(&cargo)
        .args(["run", "--quiet", "--package", "course-browser-check", "--"])
        .arg(&executable)
        .current_dir(root)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("the watch page check failed (above)");
    }
    Ok(())
}
