//! `maintain loop-timing`: the learner's loop, timed. For each lesson (or one), in this checkout:
//! the lesson's tests are built once, then, a few times over, a line is added inside an exercise's
//! region (as a learner's edit would be) and the exercise's test command as `cargo course` gives it
//! (`cargo test -p lesson-N exN_MM`) is timed from the edit to its last test's result; the file is put back each time, whatever happens. Prints the
//! median of each lesson: a benchmark that prints figures, not a timed test.
//!
//! The course's goal on the 2-core machine: at most 5 s in Lessons 1 to 4, 8 s in Lessons 5 and 6.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use course::{Catalog, Lesson};

/// Edits timed per lesson; the median is printed.
const ROUNDS: usize = 3;

pub fn loop_timing(root: &Path, catalog: &Catalog, only: Option<&str>) -> anyhow::Result<()> {
    let lessons: Vec<&Lesson> = match only {
        Some(text) => vec![super::lesson(catalog, text)?],
        None => catalog.lessons.iter().filter(|l| !l.is_coming()).collect(),
    };
    println!("lesson  exercise  after an edit (median of {ROUNDS})  each");
    for lesson in lessons {
        // The lesson's last exercise: its tests build on the most code of the lesson.
        let exercise = lesson.exercises.last().context("a lesson with exercises")?;
        let file = lesson.starter_dir(root).join(&exercise.files[0]);
        let test = |label: &str| -> anyhow::Result<Duration> {
            let started = Instant::now();
            let output = super::first_minutes::cargo(root, &lesson.test_args(exercise))
                .output()
                .context("cannot run cargo")?;
            let took = started.elapsed();
            // Red is expected (the exercise is not solved); a build that fails is not a loop.
            let stderr = String::from_utf8_lossy(&output.stderr);
            if stderr.contains("error: could not compile") {
                anyhow::bail!(
                    "lesson {} does not compile ({label}):\n{stderr}",
                    lesson.number
                );
            }
            Ok(took)
        };
        test("warming up")?;
        let mut times = Vec::new();
        for round in 0..ROUNDS {
            let edit = Edit::inside_first_region(&file, &exercise.id, round)?;
            let took = test("after an edit");
            drop(edit);
            times.push(took?);
        }
        let each: Vec<String> = times
            .iter()
            .map(|time| format!("{:.1}", time.as_secs_f64()))
            .collect();
        times.sort();
        println!(
            "{:>6}  {:<8}  {:>5.1} s                        {}",
            lesson.number,
            exercise.id,
            times[ROUNDS / 2].as_secs_f64(),
            each.join(" ")
        );
    }
    Ok(())
}

/// A comment line added after the first `BEGIN EXERCISE` marker of an exercise: a change the
/// compiler must see. Dropped, the file is put back as it was.
struct Edit {
    file: PathBuf,
    original: String,
}

impl Edit {
    fn inside_first_region(file: &Path, id: &str, round: usize) -> anyhow::Result<Self> {
        let original = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let marker = format!("BEGIN EXERCISE {id}");
        let at = original
            .find(&marker)
            .and_then(|start| original[start..].find('\n').map(|end| start + end + 1))
            .with_context(|| format!("{} has no region of {id}", file.display()))?;
        let edited = format!(
            "{}// loop-timing edit {round}\n{}",
            &original[..at],
            &original[at..]
        );
        std::fs::write(file, edited)?;
        Ok(Self {
            file: file.to_owned(),
            original,
        })
    }
}

impl Drop for Edit {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.file, &self.original);
    }
}
