//! `cargo course`, `list`, `next`, `hint`: progress measured by running the tests (and cached
//! while nothing changes), and what to do next.

use std::path::Path;

use anyhow::bail;
use course::measure::{LessonProgress, LessonState, measure_course, measure_lesson_cached};
use course::{Catalog, Exercise, Lesson};

pub fn status(root: &Path, catalog: &Catalog) -> anyhow::Result<()> {
    let progress = measure(root, catalog)?;
    println!("\nAxum Web Services in Production\n");
    let width = title_width(catalog);
    for lesson in &progress {
        println!("  {}", lesson_line(lesson, width));
    }
    println!();
    print_next(&progress);
    Ok(())
}

pub fn list(root: &Path, catalog: &Catalog, lesson: Option<&str>) -> anyhow::Result<()> {
    let lessons: Vec<&Lesson> = match lesson {
        None => catalog.lessons.iter().collect(),
        Some(text) => vec![super::lesson(catalog, text)?],
    };
    eprintln!("Running the exercise tests to measure your progress…");
    let width = title_width(catalog);
    for lesson in lessons {
        let progress = measure_lesson_cached(root, lesson)?;
        println!("\n{}", lesson_line(&progress, width));
        match &progress.state {
            LessonState::Coming => {}
            LessonState::BuildFailed(_) => {
                println!(
                    "  the lesson does not compile: `cargo test -p {}` shows why",
                    lesson.package()
                );
            }
            LessonState::Measured(exercises) => {
                for exercise in exercises {
                    let mark = if exercise.is_done() {
                        "done   "
                    } else {
                        "pending"
                    };
                    println!(
                        "  {mark}  {:<5} {}",
                        exercise.exercise.id, exercise.exercise.title
                    );
                }
            }
        }
    }
    Ok(())
}

pub fn next(root: &Path, catalog: &Catalog) -> anyhow::Result<()> {
    let progress = measure(root, catalog)?;
    print_next(&progress);
    Ok(())
}

/// One more of the exercise's hints, after the ones already shown.
pub fn hint(root: &Path, catalog: &Catalog, id: &str) -> anyhow::Result<()> {
    let Some((_, exercise)) = catalog.exercise(id) else {
        bail!("there is no exercise {id}; `cargo course list` shows them");
    };
    let shown = course::hints::reveal(root, exercise)?;
    let total = exercise.hints.len();
    println!("exercise {} ({})", exercise.id, exercise.title);
    for (level, text) in shown.iter().enumerate() {
        println!("\nhint {} of {total}:\n{}", level + 1, text.trim());
    }
    if shown.len() < total {
        println!(
            "\nStill stuck? `cargo course hint {id}` again shows the next one ({} left).",
            total - shown.len()
        );
    } else {
        println!("\nThat is the last hint. The book's section: `cargo course book {id}`.");
    }
    Ok(())
}

fn measure<'a>(root: &Path, catalog: &'a Catalog) -> anyhow::Result<Vec<LessonProgress<'a>>> {
    eprintln!("Measuring your progress (the first run compiles the lessons)…");
    measure_course(root, catalog)
}

/// The next exercise, in the lesson the learner is working on: the last lesson begun (some
/// exercises done, some not), since each lesson builds on the previous lessons' solutions and can
/// be started on its own; before any is begun, the first lesson with one pending.
pub fn next_exercise<'a, 'b>(
    progress: &'b [LessonProgress<'a>],
) -> Option<(&'b LessonProgress<'a>, &'b Exercise)> {
    let begun = progress
        .iter()
        .rev()
        .find(|lesson| lesson.counts().0 > 0 && lesson.next().is_some());
    begun
        .into_iter()
        .chain(progress)
        .find_map(|lesson| Some((lesson, lesson.next()?)))
}

fn print_next(progress: &[LessonProgress]) {
    let Some((lesson, exercise)) = next_exercise(progress) else {
        println!("Every exercise written so far is done. Well done!");
        return;
    };
    if let LessonState::BuildFailed(errors) = &lesson.state {
        println!(
            "Lesson {} does not compile; fix this first:\n\n{errors}\n",
            lesson.lesson.number
        );
    }
    print_exercise(lesson.lesson, exercise);
}

pub fn print_exercise(lesson: &Lesson, exercise: &Exercise) {
    let files: Vec<String> = exercise
        .files
        .iter()
        .map(|file| {
            lesson
                .starter_dir(Path::new(""))
                .join(file)
                .display()
                .to_string()
        })
        .collect();
    println!("Next: exercise {}  {}", exercise.id, exercise.title);
    println!("  edit:  {}", files.join(", "));
    println!(
        "  test:  cargo test -p {} {}",
        lesson.package(),
        exercise.key()
    );
    println!("  read:  cargo course book {}", exercise.id);
    println!("  hint:  cargo course hint {}", exercise.id);
}

/// The longest lesson title, so that the counts and bars of every lesson line up.
fn title_width(catalog: &Catalog) -> usize {
    catalog
        .lessons
        .iter()
        .map(|lesson| lesson.title.chars().count())
        .max()
        .unwrap_or(0)
}

pub fn lesson_line(progress: &LessonProgress, width: usize) -> String {
    let lesson = progress.lesson;
    let name = format!("{}  {:<width$}", lesson.number, lesson.title);
    match &progress.state {
        LessonState::Coming => format!("{name} coming"),
        LessonState::BuildFailed(_) => format!("{name} does not compile"),
        LessonState::Measured(_) => {
            let (done, total) = progress.counts();
            format!("{name} {:>2}/{total}  {}", done, bar(done, total))
        }
    }
}

fn bar(done: usize, total: usize) -> String {
    const WIDTH: usize = 20;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(0);
    format!("[{}{}]", "#".repeat(filled), "-".repeat(WIDTH - filled))
}

#[cfg(test)]
mod tests {
    use course::measure::ExerciseProgress;

    use super::*;

    const CATALOG: &str = r#"
[[lesson]]
number = 1
title = "One"
dir = "lesson-1"
chapter = "one.md"
[[lesson.exercise]]
id = "1.1"
title = "a"
files = ["src/a.rs"]
hints = ["nudge", "answer"]
[[lesson.exercise]]
id = "1.2"
title = "b"
files = ["src/b.rs"]
hints = ["nudge", "answer"]

[[lesson]]
number = 2
title = "Two"
dir = "lesson-2"
chapter = "two.md"
[[lesson.exercise]]
id = "2.1"
title = "c"
files = ["src/c.rs"]
hints = ["nudge", "answer"]
[[lesson.exercise]]
id = "2.2"
title = "d"
files = ["src/d.rs"]
hints = ["nudge", "answer"]
"#;

    /// The course with the exercises in `done` passing and every other one failing.
    fn progress<'a>(catalog: &'a Catalog, done: &[&str]) -> Vec<LessonProgress<'a>> {
        catalog
            .lessons
            .iter()
            .map(|lesson| LessonProgress {
                lesson,
                state: LessonState::Measured(
                    lesson
                        .exercises
                        .iter()
                        .map(|exercise| {
                            let test = vec![format!("{}_test", exercise.key())];
                            let passed = done.contains(&exercise.id.as_str());
                            ExerciseProgress {
                                exercise,
                                passed: if passed { test.clone() } else { vec![] },
                                failed: if passed { vec![] } else { test },
                            }
                        })
                        .collect(),
                ),
            })
            .collect()
    }

    fn next_id(catalog: &Catalog, done: &[&str]) -> Option<String> {
        let progress = progress(catalog, done);
        next_exercise(&progress).map(|(_, exercise)| exercise.id.clone())
    }

    #[test]
    fn next_follows_the_lesson_being_worked_on() {
        let catalog = Catalog::parse(CATALOG).expect("a valid catalog");
        assert_eq!(next_id(&catalog, &[]).as_deref(), Some("1.1"));
        assert_eq!(next_id(&catalog, &["1.1"]).as_deref(), Some("1.2"));
        assert_eq!(
            next_id(&catalog, &["1.1", "2.1"]).as_deref(),
            Some("2.2"),
            "lesson 2 is begun: its next exercise, not lesson 1's"
        );
        assert_eq!(
            next_id(&catalog, &["1.1", "2.1", "2.2"]).as_deref(),
            Some("1.2"),
            "lesson 2 is finished: back to what is left"
        );
        assert_eq!(next_id(&catalog, &["1.1", "1.2", "2.1", "2.2"]), None);
    }
}
