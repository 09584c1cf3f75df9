//! `cargo course`, `list`, `next`, `hint`: progress measured by running the tests (and cached
//! while nothing changes), and what to do next.

use std::path::Path;

use anyhow::bail;
use course::progress::{LessonProgress, LessonState, measure_course, measure_lesson_cached};
use course::{Catalog, Exercise, Lesson};

pub fn status(root: &Path, catalog: &Catalog) -> anyhow::Result<()> {
    let progress = measure(root, catalog)?;
    println!("\nAxum Web Services in Production\n");
    for lesson in &progress {
        println!("  {}", lesson_line(lesson));
    }
    println!();
    print_next(&progress);
    Ok(())
}

pub fn list(root: &Path, catalog: &Catalog, lesson: Option<&str>) -> anyhow::Result<()> {
    let lessons: Vec<&Lesson> = match lesson {
        None => catalog.lessons.iter().collect(),
        Some(text) => match text
            .trim_start_matches("lesson-")
            .parse()
            .ok()
            .and_then(|n| catalog.lesson(n))
        {
            Some(lesson) => vec![lesson],
            None => bail!(
                "there is no lesson {text}; lessons are numbered 1 to {}",
                catalog.lessons.len()
            ),
        },
    };
    eprintln!("Running the exercise tests to measure your progress…");
    for lesson in lessons {
        let progress = measure_lesson_cached(root, lesson)?;
        println!("\n{}", lesson_line(&progress));
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

pub fn hint(catalog: &Catalog, id: &str) -> anyhow::Result<()> {
    let Some((lesson, exercise)) = catalog.exercise(id) else {
        bail!("there is no exercise {id}; `cargo course list` shows them");
    };
    println!(
        "exercise {} ({})\n\n{}\n",
        exercise.id,
        exercise.title,
        exercise.hint.trim()
    );
    println!("read: mdbook/src/{}", exercise.book_section(lesson));
    Ok(())
}

fn measure<'a>(root: &Path, catalog: &'a Catalog) -> anyhow::Result<Vec<LessonProgress<'a>>> {
    eprintln!("Measuring your progress (the first run compiles the lessons)…");
    measure_course(root, catalog)
}

/// The next exercise, from the first lesson that has one pending.
pub fn next_exercise<'a, 'b>(
    progress: &'b [LessonProgress<'a>],
) -> Option<(&'b LessonProgress<'a>, &'b Exercise)> {
    progress
        .iter()
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
    println!("  read:  mdbook/src/{}", exercise.book_section(lesson));
    println!("  hint:  cargo course hint {}", exercise.id);
}

pub fn lesson_line(progress: &LessonProgress) -> String {
    let lesson = progress.lesson;
    let name = format!("{}  {:<42}", lesson.number, lesson.title);
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
