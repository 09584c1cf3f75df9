//! `maintain first-minutes`: a learner's first minutes, measured on a fresh clone of this
//! checkout's last commit. How long the README's `cargo course` takes to name the first exercise
//! (cold: nothing built, the registry already fetched), what the learner's next command,
//! `cargo test -p lesson-1 ex1_01`, compiles again of what `cargo course` had built, and how big
//! `target/` is then. With `--whole-course`, the learner's path goes on to the end (every lesson's
//! answers put in by `cargo course skip N`, its tests run with `cargo test -p lesson-N`), and
//! `target/`'s size is printed after each lesson: what a learner's disk holds at the end. A
//! benchmark that prints figures, not a test: times depend on the machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use course::Catalog;

/// The clone, removed when the measurement ends, whether it succeeded or not.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn first_minutes(root: &Path, catalog: &Catalog, whole_course: bool) -> anyhow::Result<()> {
    let scratch =
        Scratch(std::env::temp_dir().join(format!("course-first-minutes-{}", std::process::id())));
    let clone = &scratch.0;
    let cloned = Command::new("git")
        .args(["clone", "--quiet"])
        .arg(root)
        .arg(clone)
        .status()
        .context("cannot run git")?;
    if !cloned.success() {
        bail!("git clone of {} failed", root.display());
    }
    println!(
        "A fresh clone of this checkout's HEAD in {}",
        clone.display()
    );

    let (status, took) = timed(cargo(clone, &["course"]))?;
    let next = stdout(&status)
        .lines()
        .find(|line| line.starts_with("Next: "))
        .map(str::to_owned)
        .with_context(|| {
            format!(
                "`cargo course` named no next exercise:\n{}{}",
                stdout(&status),
                String::from_utf8_lossy(&status.stderr)
            )
        })?;
    println!(
        "cargo course, cold:                   {:>5} s  ({next})",
        took.as_secs()
    );

    let (test, took) = timed(cargo(clone, &["test", "-p", "lesson-1", "ex1_01"]))?;
    let stderr = String::from_utf8_lossy(&test.stderr);
    let compiled: Vec<&str> = stderr
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("Compiling "))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    println!(
        "then cargo test -p lesson-1 ex1_01:    {:>5} s  (compiled again: {})",
        took.as_secs(),
        if compiled.is_empty() {
            "nothing".to_owned()
        } else {
            compiled.join(", ")
        }
    );
    println!(
        "target/ then:                         {:>5} MB",
        size(&clone.join("target")) / 1_000_000
    );
    if whole_course {
        let finished = whole_course_target(clone, catalog);
        // The course's PostgreSQL runs from the clone's target/: stop it before the clone goes.
        let _ = cargo(clone, &["course", "db", "--stop"]).output();
        finished?;
    }
    Ok(())
}

/// The rest of the course as a learner who finishes every lesson leaves it on disk.
fn whole_course_target(clone: &Path, catalog: &Catalog) -> anyhow::Result<()> {
    for lesson in catalog.lessons.iter().filter(|lesson| !lesson.is_coming()) {
        let number = lesson.number.to_string();
        let skipped = cargo(clone, &["course", "skip", &number, "--yes"]).output()?;
        if !skipped.status.success() {
            bail!(
                "cargo course skip {number} failed:\n{}",
                String::from_utf8_lossy(&skipped.stderr)
            );
        }
        let package = lesson.package();
        let (test, took) = timed(cargo(clone, &["test", "-p", &package]))?;
        println!(
            "Lesson {number} answered, cargo test -p {package}: {:>4} s, {}; target/ {:>5} MB",
            took.as_secs(),
            if test.status.success() {
                "green"
            } else {
                "RED"
            },
            size(&clone.join("target")) / 1_000_000
        );
        if !test.status.success() {
            bail!(
                "the reference answers do not pass in a learner's clone:\n{}",
                String::from_utf8_lossy(&test.stderr)
            );
        }
    }
    let (status, took) = timed(cargo(clone, &["course"]))?;
    println!(
        "then cargo course:                    {:>5} s  ({})",
        took.as_secs(),
        stdout(&status)
            .lines()
            .find(|l| l.starts_with("Every exercise"))
            .unwrap_or("not all done")
    );
    println!(
        "target/ at the end of the course:     {:>5} MB",
        size(&clone.join("target")) / 1_000_000
    );
    Ok(())
}

/// `cargo ARGS` in `dir` as a learner runs it: the checkout's own `target/`, incremental, whatever
/// this process's cargo was told (CI turns incremental builds off for its own).
pub(super) fn cargo<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(dir)
        .args(args)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_INCREMENTAL")
        .env_remove("CARGO_BUILD_TARGET_DIR");
    command
}

fn timed(mut command: Command) -> anyhow::Result<(Output, Duration)> {
    let started = Instant::now();
    let output = command.output().context("cannot run cargo")?;
    Ok((output, started.elapsed()))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The bytes of every file under `dir`.
fn size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => size(&entry.path()),
            Ok(kind) if kind.is_file() => entry.metadata().map_or(0, |m| m.len()),
            _ => 0,
        })
        .sum()
}
