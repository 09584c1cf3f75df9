//! `diff` and `grade`: a learner's work beside the reference, and a class's results.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use course::measure::{LessonState, sort_results};
use course::runner;
use course::{Catalog, Lesson};
use serde::Serialize;
use similar::TextDiff;

use course::starter::bodies;

use super::Target;

pub fn diff(root: &Path, catalog: &Catalog, target: &str, learner: &Path) -> anyhow::Result<()> {
    let target = Target::parse(catalog, target)?;
    let lesson = target.lesson();
    let learner_dir = checkout(learner)?.join("lessons").join(&lesson.dir);
    let solution_dir = lesson.solution_dir(root);
    for exercise in target.exercises() {
        println!("== exercise {} ({})", exercise.id, exercise.title);
        for file in &exercise.files {
            let theirs = bodies(&learner_dir, file, exercise)?;
            let ours = bodies(&solution_dir, file, exercise)?;
            if theirs == ours {
                println!("   {}: the same as the solution", file.display());
                continue;
            }
            let (theirs, ours) = (theirs.concat(), ours.concat());
            let diff = TextDiff::from_lines(&theirs, &ours);
            let learner_name = format!("learner/{}", file.display());
            let solution_name = format!("solution/{}", file.display());
            print!(
                "{}",
                diff.unified_diff()
                    .context_radius(3)
                    .header(&learner_name, &solution_name)
            );
        }
    }
    Ok(())
}

/// A course checkout: a folder with `course.toml` and `lessons/`.
fn checkout(path: &Path) -> anyhow::Result<PathBuf> {
    if !path.join("course.toml").is_file() || !path.join("lessons").is_dir() {
        bail!(
            "{} is not a course checkout (no course.toml and lessons/ in it)",
            path.display()
        );
    }
    Ok(path.to_path_buf())
}

#[derive(Debug, Serialize)]
struct Row {
    exercise: String,
    title: String,
    passed: bool,
    failing_tests: Vec<String>,
}

/// Grades the learner's `lessons/` with the reference tests: their lessons are copied into a
/// copy of this checkout, so tests a learner edited do not count. Builds share
/// `target/grade-build`, so grading a class compiles the dependencies once.
pub fn grade(
    root: &Path,
    catalog: &Catalog,
    learner: &Path,
    out: &Path,
    only: Option<&str>,
) -> anyhow::Result<()> {
    let learner = checkout(learner)?;
    let lessons: Vec<&Lesson> = match only {
        None => catalog
            .lessons
            .iter()
            .filter(|lesson| !lesson.is_coming())
            .collect(),
        Some(text) => match Target::parse(catalog, text)? {
            Target::Lesson(lesson) => vec![lesson],
            Target::Exercise(..) => bail!("--lesson takes a lesson number, not an exercise id"),
        },
    };
    let name = learner
        .canonicalize()?
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("learner")
        .to_owned();
    let work = root.join("target").join("grade").join(&name);
    let _ = std::fs::remove_dir_all(&work);
    course::files::copy(root, &work, &|path| {
        ["target", ".git", "lessons"]
            .iter()
            .any(|skip| path == Path::new(skip))
    })?;
    course::files::copy(&learner.join("lessons"), &work.join("lessons"), &|path| {
        path.file_name() == Some("target".as_ref())
    })?;
    // The code is the learner's; what runs it is not. A lesson's manifest names its test files and
    // its build script prepares its database: both come from this checkout, so that a manifest
    // pointed at tests of the learner's own cannot grade itself.
    for lesson in catalog.lessons.iter().filter(|lesson| !lesson.is_coming()) {
        let (ours, theirs) = (lesson.starter_dir(root), lesson.starter_dir(&work));
        for file in ["Cargo.toml", "build.rs"] {
            if ours.join(file).exists() && theirs.is_dir() {
                std::fs::copy(ours.join(file), theirs.join(file))
                    .with_context(|| format!("cannot restore {}", theirs.join(file).display()))?;
            }
        }
    }
    let database = local_postgres::server_url().ok();
    let build = root.join("target").join("grade-build");
    let mut rows = Vec::new();
    for lesson in lessons {
        eprintln!("Grading lesson {}…", lesson.number);
        // Each lesson is graded on its own: the lessons it builds on take the reference answers
        // (they were graded already), so a mistake in Lesson 1 costs marks once, not again in 2.
        course::starter::solve_lessons(&work, catalog.built_on(lesson))?;
        let run = runner::run_in(&work, &lesson.package(), Some(&build), database.as_deref())?;
        rows.extend(lesson_rows(lesson, sort_results(&work, lesson, run).state));
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let markdown = markdown(&name, &rows);
    let (md_path, json_path) = (
        out.join(format!("grade-{name}.md")),
        out.join(format!("grade-{name}.json")),
    );
    std::fs::write(&md_path, &markdown)?;
    std::fs::write(
        &json_path,
        serde_json::to_string_pretty(&serde_json::json!({ "learner": name, "exercises": rows }))?,
    )?;
    print!("{markdown}");
    eprintln!(
        "\nWritten to {} and {}",
        md_path.display(),
        json_path.display()
    );
    Ok(())
}

fn lesson_rows(lesson: &Lesson, state: LessonState) -> Vec<Row> {
    match state {
        LessonState::Measured(exercises) => exercises
            .into_iter()
            .map(|progress| Row {
                exercise: progress.exercise.id.clone(),
                title: progress.exercise.title.clone(),
                passed: progress.is_done(),
                failing_tests: progress.failed,
            })
            .collect(),
        _ => lesson
            .exercises
            .iter()
            .map(|exercise| Row {
                exercise: exercise.id.clone(),
                title: exercise.title.clone(),
                passed: false,
                failing_tests: vec![format!("(lesson {} does not compile)", lesson.number)],
            })
            .collect(),
    }
}

fn markdown(name: &str, rows: &[Row]) -> String {
    let passed = rows.iter().filter(|row| row.passed).count();
    let mut text = format!("# {name}: {passed}/{} exercises pass\n\n", rows.len());
    text.push_str("| exercise | title | result | failing tests |\n|---|---|---|---|\n");
    for row in rows {
        let result = if row.passed { "pass" } else { "fail" };
        let failing: Vec<&str> = row
            .failing_tests
            .iter()
            .map(|test| test.rsplit("::").next().unwrap_or(test))
            .collect();
        text.push_str(&format!(
            "| {} | {} | {result} | {} |\n",
            row.exercise,
            row.title,
            failing.join(", ")
        ));
    }
    text
}
