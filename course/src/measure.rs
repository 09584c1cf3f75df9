//! How far a learner is: each lesson's exercises, measured by running their tests.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use crate::catalog::{Catalog, Exercise, Lesson};
use crate::runner::{TestRun, run_as_learner, run_exercise_tests};
pub use crate::starter::Regions;

pub struct LessonProgress<'a> {
    pub lesson: &'a Lesson,
    pub state: LessonState<'a>,
    /// How each exercise's regions stand, in the lesson's order (read from the files, whatever
    /// the state).
    pub regions: Vec<Regions>,
}

pub enum LessonState<'a> {
    /// Not written yet.
    Coming,
    /// Every exercise region as shipped: by the exercise contract (checked in CI on a fresh
    /// clone) each exercise test fails, so nothing is compiled to know it.
    NotBegun,
    /// Every exercise holds the reference answer `cargo course skip` put in: done, without a build
    /// (CI proves on every change that the reference answers pass), so that a learner who skips
    /// lessons to start further on does not wait for the skipped lessons' tests.
    Skipped,
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

impl<'a> LessonProgress<'a> {
    /// A lesson in `state`, with its regions read from `root`'s starter.
    pub fn new(root: &Path, lesson: &'a Lesson, state: LessonState<'a>) -> Self {
        let regions = lesson
            .exercises
            .iter()
            .map(|exercise| Regions::of(root, lesson, exercise))
            .collect();
        Self {
            lesson,
            state,
            regions,
        }
    }

    /// (done, total) exercises; a lesson that does not compile has none done.
    pub fn counts(&self) -> (usize, usize) {
        let total = self.lesson.exercises.len();
        match &self.state {
            LessonState::Measured(exercises) => {
                (exercises.iter().filter(|e| e.is_done()).count(), total)
            }
            LessonState::Skipped => (total, total),
            _ => (0, total),
        }
    }

    /// How many of the done exercises hold the reference answer (`cargo course skip`).
    pub fn skipped(&self) -> usize {
        self.exercises()
            .iter()
            .zip(&self.regions)
            .filter(|((_, done, _), regions)| *done && **regions == Regions::Skipped)
            .count()
    }

    /// Each exercise of the lesson in course order, with whether it is done and whether the
    /// learner has worked on it: its regions hold the learner's code (not as shipped, and not the
    /// reference answer `skip` put in), or it is done by the learner's hand. An exercise skipped
    /// out of order says nothing of where the learner is.
    pub fn exercises(&self) -> Vec<(&'a Exercise, bool, bool)> {
        let done: Vec<bool> = match &self.state {
            LessonState::Coming => return Vec::new(),
            LessonState::Measured(exercises) => exercises.iter().map(|e| e.is_done()).collect(),
            LessonState::Skipped => vec![true; self.lesson.exercises.len()],
            LessonState::NotBegun | LessonState::BuildFailed(_) => {
                vec![false; self.lesson.exercises.len()]
            }
        };
        self.lesson
            .exercises
            .iter()
            .zip(done)
            .zip(&self.regions)
            .map(|((exercise, done), regions)| {
                let own = match regions {
                    Regions::Begun => true,
                    Regions::Shipped => done,
                    Regions::Skipped => false,
                };
                (exercise, done, own)
            })
            .collect()
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
        return Ok(LessonProgress::new(root, lesson, LessonState::Coming));
    }
    Ok(sort_results(
        root,
        lesson,
        run_exercise_tests(root, package)?,
    ))
}

/// Sorts a test run's results by exercise.
pub fn sort_results<'a>(root: &Path, lesson: &'a Lesson, run: TestRun) -> LessonProgress<'a> {
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
    LessonProgress::new(root, lesson, state)
}

/// Like [`measure_lesson`] on the learner's starter, but remembers the results under
/// `target/course/` with a fingerprint of everything they depend on, and answers from there while
/// nothing changed: `cargo course` is then instant.
pub fn measure_lesson_cached<'a>(
    root: &Path,
    catalog: &Catalog,
    lesson: &'a Lesson,
) -> anyhow::Result<LessonProgress<'a>> {
    if lesson.is_coming() {
        return Ok(LessonProgress::new(root, lesson, LessonState::Coming));
    }
    let cache = root
        .join("target")
        .join("course")
        .join(format!("progress-lesson-{}.txt", lesson.number));
    let fingerprint = fingerprint(root, catalog, lesson);
    if let Some(results) = read_cache(&cache, fingerprint) {
        return Ok(sort_results(root, lesson, TestRun::Ran(results)));
    }
    // Say what is going on meanwhile: the first run compiles the lesson and what it depends on,
    // which takes a minute or two; later runs, only what changed.
    let first = if cache.exists() {
        ""
    } else {
        " (the first time compiles it, a minute or two)"
    };
    eprint!(
        "  Lesson {}: running its exercise tests{first}… ",
        lesson.number
    );
    let started = std::time::Instant::now();
    let run = run_as_learner(root, lesson)?;
    eprintln!("{} s", started.elapsed().as_secs());
    if let TestRun::Ran(results) = &run {
        write_cache(&cache, fingerprint, results);
    }
    Ok(sort_results(root, lesson, run))
}

/// A hash of the files a lesson's test results depend on: the learner's starter and those of the
/// lessons it builds on, the tests, the solutions and the capstone (Lesson 5 compiles its tests,
/// Lesson 6 builds on it), the catalog and the lock file.
fn fingerprint(root: &Path, catalog: &Catalog, lesson: &Lesson) -> u64 {
    let mut hasher = DefaultHasher::new();
    let mut inputs = vec![lesson.starter_dir(root)];
    inputs.extend(
        catalog
            .built_on(lesson)
            .into_iter()
            .map(|earlier| earlier.starter_dir(root)),
    );
    inputs.extend([
        root.join("exercises-tests"),
        root.join("solutions"),
        root.join("capstone"),
        root.join("course.toml"),
        root.join("Cargo.lock"),
    ]);
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

/// Every lesson's starter, as the learner has left it, compiling no more than it must: a lesson
/// none of whose exercises is begun is [`LessonState::NotBegun`] without a build, a begun one is
/// measured (or read from the cache), and so is the lesson of the next exercise, so that the
/// learner's first `cargo test` of it finds it built. With `all`, every lesson is measured.
pub fn measure_course<'a>(
    root: &Path,
    catalog: &'a Catalog,
    all: bool,
    route: Route,
) -> anyhow::Result<Vec<LessonProgress<'a>>> {
    let mut progress = Vec::new();
    for lesson in &catalog.lessons {
        let begun = all
            || lesson.is_coming()
            || crate::starter::differs_from_shipped(root, lesson).unwrap_or(true);
        progress.push(if !begun {
            LessonProgress::new(root, lesson, LessonState::NotBegun)
        } else {
            // A lesson skipped whole has been begun (its regions are not as shipped): only then
            // are its regions read to know it.
            let skipped = LessonProgress::new(root, lesson, LessonState::Skipped);
            let all_skipped = skipped
                .regions
                .iter()
                .all(|regions| *regions == Regions::Skipped);
            if !all && !lesson.is_coming() && all_skipped {
                skipped
            } else {
                measure_lesson_cached(root, catalog, lesson)?
            }
        });
    }
    if let Some(at) = next_exercise(&progress, route).map(|(at, _)| at)
        && matches!(progress[at].state, LessonState::NotBegun)
    {
        progress[at] = measure_lesson_cached(root, catalog, progress[at].lesson)?;
    }
    Ok(progress)
}

/// The next exercise, as (index of its lesson in `progress`, exercise): the first one not done
/// in course order, counted from the last exercise the learner has worked on, so that a learner who
/// moved on is sent forward and one who finished the last lesson is sent back to what is left;
/// on a fresh clone, the first exercise. `None` when every exercise is done.
pub fn next_exercise<'a>(
    progress: &[LessonProgress<'a>],
    route: Route,
) -> Option<(usize, &'a Exercise)> {
    let order: Vec<(usize, &'a Exercise, bool, bool)> = progress
        .iter()
        .enumerate()
        .flat_map(|(at, lesson)| {
            lesson
                .exercises()
                .into_iter()
                .map(move |(exercise, done, begun)| (at, exercise, done, begun))
        })
        .collect();
    let from = order
        .iter()
        .rposition(|&(_, _, _, begun)| begun)
        .unwrap_or(0);
    order[from..]
        .iter()
        .chain(&order[..from])
        .find(|&&(_, exercise, done, _)| !done && route.includes(exercise))
        .map(|&(at, exercise, _, _)| (at, exercise))
}

/// The exercises `cargo course` leads through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Every exercise, in course order.
    Whole,
    /// Only those marked `fast = true` in `course.toml`: each lesson's new ideas.
    Fast,
}

impl Route {
    pub fn includes(self, exercise: &Exercise) -> bool {
        self == Route::Whole || exercise.fast
    }
}

/// On the fast track, the exercises off it that come before `next` in course order and are not
/// done: later exercises may build on their code, so they want the reference answers
/// (`cargo course skip`).
pub fn off_the_track_before<'a>(
    progress: &[LessonProgress<'a>],
    next: &Exercise,
) -> Vec<&'a Exercise> {
    progress
        .iter()
        .flat_map(|lesson| lesson.exercises())
        .take_while(|(exercise, _, _)| exercise.id != next.id)
        .filter(|(exercise, done, _)| !done && !exercise.fast)
        .map(|(exercise, _, _)| exercise)
        .collect()
}
