//! `check-order`: the learner's path, proven. In a scratch copy of the checkout, the lesson's
//! exercise tests run on the starter as shipped (every test must fail), then the exercises are
//! solved one at a time in course order (each solution region copied into the starter), and after
//! each one the tests run again: the exercise just solved, and every one before it, must pass;
//! every one after it must still fail. An exercise that passes only once a later one is
//! solved would leave a learner stuck on work that is right; one that passes before it is solved
//! gives credit for nothing.
//!
//! The copy builds in `target/order-check/build`, never in the checkout's `target/`: cargo would
//! take artifacts built from solved files for fresh ones of the unsolved starter.

use std::path::Path;

use anyhow::bail;
use course::measure::{LessonState, sort_results};
use course::{Catalog, Lesson, runner};

use super::Target;

pub fn check_order(root: &Path, catalog: &Catalog, only: Option<&str>) -> anyhow::Result<()> {
    let lessons: Vec<&Lesson> = match only {
        Some(text) => vec![Target::parse(catalog, text)?.lesson()],
        None => catalog
            .lessons
            .iter()
            .filter(|lesson| !lesson.is_coming())
            .collect(),
    };
    // The path starts where a fresh clone does: every region as `starter.toml` ships it (which
    // is also what `cargo course reset` restores). A starter body changed without `starter.toml`
    // would ship one starter and reset to another.
    let begun: Vec<String> = lessons
        .iter()
        .filter_map(
            |lesson| match course::starter::differs_from_shipped(root, lesson) {
                Ok(false) => None,
                Ok(true) => Some(format!(
                    "{} holds other exercise bodies than {} ships",
                    lesson.starter_dir(root).display(),
                    course::starter::path(root, lesson).display()
                )),
                Err(error) => Some(format!("{error:#}")),
            },
        )
        .collect();
    if !begun.is_empty() {
        bail!(
            "check-order proves the course as shipped, and this checkout is not:\n{}\n(a learner's \
             work: `cargo course reset N --yes` puts a lesson back; a maintainer's change to a starter \
             body: update starter.toml with it)",
            begun.join("\n")
        );
    }
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
        // The lessons it builds on are finished before it begins (already, when all run in order).
        course::starter::solve_lessons(&work, catalog.built_on(lesson))?;
        for solved in 0..=lesson.exercises.len() {
            let shown = match solved.checked_sub(1) {
                None => "none solved: every test fails".to_owned(),
                Some(last) => {
                    let exercise = &lesson.exercises[last];
                    course::starter::solve(&work, lesson, exercise)?;
                    format!("{:5} {}", exercise.id, exercise.title)
                }
            };
            let run = runner::run_in(&work, &lesson.package(), Some(&build), database.as_deref())?;
            let found = judge(lesson, solved, sort_results(&work, lesson, run).state);
            let verdict = if found.is_empty() { "ok" } else { "FAIL" };
            println!("  {verdict:4} {shown}");
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

/// What is wrong once the first `solved` exercises are: each of those passes, and each after them
/// fails. On the starter as shipped (none solved), every single test fails: a test that passes
/// there gives credit for nothing.
fn judge(lesson: &Lesson, solved: usize, state: LessonState) -> Vec<String> {
    let exercises = match state {
        LessonState::Measured(exercises) => exercises,
        LessonState::BuildFailed(errors) => {
            let with = match solved.checked_sub(1) {
                None => "as shipped".to_owned(),
                Some(last) => format!("with exercises up to {} solved", lesson.exercises[last].id),
            };
            return vec![format!("the lesson does not compile {with}:\n{errors}")];
        }
        LessonState::Coming | LessonState::NotBegun | LessonState::Skipped => return Vec::new(),
    };
    let mut problems = Vec::new();
    for (index, progress) in exercises.iter().enumerate() {
        let id = &progress.exercise.id;
        if progress.passed.is_empty() && progress.failed.is_empty() {
            problems.push(format!("exercise {id} has no tests"));
        } else if index < solved && !progress.is_done() {
            problems.push(format!(
                "exercise {id} is solved and still fails: {}",
                short(&progress.failed)
            ));
        } else if index >= solved && solved == 0 && !progress.passed.is_empty() {
            problems.push(format!(
                "exercise {id} has tests that pass on the starter as shipped: {}",
                short(&progress.passed)
            ));
        } else if index >= solved && progress.failed.is_empty() {
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
