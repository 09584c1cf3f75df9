//! `mutants`: do the exercise tests notice a wrong answer? cargo-mutants changes the solution's
//! exercise regions one small way at a time (a `+` for a `-`, a body replaced by a default) and runs
//! the exercise tests against each change; a change no test notices is a "survivor", a wrong
//! answer a learner would get credit for.
//!
//! Only the regions are mutated (through `--in-diff`, with a diff that adds exactly their lines),
//! and only the exercise tests judge, as they judge a learner. A survivor that cannot matter is
//! explained in `course/survivors.txt`, one line each, under its lesson's number (not in the test
//! files: a learner reads those, and a survivor names the line of an answer):
//!
//! ```text
//! 3: replace == with != in verify: <why no test can or need notice>
//! ```
//!
//! The command lists every survivor with its explanation, and fails on one without.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use course::regions::regions;
use course::{Catalog, Lesson};

use super::Target;

pub fn mutants(root: &Path, catalog: &Catalog, lesson: &str) -> anyhow::Result<()> {
    let lesson = Target::parse(catalog, lesson)?.lesson();
    let out = root
        .join("target")
        .join("mutants")
        .join(format!("lesson-{}", lesson.number));
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let diff = out.join("regions.diff");
    std::fs::write(&diff, regions_diff(root, lesson)?)
        .with_context(|| format!("cannot write {}", diff.display()))?;

    eprintln!(
        "Mutating lesson {}'s exercise regions (this takes a while)…",
        lesson.number
    );
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        // In place, in the checkout's own build: a copy would build every dependency again.
        // cargo-mutants puts each file back after its mutants (also on Ctrl-C); do not edit the
        // solution while it runs.
        .args(["mutants", "--no-shuffle", "--in-place", "--package"])
        .arg(lesson.solution_package())
        .arg("--in-diff")
        .arg(&diff)
        .arg("--output")
        .arg(&out)
        .args(["--", "--test", "exercises"])
        .env("SQLX_OFFLINE", "true")
        .status()
        .context(
            "cannot run cargo mutants; install it with `cargo install --locked cargo-mutants`",
        )?;
    // cargo-mutants exits 2 when mutants survive: that is what the table below is for.
    if !matches!(status.code(), Some(0 | 2)) {
        bail!("cargo mutants failed ({status})");
    }

    // cargo-mutants writes one file per outcome, empty when none had it; a file missing means the
    // run did not happen as this reads it, which must not read as "nothing survived".
    let outcome = |name: &str| -> anyhow::Result<String> {
        let path = out.join("mutants.out").join(name);
        std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
    };
    let missed = outcome("missed.txt")?;
    let (caught, unviable) = (
        outcome("caught.txt")?.lines().count(),
        outcome("unviable.txt")?.lines().count(),
    );
    if caught + unviable + missed.lines().count() == 0 {
        bail!(
            "cargo mutants made no mutants of lesson {}'s exercise regions: see {}",
            lesson.number,
            diff.display()
        );
    }
    let explanations = explanations(root, lesson)?;
    let mut unexplained = 0;
    println!("\nLesson {}: surviving mutants", lesson.number);
    for mutant in missed.lines().filter(|line| !line.trim().is_empty()) {
        match explanations
            .iter()
            .find(|(what, _)| mutant.ends_with(what.as_str()))
        {
            Some((_, why)) => println!("  explained  {mutant}\n             {why}"),
            None => {
                unexplained += 1;
                println!("  UNEXPLAINED {mutant}");
            }
        }
    }
    println!(
        "  {caught} caught, {unviable} unviable, {} survived ({unexplained} unexplained)",
        missed.lines().count()
    );
    if unexplained > 0 {
        bail!("{unexplained} surviving mutants have no test and no explanation");
    }
    Ok(())
}

/// A unified diff that adds every line inside the solution's exercise regions, so that
/// cargo-mutants mutates those and nothing else.
fn regions_diff(root: &Path, lesson: &Lesson) -> anyhow::Result<String> {
    let mut diff = String::new();
    let mut files: Vec<&PathBuf> = lesson.exercises.iter().flat_map(|e| &e.files).collect();
    files.sort();
    files.dedup();
    for file in files
        .into_iter()
        .filter(|f| f.extension() == Some("rs".as_ref()))
    {
        let path = lesson.solution_dir(root).join(file);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let relative = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let _ = writeln!(diff, "--- a/{relative}\n+++ b/{relative}");
        for region in regions(&text)? {
            let lines: Vec<&str> = region.body.lines().collect();
            if lines.is_empty() {
                continue;
            }
            let first = region.line + 1;
            let _ = writeln!(diff, "@@ -{},0 +{first},{} @@", first - 1, lines.len());
            for line in lines {
                let _ = writeln!(diff, "+{line}");
            }
        }
    }
    Ok(diff)
}

/// `(mutant description, why)` for `lesson`, from the `N: <description>: <why>` lines of
/// `course/survivors.txt` (`#` starts a comment).
fn explanations(root: &Path, lesson: &Lesson) -> anyhow::Result<Vec<(String, String)>> {
    let path = root.join("course").join("survivors.txt");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let number = lesson.number.to_string();
    Ok(text
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| {
            let (lesson_number, rest) = line.split_once(": ")?;
            let (what, why) = rest.split_once(": ")?;
            (lesson_number.trim() == number)
                .then(|| (what.trim().to_owned(), why.trim().to_owned()))
        })
        .collect())
}
