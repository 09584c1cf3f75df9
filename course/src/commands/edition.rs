//! `learner-edition DIR`: the course as learners receive it, without the answers.
//!
//! Left out: `solutions/`, the capstone's source (Lesson 5's answer; its tests stay, since Lesson 5
//! compiles them), the benchmark that measures it, the course's own checks (they compare the
//! starters with the solutions), and the maintainers' CI. The last hint of each exercise names the
//! code, so it becomes a pointer back to the book, the test's report and the instructor; the ones
//! before it ask the questions and point at the facts. The starters' offline query data holds only the starters' queries, and
//! the book shows only the starters' code (a check of the full repository keeps it so), so both
//! are kept. Added: a workflow that grades a learner's fork on every push.

use std::path::Path;

use anyhow::{Context, bail};
use course::Catalog;

/// Top-level entries of the repository an edition leaves out.
const LEFT_OUT: [&str; 5] = [".git", ".ci", "target", "solutions", "bench"];

/// The autograding workflow the edition carries, in `.github/workflows/`.
pub const AUTOGRADE: &str = include_str!("../../edition/autograde.yml");

pub fn learner_edition(root: &Path, dir: &Path) -> anyhow::Result<()> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .next()
            .is_some()
    {
        bail!("{} is not empty: give a new folder", dir.display());
    }
    course::files::copy(root, dir, &|path| {
        LEFT_OUT.iter().any(|name| path == Path::new(name))
            || path.file_name() == Some("target".as_ref())
            // The capstone's tests stay: Lesson 5 compiles them from there.
            || (path.starts_with("capstone") && !path.starts_with("capstone/tests") && path != Path::new("capstone"))
            || path == Path::new("course/tests")
            || path == Path::new("docker-compose.yml")
    })?;
    let edit = |relative: &str, change: &dyn Fn(&str) -> anyhow::Result<String>| {
        let path = dir.join(relative);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        std::fs::write(&path, change(&text)?)
            .with_context(|| format!("cannot write {}", path.display()))
    };
    edit("Cargo.toml", &|text| Ok(without_answer_members(text)))?;
    edit("course/Cargo.toml", &|text| {
        Ok(without_answer_dev_dependencies(text))
    })?;
    edit("course.toml", &without_last_hints)?;
    edit("README.md", &|text| Ok(with_edition_note(text)))?;
    let workflows = dir.join(".github").join("workflows");
    std::fs::create_dir_all(&workflows)
        .with_context(|| format!("cannot create {}", workflows.display()))?;
    std::fs::write(workflows.join("autograde.yml"), AUTOGRADE)?;
    // What is left must still be one course: every lesson's starter, no solution.
    let edition = Catalog::load(dir)?;
    for lesson in edition.lessons.iter().filter(|lesson| !lesson.is_coming()) {
        if lesson.solution_dir(dir).join("src").exists() {
            bail!(
                "the edition still holds {}",
                lesson.solution_dir(dir).display()
            );
        }
    }
    println!(
        "The learner edition is in {}: no reference answers, no hint that names the code, and .github/workflows/autograde.yml to grade a fork on every push. Commit it to a \
         repository of its own for your learners; grade their checkouts from this repository \
         (`cargo course grade`).",
        dir.display()
    );
    Ok(())
}

/// `maintain check-edition`: writes the learner edition under `target/edition/` and there runs
/// the README's two commands and the workflow's grading, as a learner's fork runs them.
pub fn check_edition(root: &Path) -> anyhow::Result<()> {
    let base = root.join("target").join("edition");
    let dir = base.join("course");
    let _ = std::fs::remove_dir_all(&dir);
    learner_edition(root, &dir)?;
    for answers in [
        "solutions",
        "capstone/src",
        "capstone/.sqlx",
        "bench",
        "course/tests",
    ] {
        if dir.join(answers).exists() {
            bail!("the learner edition holds {answers}");
        }
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let database = local_postgres::server_url()?;
    let run = |args: &[&str]| -> anyhow::Result<String> {
        println!("$ cargo {}", args.join(" "));
        let output = std::process::Command::new(&cargo)
            .current_dir(&dir)
            .args(args)
            // A build folder of its own: the edition's crates have this checkout's relative paths,
            // and sharing target/ would let either's artifacts pass for the other's.
            .env("CARGO_TARGET_DIR", base.join("build"))
            .env("DATABASE_URL", &database)
            .output()
            .with_context(|| format!("cannot run cargo {}", args.join(" ")))?;
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        if !output.status.success() {
            bail!(
                "`cargo {}` failed in the learner edition:\n{stdout}\n{}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(stdout)
    };
    let status = run(&["course"])?;
    if !status.contains("Next: exercise 1.1 ") {
        bail!("`cargo course` in the learner edition should name exercise 1.1 next:\n{status}");
    }
    run(&["test"])?;
    let grades = base.join("grades");
    let _ = std::fs::remove_dir_all(&grades);
    let out = grades.to_str().context("a UTF-8 path")?;
    run(&["course", "grade", ".", "--out", out, "--lesson", "1"])?;
    let summary = std::fs::read_to_string(grades.join("summary.md"))?;
    if !summary.contains("not begun") {
        bail!("the fresh edition's Lesson 1 should grade as not begun:\n{summary}");
    }
    // And as an instructor grades a learner's checkout of the edition: from this repository.
    let from_here = base.join("grades-from-the-full-repository");
    let _ = std::fs::remove_dir_all(&from_here);
    super::grade::grade(
        root,
        &Catalog::load(root)?,
        std::slice::from_ref(&dir),
        &super::grade::Options {
            out: &from_here,
            lesson: Some("1"),
            diff: false,
            time_limit: std::time::Duration::from_secs(900),
        },
    )?;
    let summary = std::fs::read_to_string(from_here.join("summary.md"))?;
    if !summary.contains("| course | not begun") {
        bail!("the full repository should grade the edition's Lesson 1 as not begun:\n{summary}");
    }
    println!(
        "The learner edition holds no answers; `cargo course` names 1.1, `cargo test` passes, the \
         workflow's `cargo course grade` grades it, and so does this repository's."
    );
    Ok(())
}

/// The workspace without the packages that hold answers: the solutions, the capstone and the
/// benchmark that builds it.
fn without_answer_members(manifest: &str) -> String {
    manifest
        .lines()
        .filter(|line| {
            let member = line.trim().trim_end_matches(',').trim_matches('"');
            !(member.starts_with("solutions/") || member == "capstone" || member == "bench")
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The course tool's manifest without the dev-dependencies on answers (its checks are left out).
fn without_answer_dev_dependencies(manifest: &str) -> String {
    let mut out = String::new();
    let mut comment = String::new();
    for line in manifest.lines() {
        if line.starts_with('#') {
            comment.push_str(line);
            comment.push('\n');
            continue;
        }
        let answer = ["capstone =", "solution-"]
            .iter()
            .any(|start| line.starts_with(start));
        if !answer {
            out.push_str(&comment);
            out.push_str(line);
            out.push('\n');
        }
        comment.clear();
    }
    out.push_str(&comment);
    out
}

/// What the last hint of every exercise becomes in the edition, where it would name the code.
const LAST_HINT: &str = "That was the last hint in this edition: the last one of the full course names the \
     code. Read the exercise's section of the book again (`cargo course book <id>`) and the failing \
     test's report, which says what it sent and what it expected; then ask your instructor.";

/// `course.toml` with the last hint of every exercise replaced by [`LAST_HINT`].
fn without_last_hints(text: &str) -> anyhow::Result<String> {
    let mut course: toml::Table = toml::from_str(text).context("course.toml is not valid")?;
    let exercises = course
        .get_mut("lesson")
        .and_then(|lessons| lessons.as_array_mut())
        .into_iter()
        .flatten()
        .filter_map(|lesson| lesson.get_mut("exercise").and_then(|e| e.as_array_mut()))
        .flatten();
    for exercise in exercises {
        if let Some(hints) = exercise.get_mut("hints").and_then(|h| h.as_array_mut())
            && let Some(last) = hints.last_mut()
        {
            *last = LAST_HINT.into();
        }
    }
    Ok(format!(
        "# The learner edition's course: each exercise's last hint, which names the code, is\n\
         # replaced. Written by `cargo course learner-edition` from the full repository.\n\n{}",
        toml::to_string(&course)?
    ))
}

/// The README, saying first what this edition is and is not.
fn with_edition_note(readme: &str) -> String {
    let note = "> **The learner edition.** This repository has the exercises, the tests, the book \
                and the hints, and not the answers: there are no reference solutions, so `cargo \
                course skip` and the instructor commands are not here, and each exercise's last \
                hint, which names the code, is not here either. Your instructor grades your work with their own copy.\n\n";
    match readme.find("\n## ") {
        Some(at) => format!("{}\n{note}{}", &readme[..at], &readme[at + 1..]),
        None => format!("{note}{readme}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `cargo course` command line the workflow runs parses as the course's own command line:
    /// a renamed command or option fails here, not in a learner's fork.
    #[test]
    fn every_course_command_the_workflow_runs_exists() {
        use clap::Parser;

        let workflow: yaml_serde::Value =
            yaml_serde::from_str(AUTOGRADE).expect("the workflow is YAML");
        let runs: Vec<&str> = workflow["jobs"]
            .as_mapping()
            .expect("jobs")
            .values()
            .flat_map(|job| job["steps"].as_sequence().expect("steps"))
            .filter_map(|step| step["run"].as_str())
            .flat_map(str::lines)
            .collect();
        let course: Vec<&str> = runs
            .iter()
            .filter_map(|line| line.trim().strip_prefix("cargo course"))
            .collect();
        assert!(
            !course.is_empty(),
            "the workflow grades with cargo course: {runs:?}"
        );
        for args in course {
            let words = std::iter::once("course").chain(args.split_whitespace());
            if let Err(error) = crate::Cli::try_parse_from(words) {
                panic!("`cargo course{args}` is not a course command: {error}");
            }
        }
        assert!(
            AUTOGRADE.contains("grades/junit/*.xml") && AUTOGRADE.contains("grades/summary.md"),
            "the workflow publishes what `grade --out grades` writes (see gradebook.rs)"
        );
    }

    #[test]
    fn the_workspace_loses_the_answers_members_only() {
        let manifest = "[workspace]\nmembers = [\n    \"course\",\n    \"lessons/lesson-1-routing\",\n    \"solutions/lesson-1-routing\",\n    \"capstone\",\n    \"bench\",\n]\n";
        assert_eq!(
            without_answer_members(manifest),
            "[workspace]\nmembers = [\n    \"course\",\n    \"lessons/lesson-1-routing\",\n]\n"
        );
    }

    #[test]
    fn the_course_tool_loses_its_dev_dependencies_on_answers_with_their_comments() {
        let manifest = "[dev-dependencies]\naxum.workspace = true\n# The capstone's layers.\ncapstone = { path = \"../capstone\" }\nroxmltree.workspace = true\nsolution-2 = { path = \"../solutions/lesson-2-middleware\" }\n";
        assert_eq!(
            without_answer_dev_dependencies(manifest),
            "[dev-dependencies]\naxum.workspace = true\nroxmltree.workspace = true\n"
        );
    }

    #[test]
    fn the_last_hint_is_replaced_and_the_others_kept() {
        let text = "[[lesson]]\nnumber = 1\n[[lesson.exercise]]\nid = \"1.1\"\nhints = [\"ask\", \"the answer\"]\n";
        let edited: toml::Table =
            toml::from_str(&without_last_hints(text).expect("edits")).expect("still TOML");
        assert_eq!(
            edited["lesson"][0]["exercise"][0]["hints"],
            toml::Value::Array(vec!["ask".into(), LAST_HINT.into()])
        );
    }

    #[test]
    fn the_note_comes_before_the_first_section() {
        let readme = with_edition_note("# Title\n\nIntro.\n\n## Start here\n");
        assert!(
            readme.starts_with("# Title\n\nIntro.\n\n> **The learner edition.**"),
            "{readme}"
        );
        assert!(readme.ends_with("## Start here\n"), "{readme}");
    }
}
