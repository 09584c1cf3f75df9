//! Runs a lesson's exercise tests with cargo and reads which passed. Progress is always measured
//! this way, never remembered: an exercise is done when all of its tests pass.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use anyhow::Context;

#[derive(Debug)]
pub enum TestRun {
    /// Test name (as libtest prints it, `module::ex1_03_name`) to whether it passed.
    Ran(BTreeMap<String, bool>),
    /// The package did not compile: the compiler's errors.
    BuildFailed(String),
}

/// `cargo test -p <package> --test exercises`, run in the checkout at `root`.
pub fn run_exercise_tests(root: &Path, package: &str) -> anyhow::Result<TestRun> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root)
        .args([
            "test",
            "--package",
            package,
            "--test",
            "exercises",
            "--no-fail-fast",
        ])
        .args(["--color", "never"])
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .with_context(|| format!("cannot run cargo in {}", root.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let results = parse_libtest(&stdout);
    if results.is_empty() && !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Ok(TestRun::BuildFailed(compiler_errors(&stderr)));
    }
    Ok(TestRun::Ran(results))
}

/// Reads libtest's `test name ... ok` lines.
pub fn parse_libtest(stdout: &str) -> BTreeMap<String, bool> {
    stdout
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("test ")?;
            let (name, outcome) = rest.rsplit_once(" ... ")?;
            match outcome.trim() {
                "ok" => Some((name.to_owned(), true)),
                "FAILED" => Some((name.to_owned(), false)),
                _ => None,
            }
        })
        .collect()
}

/// The `error` blocks of cargo's output, without the `Compiling …` progress lines.
fn compiler_errors(stderr: &str) -> String {
    let errors: Vec<&str> = stderr
        .split("\n\n")
        .filter(|block| block.trim_start().starts_with("error"))
        .collect();
    if errors.is_empty() {
        stderr.trim().to_owned()
    } else {
        errors.join("\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_passes_and_failures() {
        let out = "running 2 tests\ntest a::ex1_01_x ... ok\ntest ex1_02_y ... FAILED\n\ntest result: FAILED.";
        let results = parse_libtest(out);
        assert_eq!(results.get("a::ex1_01_x"), Some(&true));
        assert_eq!(results.get("ex1_02_y"), Some(&false));
        assert_eq!(results.len(), 2);
    }
}
