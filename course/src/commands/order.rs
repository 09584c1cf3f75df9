//! `check-order`: the learner's path, proven. In a scratch copy of the checkout, the exercises are
//! solved one at a time in course order (each solution region copied into the starter), and after
//! each one the lesson's exercise tests run: the exercise just solved, and every one before it,
//! must pass; every one after it must still fail. An exercise that passes only once a later one is
//! solved would leave a learner stuck on work that is right; one that passes before it is solved
//! gives credit for nothing.
//!
//! The copy builds in `target/order-check/build`, never in the checkout's `target/`: cargo would
//! take artifacts built from solved files for fresh ones of the unsolved starter.

use std::path::Path;

use anyhow::{Context, bail};
use course::measure::{LessonState, sort_results};
use course::regions::replace_bodies;
use course::{Catalog, Lesson, runner};

use super::{Target, bodies};

pub fn check_order(root: &Path, catalog: &Catalog, only: Option<&str>) -> anyhow::Result<()> {
    let lessons: Vec<&Lesson> = match only {
        Some(text) => vec![Target::parse(catalog, text)?.lesson()],
        None => catalog
            .lessons
            .iter()
            .filter(|lesson| !lesson.is_coming())
            .collect(),
    };
    let scratch = root.join("target").join("order-check");
    let work = scratch.join("checkout");
    let _ = std::fs::remove_dir_all(&work);
    course::files::copy(root, &work, &|path| {
        [".git", "target"]
            .iter()
            .any(|skip| path == Path::new(skip))
    })?;
    let build = scratch.join("build");
    let database = local_postgres::server_url().ok();

    let mut problems = Vec::new();
    for lesson in lessons {
        println!("\nLesson {}: {}", lesson.number, lesson.title);
        for (turn, exercise) in lesson.exercises.iter().enumerate() {
            solve(root, &work, lesson, turn)?;
            let run = runner::run_in(&work, &lesson.package(), Some(&build), database.as_deref())?;
            let found = judge(lesson, turn, sort_results(lesson, run).state);
            let verdict = if found.is_empty() { "ok" } else { "FAIL" };
            println!("  {verdict:4} {:5} {}", exercise.id, exercise.title);
            for problem in &found {
                println!("         {problem}");
            }
            problems.extend(found);
        }
    }
    if !problems.is_empty() {
        bail!(
            "{} problems on the learner's path (the scratch copy is in {})",
            problems.len(),
            work.display()
        );
    }
    println!("\nEvery exercise passes at its turn, and none before it.");
    Ok(())
}

/// Copies exercise `turn`'s solution regions into the scratch copy's starter.
fn solve(root: &Path, work: &Path, lesson: &Lesson, turn: usize) -> anyhow::Result<()> {
    let exercise = &lesson.exercises[turn];
    for file in &exercise.files {
        let solved = bodies(&lesson.solution_dir(root), file, exercise)?;
        let path = lesson.starter_dir(work).join(file);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let text = replace_bodies(&text, &exercise.id, &solved)
            .with_context(|| format!("{}", path.display()))?;
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// What is wrong after exercise `turn` (and all before it) was solved.
fn judge(lesson: &Lesson, turn: usize, state: LessonState) -> Vec<String> {
    let exercises = match state {
        LessonState::Measured(exercises) => exercises,
        LessonState::BuildFailed(errors) => {
            return vec![format!(
                "the lesson does not compile with exercises up to {} solved:\n{errors}",
                lesson.exercises[turn].id
            )];
        }
        LessonState::Coming => return Vec::new(),
    };
    let mut problems = Vec::new();
    for (index, progress) in exercises.iter().enumerate() {
        let id = &progress.exercise.id;
        if progress.passed.is_empty() && progress.failed.is_empty() {
            problems.push(format!("exercise {id} has no tests"));
        } else if index <= turn && !progress.is_done() {
            problems.push(format!(
                "exercise {id} is solved and still fails: {}",
                short(&progress.failed)
            ));
        } else if index > turn && progress.failed.is_empty() {
            problems.push(format!(
                "exercise {id} passes before it is solved: {}",
                short(&progress.passed)
            ));
        }
    }
    problems
}

fn short(tests: &[String]) -> String {
    tests
        .iter()
        .map(|test| test.rsplit("::").next().unwrap_or(test))
        .collect::<Vec<_>>()
        .join(", ")
}
