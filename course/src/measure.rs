//! How far a learner is: each lesson's exercises, measured by running their tests.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use crate::catalog::{Catalog, Exercise, Lesson};
use crate::runner::{TestRun, run_exercise_tests};

pub struct LessonProgress<'a> {
    pub lesson: &'a Lesson,
    pub state: LessonState<'a>,
}

pub enum LessonState<'a> {
    /// Not written yet.
    Coming,
    /// The starter does not compile: the compiler's errors.
    BuildFailed(String),
    Measured(Vec<ExerciseProgress<'a>>),
}

pub struct ExerciseProgress<'a> {
    pub exercise: &'a Exercise,
    pub passed: Vec<String>,
    pub failed: Vec<String>,
}

impl ExerciseProgress<'_> {
    /// Done when it has tests and every one of them passes.
    pub fn is_done(&self) -> bool {
        !self.passed.is_empty() && self.failed.is_empty()
    }
}

impl LessonProgress<'_> {
    /// (done, total) exercises; a lesson that does not compile has none done.
    pub fn counts(&self) -> (usize, usize) {
        let total = self.lesson.exercises.len();
        match &self.state {
            LessonState::Measured(exercises) => {
                (exercises.iter().filter(|e| e.is_done()).count(), total)
            }
            _ => (0, total),
        }
    }

    /// The first exercise that is not done, in course order.
    pub fn next(&self) -> Option<&Exercise> {
        match &self.state {
            LessonState::Coming => None,
            LessonState::BuildFailed(_) => self.lesson.exercises.first(),
            LessonState::Measured(exercises) => {
                exercises.iter().find(|e| !e.is_done()).map(|e| e.exercise)
            }
        }
    }
}

/// Runs the exercise tests of `package` (a lesson's starter or solution) and sorts the results by
/// exercise.
pub fn measure_lesson<'a>(
    root: &Path,
    lesson: &'a Lesson,
    package: &str,
) -> anyhow::Result<LessonProgress<'a>> {
    if lesson.is_coming() {
        return Ok(LessonProgress {
            lesson,
            state: LessonState::Coming,
        });
    }
    Ok(sort_results(lesson, run_exercise_tests(root, package)?))
}

/// Sorts a test run's results by exercise.
pub fn sort_results(lesson: &Lesson, run: TestRun) -> LessonProgress<'_> {
    let state = match run {
        TestRun::BuildFailed(errors) => LessonState::BuildFailed(errors),
        TestRun::Ran(results) => LessonState::Measured(
            lesson
                .exercises
                .iter()
                .map(|exercise| {
                    let (passed, failed) = results
                        .iter()
                        .filter(|(name, _)| exercise.owns_test(name))
                        .partition::<Vec<_>, _>(|(_, ok)| **ok);
                    ExerciseProgress {
                        exercise,
                        passed: passed.into_iter().map(|(name, _)| name.clone()).collect(),
                        failed: failed.into_iter().map(|(name, _)| name.clone()).collect(),
                    }
                })
                .collect(),
        ),
    };
    LessonProgress { lesson, state }
}

/// Like [`measure_lesson`] on the learner's starter, but remembers the results under
/// `target/course/` with a fingerprint of everything they depend on, and answers from there while
/// nothing changed: `cargo course` is then instant.
pub fn measure_lesson_cached<'a>(
    root: &Path,
    lesson: &'a Lesson,
) -> anyhow::Result<LessonProgress<'a>> {
    if lesson.is_coming() {
        return Ok(LessonProgress {
            lesson,
            state: LessonState::Coming,
        });
    }
    let cache = root
        .join("target")
        .join("course")
        .join(format!("progress-lesson-{}.txt", lesson.number));
    let fingerprint = fingerprint(root, lesson);
    if let Some(results) = read_cache(&cache, fingerprint) {
        return Ok(sort_results(lesson, TestRun::Ran(results)));
    }
    // The first run compiles the lesson, which takes minutes: say what is going on meanwhile.
    eprint!(
        "  Lesson {}: compiling and running its exercise tests… ",
        lesson.number
    );
    let started = std::time::Instant::now();
    let run = run_exercise_tests(root, &lesson.package())?;
    eprintln!("{} s", started.elapsed().as_secs());
    if let TestRun::Ran(results) = &run {
        write_cache(&cache, fingerprint, results);
    }
    Ok(sort_results(lesson, run))
}

/// A hash of the files a lesson's test results depend on: the learner's starter, the tests, the
/// solutions it builds on (and the capstone, whose tests Lesson 5 compiles), the catalog and the
/// lock file.
fn fingerprint(root: &Path, lesson: &Lesson) -> u64 {
    let mut hasher = DefaultHasher::new();
    let inputs = [
        lesson.starter_dir(root),
        root.join("exercises-tests"),
        root.join("solutions"),
        lesson.solution_dir(root),
        root.join("course.toml"),
        root.join("Cargo.lock"),
    ];
    for input in inputs {
        let files = if input.is_file() {
            vec![input.clone()]
        } else {
            crate::files::under(&input, &|path| path.ends_with("target"))
                .unwrap_or_default()
                .into_iter()
                .map(|relative| input.join(relative))
                .collect()
        };
        for file in files {
            file.hash(&mut hasher);
            std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
        }
    }
    hasher.finish()
}

fn read_cache(path: &Path, fingerprint: u64) -> Option<BTreeMap<String, bool>> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != fingerprint.to_string() {
        return None;
    }
    lines
        .map(|line| match line.split_once(' ') {
            Some(("ok", name)) => Some((name.to_owned(), true)),
            Some(("failed", name)) => Some((name.to_owned(), false)),
            _ => None,
        })
        .collect()
}

/// Best effort: a cache that cannot be written only makes the next answer slower.
fn write_cache(path: &Path, fingerprint: u64, results: &BTreeMap<String, bool>) {
    let mut text = format!("{fingerprint}\n");
    for (name, passed) in results {
        text.push_str(if *passed { "ok " } else { "failed " });
        text.push_str(name);
        text.push('\n');
    }
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(path, text);
}

/// Every lesson's starter, as the learner has left it.
pub fn measure_course<'a>(
    root: &Path,
    catalog: &'a Catalog,
) -> anyhow::Result<Vec<LessonProgress<'a>>> {
    catalog
        .lessons
        .iter()
        .map(|lesson| measure_lesson_cached(root, lesson))
        .collect()
}
