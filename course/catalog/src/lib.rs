//! The course's lessons and exercises, read from `course.toml` at the repository root: the one
//! place that describes them, for `cargo course`, the exercise tests' failure messages and the
//! repository's checks. A crate of its own so that the lessons' tests depend on nothing heavier.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

/// `course.toml` as compiled into this crate, for code that runs outside a checkout's root (the
/// exercise tests' failure messages).
pub const EMBEDDED: &str = include_str!("../../../course.toml");

#[derive(Debug, Deserialize)]
pub struct Catalog {
    #[serde(rename = "lesson")]
    pub lessons: Vec<Lesson>,
}

#[derive(Debug, Deserialize)]
pub struct Lesson {
    pub number: u32,
    pub title: String,
    /// The folder name under `lessons/` and `solutions/`.
    pub dir: String,
    /// The lesson's chapter under `mdbook/src/`.
    pub chapter: String,
    /// Where the solution lives, when it is not `solutions/<dir>` (package `solution-N`): Lesson
    /// 5's solution is the capstone itself.
    #[serde(default)]
    pub solution: Option<Solution>,
    /// The earlier lessons whose crates this lesson's crate depends on: the learner's own
    /// (`lessons/`), never a solution, so that go-to-definition from a later lesson opens the
    /// learner's code and not the answers. Their unfinished exercises make some of this lesson's
    /// tests fail; `cargo course` says so, and `cargo course skip` fills them in.
    #[serde(default)]
    pub builds_on: Vec<u32>,
    /// How to see the lesson's work run, shown with its next exercise by `cargo course`.
    #[serde(default, rename = "try")]
    pub try_it: Option<String>,
    #[serde(default, rename = "exercise")]
    pub exercises: Vec<Exercise>,
}

#[derive(Debug, Deserialize)]
pub struct Solution {
    /// Relative to the repository root.
    pub dir: PathBuf,
    pub package: String,
}

#[derive(Debug, Deserialize)]
pub struct Exercise {
    /// `"1.3"`: lesson, then position in the lesson.
    pub id: String,
    pub title: String,
    /// From a nudge to the near-answer, revealed one at a time by `cargo course hint`.
    pub hints: Vec<String>,
    /// Relative to the lesson's folder.
    pub files: Vec<PathBuf>,
    /// On the fast track (`cargo course --fast`): one of the exercises that carry their lesson's
    /// new idea, for a developer who knows Rust web already. About a third of the course.
    #[serde(default)]
    pub fast: bool,
}

impl Catalog {
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let catalog: Self = toml::from_str(text).context("course.toml is not valid")?;
        catalog.check()?;
        Ok(catalog)
    }

    pub fn embedded() -> Self {
        Self::parse(EMBEDDED).expect("course.toml was checked when this crate's tests ran")
    }

    pub fn load(root: &Path) -> anyhow::Result<Self> {
        let path = root.join("course.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Self::parse(&text)
    }

    pub fn exercises(&self) -> impl Iterator<Item = (&Lesson, &Exercise)> {
        self.lessons
            .iter()
            .flat_map(|lesson| lesson.exercises.iter().map(move |ex| (lesson, ex)))
    }

    pub fn exercise(&self, id: &str) -> Option<(&Lesson, &Exercise)> {
        self.exercises().find(|(_, ex)| ex.id == id)
    }

    pub fn lesson(&self, number: u32) -> Option<&Lesson> {
        self.lessons.iter().find(|lesson| lesson.number == number)
    }

    /// The lessons `lesson` builds on, directly or through another, in course order.
    pub fn built_on(&self, lesson: &Lesson) -> Vec<&Lesson> {
        let mut numbers = std::collections::BTreeSet::new();
        let mut next = lesson.builds_on.clone();
        while let Some(number) = next.pop() {
            if numbers.insert(number)
                && let Some(earlier) = self.lessons.iter().find(|l| l.number == number)
            {
                next.extend(&earlier.builds_on);
            }
        }
        self.lessons
            .iter()
            .filter(|l| numbers.contains(&l.number))
            .collect()
    }

    /// Lessons numbered 1, 2, … in order; exercise ids `N.1`, `N.2`, … in order within lesson N.
    fn check(&self) -> anyhow::Result<()> {
        for (index, lesson) in self.lessons.iter().enumerate() {
            if lesson.number as usize != index + 1 {
                bail!(
                    "lesson {} is listed at position {}",
                    lesson.number,
                    index + 1
                );
            }
            if let Some(later) = lesson.builds_on.iter().find(|n| **n >= lesson.number) {
                bail!(
                    "lesson {} cannot build on lesson {later}: only on earlier ones",
                    lesson.number
                );
            }
            if !lesson.exercises.is_empty() && !lesson.exercises.iter().any(|ex| ex.fast) {
                bail!(
                    "lesson {} has no exercise on the fast track (`fast = true`)",
                    lesson.number
                );
            }
            for (position, exercise) in lesson.exercises.iter().enumerate() {
                let expected = format!("{}.{}", lesson.number, position + 1);
                if exercise.id != expected {
                    bail!(
                        "exercise {} is listed where {expected} belongs",
                        exercise.id
                    );
                }
                if exercise.files.is_empty() {
                    bail!("exercise {} needs at least one file", exercise.id);
                }
                if exercise.hints.len() < 2 || exercise.hints.iter().any(|h| h.trim().is_empty()) {
                    bail!(
                        "exercise {} needs hints in levels: at least a nudge and a near-answer",
                        exercise.id
                    );
                }
            }
        }
        Ok(())
    }
}

impl Lesson {
    /// The cargo package of the starter a learner edits.
    pub fn package(&self) -> String {
        format!("lesson-{}", self.number)
    }

    pub fn solution_package(&self) -> String {
        match &self.solution {
            Some(solution) => solution.package.clone(),
            None => format!("solution-{}", self.number),
        }
    }

    pub fn starter_dir(&self, root: &Path) -> PathBuf {
        root.join("lessons").join(&self.dir)
    }

    pub fn solution_dir(&self, root: &Path) -> PathBuf {
        match &self.solution {
            Some(solution) => root.join(&solution.dir),
            None => root.join("solutions").join(&self.dir),
        }
    }

    /// A lesson whose solution is a project of its own (the capstone) has a starter generated
    /// from it (`cargo course maintain generate-starter`), instead of a starter and a solution
    /// kept side by side in `lessons/` and `solutions/`.
    pub fn generates_starter(&self) -> bool {
        self.solution.is_some()
    }

    /// The test target a learner names to run only the exercise tests (`--test exercises`), when
    /// the lesson's crate has others: Lesson 5's also compiles the capstone's own tests, nine
    /// test binaries to link after every edit instead of one.
    pub fn exercise_test_target(&self) -> Option<&'static str> {
        self.generates_starter().then_some("exercises")
    }

    /// What follows `cargo` in the command that runs one exercise's tests, as a learner types it.
    pub fn test_args(&self, exercise: &Exercise) -> Vec<String> {
        let mut args = vec!["test".to_owned(), "-p".to_owned(), self.package()];
        if let Some(target) = self.exercise_test_target() {
            args.extend(["--test".to_owned(), target.to_owned()]);
        }
        args.push(exercise.key());
        args
    }

    /// That command, as `cargo course` shows it.
    pub fn test_command(&self, exercise: &Exercise) -> String {
        format!("cargo {}", self.test_args(exercise).join(" "))
    }

    /// A lesson is "coming" until its exercises are written.
    pub fn is_coming(&self) -> bool {
        self.exercises.is_empty()
    }
}

impl Exercise {
    /// `"1.3"` becomes `"ex1_03"`: the prefix of the exercise's test names and the anchor of its
    /// section in the book. Zero-padded so that `ex1_1` does not also select `ex1_10`.
    pub fn key(&self) -> String {
        let (lesson, number) = self.id.split_once('.').unwrap_or((&self.id, "0"));
        format!("ex{lesson}_{number:0>2}")
    }

    /// Whether a test function belongs to this exercise.
    pub fn owns_test(&self, test_name: &str) -> bool {
        let name = test_name.rsplit("::").next().unwrap_or(test_name);
        name.strip_prefix(&self.key())
            .is_some_and(|rest| rest.starts_with('_'))
    }

    /// The rendered book's page and anchor for this exercise's section, relative to the book's
    /// root: `lesson-1-routing.html#ex1_03`.
    pub fn book_page(&self, lesson: &Lesson) -> String {
        let page = lesson
            .chapter
            .strip_suffix(".md")
            .unwrap_or(&lesson.chapter);
        format!("{page}.html#{}", self.key())
    }
}
