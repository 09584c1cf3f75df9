//! The subcommands of `cargo course`, one module per group.

pub mod bench;
pub mod book;
pub mod conformance;
pub mod db;
pub mod edition;
pub mod first_minutes;
pub mod grade;
pub mod gradebook;
pub mod instructor;
pub mod loop_timing;
pub mod mutants;
pub mod order;
pub mod reset;
pub mod round_robin;
pub mod serve;
pub mod starter;
pub mod status;
pub mod watch;
pub mod watch_page;

use course::{Catalog, Exercise, Lesson};

/// What `ID|N` names: one exercise, or every exercise of a lesson.
pub enum Target<'a> {
    Exercise(&'a Lesson, &'a Exercise),
    Lesson(&'a Lesson),
}

/// The lesson a command line names, as `4` or `lesson-4`: the one way lesson numbers are read.
pub fn lesson<'a>(catalog: &'a Catalog, text: &str) -> anyhow::Result<&'a Lesson> {
    text.trim_start_matches("lesson-")
        .parse()
        .ok()
        .and_then(|number| catalog.lesson(number))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "there is no lesson {text}; lessons are numbered 1 to {}",
                catalog.lessons.len()
            )
        })
}

impl<'a> Target<'a> {
    pub fn parse(catalog: &'a Catalog, text: &str) -> anyhow::Result<Self> {
        if text.contains('.') {
            let (lesson, exercise) = catalog.exercise(text).ok_or_else(|| {
                anyhow::anyhow!("there is no exercise {text}; `cargo course list` shows them")
            })?;
            return Ok(Self::Exercise(lesson, exercise));
        }
        let lesson = lesson(catalog, text).map_err(|_| {
            anyhow::anyhow!(
                "`{text}` names no exercise or lesson; use an exercise id like 1.3 or a lesson number from 1 to {}",
                catalog.lessons.len()
            )
        })?;
        if lesson.is_coming() {
            anyhow::bail!("lesson {} has no exercises yet", lesson.number);
        }
        Ok(Self::Lesson(lesson))
    }

    pub fn lesson(&self) -> &'a Lesson {
        match self {
            Self::Exercise(lesson, _) | Self::Lesson(lesson) => lesson,
        }
    }

    pub fn exercises(&self) -> Vec<&'a Exercise> {
        match self {
            Self::Exercise(_, exercise) => vec![exercise],
            Self::Lesson(lesson) => lesson.exercises.iter().collect(),
        }
    }
}
