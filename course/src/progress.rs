//! How far a learner is: each lesson's exercises, measured by running their tests.

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
    let state = match run_exercise_tests(root, package)? {
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
    Ok(LessonProgress { lesson, state })
}

/// Every lesson's starter, as the learner has left it.
pub fn measure_course<'a>(
    root: &Path,
    catalog: &'a Catalog,
) -> anyhow::Result<Vec<LessonProgress<'a>>> {
    catalog
        .lessons
        .iter()
        .map(|lesson| measure_lesson(root, lesson, &lesson.package()))
        .collect()
}
